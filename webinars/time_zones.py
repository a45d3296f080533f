"""Time zones as people read them: names for the usual US zones, and when two differ."""

import zoneinfo
from datetime import date, datetime, timedelta
from functools import cache

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

EASTERN_TIME = "America/New_York"

ZONE_LABELS = {
    "America/New_York": _("Eastern Time"),
    "America/Detroit": _("Eastern Time"),
    "America/Chicago": _("Central Time"),
    "America/Denver": _("Mountain Time"),
    "America/Phoenix": _("Mountain Time (Arizona)"),
    "America/Los_Angeles": _("Pacific Time"),
    "America/Anchorage": _("Alaska Time"),
    "Pacific/Honolulu": _("Hawaii Time"),
    "America/Puerto_Rico": _("Atlantic Time (Puerto Rico)"),
}


@cache
def known_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in known_time_zones():
        raise ValidationError(
            _("%(value)s is not a time zone name such as America/New_York."),
            params={"value": value},
            code="invalid_time_zone",
        )


def zone_label(name: str) -> str | Promise:
    """ "Eastern Time" for America/New_York; the zone's own name where we have no word.

    Lazy, so it reads in the language of whatever renders it (an email's).
    """
    return ZONE_LABELS.get(name) or name.replace("_", " ")


def visitor_time_zone(value: str | None) -> str:
    """The zone a browser reported, or Eastern Time when it is absent or unknown."""
    value = (value or "").strip()
    return value if value in known_time_zones() else EASTERN_TIME


def reads_the_same(*moments: datetime, zone: str, other_zone: str) -> bool:
    """Whether these moments show the same wall-clock time in both zones."""
    first, second = zoneinfo.ZoneInfo(zone), zoneinfo.ZoneInfo(other_zone)
    return all(
        moment.astimezone(first).replace(tzinfo=None)
        == moment.astimezone(second).replace(tzinfo=None)
        for moment in moments
    )


def date_before(moment: datetime, *, days: int, zone: str, today: date) -> date:
    """The day `days` days before the date `moment` falls on in `zone`, or today if that is past.

    Counted in calendar days of the zone, so a daylight-saving change in
    between moves nothing, and a late-evening start keeps its own date.
    """
    return max(moment.astimezone(zoneinfo.ZoneInfo(zone)).date() - timedelta(days=days), today)
