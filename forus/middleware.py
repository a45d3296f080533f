from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import get_callable

from forus.public_forms import STARTED_PLACEHOLDER, form_started_fill_in, is_trusted_proxy


class RequestBodyLimitMiddleware:
    """Refuse a request body over MAX_REQUEST_BODY_BYTES before anything reads it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_BYTES:
            return render(request, "413.html", status=413)
        return self.get_response(request)


class TrustedProxyMiddleware:
    """Drop X-Forwarded-Proto unless a trusted proxy sent the request.

    SECURE_PROXY_SSL_HEADER makes Django believe the header; from anyone
    else it would let a plain-HTTP client pass as HTTPS. X-Forwarded-For is
    judged where it is read (forus.public_forms.client_ip).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
            request.META.pop("HTTP_X_FORWARDED_PROTO", None)
        return self.get_response(request)


class FormStartedMiddleware:
    """Fill each public form's start time in with a fresh value for this visitor.

    After the CSRF middleware in MIDDLEWARE, so that the CSRF cookie the
    value is bound to is set on this response when the visitor had none.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and STARTED_PLACEHOLDER.encode() in response.content
        ):
            response.content = form_started_fill_in(request, response.content)
        return response


class CrossSiteRequestMiddleware:
    """Refuse an unsafe request that the browser says another site sent.

    Before Django's CsrfViewMiddleware in MIDDLEWARE. Browsers send
    Sec-Fetch-Site (Fetch Metadata) with every request, and a page cannot
    forge it: "cross-site" on a POST is a forged request whatever token it
    carries, a leaked one included. A browser that sends neither it nor
    Origin is still judged by the token, as before.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        callback: Callable[..., HttpResponse],
        callback_args: tuple,
        callback_kwargs: dict[str, object],
    ) -> HttpResponse | None:
        if (
            request.method not in {"GET", "HEAD", "OPTIONS", "TRACE"}
            and request.headers.get("Sec-Fetch-Site") == "cross-site"
            and not getattr(callback, "csrf_exempt", False)
            and not getattr(request, "_dont_enforce_csrf_checks", False)
        ):
            failure_view = get_callable(settings.CSRF_FAILURE_VIEW)
            return failure_view(request, reason="Sec-Fetch-Site says another site sent this.")
        return None
