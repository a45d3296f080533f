"""The data migration that stores every registrant's address in its one form."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.migrating import migrate, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)


def test_idn_variants_leave_one_live_registration_keeping_the_seat():
    apps = migrate("webinars", "0009_reencode_flyers_and_speaker_photos")
    Registration = apps.get_model("webinars", "Registration")
    webinar = apps.get_model("webinars", "Webinar").objects.order_by("pk").first()
    fields = {"webinar": webinar, "first_name": "Ana", "last_name": "Reader", "role": "other"}
    waiting = Registration.objects.create(
        email="idn@exämple.org", status="waitlisted", language="en", **fields
    )
    seated = Registration.objects.create(
        email="idn@xn--exmple-cua.org", status="registered", language="en", **fields
    )
    other = Registration.objects.create(
        email="Other@Example.org", status="registered", language="en", **fields
    )

    apps = migrate("webinars", "0010_registration_email_normalised")
    rows = {
        pk: (email, status)
        for pk, email, status in apps.get_model("webinars", "Registration").objects.values_list(
            "pk", "email", "status"
        )
    }
    migrate_to_latest()

    assert rows == {
        waiting.pk: ("idn@xn--exmple-cua.org", "cancelled"),
        seated.pk: ("idn@xn--exmple-cua.org", "registered"),
        other.pk: ("other@example.org", "registered"),
    }


def test_free_text_accommodations_of_live_registrations_ahead_become_open_requests():
    apps = migrate("webinars", "0012_registration_pending_confirmation")
    Webinar = apps.get_model("webinars", "Webinar")
    Registration = apps.get_model("webinars", "Registration")
    starts_at = datetime(2099, 3, 12, 22, 0, tzinfo=ZoneInfo("Pacific/Honolulu"))
    ahead = Webinar.objects.create(
        title="Ahead",
        slug="ahead-for-accommodations",
        summary="s",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        time_zone="Pacific/Honolulu",
        status="published",
    )
    past = Webinar.objects.filter(starts_at__lt=timezone.now()).order_by("pk").first()
    fields = {"first_name": "Ana", "last_name": "Reader", "role": "other", "language": "en"}
    asked = Registration.objects.create(
        webinar=ahead,
        email="asked@example.org",
        status="registered",
        accommodations="  Live captions, please.  ",
        **fields,
    )
    Registration.objects.create(
        webinar=ahead, email="quiet@example.org", status="registered", **fields
    )
    Registration.objects.create(
        webinar=ahead,
        email="gone@example.org",
        status="cancelled",
        cancelled_at=timezone.now(),
        accommodations="ASL",
        **fields,
    )
    Registration.objects.create(
        webinar=past,
        email="past@example.org",
        status="registered",
        accommodations="ASL",
        **fields,
    )

    apps = migrate("webinars", "0013_accommodation_requests")
    requests = list(
        apps.get_model("webinars", "AccommodationRequest").objects.values_list(
            "registration_id", "needs", "details", "due_on", "status"
        )
    )
    kept = apps.get_model("webinars", "Registration").objects.get(pk=asked.pk).accommodations
    migrate_to_latest()

    assert requests == [(asked.pk, [], "Live captions, please.", date(2099, 3, 5), "open")]
    assert kept == "  Live captions, please.  "


def test_per_webinar_speakers_become_shared_records_keeping_photos_roles_and_order():
    apps = migrate("webinars", "0012_registration_pending_confirmation")
    Webinar = apps.get_model("webinars", "Webinar")
    Speaker = apps.get_model("webinars", "Speaker")
    launch = Webinar.objects.get(slug="introducing-the-for-us-all-campaign")
    panel = Webinar.objects.get(slug="saving-primary-care-in-the-united-states")
    # Hana Hamdi (MPH, Primary Care for All Americans) is on the panel from
    # the seed; here she also moderates the launch, with a photo this time.
    Speaker.objects.create(
        webinar=launch,
        name="Hana Hamdi",
        credentials="MPH",
        affiliation="Primary Care for All Americans ",
        bio="",
        photo="webinars/speakers/" + "a" * 32 + ".jpg",
        photo_alt="Hana Hamdi",
        photo_alt_es="Hana Hamdi (es)",
        role="moderator",
        order=7,
    )
    # Same name, other credentials: another person as far as the data says.
    Speaker.objects.create(
        webinar=launch, name="Brian Antono", credentials="MD", affiliation="", order=8
    )

    migrate_to_latest()
    from webinars.models import Speaker as SharedSpeaker
    from webinars.models import WebinarSpeaker

    hana = SharedSpeaker.objects.get(name="Hana Hamdi")
    assert (hana.credentials_en, hana.affiliation_en) == ("MPH", "Primary Care for All Americans")
    assert hana.photo.name == "webinars/speakers/" + "a" * 32 + ".jpg"
    assert (hana.photo_alt, hana.photo_alt_es) == ("Hana Hamdi", "Hana Hamdi (es)")
    assert "Nurse-Midwifery at Yale University" in hana.bio_en
    assert {
        (a.webinar.slug, a.role, a.order) for a in WebinarSpeaker.objects.filter(speaker=hana)
    } == {
        ("saving-primary-care-in-the-united-states", "speaker", 2),
        ("introducing-the-for-us-all-campaign", "moderator", 7),
    }
    assert SharedSpeaker.objects.filter(name="Brian Antono").count() == 2
    assert list(
        WebinarSpeaker.objects.filter(webinar__slug=panel.slug)
        .order_by("order")
        .values_list("speaker__name", "role")
    ) == [
        ("Brian Antono", "speaker"),
        ("Hana Hamdi", "speaker"),
        ("Nijmie Dzurinko", "speaker"),
        ("Kiara Marmolejos", "moderator"),
    ]
    assert SharedSpeaker.objects.count() == 5


def test_the_speakers_migration_goes_back_to_one_row_per_webinar():
    migrate_to_latest()
    from webinars.models import Speaker as SharedSpeaker
    from webinars.models import Webinar as CurrentWebinar
    from webinars.models import WebinarSpeaker

    hana = SharedSpeaker.objects.get(name="Hana Hamdi")
    WebinarSpeaker.objects.create(
        webinar=CurrentWebinar.objects.get(slug="introducing-the-for-us-all-campaign"),
        speaker=hana,
        role="moderator",
        order=3,
    )
    SharedSpeaker.objects.create(name="On no webinar")

    apps = migrate("webinars", "0012_registration_pending_confirmation")
    rows = set(
        apps.get_model("webinars", "Speaker").objects.values_list(
            "webinar__slug", "name", "role", "order"
        )
    )
    migrate_to_latest()

    assert ("introducing-the-for-us-all-campaign", "Hana Hamdi", "moderator", 3) in rows
    assert ("saving-primary-care-in-the-united-states", "Hana Hamdi", "speaker", 2) in rows
    assert len(rows) == 5
    assert "On no webinar" not in {name for _slug, name, _role, _order in rows}
