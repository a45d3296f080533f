"""Point the outbox's stored newsletter emails at the templates' new home.

The templates moved from campaign/email/subscriber_<name> to
newsletter/email/<name>; rows queued before keep rendering (a retry) and
group under the newsletter in the outbox's admin. Every row is kept.
"""

from django.db import migrations

RENAMED = {
    "campaign/email/subscriber_confirm": "newsletter/email/confirm",
    "campaign/email/subscriber_welcome": "newsletter/email/welcome",
}


def rename(apps, schema_editor, *, names: dict[str, str]) -> None:
    OutboundEmail = apps.get_model("outbox", "OutboundEmail")
    for old, new in names.items():
        OutboundEmail.objects.filter(template=old).update(template=new)


def forwards(apps, schema_editor):
    rename(apps, schema_editor, names=RENAMED)


def backwards(apps, schema_editor):
    rename(apps, schema_editor, names={new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0001_subscriber_from_campaign"),
        ("outbox", "0003_not_after"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
