from django.urls import reverse

from champions.models import Spotlight
from forus.sitemaps import SiteSitemap


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


sitemaps = {"champion-pages": ChampionPagesSitemap, "spotlights": SpotlightSitemap}
