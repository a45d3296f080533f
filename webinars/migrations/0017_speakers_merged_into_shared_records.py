"""Each webinar's own speaker rows become shared speaker records.

Rows with the same name, credentials and affiliation (spaces around them
aside) are one person: the earliest row is kept, and each webinar it was on
lists it, with the role and order it had there. A merged row's photo (with
its descriptions) and bio move to the kept record where that has none, so
no photo is lost. The credentials and affiliation written so far are
English: they are copied into the English fields, as 0004 did for the bio.
"""

from django.db import migrations, models

MERGED_TEXT = ["bio_en", "bio_es"]
MERGED_PHOTO = ["photo", "photo_alt", "photo_alt_es"]


def _key(speaker) -> tuple[str, str, str]:
    return (speaker.name.strip(), speaker.credentials.strip(), speaker.affiliation.strip())


def merge_speakers(apps, schema_editor):
    Speaker = apps.get_model("webinars", "Speaker")
    WebinarSpeaker = apps.get_model("webinars", "WebinarSpeaker")
    Speaker.objects.update(
        credentials_en=models.F("credentials"), affiliation_en=models.F("affiliation")
    )
    kept = {}
    for row in Speaker.objects.order_by("pk"):
        speaker = kept.setdefault(_key(row), row)
        if speaker.pk != row.pk:
            if not speaker.photo and row.photo:
                for field in MERGED_PHOTO:
                    setattr(speaker, field, getattr(row, field))
            for field in MERGED_TEXT:
                if not getattr(speaker, field) and getattr(row, field):
                    setattr(speaker, field, getattr(row, field))
                    if field == "bio_en":
                        speaker.bio = row.bio
        WebinarSpeaker.objects.get_or_create(
            webinar_id=row.webinar_id,
            speaker=speaker,
            defaults={"role": row.role, "order": row.order},
        )
    for speaker in kept.values():
        speaker.webinar = None
        speaker.save()
    Speaker.objects.exclude(pk__in=[speaker.pk for speaker in kept.values()]).delete()


def split_speakers(apps, schema_editor):
    """Back to one row per webinar: a speaker on several webinars is copied to each."""
    Speaker = apps.get_model("webinars", "Speaker")
    WebinarSpeaker = apps.get_model("webinars", "WebinarSpeaker")
    for speaker in Speaker.objects.order_by("pk"):
        appearances = list(WebinarSpeaker.objects.filter(speaker=speaker).order_by("pk"))
        if not appearances:
            speaker.delete()
            continue
        for number, appearance in enumerate(appearances):
            if number:
                speaker.pk = None
                speaker._state.adding = True
            speaker.webinar_id = appearance.webinar_id
            speaker.role = appearance.role
            speaker.order = appearance.order
            speaker.save()
    WebinarSpeaker.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("webinars", "0016_shared_speakers_and_archive_fields")]

    operations = [migrations.RunPython(merge_speakers, split_speakers)]
