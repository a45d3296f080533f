"""The nominee's consent history: a row per answer that gives, refuses or withdraws consent."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from champions import selectors, services
from champions.forms import CONSENT_WORDING
from champions.models import Nomination, NomineeConsentEvent, Spotlight
from tests.champions.conftest import nomination_data
from tests.champions.factories import NominationFactory, SpotlightFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return User.objects.create_superuser("moderator", "moderator@example.org", "x")


def _asked(moderator, capture, **options) -> tuple[Nomination, str]:
    """An approved nomination whose nominee was emailed; the path of their consent page."""
    nomination = NominationFactory(nominee_email="ada@example.org", **options)
    with capture(execute=True):
        services.nomination_status_change(
            nomination=nomination, status=Nomination.Status.APPROVED, changed_by=moderator
        )
    [request] = [message for message in mail.outbox if message.to == ["ada@example.org"]]
    path = re.search(r"http://testserver(/\S*/consent/[^/\s]+/)", request.body).group(1)
    return nomination, path


def _history(nomination: Nomination) -> list[tuple[str, str, str]]:
    return [
        (event.kind, event.channel, event.answer)
        for event in NomineeConsentEvent.objects.filter(nomination=nomination)
    ]


def test_a_self_nomination_records_the_consent_given_on_the_form(
    client, django_capture_on_commit_callbacks
):
    data = nomination_data(nominating="myself", nominee_given_name="", relationship="")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/es/champions/nominate/", data)

    nomination = Nomination.objects.get()
    [event] = nomination.consent_events.all()
    with translation.override("es"):
        assert event.wording == str(CONSENT_WORDING)
    assert (event.kind, event.channel, event.answer, event.language) == (
        "given",
        "nomination_form",
        "self",
        "es",
    )
    assert [
        found.pk for found in selectors.nominee_consent_events_for_email("nia@example.org")
    ] == [event.pk]


def test_each_answer_on_the_consent_page_is_a_row_of_its_own(
    client, moderator, django_capture_on_commit_callbacks
):
    nomination, path = _asked(moderator, django_capture_on_commit_callbacks)
    spanish = path.replace("/champions/", "/es/champions/", 1)

    client.post(spanish, {"answer": "approved", "name_display": "first"})
    client.post(spanish, {"answer": "approved", "name_display": "first"})  # the same: no row
    client.post(path, {"answer": "approved", "name_display": "full"})
    client.post(path, {"answer": "declined", "name_display": "full"})

    assert _history(nomination) == [
        ("given", "consent_page", "approved"),
        ("given", "consent_page", "approved"),
        ("withdrawn", "consent_page", "declined"),
    ]
    first, second, third = NomineeConsentEvent.objects.filter(nomination=nomination)
    assert first.language == "es"
    assert first.name_display == "first"
    assert "Sí" in first.wording
    assert f"“{nomination.nominee_given_name}”" in first.wording
    assert second.language == "en"
    assert "Yes, you may feature me" in second.wording
    assert f"“{nomination.nominee_name}”" in second.wording
    assert "No, please do not feature me" in third.wording
    assert [
        event.pk for event in selectors.nominee_consent_events_for_email("ada@example.org")
    ] == [
        first.pk,
        second.pk,
        third.pk,
    ]
    assert not selectors.nominee_consent_events_for_email(nomination.nominator_email).exists()


def test_declining_at_once_refuses_and_changes_withdraw_only_an_approval(
    client, moderator, django_capture_on_commit_callbacks
):
    refused, refused_path = _asked(moderator, django_capture_on_commit_callbacks)
    client.post(refused_path, {"answer": "declined", "name_display": "full"})
    assert _history(refused) == [("refused", "consent_page", "declined")]

    mail.outbox.clear()
    changed, changed_path = _asked(moderator, django_capture_on_commit_callbacks)
    changes = {"answer": "changes", "name_display": "full", "message": "Another photo."}
    client.post(changed_path, changes)
    assert _history(changed) == []
    client.post(changed_path, {"answer": "approved", "name_display": "full"})
    client.post(changed_path, {**changes, "message": "A shorter text."})
    assert _history(changed) == [
        ("given", "consent_page", "approved"),
        ("withdrawn", "consent_page", "changes"),
    ]


def test_a_withdrawal_takes_the_spotlight_down_and_is_recorded(
    client, moderator, django_capture_on_commit_callbacks
):
    nomination, path = _asked(moderator, django_capture_on_commit_callbacks)
    client.post(path, {"answer": "approved", "name_display": "full"})
    SpotlightFactory(nomination=nomination, status=Spotlight.Status.PUBLISHED)

    with translation.override("en"):
        services.nominee_consent_record(
            nomination=nomination,
            answer=Nomination.Consent.DECLINED,
            name_display="full",
            message="",
            channel=NomineeConsentEvent.Channel.PERSONAL_PAGE,
        )

    assert Spotlight.objects.get().status == Spotlight.Status.DRAFT
    assert _history(nomination)[-1] == ("withdrawn", "personal_page", "declined")


def test_staff_recording_the_consent_is_a_row_through_admin(moderator):
    nomination = NominationFactory(nominee_email="")
    services.nominee_consent_confirm(nomination=nomination, confirmed_by=moderator)
    assert _history(nomination) == [("given", "admin", "staff_confirmed")]


def test_the_nominations_page_shows_the_history_and_lets_nobody_change_it(
    moderator, django_capture_on_commit_callbacks
):
    nomination, path = _asked(moderator, django_capture_on_commit_callbacks)
    Client().post(path, {"answer": "approved", "name_display": "full"})
    browser = Client()
    browser.force_login(moderator)

    html = browser.get(
        reverse("admin:champions_nomination_change", args=[nomination.pk])
    ).content.decode()

    assert "Nominee’s consent history" in html
    assert "Nominee consent page (emailed link)" in html
    assert "Yes, you may feature me" in html
    assert 'name="consent_events-0-wording"' not in html
    assert 'name="consent_events-0-DELETE"' not in html
