"""Reads for the webinar pages and for staff."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from forus.pagecache import public_page_state
from webinars.models import FLYER_PREFIX, SPEAKER_PHOTO_PREFIX, Registration, Speaker, Webinar
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
    """The stored flyer or speaker's photo of this file name; whether its webinar is public."""
    name = f"{FLYER_PREFIX}/{file_name}"
    status = Webinar.objects.filter(flyer=name).values_list("status", flat=True).first()
    if status is None:
        name = f"{SPEAKER_PHOTO_PREFIX}/{file_name}"
        speakers = Speaker.objects.filter(photo=name)
        status = speakers.values_list("webinar__status", flat=True).first()
    if status is None:
        return None
    return WebinarImage(name=name, public=Webinar(status=status).is_public)


def webinar_speakers(*, webinar: Webinar) -> list[Speaker]:
    return list(Speaker.objects.filter(webinar=webinar).order_by("order", "pk"))


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
