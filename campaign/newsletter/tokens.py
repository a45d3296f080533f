"""Signed tokens for the links in newsletter emails.

A token carries the subscriber's id (never the address) and is signed with a
salt per purpose, so a confirmation token cannot unsubscribe anyone and an
unsubscribe token cannot confirm. Confirmation links expire; unsubscribe
links never do, as every old email must still let its reader leave.
"""

from datetime import timedelta

from django.core import signing

CONFIRM_SALT = "campaign.subscriber.confirm"
UNSUBSCRIBE_SALT = "campaign.subscriber.unsubscribe"
CONFIRMATION_LINK_LIFETIME = timedelta(days=7)
# Longer than any token this module makes; longer input is not read at all.
TOKEN_MAX_LENGTH = 200


class LinkExpired(Exception):  # noqa: N818 - a state of a link, not a failure of the code
    """A genuine confirmation link, too old to use; it names whom to send a new one."""

    def __init__(self, subscriber_id: int) -> None:
        super().__init__("The confirmation link has expired.")
        self.subscriber_id = subscriber_id


class LinkInvalid(Exception):  # noqa: N818
    """A link that this site did not make: changed, cut short or made up."""


def _subscriber_id(token: str, *, salt: str, max_age: timedelta | None = None) -> int:
    if len(token) > TOKEN_MAX_LENGTH:
        raise LinkInvalid
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise
    except signing.BadSignature:
        raise LinkInvalid from None
    if type(value) is not int:
        raise LinkInvalid
    return value


def confirmation_token(subscriber_id: int) -> str:
    return signing.dumps(subscriber_id, salt=CONFIRM_SALT)


def unsubscribe_token(subscriber_id: int) -> str:
    return signing.dumps(subscriber_id, salt=UNSUBSCRIBE_SALT)


def subscriber_id_to_confirm(token: str) -> int:
    """The subscriber a confirmation link is for; LinkExpired or LinkInvalid if unusable."""
    try:
        return _subscriber_id(token, salt=CONFIRM_SALT, max_age=CONFIRMATION_LINK_LIFETIME)
    except signing.SignatureExpired:
        raise LinkExpired(_subscriber_id(token, salt=CONFIRM_SALT)) from None


def subscriber_id_from_any_confirmation_link(token: str) -> int:
    """The subscriber a genuine confirmation link is for, however old (to send a new one)."""
    return _subscriber_id(token, salt=CONFIRM_SALT)


def subscriber_id_to_unsubscribe(token: str) -> int:
    """The subscriber an unsubscribe link is for; it never expires. LinkInvalid if forged."""
    return _subscriber_id(token, salt=UNSUBSCRIBE_SALT)
