"""The contact form with real parts: a Celery worker on Redis, an SMTP server."""

import pytest
from django.test import Client

from campaign.models import ContactMessage
from tests.campaign.contact_form_data import contact_data

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_message_reaches_staff_with_reply_to_the_sender_and_the_sender_gets_an_answer(
    celery_worker, smtp_server, settings
):
    settings.CONTACT_EMAILS = ["team@example.org"]
    response = Client().post(
        "/es/contact/",
        contact_data(
            email="ana@example.org",
            subject="Una pregunta",
            message='<b>bold</b> & "quotes"',
        ),
    )
    assert response.status_code == 302
    assert ContactMessage.objects.get().language == "es"

    messages = smtp_server.wait_for(2)
    by_recipient = {message["To"]: message for message in messages}
    assert set(by_recipient) == {"team@example.org", "ana@example.org"}

    notice = by_recipient["team@example.org"]
    assert notice["Reply-To"] == "ana@example.org"
    [raw_notice] = [raw for raw in smtp_server.raw if b"To: team@example.org" in raw]
    # On the wire, as the worker sent it: one plain header line.
    assert b"\r\nReply-To: ana@example.org\r\n" in raw_notice
    html = notice.get_body(("html",)).get_content()
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quotes&quot;" in html
    assert '<b>bold</b> & "quotes"' in notice.get_body(("plain",)).get_content()

    acknowledgement = by_recipient["ana@example.org"]
    assert acknowledgement["Subject"] == "Hemos recibido su mensaje"
    assert acknowledgement["Reply-To"] is None
    assert acknowledgement.get_body(("plain",)) is not None
    assert acknowledgement.get_body(("html",)) is not None
