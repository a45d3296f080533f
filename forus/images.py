"""Images people upload: checked by decoding them, kept only as clean re-encodings.

A file is an image when Pillow decodes it, whatever its name says. What is
kept is a new file drawn from the decoded pixels, so nothing the camera or the
sender put in the original (EXIF, GPS position, comments, colour profiles,
anything appended) survives. Files get random names under a prefix each app
chooses; nothing under MEDIA_URL is served: each app serves its public images
through a view of its own that checks the image may be seen
(`image_response`).
"""

import uuid
import warnings
from dataclasses import dataclass
from io import BytesIO

from django import forms
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

IMAGE_MAX_BYTES = 5 * 1024 * 1024
# Decoding costs memory and time by the pixel, whatever the file's size, so
# the header's width and height are checked before any pixel is decoded.
# A JPEG is decoded at a reduced scale: 24 megapixels is more than phones
# take. Other formats are decoded whole, with transparency copied once more:
# 12 megapixels take about 150 MB at worst.
JPEG_MAX_PIXELS = 24_000_000
UNSCALED_MAX_PIXELS = 12_000_000
# Beyond a size that is cheap to decode, an image must be in proportion to
# its file: a real photo or flyer holds at most a few dozen pixels per byte
# (a flat-colour flyer about 25, a plain white JPEG 64 to 170), while a
# decompression bomb holds thousands.
CHEAP_PIXELS = 2_000_000
MAX_PIXELS_PER_BYTE = {"JPEG": 256}
UNSCALED_MAX_PIXELS_PER_BYTE = 128
# The decoders Pillow may try: no exotic format's decoder ever sees an
# upload. (A multi-picture JPEG from some cameras opens through "JPEG".)
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp,image/gif"
# Decoded pixels are bounded to this many on the longer side: no stored copy
# is larger.
DECODED_MAX_SIZE = 2000

CONTENT_TYPES = {"jpg": "image/jpeg", "webp": "image/webp"}
# A regular expression for the names `image_store` gives, for URL patterns.
STORED_NAME_PATTERN = r"[0-9a-f]{32}(?:-[a-z]+)?\.(?:jpg|webp)"
# Public images may be kept a day by browsers: one taken down (a nominee who
# withdraws, a webinar unpublished) should not linger in caches for long.
PUBLIC_CACHE_CONTROL = "public, max-age=86400"

TOO_LARGE = _("The photo is larger than 5 MB. Choose a smaller one.")
NOT_AN_IMAGE = _("This file is not a photo we can read. Choose a JPEG, PNG, WebP or GIF image.")
TOO_MANY_PIXELS = _("This image is too large to process. Choose a smaller photo.")
OUT_OF_PROPORTION = _(
    "This image has far more pixels than a file of its size holds, so we cannot process it "
    "safely. Save it again as a JPEG, or choose another photo."
)


class ImageRefusedError(ValueError):
    """The upload is not an image we accept; `message` says why, for the form."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class EncodedImage:
    content: bytes
    width: int
    height: int
    extension: str


def _pixel_problem(probe: Image.Image, *, file_size: int) -> str:
    """Why decoding this image would cost too much, from its header alone; empty when not."""
    pixels = probe.width * probe.height
    limit = JPEG_MAX_PIXELS if probe.format == "JPEG" else UNSCALED_MAX_PIXELS
    if Image.MAX_IMAGE_PIXELS is not None:
        limit = min(limit, Image.MAX_IMAGE_PIXELS)
    if pixels > limit:
        return TOO_MANY_PIXELS
    per_byte = MAX_PIXELS_PER_BYTE.get(probe.format, UNSCALED_MAX_PIXELS_PER_BYTE)
    if pixels > CHEAP_PIXELS and pixels > file_size * per_byte:
        return OUT_OF_PROPORTION
    return ""


def _flattened(image: Image.Image) -> Image.Image:
    """RGB pixels, with any transparency laid on white."""
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in {"RGBA", "LA", "PA"}:
        rgba = image.convert("RGBA") if image.mode != "RGBA" else image
        background = Image.new("RGB", image.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def image_decode(upload: File) -> Image.Image:
    """Decode an upload into upright RGB pixels, or raise ImageRefusedError.

    Refuses anything over IMAGE_MAX_BYTES, anything Pillow cannot decode as
    one of ACCEPTED_FORMATS, and, from the header before decoding anything,
    images with more pixels than their format's limit (or Pillow's
    MAX_IMAGE_PIXELS), or more than their file's size accounts for
    (decompression bombs).
    The result is at most DECODED_MAX_SIZE on its longer side.
    """
    if upload.size is None or upload.size > IMAGE_MAX_BYTES:
        raise ImageRefusedError(TOO_LARGE)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload, formats=ACCEPTED_FORMATS) as probe:
                problem = _pixel_problem(probe, file_size=upload.size)
                if problem:
                    raise ImageRefusedError(problem)
                probe.verify()
            # verify() leaves the file unusable: decode it afresh.
            upload.seek(0)
            with Image.open(upload, formats=ACCEPTED_FORMATS) as image:
                # A large JPEG is decoded at a reduced scale, which is faster
                # and smaller in memory; no format decodes above the bound.
                image.draft(None, (DECODED_MAX_SIZE, DECODED_MAX_SIZE))
                image.load()
                upright = ImageOps.exif_transpose(image)
                pixels = _flattened(upright)
    except ImageRefusedError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRefusedError(TOO_MANY_PIXELS) from None
    except Exception:  # noqa: BLE001 - a malformed file can make a decoder raise nearly anything
        raise ImageRefusedError(NOT_AN_IMAGE) from None
    pixels.thumbnail((DECODED_MAX_SIZE, DECODED_MAX_SIZE), Image.Resampling.LANCZOS)
    return pixels


def image_encode(
    image: Image.Image,
    *,
    image_format: str,
    quality: int,
    bound: int | None = None,
    square: int | None = None,
) -> EncodedImage:
    """A JPEG or WebP of the pixels only, within `bound` or cropped to a `square`."""
    if square is not None:
        # Faces sit in the upper part of most portraits: crop around there.
        copy = ImageOps.fit(
            image, (square, square), Image.Resampling.LANCZOS, centering=(0.5, 0.35)
        )
    else:
        copy = image.copy()
        if bound is not None:
            copy.thumbnail((bound, bound), Image.Resampling.LANCZOS)
    # Only pixels are written: no EXIF, XMP, ICC profile or comment is passed
    # to the encoder, and nothing is carried over from the original's info.
    copy.info = {}
    buffer = BytesIO()
    if image_format == "JPEG":
        copy.save(buffer, format="JPEG", quality=quality, optimize=True, progressive=True)
        extension = "jpg"
    else:
        copy.save(buffer, format="WEBP", quality=quality, method=5)
        extension = "webp"
    return EncodedImage(buffer.getvalue(), copy.width, copy.height, extension)


def image_open_stored(name: str) -> Image.Image:
    """An image this site stored earlier (already clean), decoded again."""
    with default_storage.open(name, "rb") as stored, Image.open(stored) as image:
        image.load()
        return _flattened(image)


def image_store(image: EncodedImage, *, prefix: str, suffix: str = "") -> str:
    """Save under a random name through the default storage; return the name."""
    name = f"{prefix}/{uuid.uuid4().hex}{suffix}.{image.extension}"
    return default_storage.save(name, ContentFile(image.content))


def image_delete_after_commit(*names: str) -> None:
    """Delete stored files once the transaction that let go of them commits."""
    for name in names:
        if name:
            transaction.on_commit(lambda name=name: default_storage.delete(name))


def image_response(name: str, *, public: bool) -> FileResponse:
    """A stored image as a response; browsers keep a public one a day, others not at all."""
    extension = name.rpartition(".")[2]
    if extension not in CONTENT_TYPES:
        raise Http404
    try:
        stored = default_storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(stored, content_type=CONTENT_TYPES[extension])
    response["Cache-Control"] = PUBLIC_CACHE_CONTROL if public else "private, no-store"
    return response


class ImageUploadField(forms.FileField):
    """An optional image; cleaning decodes it, so its value is the upright image or None."""

    widget = forms.FileInput({"accept": ACCEPT_ATTRIBUTE})

    def __init__(self, **kwargs: object) -> None:
        super().__init__(required=False, **kwargs)

    def clean(self, data: UploadedFile | None, initial: object = None) -> Image.Image | None:
        upload = super().clean(data, initial)
        if not upload:
            return None
        try:
            return image_decode(upload)
        except ImageRefusedError as refused:
            raise forms.ValidationError(refused.message, code="photo") from None


# Staff imagery (a hero or a cover): cropped to one shape, stored at a few
# widths in WebP with a JPEG for browsers without it, so the browser picks
# the smallest file that fills the space (`{% responsive_image %}`).
RESPONSIVE_WIDTHS = (480, 960, 1600)
HERO_ASPECT = (16, 9)
# The size social networks ask for in a link's card.
OPEN_GRAPH_SIZE = (1200, 630)


def _cropped_to(image: Image.Image, aspect: tuple[int, int]) -> Image.Image:
    """The largest centred part of the image in the given proportion."""
    across, down = aspect
    if image.width * down > image.height * across:
        size = (image.height * across // down, image.height)
    else:
        size = (image.width, image.width * down // across)
    return ImageOps.fit(image, size, Image.Resampling.LANCZOS, centering=(0.5, 0.4))


def image_renditions_store(
    image: Image.Image,
    *,
    prefix: str,
    aspect: tuple[int, int] = HERO_ASPECT,
    open_graph: bool = False,
) -> dict:
    """Store the image cropped to `aspect` at each responsive width it reaches, as
    WebP and JPEG (and a 1200 by 630 social card when `open_graph`); return what
    was stored, for a JSON field: {"width", "height", "sources": [...], "open_graph"}.
    """
    cropped = _cropped_to(image, aspect)
    across, down = aspect
    # The largest size is the image's own width (at most the largest
    # responsive width); a smaller one only where it saves a fifth or more.
    largest = min(cropped.width, RESPONSIVE_WIDTHS[-1])
    widths = [width for width in RESPONSIVE_WIDTHS if width <= largest * 0.8] + [largest]
    sources = []
    for width in widths:
        size = (width, width * down // across)
        resized = cropped.resize(size, Image.Resampling.LANCZOS)
        jpeg = image_encode(resized, image_format="JPEG", quality=80)
        webp = image_encode(resized, image_format="WEBP", quality=72)
        sources.append(
            {
                "width": jpeg.width,
                "height": jpeg.height,
                "jpg": image_store(jpeg, prefix=prefix),
                "webp": image_store(webp, prefix=prefix),
            }
        )
    record = {"width": sources[-1]["width"], "height": sources[-1]["height"], "sources": sources}
    if open_graph:
        card = ImageOps.fit(image, OPEN_GRAPH_SIZE, Image.Resampling.LANCZOS, centering=(0.5, 0.4))
        record["open_graph"] = image_store(
            image_encode(card, image_format="JPEG", quality=82), prefix=prefix, suffix="-card"
        )
    return record


def image_renditions_names(record: dict) -> list[str]:
    """Every stored file of a record `image_renditions_store` returned."""
    names = [
        name for source in record.get("sources", ()) for name in (source["jpg"], source["webp"])
    ]
    if record.get("open_graph"):
        names.append(record["open_graph"])
    return names


def staff_image_replace(
    content: object,
    *,
    image: Image.Image | None,
    prefix: str,
    open_graph: bool = False,
    other_fields: dict | None = None,
) -> None:
    """Give `content` (a model with the `StaffImage` fields) a new image, or none.

    The new files are stored first and the row saved with them (and with
    `other_fields`, such as the descriptions); the old files are deleted once
    the transaction commits.
    """
    old_names = image_renditions_names(content.image)
    content.image = (
        image_renditions_store(image, prefix=prefix, open_graph=open_graph) if image else {}
    )
    for field, value in (other_fields or {}).items():
        setattr(content, field, value)
    content.save(update_fields=["image", *(other_fields or {})])
    image_delete_after_commit(*old_names)
