"""Photos are checked by decoding them and kept only as clean re-encodings."""

import struct
import zlib
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from champions import photos
from champions.photos import PhotoRefusedError, photo_decode
from tests.champions.conftest import GPS_IFD, photo_bytes, photo_upload


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def forged_png(width: int, height: int) -> bytes:
    """A tiny file whose header claims a huge picture: a decompression bomb's shape."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + _png_chunk(b"IEND", b"")
    )


def _reopen(photo: photos.EncodedPhoto) -> Image.Image:
    return Image.open(BytesIO(photo.content))


def test_a_camera_photo_loses_its_exif_and_gps_but_keeps_its_pixels():
    original = photo_bytes(with_gps=True)
    assert GPS_IFD in Image.open(BytesIO(original)).getexif()

    encoded = photos.photo_for_nomination(photo_decode(photo_upload(content=original)))

    stored = _reopen(encoded)
    assert stored.format == "JPEG"
    assert stored.size == (640, 480)
    assert dict(stored.getexif()) == {}
    assert b"Exif" not in encoded.content
    assert b"Camera maker" not in encoded.content
    assert "icc_profile" not in stored.info


def test_the_orientation_a_camera_recorded_is_applied():
    # Orientation 6: the camera was turned; the picture must be turned back.
    upload = photo_upload(content=photo_bytes(size=(640, 480), orientation=6))
    upright = photo_decode(upload)
    assert upright.size == (480, 640)
    # The blue block that was at the top left is now at the top right.
    red, _green, blue = upright.getpixel((upright.width - 10, 10))
    assert blue > 200
    assert red < 60


def test_transparency_is_laid_on_white_and_the_result_is_rgb():
    upload = photo_upload("logo.png", photo_bytes("PNG", mode="RGBA", with_gps=False))
    image = photo_decode(upload)
    assert image.mode == "RGB"
    red, green, _blue = image.getpixel((600, 400))  # half-transparent red on white
    assert red > 240
    assert 100 < green < 160


@pytest.mark.parametrize("image_format", ["PNG", "WEBP", "GIF"])
def test_other_common_formats_are_accepted(image_format):
    upload = photo_upload("photo.bin", photo_bytes(image_format, with_gps=False))
    assert photo_decode(upload).size == (640, 480)


def test_large_photos_are_bounded_and_public_copies_are_smaller_still():
    upright = photo_decode(photo_upload(content=photo_bytes(size=(4000, 3000))))
    assert max(upright.size) <= photos.NOMINATION_PHOTO_SIZE

    page, card = photos.photo_for_spotlight(upright)
    assert max(page.width, page.height) == photos.SPOTLIGHT_PHOTO_SIZE
    assert (card.width, card.height) == (photos.CARD_PHOTO_SIZE, photos.CARD_PHOTO_SIZE)
    assert _reopen(card).format == "WEBP"
    assert _reopen(page).format == "JPEG"


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"%PDF-1.7\n" + b"0" * 2000, id="a PDF renamed .jpg"),
        pytest.param(b"MZ\x90\x00" + b"\x00" * 2000, id="a program renamed .jpg"),
        pytest.param(
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            id="an SVG with a script",
        ),
        pytest.param(b"", id="an empty file"),
        pytest.param(photo_bytes()[:600], id="a truncated JPEG"),
    ],
)
def test_anything_that_is_not_a_photo_is_refused_whatever_its_name(content):
    with pytest.raises(PhotoRefusedError) as refused:
        photo_decode(SimpleUploadedFile("portrait.jpg", content, "image/jpeg"))
    assert refused.value.message == photos.NOT_A_PHOTO


def test_whatever_rides_along_in_a_photo_file_is_not_kept():
    # A photo with a page appended: browsers that sniff might run it; the re-encoding drops it.
    content = photo_bytes() + b"<html><script>alert(document.cookie)</script></html>"
    encoded = photos.photo_for_nomination(photo_decode(photo_upload(content=content)))
    assert b"<script>" not in encoded.content


def test_a_tiff_or_bmp_image_is_refused_as_well():
    buffer = BytesIO()
    Image.new("RGB", (64, 64)).save(buffer, format="BMP")
    with pytest.raises(PhotoRefusedError):
        photo_decode(SimpleUploadedFile("portrait.jpg", buffer.getvalue()))


def test_more_than_five_megabytes_is_refused_before_decoding():
    upload = SimpleUploadedFile("huge.jpg", b"\xff" * (photos.PHOTO_MAX_BYTES + 1))
    with pytest.raises(PhotoRefusedError) as refused:
        photo_decode(upload)
    assert refused.value.message == photos.TOO_LARGE


@pytest.mark.parametrize(
    ("width", "height"),
    [
        pytest.param(30_000, 30_000, id="past Pillow's own bomb limit"),
        pytest.param(7_000, 7_000, id="past the site's pixel limit"),
        # A PNG is decoded whole: 6,300 x 6,300 would take about 500 MB.
        pytest.param(6_300, 6_300, id="a PNG past the limit for formats decoded whole"),
        pytest.param(4_100, 4_000, id="just past the limit for formats decoded whole"),
    ],
)
def test_a_decompression_bomb_is_refused_without_decoding_it(width, height):
    upload = SimpleUploadedFile("bomb.png", forged_png(width, height))
    assert upload.size < 2000
    with pytest.raises(PhotoRefusedError) as refused:
        photo_decode(upload)
    assert refused.value.message == photos.TOO_MANY_PIXELS


def test_pillows_max_image_pixels_is_respected(monkeypatch):
    # Somebody lowers Pillow's limit for the whole process: it applies here too,
    # for a picture over it (a warning in Pillow) and for one over twice it (an error).
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100_000)
    for size in [(400, 300), (800, 600)]:
        with pytest.raises(PhotoRefusedError) as refused:
            photo_decode(photo_upload(content=photo_bytes(size=size)))
        assert refused.value.message == photos.TOO_MANY_PIXELS


def test_stored_photos_get_random_names_under_their_prefix():
    encoded = photos.photo_for_nomination(photo_decode(photo_upload()))
    first = photos.photo_store(encoded, prefix=photos.NOMINATION_PREFIX)
    second = photos.photo_store(encoded, prefix=photos.NOMINATION_PREFIX)
    assert first != second
    assert first.startswith("private/nominations/")
    assert first.endswith(".jpg")
    assert "portrait" not in first
    assert default_storage.exists(first)
