"""Every write about webinars: registering, cancelling, the waitlist, reminders, follow-ups.

Under pressure (few seats left, or registrations arriving in a rush) a new
registration holds nothing until its owner confirms through the emailed
link: made-up addresses never confirm, so a flood cannot take the seats of
real people. See `_seats_and_rush` and the README's seat rule.

Capacity holds under concurrency because everything that changes who holds
a seat (registering, cancelling, promoting from the waitlist) first takes a
row lock on the webinar (SELECT ... FOR UPDATE) inside its transaction, and
counts seats only after that. Two registrations for one webinar therefore
run one after the other; registrations for different webinars do not wait
for each other.
"""

from webinars.services.accommodations import (
    REMINDER_DAYS_AHEAD,
    REMINDER_FROM_HOUR,
    accommodation_due_on,
    accommodation_reminders_send,
    accommodation_request_update,
)
from webinars.services.archive import speaker_delete, webinar_transcript_replace
from webinars.services.common import (
    CONFIRM_WITHIN,
    REGISTRATIONS_PER_CLIENT,
    Confirmation,
    RegistrationClosedError,
    RegistrationLimitError,
    RegistrationOutcome,
    Reminder,
)
from webinars.services.follow_up import (
    RecordingNotReadyError,
    reminders_send_due,
    speaker_photo_replace,
    webinar_cancel,
    webinar_flyer_replace,
    webinar_reschedule,
    webinar_send_recording,
)
from webinars.services.registrations import (
    registration_answers_change,
    registration_cancel,
    registration_confirm,
    registration_create,
    registration_delete,
    registrations_cancel,
    registrations_erase,
    registrations_lapse_unconfirmed,
    waitlist_promote,
)
from webinars.services.retention import registrations_anonymise, registrations_anonymise_ended
from webinars.services.seats import (
    HOLD_WHEN_SEATS_LEFT,
    HOLD_WHEN_SHARE_LEFT,
    RUSH_REGISTRATIONS,
    RUSH_WINDOW,
)

__all__ = [
    "CONFIRM_WITHIN",
    "HOLD_WHEN_SEATS_LEFT",
    "HOLD_WHEN_SHARE_LEFT",
    "REGISTRATIONS_PER_CLIENT",
    "REMINDER_DAYS_AHEAD",
    "REMINDER_FROM_HOUR",
    "RUSH_REGISTRATIONS",
    "RUSH_WINDOW",
    "Confirmation",
    "RecordingNotReadyError",
    "RegistrationClosedError",
    "RegistrationLimitError",
    "RegistrationOutcome",
    "Reminder",
    "accommodation_due_on",
    "accommodation_reminders_send",
    "accommodation_request_update",
    "registration_answers_change",
    "registration_cancel",
    "registration_confirm",
    "registration_create",
    "registration_delete",
    "registrations_anonymise",
    "registrations_anonymise_ended",
    "registrations_cancel",
    "registrations_erase",
    "registrations_lapse_unconfirmed",
    "reminders_send_due",
    "speaker_delete",
    "speaker_photo_replace",
    "waitlist_promote",
    "webinar_cancel",
    "webinar_flyer_replace",
    "webinar_reschedule",
    "webinar_send_recording",
    "webinar_transcript_replace",
]
