from django.contrib import messages
from django.core import signing
from django.core.files.storage import default_storage
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
from forus.pagecache import cache_public_page
from forus.public_forms import SWITCH_LANGUAGE, PublicFormView, typed_values

PHOTO_CONTENT_TYPES = {"jpg": "image/jpeg", "webp": "image/webp"}
# Published photos may be kept a day by browsers: a spotlight taken down
# (a nominee who withdraws) should not linger in caches for long.
PUBLIC_PHOTO_CACHE_CONTROL = "public, max-age=86400"


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


@cache_public_page
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
    except signing.SignatureExpired:
        return render(request, "champions/nominee_consent_expired.html", status=410)
    except (signing.BadSignature, Nomination.DoesNotExist):
        raise Http404 from None

    answered = nomination.nominee_consent in services.NOMINEE_ANSWERS
    if request.method == "POST" and SWITCH_LANGUAGE in request.POST:
        # The language switch: the answer comes back as typed, unsent.
        form = NomineeConsentForm(initial=typed_values(NomineeConsentForm(request.POST)))
    elif request.method == "POST":
        form = NomineeConsentForm(request.POST)
        if form.is_valid():
            services.nominee_consent_record(
                nomination=nomination,
                answer=form.cleaned_data["answer"],
                name_display=form.cleaned_data["name_display"],
                message=form.cleaned_data["message"],
            )
            messages.success(request, _("Thank you: we have your answer."))
            return redirect(reverse("champions:nominee_consent", kwargs={"token": token}))
    else:
        form = NomineeConsentForm(
            initial={
                "answer": nomination.nominee_consent if answered else None,
                "name_display": nomination.name_display,
                "message": nomination.nominee_message,
            }
        )
    return render(
        request,
        "champions/nominee_consent.html",
        {
            "nomination": nomination,
            "form": form,
            "answered": answered,
            "public_form_id": "consent-form",
            "public_form_action": request.path,
        },
    )


@require_safe
def spotlight_photo(request: HttpRequest, name: str) -> FileResponse:
    """A spotlight's public photo; a draft's only to staff who may see spotlights."""
    spotlight = selectors.spotlight_with_photo(file_name=name)
    if spotlight is None:
        raise Http404
    public = spotlight.is_published
    if not public and not request.user.has_perm("champions.view_spotlight"):
        raise Http404
    try:
        photo = default_storage.open(f"{SPOTLIGHT_PREFIX}/{name}", "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(photo, content_type=PHOTO_CONTENT_TYPES[name.rpartition(".")[2]])
    response["Cache-Control"] = PUBLIC_PHOTO_CACHE_CONTROL if public else "private, no-store"
    return response


spotlight_feed = cache_public_page(SpotlightFeed())
