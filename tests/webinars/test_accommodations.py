"""Accommodation requests: the form's choices, due dates, the emails, the reminder, admin."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from forus.outbox.models import OutboundEmail
from tests.webinars.factories import (
    WebinarFactory,
    register,
    registration_form_data,
)
from webinars import selectors, services, tasks
from webinars.models import AccommodationReminder, AccommodationRequest, Registration
from webinars.staff import EVENT_COORDINATORS

pytestmark = pytest.mark.django_db

EASTERN = ZoneInfo("America/New_York")
UTC = ZoneInfo("UTC")


def staff_user(username: str, *, email: str, coordinator: bool = True, **fields) -> User:
    user = User.objects.create_user(username, email, "x", is_staff=True, **fields)
    if coordinator:
        user.groups.add(Group.objects.get(name=EVENT_COORDINATORS))
    return user


@pytest.fixture
def coordinator_user() -> User:
    return staff_user("coordinator", email="coordinator@example.org")


@pytest.fixture
def coordinator(coordinator_user) -> Client:
    client = Client()
    client.force_login(coordinator_user)
    return client


def emails_with(template: str) -> list[OutboundEmail]:
    return list(
        OutboundEmail.objects.filter(template=f"webinars/email/{template}").order_by("to", "pk")
    )


def page_of(webinar, language: str = "en") -> str:
    with translation.override(language):
        return reverse("webinars:webinar_detail", kwargs={"slug": webinar.slug})


def webinar_at(starts_at: datetime, **fields):
    return WebinarFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=1), **fields)


# --- The form ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "legend", "captions"),
    [
        ("en", "Accessibility accommodations (optional)", "Live captions"),
        ("es", "Adaptaciones de accesibilidad (opcional)", "Subtítulos en vivo"),
    ],
)
def test_the_form_offers_the_accommodations_as_checkboxes_in_a_fieldset(
    client, language, legend, captions
):
    webinar = WebinarFactory()
    html = client.get(page_of(webinar, language)).content.decode()
    fieldset = html[html.index('<fieldset aria-describedby="id_accommodation_needs_helptext"') :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]
    assert legend in fieldset[: fieldset.index("</legend>")]
    for need in ("captions", "asl", "other"):
        assert re.search(
            rf'<input type="checkbox"[^>]* name="accommodation_needs" value="{need}"', fieldset
        )
    assert captions in fieldset
    assert 'name="accommodations"' in html


def test_ticking_needs_and_writing_more_makes_a_request_for_coordinators(
    client, django_capture_on_commit_callbacks, coordinator_user, settings
):
    webinar = WebinarFactory(title="Captioned webinar")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            page_of(webinar),
            registration_form_data(
                accommodation_needs=["asl", "captions"],
                accommodations="A seat near the interpreter's window, please.",
            ),
        )
    assert response.status_code == 302
    request = AccommodationRequest.objects.get()
    assert request.needs == ["captions", "asl"]
    assert request.details == "A seat near the interpreter's window, please."
    assert request.status == AccommodationRequest.Status.OPEN
    assert request.registration.accommodations == request.details
    [notice] = [message for message in mail.outbox if message.to == ["coordinator@example.org"]]
    assert "Captioned webinar" in notice.subject
    assert "Live captions" in notice.body
    assert "ASL (American Sign Language) interpretation" in notice.body
    admin_path = reverse("admin:webinars_accommodationrequest_change", args=[request.pk])
    assert f"{settings.SITE_URL}{admin_path}" in notice.body


def test_no_accommodation_asked_makes_no_request_and_no_notice(client, coordinator_user):
    webinar = WebinarFactory()
    response = client.post(page_of(webinar), registration_form_data())
    assert response.status_code == 302
    assert Registration.objects.exists()
    assert not AccommodationRequest.objects.exists()
    assert not emails_with("accommodation_new")


@pytest.mark.parametrize(
    ("needs", "accommodations", "message"),
    [
        pytest.param(
            ["captions", "braille-printer"], "", "Choose from the accommodations", id="unknown"
        ),
        pytest.param(
            ['<script>alert("x")</script>'], "", "Choose from the accommodations", id="script"
        ),
        pytest.param(["other"], "   ", "Tell us what else you need", id="other without words"),
        pytest.param(["captions"], "z" * 1_001, "at most 1000 characters", id="oversized words"),
    ],
)
def test_bad_accommodation_input_is_refused_and_shown_next_to_the_field(
    client, needs, accommodations, message
):
    webinar = WebinarFactory()
    response = client.post(
        page_of(webinar),
        registration_form_data(accommodation_needs=needs, accommodations=accommodations),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'id="error-summary"' in html
    assert "<script>alert" not in html
    assert not Registration.objects.exists()
    assert not AccommodationRequest.objects.exists()


def test_repeated_and_many_ticks_are_kept_once_in_the_forms_order(client):
    webinar = WebinarFactory()
    response = client.post(
        page_of(webinar),
        registration_form_data(
            # As many as the site takes in one form (DATA_UPLOAD_MAX_NUMBER_FIELDS).
            accommodation_needs=["other", "captions"] * 80 + ["asl"],
            accommodations="Large print slides.",
        ),
    )
    assert response.status_code == 302
    assert AccommodationRequest.objects.get().needs == ["captions", "asl", "other"]


def test_a_hostile_description_is_stored_as_typed_and_escaped_in_admin(coordinator):
    webinar = WebinarFactory()
    outcome = register(webinar, accommodations='<img src=x onerror="alert(1)">')
    request = outcome.registration.accommodation_request
    html = coordinator.get(
        reverse("admin:webinars_accommodationrequest_change", args=[request.pk])
    ).content.decode()
    assert request.details == '<img src=x onerror="alert(1)">'
    assert '<img src=x onerror="alert(1)">' not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


# --- Due dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("starts_at", "zone", "due_on"),
    [
        # 10 p.m. in Honolulu is the next morning in UTC and New York: the
        # webinar's own date counts.
        pytest.param(
            datetime(2025, 3, 12, 22, 0, tzinfo=ZoneInfo("Pacific/Honolulu")),
            "Pacific/Honolulu",
            date(2025, 3, 5),
            id="late evening in Hawaii",
        ),
        # 7 a.m. in Auckland is the evening before in UTC.
        pytest.param(
            datetime(2025, 4, 10, 7, 0, tzinfo=ZoneInfo("Pacific/Auckland")),
            "Pacific/Auckland",
            date(2025, 4, 3),
            id="early morning in New Zealand",
        ),
        # Daylight saving began on March 9 in between: still seven calendar days.
        pytest.param(
            datetime(2025, 3, 12, 0, 30, tzinfo=EASTERN),
            "America/New_York",
            date(2025, 3, 5),
            id="across the spring change, just after midnight",
        ),
        # ...and ended on November 2.
        pytest.param(
            datetime(2025, 11, 5, 23, 30, tzinfo=ZoneInfo("America/Los_Angeles")),
            "America/Los_Angeles",
            date(2025, 10, 29),
            id="across the autumn change, late evening",
        ),
    ],
)
def test_a_request_is_due_lead_days_before_the_webinars_own_date(starts_at, zone, due_on):
    webinar = webinar_at(starts_at, time_zone=zone)
    with time_machine.travel(datetime(2025, 2, 1, 12, 0, tzinfo=UTC), tick=False):
        outcome = register(webinar, accommodation_needs=["captions"])
    assert outcome.registration.accommodation_request.due_on == due_on


def test_the_lead_days_come_from_the_setting(settings):
    settings.ACCOMMODATION_LEAD_DAYS = 3
    webinar = webinar_at(datetime(2025, 3, 12, 12, 0, tzinfo=EASTERN))
    with time_machine.travel(datetime(2025, 2, 1, 12, 0, tzinfo=UTC), tick=False):
        outcome = register(webinar, accommodation_needs=["asl"])
    assert outcome.registration.accommodation_request.due_on == date(2025, 3, 9)


def test_a_request_after_its_due_date_is_due_today_in_the_webinars_zone():
    los_angeles = ZoneInfo("America/Los_Angeles")
    webinar = webinar_at(
        datetime(2025, 3, 12, 10, 0, tzinfo=los_angeles), time_zone="America/Los_Angeles"
    )
    # 03:30 UTC on March 11 is still the evening of March 10 in Los Angeles.
    with time_machine.travel(datetime(2025, 3, 11, 3, 30, tzinfo=UTC), tick=False):
        outcome = register(webinar, accommodation_needs=["captions"])
    assert outcome.registration.accommodation_request.due_on == date(2025, 3, 10)


def test_moving_the_webinar_moves_its_open_requests_due_dates():
    webinar = webinar_at(datetime(2025, 3, 20, 12, 0, tzinfo=EASTERN))
    with time_machine.travel(datetime(2025, 2, 1, 12, 0, tzinfo=UTC), tick=False):
        open_request = register(
            webinar, email="a@example.org", accommodation_needs=["asl"]
        ).registration.accommodation_request
        arranged = register(
            webinar, email="b@example.org", accommodation_needs=["captions"]
        ).registration.accommodation_request
        services.accommodation_request_update(
            accommodation_request_id=arranged.pk, status="arranged", owner_id=None, note=""
        )
        webinar.starts_at += timedelta(days=10)
        webinar.ends_at += timedelta(days=10)
        webinar.save()
        services.webinar_reschedule(webinar_id=webinar.pk)
    open_request.refresh_from_db()
    arranged.refresh_from_db()
    assert open_request.due_on == date(2025, 3, 23)
    assert arranged.due_on == date(2025, 3, 13)


# --- Arrival and registering again ------------------------------------------------------


def test_coordinators_with_an_address_hear_of_each_request_once(settings):
    settings.STAFF_NOTIFY_EMAILS = ["fallback@example.org"]
    staff_user("first", email="First@Example.org")
    staff_user("away", email="away@example.org", is_active=False)
    staff_user("no-address", email="")
    staff_user("editor", email="editor@example.org", coordinator=False)
    webinar = WebinarFactory()

    outcome = register(webinar, accommodation_needs=["captions"])
    assert [email.to for email in emails_with("accommodation_new")] == ["first@example.org"]

    # The same form sent again asks nothing new: nobody is told twice.
    register(webinar, accommodation_needs=["captions"])
    assert len(emails_with("accommodation_new")) == 1
    assert outcome.registration.accommodation_request.coordinators_told_at is not None


def test_without_coordinator_addresses_staff_notify_emails_hear_of_it(settings):
    settings.STAFF_NOTIFY_EMAILS = ["staff@example.org", "not an address", "STAFF@example.org"]
    register(WebinarFactory(), accommodations="A transcript afterwards.")
    assert [email.to for email in emails_with("accommodation_new")] == ["staff@example.org"]
    assert emails_with("accommodation_new")[0].language == "en"


def test_registering_again_with_an_accommodation_adds_it_and_reopens_the_request(
    coordinator_user,
):
    webinar = WebinarFactory()
    outcome = register(webinar)
    assert not AccommodationRequest.objects.exists()

    register(webinar, accommodation_needs=["captions"])
    request = AccommodationRequest.objects.get(registration=outcome.registration)
    assert request.needs == ["captions"]
    services.accommodation_request_update(
        accommodation_request_id=request.pk, status="arranged", owner_id=None, note="Booked."
    )

    register(webinar, accommodation_needs=["asl"], accommodations="Interpreter on screen.")
    request.refresh_from_db()
    outcome.registration.refresh_from_db()
    assert request.needs == ["captions", "asl"]
    assert request.details == "Interpreter on screen."
    assert outcome.registration.accommodations == "Interpreter on screen."
    assert request.status == AccommodationRequest.Status.OPEN
    assert request.note == "Booked."
    assert len(emails_with("accommodation_new")) == 2


def test_a_registration_waiting_for_confirmation_tells_coordinators_once_confirmed(
    seat_pressure, coordinator_user
):
    webinar = WebinarFactory(capacity=3)
    outcome = register(webinar, accommodation_needs=["asl"])
    assert outcome.registration.status == Registration.Status.PENDING
    assert AccommodationRequest.objects.filter(registration=outcome.registration).exists()
    assert not emails_with("accommodation_new")
    assert not selectors.accommodation_requests_open_by_due().exists()

    services.registration_confirm(registration_id=outcome.registration.pk)
    services.registration_confirm(registration_id=outcome.registration.pk)
    assert len(emails_with("accommodation_new")) == 1
    assert selectors.accommodation_requests_open_by_due().count() == 1


def test_a_cancelled_registrations_request_is_no_longer_work(coordinator_user):
    webinar = WebinarFactory()
    outcome = register(webinar, accommodation_needs=["captions"])
    request = outcome.registration.accommodation_request
    assert list(selectors.accommodation_requests_open_by_due()) == [request]

    services.registration_cancel(registration_id=outcome.registration.pk)
    assert not selectors.accommodation_requests_open_by_due().exists()
    # A coordinator closing it afterwards emails nobody: the person is not coming.
    assert not services.accommodation_request_update(
        accommodation_request_id=request.pk, status="not_arranged", owner_id=None, note=""
    )
    assert not emails_with("accommodation_not_arranged")

    # Registering again is a new registration with a request of its own.
    again = register(webinar, accommodation_needs=["asl"])
    assert again.registration.pk != outcome.registration.pk
    assert [r.needs for r in selectors.accommodation_requests_open_by_due()] == [["asl"]]


def test_deleting_a_registration_deletes_its_request():
    outcome = register(WebinarFactory(), accommodation_needs=["captions"])
    services.registration_delete(registration_id=outcome.registration.pk)
    assert not AccommodationRequest.objects.exists()


def test_open_requests_by_due_date_leave_out_what_is_done_or_past(
    django_assert_max_num_queries,
):
    now = timezone.now()
    soon = WebinarFactory(starts_at=now + timedelta(days=3))
    later = WebinarFactory(starts_at=now + timedelta(days=30))
    past = WebinarFactory(starts_at=now + timedelta(days=2))
    later_request = register(later, email="a@example.org", accommodation_needs=["asl"])
    soon_request = register(soon, email="b@example.org", accommodation_needs=["captions"])
    register(past, email="c@example.org", accommodation_needs=["captions"])
    arranged = register(soon, email="d@example.org", accommodation_needs=["asl"])
    services.accommodation_request_update(
        accommodation_request_id=arranged.registration.accommodation_request.pk,
        status="arranged",
        owner_id=None,
        note="",
    )

    with (
        time_machine.travel(now + timedelta(days=2, hours=1), tick=False),
        django_assert_max_num_queries(1),
    ):
        rows = [
            (r.registration.email, r.registration.webinar.title)
            for r in selectors.accommodation_requests_open_by_due()
        ]
    assert rows == [
        (soon_request.registration.email, soon.title),
        (later_request.registration.email, later.title),
    ]


# --- The daily reminder -------------------------------------------------------------------


def test_the_daily_reminder_goes_once_a_day_listing_only_open_requests_due_soon(settings):
    settings.STAFF_NOTIFY_EMAILS = []
    staff_user("one", email="one@example.org")
    staff_user("two", email="two@example.org")
    webinar = webinar_at(datetime(2025, 3, 12, 12, 0, tzinfo=EASTERN))
    far_webinar = webinar_at(datetime(2025, 3, 25, 12, 0, tzinfo=EASTERN))
    with time_machine.travel(datetime(2025, 2, 1, 12, 0, tzinfo=EASTERN), tick=False):
        register(webinar, email="due@example.org", first_name="Dora", accommodation_needs=["asl"])
        arranged = register(
            webinar, email="done@example.org", first_name="Arlo", accommodation_needs=["asl"]
        )
        register(far_webinar, email="far@example.org", first_name="Faye", accommodations="Slides")
        cancelled = register(
            webinar, email="gone@example.org", first_name="Gus", accommodation_needs=["captions"]
        )
    services.accommodation_request_update(
        accommodation_request_id=arranged.registration.accommodation_request.pk,
        status="arranged",
        owner_id=None,
        note="",
    )
    services.registration_cancel(registration_id=cancelled.registration.pk)

    # Due March 5. Before 7 a.m. Eastern nothing goes; at 8 it does, once.
    with time_machine.travel(datetime(2025, 3, 3, 6, 30, tzinfo=EASTERN), tick=False):
        assert tasks.accommodation_reminders_send() == 0
    with time_machine.travel(datetime(2025, 3, 3, 8, 0, tzinfo=EASTERN), tick=False):
        assert tasks.accommodation_reminders_send() == 2
        assert tasks.accommodation_reminders_send() == 0
    with time_machine.travel(datetime(2025, 3, 3, 23, 59, tzinfo=EASTERN), tick=False):
        assert tasks.accommodation_reminders_send() == 0
    reminders = emails_with("accommodation_reminder")
    assert [email.to for email in reminders] == ["one@example.org", "two@example.org"]
    body = reminders[0].body_text
    assert "Dora" in body
    assert "ASL (American Sign Language) interpretation" in body
    for left_out in ("Arlo", "Faye", "Gus"):
        assert left_out not in body
    assert reminders[0].subject == "1 accommodation request to arrange soon"

    # The next morning it goes again (now overdue), once.
    with time_machine.travel(datetime(2025, 3, 6, 7, 5, tzinfo=EASTERN), tick=False):
        assert tasks.accommodation_reminders_send() == 2
        assert tasks.accommodation_reminders_send() == 0
    assert "overdue" in emails_with("accommodation_reminder")[-1].body_text
    assert AccommodationReminder.objects.count() == 4


def test_no_reminder_when_nothing_open_is_due_soon(coordinator_user):
    webinar = webinar_at(datetime(2025, 3, 12, 12, 0, tzinfo=EASTERN))
    with time_machine.travel(datetime(2025, 2, 1, 12, 0, tzinfo=EASTERN), tick=False):
        outcome = register(webinar, accommodation_needs=["asl"])
    with time_machine.travel(datetime(2025, 3, 1, 9, 0, tzinfo=EASTERN), tick=False):
        assert tasks.accommodation_reminders_send() == 0  # due March 5: not yet
    services.accommodation_request_update(
        accommodation_request_id=outcome.registration.accommodation_request.pk,
        status="not_arranged",
        owner_id=None,
        note="",
    )
    with time_machine.travel(datetime(2025, 3, 4, 9, 0, tzinfo=EASTERN), tick=False):
        assert tasks.accommodation_reminders_send() == 0
    assert not emails_with("accommodation_reminder")
    assert not AccommodationReminder.objects.exists()


# --- The registrant's email ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "status", "subject", "words"),
    [
        ("en", "arranged", "Your accommodation is arranged: Panel", "Live captions"),
        ("es", "arranged", "Su adaptación está lista: Panel", "Subtítulos en vivo"),
        ("en", "not_arranged", "We could not arrange your accommodation: Panel", "Live captions"),
        ("es", "not_arranged", "No pudimos organizar su adaptación: Panel", "Subtítulos en vivo"),
    ],
)
def test_the_registrant_hears_of_the_outcome_in_their_language(
    language, status, subject, words, django_capture_on_commit_callbacks
):
    webinar = WebinarFactory(title="Panel")
    outcome = register(webinar, language=language, accommodation_needs=["captions"])
    request = outcome.registration.accommodation_request
    with django_capture_on_commit_callbacks(execute=True):
        assert services.accommodation_request_update(
            accommodation_request_id=request.pk, status=status, owner_id=None, note="Secret"
        )
    [message] = [m for m in mail.outbox if m.subject == subject]
    assert message.to == ["ana.reader@example.org"]
    assert words in message.body
    assert "Secret" not in message.body
    [(html, _mimetype)] = message.alternatives
    assert words in html


def test_the_registrant_is_emailed_once_per_change_of_outcome():
    outcome = register(WebinarFactory(), accommodation_needs=["asl"])
    request_id = outcome.registration.accommodation_request.pk

    def update(status: str) -> bool:
        return services.accommodation_request_update(
            accommodation_request_id=request_id, status=status, owner_id=None, note=""
        )

    assert update("arranged")
    assert not update("arranged")
    assert not update("open")
    assert not update("arranged")
    assert update("not_arranged")
    assert len(emails_with("accommodation_arranged")) == 1
    assert len(emails_with("accommodation_not_arranged")) == 1
    with pytest.raises(ValueError, match="Unknown status"):
        update("done")


# --- Admin ---------------------------------------------------------------------------------


def admin_form(request: AccommodationRequest, **changes: object) -> dict[str, object]:
    return {
        "status": request.status,
        "owner": request.owner_id or "",
        "note": request.note,
    } | changes


def test_a_coordinator_marks_a_request_arranged_and_the_registrant_is_emailed_once(
    coordinator, coordinator_user
):
    outcome = register(WebinarFactory(), accommodation_needs=["captions"])
    request = outcome.registration.accommodation_request
    url = reverse("admin:webinars_accommodationrequest_change", args=[request.pk])

    for _ in range(2):
        response = coordinator.post(
            url,
            admin_form(request, status="arranged", owner=coordinator_user.pk, note="CART booked."),
        )
        assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == AccommodationRequest.Status.ARRANGED
    assert request.owner == coordinator_user
    assert request.note == "CART booked."
    [email] = emails_with("accommodation_arranged")
    assert email.to == "ana.reader@example.org"


def test_the_list_is_ordered_by_due_date_and_filters_by_status_webinar_and_due(
    coordinator, django_assert_max_num_queries
):
    now = timezone.now()
    soon = WebinarFactory(starts_at=now + timedelta(days=8), title="Soon webinar")
    later = WebinarFactory(starts_at=now + timedelta(days=40), title="Later webinar")
    for n in range(3):
        register(later, email=f"later{n}@example.org", accommodation_needs=["asl"])
    register(soon, email="soon@example.org", first_name="Sol", accommodation_needs=["captions"])
    url = reverse("admin:webinars_accommodationrequest_changelist")

    with django_assert_max_num_queries(14):
        html = coordinator.get(url).content.decode()
    results = html[html.index('id="result_list"') :]
    assert results.index("Soon webinar") < results.index("Later webinar")

    within_a_week = coordinator.get(url, {"due": "7"})
    assert within_a_week.context["cl"].result_count == 1
    assert "Sol Reader" in within_a_week.content.decode()
    by_webinar = coordinator.get(url, {"registration__webinar__id__exact": later.pk})
    assert "Sol Reader" not in by_webinar.content.decode()
    assert coordinator.get(url, {"status__exact": "arranged"}).context["cl"].result_count == 0
    assert coordinator.get(url, {"status__exact": "open"}).context["cl"].result_count == 4


def test_the_registration_page_in_admin_links_to_its_request(coordinator):
    outcome = register(WebinarFactory(), accommodation_needs=["asl"])
    request = outcome.registration.accommodation_request
    html = coordinator.get(
        reverse("admin:webinars_registration_change", args=[outcome.registration.pk])
    ).content.decode()
    assert reverse("admin:webinars_accommodationrequest_change", args=[request.pk]) in html
    assert "ASL (American Sign Language) interpretation" in html


def test_event_coordinators_may_see_and_change_requests_but_not_add_or_delete_them(
    coordinator,
):
    outcome = register(WebinarFactory(), accommodation_needs=["asl"])
    request = outcome.registration.accommodation_request
    assert (
        coordinator.get(reverse("admin:webinars_accommodationrequest_changelist")).status_code
        == 200
    )
    assert coordinator.get(reverse("admin:webinars_accommodationrequest_add")).status_code == 403
    assert (
        coordinator.get(
            reverse("admin:webinars_accommodationrequest_delete", args=[request.pk])
        ).status_code
        == 403
    )


def test_staff_outside_the_group_cannot_see_requests():
    client = Client()
    client.force_login(staff_user("editor", email="editor@example.org", coordinator=False))
    url = reverse("admin:webinars_accommodationrequest_changelist")
    assert client.get(url).status_code == 403


# --- The person's own page and erasure -------------------------------------------------


def test_words_changed_on_the_persons_own_page_reach_the_request_and_make_it_work_again(
    coordinator_user,
):
    webinar = WebinarFactory()
    registration = register(webinar, accommodation_needs=["captions"]).registration
    request = registration.accommodation_request
    services.accommodation_request_update(
        accommodation_request_id=request.pk,
        status=AccommodationRequest.Status.ARRANGED,
        owner_id=None,
        note="Booked",
    )

    services.registration_answers_change(
        registration_id=registration.pk, question="", accommodations="Also a transcript, please."
    )

    request.refresh_from_db()
    assert request.details == "Also a transcript, please."
    assert request.status == AccommodationRequest.Status.OPEN
    assert len(emails_with("accommodation_new")) == 2

    # Words taken back from a request with nothing ticked leave nothing to do.
    plain = register(WebinarFactory(), accommodations="A sign language interpreter.")
    services.registration_answers_change(
        registration_id=plain.registration.pk, question="", accommodations=""
    )
    assert not AccommodationRequest.objects.filter(registration=plain.registration).exists()


def test_erasing_a_past_registration_keeps_nothing_of_its_request():
    webinar = WebinarFactory()
    registration = register(
        webinar, accommodation_needs=["asl"], accommodations="My hearing aid needs a loop."
    ).registration
    services.accommodation_request_update(
        accommodation_request_id=registration.accommodation_request.pk,
        status=AccommodationRequest.Status.ARRANGED,
        owner_id=None,
        note="Spoke to Ana about her hearing aid",
    )
    with time_machine.travel(webinar.ends_at + timedelta(days=1)):
        services.registrations_erase(email="ana.reader@example.org")

    request = AccommodationRequest.objects.get(registration=registration)
    assert (request.needs, request.details, request.note) == ([], "", "")
