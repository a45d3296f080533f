from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from forus.public_forms import is_trusted_proxy


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
