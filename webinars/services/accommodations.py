"""Accessibility accommodations as work: requests, their due dates, and the emails about them.

A registration that asks for an accommodation (captions, an interpreter,
something else) gets one AccommodationRequest, due ACCOMMODATION_LEAD_DAYS
before the webinar's date. Event coordinators are emailed when one arrives
and once a day about open ones due soon; the registrant is emailed when
theirs is arranged or could not be.
"""

import logging
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from forus.links import absolute_reverse
from forus.outbox.services import email_queue
from webinars import selectors
from webinars.models import AccommodationReminder, AccommodationRequest, Registration, Webinar
from webinars.services.emails import _queue_email
from webinars.time_zones import date_before

logger = logging.getLogger(__name__)

# The daily reminder lists open requests due within this many days (and overdue ones).
REMINDER_DAYS_AHEAD = 2
# Beat asks every hour; its first run from this hour (site time) sends the day's reminder.
REMINDER_FROM_HOUR = 7
DETAILS_MAX_LENGTH = 1000

REGISTRANT_TEMPLATES = {
    AccommodationRequest.Status.ARRANGED: "accommodation_arranged",
    AccommodationRequest.Status.NOT_ARRANGED: "accommodation_not_arranged",
}


def accommodation_due_on(webinar: Webinar, *, now: datetime) -> date:
    """ACCOMMODATION_LEAD_DAYS before the webinar's own date; today if that has passed."""
    return date_before(
        webinar.starts_at,
        days=settings.ACCOMMODATION_LEAD_DAYS,
        zone=webinar.time_zone,
        today=timezone.localdate(now, webinar.zone),
    )


def clean_needs(needs: Sequence[str]) -> list[str]:
    """The needs that are choices, once each, in the order the form shows them."""
    return [need for need in AccommodationRequest.Need.values if need in set(needs)]


def _accommodation_request_record(
    registration: Registration, *, needs: Sequence[str], details: str, now: datetime
) -> AccommodationRequest | None:
    """Make (or add to) the registration's request; tells coordinators once it is live.

    Runs inside the registration's transaction. A registration made under
    pressure waits for its owner's confirmation before coordinators hear of
    it (`_accommodation_request_confirmed`). Returns the request, or None
    when nothing is asked.
    """
    needs = clean_needs(needs)
    details = details.strip()
    if not needs and not details:
        return None
    request = AccommodationRequest.objects.select_for_update().filter(
        registration=registration
    ).first() or AccommodationRequest(registration=registration, due_on=None)
    if request.pk is None:
        request.needs = needs
        request.details = details[:DETAILS_MAX_LENGTH]
        request.due_on = accommodation_due_on(registration.webinar, now=now)
        request.save(force_insert=True)
    else:
        # Registering again with more to ask: add it, and it is work again.
        merged_needs = clean_needs([*request.needs, *needs])
        merged_details = request.details
        if details and details not in merged_details:
            merged_details = f"{merged_details}\n\n{details}".strip()[:DETAILS_MAX_LENGTH]
        if merged_needs == request.needs and merged_details == request.details:
            return request
        request.needs = merged_needs
        request.details = merged_details
        request.status = AccommodationRequest.Status.OPEN
        request.registrant_told = ""
        request.coordinators_told_at = None
        request.due_on = min(request.due_on, accommodation_due_on(registration.webinar, now=now))
        request.save()
    if registration.status != Registration.Status.PENDING:
        _coordinators_notify(request, now=now)
    return request


def _accommodation_request_edited(
    registration: Registration, *, details: str, now: datetime
) -> None:
    """The registrant changed their words on their own page: the request follows.

    New words make it work again (open, coordinators told); words taken back
    with nothing ticked leave nothing to arrange, so the request is closed.
    """
    details = details.strip()[:DETAILS_MAX_LENGTH]
    request = (
        AccommodationRequest.objects.select_for_update().filter(registration=registration).first()
    )
    if request is None:
        _accommodation_request_record(registration, needs=[], details=details, now=now)
        return
    if request.details == details:
        return
    request.details = details
    if not details and not request.needs:
        request.delete()
        return
    request.status = AccommodationRequest.Status.OPEN
    request.registrant_told = ""
    request.coordinators_told_at = None
    request.save()
    if registration.status != Registration.Status.PENDING:
        _coordinators_notify(request, now=now)


def _accommodation_request_forget(registration: Registration) -> None:
    """Nothing of what the registrant asked for, or of staff's notes on it, stays."""
    AccommodationRequest.objects.filter(registration=registration).update(
        needs=[], details="", note=""
    )


def _accommodation_request_confirmed(registration: Registration, *, now: datetime) -> None:
    """A registration made under pressure was confirmed: coordinators now hear of its request."""
    request = AccommodationRequest.objects.filter(
        registration=registration, coordinators_told_at__isnull=True
    ).first()
    if request is not None:
        request.registration = registration
        _coordinators_notify(request, now=now)


def _queue_staff_email(*, to: str, template: str, context: dict[str, object]) -> bool:
    try:
        email_queue(
            to=to,
            template=f"webinars/email/{template}",
            context=context,
            language=settings.LANGUAGE_CODE,
        )
    except ValueError:
        # A typo in a staff address must not lose the registration.
        logger.warning("A coordinator's address is not an email address the outbox takes.")
        return False
    return True


def _coordinators_notify(request: AccommodationRequest, *, now: datetime) -> None:
    admin_url = absolute_reverse(
        "admin:webinars_accommodationrequest_change", args=[request.pk], language="en"
    )
    for address in selectors.accommodation_coordinator_addresses():
        _queue_staff_email(
            to=address,
            template="accommodation_new",
            context={
                "accommodation_request": request,
                "registration": request.registration,
                "webinar": request.registration.webinar,
                "admin_url": admin_url,
            },
        )
    AccommodationRequest.objects.filter(pk=request.pk).update(coordinators_told_at=now)
    request.coordinators_told_at = now


def accommodation_request_update(
    *,
    accommodation_request_id: int,
    status: str,
    owner_id: int | None,
    note: str,
) -> bool:
    """Save a coordinator's changes; emails the registrant when it becomes arranged or
    could-not-arrange (once per change). Returns whether the registrant was emailed.
    """
    if status not in AccommodationRequest.Status.values:
        raise ValueError(f"Unknown status {status!r}.")
    with transaction.atomic():
        request = (
            AccommodationRequest.objects.select_for_update(of=("self",))
            .select_related("registration__webinar")
            .get(pk=accommodation_request_id)
        )
        request.owner_id = owner_id
        request.note = note
        request.status = status
        template = REGISTRANT_TEMPLATES.get(status)
        emailed = bool(template and request.registrant_told != status and request.is_needed)
        if emailed:
            _queue_email(request.registration, template, accommodation_request=request)
            request.registrant_told = status
        request.save()
    return emailed


def accommodation_due_dates_move(*, webinar: Webinar, now: datetime) -> int:
    """The webinar moved: its open requests fall due by its new date. Returns how many moved."""
    due_on = accommodation_due_on(webinar, now=now)
    return (
        AccommodationRequest.objects.filter(
            registration__webinar=webinar, status=AccommodationRequest.Status.OPEN
        )
        .exclude(due_on=due_on)
        .update(due_on=due_on)
    )


def accommodation_reminders_send(*, now: datetime | None = None) -> int:
    """Email each coordinator the open requests due within REMINDER_DAYS_AHEAD days.

    At most once a day per address (the day is recorded, so a second run of
    beat, or two at once, sends nothing more), from REMINDER_FROM_HOUR on,
    and only when there is something open. Returns how many emails it queued.
    """
    now = now or timezone.now()
    local_now = timezone.localtime(now)
    if local_now.hour < REMINDER_FROM_HOUR:
        return 0
    today = local_now.date()
    requests = list(
        selectors.accommodation_requests_open_by_due(now=now).filter(
            due_on__lte=today + timedelta(days=REMINDER_DAYS_AHEAD)
        )
    )
    if not requests:
        return 0
    context = {
        "accommodation_requests": requests,
        "today": today,
        "list_url": absolute_reverse(
            "admin:webinars_accommodationrequest_changelist", language="en"
        ),
    }
    queued = 0
    for address in selectors.accommodation_coordinator_addresses():
        with transaction.atomic():
            _reminder, created = AccommodationReminder.objects.get_or_create(
                to=address.lower(), sent_on=today
            )
            if not created:
                continue
            if _queue_staff_email(to=address, template="accommodation_reminder", context=context):
                queued += 1
    return queued
