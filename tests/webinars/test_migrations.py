"""The data migration that stores every registrant's address in its one form."""

import pytest

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
