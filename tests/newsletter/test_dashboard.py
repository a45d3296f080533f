"""The editors' dashboard panel: confirmed subscribers over time, by status and source."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone, translation
from django.utils.formats import date_format

from campaign.newsletter.models import Subscriber
from campaign.staff import EDITORS
from tests.dashboard import (
    admin_index,
    chart_numbers,
    dashboard_in,
    figures,
    row_cells,
    staff_member,
)
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

EASTERN = ZoneInfo("America/New_York")
SOURCES = Subscriber.Source


def _at(moment: str) -> datetime:
    return datetime.fromisoformat(moment).astimezone(UTC)


def _subscriber(source: str, *, confirmed: str = "", unsubscribed: str = "") -> Subscriber:
    status = Subscriber.Status.PENDING
    if confirmed:
        status = Subscriber.Status.CONFIRMED
    # Left after their confirmation, or came back and confirmed again.
    if unsubscribed and (not confirmed or _at(unsubscribed) > _at(confirmed)):
        status = Subscriber.Status.UNSUBSCRIBED
    return SubscriberFactory(
        source=source,
        status=status,
        confirmed_at=_at(confirmed) if confirmed else None,
        unsubscribed_at=_at(unsubscribed) if unsubscribed else None,
    )


def _confirmed_at_end_of(day: date, subscribers: list[Subscriber]) -> int:
    """Counted from the rows themselves, a day at a time in Eastern Time."""

    def local_day(moment: datetime | None) -> date | None:
        return timezone.localtime(moment).date() if moment else None

    return sum(
        1
        for subscriber in subscribers
        if subscriber.confirmed_at
        and local_day(subscriber.confirmed_at) <= day
        and not (
            subscriber.unsubscribed_at
            and subscriber.unsubscribed_at >= subscriber.confirmed_at
            and local_day(subscriber.unsubscribed_at) <= day
        )
    )


@pytest.mark.parametrize(
    ("language", "rate", "unsubscribed", "days"),
    [
        ("en", "71%", "2 (1 in the last 60 days)", ("October 31", "November 1", "November 2")),
        (
            "es",
            "71%",
            "2 (1 en los últimos 60 días)",
            ("31 de octubre", "1 de noviembre", "2 de noviembre"),
        ),
    ],
)
def test_confirmed_subscribers_split_at_eastern_midnight_across_the_dst_change(
    language, rate, unsubscribed, days
):
    with time_machine.travel(datetime(2026, 11, 10, 12, tzinfo=EASTERN), tick=False):
        subscribers = [
            # Confirmed at 23:30 EDT on 31 October, 00:30 EDT and 01:30 EST on 1 November.
            _subscriber(SOURCES.HOME_PAGE, confirmed="2026-11-01T03:30Z"),
            _subscriber(SOURCES.HOME_PAGE, confirmed="2026-11-01T04:30Z"),
            _subscriber(SOURCES.WEBINAR_REGISTRATION, confirmed="2026-11-01T06:30Z"),
            # Confirmed in October, left at 23:30 EST on 1 November.
            _subscriber(
                SOURCES.NEWSLETTER_PAGE,
                confirmed="2026-10-20T12:00Z",
                unsubscribed="2026-11-02T04:30Z",
            ),
            # Left long ago, came back and confirmed again on 2 November.
            _subscriber(
                SOURCES.NEWSLETTER_PAGE,
                confirmed="2026-11-02T15:00Z",
                unsubscribed="2026-06-01T12:00Z",
            ),
            # Left in the summer without ever confirming; and one still waiting.
            _subscriber(SOURCES.NEWSLETTER_PAGE, unsubscribed="2026-06-01T12:00Z"),
            _subscriber(SOURCES.HOME_PAGE),
        ]
        html = dashboard_in(language, staff_member("editor", group=EDITORS))

    shown = list(figures(html, "newsletter").values())
    assert shown == ["4", "1", rate, unsubscribed]
    assert Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).count() == 4
    over_time = chart_numbers(html, "newsletter-confirmed")
    assert len(over_time) == 60
    october_31, november_1, november_2 = days
    assert over_time[october_31] == 2  # the October one, and 23:30 EDT
    assert over_time[november_1] == 3  # 00:30 EDT, 01:30 EST; 23:30 EST's leave
    assert over_time[november_2] == 4
    assert list(over_time.values())[-1] == 4
    with translation.override(language):
        for day in (date(2026, 10, 20) + timedelta(days=n) for n in range(21)):
            label = date_format(day, "MONTH_DAY_FORMAT")
            assert over_time[label] == _confirmed_at_end_of(day, subscribers), label
    # By source: signups, confirmed, waiting, unsubscribed, confirmation rate.
    with translation.override(language):
        assert row_cells(html, SOURCES.HOME_PAGE.label) == ["3", "2", "1", "0", "67%"]
        assert row_cells(html, SOURCES.NEWSLETTER_PAGE.label) == ["3", "1", "0", "2", "67%"]
        assert row_cells(html, SOURCES.WEBINAR_REGISTRATION.label) == ["1", "1", "0", "0", "100%"]


def test_the_panel_with_no_subscribers():
    html = admin_index(staff_member("editor", group=EDITORS))
    assert figures(html, "newsletter")["Confirmation rate"] == "no signups yet"
    assert "No signups yet." in html
