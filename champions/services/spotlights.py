"""Writes about spotlights: drafting from a nomination, photos, publishing."""

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext
from PIL import Image

from champions import selectors
from champions.models import RESERVED_SLUGS, Nomination, Spotlight
from champions.photos import SPOTLIGHT_PREFIX, photo_for_spotlight
from champions.services.common import ChampionsError, SpotlightNotPublishableError, email_queue_to
from forus.images import image_delete_after_commit, image_open_stored, image_store
from forus.links import absolute_url

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


# The stored files of a spotlight's photo.
PHOTO_FILES = ("photo", "photo_card", "photo_social")


def _store_spotlight_photo(image: Image.Image) -> dict[str, object]:
    page, card, social = photo_for_spotlight(image)
    return {
        "photo": image_store(page, prefix=SPOTLIGHT_PREFIX),
        "photo_width": page.width,
        "photo_height": page.height,
        "photo_card": image_store(card, prefix=SPOTLIGHT_PREFIX, suffix="-card"),
        "photo_social": image_store(social, prefix=SPOTLIGHT_PREFIX, suffix="-social"),
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
        for key in PHOTO_FILES:
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
    old = Spotlight.objects.filter(pk=spotlight.pk).values_list(*PHOTO_FILES).first()
    fields: dict[str, object] = {
        "photo": "",
        "photo_width": None,
        "photo_height": None,
        "photo_card": "",
        "photo_social": "",
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
        for key in PHOTO_FILES:
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
            email_queue_to(
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
        image_delete_after_commit(*(getattr(spotlight, key).name for key in PHOTO_FILES))
        spotlight.delete()
