"""The sizes and places of champions' photos; the pipeline itself is `forus.images`.

Nomination photos live under a private prefix that nothing serves; a
spotlight's public copies are served by the photo view once it is published.
"""

from PIL import Image, ImageOps

from forus.images import DECODED_MAX_SIZE, OPEN_GRAPH_SIZE, EncodedImage, image_encode

# Bounds of what is stored: the private copy staff see, the public copy on a
# spotlight's page, and the square on cards.
NOMINATION_PHOTO_SIZE = DECODED_MAX_SIZE
SPOTLIGHT_PHOTO_SIZE = 1200
# The card template states this size in its width and height attributes.
CARD_PHOTO_SIZE = 400

NOMINATION_PREFIX = "private/nominations"
SPOTLIGHT_PREFIX = "spotlights"


def photo_for_nomination(image: Image.Image) -> EncodedImage:
    """The private copy kept with a nomination: a JPEG, as large as staff may need."""
    return image_encode(image, image_format="JPEG", quality=88, bound=NOMINATION_PHOTO_SIZE)


def photo_for_spotlight(image: Image.Image) -> tuple[EncodedImage, EncodedImage, EncodedImage]:
    """The public copies: the page's photo (JPEG), a square card (WebP) and the
    card for social networks (a 1200 by 630 JPEG, cropped around the face's height).
    """
    social = ImageOps.fit(image, OPEN_GRAPH_SIZE, Image.Resampling.LANCZOS, centering=(0.5, 0.3))
    return (
        image_encode(image, image_format="JPEG", quality=84, bound=SPOTLIGHT_PHOTO_SIZE),
        image_encode(image, image_format="WEBP", quality=62, square=CARD_PHOTO_SIZE),
        image_encode(social, image_format="JPEG", quality=82),
    )
