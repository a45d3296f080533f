"""Every write about webinars: registering, cancelling, the waitlist, reminders, follow-ups.

Under pressure (few seats left, or registrations arriving in a rush) a new
registration holds nothing until its owner confirms through the emailed
link: made-up addresses never confirm, so a flood cannot take the seats of
real people. See `_seats_and_rush` and the README's seat rule.

Capacity holds under concurrency because everything that changes who holds
a seat (registering, cancelling, promoting from the waitlist) first takes a
row lock on the webinar (SELECT ... FOR UPDATE) inside its transaction, and
counts seats only after that. Two registrations for one webinar therefore
run one after the other; registrations for different webinars do not wait
for each other.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from PIL import Image

from campaign.models import Subscriber
from campaign.services import subscriber_request
from forus.images import EncodedImage, image_delete_after_commit, image_encode, image_store
from forus.links import absolute_reverse, absolute_url
from forus.outbox.services import Attachment, email_queue
from forus.validators import AddressRefusedError, email_address_check
from webinars import ics
from webinars.models import (
    FLYER_PREFIX,
    SPEAKER_PHOTO_PREFIX,
    Registration,
    Speaker,
    Webinar,
)
from webinars.time_zones import EASTERN_TIME, reads_the_same, visitor_time_zone, zone_label
from webinars.tokens import cancel_token, confirm_token

logger = logging.getLogger(__name__)

# A flyer is read on the page at up to about 800 px wide: twice that keeps
# its small print sharp on dense screens. Speakers' photos show as 112 px
# circles: three times that.
FLYER_SIZE = 1600
SPEAKER_PHOTO_SIZE = 336

# Registering again re-sends the confirmation, but not more often than this,
# and not more than RESENDS_PER_DAY times a day, as the newsletter does: a
# double click sends one email, and nobody can flood someone's inbox.
RESEND_AT_MOST_EVERY = timedelta(hours=1)
RESENDS_PER_DAY = 3
REMINDER_BATCH = 500

# The seat rule (README, "Seats under pressure"). A webinar is under pressure
# when its free seats are at most HOLD_WHEN_SEATS_LEFT or HOLD_WHEN_SHARE_LEFT
# of its capacity, or when RUSH_REGISTRATIONS arrived within RUSH_WINDOW.
HOLD_WHEN_SEATS_LEFT = 5
HOLD_WHEN_SHARE_LEFT = 0.2
RUSH_WINDOW = timedelta(minutes=10)
RUSH_REGISTRATIONS = 20
# Under pressure a registration waits this long for its owner's confirmation
# (never past the start), then lapses without ever having held a seat.
CONFIRM_WITHIN = timedelta(hours=2)
# Live registrations one client address may hold for one webinar.
REGISTRATIONS_PER_CLIENT = 3
CLIENT_KEY_SALT = "webinars.registration.client"


class RegistrationClosedError(Exception):
    """The webinar takes no registrations now; the message says why, for the page."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RegistrationLimitError(Exception):
    """This client address holds as many registrations for the webinar as it may."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


class Confirmation(Enum):
    """What pressing the emailed confirmation link did."""

    SEATED = "seated"
    WAITLISTED = "waitlisted"
    ALREADY_CONFIRMED = "already_confirmed"
    LAPSED = "lapsed"


@dataclass(frozen=True)
class RegistrationOutcome:
    registration: Registration
    created: bool


class Reminder(Enum):
    """The reminders before a webinar: when each is due, and where it is recorded."""

    DAY_BEFORE = ("reminder_24h_sent_at", timedelta(hours=24))
    HOUR_BEFORE = ("reminder_1h_sent_at", timedelta(hours=1))

    def __init__(self, field: str, before_start: timedelta) -> None:
        self.field = field
        self.before_start = before_start


# --- Emails -------------------------------------------------------------------


def _email_context(registration: Registration) -> dict[str, object]:
    """What every email to a registrant shows, with links in the registrant's language."""
    webinar = registration.webinar
    own_zone = registration.time_zone
    with translation.override(registration.language):
        webinar_url = absolute_url(webinar.get_absolute_url())
        cancel_url = absolute_reverse(
            "webinars:registration_cancel",
            kwargs={"token": cancel_token(registration_id=registration.pk)},
        )
    return {
        "registration": registration,
        "webinar": webinar,
        "webinar_url": webinar_url,
        "cancel_url": cancel_url,
        # The registrant's own zone, only where it shows a different clock time.
        "own_zone": (
            None
            if reads_the_same(
                webinar.starts_at, webinar.ends_at, zone=webinar.time_zone, other_zone=own_zone
            )
            else own_zone
        ),
        "own_zone_label": zone_label(own_zone),
    }


def _calendar_attachment(registration: Registration) -> Attachment:
    return Attachment(
        filename="webinar.ics",
        content=ics.registration_ics(registration=registration),
        content_type=ics.CONTENT_TYPE,
    )


# The emails that give a seat holder the link to join, when the webinar has one.
JOIN_LINK_TEMPLATES = {"registered", "promoted", "reminder", "rescheduled", "join_link"}


def _join_link_record(registration: Registration, template: str) -> None:
    """Record the join link this email gives a seat holder: the one place that sets it.

    A registration not yet saved gets it in the row about to be inserted.
    """
    join_url = registration.webinar.join_url
    if (
        template in JOIN_LINK_TEMPLATES
        and registration.status == Registration.Status.REGISTERED
        and join_url
        and registration.join_url_sent != join_url
    ):
        registration.join_url_sent = join_url
        if not registration._state.adding:
            Registration.objects.filter(pk=registration.pk).update(join_url_sent=join_url)


def _queue_email(
    registration: Registration, template: str, *, with_calendar: bool = False, **extra: object
) -> None:
    """Queue one email to the registrant; records the join link it carries, if any."""
    webinar = registration.webinar
    _join_link_record(registration, template)
    with translation.override(registration.language):
        attachments = [_calendar_attachment(registration)] if with_calendar else []
    try:
        email_queue(
            to=registration.email,
            template=f"webinars/email/{template}",
            context={**_email_context(registration), **extra},
            language=registration.language,
            attachments=attachments,
            # A reminder or a join link that comes after the webinar is noise.
            not_after=webinar.ends_at if template in {"reminder", "join_link"} else None,
        )
    except AddressRefusedError:
        # A row saved before the form checked addresses as the outbox does:
        # everyone else in a cancellation or a reminder run is still emailed.
        logger.warning("Registration %s has an address the outbox refuses.", registration.pk)


def _queue_status_email(registration: Registration) -> None:
    """The confirmation of a seat (with the calendar file), of a place on the
    waitlist, or the request to confirm a registration made under pressure.
    """
    if registration.status == Registration.Status.REGISTERED:
        _queue_email(registration, "registered", with_calendar=True)
    elif registration.status == Registration.Status.PENDING:
        confirm_url = absolute_reverse(
            "webinars:registration_confirm",
            kwargs={"token": confirm_token(registration_id=registration.pk)},
            language=registration.language,
        )
        _queue_email(registration, "confirm", confirm_url=confirm_url)
    else:
        _queue_email(registration, "waitlisted")


# --- Seats ------------------------------------------------------------------


def _locked_webinar(webinar_id: int) -> Webinar:
    return Webinar.objects.select_for_update().get(pk=webinar_id)


def _seats_taken(webinar: Webinar) -> int:
    return webinar.registrations.filter(status=Registration.Status.REGISTERED).count()


def _has_free_seat(webinar: Webinar) -> bool:
    return webinar.capacity is None or _seats_taken(webinar) < webinar.capacity


def _seats_and_rush(webinar: Webinar, *, now: datetime) -> tuple[int, bool]:
    """Seats taken, and whether the webinar is under pressure: one query.

    A new registration under pressure must be confirmed before it holds
    anything. Only a webinar with a seat limit has seats to take. Nearly
    full, a flood would take the last seats; in a rush, a flood is under way.
    """
    counts = webinar.registrations.aggregate(
        taken=Count("pk", filter=Q(status=Registration.Status.REGISTERED)),
        recent=Count("pk", filter=Q(created_at__gt=now - RUSH_WINDOW)),
    )
    taken = counts["taken"]
    if webinar.capacity is None:
        return taken, False
    seats_left = webinar.capacity - taken
    nearly_full = seats_left <= max(HOLD_WHEN_SEATS_LEFT, webinar.capacity * HOLD_WHEN_SHARE_LEFT)
    return taken, nearly_full or counts["recent"] >= RUSH_REGISTRATIONS


def _client_key(client_ip: str) -> str:
    if not client_ip:
        return ""
    return salted_hmac(CLIENT_KEY_SALT, client_ip, algorithm="sha256").hexdigest()


def _lapse_unconfirmed(registrations: QuerySet[Registration], *, now: datetime) -> int:
    """Cancel registrations whose time to confirm has run out; they held no seat."""
    return registrations.filter(status=Registration.Status.PENDING, confirm_by__lte=now).update(
        status=Registration.Status.CANCELLED, cancelled_at=now
    )


def _promote_from_waitlist(webinar: Webinar, *, now: datetime) -> list[Registration]:
    """Give free seats to the waitlist, first come first served; call with the webinar locked."""
    if webinar.status != Webinar.Status.PUBLISHED or webinar.starts_at <= now:
        return []
    waitlist = webinar.registrations.filter(status=Registration.Status.WAITLISTED).order_by(
        "created_at", "pk"
    )
    if webinar.capacity is not None:
        free = webinar.capacity - _seats_taken(webinar)
        if free <= 0:
            return []
        waitlist = waitlist[:free]
    promoted = list(waitlist)
    for registration in promoted:
        registration.status = Registration.Status.REGISTERED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        registration.webinar = webinar
        _queue_email(registration, "promoted", with_calendar=True)
    return promoted


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
    AddressRefusedError for an address the site cannot send to.
    """
    email = email_address_check(email)
    with transaction.atomic():
        webinar = _locked_webinar(webinar_id)
        now = timezone.now()
        reason = webinar.registration_closed_reason(now=now)
        if reason:
            raise RegistrationClosedError(reason)

        # Before looking at the address, so that the answer at the limit is
        # the same whether the address is registered or not.
        client_key = _client_key(client_ip)
        if client_key and (
            webinar.registrations.filter(client_key=client_key)
            .exclude(status=Registration.Status.CANCELLED)
            .count()
            >= REGISTRATIONS_PER_CLIENT
        ):
            raise RegistrationLimitError(REGISTRATIONS_PER_CLIENT)

        existing = (
            webinar.registrations.alias(email_lower=Lower("email"))
            .filter(email_lower=email)
            .exclude(status=Registration.Status.CANCELLED)
            .first()
        )
        if existing is not None and _lapse_unconfirmed(
            Registration.objects.filter(pk=existing.pk), now=now
        ):
            existing = None  # Its time to confirm ran out: this is a new registration.
        if existing is not None:
            existing.webinar = webinar
            _registration_confirm_again(
                existing,
                newsletter_opt_in=newsletter_opt_in,
                newsletter_consent=newsletter_consent,
                now=now,
            )
            return RegistrationOutcome(registration=existing, created=False)

        taken, pending = _seats_and_rush(webinar, now=now)
        seated = not pending and (webinar.capacity is None or taken < webinar.capacity)
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
    return Confirmation.SEATED if seated else Confirmation.WAITLISTED


def registrations_lapse_unconfirmed(*, now: datetime | None = None) -> int:
    """Cancel every registration left unconfirmed past its time; returns how many.

    They never held a seat, so nothing is freed and nobody is emailed; a
    second run finds nothing to do.
    """
    return _lapse_unconfirmed(Registration.objects.all(), now=now or timezone.now())


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
        source=Subscriber.Source.WEBINAR_REGISTRATION,
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


# --- Reminders and follow-up ---------------------------------------------------------


def _due_reminders(reminder: Reminder, *, now: datetime) -> list[int]:
    """Seat holders whose reminder's moment has come and gone unsent.

    A reminder is due from its moment (start minus its lead time) until the
    next reminder's moment, or the start for the last one, so a late run
    never sends a stale "tomorrow". Someone who got their seat after the
    moment gets no reminder for it: their confirmation was fresher.
    """
    later = [other for other in Reminder if other.before_start < reminder.before_start]
    window_closes_before = max((other.before_start for other in later), default=timedelta(0))
    return list(
        Registration.objects.filter(
            status=Registration.Status.REGISTERED,
            webinar__status=Webinar.Status.PUBLISHED,
            webinar__starts_at__lte=now + reminder.before_start,
            webinar__starts_at__gt=now + window_closes_before,
            **{f"{reminder.field}__isnull": True},
        )
        .alias(seated_at=Coalesce("promoted_at", "created_at"))
        .filter(seated_at__lte=F("webinar__starts_at") - reminder.before_start)
        .order_by("webinar__starts_at", "pk")
        .values_list("pk", flat=True)[:REMINDER_BATCH]
    )


def _reminder_send(registration_id: int, reminder: Reminder, *, now: datetime) -> bool:
    with transaction.atomic():
        # Skip a row another run holds; the timestamp makes a second send impossible.
        registration = (
            Registration.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("webinar")
            .filter(
                pk=registration_id,
                status=Registration.Status.REGISTERED,
                **{f"{reminder.field}__isnull": True},
            )
            .first()
        )
        if registration is None:
            return False
        _queue_email(registration, "reminder", hour_before=reminder is Reminder.HOUR_BEFORE)
        setattr(registration, reminder.field, now)
        registration.save(update_fields=[reminder.field])
    return True


def _due_join_links(*, now: datetime) -> list[int]:
    """Seat holders who lack the join link from the last reminder's moment to the end.

    Someone seated after the 1-hour reminder's moment while the webinar had
    no link yet, or everyone, when staff change the link late: the
    reminders have gone, so the link goes on its own.
    """
    last_moment = min(reminder.before_start for reminder in Reminder)
    return list(
        Registration.objects.filter(
            status=Registration.Status.REGISTERED,
            webinar__status=Webinar.Status.PUBLISHED,
            webinar__starts_at__lte=now + last_moment,
            webinar__ends_at__gt=now,
        )
        .exclude(webinar__join_url="")
        .exclude(join_url_sent=F("webinar__join_url"))
        .order_by("webinar__starts_at", "pk")
        .values_list("pk", flat=True)[:REMINDER_BATCH]
    )


def _join_link_send(registration_id: int) -> bool:
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("webinar")
            .filter(pk=registration_id, status=Registration.Status.REGISTERED)
            .exclude(join_url_sent=F("webinar__join_url"))
            .first()
        )
        if registration is None:
            return False
        _queue_email(registration, "join_link")
    return True


def reminders_send_due(*, now: datetime | None = None) -> int:
    """Queue every reminder that is due, each once per registration, and any join
    link a seat holder still lacks near the start; returns how many emails.
    """
    now = now or timezone.now()
    sent = 0
    for reminder in Reminder:
        for registration_id in _due_reminders(reminder, now=now):
            sent += _reminder_send(registration_id, reminder, now=now)
    for registration_id in _due_join_links(now=now):
        sent += _join_link_send(registration_id)
    return sent


def _live_registrations(webinar: Webinar, **filters: object) -> list[Registration]:
    """The webinar's seats and waitlist, oldest first, each holding this (locked) webinar.

    Registrations waiting for confirmation are not among them: nobody has
    shown that their addresses want our email.
    """
    registrations = list(
        webinar.registrations.filter(**filters)
        .exclude(status__in=[Registration.Status.CANCELLED, Registration.Status.PENDING])
        .order_by("pk")
    )
    for registration in registrations:
        registration.webinar = webinar
    return registrations


def webinar_reschedule(*, webinar_id: int) -> int:
    """Tell everyone registered or waiting the webinar's new time; returns how many.

    For staff who moved the start or end. Seat holders get a calendar file
    with the same UID and a higher SEQUENCE, which moves the entry in their
    calendar; reminders whose moment is still ahead of the new start will
    go again.
    """
    now = timezone.now()
    with transaction.atomic():
        webinar = _locked_webinar(webinar_id)
        if webinar.status != Webinar.Status.PUBLISHED or webinar.ends_at <= now:
            return 0
        webinar.schedule_sequence += 1
        webinar.save(update_fields=["schedule_sequence"])
        seat_holders = webinar.registrations.filter(status=Registration.Status.REGISTERED)
        for reminder in Reminder:
            if now < webinar.starts_at - reminder.before_start:
                seat_holders.update(**{reminder.field: None})
        registrations = _live_registrations(webinar)
        for registration in registrations:
            _queue_email(
                registration,
                "rescheduled",
                with_calendar=registration.status == Registration.Status.REGISTERED,
            )
    return len(registrations)


def webinar_cancel(*, webinar_id: int) -> int:
    """Call the webinar off: it shows as cancelled, and every live registration is
    cancelled and emailed. Returns how many people were emailed; running it
    again emails nobody twice.
    """
    now = timezone.now()
    with transaction.atomic():
        webinar = _locked_webinar(webinar_id)
        if webinar.status != Webinar.Status.CANCELLED:
            webinar.status = Webinar.Status.CANCELLED
            # A save, not an update: the cached pages that show it must go.
            webinar.save(update_fields=["status", "updated_at"])
        registrations = _live_registrations(webinar)
        for registration in registrations:
            _queue_email(registration, "webinar_cancelled")
        Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(
            status=Registration.Status.CANCELLED, cancelled_at=now
        )
        webinar.registrations.filter(status=Registration.Status.PENDING).update(
            status=Registration.Status.CANCELLED, cancelled_at=now
        )
    return len(registrations)


def _image_replace(
    instance: Webinar | Speaker,
    *,
    field: str,
    image: Image.Image | None,
    encode: Callable[[Image.Image], EncodedImage],
    prefix: str,
    other_fields: dict[str, object],
    with_size: bool = False,
) -> None:
    old = type(instance).objects.filter(pk=instance.pk).values_list(field, flat=True).first()
    fields = {field: "", **other_fields}
    if with_size:
        fields |= {f"{field}_width": None, f"{field}_height": None}
    if image is not None:
        encoded = encode(image)
        fields[field] = image_store(encoded, prefix=prefix)
        if with_size:
            fields |= {f"{field}_width": encoded.width, f"{field}_height": encoded.height}
    try:
        with transaction.atomic():
            for key, value in fields.items():
                setattr(instance, key, value)
            # A save, not an update: the cached pages that show it must go.
            instance.save(update_fields=list(fields))
            image_delete_after_commit(old or "")
    except BaseException:
        if image is not None:
            default_storage.delete(fields[field])
        raise


def webinar_flyer_replace(*, webinar: Webinar, image: Image.Image | None, flyer_alt: str) -> None:
    """Store a re-encoded flyer under a random name (or none) with its description;
    the old file is deleted after commit.
    """
    _image_replace(
        webinar,
        field="flyer",
        image=image,
        encode=lambda pixels: image_encode(
            pixels, image_format="JPEG", quality=85, bound=FLYER_SIZE
        ),
        prefix=FLYER_PREFIX,
        other_fields={"flyer_alt": flyer_alt, "updated_at": timezone.now()},
        with_size=True,
    )


def speaker_photo_replace(*, speaker: Speaker, image: Image.Image | None, photo_alt: str) -> None:
    """Store a re-encoded square photo under a random name (or none) with its description;
    the old file is deleted after commit.
    """
    _image_replace(
        speaker,
        field="photo",
        image=image,
        encode=lambda pixels: image_encode(
            pixels, image_format="JPEG", quality=84, square=SPEAKER_PHOTO_SIZE
        ),
        prefix=SPEAKER_PHOTO_PREFIX,
        other_fields={"photo_alt": photo_alt},
    )


class RecordingNotReadyError(Exception):
    """The webinar has no recording link yet, or has not ended."""


def webinar_send_recording(*, webinar_id: int) -> int:
    """Email the recording link to everyone still registered or waitlisted, once each.

    Returns how many emails were queued. Raises RecordingNotReadyError when
    the webinar has not ended or has no recording link.
    """
    now = timezone.now()
    with transaction.atomic():
        webinar = _locked_webinar(webinar_id)
        if not webinar.recording_url or not webinar.has_ended(now=now):
            raise RecordingNotReadyError
        recipients = _live_registrations(webinar, recording_sent_at__isnull=True)
        for registration in recipients:
            _queue_email(registration, "recording")
        Registration.objects.filter(pk__in=[r.pk for r in recipients]).update(
            recording_sent_at=now
        )
    return len(recipients)
