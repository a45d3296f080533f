"""Reads for the webinar pages and for staff."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from forus.images import image_renditions_names
from forus.pagecache import public_page_state
from webinars.models import (
    COVER_PREFIX,
    FLYER_PREFIX,
    SPEAKER_PHOTO_PREFIX,
    TRANSCRIPT_PREFIX,
    AccommodationRequest,
    Registration,
    Speaker,
    Webinar,
    WebinarResource,
    WebinarSpeaker,
)
from webinars.staff import EVENT_COORDINATORS
from webinars.tokens import registration_id_from_cancel_token, registration_id_from_confirm_token


@dataclass(frozen=True)
class WebinarListing:
    upcoming: list[Webinar]
    past: list[Webinar]


def webinar_listing(*, now: datetime | None = None) -> WebinarListing:
    """Published and cancelled webinars: upcoming soonest first, then past latest first."""
    now = now or timezone.now()
    webinars = list(Webinar.objects.for_public_display().order_by("starts_at"))
    return WebinarListing(
        upcoming=[webinar for webinar in webinars if not webinar.has_ended(now=now)],
        past=[webinar for webinar in reversed(webinars) if webinar.has_ended(now=now)],
    )


def webinar_for_page(*, slug: str, with_counts: bool = True) -> Webinar:
    """A public webinar with its seat counts, in one query; drafts are a 404.

    Without the counts (which read every registration of the webinar) for a
    registration, which counts under the webinar's lock anyway.
    """
    webinars = Webinar.objects.for_public_display()
    if with_counts:
        webinars = webinars.with_registration_counts()
    webinar = webinars.filter(slug=slug).first()
    if webinar is None:
        raise Http404
    return webinar


PUBLIC_STATUSES = [Webinar.Status.PUBLISHED, Webinar.Status.CANCELLED]


def webinar_page_state_name(slug: str) -> str:
    """The name of the page state (seats, open or closed) of the webinar with this address."""
    return f"webinar:{slug}"


def webinar_page_state(*, slug: str) -> str:
    """A stamp of the webinar's seats and status, without a query (forus.pagecache).

    The services that change them (every one locks the webinar) give it a
    new stamp once they commit; a staff edit of the webinar empties every
    cached page anyway.
    """
    return public_page_state(webinar_page_state_name(slug))


@dataclass(frozen=True)
class WebinarImage:
    name: str
    public: bool


def webinar_image(*, file_name: str) -> WebinarImage | None:
    """The stored flyer or speaker's photo of this file name, and whether it is public.

    A flyer is public while its webinar is; a speaker's photo while the
    speaker appears in any public webinar.
    """
    name = f"{FLYER_PREFIX}/{file_name}"
    status = Webinar.objects.filter(flyer=name).values_list("status", flat=True).first()
    if status is not None:
        return WebinarImage(name=name, public=Webinar(status=status).is_public)
    name = f"{SPEAKER_PHOTO_PREFIX}/{file_name}"
    speaker = (
        Speaker.objects.filter(photo=name)
        .annotate(
            public_appearances=Count(
                "appearances",
                filter=Q(appearances__webinar__status__in=PUBLIC_STATUSES),
            )
        )
        .values_list("public_appearances", flat=True)
        .first()
    )
    if speaker is None:
        return None
    return WebinarImage(name=name, public=speaker > 0)


def webinar_transcript_file(*, file_name: str) -> WebinarImage | None:
    """The stored transcript or captions file of this name, and whether its webinar is public."""
    name = f"{TRANSCRIPT_PREFIX}/{file_name}"
    status = Webinar.objects.filter(transcript_file=name).values_list("status", flat=True).first()
    if status is None:
        return None
    return WebinarImage(name=name, public=Webinar(status=status).is_public)


def webinar_cover(*, webinar_id: int, file_name: str) -> WebinarImage | None:
    """The stored file of this name of the webinar's cover; whether the webinar is public."""
    webinar = Webinar.objects.filter(pk=webinar_id).only("image", "status").first()
    if webinar is None:
        return None
    name = f"{COVER_PREFIX}/{file_name}"
    if name not in image_renditions_names(webinar.image):
        return None
    return WebinarImage(name=name, public=webinar.is_public)


def webinar_speakers(*, webinar: Webinar) -> list[WebinarSpeaker]:
    """Who speaks at and moderates the webinar, in staff's order, each with their record."""
    return list(
        WebinarSpeaker.objects.filter(webinar=webinar)
        .select_related("speaker")
        .order_by("order", "pk")
    )


def speaker_appearances(*, speaker_id: int) -> list[WebinarSpeaker]:
    """The webinars a speaker appears in, latest first (for staff)."""
    return list(
        WebinarSpeaker.objects.filter(speaker_id=speaker_id)
        .select_related("webinar")
        .order_by("-webinar__starts_at")
    )


def past_webinars(*, now: datetime | None = None) -> list[Webinar]:
    """Public webinars that have ended, latest first, with their resources (three queries)."""
    now = now or timezone.now()
    return list(
        Webinar.objects.for_public_display()
        .filter(ends_at__lte=now)
        .order_by("-starts_at")
        .prefetch_related(
            Prefetch("resources", queryset=WebinarResource.objects.order_by("order", "pk")),
            Prefetch(
                "speaker_appearances",
                queryset=WebinarSpeaker.objects.select_related("speaker").order_by("order", "pk"),
            ),
        )
    )


def webinar_resources(*, webinar: Webinar) -> list[WebinarResource]:
    return list(webinar.resources.order_by("order", "pk"))


def webinar_seats_left(webinar: Webinar) -> int | None:
    """Free seats, from `with_registration_counts()`; None when there is no limit."""
    if webinar.capacity is None:
        return None
    return max(webinar.capacity - webinar.registered_count, 0)


def next_open_webinar(*, now: datetime | None = None) -> Webinar | None:
    """The soonest webinar that still takes registrations (a full one takes a waitlist)."""
    return (
        Webinar.objects.open_for_registration(now=now or timezone.now())
        .order_by("starts_at")
        .first()
    )


def registration_for_cancel_token(*, token: str) -> Registration | None:
    registration_id = registration_id_from_cancel_token(token)
    if registration_id is None:
        return None
    return Registration.objects.select_related("webinar").filter(pk=registration_id).first()


def registration_for_confirm_token(*, token: str) -> Registration | None:
    registration_id = registration_id_from_confirm_token(token)
    if registration_id is None:
        return None
    return Registration.objects.select_related("webinar").filter(pk=registration_id).first()


def registrations_for_export(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    return registrations.select_related("webinar").order_by(
        "webinar__starts_at", "webinar_id", "created_at", "pk"
    )


def registration_counts_by_source(*, webinar_id: int) -> list[tuple[str, int]]:
    """How many live registrations came through each ?source= code, most first."""
    return [
        (row["source"], row["count"])
        for row in Registration.objects.filter(webinar_id=webinar_id)
        .exclude(status=Registration.Status.CANCELLED)
        .values("source")
        .annotate(count=Count("pk"))
        .order_by("-count", "source")
    ]


def accommodation_requests_open_by_due(
    *, now: datetime | None = None
) -> QuerySet[AccommodationRequest]:
    """Open accommodation requests still to arrange, soonest due first.

    Only those whose registration holds a seat or a waitlist place (not
    cancelled, not waiting for confirmation) and whose webinar is ahead;
    with the registration, webinar and owner in the same query.
    """
    return (
        AccommodationRequest.objects.filter(
            status=AccommodationRequest.Status.OPEN,
            registration__status__in=[
                Registration.Status.REGISTERED,
                Registration.Status.WAITLISTED,
            ],
            registration__webinar__starts_at__gt=now or timezone.now(),
        )
        .select_related("registration__webinar", "owner")
        .order_by("due_on", "registration__webinar__starts_at", "pk")
    )


def accommodation_coordinator_addresses() -> list[str]:
    """Who hears of accommodation requests: the active event coordinators with an email
    address, or STAFF_NOTIFY_EMAILS when none has one. Each address once.
    """
    addresses = list(
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name=EVENT_COORDINATORS)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
    ) or list(settings.STAFF_NOTIFY_EMAILS)
    unique: dict[str, str] = {}
    for address in addresses:
        unique.setdefault(address.strip().lower(), address.strip())
    return list(unique.values())
