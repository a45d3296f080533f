"""Hero images of the home page and the pillars: uploaded in admin, served at the
size the browser needs, with nothing of the original's metadata."""

import re
from html.parser import HTMLParser
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from PIL import Image

from campaign.models import Page, Pillar
from tests.images import GPS_IFD, forged_png, photo_bytes, photo_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


class _Pictures(HTMLParser):
    """The <source>, <img> and og:image of a page, as attribute dicts."""

    def __init__(self) -> None:
        super().__init__()
        self.in_picture = False
        self.sources: list[dict] = []
        self.images: list[dict] = []
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "picture":
            self.in_picture = True
        elif tag == "source" and self.in_picture:
            self.sources.append(attributes)
        elif tag == "img" and self.in_picture:
            self.images.append(attributes)
        elif tag == "meta" and attributes.get("property", "").startswith("og:image"):
            self.meta[attributes["property"]] = attributes["content"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "picture":
            self.in_picture = False


def _pictures(html: str) -> _Pictures:
    parser = _Pictures()
    parser.feed(html)
    return parser


def _srcset(value: str) -> list[tuple[str, int]]:
    candidates = []
    for candidate in value.split(","):
        url, width = candidate.split()
        candidates.append((url, int(width.removesuffix("w"))))
    return candidates


def _pillar_form(pillar: Pillar, **changes: object) -> dict:
    data = {
        "number": pillar.number,
        "slug": pillar.slug,
        "image_alt": pillar.image_alt,
        "image_alt_es": pillar.image_alt_es,
    }
    for field in ("title", "summary", "body"):
        for language in ("en", "es"):
            data[f"{field}_{language}"] = getattr(pillar, f"{field}_{language}") or ""
    return data | changes


def _upload_hero(admin_client, pillar: Pillar, content: bytes, **changes: object):
    return admin_client.post(
        reverse("admin:campaign_pillar_change", args=[pillar.pk]),
        _pillar_form(pillar, new_image=photo_upload("hero.jpg", content), **changes),
    )


def _stored_files(media_root) -> list:
    return (
        [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []
    )


def test_a_hero_is_stored_at_each_width_without_metadata_and_served_as_the_page_says(
    admin_client, client, media_root
):
    pillar = Pillar.objects.get(number=1)
    original = photo_bytes(size=(2400, 1600), with_gps=True)
    assert GPS_IFD in Image.open(BytesIO(original)).getexif()

    response = _upload_hero(
        admin_client, pillar, original, image_alt="Students at a community clinic"
    )
    assert response.status_code == 302

    pillar.refresh_from_db()
    widths = [source["width"] for source in pillar.image["sources"]]
    assert widths == [480, 960, 1600]
    stored = [
        name for source in pillar.image["sources"] for name in (source["jpg"], source["webp"])
    ] + [pillar.image["open_graph"]]
    for name in stored:
        with default_storage.open(name, "rb") as file:
            content = file.read()
        image = Image.open(BytesIO(content))
        assert dict(image.getexif()) == {}, name
        assert b"Camera maker" not in content
        assert b"Exif" not in content
    assert len(_stored_files(media_root)) == len(stored) == 7

    page = client.get(pillar.get_absolute_url())
    html = page.content.decode()
    pictures = _pictures(html)
    (webp,) = pictures.sources
    (img,) = pictures.images
    assert webp["type"] == "image/webp"
    # The first image of the page loads at once and before the others.
    assert img["loading"] == "eager"
    assert img["fetchpriority"] == "high"
    assert img["alt"] == "Students at a community clinic"
    assert (int(img["width"]), int(img["height"])) == (1600, 900)
    assert img["sizes"] == webp["sizes"]

    for srcset, content_type, image_format in (
        (webp["srcset"], "image/webp", "WEBP"),
        (img["srcset"], "image/jpeg", "JPEG"),
    ):
        candidates = _srcset(srcset)
        assert [width for _url, width in candidates] == [480, 960, 1600]
        for url, width in candidates:
            served = client.get(url)
            assert served.status_code == 200
            assert served["Content-Type"] == content_type
            image = Image.open(BytesIO(b"".join(served.streaming_content)))
            assert image.format == image_format
            assert image.size == (width, width * 9 // 16)

    fallback = client.get(img["src"])
    assert fallback.status_code == 200
    assert fallback["Content-Type"] == "image/jpeg"

    card_url = pictures.meta["og:image"]
    assert card_url.startswith("http")
    card = client.get(urlsplit(card_url).path)
    assert card.status_code == 200
    assert Image.open(BytesIO(b"".join(card.streaming_content))).size == (1200, 630)
    assert pictures.meta["og:image:alt"] == "Students at a community clinic"


def test_the_home_page_draws_the_missions_hero_image(admin_client, client):
    mission = Page.objects.get(slug=Page.Slug.MISSION)
    data = {
        "slug": mission.slug,
        "image_alt": "People gathered at a health fair",
        "new_image": photo_upload("hero.jpg", photo_bytes(size=(1200, 900))),
    }
    for field in ("title", "summary", "body"):
        for language in ("en", "es"):
            data[f"{field}_{language}"] = getattr(mission, f"{field}_{language}") or ""
    response = admin_client.post(reverse("admin:campaign_page_change", args=[mission.pk]), data)
    assert response.status_code == 302

    pictures = _pictures(client.get(reverse("campaign:home")).content.decode())
    (img,) = pictures.images
    assert img["alt"] == "People gathered at a health fair"
    assert img["fetchpriority"] == "high"
    # Never larger than the upload: 1200 wide gives 480, 960 and 1200.
    assert [width for _url, width in _srcset(img["srcset"])] == [480, 960, 1200]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("hero.jpg", b"<?php system($_GET['c']); ?>"),
        ("bomb.png", forged_png(30_000, 30_000)),
        ("hero.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ],
)
def test_a_hostile_file_is_refused_with_a_message_and_nothing_is_stored(
    admin_client, media_root, name, content
):
    pillar = Pillar.objects.get(number=2)
    response = admin_client.post(
        reverse("admin:campaign_pillar_change", args=[pillar.pk]),
        _pillar_form(pillar, new_image=photo_upload(name, content), image_alt="A picture"),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["new_image"]
    pillar.refresh_from_db()
    assert pillar.image == {}
    assert _stored_files(media_root) == []


def test_an_image_without_a_description_is_refused(admin_client, media_root):
    pillar = Pillar.objects.get(number=3)
    response = _upload_hero(admin_client, pillar, photo_bytes(), image_alt="")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["image_alt"]
    pillar.refresh_from_db()
    assert pillar.image == {}
    assert _stored_files(media_root) == []


def test_replacing_and_removing_a_hero_deletes_the_old_files(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    pillar = Pillar.objects.get(number=4)
    with django_capture_on_commit_callbacks(execute=True):
        _upload_hero(admin_client, pillar, photo_bytes(size=(1000, 700)), image_alt="First")
    first = set(_stored_files(media_root))
    assert len(first) == 5  # 480 and 1000 in two formats, and the social card

    with django_capture_on_commit_callbacks(execute=True):
        _upload_hero(admin_client, pillar, photo_bytes(size=(1000, 700)), image_alt="Second")
    second = set(_stored_files(media_root))
    assert len(second) == 5
    assert not first & second

    pillar.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:campaign_pillar_change", args=[pillar.pk]),
            _pillar_form(pillar, remove_image="on", image_alt=""),
        )
    assert response.status_code == 302
    pillar.refresh_from_db()
    assert pillar.image == {}
    assert _stored_files(media_root) == []


def test_without_an_image_a_pillar_shows_its_designed_art_not_an_empty_box(client):
    pillar = Pillar.objects.get(number=5)
    html = client.get(pillar.get_absolute_url()).content.decode()
    assert "<picture" not in html
    assert re.search(r'<div class="pillar-art" aria-hidden="true"><span>5</span></div>', html)
    # The social card falls back to the site's own.
    assert "img/social-card" in _pictures(html).meta["og:image"]


def test_the_spanish_page_describes_the_image_in_spanish_or_marks_the_english(
    admin_client, client
):
    pillar = Pillar.objects.get(number=1)
    _upload_hero(admin_client, pillar, photo_bytes(size=(1000, 600)), image_alt="A clinic")
    with translation.override("es"):
        url = pillar.get_absolute_url()
    (img,) = _pictures(client.get(url).content.decode()).images
    assert img["alt"] == "A clinic"
    assert img["lang"] == "en"

    pillar.refresh_from_db()
    pillar.image_alt_es = "Una clínica"
    pillar.save()
    (img,) = _pictures(client.get(url).content.decode()).images
    assert img["alt"] == "Una clínica"
    assert "lang" not in img
