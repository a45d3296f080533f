from django.db import migrations, models

# Where each app kept its email templates before the rows recorded the app;
# the newsletter's emails were under campaign/ and are the newsletter app's
# (whether or not its own migration has renamed them to newsletter/ yet).
APP_OF_TEMPLATE_PREFIX = {
    "campaign/": "newsletter",
    "newsletter/": "newsletter",
    "webinars/": "webinars",
    "champions/": "champions",
    "outbox/": "outbox",
}


def label_rows(apps, schema_editor):
    OutboundEmail = apps.get_model("outbox", "OutboundEmail")
    for prefix, app_label in APP_OF_TEMPLATE_PREFIX.items():
        OutboundEmail.objects.filter(template__startswith=prefix).update(app_label=app_label)


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0003_not_after"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboundemail",
            name="app_label",
            field=models.CharField(
                blank=True,
                help_text="The app that queued it; who may read it depends on that app.",
                max_length=100,
                verbose_name="app",
            ),
        ),
        migrations.RunPython(label_rows, migrations.RunPython.noop),
    ]
