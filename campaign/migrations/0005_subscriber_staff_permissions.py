from django.db import migrations

from campaign.staff import EDITORS
from forus.staff import VIEW_CHANGE, grant_permissions


def grant(apps, schema_editor):
    # Editors see and export subscribers, unsubscribe someone who asks, and
    # erase someone entirely on request. Nobody adds a subscriber by hand.
    grant_permissions(
        apps,
        group=EDITORS,
        app_label="campaign",
        models={"subscriber": (*VIEW_CHANGE, "delete")},
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name=EDITORS).first()
    if editors:
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="campaign", content_type__model="subscriber"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0004_subscriber"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
