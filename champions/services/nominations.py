"""Writes about nominations: submitting, moderating, and asking the nominee."""

import hashlib
import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext
from PIL import Image

from campaign.models import Pillar
from champions import selectors
from champions.models import Nomination, NominationStatusChange, NomineeConsentEvent, Spotlight
from champions.photos import NOMINATION_PREFIX, photo_for_nomination
from champions.services.common import (
    NOMINEE_ANSWERS,
    OPEN_STATUSES,
    ChampionsError,
    email_address_checked,
    email_queue_to,
)
from champions.services.spotlights import spotlight_unpublish
from champions.tokens import nomination_consent_token
from forus.images import image_delete_after_commit, image_store
from forus.links import absolute_reverse
from forus.outbox.services import email_queue, emails_forget

logger = logging.getLogger(__name__)


# --- Nominations -------------------------------------------------------------


def nomination_submit(
    *,
    nominator_name: str,
    nominator_email: str,
    is_self_nomination: bool,
    relationship: str,
    nominee_given_name: str,
    nominee_family_name: str,
    nominee_email: str,
    profession: str,
    institution: str,
    location: str,
    pillars: Iterable[Pillar],
    description: str,
    links: Sequence[str],
    photo: Image.Image | None,
    consent_wording: str,
    language: str,
) -> Nomination:
    """Save a nomination and its private photo; queue the acknowledgement and staff notices.

    Sending the same nomination again while the first is open saves nothing
    and sends nothing: it returns the first. A send with anything changed
    (a fuller description, another pillar) is saved and acknowledged.
    """
    nominator_email = email_address_checked(nominator_email, whose="nominator")
    if nominee_email and not is_self_nomination:
        # Saved now, emailed only on approval: refused now, not then.
        nominee_email = email_address_checked(nominee_email, whose="nominee")
    photo_name = ""
    if photo is not None:
        photo_name = image_store(photo_for_nomination(photo), prefix=NOMINATION_PREFIX)
    nominee_name = f"{nominee_given_name} {nominee_family_name}".strip()
    if is_self_nomination:
        # Featured by their full name: only a nominee asked by email chooses.
        nominee_name, nominee_email, relationship = nominator_name, "", ""
        nominee_given_name = nominee_family_name = ""
    pillars = list(pillars)
    fingerprint = _content_fingerprint(
        nominee_email,
        relationship,
        profession,
        institution,
        location,
        description,
        *sorted(str(pillar.pk) for pillar in pillars),
        *links,
        "photo" if photo else "",
    )
    try:
        with transaction.atomic():
            nomination = _nomination_insert(
                nominator_name=nominator_name,
                nominator_email=nominator_email,
                is_self_nomination=is_self_nomination,
                relationship=relationship,
                nominee_name=nominee_name,
                nominee_given_name=nominee_given_name,
                nominee_family_name=nominee_family_name,
                nominee_email=nominee_email,
                profession=profession,
                institution=institution,
                location=location,
                description=description,
                links=list(links),
                photo=photo_name,
                consent_wording=consent_wording,
                language=language,
                content_fingerprint=fingerprint,
                nominee_consent=(
                    Nomination.Consent.SELF if is_self_nomination else Nomination.Consent.NOT_ASKED
                ),
            )
            if nomination is not None:
                nomination.pillars.set(pillars)
                if is_self_nomination:
                    _consent_event_add(
                        nomination,
                        kind=NomineeConsentEvent.Kind.GIVEN,
                        channel=NomineeConsentEvent.Channel.NOMINATION_FORM,
                        wording=consent_wording,
                        language=language,
                    )
                _queue_acknowledgement(nomination)
                _queue_staff_notices(nomination, template="champions/email/staff_new_nomination")
    except BaseException:
        if photo_name:
            default_storage.delete(photo_name)
        raise
    if nomination is not None:
        return nomination
    # The same nomination is open already: keep that one, and nothing of this send.
    if photo_name:
        default_storage.delete(photo_name)
    duplicate = Nomination.objects.filter(
        nominator_email__iexact=nominator_email,
        nominee_name__iexact=nominee_name,
        content_fingerprint=fingerprint,
        status__in=OPEN_STATUSES,
    ).first()
    if duplicate is None:
        raise ChampionsError(gettext("The nomination could not be saved."))
    return duplicate


def _consent_event_add(
    nomination: Nomination, *, kind: str, channel: str, wording: str, language: str
) -> NomineeConsentEvent:
    """Append one event to the nominee's consent history (never changes an earlier one)."""
    return NomineeConsentEvent.objects.create(
        nomination=nomination,
        kind=kind,
        channel=NomineeConsentEvent.Channel(channel).value,
        answer=nomination.nominee_consent,
        name_display=nomination.name_display,
        wording=wording,
        language=language,
        at=nomination.nominee_answered_at or timezone.now(),
    )


def _content_fingerprint(*parts: str) -> str:
    return hashlib.sha256(
        "\x1f".join(" ".join(part.split()) for part in parts).encode()
    ).hexdigest()


def _nomination_insert(**fields: object) -> Nomination | None:
    """The new row, or None when the same open nomination exists already."""
    try:
        with transaction.atomic():
            return Nomination.objects.create(**fields)
    except IntegrityError as error:
        if "nomination_one_open_per_nominator_and_nominee" in str(error):
            return None
        raise


def _queue_acknowledgement(nomination: Nomination) -> None:
    email_queue_to(
        whose="nominator",
        to=nomination.nominator_email,
        template="champions/email/nomination_received",
        context={"nomination": nomination},
        language=nomination.language,
    )


def _queue_staff_notices(nomination: Nomination, *, template: str) -> None:
    """Tell everyone in STAFF_NOTIFY_EMAILS, with a link to the nomination in admin."""
    admin_url = absolute_reverse("admin:champions_nomination_change", args=[nomination.pk])
    for address in settings.STAFF_NOTIFY_EMAILS:
        try:
            email_queue(
                to=address,
                template=template,
                context={"nomination": nomination, "admin_url": admin_url},
                language=settings.LANGUAGE_CODE,
            )
        except ValueError:
            # A typo in the setting must not lose the nomination.
            logger.warning("STAFF_NOTIFY_EMAILS has an entry that is not an email address.")


def nomination_status_change(
    *,
    nomination: Nomination,
    status: str,
    changed_by: AbstractBaseUser | None,
    decline_message: str = "",
) -> bool:
    """Move a nomination to a status and record who did it and when.

    Approving a nomination whose nominee was named with an email address asks
    them for consent (an email with a signed link); declining with a message
    emails it to the nominator. Returns False when it had that status already.
    """
    with transaction.atomic():
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if nomination.status == status:
            return False
        previous = nomination.status
        nomination.status = status
        try:
            with transaction.atomic():
                nomination.save(update_fields=["status", "updated_at"])
        except IntegrityError:
            raise ChampionsError(
                gettext(
                    "The same person nominated the same nominee again, and that nomination "
                    "is still open: decide on that one instead."
                )
            ) from None
        NominationStatusChange.objects.create(
            nomination=nomination, from_status=previous, to_status=status, changed_by=changed_by
        )
        if (
            status == Nomination.Status.APPROVED
            and nomination.consent_is_asked_by_email
            and nomination.nominee_consent == Nomination.Consent.NOT_ASKED
        ):
            _ask_nominee(nomination)
        if status == Nomination.Status.DECLINED and decline_message.strip():
            email_queue_to(
                whose="nominator",
                to=nomination.nominator_email,
                template="champions/email/nomination_declined",
                context={"nomination": nomination, "message": decline_message.strip()},
                language=nomination.language,
            )
    return True


def _ask_nominee(nomination: Nomination) -> None:
    consent_url = absolute_reverse(
        "champions:nominee_consent",
        kwargs={"token": nomination_consent_token(nomination_id=nomination.pk)},
        language=nomination.language,
    )
    nomination.nominee_consent = Nomination.Consent.ASKED
    nomination.nominee_asked_at = timezone.now()
    nomination.consented_content = None
    nomination.save(
        update_fields=["nominee_consent", "nominee_asked_at", "consented_content", "updated_at"]
    )
    email_queue_to(
        whose="nominee",
        to=nomination.nominee_email,
        template="champions/email/nominee_consent_request",
        context={"nomination": nomination, "consent_url": consent_url},
        language=nomination.language,
    )


def nominee_consent_request(*, nomination: Nomination) -> None:
    """Email the nominee a signed link (again) to approve, ask for changes or decline.

    Asking again sets their answer back to "asked": publishing then waits for
    a new answer.
    """
    with transaction.atomic():
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if not nomination.consent_is_asked_by_email:
            raise ChampionsError(
                gettext("Only a nominee someone else named, with an email address, is asked.")
            )
        # Nobody is emailed about a nomination staff have not approved.
        if nomination.status != Nomination.Status.APPROVED:
            raise ChampionsError(gettext("Approve the nomination before asking its nominee."))
        _ask_nominee(nomination)


def nominee_consent_confirm(*, nomination: Nomination, confirmed_by: AbstractBaseUser) -> None:
    """Record that staff got the nominee's agreement another way (no email to ask them at)."""
    with transaction.atomic():
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if nomination.is_self_nomination or nomination.nominee_email:
            raise ChampionsError(
                gettext(
                    "Only a nomination without the nominee’s email is confirmed by staff; "
                    "the others are answered by the nominee or came with consent."
                )
            )
        nomination.nominee_consent = Nomination.Consent.STAFF_CONFIRMED
        nomination.consent_confirmed_by = confirmed_by
        nomination.nominee_answered_at = timezone.now()
        nomination.save(
            update_fields=[
                "nominee_consent",
                "consent_confirmed_by",
                "nominee_answered_at",
                "updated_at",
            ]
        )
        _consent_event_add(
            nomination,
            kind=NomineeConsentEvent.Kind.GIVEN,
            channel=NomineeConsentEvent.Channel.ADMIN,
            wording="",
            language=nomination.language,
        )


def nominee_consent_record(
    *,
    nomination: Nomination,
    answer: str,
    name_display: str,
    message: str,
    wording: str = "",
    channel: str = NomineeConsentEvent.Channel.CONSENT_PAGE,
) -> Nomination:
    """Record the nominee's answer, add it to the consent history and, when it changed, tell staff.

    `wording` is the answer as the page showed it, in the active language.
    Approving is consent given; declining, or asking for changes after
    approving, withdraws it (declining at first refuses it). Declining takes
    a published spotlight down. The same answer sent again changes nothing,
    records nothing and emails nobody.
    """
    if answer not in NOMINEE_ANSWERS:
        raise ValueError(f"Not an answer: {answer!r}")
    with transaction.atomic():
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if not nomination.consent_is_asked_by_email:
            raise ChampionsError(gettext("This nomination does not ask its nominee."))
        # An approval is of what the page showed: the name as chosen, the
        # title, the text and the photo. A later edit needs a new approval.
        consented_content = (
            selectors.nomination_consent_content(nomination=nomination, name_display=name_display)
            if answer == Nomination.Consent.APPROVED
            else None
        )
        consented_before = nomination.consent_allows_publishing
        given = (answer, name_display, message.strip(), consented_content)
        if given == (
            nomination.nominee_consent,
            nomination.name_display,
            nomination.nominee_message,
            nomination.consented_content,
        ):
            return nomination
        (
            nomination.nominee_consent,
            nomination.name_display,
            nomination.nominee_message,
            nomination.consented_content,
        ) = given
        nomination.nominee_answered_at = timezone.now()
        nomination.save(
            update_fields=[
                "nominee_consent",
                "name_display",
                "nominee_message",
                "consented_content",
                "nominee_answered_at",
                "updated_at",
            ]
        )
        if answer == Nomination.Consent.APPROVED:
            kind = NomineeConsentEvent.Kind.GIVEN
        elif consented_before:
            kind = NomineeConsentEvent.Kind.WITHDRAWN
        elif answer == Nomination.Consent.DECLINED:
            kind = NomineeConsentEvent.Kind.REFUSED
        else:
            # Changes asked before any approval: no consent was given or taken.
            kind = None
        if kind is not None:
            _consent_event_add(
                nomination,
                kind=kind,
                channel=channel,
                wording=wording,
                language=translation.get_language() or nomination.language,
            )
        if answer == Nomination.Consent.DECLINED:
            spotlight = Spotlight.objects.filter(
                nomination=nomination, status=Spotlight.Status.PUBLISHED
            ).first()
            if spotlight is not None:
                spotlight_unpublish(spotlight=spotlight)
        _queue_staff_notices(nomination, template="champions/email/staff_nominee_answered")
    return nomination


def nomination_delete(*, nomination: Nomination) -> None:
    """Delete a nomination and, once that commits, its private photo."""
    with transaction.atomic():
        image_delete_after_commit(nomination.photo.name)
        nomination.delete()


# --- A person's own requests (their page, or staff on their behalf) --------------


def _withdrawal_tell_staff(
    nomination: Nomination, spotlight: Spotlight | None, *, erasing: bool
) -> None:
    """Tell STAFF_NOTIFY_EMAILS that a nominee took back their consent (rendered now).

    A self-nominee erasing everything is not named: nothing else keeps their name
    but the draft spotlight the email links to.
    """
    spotlight_url = (
        absolute_reverse("admin:champions_spotlight_change", args=[spotlight.pk])
        if spotlight is not None
        else ""
    )
    for address in settings.STAFF_NOTIFY_EMAILS:
        try:
            email_queue(
                to=address,
                template="champions/email/staff_consent_withdrawn",
                context={
                    "nominee_name": "" if erasing else nomination.nominee_name,
                    "spotlight_url": spotlight_url,
                },
                language=settings.LANGUAGE_CODE,
            )
        except ValueError:
            logger.warning("STAFF_NOTIFY_EMAILS has an entry that is not an email address.")


def _spotlight_to_draft(nomination: Nomination) -> Spotlight | None:
    spotlight = Spotlight.objects.filter(nomination=nomination).first()
    if spotlight is not None:
        spotlight_unpublish(spotlight=spotlight)
    return spotlight


def nominee_consent_withdraw(*, nomination_id: int, erasing: bool = False) -> None:
    """The nominee takes back their consent: a published spotlight goes to draft, staff are told.

    A nomination of someone else is marked declined by the nominee; a
    self-nomination is taken back whole (deleted, with its photo). Idempotent.
    """
    with transaction.atomic():
        nomination = Nomination.objects.select_for_update().filter(pk=nomination_id).first()
        if nomination is None:
            return
        if not nomination.is_self_nomination and nomination.nominee_consent == (
            Nomination.Consent.DECLINED
        ):
            return
        spotlight = _spotlight_to_draft(nomination)
        _withdrawal_tell_staff(
            nomination, spotlight, erasing=erasing and nomination.is_self_nomination
        )
        if nomination.is_self_nomination:
            nomination_delete(nomination=nomination)
            return
        nomination.nominee_consent = Nomination.Consent.DECLINED
        nomination.consented_content = None
        nomination.nominee_answered_at = timezone.now()
        nomination.save(
            update_fields=[
                "nominee_consent",
                "consented_content",
                "nominee_answered_at",
                "updated_at",
            ]
        )
        _consent_event_add(
            nomination,
            kind=NomineeConsentEvent.Kind.WITHDRAWN,
            channel=NomineeConsentEvent.Channel.PERSONAL_PAGE,
            wording=gettext("Withdrawn from the My For Us All page."),
            language=translation.get_language() or nomination.language,
        )


def nominations_erase(*, email: str) -> dict[str, int]:
    """Erase an address's part in nominations.

    Nominations it made are deleted with their photos (a self-nomination's
    spotlight first goes back to draft). Where it is the nominee, consent is
    withdrawn and the address and message go. Returns how many of each.
    """
    with transaction.atomic():
        as_nominee = list(
            Nomination.objects.filter(nominee_email=email).values_list("pk", flat=True)
        )
        for nomination_id in as_nominee:
            nominee_consent_withdraw(nomination_id=nomination_id)
        Nomination.objects.filter(pk__in=as_nominee).update(nominee_email="", nominee_message="")
        made = list(Nomination.objects.filter(nominator_email=email))
        for nomination in made:
            if nomination.is_self_nomination:
                nominee_consent_withdraw(nomination_id=nomination.pk, erasing=True)
            else:
                nomination_delete(nomination=nomination)
        emails = emails_forget(to=email, app_label="champions")
    return {
        "nominations_deleted": len(made),
        "consents_withdrawn": len(as_nominee),
        "emails": emails,
    }


def nominations_delete_declined(*, now: datetime | None = None) -> int:
    """Delete nominations declined KEEP_DECLINED_NOMINATIONS_DAYS ago or more, with their photos.

    Declined by staff (counted from the last move to "declined") or by the
    nominee (withdrawn: counted from their answer). The champions' emails in
    the outbox to an address with no other nomination left are forgotten.
    Beat runs it daily; rows a request holds wait for the next run, and a
    nomination moved on meanwhile is kept. Returns how many were deleted.
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.KEEP_DECLINED_NOMINATIONS_DAYS)
    declined_by_staff = Q(status=Nomination.Status.DECLINED, declined_at__lte=cutoff)
    declined_by_nominee = Q(
        nominee_consent=Nomination.Consent.DECLINED, nominee_answered_at__lte=cutoff
    )
    due = Nomination.objects.annotate(
        declined_at=Coalesce(
            Max(
                "status_changes__changed_at",
                filter=Q(status_changes__to_status=Nomination.Status.DECLINED),
            ),
            "updated_at",
        )
    ).filter(declined_by_staff | declined_by_nominee)
    ids = list(due.values_list("pk", flat=True))
    with transaction.atomic():
        locked = list(Nomination.objects.select_for_update(skip_locked=True).filter(pk__in=ids))
        # Checked again under the lock: a nomination moved on meanwhile stays.
        still_due = set(
            due.filter(pk__in=[nomination.pk for nomination in locked]).values_list(
                "pk", flat=True
            )
        )
        gone = [nomination for nomination in locked if nomination.pk in still_due]
        addresses = {
            address
            for nomination in gone
            for address in (nomination.nominator_email, nomination.nominee_email)
            if address
        }
        image_delete_after_commit(*(nomination.photo.name for nomination in gone))
        Nomination.objects.filter(pk__in=still_due).delete()
        kept = Nomination.objects.filter(
            Q(nominator_email__in=addresses) | Q(nominee_email__in=addresses)
        ).values_list("nominator_email", "nominee_email")
        still_named = {address for pair in kept for address in pair}
        for address in sorted(addresses - still_named):
            emails_forget(to=address, app_label="champions")
    return len(gone)
