"""The Subscriber model now lives in the newsletter app, which took over its table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0011_subscriber_email_normalised"),
        ("newsletter", "0001_subscriber_from_campaign"),
    ]

    operations = [
        # The table stays: the newsletter app's first migration adopted it.
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Subscriber")],
        ),
    ]
