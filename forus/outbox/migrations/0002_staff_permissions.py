from django.db import migrations

from forus.staff import VIEW_CHANGE, grant_permissions

# The staff groups as the campaign, webinars and champions apps name them.
STAFF_GROUPS = ("Editors", "Event coordinators", "Moderators")


def grant(apps, schema_editor):
    # Every staff member can see whether their emails went out, and resend.
    for group in STAFF_GROUPS:
        grant_permissions(
            apps, group=group, app_label="outbox", models={"outboundemail": VIEW_CHANGE}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0001_initial"),
        ("campaign", "0003_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
