"""Images for the upload tests: real ones with a camera's metadata, and forged ones."""

import struct
import zlib
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

# EXIF tags: Orientation, GPSInfo and, inside it, GPSLatitude.
ORIENTATION = 0x0112
GPS_IFD = 0x8825
GPS_LATITUDE = 2


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


def png_bytes(image: Image.Image, **options: object) -> bytes:
    buffer = BytesIO()
    image.save(buffer, format="PNG", **options)
    return buffer.getvalue()
