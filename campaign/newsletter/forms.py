from django import forms
from django.utils.translation import gettext_lazy as _

from campaign.newsletter.models import Subscriber
from campaign.newsletter.services import NAME_MAX_LENGTH
from forus.public_forms import PublicForm
from forus.validators import EmailAddressField, validate_plain_name

# Shown next to the form's button, and stored word for word, in the language
# shown, with each subscriber.
CONSENT_WORDING = _(
    "By signing up, you agree that the Social Mission Alliance may email you "
    "Health Advocate Insights, with information regarding the For Us All campaign. "
    "We will ask you to confirm your address first, and every email lets you "
    "unsubscribe in one click."
)
# Where the public form may say it was sent from; anything else counts as the
# newsletter page.
FORM_SOURCES = {Subscriber.Source.HOME_PAGE, Subscriber.Source.NEWSLETTER_PAGE}


class SubscriberForm(PublicForm):
    """Sign up for Health Advocate Insights, on its own page and on the home page."""

    email = EmailAddressField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@example.org."),
        },
    )
    name = forms.CharField(
        label=_("Your name (optional)"),
        required=False,
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        validators=[validate_plain_name],
    )
    source = forms.CharField(required=False, widget=forms.HiddenInput)

    @property
    def consent_wording(self) -> str:
        """The consent wording in the language of this request, as shown and as stored."""
        return str(CONSENT_WORDING)

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_source(self) -> str:
        source = self.cleaned_data["source"]
        if source in FORM_SOURCES:
            return source
        return Subscriber.Source.NEWSLETTER_PAGE
