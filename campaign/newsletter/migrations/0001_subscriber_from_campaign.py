"""Move the Subscriber model, with every row, from campaign to its own newsletter app.

The table is kept as it is (its rows, constraints and id sequence) and only
renamed at the end; no row is copied. The content type moves with it, so
the permissions that point at it, and every group's and user's rights to
subscribers (the Editors group's among them), stay exactly as they were.
"""

import django.db.models.functions.text
from django.db import migrations, models


def content_type_move(apps, schema_editor, *, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    moving = ContentType.objects.using(db).filter(app_label=old, model="subscriber")
    if not moving.exists():
        return  # a fresh database: post_migrate creates it later
    # One made meanwhile for the new label (never granted to anyone) would
    # stand in the way of the one every permission points at.
    ContentType.objects.using(db).filter(app_label=new, model="subscriber").delete()
    moving.update(app_label=new)


def forwards(apps, schema_editor):
    content_type_move(apps, schema_editor, old="campaign", new="newsletter")


def backwards(apps, schema_editor):
    content_type_move(apps, schema_editor, old="newsletter", new="campaign")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("campaign", "0011_subscriber_email_normalised"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Subscriber",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("email", models.EmailField(max_length=254, verbose_name="email address")),
                        (
                            "name",
                            models.CharField(blank=True, max_length=120, verbose_name="name"),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Waiting for confirmation"),
                                    ("confirmed", "Confirmed"),
                                    ("unsubscribed", "Unsubscribed"),
                                ],
                                default="pending",
                                max_length=12,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "source",
                            models.CharField(
                                choices=[
                                    ("home_page", "Home page"),
                                    ("newsletter_page", "Newsletter page"),
                                    ("webinar_registration", "Webinar registration"),
                                ],
                                default="newsletter_page",
                                max_length=20,
                                verbose_name="signed up on",
                            ),
                        ),
                        (
                            "language",
                            models.CharField(
                                help_text="The language of the emails they get.",
                                max_length=8,
                                verbose_name="language",
                            ),
                        ),
                        (
                            "consent_wording",
                            models.TextField(
                                help_text="The words they agreed to, as they were shown.",
                                verbose_name="consent wording",
                            ),
                        ),
                        ("consented_at", models.DateTimeField(verbose_name="consent given")),
                        (
                            "confirmation_sent_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="confirmation email last sent"
                            ),
                        ),
                        (
                            "confirmed_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="confirmed"),
                        ),
                        (
                            "unsubscribed_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="unsubscribed"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, verbose_name="first signed up"
                            ),
                        ),
                    ],
                    options={
                        "db_table": "campaign_subscriber",
                        "verbose_name": "subscriber",
                        "verbose_name_plural": "subscribers",
                        "ordering": ["-created_at"],
                        "constraints": [
                            models.UniqueConstraint(
                                django.db.models.functions.text.Lower("email"),
                                name="subscriber_email_unique_ci",
                                violation_error_message="This address is already on the list.",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("status__in", ["pending", "confirmed", "unsubscribed"])
                                ),
                                name="subscriber_status_valid",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    (
                                        "source__in",
                                        ["home_page", "newsletter_page", "webinar_registration"],
                                    )
                                ),
                                name="subscriber_source_valid",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("consent_wording", ""), _negated=True),
                                name="subscriber_consent_recorded",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("status", "confirmed"), _negated=True),
                                    ("confirmed_at__isnull", False),
                                    _connector="OR",
                                ),
                                name="subscriber_confirmed_has_time",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("status", "unsubscribed"), _negated=True),
                                    ("unsubscribed_at__isnull", False),
                                    _connector="OR",
                                ),
                                name="subscriber_unsubscribed_has_time",
                            ),
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AlterModelTable(name="subscriber", table=None),
    ]
