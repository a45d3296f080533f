"""Transcripts and captions files staff upload for a past webinar: what is accepted.

A file is accepted by what its bytes are, not by its name alone, and stored
under a random name with the extension of its kind; the transcript view
serves it with that kind's content type, sandboxed.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

# A transcript or captions file for a past webinar: what each accepted kind
# must start with, and its content type when served.
TRANSCRIPT_MAX_BYTES = 2 * 1024 * 1024
TRANSCRIPT_CONTENT_TYPES = {
    "vtt": "text/vtt; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "pdf": "application/pdf",
}
# Text may hold tabs and line breaks, but no other control character.
TEXT_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class TranscriptUpload:
    """A checked transcript file: its kind (the extension it is stored under) and bytes."""

    kind: str
    content: bytes


def transcript_check(upload: UploadedFile) -> TranscriptUpload:
    """The upload as a transcript, or a ValidationError that says what is wrong with it.

    The name's extension picks the kind; the bytes must then be that kind:
    a PDF starts with its signature, a WebVTT or text file is UTF-8 text
    (WebVTT starting with its header), with no control characters. Nothing
    else (HTML, SVG, scripts, images) is accepted, whatever its name says.
    """
    kind = upload.name.rpartition(".")[2].lower() if "." in upload.name else ""
    if kind not in TRANSCRIPT_CONTENT_TYPES:
        raise ValidationError(
            _("Choose a WebVTT captions file (.vtt), a text file (.txt) or a PDF (.pdf)."),
            code="kind",
        )
    if upload.size > TRANSCRIPT_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than 2 MB. Choose a smaller one."), code="size"
        )
    content = upload.read(TRANSCRIPT_MAX_BYTES + 1)
    if len(content) > TRANSCRIPT_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than 2 MB. Choose a smaller one."), code="size"
        )
    if kind == "pdf":
        if not content.startswith(b"%PDF-"):
            raise ValidationError(_("This file is not a PDF."), code="content")
        return TranscriptUpload(kind=kind, content=content)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("This file is not plain text in UTF-8. Save it as UTF-8 text and try again."),
            code="content",
        ) from None
    if not text.strip() or TEXT_CONTROL_CHARACTERS.search(text):
        raise ValidationError(
            _("This file is not plain text in UTF-8. Save it as UTF-8 text and try again."),
            code="content",
        )
    if kind == "vtt" and not re.match(r"WEBVTT(?:[ \t]|\r?\n|$)", text):
        raise ValidationError(
            _("This file is not a WebVTT captions file: it must start with WEBVTT."),
            code="content",
        )
    # Stored as UTF-8 without a byte order mark, which some players trip over.
    return TranscriptUpload(kind=kind, content=text.encode())
