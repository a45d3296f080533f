"""What a past webinar keeps for the archive (its transcript file), and shared speakers."""

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from forus.images import image_delete_after_commit
from webinars.models import TRANSCRIPT_PREFIX, Speaker, Webinar
from webinars.transcripts import TranscriptUpload


def webinar_transcript_replace(*, webinar: Webinar, upload: TranscriptUpload | None) -> None:
    """Store a checked transcript or captions file under a random name (or none);
    the old file is deleted after commit.
    """
    old = Webinar.objects.filter(pk=webinar.pk).values_list("transcript_file", flat=True).first()
    name = ""
    if upload is not None:
        name = default_storage.save(
            f"{TRANSCRIPT_PREFIX}/{uuid.uuid4().hex}.{upload.kind}", ContentFile(upload.content)
        )
    try:
        with transaction.atomic():
            webinar.transcript_file = name
            webinar.updated_at = timezone.now()
            # A save, not an update: the cached pages that show it must go.
            webinar.save(update_fields=["transcript_file", "updated_at"])
            image_delete_after_commit(old or "")
    except BaseException:
        if name:
            default_storage.delete(name)
        raise


def speaker_delete(*, speaker_id: int) -> None:
    """Delete a speaker and their photo (after commit); refused while on a webinar (PROTECT)."""
    with transaction.atomic():
        speaker = Speaker.objects.select_for_update().get(pk=speaker_id)
        photo = speaker.photo.name
        speaker.delete()
        image_delete_after_commit(photo)
