"""Flyers and speakers' photos: re-encoded on upload, served only for public webinars."""

import importlib
import re
from io import BytesIO

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from forus.images import NOT_AN_IMAGE
from tests.images import GPS_IFD, photo_bytes, photo_upload
from tests.webinars.factories import (
    SpeakerFactory,
    WebinarFactory,
    WebinarSpeakerFactory,
    admin_change_form,
)
from webinars.models import Speaker, Webinar
from webinars.staff import EVENT_COORDINATORS

pytestmark = pytest.mark.django_db

CLEAN_FLYER = re.compile(r"webinars/flyers/[0-9a-f]{32}\.jpg")
CLEAN_PHOTO = re.compile(r"webinars/speakers/[0-9a-f]{32}\.jpg")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every stored image goes to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def coordinator() -> Client:
    user = User.objects.create_user("coordinator", "coordinator@example.org", "x", is_staff=True)
    user.groups.add(Group.objects.get(name=EVENT_COORDINATORS))
    client = Client()
    client.force_login(user)
    return client


def _speaker_form(**fields: object) -> dict[str, object]:
    """What the speaker's own admin form sends."""
    data = {
        "name": "Dr. Rosa Lind",
        "credentials_en": "",
        "affiliation_en": "",
        "bio_en": "",
        "photo_alt": "",
    }
    return data | fields


def _speaker_added(client: Client, **fields: object):
    return client.post(reverse("admin:webinars_speaker_add"), _speaker_form(**fields))


def _img_sources(html: str, css_class: str) -> list[str]:
    return re.findall(rf'<img class="{css_class}" src="([^"]+)"', html)


def _stored_image(name: str) -> Image.Image:
    return Image.open(default_storage.open(name, "rb"))


def _fetched(client: Client, url: str):
    response = client.get(url)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, content


def test_a_flyer_uploaded_in_admin_is_stored_clean_and_served_from_the_page(coordinator):
    webinar = WebinarFactory(slug="primary-care")
    original = photo_bytes(size=(1200, 1800), with_gps=True)
    assert GPS_IFD in Image.open(BytesIO(original)).getexif()

    response = coordinator.post(
        reverse("admin:webinars_webinar_change", args=[webinar.pk]),
        admin_change_form(
            webinar,
            new_flyer=photo_upload("flyer.jpg", original),
            flyer_alt="Panel of three clinicians",
        ),
    )

    assert response.status_code == 302
    webinar.refresh_from_db()
    assert CLEAN_FLYER.fullmatch(webinar.flyer.name)
    stored = _stored_image(webinar.flyer.name)
    assert stored.format == "JPEG"
    assert dict(stored.getexif()) == {}
    assert (webinar.flyer_width, webinar.flyer_height) == (1067, 1600)

    html = Client().get(webinar.get_absolute_url()).content.decode()
    sources = _img_sources(html, "webinar-flyer")
    assert sources == [webinar.flyer_url]
    assert 'width="1067" height="1600"' in html
    image, content = _fetched(Client(), sources[0])
    assert image.status_code == 200
    assert image["Content-Type"] == "image/jpeg"
    assert image["Cache-Control"] == "public, max-age=86400"
    assert content == default_storage.open(webinar.flyer.name).read()
    assert b"Camera maker" not in content


def test_a_speakers_photo_uploaded_in_admin_is_stored_clean_and_served(coordinator):
    webinar = WebinarFactory()
    response = _speaker_added(
        coordinator,
        new_photo=photo_upload("rosa-lind.jpg", with_gps=True),
        photo_alt="Rosa Lind smiling",
    )
    assert response.status_code == 302
    speaker = Speaker.objects.get(name="Dr. Rosa Lind")
    # Attached to the webinar on the webinar's own admin page.
    response = coordinator.post(
        reverse("admin:webinars_webinar_change", args=[webinar.pk]),
        admin_change_form(
            webinar,
            speakers=1,
            **{
                "speaker_appearances-0-speaker": str(speaker.pk),
                "speaker_appearances-0-role": "speaker",
                "speaker_appearances-0-order": "1",
            },
        ),
    )
    assert response.status_code == 302
    assert list(webinar.speakers.all()) == [speaker]
    assert CLEAN_PHOTO.fullmatch(speaker.photo.name)
    stored = _stored_image(speaker.photo.name)
    assert stored.size == (336, 336)
    assert dict(stored.getexif()) == {}

    html = Client().get(webinar.get_absolute_url()).content.decode()
    sources = _img_sources(html, "speaker__photo")
    assert sources == [speaker.photo_url]
    image, content = _fetched(Client(), sources[0])
    assert image.status_code == 200
    assert image["Content-Type"] == "image/jpeg"
    assert content == default_storage.open(speaker.photo.name).read()


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"%PDF-1.7\n" + b"0" * 2000, id="a PDF renamed .jpg"),
        pytest.param(
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            id="an SVG with a script",
        ),
    ],
)
def test_a_hostile_file_is_refused_as_flyer_and_as_photo(coordinator, content):
    webinar = WebinarFactory()
    url = reverse("admin:webinars_webinar_change", args=[webinar.pk])

    as_flyer = coordinator.post(
        url,
        admin_change_form(
            webinar,
            new_flyer=SimpleUploadedFile("flyer.jpg", content, "image/jpeg"),
            flyer_alt="A flyer",
        ),
    )
    as_photo = _speaker_added(
        coordinator,
        new_photo=SimpleUploadedFile("photo.jpg", content, "image/jpeg"),
        photo_alt="A speaker",
    )

    for response in (as_flyer, as_photo):
        assert response.status_code == 200
        assert str(NOT_AN_IMAGE) in response.content.decode()
    webinar.refresh_from_db()
    assert webinar.flyer.name == ""
    assert not Speaker.objects.filter(name="Dr. Rosa Lind").exists()
    assert not default_storage.exists("webinars")


def test_a_draft_webinars_images_are_served_only_to_staff(coordinator):
    webinar = WebinarFactory(status=Webinar.Status.DRAFT)
    coordinator.post(
        reverse("admin:webinars_webinar_change", args=[webinar.pk]),
        admin_change_form(webinar, new_flyer=photo_upload("flyer.jpg"), flyer_alt="A flyer"),
    )
    _speaker_added(coordinator, new_photo=photo_upload(), photo_alt="A speaker")
    webinar.refresh_from_db()
    speaker = Speaker.objects.get(name="Dr. Rosa Lind")
    WebinarSpeakerFactory(webinar=webinar, speaker=speaker)
    urls = [webinar.flyer_url, speaker.photo_url]
    assert all(urls)

    for url in urls:
        assert Client().get(url).status_code == 404
        preview, _content = _fetched(coordinator, url)
        assert preview.status_code == 200
        assert preview["Cache-Control"] == "private, no-store"

    Webinar.objects.filter(pk=webinar.pk).update(status=Webinar.Status.PUBLISHED)
    for url in urls:
        response, _content = _fetched(Client(), url)
        assert response.status_code == 200


def test_unknown_names_and_the_media_folder_are_not_served(coordinator):
    webinar = WebinarFactory()
    coordinator.post(
        reverse("admin:webinars_webinar_change", args=[webinar.pk]),
        admin_change_form(webinar, new_flyer=photo_upload("flyer.jpg"), flyer_alt="A flyer"),
    )
    webinar.refresh_from_db()
    assert webinar.flyer_url
    assert Client().get(webinar.flyer_url.replace(".jpg", ".png")).status_code == 404
    assert Client().get(reverse("webinars:image", args=["0" * 32 + ".jpg"])).status_code == 404
    assert Client().get(f"/media/{webinar.flyer.name}").status_code == 404


def test_replacing_and_removing_a_flyer_deletes_the_old_file(
    coordinator, django_capture_on_commit_callbacks
):
    webinar = WebinarFactory()
    url = reverse("admin:webinars_webinar_change", args=[webinar.pk])
    coordinator.post(url, admin_change_form(webinar, new_flyer=photo_upload(), flyer_alt="First"))
    webinar.refresh_from_db()
    first = webinar.flyer.name

    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(
            url, admin_change_form(webinar, new_flyer=photo_upload(), flyer_alt="Second")
        )
    webinar.refresh_from_db()
    second = webinar.flyer.name
    assert CLEAN_FLYER.fullmatch(second)
    assert second != first
    assert not default_storage.exists(first)

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            url, admin_change_form(webinar, remove_flyer="on", flyer_alt="")
        )
    assert response.status_code == 302
    webinar.refresh_from_db()
    assert (webinar.flyer.name, webinar.flyer_width) == ("", None)
    assert not default_storage.exists(second)


def test_files_uploaded_before_the_pipeline_are_reencoded_by_the_migration(
    django_capture_on_commit_callbacks,
):
    legacy_flyer = default_storage.save(
        "webinars/flyers/flyer.jpg", ContentFile(photo_bytes(size=(800, 1000)))
    )
    legacy_photo = default_storage.save(
        "webinars/speakers/rosa.jpg", ContentFile(photo_bytes(size=(300, 400)))
    )
    webinar = WebinarFactory(flyer=legacy_flyer, flyer_alt="The flyer")
    speaker = SpeakerFactory(photo=legacy_photo, photo_alt="Rosa")
    missing = SpeakerFactory(photo="webinars/speakers/gone.jpg", photo_alt="X")
    migration = importlib.import_module(
        "webinars.migrations.0009_reencode_flyers_and_speaker_photos"
    )

    with django_capture_on_commit_callbacks(execute=True):
        migration.reencode_images(apps, None)

    webinar.refresh_from_db()
    speaker.refresh_from_db()
    missing.refresh_from_db()
    assert CLEAN_FLYER.fullmatch(webinar.flyer.name)
    assert (webinar.flyer_width, webinar.flyer_height) == (800, 1000)
    assert dict(_stored_image(webinar.flyer.name).getexif()) == {}
    assert CLEAN_PHOTO.fullmatch(speaker.photo.name)
    assert (missing.photo.name, missing.photo_alt) == ("", "X")
    assert not default_storage.exists(legacy_flyer)
    assert not default_storage.exists(legacy_photo)
    response, content = _fetched(Client(), webinar.flyer_url)
    assert response.status_code == 200
    assert content == default_storage.open(webinar.flyer.name).read()


def test_a_speakers_photo_is_public_while_the_speaker_is_on_any_public_webinar(coordinator):
    _speaker_added(coordinator, new_photo=photo_upload(), photo_alt="A speaker")
    speaker = Speaker.objects.get(name="Dr. Rosa Lind")
    # On no webinar yet: only staff see it.
    assert Client().get(speaker.photo_url).status_code == 404
    assert _fetched(coordinator, speaker.photo_url)[0].status_code == 200

    draft = WebinarFactory(status=Webinar.Status.DRAFT)
    WebinarSpeakerFactory(webinar=draft, speaker=speaker)
    assert Client().get(speaker.photo_url).status_code == 404

    WebinarSpeakerFactory(webinar=WebinarFactory(), speaker=speaker)
    response, _content = _fetched(Client(), speaker.photo_url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=86400"
