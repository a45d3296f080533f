"""Writes for nominations and spotlights. Every email goes through the outbox."""

import hashlib
import logging
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext
from PIL import Image

from campaign.models import Pillar
from champions import selectors
from champions.models import RESERVED_SLUGS, Nomination, NominationStatusChange, Spotlight
from champions.photos import (
    NOMINATION_PREFIX,
    SPOTLIGHT_PREFIX,
    photo_for_nomination,
    photo_for_spotlight,
)
from champions.tokens import nomination_consent_token
from forus.images import image_delete_after_commit, image_open_stored, image_store
from forus.links import absolute_reverse, absolute_url
from forus.outbox.services import email_queue
from forus.validators import AddressRefusedError, email_address_check

logger = logging.getLogger(__name__)

OPEN_STATUSES = (Nomination.Status.SUBMITTED, Nomination.Status.IN_REVIEW)
NOMINEE_ANSWERS = (
    Nomination.Consent.APPROVED,
    Nomination.Consent.CHANGES,
    Nomination.Consent.DECLINED,
)


class ChampionsError(Exception):
    """A request staff made that cannot be done; `message` says why, for admin."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SpotlightNotPublishableError(ChampionsError):
    pass


def _refusal(whose: str) -> ChampionsError:
    refusals = {
        "nominator": gettext(
            "The nominator’s email address cannot receive email, so nothing was changed."
        ),
        "nominee": gettext(
            "The nominee’s email address cannot receive email, so nothing was changed. "
            "Correct it on the nomination’s page, then try again."
        ),
    }
    return ChampionsError(refusals[whose])


def _email_address_checked(address: str, *, whose: str) -> str:
    try:
        return email_address_check(address)
    except AddressRefusedError:
        raise _refusal(whose) from None


def _email_queue_to(*, whose: str, **email: object) -> None:
    """Queue an email to a nominator or nominee; an address refused is a ChampionsError."""
    # Rows saved before the forms checked addresses as the outbox does can
    # hold one: the action refuses that nomination alone, and says why.
    try:
        email_queue(**email)
    except AddressRefusedError:
        raise _refusal(whose) from None


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
    nominator_email = _email_address_checked(nominator_email, whose="nominator")
    if nominee_email and not is_self_nomination:
        # Saved now, emailed only on approval: refused now, not then.
        nominee_email = _email_address_checked(nominee_email, whose="nominee")
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
    _email_queue_to(
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
            _email_queue_to(
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
    _email_queue_to(
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


def nominee_consent_record(
    *, nomination: Nomination, answer: str, name_display: str, message: str
) -> Nomination:
    """Record the nominee's answer and, when it changed, tell staff.

    Declining takes a published spotlight down. The same answer sent again
    changes nothing and emails nobody.
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


# --- Spotlights --------------------------------------------------------------


def _unique_slug(name: str) -> str:
    base = slugify(name)[:150] or "champion"
    if base in RESERVED_SLUGS:
        base = f"{base}-champion"
    slug = base
    number = 2
    while Spotlight.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def _store_spotlight_photo(image: Image.Image) -> dict[str, object]:
    page, card = photo_for_spotlight(image)
    return {
        "photo": image_store(page, prefix=SPOTLIGHT_PREFIX),
        "photo_width": page.width,
        "photo_height": page.height,
        "photo_card": image_store(card, prefix=SPOTLIGHT_PREFIX, suffix="-card"),
    }


def spotlight_create_from_nomination(*, nomination: Nomination) -> Spotlight:
    """A draft spotlight pre-filled from an approved nomination.

    Its photo is a public copy of the nomination's private one, stored under
    a new random name; the private one stays where it is. The name is shown
    as the nominee chose; when they approved exactly this draft, their
    approval carries over to it.
    """
    if nomination.status != Nomination.Status.APPROVED:
        raise ChampionsError(gettext("Only an approved nomination becomes a spotlight."))
    if Spotlight.objects.filter(nomination=nomination).exists():
        raise ChampionsError(gettext("This nomination has a spotlight already."))
    photo_fields: dict[str, object] = {}
    if nomination.photo:
        photo_fields = _store_spotlight_photo(image_open_stored(nomination.photo.name))
    name = nomination.display_name
    content = selectors.spotlight_draft_content(
        nomination=nomination, name_display=nomination.name_display
    )
    try:
        with transaction.atomic():
            spotlight = Spotlight.objects.create(
                nomination=nomination,
                slug=_unique_slug(name),
                **{key: value for key, value in content.items() if key != "photo"},
                photo_alt=_photo_of(name, language="en") if photo_fields else "",
                photo_alt_es=_photo_of(name, language="es") if photo_fields else "",
                **photo_fields,
            )
            spotlight.pillars.set(nomination.pillars.all())
            if nomination.consented_content == content:
                # The photo is a copy of the one they saw, under its new name.
                nomination.consented_content = selectors.spotlight_consented_content(
                    spotlight=spotlight
                )
                nomination.save(update_fields=["consented_content", "updated_at"])
    except BaseException as error:
        for key in ("photo", "photo_card"):
            if photo_fields.get(key):
                default_storage.delete(photo_fields[key])
        if isinstance(error, IntegrityError):
            raise ChampionsError(gettext("This nomination has a spotlight already.")) from None
        raise
    return spotlight


def _photo_of(name: str, *, language: str) -> str:
    with translation.override(language):
        return gettext("Photo of %(name)s") % {"name": name}


def spotlight_photo_replace(
    *, spotlight: Spotlight, image: Image.Image | None, photo_alt: str
) -> None:
    """Give the spotlight a new photo (or none) and its description; old files go after commit."""
    old = Spotlight.objects.filter(pk=spotlight.pk).values_list("photo", "photo_card").first()
    fields: dict[str, object] = {
        "photo": "",
        "photo_width": None,
        "photo_height": None,
        "photo_card": "",
    }
    if image is not None:
        fields = _store_spotlight_photo(image)
    fields["photo_alt"] = photo_alt
    try:
        with transaction.atomic():
            for key, value in fields.items():
                setattr(spotlight, key, value)
            spotlight.save(update_fields=[*fields, "updated_at"])
            image_delete_after_commit(*(old or ()))
    except BaseException:
        for key in ("photo", "photo_card"):
            if fields.get(key):
                default_storage.delete(fields[key])
        raise


def spotlight_publish(*, spotlight: Spotlight, notify_nominator: bool) -> Spotlight:
    """Publish a spotlight, refused while the nominee's consent is missing.

    With `notify_nominator`, emails the nominator a link to it.
    """
    with transaction.atomic():
        spotlight = (
            Spotlight.objects.select_for_update(of=("self",))
            .select_related("nomination")
            .get(pk=spotlight.pk)
        )
        problems = selectors.spotlight_publish_problems(spotlight=spotlight)
        if problems:
            raise SpotlightNotPublishableError(" ".join(problems))
        spotlight.status = Spotlight.Status.PUBLISHED
        spotlight.published_at = spotlight.published_at or timezone.now()
        spotlight.save(update_fields=["status", "published_at", "updated_at"])
        nomination = spotlight.nomination
        if notify_nominator and nomination is not None:
            with translation.override(nomination.language):
                spotlight_url = absolute_url(spotlight.get_absolute_url())
            _email_queue_to(
                whose="nominator",
                to=nomination.nominator_email,
                template="champions/email/spotlight_published",
                context={
                    "nomination": nomination,
                    "spotlight": spotlight,
                    "spotlight_url": spotlight_url,
                },
                language=nomination.language,
            )
    return spotlight


def spotlight_unpublish(*, spotlight: Spotlight) -> None:
    """Take a spotlight back to draft: it leaves every public page at once."""
    with transaction.atomic():
        spotlight = Spotlight.objects.select_for_update().get(pk=spotlight.pk)
        if spotlight.status == Spotlight.Status.DRAFT:
            return
        spotlight.status = Spotlight.Status.DRAFT
        # save(), not update(): the public page cache hears of it.
        spotlight.save(update_fields=["status", "updated_at"])


def spotlight_delete(*, spotlight: Spotlight) -> None:
    """Delete a spotlight and, once that commits, its public photo files."""
    with transaction.atomic():
        image_delete_after_commit(spotlight.photo.name, spotlight.photo_card.name)
        spotlight.delete()
