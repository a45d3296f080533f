from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from champions import selectors, services
from champions.feeds import SpotlightFeed
from champions.forms import NominationForm, NomineeConsentForm
from champions.models import Nomination
from champions.photos import SPOTLIGHT_PREFIX
from forus.images import image_response
from forus.markdown import render_markdown
from forus.pagecache import cache_public_page
from forus.public_forms import (
    RATE_LIMITED,
    SWITCH_LANGUAGE,
    PublicFormView,
    rate_limited,
    typed_values,
)
from forus.sharing import SHARE_SOURCES, SOURCE_PARAMETER
from forus.signing import LinkExpired, LinkInvalid

# A nominee changes their mind a few times at most; a script sends many.
CONSENT_SENDS_PER_HOUR = 10


@cache_public_page(query_params=("page", "pillar"))
def spotlight_list(request: HttpRequest) -> HttpResponse:
    index = selectors.spotlight_index(
        pillar_slug=request.GET.get("pillar"), page_number=request.GET.get("page")
    )
    return render(
        request,
        "champions/spotlight_list.html",
        {"page": index.page, "pillar": index.pillar, "pillars": index.pillars},
    )


# A share link's ?source= code (a bounded set) is cached like the plain page.
@cache_public_page(query_values={SOURCE_PARAMETER: SHARE_SOURCES})
def spotlight_detail(request: HttpRequest, slug: str) -> HttpResponse:
    spotlight = selectors.spotlight_published(slug=slug)
    return render(request, "champions/spotlight_detail.html", {"spotlight": spotlight})


class NominationView(PublicFormView):
    template_name = "champions/nomination_form.html"
    form_class = NominationForm
    rate_limit_group = "champion-nomination"
    rate_limit = "10/h"
    success_url = reverse_lazy("champions:nomination_thanks")

    def form_valid(self, form: NominationForm) -> HttpResponse:
        try:
            services.nomination_submit(
                **form.nomination_fields(), language=translation.get_language()
            )
        except services.ChampionsError as refused:
            form.add_error(None, refused.message)
            return self.form_invalid(form)
        return super().form_valid(form)


nominate = cache_public_page(NominationView.as_view())


@cache_public_page
def nomination_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "champions/nomination_thanks.html")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def nominee_consent(request: HttpRequest, token: str) -> HttpResponse:
    """The page a nominee's signed link opens: GET shows it, POST records the answer."""
    try:
        nomination = selectors.nomination_from_consent_token(token=token)
    except LinkExpired:
        return render(request, "champions/nominee_consent_expired.html", status=410)
    except (LinkInvalid, Nomination.DoesNotExist):
        raise Http404 from None

    answered = nomination.nominee_consent in services.NOMINEE_ANSWERS
    rate_limited_message = None
    status = 200
    if request.method == "POST" and SWITCH_LANGUAGE in request.POST:
        # The language switch: the answer comes back as typed, unsent.
        form = NomineeConsentForm(
            initial=typed_values(NomineeConsentForm(request.POST, nomination=nomination)),
            nomination=nomination,
        )
    elif request.method == "POST" and rate_limited(
        request, group="champion-nominee-consent", rate=f"{CONSENT_SENDS_PER_HOUR}/h"
    ):
        form = NomineeConsentForm(
            initial=typed_values(NomineeConsentForm(request.POST, nomination=nomination)),
            nomination=nomination,
        )
        rate_limited_message = RATE_LIMITED
        status = 429
    elif request.method == "POST":
        form = NomineeConsentForm(request.POST, nomination=nomination)
        if (
            form.is_valid()
            and form.cleaned_data["shown"]
            and form.cleaned_data["shown"]
            != selectors.consent_page_fingerprint(nomination=nomination)
        ):
            # Staff changed the feature while the page was open: what the
            # nominee read is not what they would approve.
            form.add_error(
                None,
                _(
                    "The feature changed while this page was open. Read it again below, "
                    "then send your answer."
                ),
            )
        if form.is_valid():
            services.nominee_consent_record(
                nomination=nomination,
                answer=form.cleaned_data["answer"],
                name_display=form.cleaned_data["name_display"],
                message=form.cleaned_data["message"],
                wording=form.answer_wording,
            )
            messages.success(request, _("Thank you: we have your answer."))
            return redirect(reverse("champions:nominee_consent", kwargs={"token": token}))
    else:
        form = NomineeConsentForm(
            nomination=nomination,
            initial={
                "answer": nomination.nominee_consent if answered else None,
                "name_display": nomination.name_display,
                "message": nomination.nominee_message,
            },
        )
    if form.is_bound and not form.is_valid():
        form.data = form.data.copy()
        form.data["shown"] = selectors.consent_page_fingerprint(nomination=nomination)
    else:
        form.initial["shown"] = selectors.consent_page_fingerprint(nomination=nomination)
    return render(
        request,
        "champions/nominee_consent.html",
        {
            "nomination": nomination,
            "preview": _consent_preview(nomination, token=token),
            "form": form,
            "answered": answered,
            "public_form_id": "consent-form",
            "public_form_action": request.path,
            "rate_limited_message": rate_limited_message,
        },
        status=status,
    )


def _consent_preview(nomination: Nomination, *, token: str) -> dict[str, object]:
    """What the consent page shows of the feature: each way of naming them, the text, the photo."""
    language = translation.get_language()
    shown = {
        choice: selectors.nomination_consent_content(nomination=nomination, name_display=choice)
        for choice, _label in Nomination.NameDisplay.choices
    }
    full = shown[Nomination.NameDisplay.FULL]

    def in_language(content: dict[str, str], field: str) -> str:
        return content.get(f"{field}_{language}") or content[f"{field}_en"]

    titles = {in_language(content, "title") for content in shown.values()}
    return {
        "titles": [
            (label, nomination.name_as(choice), in_language(shown[choice], "title"))
            for choice, label in Nomination.NameDisplay.choices
        ],
        "one_title": in_language(full, "title") if len(titles) == 1 else "",
        "credentials": full["credentials"],
        "affiliation": full["affiliation"],
        "summary": in_language(full, "summary"),
        "body": render_markdown(in_language(full, "body")),
        "photo_url": (
            reverse("champions:nominee_consent_photo", kwargs={"token": token})
            if full["photo"]
            else ""
        ),
    }


@never_cache
@require_safe
def nominee_consent_photo(request: HttpRequest, token: str) -> FileResponse:
    """The photo the consent page shows its nominee: the spotlight's, or the nomination's."""
    try:
        nomination = selectors.nomination_from_consent_token(token=token)
    except (LinkInvalid, Nomination.DoesNotExist):
        raise Http404 from None
    name = selectors.nomination_consent_content(
        nomination=nomination, name_display=nomination.name_display
    )["photo"].removeprefix("nomination:")
    if not name:
        raise Http404
    return image_response(name, public=False)


@require_safe
def spotlight_photo(request: HttpRequest, name: str) -> FileResponse:
    """A spotlight's public photo; a draft's only to staff who may see spotlights."""
    spotlight = selectors.spotlight_with_photo(file_name=name)
    if spotlight is None:
        raise Http404
    public = spotlight.is_published
    if not public and not request.user.has_perm("champions.view_spotlight"):
        raise Http404
    return image_response(f"{SPOTLIGHT_PREFIX}/{name}", public=public)


spotlight_feed = cache_public_page(SpotlightFeed())
