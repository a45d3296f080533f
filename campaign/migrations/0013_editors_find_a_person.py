from django.db import migrations

from campaign.staff import EDITORS
from forus.staff import grant_permissions


def grant(apps, schema_editor):
    # Editors already answer people's requests about the newsletter; they
    # find a person across the site, export and erase on request.
    grant_permissions(apps, group=EDITORS, app_label="people", models={"person": ("find",)})


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name=EDITORS).first()
    if editors:
        editors.permissions.remove(
            *Permission.objects.filter(content_type__app_label="people", codename="find_person")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0012_subscriber_moved_to_newsletter"),
        ("people", "0001_person_links_and_audit"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
