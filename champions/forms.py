from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaign.models import Pillar
from campaign.selectors import pillar_list
from champions import selectors
from champions.models import WORD_LIMIT, Nomination, Profession, Spotlight
from forus.images import ImageUploadField
from forus.public_forms import PublicForm
from forus.validators import EmailAddressField, validate_plain_name

DESCRIPTION_MAX_CHARACTERS = 5000
LINK_COUNT = 3
# Filled in when shown, in the language of the page.
WORD_LIMIT_HELP = lazy(lambda: gettext("Up to %(limit)s words.") % {"limit": WORD_LIMIT}, str)()
LINK_INVALID = _("Enter a whole web address, such as https://example.org/profile.")

CONSENT_WORDING = _(
    "I agree that the Social Mission Alliance may contact me about this nomination and may "
    "feature it on its website, social media accounts and blog."
)
CONSENT_HELP = _(
    "If you nominate someone else, we also ask them before we feature them. "
    "If you nominate yourself, this is your agreement to be featured."
)
DEFAULT_DECLINE_MESSAGE = _(
    "Thank you for your nomination for a Social Mission Champion feature, and for taking "
    "the time to tell us about this work. We read every nomination with care. We are not "
    "able to feature this one in the series, but we are grateful to you for sharing it, "
    "and we hope you will stay in touch with the For Us All campaign."
)


def word_count(text: str) -> int:
    """Words as the form and its live counter count them: runs of non-space."""
    return len(text.split())


class PillarChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, pillar: Pillar) -> str:
        return pillar.title


class NominationForm(PublicForm):
    """The public nomination form; the nominee's contact fields are skipped for oneself."""

    MYSELF = "myself"
    SOMEONE_ELSE = "someone_else"
    NOMINEE_FIELDS = (
        "nominee_given_name",
        "nominee_family_name",
        "nominee_email",
        "relationship",
    )

    nominator_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        widget=forms.TextInput({"autocomplete": "name"}),
        validators=[validate_plain_name],
        error_messages={"required": _("Enter your name.")},
    )
    nominator_email = EmailAddressField(
        label=_("Your email address"),
        max_length=254,
        help_text=_("We send you an acknowledgement and write to you about the nomination."),
        widget=forms.EmailInput({"autocomplete": "email"}),
        error_messages={"required": _("Enter your email address.")},
    )
    nominating = forms.ChoiceField(
        label=_("Who are you nominating?"),
        choices=[(SOMEONE_ELSE, _("Someone else")), (MYSELF, _("Myself"))],
        initial=SOMEONE_ELSE,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Say whether you are nominating someone else or yourself."),
            "invalid_choice": _("Say whether you are nominating someone else or yourself."),
        },
    )
    nominee_given_name = forms.CharField(
        label=_("Their given name (first name)"),
        max_length=60,
        required=False,
        widget=forms.TextInput,
        validators=[validate_plain_name],
        help_text=_("The name they would be featured by if they choose “first name only”."),
    )
    nominee_family_name = forms.CharField(
        label=_("Their family name (last name)"),
        max_length=60,
        required=False,
        widget=forms.TextInput,
        validators=[validate_plain_name],
        help_text=_("Leave this empty if they go by one name."),
    )
    nominee_email = EmailAddressField(
        label=_("Their email address (optional)"),
        max_length=254,
        required=False,
        help_text=_(
            "We ask the person you nominate before we feature them. Leave this empty if you "
            "do not know their address."
        ),
    )
    relationship = forms.CharField(
        label=_("Your relationship to them"),
        max_length=120,
        required=False,
        help_text=_("For example: colleague, mentor, student, patient, neighbour."),
    )
    profession = forms.ChoiceField(
        label=_("Profession"),
        choices=[("", _("Choose one")), *Profession.choices],
        error_messages={
            "required": _("Choose the champion’s profession."),
            "invalid_choice": _("Choose the champion’s profession from the list."),
        },
    )
    institution = forms.CharField(
        label=_("Institution or organisation"),
        max_length=200,
        error_messages={"required": _("Enter the institution or organisation.")},
    )
    location = forms.CharField(
        label=_("City and state"),
        max_length=120,
        help_text=_("Or city and country, outside the United States."),
        error_messages={"required": _("Enter the city and state, or city and country.")},
    )
    pillars = PillarChoiceField(
        label=_("Which of the campaign’s pillars does the work advance?"),
        queryset=Pillar.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose at least one."),
        error_messages={
            "required": _("Choose at least one pillar."),
            "invalid_choice": _("Choose pillars from the list."),
            "invalid_pk_value": _("Choose pillars from the list."),
        },
    )
    description = forms.CharField(
        label=_("What does the champion do to advance health equity?"),
        max_length=DESCRIPTION_MAX_CHARACTERS,
        help_text=WORD_LIMIT_HELP,
        widget=forms.Textarea(
            {
                "rows": 10,
                "data-word-limit": WORD_LIMIT,
                # The help says the limit: the live count says only the count.
                "data-words-left": _("Words so far: %(count)s"),
                "data-words-over": _("Words so far: %(count)s, %(over)s over the limit"),
            }
        ),
        error_messages={"required": _("Tell us what the champion does to advance health equity.")},
    )
    link_1 = forms.URLField(
        label=_("A link about the work (optional)"),
        max_length=500,
        required=False,
        help_text=_("A profile, an article, a project page. Up to three links."),
        error_messages={"invalid": LINK_INVALID},
    )
    link_2 = forms.URLField(
        label=_("Second link (optional)"),
        max_length=500,
        required=False,
        error_messages={"invalid": LINK_INVALID},
    )
    link_3 = forms.URLField(
        label=_("Third link (optional)"),
        max_length=500,
        required=False,
        error_messages={"invalid": LINK_INVALID},
    )
    photo = ImageUploadField(
        label=_("A photo of the champion (optional)"),
        help_text=_(
            "A JPEG, PNG, WebP or GIF image of at most 5 MB. We keep a copy without the "
            "information cameras store in a photo, such as where it was taken."
        ),
    )
    consent = forms.BooleanField(
        label=CONSENT_WORDING,
        help_text=CONSENT_HELP,
        error_messages={
            "required": _("Tick this box to send the nomination: we need your agreement.")
        },
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pillars"].queryset = pillar_list()

    @property
    def is_self_nomination(self) -> bool:
        return self.cleaned_data.get("nominating") == self.MYSELF

    def clean_description(self) -> str:
        description = self.cleaned_data["description"].strip()
        words = word_count(description)
        if words > WORD_LIMIT:
            raise forms.ValidationError(
                _("Keep it to %(limit)s words: it has %(count)s now."),
                code="too_many_words",
                params={"limit": WORD_LIMIT, "count": words},
            )
        return description

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if cleaned_data.get("nominating") == self.MYSELF:
            # Hidden and skipped: whatever they hold is not ours to check.
            for name in self.NOMINEE_FIELDS:
                self.errors.pop(name, None)
                cleaned_data[name] = ""
        elif cleaned_data.get("nominating") == self.SOMEONE_ELSE:
            if not cleaned_data.get("nominee_given_name", "").strip() and (
                "nominee_given_name" not in self.errors
            ):
                self.add_error(
                    "nominee_given_name",
                    _("Enter the given name of the person you are nominating."),
                )
            if not cleaned_data.get("relationship", "").strip() and "relationship" not in (
                self.errors
            ):
                self.add_error(
                    "relationship", _("Say how you know the person you are nominating.")
                )
            nominee_email = cleaned_data.get("nominee_email", "")
            if nominee_email and nominee_email.lower() == (
                cleaned_data.get("nominator_email", "").lower()
            ):
                # The nominee's consent is asked at this address: it must be theirs.
                self.add_error(
                    "nominee_email",
                    _(
                        "Enter their own email address, or leave this empty. To nominate "
                        "yourself, choose “Myself” above."
                    ),
                )
        return cleaned_data

    def nomination_fields(self) -> dict[str, object]:
        """What the nomination service takes, from a valid form."""
        data = self.cleaned_data
        return {
            "nominator_name": data["nominator_name"].strip(),
            "nominator_email": data["nominator_email"],
            "is_self_nomination": self.is_self_nomination,
            "relationship": data["relationship"].strip(),
            "nominee_given_name": " ".join(data["nominee_given_name"].split()),
            "nominee_family_name": " ".join(data["nominee_family_name"].split()),
            "nominee_email": data["nominee_email"],
            "profession": data["profession"],
            "institution": data["institution"].strip(),
            "location": data["location"].strip(),
            "pillars": list(data["pillars"]),
            "description": data["description"],
            "links": [
                data[f"link_{number}"]
                for number in range(1, LINK_COUNT + 1)
                if data.get(f"link_{number}")
            ],
            "photo": data.get("photo"),
            "consent_wording": str(CONSENT_WORDING),
        }


class NomineeConsentForm(forms.Form):
    """The nominee's answer, on the page their signed link opens."""

    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (Nomination.Consent.APPROVED, _("Yes, you may feature me")),
            (Nomination.Consent.CHANGES, _("I would like some changes first")),
            (Nomination.Consent.DECLINED, _("No, please do not feature me")),
        ],
        widget=forms.RadioSelect,
    )
    name_display = forms.ChoiceField(
        label=_("How should your name appear?"),
        choices=Nomination.NameDisplay.choices,
        initial=Nomination.NameDisplay.FULL,
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Your message (needed if you would like changes)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 5}),
        help_text=_("Tell us what you would like changed, or anything else we should know."),
    )
    # A digest of the feature as the page showed it: the answer is about that.
    shown = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: object, nomination: Nomination, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Each choice says the name exactly as it would be published.
        self.fields["name_display"].choices = [
            (
                choice,
                _("%(choice)s: “%(name)s”")
                % {"choice": label, "name": nomination.name_as(choice)},
            )
            for choice, label in Nomination.NameDisplay.choices
        ]

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if (
            cleaned_data.get("answer") == Nomination.Consent.CHANGES
            and not cleaned_data.get("message", "").strip()
        ):
            self.add_error("message", _("Tell us which changes you would like."))
        return cleaned_data

    @property
    def answer_wording(self) -> str:
        """The answer and name choice as the page showed them, for the consent history."""
        chosen = []
        for name in ("answer", "name_display"):
            labels = dict(self.fields[name].choices)
            if self.cleaned_data.get(name) in labels:
                chosen.append(f"{self.fields[name].label} {labels[self.cleaned_data[name]]}")
        return "\n".join(chosen)


# --- Admin ---------------------------------------------------------------------


class NominationAdminForm(forms.ModelForm):
    """What staff may correct on a nomination; a nominee's address is checked as the public's."""

    nominee_email = EmailAddressField(
        label=_("nominee’s email"),
        required=False,
        help_text=_(
            "Correct an address the nominee cannot receive email at; the consent "
            "request goes to it when the nomination is approved."
        ),
    )

    class Meta:
        model = Nomination
        fields = [
            "staff_notes",
            "nominee_given_name",
            "nominee_family_name",
            "name_split_guessed",
            "nominee_email",
        ]

    def clean_nominee_email(self) -> str:
        address = self.cleaned_data["nominee_email"]
        if address and self.instance.is_self_nomination:
            raise forms.ValidationError(
                _("A self-nomination has no nominee’s address: the nominator is the nominee.")
            )
        return address


class DeclineForm(forms.Form):
    """The page a bulk "decline" action shows before it acts."""

    send_message = forms.BooleanField(
        label=_("Email this message to each nominator"), required=False
    )
    message = forms.CharField(
        label=_("Message"),
        initial=DEFAULT_DECLINE_MESSAGE,
        required=False,
        max_length=4000,
        widget=forms.Textarea({"rows": 8, "cols": 80}),
        help_text=_("Each email starts with the nominator’s name. Edit the words as you like."),
    )

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if cleaned_data.get("send_message") and not cleaned_data.get("message", "").strip():
            self.add_error("message", _("Write the message to send, or untick the box."))
        return cleaned_data


class PublishForm(forms.Form):
    notify_nominator = forms.BooleanField(
        label=_("Email the nominator a link to the published spotlight"), required=False
    )


class SpotlightAdminForm(forms.ModelForm):
    """Staff's spotlight editor; a new photo is decoded and re-encoded like the public's."""

    new_photo = ImageUploadField(
        label=_("New photo"),
        help_text=_(
            "A JPEG, PNG, WebP or GIF image of at most 5 MB; it replaces the current photo. "
            "It is re-encoded without its metadata."
        ),
    )
    remove_photo = forms.BooleanField(label=_("Remove the current photo"), required=False)

    class Meta:
        model = Spotlight
        fields = [
            "title",
            "slug",
            "champion_name",
            "credentials",
            "affiliation",
            "summary",
            "body",
            "photo_alt",
            "photo_alt_es",
            "pillars",
            "published_at",
        ]
        widgets = {"pillars": forms.CheckboxSelectMultiple}

    def _post_clean(self) -> None:
        super()._post_clean()
        # A published spotlight's edit goes live at once: it may show only
        # what its nominee agreed to.
        spotlight = self.instance
        if spotlight.pk is None or not spotlight.is_published or spotlight.nomination is None:
            return
        problems = selectors.spotlight_publish_problems(spotlight=spotlight)
        new_photo = self.cleaned_data.get("new_photo") is not None
        if spotlight.nomination.consent_is_asked_by_email and (
            new_photo or self.cleaned_data.get("remove_photo")
        ):
            problems.append(_("The nominee approved the feature with its current photo."))
        for problem in problems:
            self.add_error(
                None,
                _(
                    "This spotlight is published, and the change cannot go live: %(problem)s "
                    "Return it to draft to change it."
                )
                % {"problem": problem},
            )

    def clean(self) -> dict:
        cleaned_data = super().clean()
        has_photo = cleaned_data.get("new_photo") is not None or (
            self.instance.photo and not cleaned_data.get("remove_photo")
        )
        if has_photo and not cleaned_data.get("photo_alt", "").strip():
            self.add_error("photo_alt", _("Describe the photo for people who cannot see it."))
        return cleaned_data
