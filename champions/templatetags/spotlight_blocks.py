"""Champion Spotlight blocks other apps' pages show: `{% load spotlight_blocks %}`."""

from django import template

from champions.selectors import spotlights_for_pillar, spotlights_latest

register = template.Library()


@register.inclusion_tag("champions/includes/home_spotlights.html")
def latest_spotlights(limit: int = 3) -> dict:
    """The home page's Champion Spotlight section, with the newest published spotlights."""
    return {"spotlights": spotlights_latest(limit=limit)}


@register.inclusion_tag("champions/includes/pillar_spotlights.html")
def pillar_spotlights(pillar) -> dict:
    """A pillar page's section of the published spotlights tagged with that pillar."""
    return {"spotlights": spotlights_for_pillar(pillar=pillar)}
