"""What a staff group may do on some models, as `{model: {actions}}`, read from the database."""

from django.contrib.auth.models import Permission


def granted(*, group: str, app_label: str, models: list[str]) -> dict[str, set[str]]:
    codenames = Permission.objects.filter(
        group__name=group, content_type__app_label=app_label, content_type__model__in=models
    ).values_list("content_type__model", "codename")
    actions: dict[str, set[str]] = {}
    for model, codename in codenames:
        actions.setdefault(model, set()).add(codename.removesuffix(f"_{model}"))
    return actions


def declared(permissions: dict[str, tuple[str, ...]]) -> dict[str, set[str]]:
    return {model: set(actions) for model, actions in permissions.items()}
