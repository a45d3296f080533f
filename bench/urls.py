from django.http import HttpRequest, HttpResponse
from django.urls import path

# The site's own error pages too, or a 404 here would be Django's plain one.
from forus.urls import handler400, handler404  # noqa: F401
from forus.urls import urlpatterns as site_urlpatterns


def minimal(request: HttpRequest) -> HttpResponse:
    """The least a Django view can do, through the site's own middleware."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal), *site_urlpatterns]
