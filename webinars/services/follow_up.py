"""Reminders, join links, rescheduling, cancelling a webinar, images, the recording."""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from PIL import Image

from forus.images import EncodedImage, image_delete_after_commit, image_encode, image_store
from webinars.models import FLYER_PREFIX, SPEAKER_PHOTO_PREFIX, Registration, Speaker, Webinar
from webinars.services.accommodations import accommodation_due_dates_move
from webinars.services.common import FLYER_SIZE, REMINDER_BATCH, SPEAKER_PHOTO_SIZE, Reminder
from webinars.services.emails import _queue_email
from webinars.services.seats import _locked_webinar

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
    shown that their addresses want our email. Nor are anonymised ones
    (KEEP_REGISTRATIONS_DAYS after the webinar): they hold no address.
    """
    registrations = list(
        webinar.registrations.filter(anonymised_at__isnull=True, **filters)
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
        accommodation_due_dates_move(webinar=webinar, now=now)
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
