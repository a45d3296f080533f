"""The moderators' dashboard panel: nominations waiting, oldest first; spotlights per month."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from champions.models import Nomination, NominationStatusChange, Spotlight
from champions.staff import MODERATORS
from tests.champions.factories import NominationFactory, SpotlightFactory
from tests.dashboard import admin_index, chart_numbers, dashboard_in, row_cells, staff_member

pytestmark = pytest.mark.django_db

EASTERN = ZoneInfo("America/New_York")
STATUS = Nomination.Status


def _at(moment: str) -> datetime:
    return datetime.fromisoformat(moment).astimezone(UTC)


def _nomination(status: str, *, submitted: str, moved: str = "") -> Nomination:
    nomination = NominationFactory(status=status)
    Nomination.objects.filter(pk=nomination.pk).update(created_at=_at(submitted))
    if moved:
        change = NominationStatusChange.objects.create(
            nomination=nomination, from_status=STATUS.SUBMITTED, to_status=status
        )
        NominationStatusChange.objects.filter(pk=change.pk).update(changed_at=_at(moved))
    return nomination


@pytest.mark.parametrize(
    ("language", "states", "months", "days"),
    [
        (
            "en",
            ("Submitted, not yet read", "In review", "Approved, spotlight not yet published"),
            ("October 2026", "November 2026", "September 2026"),
            ("21 days", "5 days", "1 day"),
        ),
        (
            "es",
            ("Enviada, aún sin leer", "En revisión", "Aprobada, perfil aún sin publicar"),
            ("octubre de 2026", "noviembre de 2026", "septiembre de 2026"),
            ("21 días", "5 días", "1 día"),
        ),
    ],
)
def test_waiting_nominations_and_spotlights_per_month(language, states, months, days):
    with time_machine.travel(datetime(2026, 11, 10, 12, tzinfo=EASTERN), tick=False):
        oldest = _nomination(STATUS.SUBMITTED, submitted="2026-10-20T12:00Z")
        _nomination(STATUS.SUBMITTED, submitted="2026-11-08T12:00Z")
        # In review since 5 November, though submitted long before.
        in_review = _nomination(
            STATUS.IN_REVIEW, submitted="2026-09-01T12:00Z", moved="2026-11-05T12:00Z"
        )
        _nomination(STATUS.APPROVED, submitted="2026-09-01T12:00Z", moved="2026-11-09T10:00Z")
        # Done: approved with its spotlight published, or declined.
        published = _nomination(
            STATUS.APPROVED, submitted="2026-08-01T12:00Z", moved="2026-08-02T12:00Z"
        )
        _nomination(STATUS.DECLINED, submitted="2026-08-01T12:00Z", moved="2026-08-02T12:00Z")
        # Published at 23:30 EDT on 31 October and at 00:30 EDT on 1 November.
        SpotlightFactory(nomination=published, published_at=_at("2026-11-01T03:30Z"))
        SpotlightFactory(published_at=_at("2026-11-01T04:30Z"))
        SpotlightFactory(published_at=_at("2026-09-15T12:00Z"))
        SpotlightFactory(status=Spotlight.Status.DRAFT, published_at=None)
        html = dashboard_in(language, staff_member("moderator", group=MODERATORS))

    submitted, reviewing, approved = states
    assert row_cells(html, submitted) == ["2", days[0]]
    assert row_cells(html, reviewing) == ["1", days[1]]
    assert row_cells(html, approved) == ["1", days[2]]
    # The oldest first, each linked to its page in admin.
    listed = html.split('<th scope="row"><a href="/admin/champions/nomination/')[1:]
    assert [int(row.split("/", 1)[0]) for row in listed][:2] == [oldest.pk, in_review.pk]
    assert len(listed) == 4
    per_month = chart_numbers(html, "spotlights-per-month")
    october, november, september = months
    assert len(per_month) == 12
    assert (per_month[october], per_month[november], per_month[september]) == (1, 1, 1)
    assert sum(per_month.values()) == 3


def test_the_panel_with_nothing_waiting():
    html = admin_index(staff_member("moderator", group=MODERATORS))
    assert row_cells(html, "Submitted, not yet read") == ["0", "—"]
    assert "Waiting longest" not in html
