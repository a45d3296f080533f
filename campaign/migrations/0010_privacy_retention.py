"""Say on the privacy page what daily clean-ups delete, and when.

A newsletter signup nobody confirms is erased 30 days after its last
confirmation email, and copies of sent emails 90 days after sending. The
sentences go after the one about unsubscribing, in English and in Spanish,
wherever that sentence still stands as written: staff may have rewritten
the page since.
"""

from django.db import migrations

ENGLISH = (
    "can show that we only ever emailed you with your agreement.\n",
    (
        "- A newsletter signup that is never confirmed is deleted 30 days after the last "
        "confirmation email we sent for it.\n"
        "- Copies of the emails the site sends you are deleted 90 days after they are sent.\n"
    ),
)
AFTER = {
    # `body` is the column behind the English text too (django-modeltranslation).
    "body": ENGLISH,
    "body_en": ENGLISH,
    "body_es": (
        "solo le enviamos correos electrónicos con su acuerdo.\n",
        (
            "- Una suscripción al boletín que nunca se confirma se elimina 30 días después del "
            "último correo electrónico de confirmación que enviamos para ella.\n"
            "- Las copias de los correos electrónicos que el sitio le envía se eliminan 90 días "
            "después de enviarse.\n"
        ),
    ),
}


def add_sentences(apps, schema_editor):
    Page = apps.get_model("campaign", "Page")
    for page in Page.objects.filter(slug="privacy"):
        changed = []
        for field, (anchor, sentences) in AFTER.items():
            body = getattr(page, field) or ""
            if anchor in body and sentences not in body:
                setattr(page, field, body.replace(anchor, anchor + sentences, 1))
                changed.append(field)
        if changed:
            page.save(update_fields=changed)


def remove_sentences(apps, schema_editor):
    Page = apps.get_model("campaign", "Page")
    for page in Page.objects.filter(slug="privacy"):
        for field, (_anchor, sentences) in AFTER.items():
            setattr(page, field, (getattr(page, field) or "").replace(sentences, "") or None)
        page.save(update_fields=list(AFTER))


class Migration(migrations.Migration):
    dependencies = [("campaign", "0009_spanish_about_and_privacy")]

    operations = [migrations.RunPython(add_sentences, remove_sentences)]
