"""The data migration that stores nominators' and nominees' addresses in their one form."""

import pytest

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
