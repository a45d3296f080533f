"""A webinar's cover image: uploaded in admin, drawn at the size the browser needs,
served only while the webinar is public, and made into the page's social card."""

import re
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from PIL import Image

from tests.images import photo_bytes, photo_upload
from tests.webinars.factories import WebinarFactory, admin_change_form
from webinars.models import Webinar
from webinars.staff import EVENT_COORDINATORS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def coordinator() -> Client:
    user = User.objects.create_user("coordinator", "coordinator@example.org", "x", is_staff=True)
    user.groups.add(Group.objects.get(name=EVENT_COORDINATORS))
    client = Client()
    client.force_login(user)
    return client


def _with_cover(coordinator: Client, webinar: Webinar, **changes: object) -> Webinar:
    response = coordinator.post(
        reverse("admin:webinars_webinar_change", args=[webinar.pk]),
        admin_change_form(
            webinar,
            new_image=photo_upload("cover.jpg", photo_bytes(size=(2000, 1400))),
            image_alt="Three panellists on a stage",
            **changes,
        ),
    )
    assert response.status_code == 302
    webinar.refresh_from_db()
    return webinar


def _fetched(client: Client, url: str) -> tuple[int, str, bytes]:
    response = client.get(url)
    content = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response.status_code, response.get("Content-Type", ""), content


def test_a_cover_is_drawn_on_the_page_and_its_card_and_served_with_its_social_card(
    coordinator,
):
    webinar = _with_cover(coordinator, WebinarFactory())
    assert [source["width"] for source in webinar.image["sources"]] == [480, 960, 1600]

    html = Client().get(webinar.get_absolute_url()).content.decode()
    head = re.search(r'<picture class="page-head__picture">(.*?)</picture>', html).group(1)
    assert 'fetchpriority="high"' in head
    assert 'alt="Three panellists on a stage"' in head
    assert 'width="1600" height="900"' in head
    urls = re.findall(r"(/[^\s\"]+) \d+w", head)
    assert len(urls) == 6  # three widths, WebP and JPEG
    for url in urls:
        status, content_type, content = _fetched(Client(), url)
        assert status == 200
        assert content_type in {"image/webp", "image/jpeg"}
        assert Image.open(BytesIO(content)).format in {"WEBP", "JPEG"}

    card = re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)
    status, content_type, content = _fetched(Client(), urlsplit(card).path)
    assert (status, content_type) == (200, "image/jpeg")
    assert Image.open(BytesIO(content)).size == (1200, 630)

    listing = Client().get(reverse("webinars:webinar_list")).content.decode()
    card_picture = re.search(r'<picture class="card__picture">(.*?)</picture>', listing).group(1)
    # On a list, below the hero, images wait until they come into view.
    assert 'loading="lazy"' in card_picture
    assert "fetchpriority" not in card_picture


def test_a_draft_webinars_cover_is_served_only_to_staff(coordinator):
    webinar = _with_cover(coordinator, WebinarFactory(status=Webinar.Status.DRAFT))
    url = webinar.image_url(webinar.image["sources"][0]["jpg"])
    assert Client().get(url).status_code == 404
    status, _type, _content = _fetched(coordinator, url)
    assert status == 200

    Webinar.objects.filter(pk=webinar.pk).update(status=Webinar.Status.PUBLISHED)
    status, _type, _content = _fetched(Client(), url)
    assert status == 200


def test_a_cover_file_is_found_only_under_its_own_webinar(coordinator):
    first = _with_cover(coordinator, WebinarFactory())
    second = WebinarFactory()
    name = first.image["sources"][0]["jpg"].rpartition("/")[2]
    assert Client().get(reverse("webinars:cover", args=[second.pk, name])).status_code == 404
    assert Client().get(reverse("webinars:cover", args=[first.pk, name])).status_code == 200
    missing = reverse("webinars:cover", args=[first.pk, "0" * 32 + ".jpg"])
    assert Client().get(missing).status_code == 404


def test_a_cover_needs_its_description(coordinator):
    webinar = WebinarFactory()
    response = coordinator.post(
        reverse("admin:webinars_webinar_change", args=[webinar.pk]),
        admin_change_form(webinar, new_image=photo_upload("cover.jpg"), image_alt=""),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["image_alt"]
    webinar.refresh_from_db()
    assert webinar.image == {}


def test_without_a_cover_the_page_shows_its_date_on_the_campaigns_colours(client):
    webinar = WebinarFactory()
    html = client.get(webinar.get_absolute_url()).content.decode()
    assert "<picture" not in html
    assert re.search(
        r'<div class="pillar-art webinar-art" aria-hidden="true"><span>\w+\.? \d+</span>', html
    )
