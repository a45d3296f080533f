"""Champions' photos: a private copy for staff, smaller public copies for spotlights."""

from io import BytesIO

from PIL import Image

from champions import photos
from forus.images import EncodedImage, image_decode, image_store
from tests.images import photo_bytes, photo_upload


def _reopen(photo: EncodedImage) -> Image.Image:
    return Image.open(BytesIO(photo.content))


def test_the_nomination_copy_is_a_clean_jpeg_as_large_as_staff_may_need():
    upright = image_decode(photo_upload(content=photo_bytes(size=(4000, 3000))))
    encoded = photos.photo_for_nomination(upright)
    stored = _reopen(encoded)
    assert stored.format == "JPEG"
    assert max(stored.size) == photos.NOMINATION_PHOTO_SIZE
    assert dict(stored.getexif()) == {}


def test_public_copies_are_smaller_still():
    upright = image_decode(photo_upload(content=photo_bytes(size=(4000, 3000))))
    page, card, social = photos.photo_for_spotlight(upright)
    assert max(page.width, page.height) == photos.SPOTLIGHT_PHOTO_SIZE
    assert (social.width, social.height) == (1200, 630)
    assert _reopen(social).format == "JPEG"
    assert (card.width, card.height) == (photos.CARD_PHOTO_SIZE, photos.CARD_PHOTO_SIZE)
    assert _reopen(card).format == "WEBP"
    assert _reopen(page).format == "JPEG"


def test_stored_nomination_photos_get_random_names_under_the_private_prefix(media_root):
    encoded = photos.photo_for_nomination(image_decode(photo_upload()))
    name = image_store(encoded, prefix=photos.NOMINATION_PREFIX)
    assert name.startswith("private/nominations/")
    assert "portrait" not in name
    assert (media_root / name).exists()
