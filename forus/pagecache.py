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
  visitor's own token. A public form's start time is a placeholder in
  every rendering, cached or not, which FormStartedMiddleware fills in per
  visit: each visit starts its own clock, or the minimum fill time would
  count from when the page was cached and let a bot send at once.
- Only visitors without a session, and only known query parameters.
- Pages are kept under the site's own host (SITE_URL), never the Host
  header, which anyone can vary to fill the cache.

Django's cache middleware cannot do this: it refuses to cache a response
that varies on the CSRF cookie, which is every page with a form.
"""

import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache, caches
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

# On the default cache (the broker's Redis, which never evicts): an evicted
# version would read as 0 again and bring back pages cached under 0.
VERSION_KEY = "public-pages:version"
CSRF_PLACEHOLDER = b"__public_page_csrf_token__"
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
LOCAL_PAGES_MAX = 256

View = Callable[..., HttpResponse]
CachedPage = tuple[int, bytes, str]  # version, content, content type


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


_local = _LocalPages()


def public_pages_invalidate(**_signal_kwargs: object) -> None:
    """Make every cached public page stale (on any content change)."""
    version = time.time_ns()
    cache.set(VERSION_KEY, version, timeout=None)
    _local.set_version(version)


def public_pages_forget_local_copies() -> None:
    """Drop this process's copies, as a new process would start (for tests)."""
    _local.clear()


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


def _is_anonymous_visit(request: HttpRequest, query_params: frozenset[str]) -> bool:
    return (
        request.method in {"GET", "HEAD"}
        # A session means staff or a flash message: render afresh.
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        # Unknown query strings would let anyone fill the cache, and so would
        # a known one written many ways (repeated, percent-encoded).
        and set(request.GET) <= query_params
        and _query_is_canonical(request)
    )


def _canonical_query(request: HttpRequest) -> str:
    """The query string in one spelling: each parameter once, in order, encoded."""
    return urlencode(sorted(request.GET.items()))


def _query_is_canonical(request: HttpRequest) -> bool:
    """Whether the query string, in any order, is spelled as the site writes it."""
    raw = request.META.get("QUERY_STRING", "")
    written = sorted(raw.split("&")) if raw else []
    return written == sorted(urlencode([pair]) for pair in request.GET.items())


def cache_public_page(
    view: View | None = None,
    *,
    query_params: tuple[str, ...] = (),
    vary_on: Callable[..., str] | None = None,
) -> View:
    """Serve the view from the cache to visitors without a session.

    `vary_on(request, *args, **kwargs)` names state the page shows that is
    not content, such as a webinar's seats left: each value gets its own
    cached copy, so the page is right without emptying the whole cache.
    """
    allowed = frozenset(query_params)

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if not _is_anonymous_visit(request, allowed):
                return view(request, *args, **kwargs)

            query = _canonical_query(request)
            key = public_page_key(f"{request.path}{'?' if query else ''}{query}")
            if vary_on is not None:
                state = vary_on(request, *args, **kwargs).encode()
                key = f"{key}:{hashlib.blake2b(state, digest_size=8).hexdigest()}"
            version = _local.current_version()
            page = _local.get(key)
            if page is None or page[0] != version:
                page = caches["pages"].get(key)
                if page is not None and page[0] == version:
                    _local.put(key, page)
            if page is not None and page[0] == version:
                return _response_from_cache(request, page)

            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            if response.status_code == 200 and not response.streaming and not response.cookies:
                content = CSRF_INPUT.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content)
                page = (version, content, response["Content-Type"])
                caches["pages"].set(key, page, settings.PUBLIC_PAGE_CACHE_SECONDS)
                _local.put(key, page)
            return response

        return wrapper

    if view is not None:
        return decorator(view)
    return decorator


def _response_from_cache(request: HttpRequest, page: CachedPage) -> HttpResponse:
    _version, content, content_type = page
    if CSRF_PLACEHOLDER in content:
        # get_token() also makes the CSRF middleware set the visitor's cookie.
        content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    return HttpResponse(content, content_type=content_type)
