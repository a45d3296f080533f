from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    name = "campaign"
    verbose_name = _("Campaign content")
    # Who may read the emails this app queues (contact messages), in the outbox's admin.
    outbox_read_permission = "campaign.view_contactmessage"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save  # noqa: PLC0415

        from campaign.models import OrganisationDetails, Page, Pillar, WayToAct  # noqa: PLC0415
        from campaign.selectors import organisation_details_forget  # noqa: PLC0415
        from forus.pagecache import invalidate_public_pages_on_change  # noqa: PLC0415

        invalidate_public_pages_on_change(Pillar, Page, WayToAct, OrganisationDetails)
        for signal in (post_save, post_delete):
            signal.connect(organisation_details_forget, sender=OrganisationDetails, weak=False)
