"""What every form the public sends has in common.

- A honeypot field, off screen and hidden from assistive technology, that
  people never fill and form-filling bots do.
- A minimum fill time, carried in a signed field, that bots are too quick
  for.
- A rate limit per client address, kept in the shared cache (Redis); it
  fails open, so Redis being down never stops a person from sending.

A tripped trap saves nothing and says only "please send it again", the same
words for either trap. A rate-limited send gets the form back, as typed,
with status 429.
"""

import ipaddress
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.forms import BoundField
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django_ratelimit.core import is_ratelimited

STARTED_SALT = "forus.public_forms.started"
MIN_FILL_SECONDS = 3
MAX_FILL_SECONDS = 24 * 60 * 60
HONEYPOT_FIELD = "referral_note"
# The language switch's button on a page with a form sends this.
SWITCH_LANGUAGE = "switch_language"
TRAPPED = _("We could not accept the form this time. Please check your answers and send it again.")
RATE_LIMITED = _(
    "This form has been sent many times from your connection in a short while. "
    "Please wait a few minutes, then send it again: what you typed is still here."
)


def client_ip(request: HttpRequest) -> str:
    """The visitor's address, as the nearest trusted proxy saw it.

    Behind TRUSTED_PROXY_COUNT proxies (the load balancer), the address is
    the one those proxies appended to X-Forwarded-For; anything further left
    in that header was written by the client and is not trusted.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
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


def form_started_now() -> str:
    """The signed time a form starts its clock from (the page cache re-signs it per visit)."""
    return signing.dumps(time.time(), salt=STARTED_SALT)


class StartedAtInput(forms.HiddenInput):
    """A fresh signed time on every render, so a corrected form starts its own clock."""

    def format_value(self, value: object) -> str:
        return form_started_now()


class PublicFormMixin:
    """Mix into any Form or ModelForm that the public sends."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
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

    def _looks_automated(self) -> bool:
        if self.data.get(self.add_prefix(HONEYPOT_FIELD)):
            return True
        try:
            started = float(
                signing.loads(
                    self.data.get(self.add_prefix("form_started"), ""), salt=STARTED_SALT
                )
            )
        except (signing.BadSignature, TypeError, ValueError):
            return True
        return not MIN_FILL_SECONDS <= time.time() - started <= MAX_FILL_SECONDS

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if self._looks_automated():
            raise forms.ValidationError(TRAPPED, code="trapped")
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

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context.setdefault("public_form_id", self.public_form_id)
        context.setdefault("public_form_action", self.request.path)
        return context

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
        if is_ratelimited(
            request,
            group=self.rate_limit_group,
            key="ip",
            rate=self.rate_limit,
            method="POST",
            increment=True,
        ):
            form = self.get_form()
            return self.render_to_response(
                self.get_context_data(form=form, rate_limited_message=RATE_LIMITED),
                status=429,
            )
        return super().post(request, *args, **kwargs)
