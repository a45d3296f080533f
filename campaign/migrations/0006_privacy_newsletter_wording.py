"""Say on the privacy page exactly what is kept after someone unsubscribes.

Unsubscribing keeps the address, the date and the record of the consent
given (when, and to which words), so that the person is never emailed again
and the campaign can show it only ever emailed them with their consent. The
page said "only your address and the date". Staff may have edited the page
since: the sentence is replaced only where it still stands as first written.
"""

from django.db import migrations

FIRST_WRITTEN = (
    "After that we keep only your address and the date you left, so that we never email you again."
)
NOW = (
    "After that we keep your address, the date you left and the record of your consent "
    "(when you gave it, and to which words), so that we never email you again and can "
    "show that we only ever emailed you with your agreement."
)


def update_wording(apps, schema_editor):
    Page = apps.get_model("campaign", "Page")
    for page in Page.objects.filter(slug="privacy", body__contains=FIRST_WRITTEN):
        page.body = page.body.replace(FIRST_WRITTEN, NOW)
        page.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("campaign", "0005_subscriber_staff_permissions")]

    operations = [migrations.RunPython(update_wording, migrations.RunPython.noop)]
