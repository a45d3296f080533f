"""What every admin page for translated campaign content shares."""

from collections.abc import Iterable

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from modeltranslation.translator import translator

from forus.models import SpanishReview


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
