"""Fixtures for the webinar tests."""

import pytest

from webinars.services import seats


@pytest.fixture(autouse=True)
def _seats_without_pressure(request, monkeypatch) -> None:
    """No webinar is under pressure unless a test asks for `seat_pressure`.

    Most tests are about the seat rules themselves (seats, the waitlist,
    promotion) with webinars of one or two seats, which the real thresholds
    would always count as nearly full.
    """
    if "seat_pressure" in request.fixturenames:
        return
    monkeypatch.setattr(seats, "HOLD_WHEN_SEATS_LEFT", -1)
    monkeypatch.setattr(seats, "HOLD_WHEN_SHARE_LEFT", -1)
    monkeypatch.setattr(seats, "RUSH_REGISTRATIONS", 10**9)


@pytest.fixture
def seat_pressure() -> None:
    """The seat rule's real thresholds: nearly full or in a rush, registrations wait."""
