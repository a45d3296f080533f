"""Reads for the campaign pages."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from campaign.models import OrganisationDetails, Page, Pillar, WayToAct


@dataclass(frozen=True)
class PillarInSequence:
    pillar: Pillar
    previous: Pillar | None
    next: Pillar | None
    total: int


def pillar_list() -> QuerySet[Pillar]:
    return Pillar.objects.order_by("number")


def pillar_in_sequence(*, slug: str) -> PillarInSequence:
    """The pillar with its neighbours, in one query (there are five)."""
    pillars = list(pillar_list())
    for index, pillar in enumerate(pillars):
        if pillar.slug == slug:
            return PillarInSequence(
                pillar=pillar,
                previous=pillars[index - 1] if index > 0 else None,
                next=pillars[index + 1] if index + 1 < len(pillars) else None,
                total=len(pillars),
            )
    raise Http404


def pages_by_slug(*slugs: str) -> dict[str, Page]:
    """The named pages; a missing one is a 404, since the site needs them all."""
    pages = {page.slug: page for page in Page.objects.filter(slug__in=slugs)}
    if len(pages) != len(slugs):
        raise Http404
    return pages


# Where each of the site's own flows is, by URL name (reversed in the
# visitor's language). Names, not imports: campaign never imports the apps
# that own them.
WAY_TO_ACT_PATHS = {
    WayToAct.Destination.WEBINARS: ("webinars:webinar_list", ""),
    WayToAct.Destination.RECORDINGS: ("webinars:webinar_archive", ""),
    WayToAct.Destination.NEWSLETTER: ("newsletter:signup", ""),
    WayToAct.Destination.NOMINATE: ("champions:nominate", ""),
    WayToAct.Destination.SPOTLIGHTS: ("champions:spotlight_list", ""),
    WayToAct.Destination.CONTACT: ("campaign:contact", ""),
}
ORGANISATION_DETAILS_KEY = "campaign:organisation-details"


@dataclass(frozen=True)
class SocialLink:
    name: str
    url: str


@dataclass(frozen=True)
class PublicOrganisationDetails:
    """What the site shows of the organisation: only what staff filled in."""

    website: str
    public_email: str
    social_links: tuple[SocialLink, ...]

    @property
    def website_host(self) -> str:
        return urlsplit(self.website).netloc.removeprefix("www.")


SOCIAL_FIELDS = (
    ("linkedin_url", "LinkedIn"),
    ("bluesky_url", "Bluesky"),
    ("x_url", "X"),
    ("instagram_url", "Instagram"),
    ("facebook_url", "Facebook"),
    ("youtube_url", "YouTube"),
)


def organisation_details() -> PublicOrganisationDetails:
    """The organisation's public details, from the cache (its saves clear it) or one query."""
    details = cache.get(ORGANISATION_DETAILS_KEY)
    if details is None:
        row = OrganisationDetails.objects.filter(pk=1).first() or OrganisationDetails()
        details = PublicOrganisationDetails(
            website=row.website,
            public_email=row.public_email,
            social_links=tuple(
                SocialLink(name=name, url=getattr(row, field))
                for field, name in SOCIAL_FIELDS
                if getattr(row, field)
            ),
        )
        cache.set(ORGANISATION_DETAILS_KEY, details, None)
    return details


def organisation_details_forget(**_signal_kwargs: object) -> None:
    """Drop the cached details (after staff change them)."""
    cache.delete(ORGANISATION_DETAILS_KEY)


@dataclass(frozen=True)
class WayToActLink:
    way: WayToAct
    href: str
    is_external: bool


def ways_to_act() -> list[WayToActLink]:
    """The published ways to get involved, in staff's order, each with where it leads.

    One that leads to the organisation's website is left out while no
    website is filled in.
    """
    links = []
    for way in WayToAct.objects.filter(is_published=True).order_by("position", "pk"):
        if way.destination in WAY_TO_ACT_PATHS:
            name, anchor = WAY_TO_ACT_PATHS[way.destination]
            links.append(WayToActLink(way=way, href=reverse(name) + anchor, is_external=False))
        elif way.destination == WayToAct.Destination.ORGANISATION:
            website = organisation_details().website
            if website:
                links.append(WayToActLink(way=way, href=website, is_external=True))
        elif way.url:
            links.append(WayToActLink(way=way, href=way.url, is_external=True))
    return links
