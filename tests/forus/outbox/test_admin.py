import io

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from campaign.staff import EDITORS
from champions.staff import MODERATORS
from forus.outbox.models import OutboundEmail
from forus.outbox.services import Attachment, email_queue
from tests.champions.factories import NominationFactory
from tests.webinars.factories import RegistrationFactory
from webinars.staff import EVENT_COORDINATORS

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client() -> Client:
    """A superuser: the only staff who may read the site's own check emails."""
    superuser = User.objects.create_superuser("admin", password="x")
    client = Client()
    client.force_login(superuser)
    return client


def _queue(to: str) -> OutboundEmail:
    with transaction.atomic():
        return email_queue(
            to=to,
            template="outbox/email/check",
            context={"queued_at": "<b>now</b>"},
            attachments=[Attachment("invite.ics", b"BEGIN:VCALENDAR", "text/calendar")],
        )


def test_staff_see_the_outbox_with_status_attempts_and_error(staff_client):
    failed = _queue("failed@example.org")
    OutboundEmail.objects.filter(pk=failed.pk).update(
        status=OutboundEmail.Status.FAILED, attempts=3, last_error="550 No such mailbox"
    )
    _queue("pending@example.org")

    html = staff_client.get("/admin/outbox/outboundemail/").content.decode()
    assert "failed@example.org" in html
    assert "pending@example.org" in html
    assert "550 No such mailbox" in html

    filtered = staff_client.get("/admin/outbox/outboundemail/?status__exact=failed")
    assert "failed@example.org" in filtered.content.decode()
    assert "pending@example.org" not in filtered.content.decode()
    searched = staff_client.get("/admin/outbox/outboundemail/?q=pending@")
    assert "pending@example.org" in searched.content.decode()
    assert "failed@example.org" not in searched.content.decode()


def test_staff_resend_from_the_list(staff_client, django_capture_on_commit_callbacks):
    email = _queue("failed@example.org")
    OutboundEmail.objects.filter(pk=email.pk).update(status=OutboundEmail.Status.FAILED)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/admin/outbox/outboundemail/",
            {"action": "resend", "_selected_action": [email.pk]},
            follow=True,
        )

    assert "1 email queued again." in response.content.decode()
    assert OutboundEmail.objects.get(pk=email.pk).status == OutboundEmail.Status.SENT
    assert [message.to for message in mail.outbox] == [["failed@example.org"]]


def test_staff_read_the_message_as_sent(staff_client):
    email = _queue("reader@example.org")
    page = staff_client.get(f"/admin/outbox/outboundemail/{email.pk}/change/").content.decode()
    assert "This is a test email from the For Us All site." in page
    assert email.message_id.replace("<", "&lt;").replace(">", "&gt;") in page
    assert "invite.ics" in page

    html_part = staff_client.get(f"/admin/outbox/outboundemail/{email.pk}/html/")
    assert html_part.status_code == 200
    assert "Visit the site" in html_part.content.decode()
    # Shown as sent, but nothing in it may run or load from elsewhere.
    assert "default-src 'none'" in html_part["Content-Security-Policy"]
    assert "script-src" not in html_part["Content-Security-Policy"]
    assert html_part["X-Frame-Options"] == "SAMEORIGIN"


def test_the_outbox_cannot_be_edited_added_to_or_deleted_from(staff_client):
    email = _queue("reader@example.org")
    assert staff_client.get("/admin/outbox/outboundemail/add/").status_code == 403
    assert staff_client.get(f"/admin/outbox/outboundemail/{email.pk}/delete/").status_code == 403
    staff_client.post(
        f"/admin/outbox/outboundemail/{email.pk}/change/", {"to": "attacker@example.org"}
    )
    assert OutboundEmail.objects.get(pk=email.pk).to == "reader@example.org"


def test_the_outbox_is_staff_only():
    email = _queue("reader@example.org")
    response = Client().get(f"/admin/outbox/outboundemail/{email.pk}/html/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_read_only_the_emails_of_people_they_may_see():
    """A moderator reads nomination emails, not a registrant's join link."""
    with transaction.atomic():
        nomination_email = email_queue(
            to="nominator@example.org",
            template="champions/email/nomination_received",
            context={"nomination": NominationFactory()},
        )
    registration = RegistrationFactory()
    registration_email = OutboundEmail.objects.create(
        to=registration.email,
        subject="You are registered",
        body_text="Join: https://meet.example.org/j/secret",
        body_html="<p>secret</p>",
        template="webinars/email/registered",
        app_label="webinars",
        message_id="<r1@example.org>",
    )
    moderator = User.objects.create_user("moderator", password="x", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    client = Client()
    client.force_login(moderator)

    listing = client.get("/admin/outbox/outboundemail/").content.decode()
    assert "nominator@example.org" in listing
    assert registration.email not in listing
    change = f"/admin/outbox/outboundemail/{registration_email.pk}/change/"
    assert client.get(change).status_code in {302, 404}
    html = f"/admin/outbox/outboundemail/{registration_email.pk}/html/"
    assert client.get(html).status_code == 404
    assert (
        client.get(f"/admin/outbox/outboundemail/{nomination_email.pk}/html/").status_code == 200
    )

    coordinator = User.objects.create_user("coordinator", password="x", is_staff=True)
    coordinator.groups.add(Group.objects.get(name=EVENT_COORDINATORS))
    client.force_login(coordinator)
    listing = client.get("/admin/outbox/outboundemail/").content.decode()
    assert registration.email in listing
    assert "nominator@example.org" not in listing


@pytest.mark.parametrize("group", [EDITORS, EVENT_COORDINATORS, MODERATORS])
def test_only_superusers_read_the_emails_of_outbox_check(group, staff_client):
    call_command("outbox_check", "operator@example.org", stdout=io.StringIO())
    email = OutboundEmail.objects.get()
    assert email.template == "outbox/email/check"
    staff = User.objects.create_user("staff", password="x", is_staff=True)
    staff.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(staff)

    listing = client.get("/admin/outbox/outboundemail/")
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 0
    assert "operator@example.org" not in listing.content.decode()
    change = client.get(f"/admin/outbox/outboundemail/{email.pk}/change/")
    assert change.status_code in {302, 404}
    assert client.get(f"/admin/outbox/outboundemail/{email.pk}/html/").status_code == 404

    superuser_listing = staff_client.get("/admin/outbox/outboundemail/").content.decode()
    assert "operator@example.org" in superuser_listing
    html = staff_client.get(f"/admin/outbox/outboundemail/{email.pk}/html/")
    assert html.status_code == 200


def _row(*, to: str, template: str, app_label: str) -> OutboundEmail:
    return OutboundEmail.objects.create(
        to=to,
        subject="Hello",
        body_text="Hello",
        body_html="<p>Hello</p>",
        template=template,
        app_label=app_label,
        message_id=f"<{to}>",
    )


def test_the_app_that_queued_an_email_decides_who_reads_it_not_its_template():
    # Two rows whose template paths say the opposite of the app that queued them.
    champions_row = _row(
        to="champions@example.org", template="webinars/email/registered", app_label="champions"
    )
    webinars_row = _row(
        to="webinars@example.org", template="champions/email/received", app_label="webinars"
    )
    moderator = User.objects.create_user("moderator", password="x", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    client = Client()
    client.force_login(moderator)

    listing = client.get("/admin/outbox/outboundemail/")
    assert listing.context["cl"].result_count == 1
    assert "champions@example.org" in listing.content.decode()
    assert client.get(f"/admin/outbox/outboundemail/{champions_row.pk}/html/").status_code == 200
    assert client.get(f"/admin/outbox/outboundemail/{webinars_row.pk}/html/").status_code == 404


def test_editors_read_the_newsletters_emails_and_not_the_webinars():
    newsletter_row = _row(
        to="subscriber@example.org",
        template="newsletter/email/confirm",
        app_label="newsletter",
    )
    _row(to="registrant@example.org", template="webinars/email/registered", app_label="webinars")
    editor = User.objects.create_user("editor", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    client = Client()
    client.force_login(editor)

    listing = client.get("/admin/outbox/outboundemail/")
    assert listing.context["cl"].result_count == 1
    assert "subscriber@example.org" in listing.content.decode()
    assert client.get(f"/admin/outbox/outboundemail/{newsletter_row.pk}/html/").status_code == 200
