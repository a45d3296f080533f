"""Site-wide views: health, robots.txt and the branded error pages."""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import connection
from django.db.utils import Error as DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from forus.pagecache import public_not_found_keep

logger = logging.getLogger(__name__)


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database is unreachable.")
        return "error"
    return "ok"


def _redis_status() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    from django_redis import get_redis_connection  # noqa: PLC0415 - only with Redis
    from redis.exceptions import RedisError  # noqa: PLC0415

    try:
        get_redis_connection("default").ping()
    except RedisError:
        logger.warning("Health check: Redis is unreachable.")
        return "error"
    return "ok"


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """The database decides the status code; without Redis the site still serves."""
    database = _database_status()
    redis = _redis_status()
    return JsonResponse(
        {"database": database, "redis": redis},
        status=200 if database == "ok" else 503,
    )


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico before reading the page's icon link."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid token: say what to do, not why it failed."""
    return render(request, "403_csrf.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The branded 404, the same for every address, so that it is cached once per language.

    Its language switch leads to the other language's home page: the same
    address in another language is not found either.
    """
    response = render(
        request, "404.html", {"alternates_path": reverse("campaign:home")}, status=404
    )
    return public_not_found_keep(request, response)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A request Django would not read: too big gets its own clear page."""
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent):
        return render(request, "413.html", status=413)
    return render(request, "400.html", status=400)
