"""Fixtures and helpers for the Champion Spotlight tests."""

from io import BytesIO

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from campaign.models import Pillar
from forus.public_forms import HONEYPOT_FIELD
from tests.forus.test_public_forms import started

# EXIF tags: Orientation, GPSInfo and, inside it, GPSLatitude.
ORIENTATION = 0x0112
GPS_IFD = 0x8825
GPS_LATITUDE = 2


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every stored photo goes to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A request in Spanish leaves Spanish active in the test's thread: undo that."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def photo_bytes(
    image_format: str = "JPEG",
    size: tuple[int, int] = (640, 480),
    *,
    with_gps: bool = True,
    orientation: int = 1,
    mode: str = "RGB",
) -> bytes:
    """A real image, with a camera's EXIF (GPS position, orientation) when asked."""
    image = Image.new(mode, size, "red" if mode != "RGBA" else (255, 0, 0, 128))
    # A blue block at the top left, to see where rotation puts it.
    image.paste("blue" if mode != "RGBA" else (0, 0, 255, 255), (0, 0, size[0] // 4, size[1] // 4))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    if with_gps:
        exif[GPS_IFD] = {GPS_LATITUDE: (38.0, 54.0, 17.0), 1: "N"}
    exif[0x010F] = "Camera maker"  # Make
    buffer = BytesIO()
    save_options = {"exif": exif.tobytes()} if image_format in {"JPEG", "WEBP", "PNG"} else {}
    image.save(buffer, format=image_format, **save_options)
    return buffer.getvalue()


def photo_upload(name: str = "portrait.jpg", content: bytes | None = None, **options: object):
    return SimpleUploadedFile(
        name, content if content is not None else photo_bytes(**options), "image/jpeg"
    )


def nomination_data(**overrides: object) -> dict[str, object]:
    """What a person sends through the nomination form, honestly and slowly enough."""
    data = {
        "nominator_name": "Nia Nominator",
        "nominator_email": "nia@example.org",
        "nominating": "someone_else",
        "nominee_given_name": "Ada",
        "nominee_family_name": "Champion",
        "nominee_email": "ada@example.org",
        "relationship": "Colleague",
        "profession": "nursing",
        "institution": "Community Health Center",
        "location": "Baltimore, MD",
        "pillars": [str(Pillar.objects.get(number=1).pk), str(Pillar.objects.get(number=4).pk)],
        "description": "Ada runs a pathway programme for nursing students from the neighbourhood.",
        "link_1": "https://example.org/ada",
        "link_2": "",
        "link_3": "",
        "consent": "on",
        "form_started": started(seconds_ago=30),
        HONEYPOT_FIELD: "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
