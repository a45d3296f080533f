"""The outbox's panel on the admin index, for superusers: how email went this week."""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forus.dashboard import Panel, panel_register, superusers_only
from forus.outbox.models import OutboundEmail

DAYS_SHOWN = 7


def email_numbers(*, now: datetime) -> dict[str, Any]:
    """Emails queued in the last days: sent, waiting, failed, bounced, marked as spam and
    held back for a suppressed address (one query).
    """
    since = now - timedelta(days=DAYS_SHOWN)
    statuses = OutboundEmail.Status
    reports = OutboundEmail.Report
    counts = OutboundEmail.objects.filter(created_at__gte=since).aggregate(
        sent=Count("pk", filter=Q(status=statuses.SENT)),
        waiting=Count("pk", filter=Q(status__in=[statuses.PENDING, statuses.SENDING])),
        failed=Count("pk", filter=Q(status=statuses.FAILED)),
        # What the mail provider reported back (delivery feedback), and the
        # emails held back because their address is suppressed.
        bounced=Count("pk", filter=Q(report=reports.BOUNCED)),
        complained=Count("pk", filter=Q(report=reports.COMPLAINED)),
        suppressed=Count("pk", filter=Q(status=statuses.SUPPRESSED)),
    )
    return {
        **counts,
        "feedback_configured": bool(settings.MAIL_PROVIDER_WEBHOOK),
        "days_shown": DAYS_SHOWN,
        "failures_url": reverse("admin:outbox_outboundemail_changelist")
        + f"?status__exact={statuses.FAILED}",
    }


panel_register(
    Panel(
        key="email",
        title=_("Email"),
        template="admin/outbox/dashboard.html",
        shown_to=superusers_only,
        numbers=email_numbers,
        order=90,
    )
)
