from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_http_methods, require_safe

from campaign import selectors, services
from campaign.forms import ContactForm
from campaign.models import IMAGE_PREFIX, Page
from campaign.newsletter.services import UNCONFIRMED_SIGNUP_LIFETIME
from forus.images import image_response
from forus.outbox.services import KEEP_COPIES
from forus.pagecache import cache_public_page
from forus.public_forms import PublicFormView
from forus.validators import AddressRefusedError


@require_http_methods(["GET", "HEAD", "POST"])
@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    """The campaign's front page; a POST is only ever the language switch."""
    pages = selectors.pages_by_slug(Page.Slug.MISSION, Page.Slug.INTRODUCTION)
    return render(
        request,
        "campaign/home.html",
        {
            "mission": pages[Page.Slug.MISSION],
            "introduction": pages[Page.Slug.INTRODUCTION],
            "pillars": selectors.pillar_list(),
            # The language switch carries what is typed into the newsletter
            # form along; the form's tag brings it back as typed.
            "public_form_id": "newsletter-form",
            "public_form_action": reverse("campaign:home"),
        },
    )


@cache_public_page
def introduction(request: HttpRequest) -> HttpResponse:
    pages = selectors.pages_by_slug(Page.Slug.INTRODUCTION, Page.Slug.MISSION)
    return render(
        request,
        "campaign/introduction.html",
        {
            "page": pages[Page.Slug.INTRODUCTION],
            "mission": pages[Page.Slug.MISSION],
            "pillars": selectors.pillar_list(),
        },
    )


@cache_public_page
def about(request: HttpRequest) -> HttpResponse:
    page = selectors.pages_by_slug(Page.Slug.ABOUT)[Page.Slug.ABOUT]
    return render(request, "campaign/about.html", {"page": page})


@cache_public_page
def privacy(request: HttpRequest) -> HttpResponse:
    """Staff's text, then each retention rule with the number the site itself applies."""
    page = selectors.pages_by_slug(Page.Slug.PRIVACY)[Page.Slug.PRIVACY]
    retention = {
        "registrations": settings.KEEP_REGISTRATIONS_DAYS,
        "declined_nominations": settings.KEEP_DECLINED_NOMINATIONS_DAYS,
        "unconfirmed_signups": UNCONFIRMED_SIGNUP_LIFETIME.days,
        "email_copies": KEEP_COPIES.days,
        "contact_messages": settings.KEEP_CONTACT_MESSAGES_DAYS,
        "audit": settings.KEEP_AUDIT_DAYS,
    }
    return render(request, "campaign/privacy.html", {"page": page, "retention": retention})


@cache_public_page
def pillar_list(request: HttpRequest) -> HttpResponse:
    return render(request, "campaign/pillar_list.html", {"pillars": selectors.pillar_list()})


@cache_public_page
def pillar_detail(request: HttpRequest, slug: str) -> HttpResponse:
    sequence = selectors.pillar_in_sequence(slug=slug)
    return render(
        request,
        "campaign/pillar_detail.html",
        {
            "pillar": sequence.pillar,
            "previous": sequence.previous,
            "next": sequence.next,
            "total": sequence.total,
        },
    )


@require_safe
def campaign_image(request: HttpRequest, name: str) -> FileResponse:
    """A hero image of a page or pillar: campaign content is public, so are its images."""
    return image_response(f"{IMAGE_PREFIX}/{name}", public=True)


@cache_public_page
def get_involved(request: HttpRequest) -> HttpResponse:
    """Every way to act, in staff's order, under the next webinar (or where to find recordings)."""
    return render(request, "campaign/get_involved.html", {"ways_to_act": selectors.ways_to_act()})


@cache_public_page
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "campaign/accessibility.html",
        {"accommodation_lead_days": getattr(settings, "ACCOMMODATION_LEAD_DAYS", 7)},
    )


class ContactView(PublicFormView):
    """Write to the campaign's staff; the message is kept and they are told by email."""

    form_class = ContactForm
    template_name = "campaign/contact.html"
    rate_limit_group = "contact"
    rate_limit = "10/h"

    def form_valid(self, form: ContactForm) -> HttpResponse:
        try:
            services.contact_message_submit(
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                subject=form.cleaned_data["subject"],
                message=form.cleaned_data["message"],
                language=translation.get_language(),
            )
        except AddressRefusedError as refused:
            form.add_error("email", refused.message)
            return self.form_invalid(form)
        return redirect("campaign:contact_thanks")


# The page is the same for every visitor (the cache gives each their own CSRF
# token and fill-time clock); a POST always reaches the view.
contact = cache_public_page(ContactView.as_view())


def contact_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "campaign/contact_thanks.html")
