"""Moving the Subscriber model from campaign to the newsletter app keeps every row and right."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.utils import timezone

from campaign.newsletter.models import ConsentEvent, Subscriber
from campaign.staff import EDITORS
from forus.outbox.models import OutboundEmail
from tests.migrating import migrate_to, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_THE_MOVE = [("campaign", "0011_subscriber_email_normalised"), ("newsletter", None)]


def _subscribers_in_every_state(apps) -> None:
    Subscriber = apps.get_model("campaign", "Subscriber")
    now = timezone.now()
    day = timedelta(days=1)
    consent = {"consent_wording": "By signing up, you agree…", "consented_at": now - 9 * day}
    Subscriber.objects.create(
        email="pending@example.org",
        name="Pat Pending",
        source="home_page",
        language="en",
        confirmation_sent_at=now - day,
        **consent,
    )
    Subscriber.objects.create(
        email="confirmed@example.org",
        name="Connie Confirmed",
        status="confirmed",
        source="webinar_registration",
        language="es",
        confirmation_sent_at=now - 8 * day,
        confirmed_at=now - 7 * day,
        **consent,
    )
    Subscriber.objects.create(
        email="left@example.org",
        status="unsubscribed",
        source="newsletter_page",
        language="en",
        confirmed_at=now - 6 * day,
        unsubscribed_at=now - 5 * day,
        **consent,
    )
    # Confirmed, left, and asked again: pending, remembering both times.
    Subscriber.objects.create(
        email="again@example.org",
        name="Alex Again",
        language="es",
        confirmation_sent_at=now - 2 * day,
        confirmed_at=now - 4 * day,
        unsubscribed_at=now - 3 * day,
        **consent,
    )


def _editors_rights() -> list[tuple[int, str, str, str]]:
    return sorted(
        Group.objects.get(name=EDITORS).permissions.values_list(
            "pk", "content_type__app_label", "content_type__model", "codename"
        )
    )


def test_the_move_keeps_every_subscriber_and_the_editors_rights():
    apps = migrate_to(*BEFORE_THE_MOVE)
    _subscribers_in_every_state(apps)
    old = apps.get_model("campaign", "Subscriber")
    rows_before = list(old.objects.order_by("pk").values())
    rights_before = _editors_rights()
    outbox_email = apps.get_model("outbox", "OutboundEmail")
    for template in ["campaign/email/subscriber_confirm", "campaign/email/subscriber_welcome"]:
        outbox_email.objects.create(
            to="pending@example.org",
            subject="S",
            body_text="B",
            template=template,
            message_id=template,
        )
    outbox_email.objects.create(
        to="x@example.org", subject="S", body_text="B", template="webinars/email/x", message_id="x"
    )
    assert len(rows_before) == 4
    assert [right[1:] for right in rights_before if right[2] == "subscriber"] == [
        ("campaign", "subscriber", "change_subscriber"),
        ("campaign", "subscriber", "delete_subscriber"),
        ("campaign", "subscriber", "view_subscriber"),
    ]

    migrate_to_latest()

    # Every field the rows had, as it was (fields added since are left out).
    assert list(Subscriber.objects.order_by("pk").values(*rows_before[0])) == rows_before
    # The same permission rows, now under the newsletter; every other right as
    # it was (rights granted by later migrations are left out).
    kept = {right[0] for right in rights_before}
    rights_after = [right for right in _editors_rights() if right[0] in kept]
    assert [right[0] for right in rights_after] == [right[0] for right in rights_before]
    assert rights_after == [
        (pk, "newsletter", model, codename)
        if model == "subscriber"
        else (pk, app, model, codename)
        for pk, app, model, codename in rights_before
    ]
    editor = User.objects.create_user("editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    assert editor.has_perm("newsletter.view_subscriber")
    assert editor.has_perm("newsletter.change_subscriber")
    assert editor.has_perm("newsletter.delete_subscriber")
    assert not editor.has_perm("newsletter.add_subscriber")
    assert sorted(OutboundEmail.objects.values_list("template", flat=True)) == [
        "newsletter/email/confirm",
        "newsletter/email/welcome",
        "webinars/email/x",
    ]
    tables = connection.introspection.table_names()
    assert "newsletter_subscriber" in tables
    assert "campaign_subscriber" not in tables
    # The id sequence came along: a new signup follows the old rows.
    newest = Subscriber.objects.create(
        email="new@example.org", language="en", consent_wording="Yes", consented_at=timezone.now()
    )
    assert newest.pk > max(row["id"] for row in rows_before)


def test_the_move_can_be_undone_keeping_every_subscriber():
    apps = migrate_to(*BEFORE_THE_MOVE)
    _subscribers_in_every_state(apps)
    rows_before = list(apps.get_model("campaign", "Subscriber").objects.order_by("pk").values())
    rights_before = _editors_rights()
    migrate_to_latest()

    apps = migrate_to(*BEFORE_THE_MOVE)

    rows_after = list(apps.get_model("campaign", "Subscriber").objects.order_by("pk").values())
    assert len(rows_after) == 4
    assert rows_after == rows_before
    assert _editors_rights() == rights_before
    migrate_to_latest()


def test_the_consent_history_starts_from_the_consent_each_row_records():
    apps = migrate_to(("newsletter", "0004_consent_history"))
    stored = apps.get_model("newsletter", "Subscriber")
    now = timezone.now()
    day = timedelta(days=1)
    consent = {"consent_wording": "By signing up, you agree…", "consented_at": now - 9 * day}
    pending = stored.objects.create(
        email="pending@example.org", source="home_page", language="en", **consent
    )
    confirmed = stored.objects.create(
        email="confirmed@example.org",
        status="confirmed",
        source="webinar_registration",
        language="es",
        confirmed_at=now - 7 * day,
        **consent,
    )
    left = stored.objects.create(
        email="left@example.org",
        status="unsubscribed",
        source="newsletter_page",
        language="en",
        confirmed_at=now - 6 * day,
        unsubscribed_at=now - 5 * day,
        **consent,
    )

    migrate_to_latest()
    migrate_to(("newsletter", "0004_consent_history"))
    migrate_to_latest()  # twice: nothing doubles

    def history(subscriber) -> list[tuple]:
        return list(
            ConsentEvent.objects.filter(subscriber_id=subscriber.pk).values_list(
                "kind", "channel", "language", "wording", "at"
            )
        )

    wording = consent["consent_wording"]
    assert history(pending) == [("given", "newsletter_form", "en", wording, now - 9 * day)]
    assert history(confirmed) == [
        ("given", "webinar_registration", "es", wording, now - 9 * day),
        ("confirmed", "email_link", "es", "", now - 7 * day),
    ]
    assert history(left) == [
        ("given", "newsletter_form", "en", wording, now - 9 * day),
        ("confirmed", "email_link", "en", "", now - 6 * day),
        ("withdrawn", "before_history", "en", "", now - 5 * day),
    ]
