from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    name = "campaign"
    verbose_name = _("Campaign content")

    def ready(self) -> None:
        from campaign.models import Page, Pillar  # noqa: PLC0415
        from forus.pagecache import invalidate_public_pages_on_change  # noqa: PLC0415

        invalidate_public_pages_on_change(Pillar, Page)
