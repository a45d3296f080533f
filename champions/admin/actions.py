"""What the nomination and spotlight actions share: a page to confirm, and acting on each."""

from collections.abc import Callable, Iterable

from django.contrib import admin
from django.contrib.admin import ActionLocation, helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from champions import services

BOTH_PLACES = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]
CHANGE_FORM_ACTION_FIELD = f"{ActionLocation.CHANGE_FORM.value}-action"


def action_confirmation(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    *,
    template: str,
    action: str,
    title: str,
    **context: object,
) -> TemplateResponse:
    """The page an action shows before it acts, posting back to where it came from."""
    action_field = (
        CHANGE_FORM_ACTION_FIELD if CHANGE_FORM_ACTION_FIELD in request.POST else "action"
    )
    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": title,
            "objects": queryset,
            "action": action,
            "action_field": action_field,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            **context,
        },
    )


def act_on_each[T, R](objects: Iterable[T], act: Callable[[T], R]) -> tuple[list[R], list[str]]:
    """Apply `act` to each object: what it returned, and why any object was refused."""
    results, problems = [], []
    for obj in objects:
        try:
            results.append(act(obj))
        except services.ChampionsError as error:
            problems.append(f"{obj}: {error.message}")
    return results, problems
