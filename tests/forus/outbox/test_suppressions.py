"""A suppressed address gets no email from any flow, until staff lift the suppression."""

import pytest
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.test import Client
from django.urls import reverse

from campaign.newsletter.services import Source, subscriber_request
from campaign.staff import EDITORS
from champions.staff import MODERATORS
from forus.outbox.feedback import Report, email_report_record, suppression_lift
from forus.outbox.models import OutboundEmail, Suppression
from forus.outbox.services import Delivery, email_deliver, email_queue
from tests.champions.conftest import nomination_data
from tests.webinars.factories import WebinarFactory, register
from webinars.staff import EVENT_COORDINATORS

pytestmark = pytest.mark.django_db

ADDRESS = "ana.reader@example.org"


def _suppress(address: str, report: Report = Report.HARD_BOUNCE) -> Suppression:
    email_report_record(report=report, recipient=address, provider="Postmark", event_id="42")
    return Suppression.objects.active().get(address=address)


def _staff(group: str) -> Client:
    user = User.objects.create_user(group.lower().replace(" ", "-"), password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


def _webinar_registration(client: Client, address: str) -> None:
    register(WebinarFactory(), email=address)


def _newsletter_confirmation(client: Client, address: str) -> None:
    subscriber_request(
        email=address,
        source=Source.NEWSLETTER_PAGE,
        language="en",
        consent_wording="I agree.",
    )


def _nomination_acknowledgement(client: Client, address: str) -> None:
    response = client.post(reverse("champions:nominate"), nomination_data(nominator_email=address))
    assert response.status_code == 302


def _staff_notice(client: Client, address: str) -> None:
    response = client.post(reverse("champions:nominate"), nomination_data())
    assert response.status_code == 302


FLOWS = {
    "webinar registration confirmation": (_webinar_registration, "webinars/email/"),
    "newsletter confirmation": (_newsletter_confirmation, "newsletter/email/confirm"),
    "nomination acknowledgement": (_nomination_acknowledgement, "champions/email/nomination_"),
    "staff notice": (_staff_notice, "champions/email/staff_"),
}


@pytest.mark.parametrize("flow", FLOWS)
def test_a_suppressed_address_gets_no_email_from_the_flow_and_staff_see_why(
    client, settings, smtp_server, django_capture_on_commit_callbacks, flow
):
    settings.STAFF_NOTIFY_EMAILS = [ADDRESS] if flow == "staff notice" else []
    start, template = FLOWS[flow]
    _suppress(ADDRESS)

    with django_capture_on_commit_callbacks(execute=True):
        start(client, ADDRESS)

    [email] = OutboundEmail.objects.filter(to=ADDRESS)
    assert email.template.startswith(template)
    assert email.status == OutboundEmail.Status.SUPPRESSED
    assert email.attempts == 0
    assert "the address is suppressed (Hard bounce reported" in email.last_error
    assert ADDRESS not in [message["To"] for message in smtp_server.messages]
    # Everyone else still gets theirs.
    others = OutboundEmail.objects.exclude(to=ADDRESS)
    assert set(others.values_list("status", flat=True)) <= {OutboundEmail.Status.SENT}
    assert len(smtp_server.messages) == others.count()


@pytest.mark.parametrize("flow", FLOWS)
def test_lifting_the_suppression_restores_sending_in_the_flow(
    client, settings, smtp_server, django_capture_on_commit_callbacks, flow
):
    settings.STAFF_NOTIFY_EMAILS = [ADDRESS] if flow == "staff notice" else []
    start, template = FLOWS[flow]
    suppression = _suppress(ADDRESS, Report.COMPLAINT)
    assert suppression_lift(suppression_ids=[suppression.pk], lifted_by=None) == 1

    with django_capture_on_commit_callbacks(execute=True):
        start(client, ADDRESS)

    [email] = OutboundEmail.objects.filter(to=ADDRESS)
    assert email.template.startswith(template)
    assert email.status == OutboundEmail.Status.SENT
    assert ADDRESS in [message["To"] for message in smtp_server.messages]


def test_an_address_suppressed_after_queueing_is_stopped_at_send_time(smtp_server):
    with transaction.atomic():
        email = email_queue(to=ADDRESS, template="outbox/email/check", context={"queued_at": "1"})
    assert email.status == OutboundEmail.Status.PENDING
    _suppress(ADDRESS)

    assert email_deliver(email_id=email.pk).delivery == Delivery.SUPPRESSED

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SUPPRESSED
    assert "suppressed" in email.last_error
    assert smtp_server.messages == []


def test_suppression_matches_the_address_in_its_one_form(smtp_server):
    email_report_record(
        report=Report.HARD_BOUNCE, recipient="Ana.Reader@EXAMPLE.org", provider="Mailgun"
    )

    with transaction.atomic():
        email = email_queue(to="ana.reader@example.org", template="outbox/email/check")

    assert Suppression.objects.get().address == "ana.reader@example.org"
    assert email.status == OutboundEmail.Status.SUPPRESSED


@pytest.mark.parametrize("group", [EDITORS, EVENT_COORDINATORS, MODERATORS])
def test_staff_see_suppressions_with_reason_and_date_and_lift_one_in_admin(
    group, smtp_server, django_capture_on_commit_callbacks
):
    suppression = _suppress(ADDRESS)
    _suppress("other@example.org", Report.COMPLAINT)
    staff = _staff(group)
    url = reverse("admin:outbox_suppression_changelist")

    page = staff.get(url).content.decode()
    assert ADDRESS in page
    assert "Hard bounce" in page
    assert "Spam complaint" in page
    assert f"{suppression.created_at:%Y}" in page

    response = staff.post(
        url, {"action": "lift", "_selected_action": [suppression.pk]}, follow=True
    )

    assert "1 suppression lifted" in response.content.decode()
    suppression.refresh_from_db()
    assert suppression.lifted_at is not None
    assert suppression.lifted_by.username == group.lower().replace(" ", "-")
    assert Suppression.objects.active().get().address == "other@example.org"
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        email = email_queue(to=ADDRESS, template="outbox/email/check")
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    # A lifted suppression is kept as a record; the address may be suppressed again.
    assert (
        staff.get(reverse("admin:outbox_suppression_changelist") + "?in_force=no").status_code
        == 200
    )
    _suppress(ADDRESS)
    assert Suppression.objects.filter(address=ADDRESS).count() == 2


def test_staff_cannot_add_or_delete_suppressions():
    staff = _staff(EDITORS)
    suppression = _suppress(ADDRESS)

    assert staff.get(reverse("admin:outbox_suppression_add")).status_code == 403
    delete = reverse("admin:outbox_suppression_delete", args=[suppression.pk])
    assert staff.post(delete, {"post": "yes"}).status_code == 403
    assert Suppression.objects.filter(pk=suppression.pk).exists()


def test_the_outbox_admin_shows_the_suppressed_status_and_the_providers_report():
    _suppress(ADDRESS)
    with transaction.atomic():
        email_queue(to=ADDRESS, template="outbox/email/check")
    superuser = User.objects.create_superuser("admin", password="x")
    client = Client()
    client.force_login(superuser)

    page = client.get(
        reverse("admin:outbox_outboundemail_changelist") + "?status=suppressed"
    ).content.decode()

    assert "Not sent: address suppressed" in page
    assert ADDRESS in page
