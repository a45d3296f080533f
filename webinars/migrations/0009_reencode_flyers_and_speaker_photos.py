"""Re-encode the flyers and speakers' photos uploaded before the image pipeline.

They were kept as uploaded (with their EXIF, GPS position and original
name) and never served. Each becomes a clean JPEG under a random name, as
new uploads do, which the image view serves; the original file is deleted
once this commits. A file that is missing or is not an image the pipeline
accepts is let go (the row and its description stay): it was never shown.
"""

import re

from django.core.files.storage import default_storage
from django.db import migrations, transaction

from forus.images import ImageRefusedError, image_decode, image_encode, image_store

# The sizes and prefixes of webinars/services.py and models.py when this was written.
FLYER_PREFIX = "webinars/flyers"
SPEAKER_PHOTO_PREFIX = "webinars/speakers"
FLYER_SIZE = 1600
SPEAKER_PHOTO_SIZE = 336
CLEAN_NAME = re.compile(r"[0-9a-f]{32}\.jpg")


def _reencoded(name: str, *, prefix: str, **encoding: object):
    """The clean copy's stored name and size, or None when the original cannot be used."""
    try:
        with default_storage.open(name, "rb") as original:
            pixels = image_decode(original)
    except (OSError, ImageRefusedError):
        return None
    encoded = image_encode(pixels, image_format="JPEG", **encoding)
    return image_store(encoded, prefix=prefix), encoded


def _is_clean(name: str, prefix: str) -> bool:
    folder, _, file_name = name.rpartition("/")
    return folder == prefix and CLEAN_NAME.fullmatch(file_name) is not None


def reencode_images(apps, schema_editor):
    Webinar = apps.get_model("webinars", "Webinar")
    Speaker = apps.get_model("webinars", "Speaker")
    replaced = []
    for webinar in Webinar.objects.exclude(flyer=""):
        if _is_clean(webinar.flyer.name, FLYER_PREFIX):
            continue
        copy = _reencoded(webinar.flyer.name, prefix=FLYER_PREFIX, quality=85, bound=FLYER_SIZE)
        replaced.append(webinar.flyer.name)
        name, encoded = copy or ("", None)
        Webinar.objects.filter(pk=webinar.pk).update(
            flyer=name,
            flyer_width=encoded.width if encoded else None,
            flyer_height=encoded.height if encoded else None,
        )
    for speaker in Speaker.objects.exclude(photo=""):
        if _is_clean(speaker.photo.name, SPEAKER_PHOTO_PREFIX):
            continue
        copy = _reencoded(
            speaker.photo.name,
            prefix=SPEAKER_PHOTO_PREFIX,
            quality=84,
            square=SPEAKER_PHOTO_SIZE,
        )
        replaced.append(speaker.photo.name)
        Speaker.objects.filter(pk=speaker.pk).update(photo=copy[0] if copy else "")
    for name in replaced:
        transaction.on_commit(lambda name=name: default_storage.delete(name))


class Migration(migrations.Migration):
    dependencies = [("webinars", "0008_flyers_and_speaker_photos_served_by_a_view")]

    operations = [migrations.RunPython(reencode_images, migrations.RunPython.noop)]
