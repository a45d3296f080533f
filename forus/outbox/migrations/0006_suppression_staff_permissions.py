from django.db import migrations

from forus.staff import VIEW_CHANGE, grant_permissions

# The staff groups as the campaign, webinars and champions apps name them.
STAFF_GROUPS = ("Editors", "Event coordinators", "Moderators")


def grant(apps, schema_editor):
    # Every staff member can see which addresses are suppressed, and lift one.
    for group in STAFF_GROUPS:
        grant_permissions(
            apps, group=group, app_label="outbox", models={"suppression": VIEW_CHANGE}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0005_delivery_reports_and_suppressions"),
        ("outbox", "0002_staff_permissions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
