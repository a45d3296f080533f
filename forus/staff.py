"""Granting a staff group its permissions; each app names its own group (`<app>/staff.py`)."""

from django.apps.registry import Apps

VIEW_CHANGE = ("view", "change")
ALL_ACTIONS = ("view", "add", "change", "delete")


def grant_permissions(
    apps: Apps,
    *,
    group: str,
    app_label: str,
    models: dict[str, tuple[str, ...]],
) -> None:
    """Give a staff group these actions on these models, creating both as needed.

    Django makes permissions after `migrate` has run every migration, so a
    fresh database has none yet; make them here first.
    """
    from django.contrib.auth.management import create_permissions  # noqa: PLC0415

    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model, actions in models.items() for action in actions]
    permissions = list(
        permission_model.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )
    if len(permissions) != len(codenames):
        raise LookupError(f"Missing permissions for {app_label}: {codenames}")
    staff_group, _ = group_model.objects.get_or_create(name=group)
    staff_group.permissions.add(*permissions)
