"""The registration rules, through the services the form and admin call."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from campaign.newsletter.models import Subscriber
from forus.outbox.models import OutboundEmail
from tests.newsletter.factories import SubscriberFactory
from tests.webinars.factories import (
    RegistrationFactory,
    WebinarFactory,
    register,
)
from webinars import services, tasks
from webinars.models import Registration, Webinar

pytestmark = pytest.mark.django_db


def templates_sent() -> list[str]:
    return list(OutboundEmail.objects.order_by("pk").values_list("template", flat=True))


def test_a_registration_gets_a_seat_and_a_confirmation_with_a_calendar_file(
    django_capture_on_commit_callbacks,
):
    webinar = WebinarFactory(capacity=10)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = register(webinar, email="  Ana.Reader@Example.ORG ")

    assert outcome.created
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.REGISTERED
    assert registration.email == "ana.reader@example.org"
    assert registration.language == "en"
    [message] = mail.outbox
    assert message.to == ["ana.reader@example.org"]
    assert [name for name, _content, _type in message.attachments] == ["webinar.ics"]


def test_registering_again_creates_nothing_and_sends_the_confirmation_again():
    webinar = WebinarFactory()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        first = register(webinar, email="ana@example.org")
    with time_machine.travel(start + timedelta(minutes=61), tick=False):
        again = register(webinar, email="ANA@example.org ", first_name="Someone else")

    assert not again.created
    assert again.registration.pk == first.registration.pk
    assert Registration.objects.count() == 1
    assert Registration.objects.get().first_name == "Ana"
    assert templates_sent() == ["webinars/email/registered"] * 2


def test_a_double_click_sends_one_confirmation_not_two():
    webinar = WebinarFactory()
    register(webinar)
    register(webinar)
    assert Registration.objects.count() == 1
    assert templates_sent() == ["webinars/email/registered"]


def test_the_confirmation_goes_again_at_most_once_an_hour_and_three_times_a_day():
    webinar = WebinarFactory(starts_at=timezone.now() + timedelta(days=10))
    start = timezone.now()
    # Minutes after the first registration at which the form is sent again,
    # and whether the confirmation goes again each time.
    sends = [
        (1, False),  # a double click
        (59, False),  # within the hour
        (61, True),  # re-send 1
        (100, False),  # within the hour after it
        (122, True),  # re-send 2
        (183, True),  # re-send 3
        (244, False),  # the day's cap
        (600, False),
        (61 + 24 * 60, True),  # a day after the first re-send: a new day's count
        (70 + 24 * 60, False),
    ]
    with time_machine.travel(start, tick=False):
        register(webinar, email="ana@example.org")
    assert OutboundEmail.objects.count() == 1
    for minutes, goes in sends:
        before = OutboundEmail.objects.count()
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            register(webinar, email="ana@example.org")
        assert OutboundEmail.objects.count() == before + goes, minutes
    assert templates_sent() == ["webinars/email/registered"] * 5
    assert Registration.objects.count() == 1


def test_the_database_refuses_a_second_live_registration_for_the_same_address():
    registration = RegistrationFactory(email="ana@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(webinar=registration.webinar, email="Ana@Example.org")
    # Cancelled ones do not count, and another webinar is another matter.
    RegistrationFactory(
        webinar=registration.webinar,
        email="ana@example.org",
        status=Registration.Status.CANCELLED,
        cancelled_at=timezone.now(),
    )
    RegistrationFactory(email="ana@example.org")


def test_after_cancelling_a_person_may_register_again():
    webinar = WebinarFactory()
    first = register(webinar).registration
    services.registration_cancel(registration_id=first.pk)

    again = register(webinar)

    assert again.created
    assert again.registration.pk != first.pk
    assert again.registration.status == Registration.Status.REGISTERED


def test_when_the_seats_are_taken_people_join_the_waitlist():
    webinar = WebinarFactory(capacity=2)
    statuses = [
        register(webinar, email=f"person{n}@example.org").registration.status for n in range(4)
    ]
    assert statuses == ["registered", "registered", "waitlisted", "waitlisted"]
    assert templates_sent() == [
        "webinars/email/registered",
        "webinars/email/registered",
        "webinars/email/waitlisted",
        "webinars/email/waitlisted",
    ]
    # The waitlist confirmation carries no join link and no calendar file.
    waitlisted = OutboundEmail.objects.filter(template="webinars/email/waitlisted").first()
    assert webinar.join_url not in waitlisted.body_text
    assert not waitlisted.attachments.exists()


def test_with_no_capacity_everyone_gets_a_seat():
    webinar = WebinarFactory(capacity=None)
    for n in range(5):
        register(webinar, email=f"person{n}@example.org")
    assert set(Registration.objects.values_list("status", flat=True)) == {"registered"}


def test_a_cancelled_seat_goes_to_the_first_on_the_waitlist_with_an_email(
    django_capture_on_commit_callbacks,
):
    webinar = WebinarFactory(capacity=1)
    seat = register(webinar, email="seat@example.org").registration
    first_waiting = register(webinar, email="first@example.org").registration
    second_waiting = register(webinar, email="second@example.org").registration
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration_id=seat.pk)

    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == Registration.Status.REGISTERED
    assert first_waiting.promoted_at is not None
    assert second_waiting.status == Registration.Status.WAITLISTED
    [message] = mail.outbox
    assert message.to == ["first@example.org"]
    assert "A seat is yours" in message.subject
    assert webinar.join_url in message.body
    assert [name for name, _content, _type in message.attachments] == ["webinar.ics"]


def test_cancelling_twice_is_harmless_and_promotes_only_once():
    webinar = WebinarFactory(capacity=1)
    seat = register(webinar, email="seat@example.org").registration
    register(webinar, email="first@example.org")
    register(webinar, email="second@example.org")

    services.registration_cancel(registration_id=seat.pk)
    services.registration_cancel(registration_id=seat.pk)

    assert Registration.objects.filter(status="registered").count() == 1
    assert Registration.objects.filter(status="waitlisted").count() == 1
    assert templates_sent().count("webinars/email/promoted") == 1


def test_leaving_the_waitlist_frees_no_seat():
    webinar = WebinarFactory(capacity=1)
    register(webinar, email="seat@example.org")
    waiting = register(webinar, email="first@example.org").registration
    register(webinar, email="second@example.org")

    services.registration_cancel(registration_id=waiting.pk)

    assert Registration.objects.filter(status="registered").count() == 1
    # The three confirmations went; no promotion followed them.
    assert templates_sent()[:3] == [
        "webinars/email/registered",
        "webinars/email/waitlisted",
        "webinars/email/waitlisted",
    ]
    assert "webinars/email/promoted" not in templates_sent()


def test_no_promotion_once_the_webinar_has_started():
    webinar = WebinarFactory(capacity=1)
    seat = register(webinar, email="seat@example.org").registration
    waiting = register(webinar, email="first@example.org").registration

    with time_machine.travel(webinar.starts_at + timedelta(minutes=5), tick=False):
        services.registration_cancel(registration_id=seat.pk)

    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITLISTED


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        pytest.param({"status": Webinar.Status.DRAFT}, "not open", id="draft"),
        pytest.param({"status": Webinar.Status.CANCELLED}, "cancelled", id="cancelled"),
        pytest.param({"registration_open": False}, "has closed", id="closed by staff"),
    ],
)
def test_a_webinar_that_is_not_open_takes_no_registration(change, reason):
    webinar = WebinarFactory(**change)
    with pytest.raises(services.RegistrationClosedError) as closed:
        register(webinar)
    assert reason in closed.value.reason
    assert not Registration.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_registration_closes_at_the_start_time():
    webinar = WebinarFactory()
    with time_machine.travel(webinar.starts_at - timedelta(seconds=1), tick=False):
        register(webinar, email="just-in-time@example.org")
    with (
        time_machine.travel(webinar.starts_at, tick=False),
        pytest.raises(services.RegistrationClosedError, match="started"),
    ):
        register(webinar, email="too-late@example.org")
    assert list(Registration.objects.values_list("email", flat=True)) == [
        "just-in-time@example.org"
    ]


def test_the_newsletter_box_asks_to_subscribe_through_double_opt_in():
    webinar = WebinarFactory()
    without = register(webinar, email="no@example.org").registration
    with_opt_in = register(
        webinar,
        email="Yes@Example.org",
        newsletter_opt_in=True,
        newsletter_consent="Send me the newsletter.",
    ).registration

    assert not without.newsletter_opt_in
    assert without.newsletter_consent == ""
    assert with_opt_in.newsletter_opt_in
    assert with_opt_in.newsletter_consent == "Send me the newsletter."
    assert with_opt_in.newsletter_opted_in_at is not None
    subscriber = Subscriber.objects.get()
    assert subscriber.email.lower() == "yes@example.org"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.source == Subscriber.Source.WEBINAR_REGISTRATION
    assert subscriber.consent_wording == "Send me the newsletter."
    assert subscriber.name == with_opt_in.full_name
    assert sorted(templates_sent()) == sorted(
        ["webinars/email/registered"] * 2 + ["newsletter/email/confirm"]
    )


def test_the_newsletter_box_leaves_a_confirmed_subscriber_as_they_are():
    confirmed = SubscriberFactory(email="reader@example.org", confirmed=True)
    register(
        WebinarFactory(),
        email="reader@example.org",
        newsletter_opt_in=True,
        newsletter_consent="Yes please.",
    )
    confirmed.refresh_from_db()
    assert confirmed.status == Subscriber.Status.CONFIRMED
    assert "webinars/email/registered" in templates_sent()
    assert "newsletter/email/confirm" not in templates_sent()


def test_opting_in_on_a_second_send_is_recorded_on_the_one_registration():
    webinar = WebinarFactory()
    register(webinar)
    register(webinar, newsletter_opt_in=True, newsletter_consent="Yes please.")
    registration = Registration.objects.get()
    assert registration.newsletter_opt_in
    assert registration.newsletter_consent == "Yes please."
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_the_registrants_language_is_kept_and_every_email_uses_it():
    webinar = WebinarFactory(capacity=1)
    with translation.override("es"):
        seat = register(webinar, email="seat@example.org", language="es").registration
        waiting = register(webinar, email="waiting@example.org", language="es").registration
    # The seat is cancelled by staff working in English: the promotion email
    # still goes in Spanish, with links into the Spanish site.
    with translation.override("en"):
        services.registration_cancel(registration_id=seat.pk)

    waiting.refresh_from_db()
    assert waiting.language == "es"
    emails = OutboundEmail.objects.filter(to="waiting@example.org")
    assert set(emails.values_list("language", flat=True)) == {"es"}
    promoted = emails.get(template="webinars/email/promoted")
    assert "http://testserver/es/webinars/registrations/" in promoted.body_text


def test_a_seat_given_at_registration_records_the_join_link_its_confirmation_carries(
    django_capture_on_commit_callbacks,
):
    webinar = WebinarFactory(join_url="https://meet.example.org/j/555")
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(webinar).registration
    registration.refresh_from_db()

    assert registration.status == Registration.Status.REGISTERED
    assert registration.join_url_sent == "https://meet.example.org/j/555"
    assert len(mail.outbox) == 1
    assert "https://meet.example.org/j/555" in mail.outbox[0].body
    with time_machine.travel(webinar.starts_at - timedelta(minutes=30)):
        services.reminders_send_due()
    # The 1-hour reminder only: no separate join link, it was already given.
    assert OutboundEmail.objects.filter(template="webinars/email/join_link").count() == 0


def test_an_unknown_time_zone_falls_back_to_eastern_time():
    webinar = WebinarFactory()
    registration = register(webinar, time_zone="Mars/Olympus_Mons").registration
    assert registration.time_zone == "America/New_York"


def test_raising_the_capacity_gives_seats_to_the_waitlist_in_order():
    webinar = WebinarFactory(capacity=1)
    for n in range(4):
        register(webinar, email=f"person{n}@example.org")
    Webinar.objects.filter(pk=webinar.pk).update(capacity=3)

    assert services.waitlist_promote(webinar_id=webinar.pk) == 2

    assert list(
        Registration.objects.filter(status="registered")
        .order_by("created_at", "pk")
        .values_list("email", flat=True)
    ) == ["person0@example.org", "person1@example.org", "person2@example.org"]
    assert services.waitlist_promote(webinar_id=webinar.pk) == 0


def test_deleting_a_registration_on_request_frees_its_seat():
    webinar = WebinarFactory(capacity=1)
    seat = register(webinar, email="seat@example.org").registration
    waiting = register(webinar, email="waiting@example.org").registration

    services.registration_delete(registration_id=seat.pk)

    assert not Registration.objects.filter(pk=seat.pk).exists()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.REGISTERED


def test_the_recording_goes_once_to_everyone_still_registered_or_waiting():
    webinar = WebinarFactory(capacity=1, recording_url="https://video.example.org/rec")
    register(webinar, email="seat@example.org")
    register(webinar, email="waiting@example.org")
    gone = register(webinar, email="gone@example.org").registration
    services.registration_cancel(registration_id=gone.pk)
    OutboundEmail.objects.all().delete()

    with time_machine.travel(webinar.ends_at + timedelta(hours=1), tick=False):
        assert services.webinar_send_recording(webinar_id=webinar.pk) == 2
        assert services.webinar_send_recording(webinar_id=webinar.pk) == 0

    emails = OutboundEmail.objects.all()
    assert sorted(emails.values_list("to", flat=True)) == [
        "seat@example.org",
        "waiting@example.org",
    ]
    assert all("https://video.example.org/rec" in email.body_text for email in emails)


def test_the_recording_waits_for_its_link_and_for_the_end():
    webinar = WebinarFactory(recording_url="")
    register(webinar)
    with time_machine.travel(webinar.ends_at + timedelta(hours=1), tick=False):
        with pytest.raises(services.RecordingNotReadyError):
            services.webinar_send_recording(webinar_id=webinar.pk)
        Webinar.objects.filter(pk=webinar.pk).update(recording_url="https://v.example.org/r")
    with pytest.raises(services.RecordingNotReadyError):
        services.webinar_send_recording(webinar_id=webinar.pk)
    assert not Registration.objects.filter(recording_sent_at__isnull=False).exists()


def test_cancelling_a_webinar_cancels_and_emails_everyone_else_past_a_refused_address():
    webinar = WebinarFactory()
    first = RegistrationFactory(webinar=webinar, email="first@example.org")
    # Saved before the form checked addresses as the outbox does.
    refused = RegistrationFactory(webinar=webinar, email='"a,b"@victim.example.org')
    last = RegistrationFactory(webinar=webinar, email="last@example.org")

    services.webinar_cancel(webinar_id=webinar.pk)

    assert set(Registration.objects.values_list("pk", "status")) == {
        (first.pk, "cancelled"),
        (refused.pk, "cancelled"),
        (last.pk, "cancelled"),
    }
    assert sorted(OutboundEmail.objects.values_list("to", flat=True)) == [
        "first@example.org",
        "last@example.org",
    ]


def test_the_spellings_of_an_international_domain_are_one_registration_and_one_email():
    webinar = WebinarFactory()
    for email in ["idn@exämple.org", "idn@xn--exmple-cua.org", "idn@EXÄMPLE.org"]:
        register(webinar, email=email)
    assert list(Registration.objects.values_list("email", flat=True)) == ["idn@xn--exmple-cua.org"]
    assert templates_sent() == ["webinars/email/registered"]


# --- Seats under pressure -------------------------------------------------------------


def test_a_person_registering_normally_gets_a_seat_at_once(seat_pressure):
    webinar = WebinarFactory(capacity=100)
    outcome = register(webinar, client_ip="198.51.100.20")
    assert outcome.registration.status == Registration.Status.REGISTERED
    assert outcome.registration.confirm_by is None
    assert templates_sent() == ["webinars/email/registered"]


def test_when_few_seats_are_left_a_registration_waits_for_its_owner(seat_pressure):
    webinar = WebinarFactory(capacity=10)
    RegistrationFactory.create_batch(5, webinar=webinar)
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        registration = register(webinar, email="ana@example.org").registration

    assert registration.status == Registration.Status.PENDING
    assert registration.confirm_by == now + services.CONFIRM_WITHIN
    assert templates_sent() == ["webinars/email/confirm"]
    assert Registration.objects.filter(status="registered").count() == 5

    assert (
        services.registration_confirm(registration_id=registration.pk)
        == services.Confirmation.SEATED
    )
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED
    assert registration.confirm_by is None
    assert templates_sent() == ["webinars/email/confirm", "webinars/email/registered"]
    # Pressing the link again changes nothing and sends nothing.
    assert (
        services.registration_confirm(registration_id=registration.pk)
        == services.Confirmation.ALREADY_CONFIRMED
    )
    assert OutboundEmail.objects.count() == 2


def test_a_rush_of_registrations_puts_the_next_ones_on_hold(seat_pressure):
    webinar = WebinarFactory(capacity=1000)
    outcomes = [
        register(webinar, email=f"person{n}@example.org")
        for n in range(services.RUSH_REGISTRATIONS + 2)
    ]
    statuses = [outcome.registration.status for outcome in outcomes]
    assert statuses == ["registered"] * services.RUSH_REGISTRATIONS + ["pending"] * 2
    # Once the rush is over, registering is one step again.
    with time_machine.travel(timezone.now() + services.RUSH_WINDOW + timedelta(minutes=1)):
        later = register(webinar, email="later@example.org").registration
    assert later.status == Registration.Status.REGISTERED


def test_near_the_start_the_time_to_confirm_ends_at_the_start(seat_pressure):
    webinar = WebinarFactory(
        capacity=5, starts_at=(timezone.now() + timedelta(minutes=40)).replace(microsecond=0)
    )
    registration = register(webinar).registration
    assert registration.status == Registration.Status.PENDING
    assert registration.confirm_by == webinar.starts_at


def test_confirming_when_every_seat_is_taken_gives_a_waitlist_place(seat_pressure):
    webinar = WebinarFactory(capacity=5)
    registration = register(webinar, email="ana@example.org").registration
    RegistrationFactory.create_batch(5, webinar=webinar)

    outcome = services.registration_confirm(registration_id=registration.pk)

    assert outcome == services.Confirmation.WAITLISTED
    registration.refresh_from_db()
    assert registration.status == Registration.Status.WAITLISTED
    assert templates_sent() == ["webinars/email/confirm", "webinars/email/waitlisted"]


def test_a_confirmation_after_its_time_gives_nothing(seat_pressure):
    webinar = WebinarFactory(capacity=5)
    registration = register(webinar).registration
    with time_machine.travel(registration.confirm_by + timedelta(seconds=1)):
        outcome = services.registration_confirm(registration_id=registration.pk)
    assert outcome == services.Confirmation.LAPSED
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert templates_sent() == ["webinars/email/confirm"]


def test_lapsing_frees_nothing_that_was_confirmed_and_runs_safely_twice(seat_pressure):
    schedule = settings.CELERY_BEAT_SCHEDULE["webinar-unconfirmed-registrations"]
    assert schedule["task"] == "webinars.tasks.registrations_lapse_unconfirmed"
    webinar = WebinarFactory(capacity=5)
    confirmed = register(webinar, email="seat@example.org").registration
    services.registration_confirm(registration_id=confirmed.pk)
    unconfirmed = [
        register(webinar, email=f"nobody{n}@example.net").registration for n in range(3)
    ]
    RegistrationFactory.create_batch(4, webinar=webinar)  # now full
    waiting = register(webinar, email="waiting@example.org").registration
    services.registration_confirm(registration_id=waiting.pk)
    emails_before = OutboundEmail.objects.count()

    with time_machine.travel(timezone.now() + services.CONFIRM_WITHIN + timedelta(minutes=1)):
        assert tasks.registrations_lapse_unconfirmed() == 3
        assert tasks.registrations_lapse_unconfirmed() == 0

    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses[confirmed.pk] == "registered"
    assert statuses[waiting.pk] == "waitlisted"
    assert [statuses[r.pk] for r in unconfirmed] == ["cancelled"] * 3
    assert Registration.objects.filter(status="registered").count() == 5
    assert OutboundEmail.objects.count() == emails_before
    # A lapsed address can register again.
    with time_machine.travel(timezone.now() + services.CONFIRM_WITHIN + timedelta(minutes=2)):
        again = register(webinar, email="nobody0@example.net")
    assert again.created


def test_one_client_holds_at_most_a_few_registrations_per_webinar():
    webinar = WebinarFactory(capacity=100)
    other = WebinarFactory(capacity=100)
    for n in range(services.REGISTRATIONS_PER_CLIENT):
        register(webinar, email=f"person{n}@example.org", client_ip="203.0.113.9")

    with pytest.raises(services.RegistrationLimitError):
        register(webinar, email="one-more@example.org", client_ip="203.0.113.9")
    # The limit answers the same for an address registered already.
    with pytest.raises(services.RegistrationLimitError):
        register(webinar, email="person0@example.org", client_ip="203.0.113.9")

    assert register(webinar, email="neighbour@example.org", client_ip="203.0.113.10").created
    assert register(other, email="one-more@example.org", client_ip="203.0.113.9").created
    assert Registration.objects.filter(webinar=webinar).count() == 4
    # The address itself is never stored.
    assert not Registration.objects.filter(client_key__contains="203.0.113").exists()
