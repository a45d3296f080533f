"""Anonymous content pages served from the cache.

A visitor without a session gets the same HTML as every other visitor, so
content pages are rendered once and kept, in the page cache (the "pages"
cache: a Redis of its own, which may evict, so that pages never crowd out the
task queue) and in a small copy inside each web process. Four things make
that safe:

- Every save or delete of public content bumps a version number; a page
  cached under an older version is never served. The process that saved
  sees the new version at once, the other processes within
  PUBLIC_PAGE_VERSION_CHECK_SECONDS, which spares a Redis round trip on
  nearly every request.
- Forms on a cached page carry a CSRF token, which differs per visitor. The
  cached copy holds a placeholder in its place; each response gets the
  visitor's own token and cookie. A public form's start time is a
  placeholder in every rendering, cached or not, filled in per visit (by
  FormStartedMiddleware, or here): each visit starts its own clock, or the
  minimum fill time would count from when the page was cached and let a bot
  send at once. Both protections are as strong on a cached page as on a
  fresh one, for a few microseconds of signing per response.
- Only visitors without a session, and only known query parameters; a
  parameter whose values are unbounded (a ?source= code) is cached only
  for the few values the view names (`query_values`) and rendered afresh
  for any other.
- Pages are kept under the site's own host (SITE_URL), never the Host
  header, which anyone can vary to fill the cache.

State a page shows that is not content (a webinar's seats left) gets a
stamp of its own (public_page_state): the page is cached per stamp, and the
services that change the state renew it once they commit, so a visit from
the cache costs no query. The branded 404 is the same page for every
address, so it is kept once per language prefix, whatever the address.

PublicPageCacheMiddleware answers a visit from the cache before sessions,
authentication, messages, CSRF and django-axes run, none of which an
anonymous GET of a cached page needs; a view marked with cache_public_page
gives it the page to keep on a miss. Django's cache middleware cannot do
this: it refuses to cache a response that varies on the CSRF cookie, which
is every page with a form.
"""

import hashlib
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import NamedTuple
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache, caches
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, CsrfViewMiddleware
from django.urls import Resolver404, is_valid_path, resolve
from django.utils import translation

from forus.people.session import PERSON_COOKIE
from forus.public_forms import STARTED_PLACEHOLDER, form_started_fill_in

# On the default cache (the broker's Redis, which never evicts): an evicted
# version would read as 0 again and bring back pages cached under 0.
VERSION_KEY = "public-pages:version"
STATE_KEY = "public-pages:state:{name}"
CSRF_PLACEHOLDER = b"__public_page_csrf_token__"
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
LOCAL_PAGES_MAX = 256
_CSRF_CHAR_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
# The largest multiple of the 62 characters a byte can hold: a byte below it,
# modulo 62, picks each character equally often.
_CSRF_BYTE_LIMIT = 256 // len(CSRF_ALLOWED_CHARS) * len(CSRF_ALLOWED_CHARS)
# Recomputed for each response from the cache.
UNCACHED_HEADERS = frozenset({"content-length"})

View = Callable[..., HttpResponse]


class CachedPage(NamedTuple):
    version: int
    content: bytes  # with placeholders for the CSRF token and form start times
    headers: tuple[tuple[str, str], ...]  # as the middleware after the cache's left them
    sets_csrf_cookie: bool
    # A time.time() after which the page reads differently (a webinar starts): None if never.
    valid_until: float | None = None
    status: int = 200


class _LocalPages:
    """This process's copies of cached pages and of the content version."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pages: OrderedDict[str, tuple[CachedPage, float]] = OrderedDict()
        self.version = 0
        self.version_checked_at = float("-inf")

    def current_version(self) -> int:
        now = time.monotonic()
        if now - self.version_checked_at >= settings.PUBLIC_PAGE_VERSION_CHECK_SECONDS:
            self.version = cache.get(VERSION_KEY, 0)
            self.version_checked_at = now
        return self.version

    def set_version(self, version: int) -> None:
        self.version = version
        self.version_checked_at = time.monotonic()

    def get(self, key: str) -> CachedPage | None:
        with self.lock:
            page, expires_at = self.pages.get(key, (None, 0.0))
        return page if time.monotonic() < expires_at else None

    def put(self, key: str, page: CachedPage) -> None:
        expires_at = time.monotonic() + settings.PUBLIC_PAGE_CACHE_SECONDS
        with self.lock:
            self.pages[key] = (page, expires_at)
            self.pages.move_to_end(key)
            while len(self.pages) > LOCAL_PAGES_MAX:
                self.pages.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()
        self.version_checked_at = float("-inf")


class _LocalStates:
    """This process's copies of the state stamps pages vary on (see public_page_state)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stamps: OrderedDict[str, tuple[int, float]] = OrderedDict()

    def get(self, name: str) -> int:
        now = time.monotonic()
        with self.lock:
            stamp, checked_at = self.stamps.get(name, (0, float("-inf")))
        if now - checked_at < settings.PUBLIC_PAGE_VERSION_CHECK_SECONDS:
            return stamp
        return self.put(name, cache.get(STATE_KEY.format(name=name), 0))

    def put(self, name: str, stamp: int) -> int:
        with self.lock:
            self.stamps[name] = (stamp, time.monotonic())
            self.stamps.move_to_end(name)
            # Names come from URLs anyone can write: keep a bounded number.
            while len(self.stamps) > LOCAL_PAGES_MAX:
                self.stamps.popitem(last=False)
        return stamp

    def clear(self) -> None:
        with self.lock:
            self.stamps.clear()


_local = _LocalPages()
_states = _LocalStates()


def public_pages_invalidate(**_signal_kwargs: object) -> None:
    """Make every cached public page stale (on any content change)."""
    version = time.time_ns()
    cache.set(VERSION_KEY, version, timeout=None)
    _local.set_version(version)


def public_pages_forget_local_copies() -> None:
    """Drop this process's copies, as a new process would start (for tests)."""
    _local.clear()
    _states.clear()


def public_page_state(name: str) -> str:
    """A stamp of the state `name` (say, one webinar's seats) as a page's `vary_on` gives it.

    Read from this process's copy, which asks the shared cache at most every
    PUBLIC_PAGE_VERSION_CHECK_SECONDS, as for the content version: a page
    that varies on it is served from the cache without a query, and shows a
    change within that time in every process. A stamp, not the state
    itself: the page cached under it was rendered from the database after
    the stamp was read, so it can never show a state older than its stamp.
    """
    return str(_states.get(name))


def public_page_state_changed(name: str) -> None:
    """The state `name` changed: pages varying on it are rendered afresh.

    Call it after the change commits (transaction.on_commit), or a visit in
    between could keep the old state under the new stamp.
    """
    stamp = time.time_ns()
    cache.set(STATE_KEY.format(name=name), stamp, timeout=None)
    _states.put(name, stamp)


def invalidate_public_pages_on_change(*models: type[Model]) -> None:
    """Drop cached public pages whenever one of these models changes."""
    for model in models:
        post_save.connect(public_pages_invalidate, sender=model, weak=False)
        post_delete.connect(public_pages_invalidate, sender=model, weak=False)
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                public_pages_invalidate, sender=field.remote_field.through, weak=False
            )


def public_page_key(path: str) -> str:
    """The page cache's key for a path (with its canonical query), on the site's own host."""
    return f"public-page:{urlsplit(settings.SITE_URL).netloc.lower()}:{path}"


class _NotFound:
    """What a path no URL matches resolves to: the branded 404 answers it."""


NOT_FOUND = _NotFound()


@dataclass(frozen=True)
class PublicPage:
    """How a view's page is cached: the query parameters it reads, the state it varies on."""

    query_params: frozenset[str]
    vary_on: Callable[..., str] | None
    # For a parameter that may take any value: the only values cached.
    query_values: tuple[tuple[str, frozenset[str]], ...] = ()


def _is_anonymous_visit(request: HttpRequest, page: PublicPage) -> bool:
    return (
        _may_be_anonymous_visit(request)
        # Unknown query strings would let anyone fill the cache, and so would
        # a known one written many ways (repeated, percent-encoded), or with
        # values without end.
        and set(request.GET) <= page.query_params
        and all(
            request.GET[name] in values
            for name, values in page.query_values
            if name in request.GET
        )
        and _query_is_canonical(request)
    )


def _may_be_anonymous_visit(request: HttpRequest) -> bool:
    return (
        request.method in {"GET", "HEAD"}
        # A session means staff or a flash message: render afresh.
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and PERSON_COOKIE not in request.COOKIES
    )


def _canonical_query(request: HttpRequest) -> str:
    """The query string in one spelling: each parameter once, in order, encoded."""
    return urlencode(sorted(request.GET.items()))


def _query_is_canonical(request: HttpRequest) -> bool:
    """Whether the query string, in any order, is spelled as the site writes it."""
    raw = request.META.get("QUERY_STRING", "")
    written = sorted(raw.split("&")) if raw else []
    return written == sorted(urlencode([pair]) for pair in request.GET.items())


def _page_key(
    request: HttpRequest, page: PublicPage, args: tuple, kwargs: dict[str, object]
) -> str | None:
    """The cache key of this visit's page, or None if the visit must be rendered afresh."""
    if not _is_anonymous_visit(request, page):
        return None
    query = _canonical_query(request)
    key = public_page_key(f"{request.path}{'?' if query else ''}{query}")
    if page.vary_on is not None:
        state = page.vary_on(request, *args, **kwargs).encode()
        key = f"{key}:{hashlib.blake2b(state, digest_size=8).hexdigest()}"
    return key


def cache_public_page(
    view: View | None = None,
    *,
    query_params: tuple[str, ...] = (),
    query_values: dict[str, frozenset[str]] | None = None,
    vary_on: Callable[..., str] | None = None,
) -> View:
    """Have PublicPageCacheMiddleware serve the view from the cache to visitors without a session.

    `query_values` bounds a parameter that may take any value: only these
    values are cached (the parameter is then a known one), any other visit is
    rendered afresh.

    `vary_on(request, *args, **kwargs)` names state the page shows that is
    not content, such as a webinar's seats left: each value gets its own
    cached copy, so the page is right without emptying the whole cache. It
    runs on every visit, so it should cost no query (`public_page_state`).
    A view whose page will read differently at a known moment (a webinar
    starting) sets `response.public_page_valid_until` (an aware datetime):
    the cached copy is not served from then on.
    """
    query_values = query_values or {}
    page = PublicPage(
        frozenset(query_params) | frozenset(query_values),
        vary_on,
        tuple((name, frozenset(values)) for name, values in sorted(query_values.items())),
    )

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            missed = getattr(request, "_public_page_missed", None)
            if missed is None:  # the middleware did not look: not a cacheable visit
                return view(request, *args, **kwargs)
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            if response.status_code == 200 and not response.streaming and not response.cookies:
                # The middleware keeps it on the way out, with the headers the
                # rest of the stack adds.
                key, version = missed
                content = CSRF_INPUT.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content)
                until = getattr(response, "public_page_valid_until", None)
                valid_until = None if until is None else until.timestamp()
                response._public_page = (key, version, content, valid_until)
            return response

        wrapper.public_page = page
        return wrapper

    if view is not None:
        return decorator(view)
    return decorator


Resolved = tuple[PublicPage, tuple, dict] | _NotFound | None


def _public_page_of(request: HttpRequest) -> Resolved:
    """The page-cached view this request goes to, with its URL arguments.

    NOT_FOUND for a path the site answers with the branded 404 (no URL
    matches it, nor with a slash added: CommonMiddleware would redirect
    there); None for any other view.
    """
    return _resolve_public_page(settings.ROOT_URLCONF, request.path_info)


@lru_cache(maxsize=1024)
def _resolve_public_page(urlconf: str, path: str) -> Resolved:
    """Resolved in the URL's language; kept, as a path always resolves alike (per URLconf)."""
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            match = resolve(path, urlconf)
        except Resolver404:
            if (
                settings.APPEND_SLASH
                and not path.endswith("/")
                and is_valid_path(f"{path}/", urlconf)
            ):
                return None
            return NOT_FOUND
    page = getattr(match.func, "public_page", None)
    return (page, match.args, match.kwargs) if page is not None else None


def _not_found_key(request: HttpRequest) -> str:
    """One key per language prefix ("", "en", "es"), whatever the path or query.

    The 404 page names neither (its language switch leads to the home
    pages), and its headers differ only by whether the path carries the
    language (LocaleMiddleware adds Vary: Accept-Language when it does not).
    """
    prefix = translation.get_language_from_path(request.path_info) or ""
    return public_page_key(f"404:{prefix}")


def public_not_found_keep(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Have PublicPageCacheMiddleware keep this branded 404 for its language (handler404)."""
    missed = getattr(request, "_public_not_found_missed", None)
    if missed is not None and response.status_code == 404 and not response.cookies:
        key, version = missed
        response._public_page = (key, version, response.content, None)
    return response


def _is_current(page: object, version: int) -> bool:
    # Anything else is stale, or was written by an older release.
    return (
        isinstance(page, CachedPage)
        and page.version == version
        and (page.valid_until is None or time.time() < page.valid_until)
    )


def _cached(key: str, version: int) -> CachedPage | None:
    page = _local.get(key)
    if _is_current(page, version):
        return page
    page = caches["pages"].get(key)
    if _is_current(page, version):
        _local.put(key, page)
        return page
    return None


class PublicPageCacheMiddleware:
    """Answer an anonymous visit to a cached page before the rest of the stack.

    In MIDDLEWARE after what every response needs whoever sends it (proxy
    headers, HTTPS and security headers, static files, CSP) and before the
    sessions: a visitor without a session has none to load, no user to find,
    no messages to read. The cached page keeps the headers the skipped
    middleware gave it (Content-Language, Vary, X-Frame-Options), and gets
    the visitor's own CSRF token and cookie and fresh form start times, as
    the full stack would give them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        # Only its cookie handling: reading the visitor's secret, setting the cookie.
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _may_be_anonymous_visit(request):
            return self.get_response(request)
        found = _public_page_of(request)
        if found is NOT_FOUND:
            # As CommonMiddleware would: a Host not of this site is a 400.
            request.get_host()
            key = _not_found_key(request)
            expected_status = 404
        elif found is not None:
            key = _page_key(request, *found)
            expected_status = 200
        else:
            key = None
        if key is None:
            return self.get_response(request)
        version = _local.current_version()
        page = _cached(key, version)
        if page is not None:
            return self._from_cache(request, page)

        if found is NOT_FOUND:
            request._public_not_found_missed = (key, version)
        else:
            request._public_page_missed = (key, version)
        response = self.get_response(request)
        marked = getattr(response, "_public_page", None)
        if (
            marked is not None
            and response.status_code == expected_status
            # A session or a message was started: the page is this visitor's own.
            and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
        ):
            key, version, content, valid_until = marked
            headers = tuple(
                (name, value)
                for name, value in response.items()
                if name.lower() not in UNCACHED_HEADERS
            )
            page = CachedPage(
                version,
                content,
                headers,
                settings.CSRF_COOKIE_NAME in response.cookies,
                valid_until,
                response.status_code,
            )
            caches["pages"].set(key, page, settings.PUBLIC_PAGE_CACHE_SECONDS)
            _local.put(key, page)
        return response

    def _from_cache(self, request: HttpRequest, page: CachedPage) -> HttpResponse:
        content = page.content
        if page.sets_csrf_cookie or CSRF_PLACEHOLDER in content:
            self.csrf.process_request(request)
            token = _csrf_token(request)
            content = content.replace(CSRF_PLACEHOLDER, token.encode())
        if STARTED_PLACEHOLDER.encode() in content:
            content = form_started_fill_in(request, content)
        response = HttpResponse(content, status=page.status, headers=dict(page.headers))
        response["Content-Length"] = str(len(content))
        return self.csrf.process_response(request, response)


def _csrf_string() -> str:
    """A random string as Django's CSRF code makes one, uniform over its 62 characters.

    From one read of the system's random source, where get_random_string()
    makes one per character: on a cached form page those reads were most of
    the time spent.
    """
    picked: list[str] = []
    while len(picked) < CSRF_SECRET_LENGTH:
        picked += (
            CSRF_ALLOWED_CHARS[byte % len(CSRF_ALLOWED_CHARS)]
            for byte in secrets.token_bytes(2 * CSRF_SECRET_LENGTH)
            if byte < _CSRF_BYTE_LIMIT
        )
    return "".join(picked[:CSRF_SECRET_LENGTH])


def _csrf_token(request: HttpRequest) -> str:
    """What django.middleware.csrf.get_token() gives, its random strings made by _csrf_string().

    A new secret if the visitor has none, the cookie flagged to be set (or
    renewed), and the secret masked afresh, so the token differs each time.
    """
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = request.META["CSRF_COOKIE"] = _csrf_string()
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _csrf_string()
    count = len(CSRF_ALLOWED_CHARS)
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_CSRF_CHAR_INDEX[char] + _CSRF_CHAR_INDEX[masking]) % count]
        for char, masking in zip(secret, mask, strict=True)
    )
    return mask + cipher
