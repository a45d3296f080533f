"""Capacity under real concurrency: threads, each on its own PostgreSQL connection.

The seat count and the insert are pulled apart by a short sleep, so that
without the webinar's row lock every thread would count the same free seats
and the webinar would be overbooked (remove `select_for_update()` from
`_locked_webinar` and these tests fail).
"""

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connections

from tests.webinars.factories import WebinarFactory, register
from webinars import services
from webinars.models import Registration
from webinars.services import registrations, seats

pytestmark = pytest.mark.django_db(transaction=True)

SEATS = 5
PEOPLE = 16


def run_at_once(tasks: list[Callable[[], object]]) -> list[BaseException]:
    """Start every task in its own thread at the same moment; return what they raised."""
    barrier = threading.Barrier(len(tasks))
    errors: list[BaseException] = []

    def run(task: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            task()
        except BaseException as error:  # noqa: BLE001 - reported to the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(task,)) for task in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return errors


@pytest.fixture
def slow_seat_count(monkeypatch):
    """Widen the gap between counting seats and taking one."""
    count = seats._seats_taken

    def count_slowly(webinar):
        taken = count(webinar)
        time.sleep(0.05)
        return taken

    monkeypatch.setattr(seats, "_seats_taken", count_slowly)
    count_with_rush = seats._seats_and_rush

    def count_with_rush_slowly(webinar, **kwargs):
        counted = count_with_rush(webinar, **kwargs)
        time.sleep(0.05)
        return counted

    # Looked up where registration_create calls it.
    monkeypatch.setattr(registrations, "_seats_and_rush", count_with_rush_slowly)


def test_simultaneous_registrations_never_overbook(slow_seat_count):
    webinar = WebinarFactory(capacity=SEATS)

    errors = run_at_once(
        [lambda n=n: register(webinar, email=f"person{n}@example.org") for n in range(PEOPLE)]
    )

    assert errors == []
    statuses = list(Registration.objects.values_list("status", flat=True))
    assert len(statuses) == PEOPLE
    assert statuses.count(Registration.Status.REGISTERED) == SEATS
    assert statuses.count(Registration.Status.WAITLISTED) == PEOPLE - SEATS


def test_the_same_address_sent_at_once_makes_one_registration(slow_seat_count):
    webinar = WebinarFactory(capacity=SEATS)

    errors = run_at_once([lambda: register(webinar, email="ana@example.org")] * 8)

    assert errors == []
    assert Registration.objects.count() == 1


def test_cancellations_and_registrations_at_once_keep_the_seats_exact(slow_seat_count):
    webinar = WebinarFactory(capacity=SEATS)
    seats = [register(webinar, email=f"seat{n}@example.org").registration for n in range(SEATS)]
    for n in range(3):
        register(webinar, email=f"waiting{n}@example.org")

    errors = run_at_once(
        [
            *[
                lambda pk=seat.pk: services.registration_cancel(registration_id=pk)
                for seat in seats[:3]
            ],
            *[lambda n=n: register(webinar, email=f"new{n}@example.org") for n in range(6)],
        ]
    )

    assert errors == []
    assert Registration.objects.filter(status="registered").count() == SEATS
    # A freed seat goes to the waitlist in the cancelling transaction, so
    # newcomers never slip in ahead of those already waiting.
    assert set(
        Registration.objects.filter(status="registered").values_list("email", flat=True)
    ) == {
        "seat3@example.org",
        "seat4@example.org",
        "waiting0@example.org",
        "waiting1@example.org",
        "waiting2@example.org",
    }
    assert Registration.objects.filter(status="waitlisted", email__startswith="new").count() == 6


def test_simultaneous_confirmations_never_overbook(slow_seat_count, seat_pressure):
    webinar = WebinarFactory(capacity=SEATS)
    pending = [
        register(webinar, email=f"person{n}@example.org").registration for n in range(PEOPLE)
    ]
    assert {registration.status for registration in pending} == {Registration.Status.PENDING}

    errors = run_at_once(
        [
            lambda pk=registration.pk: services.registration_confirm(registration_id=pk)
            for registration in pending
        ]
    )

    assert errors == []
    statuses = list(Registration.objects.values_list("status", flat=True))
    assert len(statuses) == PEOPLE
    assert statuses.count(Registration.Status.REGISTERED) == SEATS
    assert statuses.count(Registration.Status.WAITLISTED) == PEOPLE - SEATS
