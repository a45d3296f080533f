"""The event coordinators' panel on the admin index: the upcoming webinars' registrations."""

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forus.charts import bar_chart
from forus.dashboard import Panel, days_between, local_today, panel_register, with_permission
from webinars import selectors
from webinars.models import Registration, Webinar

UPCOMING_SHOWN = 5
# A chart shows at most this many days, the latest ones.
DAYS_SHOWN = 60


def upcoming_webinars_numbers(*, now: datetime) -> dict[str, Any]:
    """The next webinars with seats, waitlist, registrations per day and per source.

    Three queries, however many registrations there are.
    """
    webinars = list(
        Webinar.objects.filter(status=Webinar.Status.PUBLISHED, starts_at__gt=now)
        .with_registration_counts()
        .order_by("starts_at", "pk")[:UPCOMING_SHOWN]
    )
    registrations = Registration.objects.filter(webinar__in=[w.pk for w in webinars]).order_by()
    zone = timezone.get_current_timezone()
    per_day: dict[int, dict] = {webinar.pk: {} for webinar in webinars}
    by_source: dict[int, list[tuple[str, int]]] = {webinar.pk: [] for webinar in webinars}
    if webinars:
        for webinar_id, day, count in (
            registrations.annotate(day=TruncDate("created_at", tzinfo=zone))
            .values_list("webinar_id", "day")
            .annotate(count=Count("pk"))
        ):
            per_day[webinar_id][day] = count
        for webinar_id, source, count in (
            registrations.values_list("webinar_id", "source")
            .annotate(count=Count("pk"))
            .order_by("webinar_id", "-count", "source")
        ):
            by_source[webinar_id].append((source, count))

    today = local_today(now=now)
    rows = []
    for webinar in webinars:
        days = per_day[webinar.pk]
        chart = None
        if days:
            first = max(min(days), today - timedelta(days=DAYS_SHOWN - 1))
            chart = bar_chart(
                chart_id=f"webinar-{webinar.pk}-per-day",
                title=gettext("Registrations per day: %(title)s") % {"title": webinar.title},
                points=[
                    (date_format(day, "MONTH_DAY_FORMAT"), days.get(day, 0))
                    for day in days_between(first, max(today, *days))
                ],
                label_heading=gettext("Day"),
                value_heading=gettext("Registrations"),
            )
        rows.append(
            {
                "webinar": webinar,
                "seats_left": (
                    max(webinar.capacity - webinar.registered_count, 0)
                    if webinar.capacity is not None
                    else None
                ),
                "total": sum(days.values()),
                "per_day": chart,
                "by_source": by_source[webinar.pk],
            }
        )
    return {"webinars": rows}


ACCOMMODATIONS_SHOWN = 20


def accommodation_requests_numbers(*, now: datetime) -> dict[str, Any]:
    """Open accommodation requests by due date, soonest first (two queries)."""
    requests = selectors.accommodation_requests_open_by_due(now=now)
    return {
        "requests": list(requests[:ACCOMMODATIONS_SHOWN]),
        "total": requests.count(),
        "today": local_today(now=now),
    }


panel_register(
    Panel(
        key="accommodations",
        title=_("Accommodation requests to arrange"),
        template="admin/webinars/dashboard_accommodations.html",
        shown_to=with_permission("webinars.change_accommodationrequest"),
        numbers=accommodation_requests_numbers,
        order=15,
    )
)

panel_register(
    Panel(
        key="webinars",
        title=_("Upcoming webinars"),
        template="admin/webinars/dashboard.html",
        shown_to=with_permission("webinars.view_registration"),
        numbers=upcoming_webinars_numbers,
        order=10,
    )
)
