from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """Every email the site sends: written in the sender's transaction, sent by Celery."""

    name = "forus.outbox"
    label = "outbox"
    verbose_name = _("Email outbox")
