"""The newsletter's services: double opt-in, re-sends, unsubscribing, erasing."""

import re
import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from campaign.newsletter import tasks
from campaign.newsletter.models import Subscriber
from campaign.newsletter.services import (
    CONFIRMATION_RESEND_INTERVAL,
    subscriber_confirm,
    subscriber_confirmation_resend,
    subscriber_erase,
    subscriber_request,
    subscriber_unsubscribe,
    subscribers_forget_unconfirmed,
)
from forus.outbox.models import OutboundEmail
from forus.outbox.services import email_queue
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

CONSENT = "By signing up, you agree to receive Health Advocate Insights."


def request(**overrides: str) -> Subscriber:
    arguments = {
        "email": "reader@example.org",
        "name": "Ana Reader",
        "source": Subscriber.Source.NEWSLETTER_PAGE,
        "language": "en",
        "consent_wording": CONSENT,
    }
    arguments.update(overrides)
    return subscriber_request(**arguments)


def confirmation_emails() -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(template="newsletter/email/confirm"))


def test_a_new_address_is_pending_with_its_consent_and_gets_one_confirmation(
    django_capture_on_commit_callbacks,
):
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        subscriber = request(source=Subscriber.Source.HOME_PAGE)

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.consent_wording == CONSENT
    assert before <= subscriber.consented_at <= timezone.now()
    assert subscriber.confirmation_sent_at == subscriber.consented_at
    assert subscriber.source == Subscriber.Source.HOME_PAGE
    assert subscriber.language == "en"
    assert subscriber.confirmed_at is None
    [message] = mail.outbox
    assert message.to == ["reader@example.org"]
    assert message.subject == "Please confirm your subscription to Health Advocate Insights"
    assert re.search(r"http://testserver/newsletter/confirm/[^/\s]+/", message.body)
    # Nothing anyone typed into the form reaches an address nobody has proved.
    assert "Ana" not in message.body
    assert "Ana" not in message.alternatives[0].content
    assert "reader@example.org" not in message.extra_headers["List-Unsubscribe"]


def test_the_address_is_stored_in_one_form_and_matched_whatever_its_case():
    first = request(email="  Ana.Reader@Example.ORG ")
    assert first.email == "ana.reader@example.org"

    second = request(email="ana.reader@EXAMPLE.org")
    assert second.pk == first.pk
    assert Subscriber.objects.count() == 1
    assert len(confirmation_emails()) == 1


def test_the_spellings_of_an_international_domain_are_one_row_and_one_email():
    for email in ["idn@exämple.org", "idn@xn--exmple-cua.org", "idn@EXÄMPLE.org"]:
        request(email=email)
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["idn@xn--exmple-cua.org"]
    assert len(confirmation_emails()) == 1
    assert confirmation_emails()[0].to == "idn@xn--exmple-cua.org"


def test_signing_up_again_while_pending_resends_at_most_once_an_hour():
    with time_machine.travel(timezone.now(), tick=False) as clock:
        request()
        clock.shift(timedelta(minutes=59))
        request(name="Ana R.")
        assert len(confirmation_emails()) == 1

        clock.shift(timedelta(minutes=1))
        subscriber = request(name="")
        assert len(confirmation_emails()) == 2
        assert subscriber.confirmation_sent_at == timezone.now()
        # Neither a later name nor a blank one replaces the first request's.
        assert subscriber.name == "Ana Reader"
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_signing_up_again_while_confirmed_changes_nothing_and_sends_nothing():
    subscriber = SubscriberFactory(
        email="reader@example.org", confirmed=True, confirmation_sent_at=None
    )
    before = Subscriber.objects.values().get(pk=subscriber.pk)

    request(email="READER@example.org", name="Someone Else", consent_wording="Other words")

    assert Subscriber.objects.values().get(pk=subscriber.pk) == before
    assert not OutboundEmail.objects.exists()


def test_signing_up_again_after_unsubscribing_goes_through_double_opt_in_again():
    with time_machine.travel(timezone.now(), tick=False) as clock:
        subscriber = SubscriberFactory(
            email="reader@example.org",
            unsubscribed=True,
            confirmed_at=timezone.now(),
            confirmation_sent_at=timezone.now() - timedelta(days=30),
        )
        clock.shift(timedelta(days=1))
        request(name="Ana Again", language="es")

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    # When they first confirmed and when they left stay on record.
    assert subscriber.confirmed_at is not None
    assert subscriber.unsubscribed_at is not None
    assert subscriber.name == "Ana Again"
    assert subscriber.language == "es"
    [email] = confirmation_emails()
    assert "/es/newsletter/confirm/" in email.body_text


def test_an_unsubscribed_address_is_still_held_to_one_confirmation_an_hour():
    SubscriberFactory(email="reader@example.org", unsubscribed=True)
    request()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    assert confirmation_emails() == []


@pytest.mark.parametrize(
    ("given", "stored"),
    [("es", "es"), ("es-mx", "es"), ("en-us", "en"), ("fr", "en"), ("", "en")],
)
def test_the_language_is_one_the_site_speaks(given, stored):
    assert request(language=given).language == stored


@pytest.mark.parametrize(
    "arguments",
    [
        pytest.param({"email": "not-an-address"}, id="malformed email"),
        pytest.param({"email": "reader@example.org\nbcc: x@example.org"}, id="line break"),
        pytest.param({"source": "somewhere"}, id="unknown source"),
        pytest.param({"consent_wording": "  "}, id="no consent wording"),
    ],
)
def test_a_request_the_form_would_refuse_raises_and_saves_nothing(arguments):
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        request(**arguments)
    assert not Subscriber.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_inside_a_callers_transaction_it_commits_or_rolls_back_with_it(
    django_capture_on_commit_callbacks,
):
    """As a webinar registration with its newsletter box ticked will call it."""
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        request(source=Subscriber.Source.WEBINAR_REGISTRATION)
        request(source=Subscriber.Source.WEBINAR_REGISTRATION)  # the same person, twice
        assert mail.outbox == []  # nothing leaves before the caller commits
    assert Subscriber.objects.get().source == Subscriber.Source.WEBINAR_REGISTRATION
    assert len(mail.outbox) == 1

    class RegistrationFailedError(Exception):
        pass

    def register_and_fail() -> None:
        with transaction.atomic():
            request(email="other@example.org")
            raise RegistrationFailedError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RegistrationFailedError):
        register_and_fail()
    assert not Subscriber.objects.filter(email="other@example.org").exists()
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_signups_at_once_for_one_address_make_one_row_and_one_email():
    barrier = threading.Barrier(2)
    errors = []

    def sign_up(email: str) -> None:
        try:
            barrier.wait(timeout=10)
            request(email=email)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=sign_up, args=(email,))
        for email in ("reader@example.org", "Reader@Example.org")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert Subscriber.objects.count() == 1
    assert len(confirmation_emails()) == 1


def test_confirming_sends_the_welcome_with_one_click_unsubscribe_headers_once(
    django_capture_on_commit_callbacks,
):
    subscriber = SubscriberFactory(language="es")
    with django_capture_on_commit_callbacks(execute=True):
        subscriber_confirm(subscriber_id=subscriber.pk)
        again = subscriber_confirm(subscriber_id=subscriber.pk)

    assert again.status == Subscriber.Status.CONFIRMED
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None
    [welcome] = mail.outbox
    # Written in the language the person signed up in.
    assert welcome.subject == "Le damos la bienvenida a Health Advocate Insights"
    assert re.fullmatch(
        r"<http://testserver/es/newsletter/unsubscribe/[^/>]+/>",
        welcome.extra_headers["List-Unsubscribe"],
    )
    assert welcome.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = welcome.extra_headers["List-Unsubscribe"][1:-1]
    assert unsubscribe_url in welcome.body
    assert unsubscribe_url in welcome.alternatives[0].content
    assert "http://testserver/es/introduction/" in welcome.body
    assert OutboundEmail.objects.get().language == "es"


def test_an_old_link_never_confirms_someone_who_unsubscribed():
    subscriber = SubscriberFactory(unsubscribed=True)
    assert subscriber_confirm(subscriber_id=subscriber.pk).status == "unsubscribed"
    assert not OutboundEmail.objects.exists()


def test_an_erased_subscriber_confirms_and_unsubscribes_as_nobody():
    assert subscriber_confirm(subscriber_id=987654) is None
    assert subscriber_unsubscribe(subscriber_id=987654) is None
    assert subscriber_confirmation_resend(subscriber_id=987654) is False


@pytest.mark.parametrize("status", ["pending", "confirmed"])
def test_unsubscribing_keeps_only_the_address_and_when_they_left(status):
    subscriber = SubscriberFactory(confirmed=status == "confirmed")

    with time_machine.travel(timezone.now() + timedelta(days=3), tick=False):
        subscriber_unsubscribe(subscriber_id=subscriber.pk)
        left_at = timezone.now()
    with time_machine.travel(left_at + timedelta(days=1), tick=False):
        subscriber_unsubscribe(subscriber_id=subscriber.pk)  # again: nothing moves

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at == left_at
    assert subscriber.name == ""
    assert subscriber.email


def test_a_new_link_for_an_expired_one_respects_the_hourly_limit():
    with time_machine.travel(timezone.now(), tick=False) as clock:
        subscriber = SubscriberFactory()
        assert subscriber_confirmation_resend(subscriber_id=subscriber.pk) is False
        clock.shift(CONFIRMATION_RESEND_INTERVAL)
        assert subscriber_confirmation_resend(subscriber_id=subscriber.pk) is True
        assert subscriber_confirmation_resend(subscriber_id=subscriber.pk) is False
    assert len(confirmation_emails()) == 1

    confirmed = SubscriberFactory(confirmed=True, confirmation_sent_at=None)
    assert subscriber_confirmation_resend(subscriber_id=confirmed.pk) is False
    assert len(confirmation_emails()) == 1


def test_erasing_removes_the_subscriber_and_the_newsletter_emails_to_them():
    subscriber = request()
    subscriber_confirm(subscriber_id=subscriber.pk)
    other = request(email="other@example.org")
    with transaction.atomic():
        # An email of another feature to the same person is not ours to erase.
        unrelated = email_queue(
            to="reader@example.org", template="outbox/email/check", context={"queued_at": "x"}
        )
    assert OutboundEmail.objects.filter(to="reader@example.org").count() == 3

    assert subscriber_erase(subscriber_ids=[subscriber.pk]) == 1

    assert list(Subscriber.objects.all()) == [other]
    assert list(OutboundEmail.objects.filter(to="reader@example.org")) == [unrelated]
    assert OutboundEmail.objects.filter(to="other@example.org").count() == 1


def test_the_database_refuses_a_second_row_for_the_same_address_in_another_case():
    from django.db import IntegrityError

    SubscriberFactory(email="reader@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        SubscriberFactory(email="READER@example.org")


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"status": "confirmed"}, id="confirmed without a time"),
        pytest.param({"status": "unsubscribed"}, id="unsubscribed without a time"),
        pytest.param({"consent_wording": ""}, id="no consent"),
        pytest.param({"status": "subscribed"}, id="unknown status"),
        pytest.param({"source": "elsewhere"}, id="unknown source"),
    ],
)
def test_the_database_refuses_a_subscriber_that_breaks_the_rules(fields):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        SubscriberFactory(**fields)


def test_a_signup_never_confirmed_is_erased_thirty_days_after_its_last_confirmation_email(
    django_capture_on_commit_callbacks, settings
):
    long_ago = timezone.now() - timedelta(days=31)
    with time_machine.travel(long_ago, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            request(email="never@example.org")
        SubscriberFactory(email="reader@example.org", confirmed=True)
        SubscriberFactory(email="left@example.org", unsubscribed=True)
        # Confirmed once, left, then signed up again without confirming:
        # the row holds when they confirmed and left.
        SubscriberFactory(email="again@example.org", unsubscribed=True, confirmed_at=long_ago)
        SubscriberFactory(email="resent@example.org")
    Subscriber.objects.filter(email="resent@example.org").update(
        confirmation_sent_at=timezone.now() - timedelta(days=2)
    )
    SubscriberFactory(email="new@example.org")
    with time_machine.travel(long_ago + timedelta(days=1), tick=False):
        request(email="again@example.org")
    assert Subscriber.objects.get(email="again@example.org").status == "pending"
    assert OutboundEmail.objects.filter(to="never@example.org").exists()

    assert subscribers_forget_unconfirmed() == 1

    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
        "again@example.org",
        "left@example.org",
        "new@example.org",
        "reader@example.org",
        "resent@example.org",
    ]
    assert not OutboundEmail.objects.filter(to="never@example.org").exists()
    again = Subscriber.objects.get(email="again@example.org")
    assert again.status == Subscriber.Status.UNSUBSCRIBED
    assert again.confirmed_at == long_ago
    assert subscribers_forget_unconfirmed() == 0

    # Beat runs it daily as a task.
    [entry] = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == tasks.subscribers_forget_unconfirmed.name
    ]
    assert entry["schedule"] == 24 * 60 * 60
    with time_machine.travel(timezone.now() + timedelta(days=29), tick=False):
        assert tasks.subscribers_forget_unconfirmed.apply().get() == 1
    assert not Subscriber.objects.filter(email="resent@example.org").exists()
