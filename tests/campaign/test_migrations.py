"""The data migration that stores every subscriber's address in its one form."""

from datetime import timedelta

import pytest
from django.utils import timezone

from campaign.models import Page
from tests.migrating import migrate, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)


def test_idn_variants_become_one_row_keeping_the_one_that_matters():
    apps = migrate("campaign", "0010_privacy_retention")
    Subscriber = apps.get_model("campaign", "Subscriber")
    now = timezone.now()
    fields = {"language": "en", "consent_wording": "I agree.", "consented_at": now}
    Subscriber.objects.create(email="idn@exämple.org", name="First", **fields)
    confirmed = Subscriber.objects.create(
        email="idn@xn--exmple-cua.org",
        name="Confirmed",
        status="confirmed",
        confirmed_at=now,
        **fields,
    )
    # The same letters, decomposed (NFD): "a" and a combining diaeresis.
    Subscriber.objects.create(email="Idn@EXA\u0308MPLE.org", name="Third", **fields)
    left = Subscriber.objects.create(
        email="Left@Exämple.org",
        status="unsubscribed",
        unsubscribed_at=now - timedelta(days=1),
        **fields,
    )
    Subscriber.objects.create(email="LEFT@xn--exmple-cua.org", name="Back again", **fields)
    Subscriber.objects.create(email="Ana.Reader@example.org", name="Ana", **fields)

    apps = migrate("campaign", "0011_subscriber_email_normalised")
    Subscriber = apps.get_model("campaign", "Subscriber")
    rows = list(Subscriber.objects.order_by("email").values_list("pk", "email", "status", "name"))
    migrate_to_latest()

    assert len(rows) == 3
    assert rows == [
        (rows[0][0], "ana.reader@example.org", "pending", "Ana"),
        (confirmed.pk, "idn@xn--exmple-cua.org", "confirmed", "Confirmed"),
        (left.pk, "left@xn--exmple-cua.org", "unsubscribed", ""),
    ]


def test_an_unsubscribe_after_the_kept_confirmation_still_wins():
    apps = migrate("campaign", "0010_privacy_retention")
    Subscriber = apps.get_model("campaign", "Subscriber")
    now = timezone.now()
    fields = {"language": "en", "consent_wording": "I agree.", "consented_at": now}
    kept = Subscriber.objects.create(
        email="idn@exämple.org",
        name="Ana",
        status="confirmed",
        confirmed_at=now - timedelta(days=2),
        **fields,
    )
    Subscriber.objects.create(
        email="idn@xn--exmple-cua.org",
        status="unsubscribed",
        confirmed_at=now - timedelta(days=3),
        unsubscribed_at=now - timedelta(days=1),
        **fields,
    )

    apps = migrate("campaign", "0011_subscriber_email_normalised")
    rows = list(
        apps.get_model("campaign", "Subscriber").objects.values_list(
            "pk", "email", "status", "unsubscribed_at"
        )
    )
    migrate_to_latest()

    assert rows == [(kept.pk, "idn@xn--exmple-cua.org", "unsubscribed", now - timedelta(days=1))]


def test_the_privacy_text_points_to_the_list_of_rules_and_can_go_back():
    migrate("campaign", "0014_staff_images")
    before = Page.objects.get(slug="privacy")
    assert "30 days after the last confirmation email" in before.body_en
    assert "se conservan mientras la campaña" in before.body_es

    migrate_to_latest()
    after = Page.objects.get(slug="privacy")
    assert "30 days after the last confirmation email" not in after.body_en
    assert "90 days after they are sent" not in after.body_en
    assert "kept while the campaign runs" not in after.body_en
    assert "under “How long each kind of record is kept”" in after.body_en
    assert "nunca se confirma se elimina 30 días" not in after.body_es
    assert "se conservan mientras la campaña" not in after.body_es
    assert "«Cuánto tiempo se conserva cada tipo de registro»" in after.body_es
    assert after.body_en.count("## ") == before.body_en.count("## ")

    migrate("campaign", "0014_staff_images")
    undone = Page.objects.get(slug="privacy")
    assert (undone.body_en, undone.body_es) == (before.body_en, before.body_es)
    migrate_to_latest()


def test_a_privacy_text_staff_rewrote_is_left_alone():
    migrate("campaign", "0014_staff_images")
    Page.objects.filter(slug="privacy").update(body_en="Our own words.", body_es="Nuestro texto.")
    migrate_to_latest()
    page = Page.objects.get(slug="privacy")
    assert (page.body_en, page.body_es) == ("Our own words.", "Nuestro texto.")
