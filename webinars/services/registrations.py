"""Registering, confirming and cancelling."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from campaign.newsletter.services import Source as NewsletterSource
from campaign.newsletter.services import subscriber_request
from forus.outbox.services import emails_forget
from forus.validators import email_address_check
from webinars.models import Registration
from webinars.services.accommodations import (
    _accommodation_request_confirmed,
    _accommodation_request_edited,
    _accommodation_request_forget,
    _accommodation_request_record,
)
from webinars.services.common import (
    CONFIRM_WITHIN,
    REGISTRATIONS_PER_CLIENT,
    RESEND_AT_MOST_EVERY,
    RESENDS_PER_DAY,
    Confirmation,
    RegistrationClosedError,
    RegistrationLimitError,
    RegistrationOutcome,
)
from webinars.services.emails import _join_link_record, _queue_status_email
from webinars.services.seats import (
    _client_key,
    _has_free_seat,
    _lapse_unconfirmed,
    _locked_webinar,
    _page_state_changed_on_commit,
    _promote_from_waitlist,
    _seats_and_rush,
)
from webinars.time_zones import EASTERN_TIME, visitor_time_zone

# --- Registering and cancelling ---------------------------------------------------


def registration_create(
    *,
    webinar_id: int,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    organisation: str = "",
    question: str = "",
    accommodations: str = "",
    accommodation_needs: Sequence[str] = (),
    newsletter_opt_in: bool = False,
    newsletter_consent: str = "",
    time_zone: str = EASTERN_TIME,
    source: str = "",
    language: str,
    client_ip: str = "",
) -> RegistrationOutcome:
    """Give the person a seat, or a waitlist place when full; queues the confirmation email.

    Under pressure (`_seats_and_rush`) the registration waits for its owner
    to confirm by the emailed link instead, and holds nothing until then.
    Raises RegistrationLimitError when `client_ip` holds REGISTRATIONS_PER_CLIENT
    live registrations for the webinar already. Registering again while a
    registration is live creates nothing and re-sends its confirmation (at
    most every RESEND_AT_MOST_EVERY and RESENDS_PER_DAY times a day). Raises
    RegistrationClosedError when the webinar takes no registrations. Raises
    AddressRefusedError for an address the site cannot send to. Asking for an
    accommodation (`accommodation_needs`, `accommodations` in words), now or
    when registering again, makes it work for the coordinators, who are emailed.
    """
    email = email_address_check(email)
    with transaction.atomic():
        webinar = _locked_webinar(webinar_id)
        now = timezone.now()
        reason = webinar.registration_closed_reason(now=now)
        if reason:
            raise RegistrationClosedError(reason)

        client_key = _client_key(client_ip)
        counts = _seats_and_rush(webinar, now=now, client_key=client_key, email=email)
        # Before looking at the address, so that the answer at the limit is
        # the same whether the address is registered or not.
        if counts.from_client >= REGISTRATIONS_PER_CLIENT:
            raise RegistrationLimitError(REGISTRATIONS_PER_CLIENT)

        if counts.live_with_email is not None and not _lapse_unconfirmed(
            Registration.objects.filter(pk=counts.live_with_email), now=now
        ):
            existing = Registration.objects.get(pk=counts.live_with_email)
            existing.webinar = webinar
            _accommodations_add(
                existing, needs=accommodation_needs, details=accommodations, now=now
            )
            _registration_confirm_again(
                existing,
                newsletter_opt_in=newsletter_opt_in,
                newsletter_consent=newsletter_consent,
                now=now,
            )
            return RegistrationOutcome(registration=existing, created=False)
        # Else none, or its time to confirm ran out: this is a new registration.

        pending = counts.under_pressure
        seated = not pending and (webinar.capacity is None or counts.taken < webinar.capacity)
        if pending:
            status = Registration.Status.PENDING
        elif seated:
            status = Registration.Status.REGISTERED
        else:
            status = Registration.Status.WAITLISTED
        registration = Registration(
            webinar=webinar,
            first_name=first_name,
            last_name=last_name,
            email=email,
            organisation=organisation,
            role=role,
            question=question,
            accommodations=accommodations,
            status=status,
            confirm_by=min(now + CONFIRM_WITHIN, webinar.starts_at) if pending else None,
            client_key=client_key,
            time_zone=visitor_time_zone(time_zone),
            language=language,
            source=source,
            confirmation_sent_at=now,
            **_newsletter_opt_in_fields(newsletter_opt_in, newsletter_consent, now=now),
        )
        # The confirmation queued below carries the link to a seat holder.
        _join_link_record(registration, "registered")
        registration.save(force_insert=True)
        _accommodation_request_record(
            registration, needs=accommodation_needs, details=accommodations, now=now
        )
        if newsletter_opt_in:
            _newsletter_signup(registration)
        _queue_status_email(registration)
    return RegistrationOutcome(registration=registration, created=True)


def registration_confirm(*, registration_id: int) -> Confirmation:
    """The owner confirmed through the emailed link: a seat if one is free, else the
    waitlist; queues the email that says which. Confirming twice changes nothing;
    a registration whose time ran out (or whose webinar closed) lapses.
    """
    with transaction.atomic():
        webinar_id = Registration.objects.values_list("webinar_id", flat=True).get(
            pk=registration_id
        )
        webinar = _locked_webinar(webinar_id)
        registration = Registration.objects.get(pk=registration_id)
        registration.webinar = webinar
        now = timezone.now()
        if registration.status in {
            Registration.Status.REGISTERED,
            Registration.Status.WAITLISTED,
        }:
            return Confirmation.ALREADY_CONFIRMED
        if registration.status != Registration.Status.PENDING:
            return Confirmation.LAPSED
        if registration.confirm_by <= now or webinar.registration_closed_reason(now=now):
            registration.status = Registration.Status.CANCELLED
            registration.cancelled_at = now
            registration.save(update_fields=["status", "cancelled_at"])
            return Confirmation.LAPSED
        seated = _has_free_seat(webinar)
        registration.status = (
            Registration.Status.REGISTERED if seated else Registration.Status.WAITLISTED
        )
        registration.confirm_by = None
        registration.confirmation_sent_at = now
        registration.save(update_fields=["status", "confirm_by", "confirmation_sent_at"])
        _queue_status_email(registration)
        _accommodation_request_confirmed(registration, now=now)
    return Confirmation.SEATED if seated else Confirmation.WAITLISTED


def registrations_lapse_unconfirmed(*, now: datetime | None = None) -> int:
    """Cancel every registration left unconfirmed past its time; returns how many.

    They never held a seat, so nothing is freed and nobody is emailed; a
    second run finds nothing to do.
    """
    now = now or timezone.now()
    with transaction.atomic():
        lapsing = Registration.objects.filter(
            status=Registration.Status.PENDING, confirm_by__lte=now
        )
        # A pending registration holds no seat, but the page's state is the
        # services' to renew whenever a registration changes.
        for slug in set(lapsing.values_list("webinar__slug", flat=True)):
            _page_state_changed_on_commit(slug)
        return _lapse_unconfirmed(Registration.objects.all(), now=now)


def _accommodations_add(
    registration: Registration, *, needs: Sequence[str], details: str, now: datetime
) -> None:
    """Registering again asked for an accommodation: add it to the registration's request."""
    request = _accommodation_request_record(registration, needs=needs, details=details, now=now)
    if request is not None and registration.accommodations != request.details:
        registration.accommodations = request.details
        registration.save(update_fields=["accommodations"])


def _registration_confirm_again(
    registration: Registration, *, newsletter_opt_in: bool, newsletter_consent: str, now: datetime
) -> None:
    """A second send of the form: re-send the confirmation, note a new newsletter opt-in."""
    changed = []
    if newsletter_opt_in and not registration.newsletter_opt_in:
        for field, value in _newsletter_opt_in_fields(True, newsletter_consent, now=now).items():
            setattr(registration, field, value)
            changed.append(field)
        _newsletter_signup(registration)
    if _confirmation_may_go_again(registration, now=now):
        _queue_status_email(registration)
        registration.confirmation_sent_at = now
        registration.confirmation_resends += 1
        changed += ["confirmation_sent_at", "confirmation_resends", "confirmation_resends_since"]
    if changed:
        registration.save(update_fields=changed)


def _confirmation_may_go_again(registration: Registration, *, now: datetime) -> bool:
    """Whether the hourly and the daily cap on re-sends leave room; starts a new day's count."""
    sent_at = registration.confirmation_sent_at
    if sent_at is not None and sent_at > now - RESEND_AT_MOST_EVERY:
        return False
    since = registration.confirmation_resends_since
    if since is None or since <= now - timedelta(days=1):
        registration.confirmation_resends_since = now
        registration.confirmation_resends = 0
    return registration.confirmation_resends < RESENDS_PER_DAY


def _newsletter_opt_in_fields(opt_in: bool, consent: str, *, now: datetime) -> dict[str, object]:
    if not opt_in:
        return {}
    return {
        "newsletter_opt_in": True,
        "newsletter_consent": consent,
        "newsletter_opted_in_at": now,
    }


def _newsletter_signup(registration: Registration) -> None:
    """The registrant ticked the newsletter box: ask to subscribe them, double opt-in.

    The newsletter sends its own confirmation email; nobody is subscribed
    until they press its button. A confirmed subscriber stays as they are.
    """
    subscriber_request(
        email=registration.email,
        name=registration.full_name,
        source=NewsletterSource.WEBINAR_REGISTRATION,
        language=registration.language,
        consent_wording=registration.newsletter_consent,
    )


def registration_cancel(*, registration_id: int) -> Registration:
    """Cancel a seat or leave the waitlist; a freed seat goes to the waitlist, by email.

    Cancelling a cancelled registration changes nothing.
    """
    with transaction.atomic():
        webinar_id = Registration.objects.values_list("webinar_id", flat=True).get(
            pk=registration_id
        )
        webinar = _locked_webinar(webinar_id)
        registration = Registration.objects.get(pk=registration_id)
        if registration.status == Registration.Status.CANCELLED:
            return registration
        held_a_seat = registration.status == Registration.Status.REGISTERED
        now = timezone.now()
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        if held_a_seat:
            _promote_from_waitlist(webinar, now=now)
    return registration


def registrations_cancel(*, registration_ids: list[int]) -> int:
    """Cancel each of these registrations as its registrant would; returns how many changed."""
    cancelled = 0
    for registration_id in registration_ids:
        before = Registration.objects.filter(pk=registration_id).values_list("status", flat=True)
        if before and before[0] != Registration.Status.CANCELLED:
            registration_cancel(registration_id=registration_id)
            cancelled += 1
    return cancelled


def registration_delete(*, registration_id: int) -> None:
    """Delete a registration on the person's request; a freed seat goes to the waitlist."""
    with transaction.atomic():
        registration_cancel(registration_id=registration_id)
        Registration.objects.filter(pk=registration_id).delete()


def waitlist_promote(*, webinar_id: int) -> int:
    """Fill seats that are free (say, after staff raised the capacity); emails each person."""
    with transaction.atomic():
        webinar = _locked_webinar(webinar_id)
        return len(_promote_from_waitlist(webinar, now=timezone.now()))


# --- A person's own requests (their page, or staff on their behalf) --------------

ERASED_DOMAIN = "erased.invalid"


def registration_answers_change(
    *, registration_id: int, question: str, accommodations: str
) -> Registration:
    """Change what the person told us (question, accommodations) before the webinar starts.

    Raises RegistrationClosedError once it has started, or for a cancelled registration.
    """
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .select_related("webinar")
            .get(pk=registration_id)
        )
        if (
            registration.status == Registration.Status.CANCELLED
            or registration.webinar.starts_at <= timezone.now()
        ):
            raise RegistrationClosedError(
                gettext("This can no longer be changed: the webinar has started.")
            )
        registration.question = question.strip()
        registration.accommodations = accommodations.strip()
        registration.save(update_fields=["question", "accommodations"])
        _accommodation_request_edited(
            registration, details=registration.accommodations, now=timezone.now()
        )
    return registration


def registrations_erase(*, email: str) -> dict[str, int]:
    """Erase an address's registrations: upcoming ones cancelled and deleted, past ones anonymised.

    A cancelled seat goes to the waitlist (emailed), as any cancellation. A
    past registration keeps its webinar, status, role and language, so the
    webinar's counts stay right, and nothing that says who it was.
    Returns how many of each.
    """
    now = timezone.now()
    with transaction.atomic():
        mine = Registration.objects.filter(email=email)
        upcoming = list(mine.filter(webinar__starts_at__gt=now).values_list("pk", flat=True))
        for registration_id in upcoming:
            registration_delete(registration_id=registration_id)
        anonymised = 0
        for registration in mine.select_for_update().exclude(pk__in=upcoming):
            registration.first_name = ""
            registration.last_name = ""
            registration.email = f"{registration.public_id.hex}@{ERASED_DOMAIN}"
            registration.organisation = ""
            registration.question = ""
            registration.accommodations = ""
            _accommodation_request_forget(registration)
            registration.newsletter_opt_in = False
            registration.newsletter_consent = ""
            registration.newsletter_opted_in_at = None
            registration.source = ""
            registration.client_key = ""
            registration.join_url_sent = ""
            registration.anonymised_at = now
            registration.save()
            anonymised += 1
        emails = emails_forget(to=email, app_label="webinars")
    return {
        "registrations_deleted": len(upcoming),
        "registrations_anonymised": anonymised,
        "emails": emails,
    }
