"""Webinar blocks other apps' pages show: `{% load webinar_blocks %}`."""

from django import template

from webinars.selectors import next_open_webinar

register = template.Library()


@register.inclusion_tag("webinars/includes/next_webinar_block.html")
def next_webinar() -> dict:
    """The home page's card for the soonest webinar open for registration, if any."""
    # Cached with the page: a webinar's edit drops the cache at once;
    # one that has just started leaves it within PUBLIC_PAGE_CACHE_SECONDS.
    return {"webinar": next_open_webinar()}
