"""The contact form: stored for staff, both emails through the outbox, abuse held off."""

import json
import os
import re
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaign.models import ContactMessage
from campaign.services import contact_messages_forget_old
from campaign.views import ContactView
from forus.outbox.models import OutboundEmail
from forus.public_forms import HONEYPOT_FIELD, RATE_LIMITED, TRAPPED
from tests.campaign.contact_form_data import contact_data
from tests.forus.public_form_data import started

pytestmark = pytest.mark.django_db

CONTACT = "/contact/"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def send(client: Client, capture, path: str = CONTACT, **overrides: str):
    with capture(execute=True):
        return client.post(path, contact_data(**overrides))


@pytest.fixture
def staff_addresses(settings):
    settings.CONTACT_EMAILS = ["team@example.org", "lead@example.org"]
    return settings.CONTACT_EMAILS


def test_the_contact_page_has_the_form_in_both_languages(client, django_assert_max_num_queries):
    # The organisation's details, once, for the footer and the panel beside the form.
    with django_assert_max_num_queries(1):
        response = client.get(CONTACT)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Contact us · For Us All</title>" in html
    assert re.search(r'<input type="email" name="email"[^>]*autocomplete="email"', html)
    assert 'name="subject"' in html
    assert "<textarea" in html
    assert f'action="{CONTACT}"' in html

    spanish = client.get("/es" + CONTACT).content.decode()
    assert "Contáctenos" in spanish
    assert 'action="/es/contact/"' in spanish


def test_a_message_is_stored_and_staff_and_sender_are_emailed(
    client, django_capture_on_commit_callbacks, staff_addresses
):
    response = send(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("campaign:contact_thanks")

    message = ContactMessage.objects.get()
    assert (message.name, message.email, message.subject, message.language) == (
        "Ana Reader",
        "ana@example.org",
        "A question about the pillars",
        "en",
    )
    assert message.status == ContactMessage.Status.NEW

    by_recipient = {email.to[0]: email for email in mail.outbox}
    assert set(by_recipient) == {"ana@example.org", *staff_addresses}
    for address in staff_addresses:
        notice = by_recipient[address]
        assert notice.subject == "Contact form: A question about the pillars"
        assert notice.extra_headers["Reply-To"] == "ana@example.org"
        assert "How can my school take part?" in notice.body
        admin_path = reverse("admin:campaign_contactmessage_change", args=[message.pk])
        assert f"http://testserver{admin_path}" in notice.body
    acknowledgement = by_recipient["ana@example.org"]
    assert acknowledgement.subject == "We have received your message"
    assert "Reply-To" not in acknowledgement.extra_headers
    # It goes to an address nobody has confirmed: nothing typed is quoted.
    assert "How can my school take part?" not in acknowledgement.body
    assert "A question about the pillars" not in acknowledgement.body
    assert len(acknowledgement.alternatives) == 1  # and an HTML part


def test_the_acknowledgement_is_in_the_senders_language(
    client, django_capture_on_commit_callbacks, staff_addresses
):
    send(client, django_capture_on_commit_callbacks, path="/es" + CONTACT)
    assert ContactMessage.objects.get().language == "es"
    acknowledgement = next(email for email in mail.outbox if email.to == ["ana@example.org"])
    assert acknowledgement.subject == "Hemos recibido su mensaje"
    # Staff read theirs in the site's language.
    notice = next(email for email in mail.outbox if email.to == ["team@example.org"])
    assert notice.subject.startswith("Contact form:")


def test_without_contact_emails_only_the_acknowledgement_goes(
    client, django_capture_on_commit_callbacks, settings
):
    settings.CONTACT_EMAILS = []
    send(client, django_capture_on_commit_callbacks)
    assert ContactMessage.objects.count() == 1
    assert [email.to for email in mail.outbox] == [["ana@example.org"]]


def test_a_typo_in_contact_emails_loses_nothing(
    client, django_capture_on_commit_callbacks, settings
):
    settings.CONTACT_EMAILS = ["not an address", "team@example.org"]
    send(client, django_capture_on_commit_callbacks)
    assert ContactMessage.objects.count() == 1
    assert sorted(email.to[0] for email in mail.outbox) == ["ana@example.org", "team@example.org"]


def test_the_same_message_sent_twice_is_stored_and_emailed_once(
    client, django_capture_on_commit_callbacks, staff_addresses
):
    assert send(client, django_capture_on_commit_callbacks).status_code == 302
    assert send(client, django_capture_on_commit_callbacks).status_code == 302
    assert ContactMessage.objects.count() == 1
    assert OutboundEmail.objects.count() == 3
    # Another message from the same person is a message of its own.
    send(client, django_capture_on_commit_callbacks, message="And another thing.")
    assert ContactMessage.objects.count() == 2


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("name", "", "Enter your name."),
        ("email", "", "Enter your email address."),
        ("email", "not an address", "Enter an email address like name@example.org."),
        ("subject", "   ", "Enter a subject."),
        ("message", "  \n ", "Enter your message."),
        ("name", "Visit https://spam.example", None),
        ("name", "x" * 101, "at most 100 characters"),
        ("subject", "x" * 151, "at most 150 characters"),
        ("message", "x" * 5001, "at most 5000 characters"),
    ],
)
@pytest.mark.usefixtures("staff_addresses")
def test_wrong_missing_or_oversized_input_is_refused_next_to_its_field(
    client, django_capture_on_commit_callbacks, field, value, error
):
    response = send(client, django_capture_on_commit_callbacks, **{field: value})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert f'id="id_{field}_error"' in html or f'href="#id_{field}"' in html
    if error:
        assert error in html.replace("5,000", "5000")
    assert not ContactMessage.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    "trap",
    [
        pytest.param(lambda: {HONEYPOT_FIELD: "https://spam.example"}, id="honeypot"),
        pytest.param(lambda: {"form_started": "forged"}, id="forged start"),
        pytest.param(lambda: {"form_started": started(seconds_ago=0.5)}, id="too fast"),
    ],
)
def test_a_bot_tripping_a_trap_stores_and_sends_nothing(
    client, django_capture_on_commit_callbacks, staff_addresses, trap
):
    response = send(client, django_capture_on_commit_callbacks, **trap())
    assert response.status_code == 200
    assert not ContactMessage.objects.exists()
    assert mail.outbox == []
    if "form_started" not in trap() or trap()["form_started"] == "forged":
        assert str(TRAPPED) in response.content.decode()


def test_too_many_sends_from_one_client_get_a_429_with_the_message_as_typed(
    django_capture_on_commit_callbacks, monkeypatch, staff_addresses
):
    monkeypatch.setattr(ContactView, "rate_limit", "3/m")
    client = Client(REMOTE_ADDR="203.0.113.21")
    for number in range(3):
        response = send(client, django_capture_on_commit_callbacks, message=f"Message {number}")
        assert response.status_code == 302
    response = send(client, django_capture_on_commit_callbacks, message="One too many")
    assert response.status_code == 429
    html = response.content.decode()
    assert str(RATE_LIMITED).split(":")[0] in html
    assert "One too many</textarea>" in html
    assert ContactMessage.objects.count() == 3
    other = Client(REMOTE_ADDR="203.0.113.22")
    assert send(other, django_capture_on_commit_callbacks).status_code == 302


def test_hostile_text_is_escaped_in_the_email_and_in_admin(
    client, django_capture_on_commit_callbacks, staff_addresses
):
    send(
        client,
        django_capture_on_commit_callbacks,
        subject=f"Hi {HOSTILE}",
        message=f"{HOSTILE}\nsecond line",
    )
    message = ContactMessage.objects.get()
    notice = next(email for email in mail.outbox if email.to == ["team@example.org"])
    html = notice.alternatives[0][0]
    assert "<script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html
    # The plain-text part and the subject carry the text as typed, as plain text.
    assert HOSTILE in notice.body
    assert notice.subject == f"Contact form: Hi {HOSTILE}"

    staff = Client()
    staff.force_login(User.objects.create_superuser("editor", "e@example.org", "x"))
    page = staff.get(reverse("admin:campaign_contactmessage_change", args=[message.pk]))
    assert page.status_code == 200
    admin_html = page.content.decode()
    assert "<script>alert" not in admin_html
    assert "&lt;script&gt;alert" in admin_html
    listing = staff.get(reverse("admin:campaign_contactmessage_changelist"))
    assert "<script>alert" not in listing.content.decode()


def test_staff_filter_search_and_mark_messages(client, django_capture_on_commit_callbacks):
    send(client, django_capture_on_commit_callbacks, subject="About webinars")
    send(client, django_capture_on_commit_callbacks, subject="About spotlights", message="Hello")
    webinars = ContactMessage.objects.get(subject="About webinars")

    staff = Client()
    staff.force_login(User.objects.create_superuser("editor", "e@example.org", "x"))
    changelist = reverse("admin:campaign_contactmessage_changelist")
    found = staff.get(changelist, {"q": "webinars"}).content.decode()
    assert "About webinars" in found
    assert "About spotlights" not in found

    response = staff.post(
        changelist, {"action": "mark_answered", "_selected_action": [webinars.pk]}
    )
    assert response.status_code == 302
    webinars.refresh_from_db()
    assert webinars.status == ContactMessage.Status.ANSWERED
    answered = staff.get(changelist, {"status__exact": "answered"}).content.decode()
    assert "About webinars" in answered
    assert "About spotlights" not in answered
    # Nobody adds a message by hand.
    assert staff.get(reverse("admin:campaign_contactmessage_add")).status_code == 403


def test_old_messages_are_forgotten_after_the_keeping_time(settings):
    now = timezone.now()
    old = ContactMessage.objects.create(
        name="Old", email="old@example.org", subject="Old", message="x", language="en"
    )
    recent = ContactMessage.objects.create(
        name="New", email="new@example.org", subject="New", message="x", language="en"
    )
    ContactMessage.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=366))
    ContactMessage.objects.filter(pk=recent.pk).update(created_at=now - timedelta(days=364))
    assert contact_messages_forget_old(now=now) == 1
    assert list(ContactMessage.objects.all()) == [recent]

    settings.KEEP_CONTACT_MESSAGES_DAYS = 30
    assert contact_messages_forget_old(now=now) == 1
    assert not ContactMessage.objects.exists()


def test_beat_runs_the_clean_up_daily(settings):
    [job] = [
        job
        for job in settings.CELERY_BEAT_SCHEDULE.values()
        if job["task"] == "campaign.tasks.contact_messages_forget_old"
    ]
    assert job["schedule"] == 24 * 60 * 60.0


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"STAFF_NOTIFY_EMAILS": "staff@example.org"}, ["staff@example.org"]),
        (
            {
                "STAFF_NOTIFY_EMAILS": "staff@example.org",
                "CONTACT_EMAILS": "a@example.org, b@x.org",
            },
            ["a@example.org", "b@x.org"],
        ),
    ],
)
def test_contact_emails_fall_back_to_staff_notify_emails(environment, expected):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CONTACT_EMAILS", "STAFF_NOTIFY_EMAILS"}
    }
    env.update(environment)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import json, django; django.setup(); from django.conf import settings; "
                "print(json.dumps(settings.CONTACT_EMAILS))"
            ),
        ],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "forus.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == expected
