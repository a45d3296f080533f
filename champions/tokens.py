"""The signed token in a nominee's consent link: it expires after CONSENT_LINK_MAX_AGE."""

from datetime import timedelta

from forus.signing import SignedLink

CONSENT_LINK_MAX_AGE = timedelta(days=30)
CONSENT_LINK = SignedLink(salt="champions.nominee_consent", max_age=CONSENT_LINK_MAX_AGE)


def nomination_consent_token(*, nomination_id: int) -> str:
    """The signed, expiring token of the nominee's consent link."""
    return CONSENT_LINK.make(nomination_id)


def nomination_id_from_consent_token(token: str) -> int:
    """The nomination a consent link is for; LinkExpired when old, LinkInvalid if forged."""
    return CONSENT_LINK.read(token)
