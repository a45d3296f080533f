from django.db import migrations

from champions.staff import MODERATORS
from forus.staff import VIEW_CHANGE, grant_permissions


def grant_moderators(apps, schema_editor):
    # Moderators read and move nominations, and turn approved ones into
    # spotlights they edit and publish; they get nothing on campaign content.
    grant_permissions(
        apps,
        group=MODERATORS,
        app_label="champions",
        models={
            "nomination": VIEW_CHANGE,
            "nominationstatuschange": ("view",),
            "spotlight": ("view", "add", "change"),
        },
    )


def revoke_moderators(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=MODERATORS).first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="champions"))


class Migration(migrations.Migration):
    dependencies = [
        ("champions", "0001_initial"),
        ("campaign", "0003_staff_groups"),
    ]

    operations = [migrations.RunPython(grant_moderators, revoke_moderators)]
