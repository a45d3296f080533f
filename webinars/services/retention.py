"""Anonymising registrations once their webinar is long over (KEEP_REGISTRATIONS_DAYS)."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from forus.outbox.services import emails_forget
from webinars.models import AccommodationRequest, Registration
from webinars.time_zones import EASTERN_TIME

# The reserved top-level domain (RFC 2606): an address that can never be mail.
ANONYMISED_DOMAIN = "anonymised.invalid"


def registrations_anonymise(
    *, registration_ids: Sequence[int], now: datetime | None = None
) -> int:
    """Replace everything a registration says about its person, keeping the row for the counts.

    Names, address, organisation, question, accommodations, newsletter
    wording, client key, time zone and the join link go; the webinar,
    status, role, language and times stay. The webinars' emails in the
    outbox to an address with no other registration left are forgotten.
    Rows a request holds are skipped (the next run takes them); rows done
    already are left alone. Returns how many were anonymised.
    """
    now = now or timezone.now()
    with transaction.atomic():
        due = (
            Registration.objects.select_for_update(skip_locked=True)
            .filter(pk__in=registration_ids, anonymised_at__isnull=True)
            .values_list("pk", "email")
        )
        rows = dict(due)
        Registration.objects.filter(pk__in=rows).update(
            first_name="",
            last_name="",
            # Unique per row, so the one-live-registration-per-address rule holds.
            email=Concat(
                Value("anonymised-"),
                Cast("public_id", CharField()),
                Value(f"@{ANONYMISED_DOMAIN}"),
            ),
            organisation="",
            question="",
            accommodations="",
            newsletter_consent="",
            client_key="",
            time_zone=EASTERN_TIME,
            join_url_sent="",
            anonymised_at=now,
        )
        # What they asked to be arranged, and staff's notes on it, go too.
        AccommodationRequest.objects.filter(registration_id__in=rows).update(
            needs=[], details="", note=""
        )
        addresses = set(rows.values())
        still_registered = set(
            Registration.objects.filter(email__in=addresses).values_list("email", flat=True)
        )
        for address in sorted(addresses - still_registered):
            emails_forget(to=address, app_label="webinars")
    return len(rows)


def registrations_anonymise_ended(*, now: datetime | None = None) -> int:
    """Anonymise the registrations of webinars that ended KEEP_REGISTRATIONS_DAYS ago or more.

    Beat runs it daily; running it twice changes nothing. Returns how many
    were anonymised.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.KEEP_REGISTRATIONS_DAYS)
    due = Registration.objects.filter(webinar__ends_at__lte=cutoff, anonymised_at__isnull=True)
    return registrations_anonymise(
        registration_ids=list(due.values_list("pk", flat=True)), now=now
    )
