"""Signed links: a token that carries one id for one purpose, on django.core.signing.

A token carries a primary key (never an address) signed with a salt per
purpose, so a link made for one thing cannot do another. A link may expire
(`max_age`) or not; an expired one still names its id, for a page that
offers a fresh link.
"""

from datetime import timedelta

from django.core import signing

# Longer than any token made here; longer input is not read at all.
TOKEN_MAX_LENGTH = 200


class LinkInvalid(Exception):  # noqa: N818 - a state of a link, not a failure of the code
    """A link that cannot be used: changed, cut short, made up, or (LinkExpired) too old."""


class LinkExpired(LinkInvalid):
    """A genuine link, too old to use; `value` is the id it was made for."""

    def __init__(self, value: int) -> None:
        super().__init__("The link has expired.")
        self.value = value


class SignedLink:
    """The tokens of one kind of link: `make` signs an id, `read` returns it."""

    def __init__(self, *, salt: str, max_age: timedelta | None = None) -> None:
        self.salt = salt
        self.max_age = max_age

    def make(self, value: int) -> str:
        """A token for the id, unguessable without SECRET_KEY."""
        return signing.dumps(value, salt=self.salt)

    def read(self, token: str) -> int:
        """The id the token was made for; LinkExpired when too old, LinkInvalid otherwise."""
        try:
            return self._loads(token, max_age=self.max_age)
        except signing.SignatureExpired:
            raise LinkExpired(self.read_any_age(token)) from None

    def read_any_age(self, token: str) -> int:
        """The id a genuine token was made for, however old (to send a fresh link)."""
        return self._loads(token, max_age=None)

    def _loads(self, token: str, *, max_age: timedelta | None) -> int:
        if not isinstance(token, str) or len(token) > TOKEN_MAX_LENGTH:
            raise LinkInvalid
        try:
            value = signing.loads(token, salt=self.salt, max_age=max_age)
        except signing.SignatureExpired:
            raise
        except signing.BadSignature:
            raise LinkInvalid from None
        if type(value) is not int:
            raise LinkInvalid
        return value
