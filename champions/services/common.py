"""What every champions service shares: the open statuses, refusals, and queueing an email."""

from django.utils.translation import gettext

from champions.models import Nomination
from forus.outbox.services import email_queue
from forus.validators import AddressRefusedError, email_address_check

OPEN_STATUSES = (Nomination.Status.SUBMITTED, Nomination.Status.IN_REVIEW)
NOMINEE_ANSWERS = (
    Nomination.Consent.APPROVED,
    Nomination.Consent.CHANGES,
    Nomination.Consent.DECLINED,
)


class ChampionsError(Exception):
    """A request staff made that cannot be done; `message` says why, for admin."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SpotlightNotPublishableError(ChampionsError):
    pass


def refusal(whose: str) -> ChampionsError:
    refusals = {
        "nominator": gettext(
            "The nominator’s email address cannot receive email, so nothing was changed."
        ),
        "nominee": gettext(
            "The nominee’s email address cannot receive email, so nothing was changed. "
            "Correct it on the nomination’s page, then try again."
        ),
    }
    return ChampionsError(refusals[whose])


def email_address_checked(address: str, *, whose: str) -> str:
    try:
        return email_address_check(address)
    except AddressRefusedError:
        raise refusal(whose) from None


def email_queue_to(*, whose: str, **email: object) -> None:
    """Queue an email to a nominator or nominee; an address refused is a ChampionsError."""
    # Rows saved before the forms checked addresses as the outbox does can
    # hold one: the action refuses that nomination alone, and says why.
    try:
        email_queue(**email)
    except AddressRefusedError:
        raise refusal(whose) from None
