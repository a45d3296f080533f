import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Shared speakers and the archive's fields: the new tables and columns, added first.

    The speakers' old per-webinar rows keep their webinar (now optional) until
    0014 has moved them into shared records and 0015 drops it.
    """

    dependencies = [
        ("webinars", "0015_registration_email_problem"),
    ]

    operations = [
        migrations.AlterField(
            model_name="speaker",
            name="webinar",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="speakers",
                to="webinars.webinar",
                verbose_name="webinar",
            ),
        ),
        migrations.AddField(
            model_name="speaker",
            name="affiliation_en",
            field=models.CharField(
                blank=True, max_length=300, null=True, verbose_name="affiliation"
            ),
        ),
        migrations.AddField(
            model_name="speaker",
            name="affiliation_es",
            field=models.CharField(
                blank=True, max_length=300, null=True, verbose_name="affiliation"
            ),
        ),
        migrations.AddField(
            model_name="speaker",
            name="credentials_en",
            field=models.CharField(
                blank=True,
                help_text="Such as MD, MPH.",
                max_length=120,
                null=True,
                verbose_name="credentials",
            ),
        ),
        migrations.AddField(
            model_name="speaker",
            name="credentials_es",
            field=models.CharField(
                blank=True,
                help_text="Such as MD, MPH.",
                max_length=120,
                null=True,
                verbose_name="credentials",
            ),
        ),
        migrations.AddField(
            model_name="webinar",
            name="slides_url",
            field=models.URLField(
                blank=True,
                help_text="Shown on the page and in the archive once the webinar is over.",
                max_length=500,
                verbose_name="slides link",
            ),
        ),
        migrations.AddField(
            model_name="webinar",
            name="transcript",
            field=models.TextField(
                blank=True,
                help_text="The words of the recording, as plain text; shown on the page once the webinar is over.",
                verbose_name="transcript",
            ),
        ),
        migrations.AddField(
            model_name="webinar",
            name="transcript_file",
            field=models.FileField(
                blank=True,
                editable=False,
                max_length=200,
                upload_to="",
                verbose_name="transcript or captions file",
            ),
        ),
        migrations.CreateModel(
            name="WebinarResource",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("title_en", models.CharField(max_length=200, null=True, verbose_name="title")),
                ("title_es", models.CharField(max_length=200, null=True, verbose_name="title")),
                ("url", models.URLField(max_length=500, verbose_name="link")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                (
                    "webinar",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="resources",
                        to="webinars.webinar",
                        verbose_name="webinar",
                    ),
                ),
            ],
            options={
                "verbose_name": "resource",
                "verbose_name_plural": "resources",
                "ordering": ["order", "pk"],
            },
        ),
        migrations.CreateModel(
            name="WebinarSpeaker",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[("speaker", "Speaker"), ("moderator", "Moderator")],
                        default="speaker",
                        max_length=10,
                        verbose_name="role",
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                (
                    "speaker",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="appearances",
                        to="webinars.speaker",
                        verbose_name="speaker",
                    ),
                ),
                (
                    "webinar",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="speaker_appearances",
                        to="webinars.webinar",
                        verbose_name="webinar",
                    ),
                ),
            ],
            options={
                "verbose_name": "speaker of the webinar",
                "verbose_name_plural": "speakers of the webinar",
                "ordering": ["order", "pk"],
            },
        ),
        migrations.AddConstraint(
            model_name="webinarspeaker",
            constraint=models.UniqueConstraint(
                fields=("webinar", "speaker"), name="webinar_speaker_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="webinarspeaker",
            constraint=models.CheckConstraint(
                condition=models.Q(("role__in", ["speaker", "moderator"])),
                name="webinar_speaker_role_valid",
            ),
        ),
    ]
