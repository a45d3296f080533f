"""The signed tokens in registrants' links: cancel (never expires) and confirm."""

from forus.signing import LinkInvalid, SignedLink

# Every old email's cancel link must still work: it never expires.
CANCEL_LINK = SignedLink(salt="webinars.registration.cancel")
# The link that turns a registration waiting for confirmation into a seat or a place;
# the registration's own time to confirm (confirm_by) decides whether it is too late.
CONFIRM_LINK = SignedLink(salt="webinars.registration.confirm")


def cancel_token(*, registration_id: int) -> str:
    return CANCEL_LINK.make(registration_id)


def registration_id_from_cancel_token(token: str) -> int | None:
    try:
        return CANCEL_LINK.read(token)
    except LinkInvalid:
        return None


def confirm_token(*, registration_id: int) -> str:
    return CONFIRM_LINK.make(registration_id)


def registration_id_from_confirm_token(token: str) -> int | None:
    try:
        return CONFIRM_LINK.read(token)
    except LinkInvalid:
        return None
