"""The outbox's panel on the admin index, for superusers: how email went this week."""

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forus.dashboard import Panel, panel_register, superusers_only
from forus.outbox.models import OutboundEmail

DAYS_SHOWN = 7


def bounced_since(*, since: datetime) -> int | None:
    """Emails the mail provider reported as bounced since then; None: nothing reports bounces.

    The hook for delivery feedback (the mail provider's webhooks): until the
    outbox records bounces, the panel says they are not reported. Replace
    this with the count once it does.
    """
    return None


def email_numbers(*, now: datetime) -> dict[str, Any]:
    """Emails queued in the last days: sent, waiting, failed (one query, and the bounce hook)."""
    since = now - timedelta(days=DAYS_SHOWN)
    statuses = OutboundEmail.Status
    counts = OutboundEmail.objects.filter(created_at__gte=since).aggregate(
        sent=Count("pk", filter=Q(status=statuses.SENT)),
        waiting=Count("pk", filter=Q(status__in=[statuses.PENDING, statuses.SENDING])),
        failed=Count("pk", filter=Q(status=statuses.FAILED)),
    )
    return {
        **counts,
        "bounced": bounced_since(since=since),
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
