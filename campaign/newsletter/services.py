"""Writes for the newsletter: the Health Advocate Insights subscribers.

Double opt-in: a signup saves a pending subscriber and emails a confirmation
link; only pressing the button behind that link confirms. Every email about
the newsletter carries a one-click unsubscribe link and the RFC 8058 headers.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from campaign.newsletter.models import ConsentEvent, Subscriber
from campaign.newsletter.tokens import (
    CONFIRMATION_LINK_LIFETIME,
    confirmation_token,
    unsubscribe_token,
)
from forus.links import absolute_reverse
from forus.outbox.models import Suppression
from forus.outbox.services import email_queue, emails_forget
from forus.validators import email_address_check

# An address gets at most one confirmation email in this long, however many
# times it is entered, so the form cannot be used to flood someone's inbox.
CONFIRMATION_RESEND_INTERVAL = timedelta(hours=1)
# A signup nobody confirms is deleted this long after its last confirmation
# email: the address was never shown to belong to whoever typed it.
UNCONFIRMED_SIGNUP_LIFETIME = timedelta(days=30)
NAME_MAX_LENGTH = Subscriber._meta.get_field("name").max_length
# Where a signup came from, for the features that ask to subscribe someone.
Source = Subscriber.Source
# The newsletter box on another form (a webinar registration): shown as the
# box's label and stored word for word, in the language shown, with the request.
OPT_IN_WORDING = _(
    "Also send me Health Advocate Insights, the newsletter with news of the For Us All "
    "campaign. I will get an email to confirm first, and can unsubscribe at any time."
)
EMAIL_TEMPLATES = "newsletter/email/"
# Where consent can change, for the consent history (ConsentEvent.Channel).
Channel = ConsentEvent.Channel
# The buttons that confirm and withdraw, as their pages show them; stored
# with each event, in the language shown.
CONFIRM_WORDING = _("Confirm my subscription")
UNSUBSCRIBE_WORDING = _("Unsubscribe")
# The channel a signup's consent came through, by where the form was.
SOURCE_CHANNELS = {
    Subscriber.Source.HOME_PAGE: Channel.NEWSLETTER_FORM,
    Subscriber.Source.NEWSLETTER_PAGE: Channel.NEWSLETTER_FORM,
    Subscriber.Source.WEBINAR_REGISTRATION: Channel.WEBINAR_REGISTRATION,
}


def _supported_language(language: str) -> str:
    try:
        return translation.get_supported_language_variant(language)
    except LookupError:
        return settings.LANGUAGE_CODE


def _link(url_name: str, *, token: str, language: str) -> str:
    return absolute_reverse(url_name, kwargs={"token": token}, language=language)


def _list_unsubscribe_headers(unsubscribe_url: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058: mail programs show an unsubscribe button that POSTs here."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _email_queue_to(subscriber: Subscriber, *, kind: str, context: dict) -> None:
    unsubscribe_url = _link(
        "newsletter:unsubscribe",
        token=unsubscribe_token(subscriber.pk),
        language=subscriber.language,
    )
    email_queue(
        to=subscriber.email,
        template=f"{EMAIL_TEMPLATES}{kind}",
        context={**context, "unsubscribe_url": unsubscribe_url},
        language=subscriber.language,
        headers=_list_unsubscribe_headers(unsubscribe_url),
    )


def _confirmation_queue(subscriber: Subscriber, *, now: datetime) -> bool:
    """Queue the confirmation email unless one went to this address within the interval."""
    last_sent = subscriber.confirmation_sent_at
    if last_sent is not None and now - last_sent < CONFIRMATION_RESEND_INTERVAL:
        return False
    subscriber.confirmation_sent_at = now
    # The email holds nothing the signup form let anyone type: it goes to an
    # address nobody has proved yet, so it must not carry a stranger's words.
    _email_queue_to(
        subscriber,
        kind="confirm",
        context={
            "confirm_url": _link(
                "newsletter:confirm",
                token=confirmation_token(subscriber.pk),
                language=subscriber.language,
            ),
            "link_days": CONFIRMATION_LINK_LIFETIME.days,
        },
    )
    return True


def _locked_by_email(email: str) -> Subscriber:
    return (
        Subscriber.objects.select_for_update()
        .alias(email_lower=Lower("email"))
        .get(email_lower=Lower(Value(email)))
    )


def _consent_event_add(
    subscriber: Subscriber, *, kind: str, channel: str, wording: str, at: datetime
) -> ConsentEvent:
    """Append one event to the subscriber's consent history (never changes an earlier one).

    Its language is the one the wording was shown in: the active language,
    or the subscriber's when nothing was shown (staff, a mail program).
    """
    shown_in = translation.get_language() if wording else None
    return ConsentEvent.objects.create(
        subscriber=subscriber,
        kind=kind,
        channel=ConsentEvent.Channel(channel).value,
        wording=wording,
        language=_supported_language(shown_in or subscriber.language),
        at=at,
    )


def opt_in_wording() -> str:
    """The newsletter box's words in the active language, as shown and as to be stored."""
    return str(OPT_IN_WORDING)


def subscriber_request(
    *,
    email: str,
    name: str = "",
    source: str,
    language: str,
    consent_wording: str,
    channel: str | None = None,
) -> Subscriber:
    """Ask to subscribe: save a pending subscriber and queue the confirmation email.

    What the newsletter form does, and what a webinar registration with its
    newsletter box ticked calls. A new or unsubscribed address becomes
    pending; a pending one gets the confirmation again, at most once per
    CONFIRMATION_RESEND_INTERVAL, and keeps the name, language and consent
    of the request that made it pending; a confirmed one is left exactly as
    it was. Every request adds a "consent given" event to the history, with
    its wording and language, through `channel` (by default the one the
    source implies).
    Safe inside the caller's transaction: the row and the email commit with
    it or not at all. Raises AddressRefusedError (a ValueError) for an
    address the site cannot send to, and ValueError for an invalid source
    or empty consent wording.
    """
    email = email_address_check(email)
    source = Subscriber.Source(source).value
    channel = ConsentEvent.Channel(channel or SOURCE_CHANNELS[source]).value
    consent_wording = consent_wording.strip()
    if not consent_wording:
        raise ValueError("A subscription needs the consent wording the person agreed to.")
    name = " ".join(name.split())[:NAME_MAX_LENGTH]
    language = _supported_language(language)
    now = timezone.now()

    new = Subscriber(
        email=email,
        name=name,
        source=source,
        language=language,
        consent_wording=consent_wording,
        consented_at=now,
    )
    with transaction.atomic():
        # Insert if new; a concurrent signup for the same address waits here
        # for the other to commit, then finds its row (no IntegrityError, so
        # the caller's transaction is never left broken). A row the daily
        # clean-up deleted meanwhile is inserted again.
        for attempt in range(2):
            Subscriber.objects.bulk_create([new], ignore_conflicts=True)
            try:
                subscriber = _locked_by_email(email)
                break
            except Subscriber.DoesNotExist:
                if attempt:
                    raise
                new.pk = None
        # The words this request agreed to, in its language, beside any earlier.
        with translation.override(language):
            _consent_event_add(
                subscriber,
                kind=ConsentEvent.Kind.GIVEN,
                channel=channel,
                wording=consent_wording,
                at=now,
            )
        if subscriber.status == Subscriber.Status.CONFIRMED:
            return subscriber
        if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            # Coming back goes through double opt-in again, as a new request.
            # When they were confirmed and when they left stay until they
            # confirm again.
            subscriber.status = Subscriber.Status.PENDING
            subscriber.name = name
            subscriber.source = source
            subscriber.language = language
            subscriber.consent_wording = consent_wording
            subscriber.consented_at = now
        # A pending row keeps the first request's name, language and consent:
        # nobody has shown the address is theirs, so a later request (perhaps
        # a stranger's) only has the confirmation sent again.
        _confirmation_queue(subscriber, now=now)
        subscriber.save()
    return subscriber


def subscriber_confirmation_resend(*, subscriber_id: int) -> bool:
    """Send a pending subscriber a fresh confirmation link (from an expired one).

    Within the resend interval, or for anyone not pending, does nothing.
    Returns whether an email was queued.
    """
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
        if subscriber is None or subscriber.status != Subscriber.Status.PENDING:
            return False
        queued = _confirmation_queue(subscriber, now=timezone.now())
        if queued:
            subscriber.save(update_fields=["confirmation_sent_at"])
    return queued


def subscriber_confirm(
    *, subscriber_id: int, channel: str = Channel.EMAIL_LINK
) -> Subscriber | None:
    """Confirm a pending subscriber, record it in the history, queue the welcome email.

    Idempotent: a confirmed subscriber stays as is (no second welcome, no
    second event); an unsubscribed one is not confirmed by an old link.
    Returns the subscriber, or None if there is none with this id (erased).
    """
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
        if subscriber is None or subscriber.status != Subscriber.Status.PENDING:
            return subscriber
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["status", "confirmed_at"])
        _consent_event_add(
            subscriber,
            kind=ConsentEvent.Kind.CONFIRMED,
            channel=channel,
            wording=str(CONFIRM_WORDING),
            at=subscriber.confirmed_at,
        )
        # The first email to an address proven to be theirs: it may greet them
        # by the name they gave (the confirmation, to anyone, quotes nothing).
        _email_queue_to(subscriber, kind="welcome", context={"name": subscriber.name})
    return subscriber


def subscriber_unsubscribe(
    *, subscriber_id: int, channel: str = Channel.EMAIL_LINK
) -> Subscriber | None:
    """Take a subscriber off the list, keeping only the address and when they left.

    The address stays so that it is never emailed again without a new double
    opt-in; the name goes. The withdrawal is added to the consent history,
    with the button's words where the person pressed one (an email's link,
    their own page). Idempotent. Returns None if there is no such
    subscriber (erased).
    """
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
        if subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            return subscriber
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.name = ""
        subscriber.save(update_fields=["status", "unsubscribed_at", "name"])
        pressed_a_button = channel in {Channel.EMAIL_LINK, Channel.PERSONAL_PAGE}
        _consent_event_add(
            subscriber,
            kind=ConsentEvent.Kind.WITHDRAWN,
            channel=channel,
            wording=str(UNSUBSCRIBE_WORDING) if pressed_a_button else "",
            at=subscriber.unsubscribed_at,
        )
    return subscriber


def subscriber_erase(*, subscriber_ids: Sequence[int]) -> int:
    """Delete subscribers entirely, with the newsletter emails to them in the outbox.

    For a request to erase someone's data. Emails still waiting are never
    sent. Returns how many subscribers were erased.
    """
    with transaction.atomic():
        subscribers = Subscriber.objects.select_for_update().filter(pk__in=subscriber_ids)
        for email in subscribers.values_list("email", flat=True):
            emails_forget(to=email, app_label="newsletter")
        # Their consent history goes with them; the count is of subscribers.
        _total, erased = Subscriber.objects.filter(pk__in=subscriber_ids).delete()
    return erased.get(Subscriber._meta.label, 0)


def subscribers_forget_unconfirmed(*, now: datetime | None = None) -> int:
    """Erase signups never confirmed whose last confirmation email is 30 days old.

    Someone who had confirmed, left, and signed up again without confirming
    goes back to unsubscribed: their row keeps when they confirmed and left.
    Rows a signup is busy with are left for the next day. Returns how many
    were erased.
    """
    cutoff = (now or timezone.now()) - UNCONFIRMED_SIGNUP_LIFETIME
    stale = Subscriber.objects.filter(
        status=Subscriber.Status.PENDING, created_at__lt=cutoff
    ).exclude(confirmation_sent_at__gte=cutoff)
    with transaction.atomic():
        ids = list(stale.select_for_update(skip_locked=True).values_list("pk", flat=True))
        Subscriber.objects.filter(pk__in=ids, unsubscribed_at__isnull=False).update(
            status=Subscriber.Status.UNSUBSCRIBED
        )
        never_confirmed = stale.filter(pk__in=ids, unsubscribed_at__isnull=True)
        return subscriber_erase(subscriber_ids=list(never_confirmed.values_list("pk", flat=True)))


def subscriber_email_problem_record(*, email: str, reason: str, at: datetime) -> int:
    """Mark the subscriber with this address bounced or complained; returns how many.

    The outbox has suppressed the address (reason is Suppression.Reason);
    the subscriber leaves the export until the suppression is lifted.
    """
    problem = {
        Suppression.Reason.BOUNCE: Subscriber.EmailProblem.BOUNCED,
        Suppression.Reason.COMPLAINT: Subscriber.EmailProblem.COMPLAINED,
    }[reason]
    with transaction.atomic():
        return (
            Subscriber.objects.alias(email_lower=Lower("email"))
            .filter(email_lower=Lower(Value(email)))
            .update(email_problem=problem, email_problem_at=at)
        )


def subscriber_email_problem_clear(*, email: str) -> int:
    """Clear the mark once staff lift the address's suppression; returns how many."""
    with transaction.atomic():
        return (
            Subscriber.objects.alias(email_lower=Lower("email"))
            .filter(email_lower=Lower(Value(email)))
            .exclude(email_problem="")
            .update(email_problem="", email_problem_at=None)
        )


def subscriber_language_change(*, email: str, language: str) -> Subscriber | None:
    """Change the language of the emails an address gets; None if it is not on the list."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
        if subscriber is None:
            return None
        subscriber.language = _supported_language(language)
        subscriber.save(update_fields=["language"])
    return subscriber
