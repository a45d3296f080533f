from django import template

from campaign.newsletter.forms import SubscriberForm
from campaign.newsletter.models import Subscriber
from forus.public_forms import SWITCH_LANGUAGE, typed_values

register = template.Library()


@register.inclusion_tag("newsletter/includes/signup_form.html", takes_context=True)
def newsletter_signup_form(context: template.Context) -> dict[str, object]:
    """The home page's signup form; after a language switch, with what was typed in it."""
    request = context["request"]
    initial = {"source": Subscriber.Source.HOME_PAGE}
    if request.method == "POST" and SWITCH_LANGUAGE in request.POST:
        initial |= typed_values(SubscriberForm(request.POST))
    return {
        "form": SubscriberForm(initial=initial),
        "public_form_id": context.get("public_form_id"),
    }
