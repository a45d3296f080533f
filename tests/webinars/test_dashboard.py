"""The event coordinators' dashboard panel: seats, waitlist, registrations per day and source."""

from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone, translation
from django.utils.formats import date_format

from tests.dashboard import admin_index, chart_numbers, dashboard_in, figures, staff_member
from tests.webinars.factories import RegistrationFactory, WebinarFactory, register
from webinars.models import AccommodationRequest, Registration, Webinar
from webinars.staff import EVENT_COORDINATORS

pytestmark = pytest.mark.django_db

EASTERN = ZoneInfo("America/New_York")
# Clocks in New York fall back at 02:00 EDT on 1 November 2026 (06:00 UTC):
# 01:00–02:00 happens twice that night.
REGISTERED_AT = [
    ("2026-10-31T20:00Z", "registered", "newsletter"),  # 16:00 EDT, 31 October
    ("2026-11-01T03:30Z", "registered", "newsletter"),  # 23:30 EDT, 31 October
    ("2026-11-01T04:30Z", "registered", ""),  # 00:30 EDT, 1 November
    ("2026-11-01T05:30Z", "waitlisted", "flyer"),  # 01:30 EDT, the first time
    ("2026-11-01T06:30Z", "waitlisted", "newsletter"),  # 01:30 EST, the second time
    ("2026-11-02T04:30Z", "cancelled", ""),  # 23:30 EST, 1 November
]


@pytest.fixture
def frozen_after_the_change():
    with time_machine.travel(datetime(2026, 11, 10, 12, tzinfo=EASTERN), tick=False):
        yield


def _registered(webinar: Webinar, at: str, status: str, source: str) -> None:
    registration = RegistrationFactory(webinar=webinar, status=status, source=source)
    Registration.objects.filter(pk=registration.pk).update(
        created_at=datetime.fromisoformat(at).astimezone(UTC)
    )


@pytest.mark.usefixtures("frozen_after_the_change")
@pytest.mark.parametrize(
    ("language", "seats", "days"),
    [
        ("en", "3 of 10", ("October 31", "November 1", "November 2")),
        ("es", "3 de 10", ("31 de octubre", "1 de noviembre", "2 de noviembre")),
    ],
)
def test_registrations_per_day_split_at_eastern_midnight_across_the_dst_change(
    language, seats, days
):
    webinar = WebinarFactory(
        title="Health justice in training",
        capacity=10,
        starts_at=datetime(2026, 11, 20, 13, tzinfo=EASTERN),
        ends_at=datetime(2026, 11, 20, 14, tzinfo=EASTERN),
    )
    for at, status, source in REGISTERED_AT:
        _registered(webinar, at, status, source)
    # A past webinar's and a draft's registrations are not on the dashboard.
    past = WebinarFactory(starts_at=datetime(2026, 11, 9, 13, tzinfo=EASTERN))
    _registered(past, "2026-11-01T05:30Z", "registered", "newsletter")
    WebinarFactory(status=Webinar.Status.DRAFT)

    html = dashboard_in(language, staff_member("coordinator", group=EVENT_COORDINATORS))

    assert html.count('class="dashboard-item"') == 1
    shown = figures(html, "webinars")
    assert list(shown.values()) == [seats, "2", "6"]
    per_day = chart_numbers(html, f"webinar-{webinar.pk}-per-day")
    october_31, november_1, november_2 = days
    assert {day: per_day[day] for day in days} == {october_31: 2, november_1: 4, november_2: 0}
    # Every day from the first registration to today, and the same counts as
    # the rows' own dates in Eastern Time.
    assert len(per_day) == 11
    with translation.override(language):
        from_rows = Counter(
            date_format(timezone.localtime(created_at).date(), "MONTH_DAY_FORMAT")
            for created_at in webinar.registrations.values_list("created_at", flat=True)
        )
    assert {day: count for day, count in per_day.items() if count} == from_rows
    assert 'role="img" aria-labelledby="webinar-' in html
    assert "<code>newsletter</code></th><td>3</td>" in html
    assert "<code>flyer</code></th><td>1</td>" in html
    assert html.count("</th><td>2</td></tr>") >= 1  # no source code: two


def test_a_webinar_without_registrations_or_seat_limit_says_so():
    WebinarFactory(capacity=None)
    html = admin_index(staff_member("coordinator", group=EVENT_COORDINATORS))
    assert figures(html, "webinars")["Seats taken"] == "0 (no seat limit)"
    assert "No registrations yet." in html
    assert "-per-day-title" not in html


def test_no_upcoming_webinar():
    html = admin_index(staff_member("coordinator", group=EVENT_COORDINATORS))
    assert "No published webinar is coming up." in html


def test_open_accommodation_requests_are_listed_by_due_date_for_coordinators():
    coordinator = staff_member("coordinator", group=EVENT_COORDINATORS)
    later = WebinarFactory(title="Later webinar", starts_at=timezone.now() + timedelta(days=30))
    sooner = WebinarFactory(title="Sooner webinar", starts_at=timezone.now() + timedelta(days=9))
    for webinar, needs in ((later, ["asl"]), (sooner, ["captions"])):
        register(webinar, email=f"{webinar.slug}@example.org", accommodation_needs=needs)
    arranged = register(later, email="done@example.org", accommodation_needs=["captions"])
    AccommodationRequest.objects.filter(registration=arranged.registration).update(
        status=AccommodationRequest.Status.ARRANGED
    )

    html = dashboard_in("en", coordinator)
    panel = html[html.index('id="dashboard-accommodations"') :]
    panel = panel[: panel.index("</section>")]
    assert "2 open requests, soonest due first" in panel
    assert panel.index("Sooner webinar") < panel.index("Later webinar")
    assert "Live captions" in panel
    assert "ASL (American Sign Language) interpretation" in panel
    # An editor has no accommodation work: no panel.
    editor = staff_member("editor", group="Editors")
    assert "dashboard-accommodations" not in dashboard_in("en", editor)
