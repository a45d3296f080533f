"""Reads for the campaign pages."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from campaign.models import Page, Pillar


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
