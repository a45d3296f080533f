"""The admin index's dashboard: who sees which panel, and what it costs with many rows."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaign.newsletter.models import Subscriber
from campaign.staff import EDITORS
from champions.staff import MODERATORS
from forus.dashboard import Panel, month_starts, panels_for
from forus.outbox.models import OutboundEmail
from tests.champions.factories import NominationFactory, SpotlightFactory
from tests.dashboard import admin_index, panel_keys, signed_in, staff_member
from tests.webinars.factories import WebinarFactory
from webinars.models import Registration
from webinars.staff import EVENT_COORDINATORS

pytestmark = pytest.mark.django_db

ALL_PANELS = {"webinars", "accommodations", "newsletter", "nominations", "email"}


@pytest.mark.parametrize(
    ("group", "panels"),
    [
        (EDITORS, {"newsletter"}),
        (EVENT_COORDINATORS, {"webinars", "accommodations"}),
        (MODERATORS, {"nominations"}),
    ],
)
def test_each_group_sees_only_its_panels(group, panels):
    html = admin_index(staff_member("member", group=group))
    assert panel_keys(html) == panels
    # The app list is still there below the dashboard.
    assert 'id="content-main"' in html


def test_a_superuser_sees_every_panel_and_a_staff_member_without_a_group_none():
    assert panel_keys(admin_index(staff_member("admin", superuser=True))) == ALL_PANELS
    html = admin_index(staff_member("newcomer"))
    assert panel_keys(html) == set()
    assert "dashboard-panels" not in html


def test_panels_are_for_active_staff_only():
    user = staff_member("former", superuser=True)
    assert {panel.key for panel in panels_for(user)} == ALL_PANELS
    user.is_staff = False
    assert panels_for(user) == []
    assert panels_for(AnonymousUser()) == []


def test_panels_come_in_their_order():
    keys = [panel.key for panel in panels_for(staff_member("admin", superuser=True))]
    assert keys == ["webinars", "accommodations", "newsletter", "nominations", "email"]
    assert all(
        isinstance(panel, Panel) for panel in panels_for(staff_member("a2", superuser=True))
    )


def test_month_starts_cross_the_new_year():
    assert [
        str(day) for day in month_starts(last=timezone.datetime(2026, 2, 14).date(), months=3)
    ] == [
        "2025-12-01",
        "2026-01-01",
        "2026-02-01",
    ]


def _seed(rows: int) -> None:
    """`rows` registrations and subscribers, spread over 90 days, sources and statuses."""
    now = timezone.now()
    webinars = [
        WebinarFactory(capacity=rows, starts_at=now + timedelta(days=10 + n)) for n in range(3)
    ]
    statuses = [
        Registration.Status.REGISTERED,
        Registration.Status.WAITLISTED,
        Registration.Status.CANCELLED,
    ]
    registrations = Registration.objects.bulk_create(
        Registration(
            webinar=webinars[number % 3],
            first_name="Ana",
            last_name="Reader",
            email=f"registrant{number}@example.org",
            role=Registration.Role.STUDENT,
            status=statuses[number % 3],
            language="en",
            source=f"source-{number % 7}" if number % 5 else "",
        )
        for number in range(rows)
    )
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(
            email=f"reader{number}@example.org",
            source=Subscriber.Source.values[number % 3],
            language="en",
            consent_wording="I agree.",
            consented_at=now,
            **(
                {"status": Subscriber.Status.CONFIRMED, "confirmed_at": now - timedelta(days=3)}
                if number % 2
                else {}
            ),
        )
        for number in range(rows)
    )
    # created_at is set on insert: spread the rows over the last 90 days.
    for rows_made in (registrations, subscribers):
        model = type(rows_made[0])
        for days in range(90):
            model.objects.filter(pk__in=[row.pk for row in rows_made[days::90]]).update(
                created_at=now - timedelta(days=days, hours=days % 24)
            )
    for number in range(5):
        NominationFactory()
        SpotlightFactory(published_at=now - timedelta(days=30 * number))
    OutboundEmail.objects.bulk_create(
        OutboundEmail(
            to=f"r{number}@example.org",
            subject="A subject",
            body_text="Text",
            body_html="<p>HTML</p>",
            template="check",
            message_id=f"<{rows}-{number}@example.org>",
            status=OutboundEmail.Status.values[number % 4],
        )
        for number in range(rows // 10)
    )


def _index_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        admin_index(client)
    return len(queries)


def test_the_dashboard_costs_the_same_queries_with_10_or_10000_rows(
    django_assert_max_num_queries,
):
    admin = signed_in(staff_member("admin", superuser=True))
    _seed(10)
    few = _index_queries(admin)
    Registration.objects.all().delete()
    Subscriber.objects.all().delete()
    _seed(10_000)
    assert Registration.objects.count() == 10_000
    assert Subscriber.objects.count() == 10_000
    with django_assert_max_num_queries(few):
        html = admin_index(admin)
    assert panel_keys(html) == ALL_PANELS
    assert _index_queries(admin) == few
    # Three queries each for webinars, newsletter and nominations, two for
    # accommodation requests, one for email; the rest is admin's own
    # (session, user, recent actions, and whether the organisation's details
    # may still be added, asked twice by the app list).
    assert few <= 17
