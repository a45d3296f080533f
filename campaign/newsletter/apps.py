from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "campaign.newsletter"
    label = "newsletter"
    verbose_name = _("Newsletter")
    # Who may read the emails this app queues, in the outbox's admin.
    outbox_read_permission = "newsletter.view_subscriber"
