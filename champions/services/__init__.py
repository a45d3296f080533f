"""Writes for nominations and spotlights. Every email goes through the outbox."""

from champions.services.common import (
    NOMINEE_ANSWERS,
    OPEN_STATUSES,
    ChampionsError,
    SpotlightNotPublishableError,
)
from champions.services.nominations import (
    nomination_delete,
    nomination_status_change,
    nomination_submit,
    nominations_delete_declined,
    nominations_erase,
    nominee_consent_confirm,
    nominee_consent_record,
    nominee_consent_request,
    nominee_consent_withdraw,
)
from champions.services.spotlights import (
    spotlight_create_from_nomination,
    spotlight_delete,
    spotlight_photo_replace,
    spotlight_publish,
    spotlight_unpublish,
)

__all__ = [
    "NOMINEE_ANSWERS",
    "OPEN_STATUSES",
    "ChampionsError",
    "SpotlightNotPublishableError",
    "nomination_delete",
    "nomination_status_change",
    "nomination_submit",
    "nominations_delete_declined",
    "nominations_erase",
    "nominee_consent_confirm",
    "nominee_consent_record",
    "nominee_consent_request",
    "nominee_consent_withdraw",
    "spotlight_create_from_nomination",
    "spotlight_delete",
    "spotlight_photo_replace",
    "spotlight_publish",
    "spotlight_unpublish",
]
