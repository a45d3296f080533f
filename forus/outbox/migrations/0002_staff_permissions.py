from django.db import migrations

from forus.staff import EDITORS, EVENT_COORDINATORS, MODERATORS, VIEW_CHANGE, grant_permissions


def grant(apps, schema_editor):
    # Every staff member can see whether their emails went out, and resend.
    for group in (EDITORS, EVENT_COORDINATORS, MODERATORS):
        grant_permissions(
            apps, group=group, app_label="outbox", models={"outboundemail": VIEW_CHANGE}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0001_initial"),
        ("campaign", "0003_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
