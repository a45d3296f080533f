"""The emails to registrants: their links, calendar file and join link."""

import logging

from django.utils import translation

from forus.links import absolute_reverse, absolute_url
from forus.outbox.services import Attachment, email_queue
from forus.validators import AddressRefusedError
from webinars import ics
from webinars.calendar_links import calendar_links
from webinars.models import Registration
from webinars.time_zones import reads_the_same, zone_label
from webinars.tokens import cancel_token, confirm_token

logger = logging.getLogger(__name__)


# --- Emails -------------------------------------------------------------------


def _email_context(registration: Registration) -> dict[str, object]:
    """What every email to a registrant shows, with links in the registrant's language."""
    webinar = registration.webinar
    own_zone = registration.time_zone
    with translation.override(registration.language):
        webinar_url = absolute_url(webinar.get_absolute_url())
        cancel_url = absolute_reverse(
            "webinars:registration_cancel",
            kwargs={"token": cancel_token(registration_id=registration.pk)},
        )
        # Public links only (the webinar's page): the personal ones are in the attachment.
        calendar = calendar_links(webinar=webinar)
    return {
        "registration": registration,
        "webinar": webinar,
        "webinar_url": webinar_url,
        "cancel_url": cancel_url,
        "calendar": calendar,
        # The registrant's own zone, only where it shows a different clock time.
        "own_zone": (
            None
            if reads_the_same(
                webinar.starts_at, webinar.ends_at, zone=webinar.time_zone, other_zone=own_zone
            )
            else own_zone
        ),
        "own_zone_label": zone_label(own_zone),
    }


def _calendar_attachment(registration: Registration) -> Attachment:
    return Attachment(
        filename="webinar.ics",
        content=ics.registration_ics(registration=registration),
        content_type=ics.CONTENT_TYPE,
    )


# The emails that give a seat holder the link to join, when the webinar has one.
JOIN_LINK_TEMPLATES = {"registered", "promoted", "reminder", "rescheduled", "join_link"}


def _join_link_record(registration: Registration, template: str) -> None:
    """Record the join link this email gives a seat holder: the one place that sets it.

    A registration not yet saved gets it in the row about to be inserted.
    """
    join_url = registration.webinar.join_url
    if (
        template in JOIN_LINK_TEMPLATES
        and registration.status == Registration.Status.REGISTERED
        and join_url
        and registration.join_url_sent != join_url
    ):
        registration.join_url_sent = join_url
        if not registration._state.adding:
            Registration.objects.filter(pk=registration.pk).update(join_url_sent=join_url)


def _queue_email(
    registration: Registration, template: str, *, with_calendar: bool = False, **extra: object
) -> None:
    """Queue one email to the registrant; records the join link it carries, if any."""
    webinar = registration.webinar
    _join_link_record(registration, template)
    with translation.override(registration.language):
        attachments = [_calendar_attachment(registration)] if with_calendar else []
    try:
        email_queue(
            to=registration.email,
            template=f"webinars/email/{template}",
            context={**_email_context(registration), **extra},
            language=registration.language,
            attachments=attachments,
            # A reminder or a join link that comes after the webinar is noise.
            not_after=webinar.ends_at if template in {"reminder", "join_link"} else None,
        )
    except AddressRefusedError:
        # A row saved before the form checked addresses as the outbox does:
        # everyone else in a cancellation or a reminder run is still emailed.
        logger.warning("Registration %s has an address the outbox refuses.", registration.pk)


def _queue_status_email(registration: Registration) -> None:
    """The confirmation of a seat (with the calendar file), of a place on the
    waitlist, or the request to confirm a registration made under pressure.
    """
    if registration.status == Registration.Status.REGISTERED:
        _queue_email(registration, "registered", with_calendar=True)
    elif registration.status == Registration.Status.PENDING:
        confirm_url = absolute_reverse(
            "webinars:registration_confirm",
            kwargs={"token": confirm_token(registration_id=registration.pk)},
            language=registration.language,
        )
        _queue_email(registration, "confirm", confirm_url=confirm_url)
    else:
        _queue_email(registration, "waitlisted")
