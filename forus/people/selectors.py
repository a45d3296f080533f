"""Reads across the apps: what the site holds about an address."""

from datetime import datetime

from django.utils import timezone

from forus.people.models import PersonLink
from forus.people.registry import PersonData, person_data_parts
from forus.people.tokens import LINK_LIFETIME


def person_holdings(*, email: str) -> dict[str, dict | list]:
    """Everything each app stores about the address, by the app's key (JSON-serialisable)."""
    return {part.key: part.holdings(email) for part in person_data_parts()}


def person_holds_anything(*, email: str) -> bool:
    """Whether any app stores anything about the address."""
    return any(part.holdings(email) for part in person_data_parts())


def person_export(*, email: str, now: datetime | None = None) -> dict[str, object]:
    """The download: the address, when it was made, and each app's holdings with its title."""
    return {
        "email": email,
        "exported_at": (now or timezone.now()).isoformat(),
        "sections": {
            part.key: {"title": str(part.title), "records": part.holdings(email)}
            for part in person_data_parts()
        },
    }


def person_page_blocks(*, email: str) -> list[tuple[PersonData, dict]]:
    """Each app's block on the person's page, with its context."""
    return [
        (part, part.block_context(email))
        for part in person_data_parts()
        if part.block_template and part.block_context is not None
    ]


def person_kept() -> list[tuple[str, str]]:
    """What stays after an erasure, and why, by app."""
    return [(str(part.title), str(part.kept)) for part in person_data_parts() if part.kept]


def person_link(*, link_id: int, now: datetime | None = None) -> PersonLink | None:
    """The link row, while it may still be used (its token's hour has not passed)."""
    since = (now or timezone.now()) - LINK_LIFETIME
    return PersonLink.objects.filter(pk=link_id, created_at__gt=since).first()


def person_session_email(*, link_id: int) -> str | None:
    """The address a session is for, or None once its link row is gone."""
    return PersonLink.objects.filter(pk=link_id).values_list("email", flat=True).first()
