"""Absolute links on the site's own address (SITE_URL), for emails, feeds and calendars.

Never built from the request's Host header: an email or a feed is read far
from the request that made it.
"""

from collections.abc import Sequence

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def absolute_url(path: str) -> str:
    """The site path as a full link on SITE_URL."""
    return settings.SITE_URL + path


def absolute_reverse(
    viewname: str,
    *,
    args: Sequence[object] | None = None,
    kwargs: dict[str, object] | None = None,
    language: str | None = None,
) -> str:
    """The named URL as a full link on SITE_URL, in `language` (else the active one)."""
    if language is None:
        return absolute_url(reverse(viewname, args=args, kwargs=kwargs))
    with translation.override(language):
        return absolute_url(reverse(viewname, args=args, kwargs=kwargs))
