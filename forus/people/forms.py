from django import forms
from django.utils.translation import gettext_lazy as _

from forus.public_forms import PublicForm
from forus.validators import EmailAddressField

_EMAIL_ERRORS = {
    "required": _("Enter your email address."),
    "invalid": _("Enter an email address like name@example.org."),
}


class LinkRequestForm(PublicForm):
    """Ask for a link to "My For Us All"."""

    email = EmailAddressField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages=_EMAIL_ERRORS,
    )


class EraseConfirmForm(forms.Form):
    """The second step of "erase everything": a box that must be ticked."""

    confirm = forms.BooleanField(
        label=_("Yes, erase everything the site holds about me"),
        error_messages={"required": _("Tick the box to confirm that everything should go.")},
    )


class FindPersonForm(forms.Form):
    """Staff: the address someone asked about."""

    email = EmailAddressField(
        label=_("Email address"),
        max_length=254,
        error_messages=_EMAIL_ERRORS,
    )


class StaffEraseForm(FindPersonForm):
    confirm = forms.BooleanField(
        label=_("Yes, erase everything the site holds about this address"),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )
