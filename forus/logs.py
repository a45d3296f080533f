"""Keep the tokens of emailed links out of every log line.

A signed link carries its token in the path (`/newsletter/confirm/<token>/`).
Django logs the path of every 4xx and 5xx answer (`django.request`: "Not
Found: /…", "Bad Request: /…"), and the development server and gunicorn's
access log (when one is turned on) log every request line. Whoever reads the
logs must not be able to open someone's link, so each line is scrubbed
before any handler writes it:

- a path the site routes to a view with a `token` argument has that part
  replaced by `[token]`, whichever app the view belongs to;
- any other path or query segment that looks like a signed value (Django's
  `payload:signature` form) is replaced too, for links that no longer route.
"""

import logging
import re

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import translation

REDACTED = "[token]"
# A path as it appears in a log line, alone or in a whole address: at the
# start, or after a space, a quote, a bracket or an equals sign.
PATH = re.compile(r"(?:(?<=[\s\"'(\[=])|^)(https?://[^/\s\"'<>]+)?(/[^\s\"'<>]*)")
# Django's signed values: url-safe base64 parts joined by colons.
SIGNED_VALUE = re.compile(r"[A-Za-z0-9_\-]+(?::[A-Za-z0-9_\-]+)+")


def _token_argument(path: str) -> str | None:
    """The `token` argument of the view this path routes to, in any of the site's languages."""
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            try:
                match = resolve(path)
            except Resolver404:
                continue
        token = match.kwargs.get("token")
        if isinstance(token, str) and token:
            return token
    return None


def path_scrub(path: str) -> str:
    """The path, with the token of a signed link (and anything signed) replaced."""
    route, question, query = path.partition("?")
    try:
        token = _token_argument(route)
    except Exception:  # noqa: BLE001 - a log line must never fail; the fallback still scrubs
        token = None
    if token:
        route = "/".join(REDACTED if part == token else part for part in route.split("/"))
    route = "/".join(
        REDACTED if SIGNED_VALUE.fullmatch(part) else part for part in route.split("/")
    )
    if question:
        query = "&".join(
            f"{name}={REDACTED}" if sep and SIGNED_VALUE.fullmatch(value) else pair
            for pair in query.split("&")
            for name, sep, value in [pair.partition("=")]
        )
    return route + question + query


def text_scrub(text: str) -> str:
    """Every path in a line of text, scrubbed (see path_scrub)."""
    return PATH.sub(lambda found: (found.group(1) or "") + path_scrub(found.group(2)), text)


class SignedLinkTokenFilter(logging.Filter):
    """A handler filter: rewrites each record's message with the tokens scrubbed."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is the handler's to report
            return True
        scrubbed = text_scrub(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, ()
        return True
