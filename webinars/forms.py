import re

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from campaign.newsletter.services import OPT_IN_WORDING
from forus.public_forms import PublicForm
from forus.validators import EmailAddressField, validate_plain_name
from webinars.models import AccommodationRequest, Registration
from webinars.transcripts import TranscriptUpload, transcript_check

SOURCE_CODE = re.compile(r"[A-Za-z0-9._-]{1,64}")


def clean_source_code(value: str | None) -> str:
    """A ?source= code as staff write them (letters, digits, . _ -); anything else is dropped."""
    value = (value or "").strip()
    return value if SOURCE_CODE.fullmatch(value) else ""


class RegistrationForm(PublicForm):
    """The webinar registration form: who is coming, and what they need from us."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={"required": _("Enter your first name.")},
        validators=[validate_plain_name],
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        error_messages={"required": _("Enter your last name.")},
        validators=[validate_plain_name],
    )
    email = EmailAddressField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We send the link to join, reminders and the recording here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@example.org."),
        },
    )
    organisation = forms.CharField(
        label=_("Organisation (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    role = forms.ChoiceField(
        label=_("Which describes you best?"),
        choices=Registration.Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the one that describes you best.")},
    )
    question = forms.CharField(
        label=_("A question for the panel (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Up to 2,000 characters."),
    )
    # Rendered as a fieldset whose legend is the label (crispy's checkbox group).
    accommodation_needs = forms.MultipleChoiceField(
        label=_("Accessibility accommodations (optional)"),
        choices=AccommodationRequest.Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick what you need to take part. We arrange it before the webinar."),
        error_messages={
            "invalid_choice": _("Choose from the accommodations listed."),
            "invalid_list": _("Choose from the accommodations listed."),
        },
    )
    accommodations = forms.CharField(
        label=_("Anything else we should arrange, or more about what you need (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Up to 1,000 characters."),
    )
    newsletter_opt_in = forms.BooleanField(label=OPT_IN_WORDING, required=False)
    # Filled by a small script with the browser's zone; registration_create
    # falls back to Eastern Time for a missing or unknown one.
    time_zone = forms.CharField(required=False, widget=forms.HiddenInput)
    # The ?source= code of the link the person followed. Neither hidden field
    # ever shows an error: a source that is not valid is dropped in clean.
    source = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_source(self) -> str:
        return clean_source_code(self.cleaned_data.get("source"))

    def clean_accommodation_needs(self) -> list[str]:
        """Each need once, in the order the form lists them."""
        chosen = set(self.cleaned_data.get("accommodation_needs") or ())
        return [need for need in AccommodationRequest.Need.values if need in chosen]

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if (
            AccommodationRequest.Need.OTHER in (cleaned_data.get("accommodation_needs") or ())
            and not (cleaned_data.get("accommodations") or "").strip()
        ):
            self.add_error(
                "accommodations", _("Tell us what else you need, so that we can arrange it.")
            )
        return cleaned_data


class TranscriptUploadField(forms.FileField):
    """An optional transcript or captions file; its cleaned value is a TranscriptUpload or None."""

    widget = forms.FileInput({"accept": ".vtt,.txt,.pdf,text/vtt,text/plain,application/pdf"})

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault(
            "help_text",
            _(
                "A WebVTT captions file (.vtt), a text file (.txt) or a PDF (.pdf) of at most "
                "2 MB; it replaces the current file."
            ),
        )
        super().__init__(required=False, **kwargs)

    def clean(self, data: UploadedFile | None, initial: object = None) -> TranscriptUpload | None:
        upload = super().clean(data, initial)
        if not upload:
            return None
        return transcript_check(upload)
