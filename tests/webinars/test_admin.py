"""What staff do in admin: counts, exports, cancelling and the recording follow-up."""

import csv
import io
import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from forus.outbox.models import OutboundEmail
from tests.webinars.factories import (
    RegistrationFactory,
    WebinarFactory,
    admin_change_form,
    register,
)
from webinars import services
from webinars.models import Registration
from webinars.staff import EVENT_COORDINATORS

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator() -> Client:
    """A staff member in the event coordinators group, as README says to set one up."""
    user = User.objects.create_user("coordinator", "coordinator@example.org", "x", is_staff=True)
    user.groups.add(Group.objects.get(name=EVENT_COORDINATORS))
    client = Client()
    client.force_login(user)
    return client


def csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_event_coordinators_may_run_webinars_but_not_add_registrations(coordinator):
    assert coordinator.get(reverse("admin:webinars_webinar_changelist")).status_code == 200
    assert coordinator.get(reverse("admin:webinars_webinar_add")).status_code == 200
    assert coordinator.get(reverse("admin:webinars_registration_changelist")).status_code == 200
    assert coordinator.get(reverse("admin:webinars_registration_add")).status_code == 403


def test_the_webinar_list_counts_seats_against_capacity_and_the_waitlist(
    coordinator, django_assert_max_num_queries
):
    webinar = WebinarFactory(title="Counted webinar", capacity=2)
    for n in range(3):
        register(webinar, email=f"person{n}@example.org")

    with django_assert_max_num_queries(12):
        response = coordinator.get(reverse("admin:webinars_webinar_changelist"))

    html = response.content.decode()
    assert "2 of 2" in html
    assert '<td class="field-waitlist">1</td>' in html


def test_the_webinar_page_counts_registrations_per_source(coordinator):
    webinar = WebinarFactory()
    register(webinar, email="a@example.org", source="newsletter")
    register(webinar, email="b@example.org", source="newsletter")
    register(webinar, email="c@example.org", source="partner-x")
    register(webinar, email="d@example.org")
    html = coordinator.get(
        reverse("admin:webinars_webinar_change", args=[webinar.pk])
    ).content.decode()
    assert "<li>newsletter: 2</li>" in html
    assert "<li>partner-x: 1</li>" in html
    assert "<li>(no source code): 1</li>" in html


def test_the_registrants_of_a_webinar_export_as_csv(coordinator):
    webinar = WebinarFactory(slug="primary-care")
    register(
        webinar,
        email="ana@example.org",
        organisation='=HYPERLINK("http://evil.example")',
        question="Will there be a recording?",
        accommodations="Captions",
    )
    RegistrationFactory(webinar=WebinarFactory(), email="someone-else@example.org")

    response = coordinator.post(
        reverse("admin:webinars_webinar_changelist"),
        {"action": "export_registrants", "_selected_action": [webinar.pk]},
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="primary-care-registrants.csv"' in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header[:10] == [
        "Webinar",
        "First name",
        "Last name",
        "Email",
        "Organisation",
        "Role",
        "Question for the panel",
        "Accessibility accommodations",
        "Status",
        "Registered at (Eastern Time)",
    ]
    [row] = rows
    assert row[3] == "ana@example.org"
    # A cell a spreadsheet would run as a formula is defused.
    assert row[4] == '\'=HYPERLINK("http://evil.example")'
    assert row[5] == "Clinician"
    assert row[6:9] == ["Will there be a recording?", "Captions", "Registered"]


def test_the_registration_list_searches_and_filters(coordinator):
    webinar = WebinarFactory(capacity=1)
    register(webinar, email="found@example.org", last_name="Findable")
    register(webinar, email="waiting@example.org")
    url = reverse("admin:webinars_registration_changelist")

    html = coordinator.get(url, {"q": "Findable"}).content.decode()
    assert "found@example.org" in html
    assert "waiting@example.org" not in html

    html = coordinator.get(
        url, {"status__exact": "waitlisted", "webinar__id__exact": webinar.pk}
    ).content.decode()
    assert "waiting@example.org" in html
    assert "found@example.org" not in html


def test_cancelling_in_admin_gives_the_seat_to_the_waitlist(coordinator):
    webinar = WebinarFactory(capacity=1)
    seat = register(webinar, email="seat@example.org").registration
    waiting = register(webinar, email="waiting@example.org").registration

    response = coordinator.post(
        reverse("admin:webinars_registration_changelist"),
        {"action": "cancel_registrations", "_selected_action": [seat.pk]},
        follow=True,
    )

    assert "1 registration cancelled" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.REGISTERED
    assert OutboundEmail.objects.filter(
        to="waiting@example.org", template="webinars/email/promoted"
    ).exists()


def test_deleting_a_registration_in_admin_frees_its_seat(coordinator):
    webinar = WebinarFactory(capacity=1)
    seat = register(webinar, email="seat@example.org").registration
    waiting = register(webinar, email="waiting@example.org").registration

    coordinator.post(
        reverse("admin:webinars_registration_delete", args=[seat.pk]), {"post": "yes"}
    )

    assert not Registration.objects.filter(pk=seat.pk).exists()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.REGISTERED


def test_raising_the_capacity_in_admin_promotes_from_the_waitlist(coordinator):
    webinar = WebinarFactory(capacity=1)
    for n in range(3):
        register(webinar, email=f"person{n}@example.org")

    response = coordinator.post(
        reverse("admin:webinars_webinar_change", args=[webinar.pk]),
        admin_change_form(webinar, capacity="3"),
        follow=True,
    )

    assert "2 people on the waitlist got a seat and an email." in response.content.decode()
    assert Registration.objects.filter(status="registered").count() == 3


def test_a_flyer_needs_its_description():
    webinar = WebinarFactory()
    webinar.flyer = "webinars/flyers/flyer.png"
    with pytest.raises(ValidationError, match="Describe the flyer"):
        webinar.full_clean()


def test_the_recording_action_emails_registrants_once(coordinator):
    webinar = WebinarFactory(recording_url="https://video.example.org/rec")
    register(webinar, email="ana@example.org")
    url = reverse("admin:webinars_webinar_changelist")
    action = {"action": "send_recording", "_selected_action": [webinar.pk]}

    before = coordinator.post(url, action, follow=True).content.decode()
    assert "wait until the webinar is over" in before

    with time_machine.travel(webinar.ends_at + timedelta(hours=2)):
        first = coordinator.post(url, action, follow=True).content.decode()
        second = coordinator.post(url, action, follow=True).content.decode()

    assert "1 email queued" in first
    assert "0 emails queued" in second
    assert OutboundEmail.objects.filter(template="webinars/email/recording").count() == 1


def test_staff_cannot_turn_a_seat_into_a_new_status_by_editing(coordinator):
    registration = register(WebinarFactory()).registration
    html = coordinator.get(
        reverse("admin:webinars_registration_change", args=[registration.pk])
    ).content.decode()
    assert registration.email in html
    assert 'name="status"' not in html


def test_cancelling_a_webinar_tells_everyone_registered_or_waiting_once(coordinator):
    webinar = WebinarFactory(capacity=1, title="Called-off webinar")
    register(webinar, email="seat@example.org")
    register(webinar, email="waiting@example.org", language="es")
    gone = register(webinar, email="gone@example.org").registration
    RegistrationFactory(email="other-webinar@example.org")
    services.registration_cancel(registration_id=gone.pk)
    OutboundEmail.objects.all().delete()
    url = reverse("admin:webinars_webinar_changelist")
    action = {"action": "cancel_webinars", "_selected_action": [webinar.pk]}

    first = coordinator.post(url, action, follow=True).content.decode()
    second = coordinator.post(url, action, follow=True).content.decode()

    assert "Called-off webinar is cancelled; 2 people were emailed." in first
    assert "0 people were emailed" in second
    emails = OutboundEmail.objects.filter(template="webinars/email/webinar_cancelled")
    assert sorted(emails.values_list("to", "language")) == [
        ("seat@example.org", "en"),
        ("waiting@example.org", "es"),
    ]
    subjects = dict(emails.values_list("to", "subject"))
    assert subjects["seat@example.org"] == "Cancelled: Called-off webinar"
    with translation.override("es"):
        assert subjects["waiting@example.org"] == (
            gettext("Cancelled: %(title)s") % {"title": "Called-off webinar"}
        )
    assert subjects["waiting@example.org"] != "Cancelled: Called-off webinar"
    webinar.refresh_from_db()
    assert webinar.status == "cancelled"
    assert not webinar.registrations.exclude(status="cancelled").exists()
    assert (
        "This webinar has been cancelled."
        in Client().get(webinar.get_absolute_url()).content.decode()
    )


def test_choosing_cancelled_in_the_form_tells_everyone_once(coordinator):
    webinar = WebinarFactory(capacity=1, title="Called-off webinar")
    register(webinar, email="seat@example.org")
    register(webinar, email="waiting@example.org")
    OutboundEmail.objects.all().delete()
    url = reverse("admin:webinars_webinar_change", args=[webinar.pk])

    response = coordinator.post(url, admin_change_form(webinar, status="cancelled"), follow=True)
    coordinator.post(url, admin_change_form(webinar, status="cancelled"), follow=True)

    assert "Called-off webinar is cancelled; 2 people were emailed." in response.content.decode()
    assert not webinar.registrations.exclude(status="cancelled").exists()
    emails = OutboundEmail.objects.filter(template="webinars/email/webinar_cancelled")
    assert sorted(emails.values_list("to", flat=True)) == [
        "seat@example.org",
        "waiting@example.org",
    ]


def test_moving_the_start_in_the_form_emails_everyone_the_new_time(coordinator):
    webinar = WebinarFactory(capacity=1)
    register(webinar, email="seat@example.org")
    register(webinar, email="waiting@example.org")
    later = timezone.localtime(webinar.starts_at + timedelta(days=2))
    url = reverse("admin:webinars_webinar_change", args=[webinar.pk])

    unchanged = coordinator.post(url, admin_change_form(webinar), follow=True)
    assert "was changed successfully" in unchanged.content.decode()
    assert "emailed the new time" not in unchanged.content.decode()
    response = coordinator.post(
        url,
        admin_change_form(
            webinar,
            starts_at_0=later.strftime("%Y-%m-%d"),
            ends_at_0=(later + timedelta(hours=1)).strftime("%Y-%m-%d"),
        ),
        follow=True,
    )

    assert "2 people registered or waiting were emailed the new time." in (
        response.content.decode()
    )
    assert sorted(
        OutboundEmail.objects.filter(template="webinars/email/rescheduled").values_list(
            "to", flat=True
        )
    ) == ["seat@example.org", "waiting@example.org"]


def test_a_form_opened_before_a_colleague_cancelled_cannot_put_the_status_back(coordinator):
    webinar = WebinarFactory(capacity=5, title="Called-off webinar")
    url = reverse("admin:webinars_webinar_change", args=[webinar.pk])
    page = coordinator.get(url).content.decode()
    opened = re.search(r'name="opened_version" value="([^"]+)"', page).group(1)
    stale_form = admin_change_form(webinar, status="published", title_en="Edited title")
    assert stale_form["opened_version"] == opened

    # A colleague calls it off meanwhile.
    services.webinar_cancel(webinar_id=webinar.pk)
    response = coordinator.post(url, stale_form)

    assert response.status_code == 200
    assert "Someone changed this webinar after you opened this page" in response.content.decode()
    webinar.refresh_from_db()
    assert webinar.status == "cancelled"
    assert webinar.title == "Called-off webinar"
    # Opened again, the form saves.
    fresh = coordinator.post(url, admin_change_form(webinar, title_en="Edited title"))
    assert fresh.status_code == 302
    webinar.refresh_from_db()
    assert webinar.title == "Edited title"
