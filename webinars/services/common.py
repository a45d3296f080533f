"""The webinar services' limits, errors and outcomes."""

from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from webinars.models import Registration

# A flyer is read on the page at up to about 800 px wide: twice that keeps
# its small print sharp on dense screens. Speakers' photos show as 112 px
# circles: three times that.
FLYER_SIZE = 1600
SPEAKER_PHOTO_SIZE = 336

# Registering again re-sends the confirmation, but not more often than this,
# and not more than RESENDS_PER_DAY times a day, as the newsletter does: a
# double click sends one email, and nobody can flood someone's inbox.
RESEND_AT_MOST_EVERY = timedelta(hours=1)
RESENDS_PER_DAY = 3
REMINDER_BATCH = 500

# Under pressure a registration waits this long for its owner's confirmation
# (never past the start), then lapses without ever having held a seat.
CONFIRM_WITHIN = timedelta(hours=2)
# Live registrations one client address may hold for one webinar.
REGISTRATIONS_PER_CLIENT = 3
CLIENT_KEY_SALT = "webinars.registration.client"


class RegistrationClosedError(Exception):
    """The webinar takes no registrations now; the message says why, for the page."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RegistrationLimitError(Exception):
    """This client address holds as many registrations for the webinar as it may."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


class Confirmation(Enum):
    """What pressing the emailed confirmation link did."""

    SEATED = "seated"
    WAITLISTED = "waitlisted"
    ALREADY_CONFIRMED = "already_confirmed"
    LAPSED = "lapsed"


@dataclass(frozen=True)
class RegistrationOutcome:
    registration: Registration
    created: bool


class Reminder(Enum):
    """The reminders before a webinar: when each is due, and where it is recorded."""

    DAY_BEFORE = ("reminder_24h_sent_at", timedelta(hours=24))
    HOUR_BEFORE = ("reminder_1h_sent_at", timedelta(hours=1))

    def __init__(self, field: str, before_start: timedelta) -> None:
        self.field = field
        self.before_start = before_start
