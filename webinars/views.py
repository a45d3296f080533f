from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from campaign.newsletter.services import opt_in_wording
from forus.images import image_response
from forus.pagecache import cache_public_page
from forus.public_forms import PublicFormView, client_ip
from forus.sharing import SHARE_SOURCES, SOURCE_PARAMETER
from forus.validators import AddressRefusedError
from webinars import ics, selectors, services
from webinars.calendar_links import calendar_links
from webinars.forms import RegistrationForm, clean_source_code
from webinars.models import Registration, Webinar, WebinarSpeaker
from webinars.transcripts import TRANSCRIPT_CONTENT_TYPES


@cache_public_page
def webinar_list(request: HttpRequest) -> HttpResponse:
    # Cached: which webinars count as upcoming can lag by PUBLIC_PAGE_CACHE_SECONDS.
    listing = selectors.webinar_listing()
    return render(
        request,
        "webinars/webinar_list.html",
        {"upcoming": listing.upcoming, "past": listing.past},
    )


def _webinar_state(request: HttpRequest, slug: str) -> str:
    """What the webinar's page shows besides content: seats, open or closed.

    A registration changes the seats left; emptying the whole site's cache
    on each one would do it at the moment an announcement brings the most
    visitors, so the page is cached per state instead, a stamp the services
    renew (`selectors.webinar_page_state`): a visit from the cache costs no
    query. The start and the end change the page too: the view marks the
    cached copy valid until the next of them.
    """
    return selectors.webinar_page_state(slug=slug)


class WebinarDetailView(PublicFormView):
    """The webinar's page and its registration form.

    Page-cached per state (see `_webinar_state`): a visit from the cache
    costs no query, a fresh one two (the webinar with its counts, its
    speakers).
    """

    form_class = RegistrationForm
    template_name = "webinars/webinar_detail.html"
    rate_limit_group = "webinar-registration"
    # Per client address. Generous, since a class registering from one
    # campus network shares an address.
    rate_limit = "30/h"

    webinar: Webinar
    closed_reason: str = ""

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        # A registration is counted under the webinar's lock, not here.
        self.webinar = selectors.webinar_for_page(
            slug=kwargs["slug"], with_counts=request.method != "POST"
        )
        self.closed_reason = self.webinar.registration_closed_reason()
        response = super().dispatch(request, *args, **kwargs)
        # Registration closes at the start; the page says it took place at the end.
        now = timezone.now()
        response.public_page_valid_until = next(
            (moment for moment in (self.webinar.starts_at, self.webinar.ends_at) if moment > now),
            None,
        )
        return response

    def get_initial(self) -> dict[str, str]:
        return {"source": clean_source_code(self.request.GET.get("source"))}

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        if not hasattr(self.webinar, "registered_count"):  # a form sent back to be corrected
            self.webinar = selectors.webinar_for_page(slug=self.webinar.slug)
        appearances = selectors.webinar_speakers(webinar=self.webinar)
        has_ended = self.webinar.has_ended()
        return super().get_context_data(
            webinar=self.webinar,
            speakers=[a.speaker for a in appearances if a.role == WebinarSpeaker.Role.SPEAKER],
            moderators=[a.speaker for a in appearances if a.role == WebinarSpeaker.Role.MODERATOR],
            resources=selectors.webinar_resources(webinar=self.webinar) if has_ended else [],
            calendar=calendar_links(webinar=self.webinar),
            seats_left=selectors.webinar_seats_left(self.webinar),
            closed_reason=self.closed_reason,
            has_ended=has_ended,
            # No form on the page once it has ended or closed: nothing for the
            # base template's hidden submit button to point at.
            **({"public_form_id": ""} if has_ended or self.closed_reason else {}),
            **kwargs,
        )

    def form_valid(self, form: RegistrationForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            services.registration_create(
                webinar_id=self.webinar.pk,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                organisation=data["organisation"],
                role=data["role"],
                question=data["question"],
                accommodations=data["accommodations"],
                accommodation_needs=data["accommodation_needs"],
                newsletter_opt_in=data["newsletter_opt_in"],
                newsletter_consent=opt_in_wording() if data["newsletter_opt_in"] else "",
                time_zone=data["time_zone"],
                source=data["source"],
                language=translation.get_language(),
                client_ip=client_ip(self.request),
            )
        except AddressRefusedError as refused:
            form.add_error("email", refused.message)
            return self.form_invalid(form)
        except services.RegistrationClosedError as closed:
            self.closed_reason = closed.reason
            return self.render_to_response(self.get_context_data(form=form), status=409)
        except services.RegistrationLimitError as limit:
            form.add_error(
                None,
                ngettext(
                    "This connection has registered %(count)d address for this webinar "
                    "already, the most we take from one connection.",
                    "This connection has registered %(count)d addresses for this webinar "
                    "already, the most we take from one connection.",
                    limit.limit,
                )
                % {"count": limit.limit},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        # One page for every outcome (a seat, the waitlist, an address already
        # registered): whoever typed the address learns nothing about that
        # person; the email tells its owner where they stand.
        return redirect("webinars:registration_done", slug=self.webinar.slug)


webinar_detail = cache_public_page(
    WebinarDetailView.as_view(),
    vary_on=_webinar_state,
    # The share links' ?source= codes (a bounded set) are cached; any other
    # code is still recorded, on a page rendered afresh.
    query_values={SOURCE_PARAMETER: SHARE_SOURCES},
)


@cache_public_page
def registration_done(request: HttpRequest, slug: str) -> HttpResponse:
    # The same page for everyone who sent the form: nothing about the person is in it.
    webinar = selectors.webinar_for_page(slug=slug)
    return render(
        request,
        "webinars/registration_done.html",
        {"webinar": webinar, "calendar": calendar_links(webinar=webinar)},
    )


@cache_public_page
def webinar_archive(request: HttpRequest) -> HttpResponse:
    """Past webinars with their recordings, transcripts, slides and resources."""
    return render(
        request, "webinars/webinar_archive.html", {"webinars": selectors.past_webinars()}
    )


@require_GET
def webinar_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """The add-to-calendar file: when and where to register, never the join link."""
    webinar = selectors.webinar_for_page(slug=slug)
    response = HttpResponse(ics.webinar_public_ics(webinar=webinar), content_type=ics.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{webinar.slug}.ics"'
    return response


@require_safe
def webinar_image(request: HttpRequest, name: str) -> FileResponse:
    """A flyer or speaker's photo; a draft webinar's only to staff who may see webinars."""
    image = selectors.webinar_image(file_name=name)
    if image is None:
        raise Http404
    if not image.public and not request.user.has_perm("webinars.view_webinar"):
        raise Http404
    return image_response(image.name, public=image.public)


@require_safe
def webinar_cover(request: HttpRequest, pk: int, name: str) -> FileResponse:
    """A file of a webinar's cover image; a draft's only to staff who may see webinars."""
    cover = selectors.webinar_cover(webinar_id=pk, file_name=name)
    if cover is None:
        raise Http404
    if not cover.public and not request.user.has_perm("webinars.view_webinar"):
        raise Http404
    return image_response(cover.name, public=cover.public)


@require_safe
def webinar_transcript_file(request: HttpRequest, name: str) -> FileResponse:
    """A transcript or captions file; a draft webinar's only to staff who may see webinars.

    Served as its checked kind, sandboxed, and a PDF as a download, so that
    nothing in a file can run as the site.
    """
    found = selectors.webinar_transcript_file(file_name=name)
    if found is None:
        raise Http404
    if not found.public and not request.user.has_perm("webinars.view_webinar"):
        raise Http404
    kind = found.name.rpartition(".")[2]
    try:
        stored = default_storage.open(found.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        stored,
        content_type=TRANSCRIPT_CONTENT_TYPES[kind],
        as_attachment=kind == "pdf",
        filename=f"transcript.{kind}",
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=86400" if found.public else "private, no-store"
    return response


class RegistrationCancelView(View):
    """The cancel link in every email: GET shows one button, only POST cancels.

    Mail systems open links to scan them, so opening the link must change
    nothing. Cancelling again is harmless.
    """

    template_name = "webinars/registration_cancel.html"

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        self.registration = selectors.registration_for_cancel_token(token=kwargs["token"])
        if self.registration is None:
            return render(request, "webinars/registration_cancel_invalid.html", status=404)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        registration = self.registration
        return render(
            request,
            self.template_name,
            {
                "registration": registration,
                "webinar": registration.webinar,
                "just_cancelled": request.GET.get("done") == "1",
            },
        )

    def post(self, request: HttpRequest, token: str) -> HttpResponseRedirect:
        services.registration_cancel(registration_id=self.registration.pk)
        return HttpResponseRedirect(
            reverse("webinars:registration_cancel", kwargs={"token": token}) + "?done=1"
        )


registration_cancel = never_cache(RegistrationCancelView.as_view())


class RegistrationConfirmView(View):
    """The link in the email sent under pressure: GET shows one button, only POST confirms.

    Mail systems open links to scan them, so opening the link changes
    nothing. The token proves the visitor reads the address's mail, so the
    page may say where the registration stands.
    """

    template_name = "webinars/registration_confirm.html"

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        self.registration = selectors.registration_for_confirm_token(token=kwargs["token"])
        if self.registration is None:
            return render(request, "webinars/registration_cancel_invalid.html", status=404)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        registration = self.registration
        state = registration.status
        if state == Registration.Status.PENDING and registration.confirm_by <= timezone.now():
            state = Registration.Status.CANCELLED
        return render(
            request,
            self.template_name,
            {"registration": registration, "webinar": registration.webinar, "state": state},
        )

    def post(self, request: HttpRequest, token: str) -> HttpResponseRedirect:
        services.registration_confirm(registration_id=self.registration.pk)
        return HttpResponseRedirect(
            reverse("webinars:registration_confirm", kwargs={"token": token})
        )


registration_confirm = never_cache(RegistrationConfirmView.as_view())
