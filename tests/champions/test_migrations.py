"""The data migration that stores nominators' and nominees' addresses in their one form."""

from datetime import timedelta

import pytest
from django.utils import timezone

from champions.models import NomineeConsentEvent
from tests.migrating import migrate, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)


def test_addresses_are_normalised_and_every_nomination_stays_open():
    apps = migrate("champions", "0006_nominee_given_and_family_names")
    Nomination = apps.get_model("champions", "Nomination")
    fields = {
        "nominator_name": "Nia Nominator",
        "nominee_name": "Ada Champion",
        "relationship": "Colleague",
        "profession": "nursing",
        "institution": "Community Health Center",
        "location": "Baltimore, MD",
        "description": "Runs a pathway programme.",
        "links": [],
        "consent_wording": "I agree.",
        "language": "en",
        "content_fingerprint": "same",
        "nominee_consent": "not_asked",
    }
    first = Nomination.objects.create(
        nominator_email="Nia@EXÄMPLE.org", nominee_email="Ada@Exämple.org", **fields
    )
    # The same nominator and nominee once normalised: the first keeps its address as typed.
    second = Nomination.objects.create(
        nominator_email="nia@xn--exmple-cua.org", nominee_email="", **fields
    )
    third = Nomination.objects.create(
        nominator_email="Ana@EXÄMPLE.org", nominee_email="", **fields
    )

    apps = migrate("champions", "0007_nomination_emails_normalised")
    rows = {
        pk: (nominator, nominee, status)
        for pk, nominator, nominee, status in apps.get_model(
            "champions", "Nomination"
        ).objects.values_list("pk", "nominator_email", "nominee_email", "status")
    }
    migrate_to_latest()

    assert rows == {
        first.pk: ("Nia@EXÄMPLE.org", "ada@xn--exmple-cua.org", "submitted"),
        second.pk: ("nia@xn--exmple-cua.org", "", "submitted"),
        third.pk: ("ana@xn--exmple-cua.org", "", "submitted"),
    }


def test_the_nominee_consent_history_starts_from_each_recorded_answer():
    apps = migrate("champions", "0009_nominee_consent_history")
    Nomination = apps.get_model("champions", "Nomination")
    now = timezone.now()
    fields = {
        "nominator_name": "Nia Nominator",
        "nominee_name": "Ada Champion",
        "profession": "nursing",
        "institution": "Community Health Center",
        "location": "Baltimore, MD",
        "description": "Runs a pathway programme.",
        "links": [],
        "consent_wording": "I agree.",
        "language": "es",
    }
    answers = {
        "self": {"is_self_nomination": True, "nominator_email": "self@example.org"},
        "approved": {"nominee_answered_at": now - timedelta(days=2), "name_display": "first"},
        "staff_confirmed": {"nominee_answered_at": now - timedelta(days=3)},
        "declined": {"nominee_answered_at": now - timedelta(days=4)},
        "changes": {"nominee_answered_at": now - timedelta(days=5)},
        "asked": {},
        "not_asked": {},
    }
    made = {
        answer: Nomination.objects.create(
            **{
                "nominator_email": f"{answer}@example.org",
                "content_fingerprint": answer,
                "nominee_consent": answer,
                **fields,
                **extra,
            }
        )
        for answer, extra in answers.items()
    }

    migrate_to_latest()
    migrate("champions", "0009_nominee_consent_history")
    migrate_to_latest()  # twice: nothing doubles

    events = {
        answer: list(
            NomineeConsentEvent.objects.filter(nomination_id=nomination.pk).values_list(
                "kind", "channel", "answer", "name_display", "wording", "language", "at"
            )
        )
        for answer, nomination in made.items()
    }
    assert events == {
        "self": [
            ("given", "nomination_form", "self", "full", "I agree.", "es", made["self"].created_at)
        ],
        "approved": [
            ("given", "consent_page", "approved", "first", "", "es", now - timedelta(days=2))
        ],
        "staff_confirmed": [
            ("given", "admin", "staff_confirmed", "full", "", "es", now - timedelta(days=3))
        ],
        "declined": [
            ("refused", "consent_page", "declined", "full", "", "es", now - timedelta(days=4))
        ],
        "changes": [],
        "asked": [],
        "not_asked": [],
    }
