"""Declined nominations and their photos go KEEP_DECLINED_NOMINATIONS_DAYS after, and only then."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.storage import default_storage

from champions import photos, services, tasks
from champions.models import Nomination, NominationStatusChange, Spotlight
from forus.celery import app
from forus.images import image_decode, image_store
from forus.outbox.models import OutboundEmail
from tests.champions.factories import NominationFactory, SpotlightFactory
from tests.images import photo_upload

pytestmark = pytest.mark.django_db

DECLINED = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.fixture
def moderator():
    return User.objects.create_superuser("moderator", "moderator@example.org", "x")


def _photo() -> str:
    return image_store(
        photos.photo_for_nomination(image_decode(photo_upload())),
        prefix=photos.NOMINATION_PREFIX,
    )


def _moved(nomination: Nomination, status: str, moderator: User, *, at: datetime) -> Nomination:
    with time_machine.travel(at, tick=False):
        services.nomination_status_change(
            nomination=nomination, status=status, changed_by=moderator
        )
    return nomination


def _email_to(address: str) -> OutboundEmail:
    return OutboundEmail.objects.create(
        to=address,
        subject="Thank you for your nomination",
        body_text="Thanks.",
        body_html="<p>Thanks.</p>",
        template="champions/email/nomination_received",
        app_label="champions",
        message_id=f"<{address}.{OutboundEmail.objects.count()}@example.org>",
    )


def _run(at: datetime, capture) -> int:
    with time_machine.travel(at, tick=False), capture(execute=True):
        return tasks.nominations_delete_declined()


def test_the_job_is_scheduled_daily_and_the_setting_defaults_to_90_days():
    entry = settings.CELERY_BEAT_SCHEDULE["delete-declined-nominations"]
    assert entry == {
        "task": "champions.tasks.nominations_delete_declined",
        "schedule": 24 * 60 * 60.0,
    }
    assert entry["task"] in app.tasks
    assert settings.KEEP_DECLINED_NOMINATIONS_DAYS == 90


def test_a_declined_nomination_and_its_photo_go_on_the_day_and_nothing_else(
    moderator, django_capture_on_commit_callbacks
):
    declined = NominationFactory(photo=_photo(), nominator_email="nia@example.org")
    _moved(declined, Nomination.Status.DECLINED, moderator, at=DECLINED)
    declined_later = _moved(
        NominationFactory(photo=_photo()), Nomination.Status.DECLINED, moderator, at=DECLINED + DAY
    )
    others = [
        NominationFactory(photo=_photo()),
        _moved(NominationFactory(), Nomination.Status.IN_REVIEW, moderator, at=DECLINED),
        _moved(NominationFactory(), Nomination.Status.APPROVED, moderator, at=DECLINED),
    ]
    photo = declined.photo.name
    assert default_storage.exists(photo)

    assert (
        _run(DECLINED + 90 * DAY - timedelta(minutes=1), django_capture_on_commit_callbacks) == 0
    )
    assert Nomination.objects.count() == 5
    assert default_storage.exists(photo)

    assert _run(DECLINED + 90 * DAY, django_capture_on_commit_callbacks) == 1

    assert not Nomination.objects.filter(pk=declined.pk).exists()
    assert not NominationStatusChange.objects.filter(nomination_id=declined.pk).exists()
    assert not default_storage.exists(photo)
    assert set(Nomination.objects.values_list("pk", flat=True)) == {
        declined_later.pk,
        *(nomination.pk for nomination in others),
    }
    assert default_storage.exists(Nomination.objects.get(pk=declined_later.pk).photo.name)
    assert default_storage.exists(others[0].photo.name)

    # Running again the same day changes nothing; the next day takes the next.
    assert _run(DECLINED + 90 * DAY, django_capture_on_commit_callbacks) == 0
    assert _run(DECLINED + 91 * DAY, django_capture_on_commit_callbacks) == 1
    assert Nomination.objects.count() == 3


def test_the_clock_starts_at_the_last_decline(moderator, django_capture_on_commit_callbacks):
    nomination = NominationFactory()
    _moved(nomination, Nomination.Status.DECLINED, moderator, at=DECLINED - 200 * DAY)
    _moved(nomination, Nomination.Status.IN_REVIEW, moderator, at=DECLINED - 199 * DAY)
    _moved(nomination, Nomination.Status.DECLINED, moderator, at=DECLINED)

    assert _run(DECLINED + 89 * DAY, django_capture_on_commit_callbacks) == 0
    assert _run(DECLINED + 90 * DAY, django_capture_on_commit_callbacks) == 1


def test_a_nomination_its_nominee_declined_goes_too_and_its_spotlight_stays_a_draft(
    django_capture_on_commit_callbacks,
):
    withdrawn = NominationFactory(
        status=Nomination.Status.APPROVED,
        nominee_consent=Nomination.Consent.DECLINED,
        nominee_answered_at=DECLINED,
        photo=_photo(),
    )
    spotlight = SpotlightFactory(nomination=withdrawn, status=Spotlight.Status.DRAFT)
    approved = NominationFactory(
        status=Nomination.Status.APPROVED,
        nominee_consent=Nomination.Consent.APPROVED,
        nominee_answered_at=DECLINED,
    )

    assert _run(DECLINED + 89 * DAY, django_capture_on_commit_callbacks) == 0
    assert _run(DECLINED + 90 * DAY, django_capture_on_commit_callbacks) == 1

    assert list(Nomination.objects.values_list("pk", flat=True)) == [approved.pk]
    assert not default_storage.exists(withdrawn.photo.name)
    spotlight.refresh_from_db()
    assert spotlight.nomination is None
    assert spotlight.status == Spotlight.Status.DRAFT


def test_the_setting_moves_the_day(settings, moderator, django_capture_on_commit_callbacks):
    settings.KEEP_DECLINED_NOMINATIONS_DAYS = 7
    _moved(NominationFactory(), Nomination.Status.DECLINED, moderator, at=DECLINED)
    assert _run(DECLINED + 6 * DAY, django_capture_on_commit_callbacks) == 0
    assert _run(DECLINED + 7 * DAY, django_capture_on_commit_callbacks) == 1


def test_the_outboxs_copies_go_unless_another_nomination_names_the_address(
    moderator, django_capture_on_commit_callbacks
):
    gone = NominationFactory(nominator_email="once@example.org", nominee_email="ada@example.org")
    twice = NominationFactory(nominator_email="twice@example.org")
    NominationFactory(nominator_email="twice@example.org")
    for nomination in (gone, twice):
        _moved(nomination, Nomination.Status.DECLINED, moderator, at=DECLINED)
    copies = {address: _email_to(address) for address in ("once@example.org", "ada@example.org")}
    kept = _email_to("twice@example.org")

    _run(DECLINED + 90 * DAY, django_capture_on_commit_callbacks)

    remaining = set(OutboundEmail.objects.values_list("pk", flat=True))
    assert not remaining & {email.pk for email in copies.values()}
    assert kept.pk in remaining
