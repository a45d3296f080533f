"""What every admin page for translated campaign content shares."""

from collections.abc import Iterable

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from modeltranslation.translator import translator

from forus.images import (
    ImageUploadField,
    image_delete_after_commit,
    image_renditions_names,
    staff_image_replace,
)
from forus.models import SpanishReview, StaffImage


def spanish_status(content: SpanishReview) -> str:
    """No Spanish yet, awaiting review, or checked: what staff need to know."""
    fields = translator.get_options_for_model(type(content)).fields
    if not any(getattr(content, f"{field}_es", None) for field in fields):
        return str(_("No Spanish yet"))
    if not content.spanish_reviewed:
        return str(_("Awaiting review"))
    return str(_("Checked"))


class TranslatedContentAdmin(TranslationAdmin):
    """A field per language for the translated text, and the Spanish text's status."""

    @admin.display(description=_("Spanish"))
    def spanish(self, content: SpanishReview) -> str:
        return spanish_status(content)


def report_outcomes(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    *,
    done: Iterable[str] = (),
    problems: Iterable[str] = (),
) -> None:
    """Tell staff what an action did (as successes) and why anything was refused (as errors)."""
    for message in done:
        model_admin.message_user(request, message, messages.SUCCESS)
    for problem in problems:
        model_admin.message_user(request, problem, messages.ERROR)


class StaffImageForm(forms.ModelForm):
    """The upload, removal and descriptions of a `StaffImage`; the image is decoded and
    re-encoded like every upload (`forus.images`).
    """

    new_image = ImageUploadField(
        label=_("New image"),
        help_text=_(
            "A JPEG, PNG, WebP or GIF image of at most 5 MB, at least 1600 pixels wide for "
            "the sharpest result; it is cropped to 16:9 around its centre and replaces the "
            "current image."
        ),
    )
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # What is stored now, whose files go once the change is saved.
        self.stored_image = dict(self.instance.image or {})

    def clean(self) -> dict:
        cleaned_data = super().clean()
        removing = cleaned_data.get("remove_image") and cleaned_data.get("new_image") is None
        has_image = cleaned_data.get("new_image") is not None or (
            self.instance.image and not removing
        )
        if has_image and not cleaned_data.get("image_alt", "").strip():
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        if removing:
            # The database wants a description with every image: without
            # one, the row must lose its image in the same save.
            self.instance.image = {}
        return cleaned_data


class StaffImageAdmin(admin.ModelAdmin):
    """Admin for a model with `StaffImage` fields; set `image_prefix` (where the files
    go) and `image_open_graph` (whether a social card is made).
    """

    form = StaffImageForm
    image_prefix = ""
    image_open_graph = False
    image_fields = ("current_image", "new_image", "remove_image", "image_alt", "image_alt_es")

    @admin.display(description=_("current image"))
    def current_image(self, content: StaffImage) -> str:
        sources = (content.image or {}).get("sources")
        if not sources:
            return "-"
        return format_html(
            '<img src="{}" alt="{}" class="staff-image-preview">',
            content.image_url(sources[0]["jpg"]),
            content.image_alt,
        )

    def save_model(
        self, request: HttpRequest, obj: StaffImage, form: forms.ModelForm, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        image = form.cleaned_data.get("new_image")
        if image is not None:
            obj.image = form.stored_image
            staff_image_replace(
                obj, image=image, prefix=self.image_prefix, open_graph=self.image_open_graph
            )
        elif form.stored_image and not obj.image:
            image_delete_after_commit(*image_renditions_names(form.stored_image))
