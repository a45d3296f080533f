from django.urls import reverse

from campaign.models import Pillar
from forus.sitemaps import SiteSitemap


class CampaignPagesSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self) -> list[str]:
        return [
            "campaign:home",
            "campaign:introduction",
            "campaign:about",
            "campaign:pillar_list",
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


sitemaps = {"pages": CampaignPagesSitemap, "pillars": PillarSitemap}
