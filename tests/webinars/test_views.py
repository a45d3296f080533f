"""The public webinar pages and the registration form, through the test client."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from forus.outbox.models import OutboundEmail
from forus.public_forms import HONEYPOT_FIELD, TOO_FAST, TRAPPED
from tests.forus.public_form_data import started
from tests.webinars.factories import (
    RegistrationFactory,
    WebinarFactory,
    WebinarSpeakerFactory,
    register,
    registration_form_data,
)
from webinars import services, tasks, views
from webinars.models import Registration, Webinar, WebinarSpeaker
from webinars.tokens import cancel_token

pytestmark = pytest.mark.django_db

LAUNCH = "introducing-the-for-us-all-campaign"
PANEL = "saving-primary-care-in-the-united-states"


def page_of(webinar: Webinar) -> str:
    return reverse("webinars:webinar_detail", kwargs={"slug": webinar.slug})


def post(client: Client, webinar: Webinar, **overrides: str):
    return client.post(page_of(webinar), registration_form_data(**overrides))


# --- Content from migrate -----------------------------------------------------------


def test_migrate_alone_loads_the_two_past_webinars_from_the_sources():
    launch = Webinar.objects.get(slug=LAUNCH)
    assert launch.status == Webinar.Status.PUBLISHED
    assert timezone.localtime(launch.starts_at).strftime("%A %B %d %Y %H:%M %Z") == (
        "Tuesday February 11 2025 12:00 EST"
    )
    assert launch.ends_at - launch.starts_at == timedelta(hours=1)

    panel = Webinar.objects.get(slug=PANEL)
    assert panel.title == "Saving Primary Care in the United States"
    assert timezone.localtime(panel.starts_at).strftime("%B %d %Y %H:%M %Z") == (
        "November 12 2024 20:00 EST"
    )
    appearances = panel.speaker_appearances.order_by("order")
    assert list(appearances.values_list("speaker__name", "speaker__credentials", "role")) == [
        ("Brian Antono", "MD, MPH", "speaker"),
        ("Hana Hamdi", "MPH", "speaker"),
        ("Nijmie Dzurinko", "", "speaker"),
        ("Kiara Marmolejos", "", "moderator"),
    ]
    assert (
        "Project Lead for the Health Equity Scholar Guide"
        in appearances.get(role=WebinarSpeaker.Role.MODERATOR).speaker.bio
    )


# --- The list ------------------------------------------------------------------


def test_the_list_shows_upcoming_webinars_first_then_past_ones_and_no_drafts(
    client, django_assert_max_num_queries
):
    later = WebinarFactory(title="Later webinar", starts_at=timezone.now() + timedelta(days=30))
    sooner = WebinarFactory(title="Sooner webinar")
    WebinarFactory(title="Draft webinar", status=Webinar.Status.DRAFT)
    WebinarFactory(title="Called-off webinar", status=Webinar.Status.CANCELLED)

    with django_assert_max_num_queries(2):
        response = client.get(reverse("webinars:webinar_list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Draft webinar" not in html
    order = [
        html.index(title)
        for title in [
            sooner.title,
            later.title,
            "Introducing the For Us All campaign",
            "Saving Primary Care in the United States",
        ]
    ]
    assert order == sorted(order)
    assert html.index("Upcoming webinars") < order[0] < html.index("Past webinars") < order[2]
    assert "Cancelled" in html


def test_every_page_links_to_the_webinars(client):
    html = client.get(reverse("campaign:about")).content.decode()
    assert f'href="{reverse("webinars:webinar_list")}"' in html


# --- One webinar's page ---------------------------------------------------------------------


def test_the_page_shows_the_time_in_eastern_time_speakers_seats_and_the_form(
    client, django_assert_max_num_queries
):
    webinar = WebinarFactory(capacity=30, join_url="https://meet.example.org/j/secret-555")
    WebinarSpeakerFactory(
        webinar=webinar, speaker__name="Dr. First Speaker", speaker__credentials="MD, MPH", order=1
    )
    WebinarSpeakerFactory(
        webinar=webinar, speaker__name="The Moderator", role=WebinarSpeaker.Role.MODERATOR
    )
    RegistrationFactory.create_batch(3, webinar=webinar)
    RegistrationFactory(webinar=webinar, status=Registration.Status.WAITLISTED)

    with django_assert_max_num_queries(3):
        response = client.get(page_of(webinar))

    html = response.content.decode()
    assert response.status_code == 200
    eastern = timezone.localtime(webinar.starts_at)
    assert f'<time datetime="{eastern:%Y-%m-%dT%H:%M:%S%z}">' in html
    assert "Eastern Time" in html
    assert "Dr. First Speaker" in html
    assert "MD, MPH" in html
    assert "<h2>Moderator</h2>" in html
    assert "27 seats left." in html
    calendar_path = reverse("webinars:webinar_calendar", kwargs={"slug": webinar.slug})
    assert f'href="{settings.SITE_URL}{calendar_path}"' in html
    for field in ("first_name", "last_name", "email", "organisation", "role", "question"):
        assert f'name="{field}"' in html
    assert 'name="accommodations"' in html
    # The newsletter box is unticked, and the join link is never on a page.
    checkbox = re.search(r'<input type="checkbox" name="newsletter_opt_in"[^>]*>', html)
    assert checkbox
    assert "checked" not in checkbox.group(0)
    assert "secret-555" not in html
    assert 'src="/static/js/webinars' in html


def test_the_page_comes_from_the_cache_yet_the_seats_left_are_current(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    webinar = WebinarFactory(capacity=3)
    assert "3 seats left." in client.get(page_of(webinar)).content.decode()
    with django_assert_num_queries(0):
        again = Client().get(page_of(webinar))
    assert "3 seats left." in again.content.decode()
    # Each visitor still gets a token and a fill-time clock of their own.
    assert re.search(r'name="csrfmiddlewaretoken" value="\w{32,}"', again.content.decode())

    with django_capture_on_commit_callbacks(execute=True):
        register(webinar)
    assert "2 seats left." in Client().get(page_of(webinar)).content.decode()


def test_the_cached_page_stops_taking_registrations_when_the_webinar_starts(client):
    webinar = WebinarFactory()
    assert 'name="first_name"' in client.get(page_of(webinar)).content.decode()
    with time_machine.travel(webinar.starts_at + timedelta(minutes=1)):
        html = Client().get(page_of(webinar)).content.decode()
    assert 'name="first_name"' not in html
    with time_machine.travel(webinar.ends_at + timedelta(minutes=1)):
        html = Client().get(page_of(webinar)).content.decode()
    assert "This webinar has taken place" in html


def test_a_full_webinar_offers_the_waitlist(client):
    webinar = WebinarFactory(capacity=1)
    RegistrationFactory(webinar=webinar)
    html = client.get(page_of(webinar)).content.decode()
    assert "Every seat is taken" in html
    assert "Join the waitlist" in html


def test_a_draft_is_not_found(client):
    webinar = WebinarFactory(status=Webinar.Status.DRAFT)
    assert client.get(page_of(webinar)).status_code == 404
    assert client.post(page_of(webinar), registration_form_data()).status_code == 404
    assert not Registration.objects.exists()


def test_a_past_webinar_says_registration_closed_and_links_its_recording(client):
    webinar = Webinar.objects.get(slug=PANEL)
    html = client.get(page_of(webinar)).content.decode()
    assert "This webinar has taken place" in html
    assert 'name="first_name"' not in html
    assert "Watch the recording" not in html
    assert "Add to calendar" not in html

    webinar.recording_url = "https://video.example.org/primary-care"
    webinar.save()
    html = client.get(page_of(webinar)).content.decode()
    assert 'href="https://video.example.org/primary-care"' in html


def test_a_cancelled_webinar_says_so(client):
    webinar = WebinarFactory(status=Webinar.Status.CANCELLED)
    html = client.get(page_of(webinar)).content.decode()
    assert "This webinar has been cancelled." in html
    assert 'name="first_name"' not in html


def test_the_source_code_of_the_link_is_carried_by_the_form(client):
    webinar = WebinarFactory()
    html = client.get(page_of(webinar) + "?source=newsletter-march").content.decode()
    assert re.search(r'<input type="hidden" name="source" value="newsletter-march"', html)
    hostile = client.get(page_of(webinar) + '?source="><script>x</script>').content.decode()
    assert 'name="first_name"' in hostile
    assert "<script>x" not in hostile


# --- Registering through the form ----------------------------------------------------------


def test_registering_through_the_form(client, django_capture_on_commit_callbacks):
    webinar = WebinarFactory(capacity=10)

    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client,
            webinar,
            email="Ana.Reader@Example.org",
            source="newsletter-march",
            newsletter_opt_in="on",
            accommodations="Live captions, please.",
        )

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "webinars:registration_done", kwargs={"slug": webinar.slug}
    )
    registration = Registration.objects.get()
    assert registration.email == "ana.reader@example.org"
    assert registration.role == "clinician"
    assert registration.time_zone == "America/Chicago"
    assert registration.source == "newsletter-march"
    assert registration.language == "en"
    assert registration.accommodations == "Live captions, please."
    assert registration.newsletter_opt_in
    assert "Health Advocate Insights" in registration.newsletter_consent
    # The webinar's confirmation, and the newsletter's own confirmation
    # (double opt-in) because the box was ticked.
    assert sorted(message.to[0] for message in mail.outbox) == ["ana.reader@example.org"] * 2
    assert any("Health Advocate Insights" in message.subject for message in mail.outbox)

    done = client.get(response["Location"]).content.decode()
    assert "Check your email" in done
    assert "What happens next" in done
    assert "ana.reader" not in done


def test_a_full_webinar_puts_the_person_on_the_waitlist(client):
    webinar = WebinarFactory(capacity=1)
    RegistrationFactory(webinar=webinar)
    response = post(client, webinar)
    assert response["Location"] == reverse(
        "webinars:registration_done", kwargs={"slug": webinar.slug}
    )
    assert Registration.objects.filter(status="waitlisted").count() == 1


def test_sending_the_form_twice_makes_one_registration(client):
    webinar = WebinarFactory()
    assert post(client, webinar).status_code == 302
    again = post(client, webinar, email=" ANA.READER@example.org")
    assert again.status_code == 302
    assert Registration.objects.count() == 1


CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def answer_to(webinar: Webinar, email: str) -> tuple[int, str, bytes]:
    """What a fresh visitor sees after sending the form: status, final address, page."""
    visitor = Client()
    response = visitor.post(page_of(webinar), registration_form_data(email=email), follow=True)
    [(final_url, _status)] = response.redirect_chain
    return response.status_code, final_url, CSRF_TOKEN.sub(b"", response.content)


def test_new_repeat_and_waitlisted_registrations_get_the_same_answer_byte_for_byte():
    webinar = WebinarFactory(capacity=2)
    register(webinar, email="seat@example.org")
    new_with_a_seat = answer_to(webinar, "new@example.org")
    repeat_with_a_seat = answer_to(webinar, "seat@example.org")
    new_on_the_waitlist = answer_to(webinar, "waiting@example.org")
    repeat_on_the_waitlist = answer_to(webinar, "WAITING@example.org")

    assert dict(Registration.objects.values_list("email", "status")) == {
        "seat@example.org": "registered",
        "new@example.org": "registered",
        "waiting@example.org": "waitlisted",
    }
    status, final_url, body = new_with_a_seat
    assert status == 200
    assert final_url == reverse("webinars:registration_done", kwargs={"slug": webinar.slug})
    assert b"Check your email" in body
    assert new_with_a_seat == repeat_with_a_seat == new_on_the_waitlist == repeat_on_the_waitlist


def test_the_page_after_the_form_claims_no_email_that_may_not_have_gone():
    webinar = WebinarFactory()
    register(webinar, email="ana.reader@example.org")
    # Sent again within the hour: the re-send is held back, and the page
    # must not say it went.
    _status, _url, body = answer_to(webinar, "ana.reader@example.org")
    assert OutboundEmail.objects.count() == 1
    html = body.decode()
    assert "emailed you its confirmation again" not in html
    assert "at most once an hour" in html
    assert "registered for this webinar already" in html


def test_the_newsletter_is_not_chosen_unless_ticked(client):
    webinar = WebinarFactory()
    post(client, webinar)
    registration = Registration.objects.get()
    assert not registration.newsletter_opt_in
    assert registration.newsletter_consent == ""


def test_an_unknown_time_zone_sent_by_the_form_is_stored_as_eastern_time(client):
    webinar = WebinarFactory()

    response = post(client, webinar, time_zone="Mars/Olympus_Mons")

    assert response.status_code == 302
    assert Registration.objects.get(webinar=webinar).time_zone == "America/New_York"


def test_without_javascript_the_time_zone_is_eastern_time(client):
    webinar = WebinarFactory()
    data = registration_form_data()
    del data["time_zone"]
    client.post(page_of(webinar), data)
    assert Registration.objects.get().time_zone == "America/New_York"


@pytest.mark.parametrize("field", ["first_name", "last_name", "email", "role"])
def test_a_missing_required_field_is_named_next_to_it_and_in_the_summary(client, field):
    webinar = WebinarFactory()
    response = post(client, webinar, **{field: ""})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in html
    assert f'href="#id_{field}' in html
    assert not Registration.objects.exists()
    assert not OutboundEmail.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        pytest.param({"email": "not-an-address"}, "like name@example.org", id="malformed email"),
        pytest.param(
            {"email": "ana@example.org\r\nBcc: victim@example.org"},
            "like name@example.org",
            id="email with a line break",
        ),
        pytest.param({"email": "ana@example.org, ben@example.org"}, "like name@", id="two"),
        pytest.param({"question": "x" * 10_000}, "at most 2000 characters", id="long question"),
        pytest.param(
            {"accommodations": "y" * 5_000}, "at most 1000 characters", id="long accommodations"
        ),
        pytest.param({"first_name": "n" * 101}, "at most 100 characters", id="long name"),
        pytest.param({"role": "surgeon-general"}, "Select a valid choice", id="unknown role"),
        # The name goes into the confirmation, to an address nobody has confirmed.
        pytest.param(
            {"first_name": "Payment failed, visit https://evil.example/pay"},
            "Enter the name without a web address.",
            id="link in a name",
        ),
        pytest.param(
            {"last_name": "www.evil.example"},
            "Enter the name without a web address.",
            id="web address as a name",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(client, overrides, message):
    webinar = WebinarFactory()
    response = post(client, webinar, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Registration.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_hostile_text_comes_back_escaped(client):
    webinar = WebinarFactory()
    response = post(client, webinar, email="x", first_name='<script>alert("x")</script>')
    html = response.content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("time_zone", "source"),
    [
        pytest.param("../../etc/passwd", "<b>x</b>", id="hostile"),
        pytest.param("Europe/" + "x" * 500, "s" * 500, id="oversized"),
    ],
)
def test_a_hidden_field_that_is_not_valid_is_dropped_not_shown_as_an_error(
    client, time_zone, source
):
    webinar = WebinarFactory()
    assert post(client, webinar, time_zone=time_zone, source=source).status_code == 302
    registration = Registration.objects.get()
    assert registration.time_zone == "America/New_York"
    assert registration.source == ""


@pytest.mark.parametrize(
    "trap",
    [
        pytest.param({HONEYPOT_FIELD: "http://spam.example"}, id="honeypot"),
        pytest.param({"form_started": "tampered"}, id="tampered time"),
    ],
)
def test_the_bot_traps_save_nothing(client, trap):
    webinar = WebinarFactory()
    response = post(client, webinar, **trap)
    assert str(TRAPPED) in response.content.decode()
    assert not Registration.objects.exists()


def test_a_form_filled_faster_than_a_person_could_is_refused(client):
    webinar = WebinarFactory()
    response = post(client, webinar, form_started=started(seconds_ago=0.5))
    assert str(TOO_FAST) in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param({"registration_open": False}, "has closed", id="closed by staff"),
        pytest.param({"status": Webinar.Status.CANCELLED}, "cancelled", id="cancelled"),
    ],
)
def test_a_registration_for_a_closed_webinar_is_refused(client, change, message):
    webinar = WebinarFactory(**change)
    response = post(client, webinar)
    assert response.status_code == 409
    assert message in response.content.decode()
    assert not Registration.objects.exists()


def test_a_registration_sent_after_the_start_is_refused(client):
    webinar = WebinarFactory()
    with time_machine.travel(webinar.starts_at + timedelta(minutes=1)):
        response = post(client, webinar)
    assert response.status_code == 409
    assert "Registration closed when the webinar started." in response.content.decode()
    assert not Registration.objects.exists()


def test_the_form_is_rate_limited_per_client(client, monkeypatch):
    monkeypatch.setattr(views.WebinarDetailView, "rate_limit", "2/m")
    webinar = WebinarFactory()
    for n in range(2):
        assert post(client, webinar, email=f"person{n}@example.org").status_code == 302
    response = post(client, webinar, email="third@example.org")
    assert response.status_code == 429
    assert 'value="third@example.org"' in response.content.decode()
    assert Registration.objects.count() == 2


def test_a_registration_post_costs_a_handful_of_queries(client, django_assert_num_queries):
    webinar = WebinarFactory(capacity=100, join_url="https://meet.example.org/j/1")
    # The webinar (without its counts); then the lock, one count of what
    # the seats, the client and the address hold, the row, the outbox's
    # suppression check, the email and its calendar file; and the test
    # transaction's savepoint pair.
    with django_assert_num_queries(9):
        assert post(client, webinar).status_code == 302
    assert Registration.objects.get().status == Registration.Status.REGISTERED


# --- Seats under pressure ------------------------------------------------------------


CONFIRM_LINK = re.compile(r"http://testserver(/webinars/registrations/[^/\s]+/confirm/)")


def confirm_path_in_email_to(address: str) -> str:
    [email] = OutboundEmail.objects.filter(to=address)
    assert email.template == "webinars/email/confirm"
    [path] = set(CONFIRM_LINK.findall(email.body_text))
    return path


def test_a_flood_of_made_up_addresses_cannot_take_the_seats_from_a_real_person(
    seat_pressure, django_capture_on_commit_callbacks
):
    webinar = WebinarFactory(capacity=5)
    answers = []
    real_person = Client(REMOTE_ADDR="198.51.100.20")
    for client_number in range(1, 21):
        flooder = Client(REMOTE_ADDR=f"203.0.113.{client_number}")
        for n in range(5):
            response = post(flooder, webinar, email=f"made-up-{client_number}-{n}@example.net")
            answers.append(response.status_code)
        if client_number == 10:
            assert post(real_person, webinar, email="real.person@example.org").status_code == 302

    # Each client got three registrations in and was refused the rest.
    assert answers.count(302) == 20 * services.REGISTRATIONS_PER_CLIENT
    assert answers.count(429) == 20 * (5 - services.REGISTRATIONS_PER_CLIENT)
    # None of them holds a seat or a waitlist place: they wait for a confirmation.
    assert Registration.objects.filter(status="pending").count() == 61
    assert Registration.objects.exclude(status="pending").count() == 0
    assert "5 seats left." in Client().get(page_of(webinar)).content.decode()

    # The real person opens the emailed link and presses the button.
    path = confirm_path_in_email_to("real.person@example.org")
    page = real_person.get(path)
    assert page.status_code == 200
    assert "Confirm my registration" in page.content.decode()
    assert Registration.objects.get(email="real.person@example.org").status == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        done = real_person.post(path)
    assert done.status_code == 302
    assert "You have a seat" in real_person.get(done["Location"]).content.decode()
    assert Registration.objects.get(email="real.person@example.org").status == "registered"

    # The flood's registrations lapse; the real person keeps the seat.
    with time_machine.travel(timezone.now() + services.CONFIRM_WITHIN + timedelta(minutes=1)):
        assert tasks.registrations_lapse_unconfirmed() == 60
    assert list(
        Registration.objects.exclude(status="cancelled").values_list("email", "status")
    ) == [("real.person@example.org", "registered")]
    assert "4 seats left." in Client().get(page_of(webinar)).content.decode()


def test_the_answer_at_the_clients_limit_says_why(client):
    webinar = WebinarFactory(capacity=100)
    for n in range(services.REGISTRATIONS_PER_CLIENT):
        assert post(client, webinar, email=f"person{n}@example.org").status_code == 302
    response = post(client, webinar, email="one-more@example.org")
    assert response.status_code == 429
    html = response.content.decode()
    assert "This connection has registered 3 addresses for this webinar already" in html
    assert 'value="one-more@example.org"' in html
    assert Registration.objects.count() == services.REGISTRATIONS_PER_CLIENT


def test_opening_the_confirmation_link_changes_nothing_and_a_lapsed_one_says_so(
    client, seat_pressure
):
    webinar = WebinarFactory(capacity=5)
    post(client, webinar, email="ana@example.org")
    path = confirm_path_in_email_to("ana@example.org")
    response = client.get(path)
    assert response.status_code == 200
    assert 'name="robots" content="noindex"' in response.content.decode()
    assert Registration.objects.get().status == "pending"
    with time_machine.travel(timezone.now() + services.CONFIRM_WITHIN + timedelta(minutes=1)):
        html = client.get(path).content.decode()
        assert "This registration has lapsed" in html
        client.post(path)
    assert Registration.objects.get().status == "cancelled"
    forged = path.replace("/confirm/", "x/confirm/")
    assert client.get(forged).status_code == 404


# --- The add-to-calendar file ----------------------------------------------------------------


def test_the_public_calendar_file_downloads_without_the_join_link(client):
    webinar = WebinarFactory(join_url="https://meet.example.org/j/secret-777")
    response = client.get(reverse("webinars:webinar_calendar", kwargs={"slug": webinar.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{webinar.slug}.ics"'
    assert b"secret-777" not in response.content
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == webinar.title


def test_a_drafts_calendar_file_is_not_found(client):
    webinar = WebinarFactory(status=Webinar.Status.DRAFT)
    url = reverse("webinars:webinar_calendar", kwargs={"slug": webinar.slug})
    assert client.get(url).status_code == 404


# --- The cancel link -------------------------------------------------------------------


def cancel_url(registration: Registration) -> str:
    return reverse(
        "webinars:registration_cancel",
        kwargs={"token": cancel_token(registration_id=registration.pk)},
    )


def test_opening_the_cancel_link_changes_nothing(client):
    registration = register(WebinarFactory()).registration
    response = client.get(cancel_url(registration))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cancel my registration" in html
    assert '<form method="post">' in html
    assert 'name="robots" content="noindex"' in html
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED


def test_the_button_cancels_and_the_seat_goes_to_the_waitlist(client):
    webinar = WebinarFactory(capacity=1)
    seat = register(webinar, email="seat@example.org").registration
    waiting = register(webinar, email="waiting@example.org").registration

    response = client.post(cancel_url(seat))

    assert response.status_code == 302
    seat.refresh_from_db()
    waiting.refresh_from_db()
    assert seat.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.REGISTERED
    assert "Done" in client.get(response["Location"]).content.decode()
    # Again: harmless, and it says so.
    assert client.post(cancel_url(seat)).status_code == 302
    assert "already cancelled" in client.get(cancel_url(seat)).content.decode()
    assert Registration.objects.filter(status="registered").count() == 1


def test_a_waitlisted_person_can_leave_the_waitlist(client):
    webinar = WebinarFactory(capacity=1)
    register(webinar, email="seat@example.org")
    waiting = register(webinar, email="waiting@example.org").registration
    assert "Leave the waitlist" in client.get(cancel_url(waiting)).content.decode()
    client.post(cancel_url(waiting))
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CANCELLED


def test_the_cancel_form_needs_its_csrf_token():
    registration = register(WebinarFactory()).registration
    response = Client(enforce_csrf_checks=True).post(cancel_url(registration))
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED


@pytest.mark.parametrize(
    "token",
    ["nonsense", "MQ:1xVaBV:forged-signature-here", cancel_token(registration_id=1)[:-3] + "abc"],
)
def test_a_forged_or_cut_cancel_link_is_a_clear_404(client, token):
    registration = register(WebinarFactory()).registration
    url = reverse("webinars:registration_cancel", kwargs={"token": token})
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED


def test_a_link_to_a_deleted_registration_is_a_404(client):
    registration = register(WebinarFactory()).registration
    url = cancel_url(registration)
    Registration.objects.all().delete()
    assert client.get(url).status_code == 404


def test_the_sitemap_lists_the_webinars_but_not_drafts(client):
    draft = WebinarFactory(status=Webinar.Status.DRAFT)
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/webinars/</loc>" in xml
    assert f"<loc>http://testserver/webinars/{PANEL}/</loc>" in xml
    assert f"<loc>http://testserver/es/webinars/{LAUNCH}/</loc>" in xml
    assert draft.slug not in xml
