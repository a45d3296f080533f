"""Say on the privacy page how long an unconfirmed newsletter signup is kept.

A daily task now erases signups nobody confirmed, 30 days after their last
confirmation email. The sentence goes after the one about unsubscribing, in
English and in Spanish, wherever that sentence still stands as written:
staff may have rewritten the page since.
"""

from django.db import migrations

ENGLISH = (
    "can show that we only ever emailed you with your agreement.\n",
    (
        "- A newsletter signup that is never confirmed is deleted 30 days after the last "
        "confirmation email we sent for it.\n"
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
        ),
    ),
}


def add_sentence(apps, schema_editor):
    Page = apps.get_model("campaign", "Page")
    for page in Page.objects.filter(slug="privacy"):
        changed = []
        for field, (anchor, sentence) in AFTER.items():
            body = getattr(page, field) or ""
            if anchor in body and sentence not in body:
                setattr(page, field, body.replace(anchor, anchor + sentence, 1))
                changed.append(field)
        if changed:
            page.save(update_fields=changed)


def remove_sentence(apps, schema_editor):
    Page = apps.get_model("campaign", "Page")
    for page in Page.objects.filter(slug="privacy"):
        for field, (_anchor, sentence) in AFTER.items():
            setattr(page, field, (getattr(page, field) or "").replace(sentence, "") or None)
        page.save(update_fields=list(AFTER))


class Migration(migrations.Migration):
    dependencies = [("campaign", "0009_spanish_about_and_privacy")]

    operations = [migrations.RunPython(add_sentence, remove_sentence)]
