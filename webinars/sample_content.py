"""An upcoming sample webinar, so that a newcomer running `make run` can register.

It is plainly labelled as a sample, names no speakers and makes no claim
about the campaign: the campaign's real (past) webinars come with `migrate`.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from webinars.models import Webinar
from webinars.time_zones import EASTERN_TIME

SLUG = "sample-webinar"
WEEKS_AHEAD = 4


def _next_start() -> datetime:
    eastern = ZoneInfo(EASTERN_TIME)
    day = timezone.now().astimezone(eastern).date() + timedelta(weeks=WEEKS_AHEAD)
    return datetime.combine(day, time(12, 0), tzinfo=eastern)


def create_sample_content() -> str:
    """Add (or move four weeks ahead, once it is past) the sample webinar."""
    webinar = Webinar.objects.filter(slug=SLUG).first()
    if webinar is not None and webinar.starts_at > timezone.now():
        return f"the sample webinar is already there, on {webinar.starts_at:%Y-%m-%d}."
    starts_at = _next_start()
    Webinar.objects.update_or_create(
        slug=SLUG,
        defaults={
            "title": "Sample webinar (not a real event)",
            "summary": (
                "A sample webinar for trying the site out: register to see the "
                "confirmation email, the calendar file and the cancel link."
            ),
            "description": (
                "This is **sample content** added by `manage.py sample_content`. It is not "
                "a real event, and nobody will be there: the join link goes to example.org.\n\n"
                "It has 25 seats, so you can also try the waitlist by changing the seats "
                "in admin."
            ),
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=1),
            "time_zone": EASTERN_TIME,
            "capacity": 25,
            "registration_open": True,
            "join_url": "https://example.org/join/sample-webinar",
            "status": Webinar.Status.PUBLISHED,
        },
    )
    return f"a sample webinar on {starts_at:%Y-%m-%d} at 12–1pm Eastern Time."
