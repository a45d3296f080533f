from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "campaign.newsletter"
    label = "newsletter"
    verbose_name = _("Newsletter")
    # Who may read the emails this app queues, in the outbox's admin.
    outbox_read_permission = "newsletter.view_subscriber"

    def ready(self) -> None:
        from campaign.newsletter.people import PERSON_DATA  # noqa: PLC0415
        from forus.people.registry import person_data_register  # noqa: PLC0415

        person_data_register(PERSON_DATA)
