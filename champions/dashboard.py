"""The moderators' panel on the admin index: nominations waiting, spotlights published."""

from datetime import datetime, time
from typing import Any

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from champions.models import Nomination, NominationStatusChange, Spotlight
from forus.charts import bar_chart
from forus.dashboard import Panel, local_today, month_starts, panel_register, with_permission

OLDEST_SHOWN = 10
MONTHS_SHOWN = 12


def waiting_nominations() -> QuerySet[Nomination]:
    """Nominations someone must act on, with `waiting_since`: when they reached their status.

    Submitted and in review wait for a moderator; approved ones wait until
    their spotlight is published.
    """
    entered = (
        NominationStatusChange.objects.filter(
            nomination=OuterRef("pk"), to_status=OuterRef("status")
        )
        .order_by("-changed_at")
        .values("changed_at")[:1]
    )
    statuses = Nomination.Status
    return Nomination.objects.filter(
        Q(status__in=[statuses.SUBMITTED, statuses.IN_REVIEW])
        | (Q(status=statuses.APPROVED) & ~Q(spotlight__status=Spotlight.Status.PUBLISHED))
    ).annotate(waiting_since=Coalesce(Subquery(entered), "created_at"))


def nominations_numbers(*, now: datetime) -> dict[str, Any]:
    """How many nominations wait in each status and since when, and spotlights per month.

    Three queries, however many nominations there are.
    """
    waiting = waiting_nominations()
    by_status = {
        row["status"]: row
        for row in waiting.order_by()
        .values("status")
        .annotate(count=Count("pk"), oldest=Min("waiting_since"))
    }
    states = [
        {
            "label": label,
            "count": by_status.get(status, {}).get("count", 0),
            "oldest_days": (
                (now - by_status[status]["oldest"]).days if status in by_status else None
            ),
        }
        for status, label in (
            (Nomination.Status.SUBMITTED, gettext("Submitted, not yet read")),
            (Nomination.Status.IN_REVIEW, gettext("In review")),
            (Nomination.Status.APPROVED, gettext("Approved, spotlight not yet published")),
        )
    ]
    oldest = [
        {"nomination": nomination, "days": (now - nomination.waiting_since).days}
        for nomination in waiting.order_by("waiting_since", "pk").only(
            "pk", "nominee_name", "status", "created_at"
        )[:OLDEST_SHOWN]
    ]

    months = month_starts(last=local_today(now=now), months=MONTHS_SHOWN)
    first_month = timezone.make_aware(datetime.combine(months[0], time()))
    published = dict(
        Spotlight.objects.filter(status=Spotlight.Status.PUBLISHED, published_at__gte=first_month)
        .annotate(month=TruncMonth("published_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values_list("month")
        .annotate(count=Count("pk"))
    )
    published = {month.date(): count for month, count in published.items()}
    return {
        "states": states,
        "oldest": oldest,
        "oldest_shown": OLDEST_SHOWN,
        "published_per_month": bar_chart(
            chart_id="spotlights-per-month",
            title=gettext("Spotlights published per month"),
            points=[
                (date_format(month, "YEAR_MONTH_FORMAT"), published.get(month, 0))
                for month in months
            ],
            label_heading=gettext("Month"),
            value_heading=gettext("Spotlights published"),
        ),
    }


panel_register(
    Panel(
        key="nominations",
        title=_("Champion nominations"),
        template="admin/champions/dashboard.html",
        shown_to=with_permission("champions.view_nomination"),
        numbers=nominations_numbers,
        order=30,
    )
)
