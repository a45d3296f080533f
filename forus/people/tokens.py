"""The emailed link to a person's page: one purpose, one hour."""

from datetime import timedelta

from forus.signing import LinkExpired, LinkInvalid, SignedLink

LINK_LIFETIME = timedelta(hours=1)
PERSON_LINK = SignedLink(salt="forus.people.link", max_age=LINK_LIFETIME)

__all__ = ["LINK_LIFETIME", "PERSON_LINK", "LinkExpired", "LinkInvalid"]
