"""Erasing a person across the apps, with the real worker, database and SMTP server."""

import time
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from campaign.newsletter.models import Subscriber
from champions.models import Nomination, Spotlight
from forus.outbox.models import OutboundEmail
from forus.people.models import AuditEntry
from forus.people.services import email_hash, people_forget_old, person_erase
from tests.champions.factories import NominationFactory, SpotlightFactory
from tests.newsletter.factories import SubscriberFactory
from tests.webinars.factories import RegistrationFactory, WebinarFactory
from webinars.models import Registration
from webinars.services import registration_create  # noqa: F401 - the seats' service is real

ADDRESS = "ana.person@example.org"
NAME = "Zanzibara"


def _rows_holding(*needles: str) -> list[str]:
    """Every row of every model with a text field holding one of the needles."""
    found = []
    for model in apps.get_models():
        text_fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
        ]
        if not text_fields or model._meta.label == "people.AuditEntry":
            continue
        for needle in needles:
            query = models.Q()
            for name in text_fields:
                query |= models.Q(**{f"{name}__icontains": needle})
            try:
                hits = model.objects.filter(query).count()
            except Exception:  # noqa: BLE001, S112 - a field type icontains cannot read
                continue
            if hits:
                found.append(f"{model._meta.label}: {needle}")
    return found


@pytest.mark.django_db(transaction=True)
def test_erase_across_apps_with_the_real_worker(celery_worker, smtp_server, settings):
    settings.STAFF_NOTIFY_EMAILS = ["staff@example.org"]
    upcoming = WebinarFactory(capacity=1)
    past = WebinarFactory(starts_at=timezone.now() - timedelta(days=10))
    RegistrationFactory(
        webinar=upcoming, email=ADDRESS, first_name=NAME, last_name="Person", question="Mine?"
    )
    waiting = RegistrationFactory(webinar=upcoming, status=Registration.Status.WAITLISTED)
    RegistrationFactory(webinar=past, email=ADDRESS, first_name=NAME, last_name="Person")
    SubscriberFactory(email=ADDRESS, name=f"{NAME} Person")
    NominationFactory(nominator_email=ADDRESS, nominator_name=f"{NAME} Person")
    about_me = NominationFactory(
        nominee_email=ADDRESS,
        nominee_consent=Nomination.Consent.APPROVED,
        nominee_message=f"Thanks, {NAME}",
    )
    with transaction.atomic():
        from forus.outbox.services import email_queue

        email_queue(to=ADDRESS, template="outbox/email/check", context={"queued_at": "now"})
    smtp_server.wait_for(1)

    person_erase(email=ADDRESS, language="es")

    # The check email, the waitlisted person's seat, staff told, and the confirmation.
    messages = smtp_server.wait_for(4)
    [confirmation] = [m for m in messages if m["To"] == ADDRESS and m is not messages[0]]
    assert confirmation["Subject"] == "Hemos borrado sus datos"
    assert "Lo que conservamos" in confirmation.get_body(("plain",)).get_content()
    deadline = time.monotonic() + 30
    while OutboundEmail.objects.filter(to=ADDRESS).exists() and time.monotonic() < deadline:
        time.sleep(0.2)

    assert _rows_holding(ADDRESS, NAME) == []
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.REGISTERED
    assert past.registrations.count() == 1  # the count stays, anonymised
    assert not Subscriber.objects.exists()
    about_me.refresh_from_db()
    assert about_me.nominee_consent == Nomination.Consent.DECLINED
    [audit] = AuditEntry.objects.all()
    assert audit.action == AuditEntry.Action.ERASE
    assert audit.email_hash == email_hash(ADDRESS)
    assert audit.counts["webinars"]["registrations_deleted"] == 1
    assert audit.counts["webinars"]["registrations_anonymised"] == 1
    assert ADDRESS not in str(audit.counts)


@pytest.mark.django_db
def test_the_daily_clean_up_keeps_audit_entries_for_keep_audit_days(settings):
    settings.KEEP_AUDIT_DAYS = 30
    old = AuditEntry.objects.create(action="view", email_hash="x")
    AuditEntry.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    recent = AuditEntry.objects.create(action="view", email_hash="y")
    AuditEntry.objects.filter(pk=recent.pk).update(created_at=timezone.now() - timedelta(days=29))
    assert people_forget_old()["audit"] == 1
    assert list(AuditEntry.objects.values_list("pk", flat=True)) == [recent.pk]


@pytest.mark.django_db
def test_erasing_a_self_nominee_takes_the_spotlight_down_without_naming_them(settings):
    settings.STAFF_NOTIFY_EMAILS = ["staff@example.org"]
    nomination = NominationFactory(
        nominator_email=ADDRESS,
        nominator_name=f"{NAME} Person",
        nominee_name=f"{NAME} Person",
        is_self_nomination=True,
        nominee_email="",
        nominee_consent=Nomination.Consent.SELF,
    )
    spotlight = SpotlightFactory(nomination=nomination, champion_name=f"{NAME} Person")

    person_erase(email=ADDRESS, language="en")

    spotlight.refresh_from_db()
    assert spotlight.status == Spotlight.Status.DRAFT
    assert not Nomination.objects.exists()
    notice = OutboundEmail.objects.get(to="staff@example.org")
    assert notice.template == "champions/email/staff_consent_withdrawn"
    assert NAME not in notice.subject + notice.body_text + notice.body_html
