from django.urls import reverse

from forus.sitemaps import SiteSitemap
from webinars.models import Webinar


class WebinarSitemap(SiteSitemap):
    """The list of webinars first, then every published webinar's page."""

    changefreq = "weekly"

    def items(self) -> list:
        return [
            "webinars:webinar_list",
            *Webinar.objects.filter(status=Webinar.Status.PUBLISHED).order_by("-starts_at"),
        ]

    def location(self, item: str | Webinar) -> str:
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()

    def lastmod(self, item: str | Webinar):
        return None if isinstance(item, str) else item.updated_at


sitemaps = {"webinars": WebinarSitemap}
