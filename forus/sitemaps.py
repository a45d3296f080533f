from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from campaign.models import Pillar
from champions.models import Spotlight
from webinars.models import Webinar


class SiteSitemap(Sitemap):
    """Both languages, with alternates, on the scheme of SITE_URL."""

    i18n = True
    alternates = True
    x_default = True
    protocol = urlsplit(settings.SITE_URL).scheme or "https"


class CampaignPagesSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self) -> list[str]:
        return [
            "campaign:home",
            "campaign:introduction",
            "campaign:about",
            "campaign:pillar_list",
            "newsletter:signup",
            "campaign:privacy",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class PillarSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return Pillar.objects.order_by("number")

    def lastmod(self, pillar: Pillar):
        return pillar.updated_at


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


class ChampionPagesSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return ["champions:spotlight_list", "champions:nominate"]

    def location(self, item: str) -> str:
        return reverse(item)


class SpotlightSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return Spotlight.objects.published()

    def lastmod(self, spotlight: Spotlight):
        return spotlight.updated_at


sitemaps = {
    "pages": CampaignPagesSitemap,
    "pillars": PillarSitemap,
    "webinars": WebinarSitemap,
    "champion-pages": ChampionPagesSitemap,
    "spotlights": SpotlightSitemap,
}
