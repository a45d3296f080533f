"""Let the privacy page's own list state every retention rule, with the site's numbers.

The page now lists each rule below the staff's text, with the numbers the
site applies (campaign/privacy.html). The body's sentences that said the
same with fixed numbers (0010), or that registrations and nominations are
kept while the campaign runs, give way to a pointer to that list, in
English and in Spanish, wherever they still stand as written: staff may
have rewritten the page since.
"""

from django.db import migrations

ENGLISH = {
    (
        "can show that we only ever emailed you with your agreement.\n"
        "- A newsletter signup that is never confirmed is deleted 30 days after the last "
        "confirmation email we sent for it.\n"
        "- Copies of the emails the site sends you are deleted 90 days after they are sent.\n"
    ): "can show that we only ever emailed you with your agreement.\n",
    (
        "- Webinar registrations and nominations are kept while the campaign runs its "
        "webinars and its Champion Spotlight series, unless you ask us to delete them "
        "sooner.\n"
    ): (
        "- Everything else is kept for the times listed below, under “How long each kind "
        "of record is kept”, unless you ask us to delete it sooner.\n"
    ),
}
REPLACEMENTS = {
    # `body` is the column behind the English text too (django-modeltranslation).
    "body": ENGLISH,
    "body_en": ENGLISH,
    "body_es": {
        (
            "solo le enviamos correos electrónicos con su acuerdo.\n"
            "- Una suscripción al boletín que nunca se confirma se elimina 30 días después del "
            "último correo electrónico de confirmación que enviamos para ella.\n"
            "- Las copias de los correos electrónicos que el sitio le envía se eliminan 90 días "
            "después de enviarse.\n"
        ): "solo le enviamos correos electrónicos con su acuerdo.\n",
        (
            "- Las inscripciones a seminarios web y las nominaciones se conservan mientras la "
            "campaña realice sus seminarios web y su serie Champion Spotlight, a menos que "
            "usted nos pida que las eliminemos antes.\n"
        ): (
            "- Todo lo demás se conserva durante los plazos que se indican más abajo, en "
            "«Cuánto tiempo se conserva cada tipo de registro», a menos que usted nos pida "
            "que lo eliminemos antes.\n"
        ),
    },
}


def replace(apps, *, backwards: bool) -> None:
    Page = apps.get_model("campaign", "Page")
    for page in Page.objects.filter(slug="privacy"):
        changed = []
        for field, sentences in REPLACEMENTS.items():
            body = getattr(page, field) or ""
            for written, replacement in sentences.items():
                old, new = (replacement, written) if backwards else (written, replacement)
                if old in body:
                    body = body.replace(old, new, 1)
                    changed.append(field)
            setattr(page, field, body or None)
        if changed:
            page.save(update_fields=sorted(set(changed)))


def forwards(apps, schema_editor):
    replace(apps, backwards=False)


def backwards(apps, schema_editor):
    replace(apps, backwards=True)


class Migration(migrations.Migration):
    dependencies = [("campaign", "0014_staff_images")]

    operations = [migrations.RunPython(forwards, backwards)]
