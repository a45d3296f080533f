"""The newsletter's pages: signup, double opt-in confirmation, one-click unsubscribe."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from campaign.newsletter import selectors, services, tokens
from campaign.newsletter.forms import SubscriberForm
from campaign.newsletter.models import Subscriber
from forus.pagecache import cache_public_page
from forus.public_forms import RATE_LIMITED, PublicFormView, rate_limited
from forus.validators import AddressRefusedError


class NewsletterSignupView(PublicFormView):
    """The "Stay Updated" page; the home page's form posts here too."""

    form_class = SubscriberForm
    template_name = "newsletter/signup.html"
    # Counts sends of the form and requests for a new confirmation link, per
    # client address; each address also gets at most one confirmation an hour.
    rate_limit_group = "newsletter-signup"
    rate_limit = "20/h"
    initial = {"source": Subscriber.Source.NEWSLETTER_PAGE}

    def form_valid(self, form: SubscriberForm) -> HttpResponse:
        try:
            services.subscriber_request(
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                source=form.cleaned_data["source"],
                language=translation.get_language(),
                consent_wording=form.consent_wording,
            )
        except AddressRefusedError as refused:
            form.add_error("email", refused.message)
            return self.form_invalid(form)
        # The same answer whether the address was new, pending, confirmed or
        # unsubscribed: the page never tells anyone who is on the list.
        return redirect("newsletter:check_inbox")


# The page is the same for every visitor (the cache gives each their own CSRF
# token and fill-time clock); a POST always reaches the view.
signup = cache_public_page(NewsletterSignupView.as_view())


def check_inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletter/check_inbox.html")


def confirmed(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletter/confirmed.html")


def unsubscribed(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletter/unsubscribed.html")


def _link_invalid(request: HttpRequest, *, purpose: str) -> HttpResponse:
    return render(request, "newsletter/link_invalid.html", {"purpose": purpose}, status=400)


def _expired_context(token: str) -> dict[str, object]:
    return {"token": token, "link_days": tokens.CONFIRMATION_LINK_LIFETIME.days}


def _confirm_page(
    request: HttpRequest, subscriber: Subscriber | None, *, pressed: bool
) -> HttpResponse:
    """What a genuine confirmation link leads to, before or after its button is pressed."""
    if subscriber is None:
        return _link_invalid(request, purpose="confirm")
    if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        return render(request, "newsletter/confirm_outdated.html", status=410)
    if pressed:
        return redirect("newsletter:confirmed")
    if subscriber.status == Subscriber.Status.CONFIRMED:
        return render(request, "newsletter/confirmed.html")
    return render(request, "newsletter/confirm.html", {"subscriber": subscriber})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows one button (mail scanners open links); POST confirms."""
    try:
        subscriber_id = tokens.subscriber_id_to_confirm(token)
    except tokens.LinkExpired:
        return render(request, "newsletter/link_expired.html", _expired_context(token), status=410)
    except tokens.LinkInvalid:
        return _link_invalid(request, purpose="confirm")

    if request.method == "POST":
        subscriber = services.subscriber_confirm(subscriber_id=subscriber_id)
        return _confirm_page(request, subscriber, pressed=True)
    return _confirm_page(request, selectors.subscriber_by_id(subscriber_id), pressed=False)


@never_cache
@require_POST
def confirm_resend(request: HttpRequest, token: str) -> HttpResponse:
    """Send a new confirmation link in place of an expired one."""
    if rate_limited(
        request,
        group=NewsletterSignupView.rate_limit_group,
        rate=NewsletterSignupView.rate_limit,
    ):
        return render(
            request,
            "newsletter/link_expired.html",
            {**_expired_context(token), "rate_limited_message": RATE_LIMITED},
            status=429,
        )
    try:
        subscriber_id = tokens.subscriber_id_from_any_confirmation_link(token)
    except tokens.LinkInvalid:
        return _link_invalid(request, purpose="confirm")
    services.subscriber_confirmation_resend(subscriber_id=subscriber_id)
    return redirect("newsletter:check_inbox")


# RFC 8058: a mail program's one-click unsubscribe is a bare POST with no
# cookie and no CSRF token. The signed token in the URL is the protection.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows one button; POST (the button, or a mail program's one click) unsubscribes."""
    try:
        subscriber_id = tokens.subscriber_id_to_unsubscribe(token)
    except tokens.LinkInvalid:
        return _link_invalid(request, purpose="unsubscribe")

    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        services.subscriber_unsubscribe(
            subscriber_id=subscriber_id,
            channel=services.Channel.MAIL_PROGRAM if one_click else services.Channel.EMAIL_LINK,
        )
        if one_click:
            return render(request, "newsletter/unsubscribed.html")
        return redirect("newsletter:unsubscribed")

    subscriber = selectors.subscriber_by_id(subscriber_id)
    if subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        return render(request, "newsletter/unsubscribed.html")
    return render(request, "newsletter/unsubscribe.html", {"subscriber": subscriber})
