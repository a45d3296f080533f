"""Emailed links to a person's page, as the site makes them, for tests."""

from forus.people.models import PersonLink
from forus.people.tokens import PERSON_LINK


def link_token(email: str, *, language: str = "en") -> str:
    """A token as the emailed link carries it, for a fresh link row."""
    return PERSON_LINK.make(PersonLink.objects.create(email=email, language=language).pk)
