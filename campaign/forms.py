from django import forms
from django.utils.translation import gettext_lazy as _

from campaign.models import ContactMessage
from forus.public_forms import PublicForm
from forus.validators import EmailAddressField, validate_plain_name

NAME_MAX_LENGTH = ContactMessage._meta.get_field("name").max_length
SUBJECT_MAX_LENGTH = ContactMessage._meta.get_field("subject").max_length
MESSAGE_MAX_LENGTH = ContactMessage._meta.get_field("message").max_length


def _one_line(value: str) -> str:
    return " ".join(value.split())


class ContactForm(PublicForm):
    """Write to the campaign's staff: name, email, subject and message."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        validators=[validate_plain_name],
        error_messages={"required": _("Enter your name.")},
    )
    email = EmailAddressField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We answer you at this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@example.org."),
        },
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=SUBJECT_MAX_LENGTH,
        error_messages={"required": _("Enter a subject.")},
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Enter your message.")},
    )

    def clean_name(self) -> str:
        return _one_line(self.cleaned_data["name"])

    def clean_subject(self) -> str:
        subject = _one_line(self.cleaned_data["subject"])
        if not subject:
            raise forms.ValidationError(_("Enter a subject."), code="required")
        return subject

    def clean_message(self) -> str:
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(_("Enter your message."), code="required")
        return message
