"""What every form the public sends has in common.

- A honeypot field, off screen and hidden from assistive technology, that
  people never fill and form-filling bots do.
- A minimum fill time, carried in a signed field, that bots are too quick
  for. The field is bound to the visitor (their CSRF secret) and used once
  (its nonce is recorded in the counting cache), so a script cannot wait
  once and send the same value again and again, nor hand it to another
  client. Each page a visitor is sent gets fresh values
  (FormStartedMiddleware fills them in), so a corrected form, or a cached
  page, starts its own clock.
- A rate limit per client address, counted in Redis, or in the database
  while Redis is unreachable (forus.counters): a burst is refused either way.

A tripped trap saves nothing. A send faster than the minimum is told so
plainly, with what was typed kept: pressing the button again sends it,
judged by the fresh clock of the form it comes back in. Anything else (the
honeypot, a forged, stale, replayed or borrowed value) says only "please
send it again". A rate-limited send gets the form back, as typed,
with status 429.
"""

import ipaddress
import re
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.forms import BoundField
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django_ratelimit.core import is_ratelimited

STARTED_SALT = "forus.public_forms.started"
MIN_FILL_SECONDS = 3
# Long enough for a person to fill in a form in a tab left open over lunch.
MAX_FILL_SECONDS = 4 * 60 * 60
# What a form renders in place of its start time; FormStartedMiddleware puts
# a fresh value, bound to the visitor, in each place on the way out.
STARTED_PLACEHOLDER = "__form_started_placeholder__"
STARTED_PLACEHOLDERS = re.compile(re.escape(STARTED_PLACEHOLDER).encode())
HONEYPOT_FIELD = "referral_note"
# The language switch's button on a page with a form sends this.
SWITCH_LANGUAGE = "switch_language"
TRAPPED = _("We could not accept the form this time. Please check your answers and send it again.")
TOO_FAST = _(
    "This form was sent faster than a person usually can fill it in, so it has not "
    "been sent yet. Everything you typed is still here: press the button again to send it."
)
RATE_LIMITED = _(
    "This form has been sent many times from your connection in a short while. "
    "Please wait a few minutes, then send it again: what you typed is still here."
)


def is_trusted_proxy(address: str) -> bool:
    """Whether the address lies in one of the TRUSTED_PROXIES ranges."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in settings.TRUSTED_PROXIES)


def client_ip(request: HttpRequest) -> str:
    """The visitor's address, as the nearest proxy we do not run saw it.

    X-Forwarded-For is read only when the peer is a trusted proxy, from the
    right: each trusted proxy appended the address it saw, and the first
    address outside TRUSTED_PROXIES is the client. Anything further left was
    written by the client and is not believed.
    """
    address = request.META.get("REMOTE_ADDR", "")
    if is_trusted_proxy(address):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        for hop in (part.strip() for part in reversed(forwarded)):
            try:
                ipaddress.ip_address(hop)
            except ValueError:
                break  # garbage from the client: keep the last proxy's word
            address = hop
            if not is_trusted_proxy(hop):
                break
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        # Not an address (a misconfigured proxy): one shared bucket.
        return "0.0.0.0"  # noqa: S104 - a rate-limit key, not a bind address


class HoneypotInput(forms.TextInput):
    """Always rendered empty, so a person is never caught by what a browser filled."""

    def __init__(self) -> None:
        super().__init__(attrs={"autocomplete": "off", "tabindex": "-1"})

    def format_value(self, value: object) -> None:
        return None


def _visitor_mark(csrf_secret: str) -> str:
    """Who a start time was given to, without putting their CSRF secret in the page."""
    return salted_hmac(STARTED_SALT, csrf_secret, algorithm="sha256").hexdigest()[:24]


def _csrf_secret(request: HttpRequest) -> str:
    return request.META.get("CSRF_COOKIE") or ""


def _is_given_to(visitor: str, request: HttpRequest) -> bool:
    """Whether a start time was given to the visitor who sent this request.

    Where Django does not check CSRF at all (its test client), a value bound
    to no one also stands: the site itself never gives one out.
    """
    if visitor == _visitor_mark(_csrf_secret(request)):
        return True
    return getattr(request, "_dont_enforce_csrf_checks", False) and visitor == _visitor_mark("")


def form_started_token(*, csrf_secret: str, started_at: float | None = None) -> str:
    """A signed, single-use start time for the visitor holding this CSRF secret."""
    return signing.dumps(
        {
            "t": time.time() if started_at is None else started_at,
            "n": secrets.token_urlsafe(12),
            "v": _visitor_mark(csrf_secret),
        },
        salt=STARTED_SALT,
    )


def form_started_now(request: HttpRequest) -> str:
    """A start time from now for this visitor (gives them a CSRF cookie if they lack one)."""
    if "CSRF_COOKIE" in request.META:
        # What get_token() does for a visitor with a secret, without masking
        # a token nobody reads: a third of a cached form page's time.
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    else:
        get_token(request)
    return form_started_token(csrf_secret=_csrf_secret(request))


def form_started_fill_in(request: HttpRequest, content: bytes) -> bytes:
    """Each start-time placeholder in the page replaced by a fresh value of its own."""
    return STARTED_PLACEHOLDERS.sub(lambda _match: form_started_now(request).encode(), content)


class StartedAtInput(forms.HiddenInput):
    """Never the sent value: a placeholder, filled in afresh for each response."""

    def format_value(self, value: object) -> str:
        return STARTED_PLACEHOLDER


class PublicFormMixin:
    """Mix into any Form or ModelForm that the public sends."""

    def __init__(
        self, *args: object, request: HttpRequest | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        # The request that sent the form: its start time must be the visitor's own.
        self.request = request
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            max_length=200,
            widget=HoneypotInput(),
        )
        self.fields["form_started"] = forms.CharField(required=False, widget=StartedAtInput())

    @property
    def honeypot(self) -> BoundField:
        return self[HONEYPOT_FIELD]

    @property
    def public_fields(self) -> list[BoundField]:
        """The fields a person fills in, in order, without the honeypot."""
        return [field for field in self.visible_fields() if field.name != HONEYPOT_FIELD]

    def _own_start(self) -> tuple[float, str] | None:
        """The sent start time and nonce, if genuine, recent and given to this visitor."""
        try:
            started = signing.loads(
                self.data.get(self.add_prefix("form_started"), ""),
                salt=STARTED_SALT,
                max_age=MAX_FILL_SECONDS,
            )
            started_at, nonce, visitor = float(started["t"]), str(started["n"]), started["v"]
        except (signing.BadSignature, TypeError, ValueError, KeyError):
            return None
        if self.request is None or not _is_given_to(visitor, self.request):
            return None
        if time.time() - started_at > MAX_FILL_SECONDS:
            return None
        return started_at, nonce

    def _trap_error(self) -> forms.ValidationError | None:
        """Why the send looks automated, or None; uses up its start time if it passes."""
        started = None if self.data.get(self.add_prefix(HONEYPOT_FIELD)) else self._own_start()
        if started is None:
            return forms.ValidationError(TRAPPED, code="trapped")
        started_at, nonce = started
        if time.time() - started_at < MIN_FILL_SECONDS:
            return forms.ValidationError(TOO_FAST, code="too_fast")
        # Recorded in Redis, or in the database while Redis is away.
        if not caches["counters"].add(f"form-started:{nonce}", 1, MAX_FILL_SECONDS):
            return forms.ValidationError(TRAPPED, code="trapped")
        return None

    def clean(self) -> dict:
        cleaned_data = super().clean()
        error = self._trap_error()
        if error is not None:
            raise error
        return cleaned_data


class PublicForm(PublicFormMixin, forms.Form):
    """A form the public sends, with the honeypot and the fill-time check."""


def typed_values(form: forms.Form) -> dict[str, object]:
    """What was typed into a sent form, to fill an unsent one (files cannot be)."""
    return {
        name: form[name].value()
        for name, field in form.fields.items()
        if not isinstance(field, forms.FileField)
    }


def rate_limited(request: HttpRequest, *, group: str, rate: str) -> bool:
    """Whether this POST goes over the client address's limit for the group; counts it.

    `rate` is django-ratelimit's notation, such as "20/h". A GET is never
    limited nor counted.
    """
    return is_ratelimited(request, group=group, key="ip", rate=rate, method="POST", increment=True)


class PublicFormView(FormView):
    """A page with a public form: rate limited per client, honest about it.

    Set `rate_limit_group` (a name for the form) and `rate_limit` (django-
    ratelimit's notation, such as "20/h"). The limit counts every send.

    The page's `<form>` carries `id="{{ public_form_id }}"`: the language
    switch sends the form, as typed, to the page in the other language, which
    shows it again unchecked (SWITCH_LANGUAGE in the POST).
    """

    rate_limit_group: str
    rate_limit: str = "20/h"
    public_form_id = "public-form"

    def get_form_kwargs(self) -> dict[str, object]:
        return {**super().get_form_kwargs(), "request": self.request}

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context.setdefault("public_form_id", self.public_form_id)
        context.setdefault("public_form_action", self.request.path)
        return context

    def is_rate_limited(self) -> bool:
        """Whether this send goes over the form's rate limit for the client; counts it."""
        return rate_limited(self.request, group=self.rate_limit_group, rate=self.rate_limit)

    def form_as_typed(self) -> forms.Form:
        """The sent form as an unsent one: what was typed, without errors."""
        kwargs = self.get_form_kwargs()
        kwargs.pop("data", None)
        kwargs.pop("files", None)
        kwargs["initial"] = {**kwargs.get("initial", {}), **typed_values(self.get_form())}
        return self.get_form_class()(**kwargs)

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if SWITCH_LANGUAGE in request.POST:
            form = self.form_as_typed()
            # A browser cannot be given a file back: say which to choose again.
            files_not_kept = [form[name].label for name in request.FILES if name in form.fields]
            return self.render_to_response(
                self.get_context_data(form=form, files_not_kept=files_not_kept)
            )
        if self.is_rate_limited():
            form = self.get_form()
            return self.render_to_response(
                self.get_context_data(form=form, rate_limited_message=RATE_LIMITED),
                status=429,
            )
        return super().post(request, *args, **kwargs)
