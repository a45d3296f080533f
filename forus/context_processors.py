from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    """The absolute base URL, for canonical links and social cards."""
    return {"site_url": settings.SITE_URL}
