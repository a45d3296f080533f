"""Moderation of nominations and editing of spotlights, for staff.

What the public typed is read-only here and always shown escaped; staff
change statuses through actions (on the list and on each nomination's
page), which record who did it and when.
"""

from champions.admin import nominations, spotlights

__all__ = ["nominations", "spotlights"]
