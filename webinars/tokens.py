"""The signed token in every email's cancel link."""

from django.core import signing

CANCEL_SALT = "webinars.registration.cancel"


def cancel_token(*, registration_id: int) -> str:
    """Unguessable without the secret key, and it never expires: the link must work."""
    return signing.dumps(registration_id, salt=CANCEL_SALT, compress=False)


def registration_id_from_cancel_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=CANCEL_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


CONFIRM_SALT = "webinars.registration.confirm"


def confirm_token(*, registration_id: int) -> str:
    """The link that turns a registration waiting for confirmation into a seat or a place."""
    return signing.dumps(registration_id, salt=CONFIRM_SALT, compress=False)


def registration_id_from_confirm_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=CONFIRM_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
