"""Subscribers whose address bounced or complained: marked, left out of the export, shown."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from campaign.newsletter.models import Subscriber
from campaign.staff import EDITORS
from forus.outbox.feedback import Report, email_report_record, suppression_lift
from forus.outbox.models import Suppression
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/newsletter/subscriber/"
EXPORT = "/admin/newsletter/subscriber/export/"


@pytest.fixture
def editor() -> Client:
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    browser = Client()
    browser.force_login(user)
    return browser


def _exported(response) -> list[str]:
    body = b"".join(response.streaming_content).decode("utf-8")
    return [row[0] for row in csv.reader(io.StringIO(body))][1:]


def test_the_export_leaves_out_subscribers_who_bounced_or_complained(editor):
    for name in ("kept", "bounced", "complained"):
        SubscriberFactory(email=f"{name}@example.org", confirmed=True)
    email_report_record(
        report=Report.HARD_BOUNCE, recipient="BOUNCED@example.org", provider="Postmark"
    )
    email_report_record(
        report=Report.COMPLAINT, recipient="complained@example.org", provider="Mailgun"
    )
    email_report_record(
        report=Report.SOFT_BOUNCE, recipient="kept@example.org", provider="Mailgun"
    )

    assert _exported(editor.get(EXPORT)) == ["kept@example.org"]
    everyone = Subscriber.objects.values_list("pk", flat=True)
    response = editor.post(
        LIST, {"action": "export_confirmed", "_selected_action": list(everyone)}
    )
    assert _exported(response) == ["kept@example.org"]


def test_editors_see_the_problem_and_filter_by_it(editor):
    SubscriberFactory(email="kept@example.org", confirmed=True)
    bounced = SubscriberFactory(email="bounced@example.org", confirmed=True)
    email_report_record(
        report=Report.HARD_BOUNCE, recipient="bounced@example.org", provider="Postmark"
    )

    html = editor.get(LIST, {"email_problem__exact": "bounced"}).content.decode()
    assert "bounced@example.org" in html
    assert "kept@example.org" not in html
    page = editor.get(f"{LIST}{bounced.pk}/change/").content.decode()
    assert "Bounced" in page
    assert "Email problem reported" in page


def test_lifting_the_suppression_puts_the_subscriber_back_in_the_export(editor):
    SubscriberFactory(email="ana@example.org", confirmed=True)
    email_report_record(report=Report.COMPLAINT, recipient="ana@example.org", provider="Postmark")
    assert _exported(editor.get(EXPORT)) == []

    suppression_lift(
        suppression_ids=list(Suppression.objects.values_list("pk", flat=True)), lifted_by=None
    )

    assert _exported(editor.get(EXPORT)) == ["ana@example.org"]
    subscriber = Subscriber.objects.get()
    assert (subscriber.email_problem, subscriber.email_problem_at) == ("", None)
