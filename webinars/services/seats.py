"""Seats under the webinar's lock: counting, the seat rule, the waitlist."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import Lower
from django.utils.crypto import salted_hmac

from forus.pagecache import public_page_state_changed
from webinars.models import Registration, Webinar
from webinars.selectors import webinar_page_state_name
from webinars.services.common import CLIENT_KEY_SALT
from webinars.services.emails import _queue_email

# --- Seats ------------------------------------------------------------------

# The seat rule (README, "Seats under pressure"). A webinar is under pressure
# when its free seats are at most HOLD_WHEN_SEATS_LEFT or HOLD_WHEN_SHARE_LEFT
# of its capacity, or when RUSH_REGISTRATIONS arrived within RUSH_WINDOW.
HOLD_WHEN_SEATS_LEFT = 5
HOLD_WHEN_SHARE_LEFT = 0.2
RUSH_WINDOW = timedelta(minutes=10)
RUSH_REGISTRATIONS = 20


def _locked_webinar(webinar_id: int) -> Webinar:
    """The webinar, locked: everything that changes who holds a seat goes through here.

    So here, once the change commits, the webinar's page is told its seats
    may have changed: the cached page shows the new count at the next visit.
    """
    webinar = Webinar.objects.select_for_update().get(pk=webinar_id)
    _page_state_changed_on_commit(webinar.slug)
    return webinar


def _page_state_changed_on_commit(slug: str) -> None:
    transaction.on_commit(partial(public_page_state_changed, webinar_page_state_name(slug)))


def _seats_taken(webinar: Webinar) -> int:
    return webinar.registrations.filter(status=Registration.Status.REGISTERED).count()


def _has_free_seat(webinar: Webinar) -> bool:
    return webinar.capacity is None or _seats_taken(webinar) < webinar.capacity


@dataclass(frozen=True)
class SeatCounts:
    """What a new registration is decided on, counted in one query under the webinar's lock."""

    taken: int  # seats held
    under_pressure: bool
    from_client: int  # live registrations from the client's address
    live_with_email: int | None  # the pk of the address's live registration, if any


def _seats_and_rush(
    webinar: Webinar, *, now: datetime, client_key: str = "", email: str = ""
) -> SeatCounts:
    """Seats taken, whether the webinar is under pressure, and what the client and the
    address hold already: one query, the only one a new registration reads.

    A new registration under pressure must be confirmed before it holds
    anything. Only a webinar with a seat limit has seats to take. Nearly
    full, a flood would take the last seats; in a rush, a flood is under way.
    """
    live = ~Q(status=Registration.Status.CANCELLED)
    counts = webinar.registrations.alias(email_lower=Lower("email")).aggregate(
        taken=Count("pk", filter=Q(status=Registration.Status.REGISTERED)),
        recent=Count("pk", filter=Q(created_at__gt=now - RUSH_WINDOW)),
        # An empty key (no address known) matches nobody's.
        from_client=Count("pk", filter=live & Q(client_key=client_key) & ~Q(client_key="")),
        live_with_email=Max("pk", filter=live & Q(email_lower=email)),
    )
    taken = counts["taken"]
    under_pressure = False
    if webinar.capacity is not None:
        seats_left = webinar.capacity - taken
        nearly_full = seats_left <= max(
            HOLD_WHEN_SEATS_LEFT, webinar.capacity * HOLD_WHEN_SHARE_LEFT
        )
        under_pressure = nearly_full or counts["recent"] >= RUSH_REGISTRATIONS
    return SeatCounts(taken, under_pressure, counts["from_client"], counts["live_with_email"])


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
