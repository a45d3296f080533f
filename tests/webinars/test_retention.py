"""Registrations are anonymised KEEP_REGISTRATIONS_DAYS after their webinar ends, and only then."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection, transaction

from forus.celery import app
from forus.outbox.models import OutboundEmail
from forus.outbox.services import email_queue
from tests.webinars.factories import RegistrationFactory, WebinarFactory
from webinars import tasks
from webinars.models import Registration
from webinars.services import registrations_anonymise_ended, webinar_send_recording

pytestmark = pytest.mark.django_db

ENDED = datetime(2025, 3, 1, 18, 0, tzinfo=UTC)
PERSONAL = {
    "first_name": "Ana",
    "last_name": "Reader",
    "organisation": "Community Health Center",
    "question": "How do I start?",
    "accommodations": "Live captions",
    "newsletter_opt_in": True,
    "newsletter_consent": "Also send me Health Advocate Insights.",
    "client_key": "f" * 64,
    "time_zone": "America/Chicago",
    "join_url_sent": "https://meet.example.org/j/1",
}


def _webinar(ends_at: datetime):
    return WebinarFactory(starts_at=ends_at - timedelta(hours=1), ends_at=ends_at, capacity=10)


def _email_to(address: str) -> OutboundEmail:
    return OutboundEmail.objects.create(
        to=address,
        subject="You are registered",
        body_text="See you there.",
        body_html="<p>See you there.</p>",
        template="webinars/email/registered",
        app_label="webinars",
        message_id=f"<{address}.{OutboundEmail.objects.count()}@example.org>",
    )


def _counts(webinar) -> dict[str, int]:
    return {
        status: webinar.registrations.filter(status=status).count()
        for status in Registration.Status.values
    }


@pytest.fixture
def old_webinar():
    webinar = _webinar(ENDED)
    RegistrationFactory(webinar=webinar, email="ana@example.org", **PERSONAL)
    RegistrationFactory(webinar=webinar, status=Registration.Status.WAITLISTED, **PERSONAL)
    RegistrationFactory(webinar=webinar, status=Registration.Status.CANCELLED, **PERSONAL)
    return webinar


def test_the_job_is_scheduled_daily_and_settings_default_to_a_year():
    entry = settings.CELERY_BEAT_SCHEDULE["anonymise-old-registrations"]
    assert entry == {
        "task": "webinars.tasks.registrations_anonymise_ended",
        "schedule": 24 * 60 * 60.0,
    }
    assert entry["task"] in app.tasks
    assert settings.KEEP_REGISTRATIONS_DAYS == 365


def test_nothing_goes_a_day_before_the_limit(old_webinar):
    before = list(Registration.objects.values())
    with time_machine.travel(ENDED + timedelta(days=364, hours=23, minutes=59), tick=False):
        assert tasks.registrations_anonymise_ended() == 0
    assert list(Registration.objects.values()) == before


def test_on_the_day_every_registration_of_the_webinar_loses_its_person(old_webinar):
    counts = _counts(old_webinar)
    later = _webinar(ENDED + timedelta(days=2))
    kept = RegistrationFactory(webinar=later, email="ben@example.org", **PERSONAL)
    kept_before = Registration.objects.values().get(pk=kept.pk)

    with time_machine.travel(ENDED + timedelta(days=365), tick=False):
        assert tasks.registrations_anonymise_ended() == 3

    for registration in old_webinar.registrations.all():
        assert registration.anonymised_at == ENDED + timedelta(days=365)
        assert registration.email == f"anonymised-{registration.public_id}@anonymised.invalid"
        for field in (
            "first_name",
            "last_name",
            "organisation",
            "question",
            "accommodations",
            "newsletter_consent",
            "client_key",
            "join_url_sent",
        ):
            assert getattr(registration, field) == "", field
        assert registration.time_zone == "America/New_York"
        # What the counts need stays.
        assert registration.role == Registration.Role.STUDENT
        assert registration.newsletter_opt_in
    assert _counts(old_webinar) == counts
    assert Registration.objects.values().get(pk=kept.pk) == kept_before


def test_running_again_changes_nothing(old_webinar):
    with time_machine.travel(ENDED + timedelta(days=365), tick=False):
        registrations_anonymise_ended()
    after_first = list(Registration.objects.order_by("pk").values())
    with time_machine.travel(ENDED + timedelta(days=400), tick=False):
        assert registrations_anonymise_ended() == 0
    assert list(Registration.objects.order_by("pk").values()) == after_first


def test_the_setting_moves_the_day(old_webinar, settings):
    settings.KEEP_REGISTRATIONS_DAYS = 30
    with time_machine.travel(ENDED + timedelta(days=29), tick=False):
        assert registrations_anonymise_ended() == 0
    with time_machine.travel(ENDED + timedelta(days=30), tick=False):
        assert registrations_anonymise_ended() == 3


def test_the_webinars_emails_to_the_address_go_unless_another_registration_holds_it(
    old_webinar,
):
    RegistrationFactory(webinar=old_webinar, email="both@example.org")
    RegistrationFactory(webinar=_webinar(ENDED + timedelta(days=300)), email="both@example.org")
    gone = _email_to("ana@example.org")
    kept = _email_to("both@example.org")
    other_app = email_queue(to="ana@example.org", template="outbox/email/check", language="en")

    with time_machine.travel(ENDED + timedelta(days=365), tick=False):
        registrations_anonymise_ended()

    remaining = set(OutboundEmail.objects.values_list("pk", flat=True))
    assert gone.pk not in remaining
    assert {kept.pk, other_app.pk} <= remaining


@pytest.mark.django_db(transaction=True)
def test_a_row_a_request_holds_waits_for_the_next_run():
    webinar = _webinar(ENDED)
    held = RegistrationFactory(webinar=webinar, **PERSONAL)
    free = RegistrationFactory(webinar=webinar, **PERSONAL)
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                Registration.objects.select_for_update().get(pk=held.pk)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(10)
        with time_machine.travel(ENDED + timedelta(days=365), tick=False):
            assert registrations_anonymise_ended() == 1
    finally:
        release.set()
        holder.join()
    assert Registration.objects.get(pk=free.pk).anonymised_at is not None
    assert Registration.objects.get(pk=held.pk).first_name == "Ana"
    with time_machine.travel(ENDED + timedelta(days=366), tick=False):
        assert registrations_anonymise_ended() == 1
    assert Registration.objects.get(pk=held.pk).first_name == ""


def test_a_recording_sent_after_anonymising_goes_to_nobody_anonymised(old_webinar):
    with time_machine.travel(ENDED + timedelta(days=365), tick=False):
        registrations_anonymise_ended()
        old_webinar.recording_url = "https://video.example.org/recording"
        old_webinar.save()
        webinar_send_recording(webinar_id=old_webinar.pk)
    assert not OutboundEmail.objects.filter(to__endswith="@anonymised.invalid").exists()
