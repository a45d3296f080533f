"""Staff images as Chromium draws them: the right file for the screen, no layout
shift, and pages that stay accessible with them."""

import pytest
from django.db import transaction
from django.urls import reverse
from PIL import Image

from campaign.models import IMAGE_PREFIX, Page, Pillar
from forus.images import staff_image_replace
from tests.webinars.factories import WebinarFactory
from webinars.models import COVER_PREFIX

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def pictured(settings, tmp_path) -> list[str]:
    """The home page, a pillar and a webinar, each with a staff image; their paths."""
    settings.MEDIA_ROOT = tmp_path / "media"
    picture = Image.linear_gradient("L").resize((2000, 1200)).convert("RGB")
    webinar = WebinarFactory()
    pillar = Pillar.objects.get(number=2)
    mission = Page.objects.get(slug=Page.Slug.MISSION)
    with transaction.atomic():
        for content, prefix in (
            (mission, IMAGE_PREFIX),
            (pillar, IMAGE_PREFIX),
            (webinar, COVER_PREFIX),
        ):
            staff_image_replace(
                content,
                image=picture,
                prefix=prefix,
                open_graph=True,
                other_fields={"image_alt": "A gradient from black to white"},
            )
    return [reverse("campaign:home"), pillar.get_absolute_url(), webinar.get_absolute_url()]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_browser_loads_the_webp_of_the_size_it_needs(
    live_site, open_page, assert_accessible, pictured, viewport
):
    page = open_page(viewport)
    for path in pictured:
        page.goto(live_site.url + path)
        image = page.locator("picture img").first
        image.evaluate("img => img.decode()")
        loaded = image.evaluate(
            """img => ({
                source: img.currentSrc,
                natural: img.naturalWidth,
                shown: img.getBoundingClientRect().width,
                ratio: window.devicePixelRatio,
            })"""
        )
        assert loaded["source"].endswith(".webp"), path
        # The smallest stored width that covers what is shown, at the
        # screen's density: never the largest file for a small slot.
        needed = loaded["shown"] * loaded["ratio"]
        assert loaded["natural"] >= min(needed, 1600) * 0.9, (path, loaded)
        widths = [480, 960, 1600]
        smaller = [width for width in widths if width < loaded["natural"]]
        assert not smaller or smaller[-1] < needed * 1.05, (path, loaded)
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
