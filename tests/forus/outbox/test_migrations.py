"""The data migration that records, on every email already queued, the app it belongs to."""

import pytest

from tests.migrating import migrate, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_queued_email_gets_the_app_its_template_belongs_to():
    apps = migrate("outbox", "0003_not_after")
    OutboundEmail = apps.get_model("outbox", "OutboundEmail")
    templates = [
        "campaign/email/subscriber_confirm",
        "webinars/email/registered",
        "champions/email/nomination_received",
        "outbox/email/check",
        "test/waiting",
    ]
    for number, template in enumerate(templates):
        OutboundEmail.objects.create(
            to=f"person{number}@example.org",
            subject="Hello",
            body_text="Hello",
            body_html="<p>Hello</p>",
            template=template,
            message_id=f"<{number}@example.org>",
        )

    apps = migrate("outbox", "0004_email_app_label")
    OutboundEmail = apps.get_model("outbox", "OutboundEmail")
    rows = list(OutboundEmail.objects.order_by("message_id").values_list("template", "app_label"))
    migrate_to_latest()

    assert rows == [
        ("campaign/email/subscriber_confirm", "newsletter"),
        ("webinars/email/registered", "webinars"),
        ("champions/email/nomination_received", "champions"),
        ("outbox/email/check", "outbox"),
        # A template of no app: its email is for superusers only.
        ("test/waiting", ""),
    ]
