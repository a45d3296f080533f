"""Uploaded images are checked by decoding them and kept only as clean re-encodings."""

from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from forus import images
from forus.images import ImageRefusedError, image_decode, image_encode
from tests.images import GPS_IFD, forged_png, photo_bytes, photo_upload, png_bytes


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every stored image goes to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _reopen(encoded: images.EncodedImage) -> Image.Image:
    return Image.open(BytesIO(encoded.content))


def test_a_camera_photo_loses_its_exif_and_gps_but_keeps_its_pixels():
    original = photo_bytes(with_gps=True)
    assert GPS_IFD in Image.open(BytesIO(original)).getexif()

    encoded = image_encode(
        image_decode(photo_upload(content=original)), image_format="JPEG", quality=88
    )

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
    upright = image_decode(upload)
    assert upright.size == (480, 640)
    # The blue block that was at the top left is now at the top right.
    red, _green, blue = upright.getpixel((upright.width - 10, 10))
    assert blue > 200
    assert red < 60


def test_transparency_is_laid_on_white_and_the_result_is_rgb():
    upload = photo_upload("logo.png", photo_bytes("PNG", mode="RGBA", with_gps=False))
    image = image_decode(upload)
    assert image.mode == "RGB"
    red, green, _blue = image.getpixel((600, 400))  # half-transparent red on white
    assert red > 240
    assert 100 < green < 160


@pytest.mark.parametrize("image_format", ["PNG", "WEBP", "GIF"])
def test_other_common_formats_are_accepted(image_format):
    upload = photo_upload("photo.bin", photo_bytes(image_format, with_gps=False))
    assert image_decode(upload).size == (640, 480)


def test_large_images_are_decoded_within_the_bound_and_encoded_within_theirs():
    upright = image_decode(photo_upload(content=photo_bytes(size=(4000, 3000))))
    assert max(upright.size) == images.DECODED_MAX_SIZE

    bounded = image_encode(upright, image_format="JPEG", quality=80, bound=1000)
    square = image_encode(upright, image_format="WEBP", quality=60, square=300)
    assert (bounded.width, bounded.height) == (1000, 750)
    assert _reopen(bounded).format == "JPEG"
    assert (square.width, square.height) == (300, 300)
    assert _reopen(square).format == "WEBP"


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
def test_anything_that_is_not_an_image_is_refused_whatever_its_name(content):
    with pytest.raises(ImageRefusedError) as refused:
        image_decode(SimpleUploadedFile("portrait.jpg", content, "image/jpeg"))
    assert refused.value.message == images.NOT_AN_IMAGE


def test_whatever_rides_along_in_an_image_file_is_not_kept():
    # A photo with a page appended: browsers that sniff might run it; the re-encoding drops it.
    content = photo_bytes() + b"<html><script>alert(document.cookie)</script></html>"
    encoded = image_encode(
        image_decode(photo_upload(content=content)), image_format="JPEG", quality=88
    )
    assert b"<script>" not in encoded.content


def test_a_tiff_or_bmp_image_is_refused_as_well():
    buffer = BytesIO()
    Image.new("RGB", (64, 64)).save(buffer, format="BMP")
    with pytest.raises(ImageRefusedError):
        image_decode(SimpleUploadedFile("portrait.jpg", buffer.getvalue()))


def test_more_than_five_megabytes_is_refused_before_decoding():
    upload = SimpleUploadedFile("huge.jpg", b"\xff" * (images.IMAGE_MAX_BYTES + 1))
    with pytest.raises(ImageRefusedError) as refused:
        image_decode(upload)
    assert refused.value.message == images.TOO_LARGE


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
    with pytest.raises(ImageRefusedError) as refused:
        image_decode(upload)
    assert refused.value.message == images.TOO_MANY_PIXELS


def test_pillows_max_image_pixels_is_respected(monkeypatch):
    # Somebody lowers Pillow's limit for the whole process: it applies here too,
    # for a picture over it (a warning in Pillow) and for one over twice it (an error).
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100_000)
    for size in [(400, 300), (800, 600)]:
        with pytest.raises(ImageRefusedError) as refused:
            image_decode(photo_upload(content=photo_bytes(size=size)))
        assert refused.value.message == images.TOO_MANY_PIXELS


def test_stored_images_get_random_names_under_their_prefix():
    encoded = image_encode(image_decode(photo_upload()), image_format="JPEG", quality=80)
    first = images.image_store(encoded, prefix="some/prefix")
    second = images.image_store(encoded, prefix="some/prefix", suffix="-card")
    assert first != second
    assert first.startswith("some/prefix/")
    assert first.endswith(".jpg")
    assert second.endswith("-card.jpg")
    assert "portrait" not in first
    assert default_storage.exists(first)
    assert default_storage.open(first).read() == encoded.content


def test_a_stored_image_is_served_with_its_type_and_caching_for_whom_may_see_it():
    encoded = image_encode(image_decode(photo_upload()), image_format="WEBP", quality=60)
    name = images.image_store(encoded, prefix="some/prefix")

    public = images.image_response(name, public=True)
    assert public["Content-Type"] == "image/webp"
    assert public["Cache-Control"] == images.PUBLIC_CACHE_CONTROL
    assert b"".join(public.streaming_content) == encoded.content
    private = images.image_response(name, public=False)
    assert private["Cache-Control"] == "private, no-store"
    private.file_to_stream.close()


def _pillow_images_made() -> tuple[int, int]:
    # Pillow allocates pixels in C, out of tracemalloc's sight; its allocator
    # counts every image it makes and every block of memory it takes.
    stats = Image.core.get_stats()
    return stats["new_count"], stats["allocated_blocks"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # Both from the review: each took seconds and hundreds of MB to decode.
        pytest.param(
            lambda: png_bytes(Image.new("P", (4000, 4000)), bits=1),
            images.TOO_MANY_PIXELS,
            id="a 2 KB palette PNG of 4000 x 4000",
        ),
        pytest.param(
            lambda: png_bytes(Image.new("L", (1, 16_000_000)), optimize=True),
            images.TOO_MANY_PIXELS,
            id="a 31 KB PNG of 1 x 16 million",
        ),
        # Within the pixel limit, but far more pixels than such a small file holds.
        pytest.param(
            lambda: png_bytes(Image.new("P", (3000, 3000)), bits=1),
            images.OUT_OF_PROPORTION,
            id="a 1 KB palette PNG of 3000 x 3000",
        ),
        pytest.param(
            lambda: png_bytes(Image.new("RGB", (2000, 4000), "white"), optimize=True),
            images.OUT_OF_PROPORTION,
            id="a 25 KB PNG of 2000 x 4000",
        ),
    ],
)
def test_costly_images_are_refused_from_their_header_without_decoding(content, message):
    data = content()
    assert len(data) < 40_000
    made_before = _pillow_images_made()

    with pytest.raises(ImageRefusedError) as refused:
        image_decode(SimpleUploadedFile("costly.png", data, "image/png"))

    assert refused.value.message == message
    assert _pillow_images_made() == made_before


@pytest.mark.parametrize(
    ("image_format", "size"),
    [
        pytest.param("JPEG", (4032, 3024), id="a 12-megapixel phone photo"),
        pytest.param("PNG", (1275, 1650), id="a flyer as a PNG"),
        pytest.param("WEBP", (2400, 1600), id="a WebP photo"),
    ],
)
def test_ordinary_photos_and_flyers_are_still_accepted(image_format, size):
    # Noise compresses as poorly as a real photograph's detail.
    picture = Image.effect_noise(size, 12).convert("RGB")
    buffer = BytesIO()
    picture.save(buffer, format=image_format, quality=85)
    upload = SimpleUploadedFile("photo.bin", buffer.getvalue(), "image/jpeg")
    assert upload.size <= images.IMAGE_MAX_BYTES
    decoded = image_decode(upload)
    assert max(decoded.size) == min(max(size), images.DECODED_MAX_SIZE)


def test_a_flat_colour_flyer_with_text_is_accepted():
    # Flat colour compresses well: a letter-size flyer at 300 dpi is small for its pixels.
    flyer = Image.new("RGB", (2550, 3300), "white")
    draw = ImageDraw.Draw(flyer)
    draw.rectangle((0, 0, 2550, 660), fill=(30, 80, 160))
    draw.text((255, 275), "Social Mission webinar", font=ImageFont.load_default(127), fill="white")
    for row in range(825, 3200, 82):
        draw.text(
            (255, row),
            "Health equity in health professions training: join us online, Thursday 5 PM",
            font=ImageFont.load_default(42),
            fill="black",
        )
    data = png_bytes(flyer, optimize=True)
    assert len(data) < 500_000
    assert image_decode(SimpleUploadedFile("flyer.png", data)).size == (1545, 2000)
