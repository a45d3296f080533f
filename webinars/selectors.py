"""Reads for the webinar pages and for staff."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from webinars.models import (
    FLYER_PREFIX,
    SPEAKER_PHOTO_PREFIX,
    TRANSCRIPT_PREFIX,
    Registration,
    Speaker,
    Webinar,
    WebinarResource,
    WebinarSpeaker,
)
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


def webinar_for_page(*, slug: str) -> Webinar:
    """A public webinar with its seat counts, in one query; drafts are a 404."""
    webinar = (
        Webinar.objects.for_public_display().with_registration_counts().filter(slug=slug).first()
    )
    if webinar is None:
        raise Http404
    return webinar


PUBLIC_STATUSES = [Webinar.Status.PUBLISHED, Webinar.Status.CANCELLED]


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
