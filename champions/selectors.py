"""Reads for nominations and spotlights."""

import re
from dataclasses import dataclass

from django.core import signing
from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from campaign.models import Pillar
from campaign.selectors import pillar_list
from champions.models import Nomination, Spotlight
from champions.photos import SPOTLIGHT_PREFIX

SPOTLIGHTS_PER_PAGE = 12
CONSENT_SALT = "champions.nominee_consent"
CONSENT_LINK_MAX_AGE_SECONDS = 30 * 24 * 60 * 60
# A page number as people write it: no sign, no leading zero, no spaces.
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


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
    """The spotlight whose page photo or card photo has this file name."""
    name = f"{SPOTLIGHT_PREFIX}/{file_name}"
    return Spotlight.objects.filter(Q(photo=name) | Q(photo_card=name)).first()


def nomination_consent_token(*, nomination: Nomination) -> str:
    """The signed, expiring token of the nominee's consent link."""
    return signing.dumps(nomination.pk, salt=CONSENT_SALT)


def nomination_from_consent_token(*, token: str) -> Nomination:
    """The nomination a consent link is about.

    Raises signing.SignatureExpired for an old link, signing.BadSignature
    for anything forged or mangled, Nomination.DoesNotExist when the
    nomination has since been deleted.
    """
    pk = signing.loads(token, salt=CONSENT_SALT, max_age=CONSENT_LINK_MAX_AGE_SECONDS)
    if not isinstance(pk, int):
        raise signing.BadSignature("Not a nomination.")
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
    if nomination.name_display == Nomination.NameDisplay.FIRST and _shows_more_than_first_name(
        spotlight.champion_name, nomination.nominee_name
    ):
        problems.append(
            _("The nominee asked to appear by first name only: change the champion’s name.")
        )
    return problems


def _shows_more_than_first_name(shown: str, full_name: str) -> bool:
    other_names = {name.casefold() for name in full_name.split()[1:]}
    return any(word.strip(",.").casefold() in other_names for word in shown.split())
