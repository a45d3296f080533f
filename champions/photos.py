"""Photos the public sends: checked by decoding them, re-encoded without metadata.

A file is a photo when Pillow decodes it, whatever its name says. What is kept
is a new file drawn from the decoded pixels, so nothing the camera or the
sender put in the original (EXIF, GPS position, comments, colour profiles,
anything appended) survives. Files get random names; nomination photos live
under a private prefix that nothing serves publicly.
"""

import uuid
import warnings
from dataclasses import dataclass
from io import BytesIO

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

PHOTO_MAX_BYTES = 5 * 1024 * 1024
# Far more than any phone camera; decoding more would cost too much memory.
PHOTO_MAX_PIXELS = 40_000_000
# A JPEG is decoded at a reduced scale; other formats are decoded whole, and
# with transparency copied once more, so they get a lower bound: a 170 KB
# PNG of 40 million pixels would take half a gigabyte.
UNSCALED_MAX_PIXELS = 16_000_000
# The decoders Pillow may try: no exotic format's decoder ever sees an
# upload. (A multi-picture JPEG from some cameras opens through "JPEG".)
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp,image/gif"

# Bounds of what is stored: the private copy staff see, the public copy on a
# spotlight's page, and the square on cards.
NOMINATION_PHOTO_SIZE = 2000
SPOTLIGHT_PHOTO_SIZE = 1200
# The card template states this size in its width and height attributes.
CARD_PHOTO_SIZE = 400

NOMINATION_PREFIX = "private/nominations"
SPOTLIGHT_PREFIX = "spotlights"

TOO_LARGE = _("The photo is larger than 5 MB. Choose a smaller one.")
NOT_A_PHOTO = _("This file is not a photo we can read. Choose a JPEG, PNG or WebP image.")
TOO_MANY_PIXELS = _("This image is too large to process. Choose a smaller photo.")


class PhotoRefusedError(ValueError):
    """The upload is not an image we accept; `message` says why, for the form."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class EncodedPhoto:
    content: bytes
    width: int
    height: int
    extension: str


def _pixel_limit() -> int:
    if Image.MAX_IMAGE_PIXELS is None:
        return PHOTO_MAX_PIXELS
    return min(PHOTO_MAX_PIXELS, Image.MAX_IMAGE_PIXELS)


def _flattened(image: Image.Image) -> Image.Image:
    """RGB pixels, with any transparency laid on white."""
    if image.mode == "P":
        image = image.convert("RGBA")
    if image.mode in {"RGBA", "LA", "PA"}:
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.convert("RGBA").getchannel("A"))
        return background
    return image.convert("RGB")


def photo_decode(upload: File) -> Image.Image:
    """Decode an upload into upright RGB pixels, or raise PhotoRefusedError.

    Refuses anything over PHOTO_MAX_BYTES, anything Pillow cannot decode as
    one of ACCEPTED_FORMATS, and anything with more pixels than
    min(PHOTO_MAX_PIXELS, Image.MAX_IMAGE_PIXELS) (decompression bombs).
    """
    if upload.size is None or upload.size > PHOTO_MAX_BYTES:
        raise PhotoRefusedError(TOO_LARGE)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload, formats=ACCEPTED_FORMATS) as probe:
                limit = _pixel_limit()
                if probe.format != "JPEG":
                    limit = min(limit, UNSCALED_MAX_PIXELS)
                if probe.width * probe.height > limit:
                    raise PhotoRefusedError(TOO_MANY_PIXELS)
                probe.verify()
            # verify() leaves the file unusable: decode it afresh.
            upload.seek(0)
            with Image.open(upload, formats=ACCEPTED_FORMATS) as image:
                # A large JPEG is decoded at a reduced scale, which is faster
                # and smaller in memory; no format decodes above the bound.
                image.draft(None, (NOMINATION_PHOTO_SIZE, NOMINATION_PHOTO_SIZE))
                image.load()
                upright = ImageOps.exif_transpose(image)
                pixels = _flattened(upright)
    except PhotoRefusedError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRefusedError(TOO_MANY_PIXELS) from None
    except Exception:  # noqa: BLE001 - a malformed file can make a decoder raise nearly anything
        raise PhotoRefusedError(NOT_A_PHOTO) from None
    pixels.thumbnail((NOMINATION_PHOTO_SIZE, NOMINATION_PHOTO_SIZE), Image.Resampling.LANCZOS)
    return pixels


def _encoded(image: Image.Image, *, image_format: str, quality: int) -> EncodedPhoto:
    # Only pixels are written: no EXIF, XMP, ICC profile or comment is passed
    # to the encoder, and nothing is carried over from the original's info.
    image.info = {}
    buffer = BytesIO()
    if image_format == "JPEG":
        image.save(buffer, format="JPEG", quality=quality, optimize=True, progressive=True)
        extension = "jpg"
    else:
        image.save(buffer, format="WEBP", quality=quality, method=5)
        extension = "webp"
    return EncodedPhoto(buffer.getvalue(), image.width, image.height, extension)


def photo_for_nomination(image: Image.Image) -> EncodedPhoto:
    """The private copy kept with a nomination: a JPEG, as large as staff may need."""
    copy = image.copy()
    copy.thumbnail((NOMINATION_PHOTO_SIZE, NOMINATION_PHOTO_SIZE), Image.Resampling.LANCZOS)
    return _encoded(copy, image_format="JPEG", quality=88)


def photo_for_spotlight(image: Image.Image) -> tuple[EncodedPhoto, EncodedPhoto]:
    """The public copies: the page's photo (JPEG) and a square card (WebP)."""
    page = image.copy()
    page.thumbnail((SPOTLIGHT_PHOTO_SIZE, SPOTLIGHT_PHOTO_SIZE), Image.Resampling.LANCZOS)
    # Faces sit in the upper part of most portraits: crop around there.
    card = ImageOps.fit(
        image,
        (CARD_PHOTO_SIZE, CARD_PHOTO_SIZE),
        Image.Resampling.LANCZOS,
        centering=(0.5, 0.35),
    )
    return (
        _encoded(page, image_format="JPEG", quality=84),
        _encoded(card, image_format="WEBP", quality=62),
    )


def photo_open_stored(name: str) -> Image.Image:
    """A photo this site stored earlier (already clean), decoded again."""
    with default_storage.open(name, "rb") as stored, Image.open(stored) as image:
        image.load()
        return _flattened(image)


def photo_store(photo: EncodedPhoto, *, prefix: str, suffix: str = "") -> str:
    """Save under a random name through the default storage; return the name."""
    name = f"{prefix}/{uuid.uuid4().hex}{suffix}.{photo.extension}"
    return default_storage.save(name, ContentFile(photo.content))


def photo_delete_after_commit(*names: str) -> None:
    """Delete stored files once the transaction that let go of them commits."""
    for name in names:
        if name:
            transaction.on_commit(lambda name=name: default_storage.delete(name))
