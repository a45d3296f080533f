from django.db import migrations, models

from forus.staff import ALL_ACTIONS, grant_permissions
from webinars.staff import EVENT_COORDINATORS


def grant_event_coordinators(apps, schema_editor):
    """Event coordinators attach speakers to webinars and list a past webinar's resources."""
    grant_permissions(
        apps,
        group=EVENT_COORDINATORS,
        app_label="webinars",
        models={"webinarspeaker": ALL_ACTIONS, "webinarresource": ALL_ACTIONS},
    )


class Migration(migrations.Migration):
    """Speakers no longer belong to one webinar: they appear in webinars through WebinarSpeaker."""

    dependencies = [
        ("webinars", "0017_speakers_merged_into_shared_records"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="speaker",
            options={
                "ordering": ["name", "pk"],
                "verbose_name": "speaker",
                "verbose_name_plural": "speakers",
            },
        ),
        migrations.RemoveField(
            model_name="speaker",
            name="order",
        ),
        migrations.RemoveField(
            model_name="speaker",
            name="role",
        ),
        migrations.RemoveField(
            model_name="speaker",
            name="webinar",
        ),
        migrations.AddField(
            model_name="webinar",
            name="speakers",
            field=models.ManyToManyField(
                blank=True,
                related_name="webinars",
                through="webinars.WebinarSpeaker",
                to="webinars.speaker",
                verbose_name="speakers",
            ),
        ),
        migrations.RunPython(grant_event_coordinators, migrations.RunPython.noop),
    ]
