"""The editors' panel on the admin index: how the newsletter's list grows."""

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaign.newsletter.models import Subscriber
from forus.charts import line_chart
from forus.dashboard import Panel, days_between, local_today, panel_register, with_permission

# The chart of confirmed subscribers covers this many days, ending today.
DAYS_SHOWN = 60


def _rate(part: int, whole: int) -> int | None:
    """A whole percentage, or None when there is nothing to divide."""
    return round(100 * part / whole) if whole else None


def newsletter_numbers(*, now: datetime) -> dict[str, Any]:
    """Subscribers by status and source, and confirmed subscribers day by day.

    Three queries, however many subscribers there are. A subscriber counts as
    confirmed on a day from the day they confirmed until the day they left
    (a leave before their latest confirmation is an earlier stay's).
    """
    statuses = Subscriber.Status
    sources = list(
        Subscriber.objects.order_by("source")
        .values("source")
        .annotate(
            signups=Count("pk"),
            pending=Count("pk", filter=Q(status=statuses.PENDING)),
            confirmed=Count("pk", filter=Q(status=statuses.CONFIRMED)),
            unsubscribed=Count("pk", filter=Q(status=statuses.UNSUBSCRIBED)),
            ever_confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
        )
    )
    zone = timezone.get_current_timezone()
    confirmations = dict(
        Subscriber.objects.filter(confirmed_at__isnull=False)
        .annotate(day=TruncDate("confirmed_at", tzinfo=zone))
        .order_by()
        .values_list("day")
        .annotate(count=Count("pk"))
    )
    leaves: dict = {}
    ends_of_stays: dict = {}
    for day, count, ending in (
        Subscriber.objects.filter(unsubscribed_at__isnull=False)
        .annotate(day=TruncDate("unsubscribed_at", tzinfo=zone))
        .order_by()
        .values_list("day")
        .annotate(
            count=Count("pk"),
            ending=Count("pk", filter=Q(confirmed_at__lte=F("unsubscribed_at"))),
        )
    ):
        leaves[day], ends_of_stays[day] = count, ending

    today = local_today(now=now)
    first = today - timedelta(days=DAYS_SHOWN - 1)
    confirmed = sum(count for day, count in confirmations.items() if day < first) - sum(
        count for day, count in ends_of_stays.items() if day < first
    )
    points = []
    for day in days_between(first, today):
        confirmed += confirmations.get(day, 0) - ends_of_stays.get(day, 0)
        points.append((date_format(day, "MONTH_DAY_FORMAT"), confirmed))

    totals = {
        key: sum(source[key] for source in sources)
        for key in ("signups", "pending", "confirmed", "unsubscribed", "ever_confirmed")
    }
    return {
        **totals,
        "confirmation_rate": _rate(totals["ever_confirmed"], totals["signups"]),
        "unsubscribed_recently": sum(
            count for day, count in leaves.items() if first <= day <= today
        ),
        "days_shown": DAYS_SHOWN,
        "sources": [
            {
                **source,
                "label": Subscriber.Source(source["source"]).label,
                "confirmation_rate": _rate(source["ever_confirmed"], source["signups"]),
            }
            for source in sources
        ],
        "confirmed_over_time": line_chart(
            chart_id="newsletter-confirmed",
            title=gettext("Confirmed subscribers at the end of each day"),
            points=points,
            label_heading=gettext("Day"),
            value_heading=gettext("Confirmed subscribers"),
        ),
    }


panel_register(
    Panel(
        key="newsletter",
        title=_("Health Advocate Insights newsletter"),
        template="admin/newsletter/dashboard.html",
        shown_to=with_permission("newsletter.view_subscriber"),
        numbers=newsletter_numbers,
        order=20,
    )
)
