"""The champions' staff group: moderators read nominations and publish spotlights."""

from forus.staff import VIEW_CHANGE

MODERATORS = "Moderators"

# Moderators read and move nominations, and turn approved ones into
# spotlights they edit and publish; its migrations grant it.
MODERATORS_PERMISSIONS = {
    "nomination": VIEW_CHANGE,
    "nominationstatuschange": ("view",),
    "spotlight": ("view", "add", "change"),
}
