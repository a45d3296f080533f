"""Signed tokens for the links in newsletter emails.

A token carries the subscriber's id (never the address) and is signed with a
salt per purpose, so a confirmation token cannot unsubscribe anyone and an
unsubscribe token cannot confirm. Confirmation links expire; unsubscribe
links never do, as every old email must still let its reader leave.
"""

from datetime import timedelta

from forus.signing import LinkExpired, LinkInvalid, SignedLink

__all__ = ["LinkExpired", "LinkInvalid"]

CONFIRMATION_LINK_LIFETIME = timedelta(days=7)
# The salts are those of links already sent: changing one would break them.
CONFIRM_LINK = SignedLink(salt="campaign.subscriber.confirm", max_age=CONFIRMATION_LINK_LIFETIME)
UNSUBSCRIBE_LINK = SignedLink(salt="campaign.subscriber.unsubscribe")


def confirmation_token(subscriber_id: int) -> str:
    return CONFIRM_LINK.make(subscriber_id)


def unsubscribe_token(subscriber_id: int) -> str:
    return UNSUBSCRIBE_LINK.make(subscriber_id)


def subscriber_id_to_confirm(token: str) -> int:
    """The subscriber a confirmation link is for; LinkExpired or LinkInvalid if unusable."""
    return CONFIRM_LINK.read(token)


def subscriber_id_from_any_confirmation_link(token: str) -> int:
    """The subscriber a genuine confirmation link is for, however old (to send a new one)."""
    return CONFIRM_LINK.read_any_age(token)


def subscriber_id_to_unsubscribe(token: str) -> int:
    """The subscriber an unsubscribe link is for; it never expires. LinkInvalid if forged."""
    return UNSUBSCRIBE_LINK.read(token)
