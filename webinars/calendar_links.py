"""The "Add to calendar" links for a webinar: Google Calendar, Outlook.com and the `.ics` file.

One place for the page, the registration page and the emails. Google and
Outlook.com get plain prefilled addresses (no script): the start and end in
UTC, in the format each expects, the title, and the webinar's public page as
the place and in the details. Never a personal link (join, cancel,
confirm): these links are public, and the emails' own calendar file is
the one that carries the join link (`webinars.ics.registration_ics`).
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from forus.links import absolute_url
from webinars.models import Webinar

GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"
OUTLOOK_CALENDAR = "https://outlook.live.com/calendar/0/deeplink/compose"


@dataclass(frozen=True)
class CalendarLinks:
    google: str
    outlook: str
    ics: str  # the public calendar file, an absolute address


def _google_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _outlook_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def public_details(webinar: Webinar, page_url: str) -> str:
    return "\n\n".join(
        [
            webinar.summary,
            _("Register on the webinar's page to get the link to join: %(url)s")
            % {"url": page_url},
        ]
    )


def calendar_links(*, webinar: Webinar) -> CalendarLinks:
    """The webinar's add-to-calendar links, in the active language."""
    page_url = absolute_url(webinar.get_absolute_url())
    details = public_details(webinar, page_url)

    def query(parameters: dict[str, str]) -> str:
        return urlencode(parameters, quote_via=quote)

    google = query(
        {
            "action": "TEMPLATE",
            "text": webinar.title,
            "dates": f"{_google_time(webinar.starts_at)}/{_google_time(webinar.ends_at)}",
            "details": details,
            "location": page_url,
        }
    )
    outlook = query(
        {
            "path": "/calendar/action/compose",
            "rru": "addevent",
            "subject": webinar.title,
            "startdt": _outlook_time(webinar.starts_at),
            "enddt": _outlook_time(webinar.ends_at),
            "body": details,
            "location": page_url,
        }
    )
    return CalendarLinks(
        google=f"{GOOGLE_CALENDAR}?{google}",
        outlook=f"{OUTLOOK_CALENDAR}?{outlook}",
        ics=absolute_url(reverse("webinars:webinar_calendar", kwargs={"slug": webinar.slug})),
    )
