from django.db import migrations

from forus.staff import ALL_ACTIONS, grant_permissions
from webinars.staff import EVENT_COORDINATORS


def grant_event_coordinators(apps, schema_editor):
    grant_permissions(
        apps,
        group=EVENT_COORDINATORS,
        app_label="webinars",
        models={
            "webinar": ALL_ACTIONS,
            "speaker": ALL_ACTIONS,
            # Registrations come from the public form only; staff see,
            # cancel, export and (on request) delete them.
            "registration": ("view", "change", "delete"),
        },
    )


def revoke_event_coordinators(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=EVENT_COORDINATORS).first()
    if group:
        group.permissions.remove(
            *apps.get_model("auth", "Permission").objects.filter(
                content_type__app_label="webinars"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("webinars", "0002_past_webinars"),
        ("campaign", "0003_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_event_coordinators, revoke_event_coordinators)]
