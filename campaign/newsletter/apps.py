from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "campaign.newsletter"
    label = "newsletter"
    verbose_name = _("Newsletter")
    # Who may read the emails this app queues, in the outbox's admin.
    outbox_read_permission = "newsletter.view_subscriber"

    def ready(self) -> None:
        from campaign.newsletter import receivers  # noqa: PLC0415
        from campaign.newsletter.people import PERSON_DATA  # noqa: PLC0415
        from forus.outbox.signals import (  # noqa: PLC0415
            address_suppressed,
            address_suppression_lifted,
        )
        from forus.people.registry import person_data_register  # noqa: PLC0415

        address_suppressed.connect(receivers.address_suppressed, dispatch_uid="newsletter")
        address_suppression_lifted.connect(
            receivers.address_suppression_lifted, dispatch_uid="newsletter"
        )
        person_data_register(PERSON_DATA)
