"""The whole champion path with real parts: a Celery worker on Redis, an SMTP server."""

import re
import time
from datetime import timedelta

import pytest
from django.contrib.admin import helpers
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaign.models import Pillar
from champions.models import Nomination, Spotlight
from champions.staff import MODERATORS
from forus.outbox.models import OutboundEmail
from forus.outbox.services import SWEEP_GRACE, outbox_sweep
from tests.champions.conftest import nomination_data, photo_upload

# serialized_rollback: the pillars, loaded by migrations, come back for each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NOMINATIONS = reverse("admin:champions_nomination_changelist")
SPOTLIGHTS = reverse("admin:champions_spotlight_changelist")


def _messages_to(smtp_server, address: str) -> list:
    return [message for message in smtp_server.messages if message["To"] == address]


def _text(message) -> str:
    return message.get_body(("plain",)).get_content()


def _act(browser: Client, url: str, action: str, pk: int, **extra: object) -> None:
    response = browser.post(
        url, {"action": action, helpers.ACTION_CHECKBOX_NAME: [str(pk)], **extra}
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_nominate_moderate_consent_publish_and_see_it_everywhere(
    celery_worker, smtp_server, settings
):
    settings.STAFF_NOTIFY_EMAILS = ["staff@example.org"]
    pillar = Pillar.objects.get(number=4)

    # A visitor nominates a colleague, with a photo.
    response = Client().post(
        reverse("champions:nominate"),
        nomination_data(photo=photo_upload(), pillars=[str(pillar.pk)]),
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()

    # The acknowledgement and the staff notice arrive through the worker.
    smtp_server.wait_for(2)
    [acknowledgement] = _messages_to(smtp_server, "nia@example.org")
    assert "Thank you for nominating someone" in _text(acknowledgement)
    [notice] = _messages_to(smtp_server, "staff@example.org")
    admin_path = reverse("admin:champions_nomination_change", args=[nomination.pk])
    assert f"http://testserver{admin_path}" in _text(notice)

    # A moderator moves it through the statuses.
    moderator = User.objects.create_user("moderator", password="x", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    staff = Client()
    staff.force_login(moderator)
    assert staff.get(admin_path).status_code == 200
    _act(staff, NOMINATIONS, "mark_in_review", nomination.pk)
    _act(staff, NOMINATIONS, "approve", nomination.pk)
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.APPROVED
    assert list(nomination.status_changes.values_list("to_status", "changed_by")) == [
        ("in_review", moderator.pk),
        ("approved", moderator.pk),
    ]

    # Approving asked the nominee; they approve through their link.
    smtp_server.wait_for(3)
    [request] = _messages_to(smtp_server, "ada@example.org")
    consent_path = re.search(r"http://testserver(\S+/consent/\S+/)", _text(request)).group(1)
    nominee = Client()
    assert nominee.get(consent_path).status_code == 200
    answer = nominee.post(consent_path, {"answer": "approved", "name_display": "full"})
    assert answer.status_code == 302
    smtp_server.wait_for(4)
    assert len(_messages_to(smtp_server, "staff@example.org")) == 2

    # The moderator writes the spotlight from it and publishes, telling the nominator.
    _act(staff, NOMINATIONS, "create_spotlight", nomination.pk)
    spotlight = Spotlight.objects.get()
    _act(staff, SPOTLIGHTS, "publish", spotlight.pk, apply="yes", notify_nominator="on")
    spotlight.refresh_from_db()
    assert spotlight.status == Spotlight.Status.PUBLISHED

    smtp_server.wait_for(5)
    published_notice = _messages_to(smtp_server, "nia@example.org")[-1]
    assert f"http://testserver{spotlight.get_absolute_url()}" in _text(published_notice)

    # Everyone sees it: its page, the index, the pillar page, the home page, the feed.
    visitor = Client()
    page = visitor.get(spotlight.get_absolute_url()).content.decode()
    assert "Ada Champion" in page
    assert visitor.get(spotlight.photo_url).status_code == 200
    for path in [reverse("champions:spotlight_list"), pillar.get_absolute_url(), "/"]:
        html = visitor.get(path).content.decode()
        assert spotlight.get_absolute_url() in html, path
        assert spotlight.photo_card_url in html, path
    feed = visitor.get(reverse("champions:feed")).content.decode()
    assert f"http://testserver{spotlight.get_absolute_url()}" in feed

    # Every email went exactly once.
    time.sleep(1)
    assert len(smtp_server.messages) == 5
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}


def test_with_redis_down_a_nomination_is_kept_and_its_emails_go_later(
    celery_worker, redis_server, smtp_server, settings
):
    settings.STAFF_NOTIFY_EMAILS = ["staff@example.org"]
    redis_server.stop()

    response = Client().post(reverse("champions:nominate"), nomination_data())

    assert response.status_code == 302
    assert Nomination.objects.count() == 1
    emails = list(OutboundEmail.objects.all())
    assert len(emails) == 2
    assert {email.status for email in emails} == {"pending"}

    redis_server.start()
    OutboundEmail.objects.update(
        next_attempt_at=timezone.now() - SWEEP_GRACE - timedelta(seconds=1)
    )
    assert sorted(outbox_sweep()) == sorted(email.pk for email in emails)
    smtp_server.wait_for(2)
    time.sleep(1)
    assert sorted(message["To"] for message in smtp_server.messages) == [
        "nia@example.org",
        "staff@example.org",
    ]
