"""The newsletter flow with real parts: a `celery -A forus worker` on Redis, and SMTP."""

import re
import time

import pytest
from django.test import Client

from campaign.newsletter.models import Subscriber
from forus.outbox.models import OutboundEmail
from tests.forus.public_form_data import honest_form_data

pytestmark = pytest.mark.django_db(transaction=True)

CONFIRM_LINK = re.compile(r"http://testserver(/newsletter/confirm/[^/\s]+/)")


def _wait_until_sent(count: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).count() < count:
        assert time.monotonic() < deadline, list(OutboundEmail.objects.values("status"))
        time.sleep(0.1)


def test_sign_up_confirm_from_the_delivered_email_and_leave_in_one_click(
    celery_worker, smtp_server
):
    person = Client()
    response = person.post(
        "/newsletter/", honest_form_data(email="Reader@Example.org", name="Ana Reader")
    )
    assert response.status_code == 302

    [confirmation] = smtp_server.wait_for(1)
    assert confirmation["To"] == "reader@example.org"
    assert confirmation["Subject"] == (
        "Please confirm your subscription to Health Advocate Insights"
    )
    assert confirmation["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    plain = confirmation.get_body(("plain",)).get_content()
    html = confirmation.get_body(("html",)).get_content()
    confirm_path = CONFIRM_LINK.search(plain).group(1)
    assert f'href="http://testserver{confirm_path}"' in html

    assert person.get(confirm_path).status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    assert person.post(confirm_path).status_code == 302
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED

    welcome = smtp_server.wait_for(2)[1]
    assert welcome["Subject"] == "Welcome to Health Advocate Insights"
    assert welcome["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = re.fullmatch(r"<(http://testserver/[^>]+)>", welcome["List-Unsubscribe"])[1]
    assert unsubscribe_url in welcome.get_body(("plain",)).get_content()
    _wait_until_sent(2)

    # The mail program's unsubscribe button: a bare POST, no cookie, no token.
    response = Client(enforce_csrf_checks=True).post(
        unsubscribe_url.removeprefix("http://testserver"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
    assert len(smtp_server.messages) == 2
