"""The person's pages: ask for a link, the link's button, the page, its actions, export, erase.

None of these is ever cached: each answers with `never_cache`, and the
page cache steps aside for a browser with a person's cookie.
"""

import json
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from forus.people import selectors, services
from forus.people.forms import EraseConfirmForm, LinkRequestForm
from forus.people.registry import PersonActionRefused, person_data_part
from forus.people.session import person_session_end, person_session_link_id, person_session_start
from forus.people.tokens import PERSON_LINK, LinkExpired, LinkInvalid
from forus.public_forms import PublicFormView

# Sends of the request form per client address, whatever the language.
LINK_REQUESTS_PER_CLIENT = "10/h"
# A POST may carry at most this many characters in one field.
FIELD_MAX_LENGTH = 5000


class LinkRequestView(PublicFormView):
    """Type an address, get a link: the same answer whether or not the site knows it."""

    form_class = LinkRequestForm
    template_name = "people/request.html"
    rate_limit_group = "people-link"
    rate_limit = LINK_REQUESTS_PER_CLIENT

    def form_valid(self, form: LinkRequestForm) -> HttpResponse:
        services.person_link_request(
            email=form.cleaned_data["email"], language=translation.get_language()
        )
        return redirect("people:check_inbox")


request_link = never_cache(LinkRequestView.as_view())


@never_cache
def check_inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "people/check_inbox.html")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def link(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows one button (mail scanners open links); only the POST starts a session."""
    try:
        link_id = PERSON_LINK.read(token)
    except LinkExpired:
        return render(request, "people/link_invalid.html", {"expired": True}, status=410)
    except LinkInvalid:
        return render(request, "people/link_invalid.html", status=400)
    person_link = selectors.person_link(link_id=link_id)
    if person_link is None:
        return render(request, "people/link_invalid.html", status=400)
    if request.method != "POST":
        return render(request, "people/link.html")
    response = redirect("people:page")
    person_session_start(response, link_id=person_link.pk)
    return response


PersonView = Callable[..., HttpResponse]


def person_required(view: PersonView) -> PersonView:
    """The view runs with `email`, the session's address; without a session, the start page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        link_id = person_session_link_id(request)
        email = None if link_id is None else selectors.person_session_email(link_id=link_id)
        if email is None:
            response = render(request, "people/session_ended.html", status=403)
            person_session_end(response)
            return response
        return view(request, *args, email=email, **kwargs)

    return never_cache(wrapper)


@person_required
def page(request: HttpRequest, *, email: str) -> HttpResponse:
    return render(
        request,
        "people/page.html",
        {"email": email, "blocks": selectors.person_page_blocks(email=email)},
    )


@require_POST
@person_required
def action(request: HttpRequest, part: str, name: str, *, email: str) -> HttpResponse:
    """One of a block's forms: the app's handler, always for the session's own address."""
    data_part = person_data_part(part)
    handler = None if data_part is None else data_part.actions.get(name)
    if handler is None:
        raise Http404
    data = {
        key: value[:FIELD_MAX_LENGTH]
        for key, value in request.POST.items()
        if key != "csrfmiddlewaretoken"
    }
    try:
        messages.success(request, str(handler(email=email, data=data)))
    except PersonActionRefused as refused:
        messages.error(request, str(refused.message))
    return redirect(f"{reverse('people:page')}#{data_part.key}")


@person_required
def download(request: HttpRequest, *, email: str) -> HttpResponse:
    """Everything about the address as a JSON file, in one click."""
    export = selectors.person_export(email=email)
    response = HttpResponse(
        json.dumps(export, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="for-us-all-my-data-{stamp}.json"'
    return response


@person_required
def data(request: HttpRequest, *, email: str) -> HttpResponse:
    """The same as the download, to read in the browser."""
    return render(request, "people/data.html", {"export": selectors.person_export(email=email)})


@require_http_methods(["GET", "HEAD", "POST"])
@person_required
def erase(request: HttpRequest, *, email: str) -> HttpResponse:
    """A confirmation step, naming what is kept and why; the POST erases everything."""
    form = EraseConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.person_erase(email=email, language=translation.get_language())
        response = redirect("people:erased")
        person_session_end(response)
        return response
    return render(
        request,
        "people/erase.html",
        {"form": form, "email": email, "kept": selectors.person_kept()},
        status=400 if form.is_bound else 200,
    )


@never_cache
def erased(request: HttpRequest) -> HttpResponse:
    return render(request, "people/erased.html")


@never_cache
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    response = redirect("people:request")
    person_session_end(response)
    messages.info(request, _("You have left your page. Ask for a new link to come back."))
    return response
