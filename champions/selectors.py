"""Reads for nominations and spotlights."""

import hashlib
import json
import re
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import translation
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _

from campaign.models import Pillar
from campaign.selectors import pillar_list
from champions.models import Nomination, NomineeConsentEvent, Spotlight
from champions.photos import SPOTLIGHT_PREFIX
from champions.tokens import nomination_id_from_consent_token

SPOTLIGHTS_PER_PAGE = 12
# A page number as people write it: no sign, no leading zero, no spaces.
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")
SUMMARY_WORDS = 40
# What a nominee sees and agrees to: any change to these needs their consent again.
CONSENTED_FIELDS = (
    "champion_name",
    "credentials",
    "affiliation",
    "title_en",
    "title_es",
    "summary_en",
    "summary_es",
    "body_en",
    "body_es",
    "photo",
)
# Every text a published spotlight shows its champion's name in.
NAME_BEARING_FIELDS = (
    "champion_name",
    "credentials",
    "title_en",
    "title_es",
    "summary_en",
    "summary_es",
    "body_en",
    "body_es",
    "photo_alt",
    "photo_alt_es",
)
WORD = re.compile(r"\w+")
# Titles before a name: never what identifies the person.
HONORIFICS = frozenset(
    {"dr", "dra", "prof", "profa", "mr", "mrs", "ms", "miss", "mx", "rev", "sr", "sra", "srta"}
)


def spotlights_latest(*, limit: int = 3) -> list[Spotlight]:
    """The newest published spotlights, for the home page."""
    return list(Spotlight.objects.published()[:limit])


def spotlights_for_pillar(*, pillar: Pillar) -> list[Spotlight]:
    """The published spotlights tagged with this pillar, newest first."""
    return list(Spotlight.objects.published().filter(pillars=pillar))


@dataclass(frozen=True)
class SpotlightIndex:
    page: Page
    pillar: Pillar | None
    pillars: list[Pillar]


def spotlight_index(*, pillar_slug: str | None, page_number: str | None) -> SpotlightIndex:
    """One page of published spotlights, perhaps those of one pillar.

    Anything but a known pillar and a page number that exists is a 404, so
    that odd query strings never fill the page cache.
    """
    pillars = list(pillar_list())
    pillar = None
    if pillar_slug is not None:
        pillar = next((each for each in pillars if each.slug == pillar_slug), None)
        if pillar is None:
            raise Http404
    spotlights = Spotlight.objects.published()
    if pillar is not None:
        spotlights = spotlights.filter(pillars=pillar)
    if page_number is not None and not PAGE_NUMBER.fullmatch(page_number):
        raise Http404
    paginator = Paginator(spotlights, SPOTLIGHTS_PER_PAGE, allow_empty_first_page=True)
    number = int(page_number or 1)
    if number > paginator.num_pages:
        raise Http404
    return SpotlightIndex(page=paginator.page(number), pillar=pillar, pillars=pillars)


def spotlight_published(*, slug: str) -> Spotlight:
    """A published spotlight with its pillars; drafts are not found."""
    spotlight = Spotlight.objects.published().prefetch_related("pillars").filter(slug=slug).first()
    if spotlight is None:
        raise Http404
    return spotlight


def spotlight_with_photo(*, file_name: str) -> Spotlight | None:
    """The spotlight whose page, card or social photo has this file name."""
    name = f"{SPOTLIGHT_PREFIX}/{file_name}"
    return Spotlight.objects.filter(
        Q(photo=name) | Q(photo_card=name) | Q(photo_social=name)
    ).first()


def nomination_from_consent_token(*, token: str) -> Nomination:
    """The nomination a consent link is about.

    Raises LinkExpired for an old link, LinkInvalid for anything forged or
    mangled, Nomination.DoesNotExist when the nomination has since been deleted.
    """
    pk = nomination_id_from_consent_token(token)
    return Nomination.objects.get(pk=pk, is_self_nomination=False)


def spotlight_publish_problems(*, spotlight: Spotlight) -> list[str]:
    """Why this spotlight may not be published now; empty when it may."""
    problems = []
    if spotlight.photo and not spotlight.photo_alt.strip():
        problems.append(_("The photo needs a description (alt text)."))
    nomination = spotlight.nomination
    if nomination is None:
        return problems
    if nomination.status != Nomination.Status.APPROVED:
        problems.append(_("Its nomination is not approved."))
    if not nomination.consent_allows_publishing:
        if nomination.consent_is_asked_by_email:
            problems.append(
                _("The nominee has not approved being featured (their answer: %(answer)s).")
                % {"answer": nomination.get_nominee_consent_display()}
            )
        else:
            problems.append(
                _(
                    "Nobody has recorded the nominee’s agreement to be featured. "
                    "Record it on the nomination once they have agreed."
                )
            )
    if nomination.name_display == Nomination.NameDisplay.FIRST:
        if nomination.name_split_guessed:
            problems.append(
                _(
                    "The nominee asked to appear by first name only, and their given name was "
                    "guessed from their full name: check it on the nomination."
                )
            )
        shown = spotlight_shows_hidden_name(spotlight=spotlight, nomination=nomination)
        if shown:
            problems.append(
                _(
                    "The nominee asked to appear by first name only, and these show more of "
                    "their name: %(fields)s."
                )
                % {"fields": ", ".join(shown)}
            )
    if (
        nomination.consent_is_asked_by_email
        and nomination.nominee_consent == Nomination.Consent.APPROVED
    ):
        changed = spotlight_changed_since_consent(spotlight=spotlight, nomination=nomination)
        if changed:
            problems.append(
                _(
                    "The nominee approved other words or another photo than these "
                    "(changed: %(fields)s): ask the nominee again, from the nomination."
                )
                % {"fields": ", ".join(changed)}
            )
    return problems


def _hidden_names(nomination: Nomination) -> set[str]:
    """The words of the nominee's name that "first name only" keeps off the page."""
    given = {word.casefold() for word in WORD.findall(nomination.nominee_given_name)}
    words = WORD.findall(f"{nomination.nominee_family_name} {nomination.nominee_name}")
    return {
        word.casefold()
        for word in words
        if len(word) > 1 and word.casefold() not in given | HONORIFICS
    }


def spotlight_shows_hidden_name(*, spotlight: Spotlight, nomination: Nomination) -> list[str]:
    """The fields (and the web address) that show a name the nominee chose to leave out."""
    hidden = _hidden_names(nomination)
    if not hidden:
        return []
    hidden_in_addresses = {slugify(word) for word in hidden}
    found = [
        str(Spotlight._meta.get_field(field).verbose_name)
        for field in NAME_BEARING_FIELDS
        if hidden & {word.casefold() for word in WORD.findall(getattr(spotlight, field) or "")}
    ]
    if hidden_in_addresses & set(spotlight.slug.split("-")):
        found.append(str(Spotlight._meta.get_field("slug").verbose_name))
    return found


def spotlight_draft_content(*, nomination: Nomination, name_display: str) -> dict[str, str]:
    """What a draft spotlight made from this nomination says, with the name shown as chosen."""
    name = nomination.name_as(name_display)
    links = "\n".join(f"- <{link}>" for link in nomination.links)
    content = {
        "champion_name": name,
        "credentials": "",
        "affiliation": nomination.institution[:200],
        "summary_en": Truncator(nomination.description).words(SUMMARY_WORDS)[:400],
        "summary_es": "",
        "body_en": f"{nomination.description}\n\n{links}".strip(),
        "body_es": "",
        "photo": f"nomination:{nomination.photo.name}" if nomination.photo else "",
    }
    for language in ("en", "es"):
        with translation.override(language):
            content[f"title_{language}"] = _("Social Mission Champion: %(name)s") % {"name": name}
    return {key: value if key == "photo" else _as_read(value) for key, value in content.items()}


def spotlight_consented_content(*, spotlight: Spotlight) -> dict[str, str]:
    """The parts of a spotlight its nominee agrees to, as the consent record keeps them."""
    return {
        field: (spotlight.photo.name if field == "photo" else _as_read(getattr(spotlight, field)))
        for field in CONSENTED_FIELDS
    }


def _as_read(text: str | None) -> str:
    """Text as a reader sees it: a browser's line endings or trailing spaces change nothing."""
    return "\n".join(line.rstrip() for line in (text or "").splitlines()).strip()


def nomination_consent_content(*, nomination: Nomination, name_display: str) -> dict[str, str]:
    """What the nominee is shown and agrees to: the spotlight staff wrote, or the draft to come."""
    spotlight = Spotlight.objects.filter(nomination=nomination).first()
    if spotlight is not None:
        return spotlight_consented_content(spotlight=spotlight)
    return spotlight_draft_content(nomination=nomination, name_display=name_display)


def consent_page_fingerprint(*, nomination: Nomination) -> str:
    """A digest of everything the consent page shows of the feature, in every name choice."""
    shown = [
        nomination_consent_content(nomination=nomination, name_display=choice)
        for choice in Nomination.NameDisplay.values
    ]
    return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()


def spotlight_changed_since_consent(*, spotlight: Spotlight, nomination: Nomination) -> list[str]:
    """The fields that differ from what the nominee approved; all of them when nothing is kept."""
    agreed = nomination.consented_content or {}
    current = spotlight_consented_content(spotlight=spotlight)
    return [
        str(Spotlight._meta.get_field(field).verbose_name)
        for field in CONSENTED_FIELDS
        if agreed.get(field) != current[field]
    ]


def nominee_consent_events_for_email(email: str) -> QuerySet[NomineeConsentEvent]:
    """Every consent event of the nominee at this address, oldest first (for their own page).

    The nominee is the address the nomination asked (someone else's
    nomination), or the nominator's own (a self-nomination). `email` in the
    stored form (forus.validators.email_address_check).
    """
    return (
        NomineeConsentEvent.objects.filter(
            Q(nomination__nominee_email=email)
            | Q(nomination__is_self_nomination=True, nomination__nominator_email=email)
        )
        .select_related("nomination")
        .order_by("at", "pk")
    )
