"""Calendar files (RFC 5545) for a webinar, built with the icalendar library.

Times are in UTC, which every calendar program shows in its own zone without
needing a VTIMEZONE. Two kinds:

- the public add-to-calendar file on the webinar's page: one UID per webinar
  and never the join link;
- the file attached to a registrant's emails: one UID per registration, so
  a re-sent confirmation updates the entry instead of adding a second, with
  the join link as LOCATION and URL.
"""

from datetime import UTC, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from forus.links import absolute_url
from webinars.calendar_links import public_details
from webinars.models import Registration, Webinar

PRODID = "-//Social Mission Alliance//For Us All webinars//EN"
ALARM_BEFORE = timedelta(minutes=30)
CONTENT_TYPE = "text/calendar; charset=utf-8"


def _uid_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _calendar_with(event: Event) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # PUBLISH: an entry to add, not a meeting invitation to answer.
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    return calendar.to_ical()


def _event(*, webinar: Webinar, uid: str, description: str, location: str, url: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("sequence", webinar.schedule_sequence)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", webinar.starts_at.astimezone(UTC))
    event.add("dtend", webinar.ends_at.astimezone(UTC))
    event.add("summary", webinar.title)
    event.add("description", description)
    event.add("location", location)
    event.add("url", url)
    event.add("status", "CANCELLED" if webinar.status == Webinar.Status.CANCELLED else "CONFIRMED")

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", webinar.title)
    alarm.add("trigger", -ALARM_BEFORE)
    event.add_component(alarm)
    return event


def webinar_public_ics(*, webinar: Webinar) -> bytes:
    """The add-to-calendar file anyone may download: no join link in it."""
    page_url = absolute_url(webinar.get_absolute_url())
    description = public_details(webinar, page_url)
    return _calendar_with(
        _event(
            webinar=webinar,
            uid=f"webinar-{webinar.pk}@{_uid_domain()}",
            description=description,
            location=_("Online"),
            url=page_url,
        )
    )


def registration_ics(*, registration: Registration) -> bytes:
    """The file attached to a registrant's emails, with the join link."""
    webinar = registration.webinar
    page_url = absolute_url(webinar.get_absolute_url())
    join_url = webinar.join_url
    description = "\n\n".join(
        [
            webinar.summary,
            _("Join the webinar: %(url)s") % {"url": join_url}
            if join_url
            else _("The link to join will come in your reminder emails."),
            _("About the webinar: %(url)s") % {"url": page_url},
        ]
    )
    return _calendar_with(
        _event(
            webinar=webinar,
            uid=f"registration-{registration.public_id}@{_uid_domain()}",
            description=description,
            location=join_url or _("Online"),
            url=join_url or page_url,
        )
    )
