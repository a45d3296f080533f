"""Give the bench database's sample content the staff images a real campaign has.

Run by `bench/lighthouse.py` through `manage.py shell`; each image is a
photograph-like picture (soft gradients with grain, which compresses like a
photo does), uploaded through the same services admin uses.
"""

import random

from PIL import Image, ImageDraw, ImageFilter

from campaign.models import IMAGE_PREFIX, Page, Pillar
from forus.images import staff_image_replace
from webinars.models import COVER_PREFIX, Webinar


def photograph_like(seed: int, size: tuple[int, int] = (2400, 1600)) -> Image.Image:
    generator = random.Random(seed)  # noqa: S311 - a picture, not a secret
    image = Image.new("RGB", size, (generator.randrange(256), 90, 120))
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y = generator.randrange(size[0]), generator.randrange(size[1])
        radius = generator.randrange(80, 600)
        colour = tuple(generator.randrange(256) for _ in range(3))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(40))
    grain = Image.effect_noise(size, 24).convert("RGB")
    return Image.blend(image, grain, 0.12)


def give_staff_images() -> None:
    mission = Page.objects.get(slug=Page.Slug.MISSION)
    staff_image_replace(
        mission,
        image=photograph_like(1),
        prefix=IMAGE_PREFIX,
        open_graph=True,
        other_fields={"image_alt": "Health workers and neighbours at a community meeting"},
    )
    for pillar in Pillar.objects.all():
        staff_image_replace(
            pillar,
            image=photograph_like(10 + pillar.number),
            prefix=IMAGE_PREFIX,
            open_graph=True,
            other_fields={"image_alt": f"A picture for pillar {pillar.number}"},
        )
    for number, webinar in enumerate(Webinar.objects.all()):
        staff_image_replace(
            webinar,
            image=photograph_like(100 + number),
            prefix=COVER_PREFIX,
            open_graph=True,
            other_fields={"image_alt": "The webinar's panel"},
        )


give_staff_images()
