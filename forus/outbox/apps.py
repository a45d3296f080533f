from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """Every email the site sends: written in the sender's transaction, sent by Celery."""

    name = "forus.outbox"
    label = "outbox"
    verbose_name = _("Email outbox")

    def ready(self) -> None:
        from anymail.signals import tracking  # noqa: PLC0415

        from forus.outbox.people import PERSON_DATA  # noqa: PLC0415
        from forus.outbox.webhooks import tracking_report_received  # noqa: PLC0415
        from forus.people.registry import person_data_register  # noqa: PLC0415

        tracking.connect(tracking_report_received, dispatch_uid="outbox-tracking-report")
        person_data_register(PERSON_DATA)
