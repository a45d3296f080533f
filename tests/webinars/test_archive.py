"""The archive of past webinars: recordings, transcripts, slides and resources; safe uploads."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.webinars.factories import (
    RegistrationFactory,
    WebinarFactory,
    WebinarSpeakerFactory,
    admin_change_form,
)
from webinars import services
from webinars.models import Webinar, WebinarResource
from webinars.staff import EVENT_COORDINATORS
from webinars.transcripts import TRANSCRIPT_MAX_BYTES

pytestmark = pytest.mark.django_db

ARCHIVE = reverse("webinars:webinar_archive")
CAPTIONS = b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nWelcome to the panel.\n"
CLEAN_TRANSCRIPT = re.compile(r"webinars/transcripts/[0-9a-f]{32}\.(vtt|txt|pdf)")


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


def _past_webinar(**fields: object) -> Webinar:
    starts_at = timezone.now() - timedelta(days=30)
    return WebinarFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=1), **fields)


def _item(html: str, webinar: Webinar) -> str:
    match = re.search(
        rf'<li class="archive__item">\s*<article aria-labelledby="archive-{webinar.pk}">'
        rf'.*?</li>\s*(?=<li class="archive__item">|</ol>)',
        html,
        re.S,
    )
    assert match, webinar.slug
    return match.group(0)


def test_the_archive_lists_the_seeds_past_webinars_without_empty_fields(
    client, django_assert_max_num_queries
):
    upcoming = WebinarFactory(title="An upcoming panel")
    # The webinars, their resources and speakers; the footer's organisation details.
    with django_assert_max_num_queries(4):
        response = client.get(ARCHIVE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Saving Primary Care in the United States" in html
    assert "Introducing the For Us All campaign" in html
    assert upcoming.title not in html
    # The seed gives no recording, transcript or slides: nothing shows for them.
    assert 'class="past-materials' not in html
    assert "Watch the recording" not in html
    # The panel's speakers, from their shared records.
    panel = Webinar.objects.get(slug="saving-primary-care-in-the-united-states")
    assert "Brian Antono" in _item(html, panel)
    assert "Kiara Marmolejos (moderator)" in _item(html, panel)


def test_the_archive_and_the_page_show_the_recording_transcript_slides_and_resources(
    client, django_assert_max_num_queries
):
    webinar = _past_webinar(
        title="A panel on workforce",
        recording_url="https://video.example.org/panel",
        slides_url="https://slides.example.org/panel",
        transcript="Welcome, everyone.\n\nOur first speaker <b>is</b> here.",
    )
    WebinarResource.objects.create(
        webinar=webinar, title="Reading list", url="https://example.org/b", order=2
    )
    WebinarResource.objects.create(
        webinar=webinar, title="The report", url="https://example.org/a", order=1
    )
    bare = _past_webinar(title="A panel without materials")
    WebinarSpeakerFactory(webinar=webinar)

    with django_assert_max_num_queries(4):
        html = client.get(ARCHIVE).content.decode()
    item = _item(html, webinar)
    assert 'href="https://video.example.org/panel"' in item
    assert 'href="https://slides.example.org/panel"' in item
    assert f'href="{webinar.get_absolute_url()}#transcript"' in item
    # Resources in staff's order.
    assert item.index("The report") < item.index("Reading list")
    assert "past-materials" not in _item(html, bare)
    assert html.index(webinar.title) < html.index("Introducing the For Us All campaign")

    with django_assert_max_num_queries(4):
        page = client.get(webinar.get_absolute_url()).content.decode()
    assert 'id="transcript"' in page
    assert "<p>Welcome, everyone.</p>" in page
    assert "Our first speaker &lt;b&gt;is&lt;/b&gt; here." in page
    assert 'href="https://slides.example.org/panel"' in page
    assert page.index("The report") < page.index("Reading list")
    bare_page = client.get(bare.get_absolute_url()).content.decode()
    assert 'id="transcript"' not in bare_page
    assert "past-materials" not in bare_page


def test_an_upcoming_webinar_shows_no_transcript_or_resources_yet(client):
    webinar = WebinarFactory(transcript="Not yet.", slides_url="https://slides.example.org/x")
    WebinarResource.objects.create(webinar=webinar, title="Early", url="https://example.org/e")
    html = client.get(webinar.get_absolute_url()).content.decode()
    assert "Not yet." not in html
    assert "slides.example.org" not in html
    assert "Early" not in html


def _upload(coordinator: Client, webinar: Webinar, upload: SimpleUploadedFile):
    return coordinator.post(
        reverse("admin:webinars_webinar_change", args=[webinar.pk]),
        admin_change_form(webinar, new_transcript_file=upload),
    )


def test_a_captions_file_uploaded_in_admin_is_served_safely_from_the_archive(coordinator):
    webinar = _past_webinar()
    response = _upload(
        coordinator, webinar, SimpleUploadedFile("panel.VTT", b"\xef\xbb\xbf" + CAPTIONS)
    )
    assert response.status_code == 302
    webinar.refresh_from_db()
    assert CLEAN_TRANSCRIPT.fullmatch(webinar.transcript_file.name)
    assert webinar.transcript_file_kind == "vtt"

    html = Client().get(ARCHIVE).content.decode()
    assert f'href="{webinar.transcript_file_url}"' in _item(html, webinar)
    assert "Captions (WebVTT file)" in _item(html, webinar)
    served = Client().get(webinar.transcript_file_url)
    assert served.status_code == 200
    assert served["Content-Type"] == "text/vtt; charset=utf-8"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served["Content-Security-Policy"]
    # Stored as UTF-8 without the byte order mark.
    assert b"".join(served.streaming_content) == CAPTIONS


def test_a_pdf_transcript_is_a_download_and_a_drafts_file_is_for_staff_only(coordinator):
    webinar = _past_webinar(status=Webinar.Status.DRAFT)
    pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    assert _upload(coordinator, webinar, SimpleUploadedFile("t.pdf", pdf)).status_code == 302
    webinar.refresh_from_db()
    url = webinar.transcript_file_url
    assert Client().get(url).status_code == 404
    staff = coordinator.get(url)
    assert staff.status_code == 200
    assert staff["Cache-Control"] == "private, no-store"

    Webinar.objects.filter(pk=webinar.pk).update(status=Webinar.Status.PUBLISHED)
    public = Client().get(url)
    assert public.status_code == 200
    assert public["Content-Type"] == "application/pdf"
    assert public["Content-Disposition"].startswith("attachment")
    assert Client().get(url.replace(".pdf", ".txt")).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        pytest.param(
            "captions.vtt",
            b"<html><script>alert(1)</script></html>",
            "must start with WEBVTT",
            id="HTML named .vtt",
        ),
        pytest.param(
            "transcript.txt",
            b"%PDF-1.4\x00\x01binary",
            "not plain text in UTF-8",
            id="binary named .txt",
        ),
        pytest.param(
            "transcript.txt", b"\xff\xfe\x00a\x00b", "not plain text in UTF-8", id="UTF-16"
        ),
        pytest.param(
            "transcript.pdf",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
            "not a PDF",
            id="SVG named .pdf",
        ),
        pytest.param("transcript.html", b"Hello", "Choose a WebVTT", id="an .html file"),
        pytest.param("transcript", b"Hello", "Choose a WebVTT", id="no extension"),
        pytest.param(
            "big.txt", b"a" * (TRANSCRIPT_MAX_BYTES + 1), "larger than 2 MB", id="oversized"
        ),
        pytest.param("empty.txt", b"   \n", "not plain text", id="empty"),
    ],
)
def test_a_hostile_or_oversized_transcript_is_refused(coordinator, name, content, message):
    webinar = _past_webinar()
    response = _upload(coordinator, webinar, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    webinar.refresh_from_db()
    assert webinar.transcript_file.name == ""
    assert not default_storage.exists("webinars/transcripts")


def test_replacing_and_removing_the_file_deletes_the_old_one(
    coordinator, django_capture_on_commit_callbacks
):
    webinar = _past_webinar()
    _upload(coordinator, webinar, SimpleUploadedFile("a.txt", b"First transcript."))
    webinar.refresh_from_db()
    first = webinar.transcript_file.name
    with django_capture_on_commit_callbacks(execute=True):
        _upload(coordinator, webinar, SimpleUploadedFile("b.vtt", CAPTIONS))
    webinar.refresh_from_db()
    assert webinar.transcript_file.name.endswith(".vtt")
    assert not default_storage.exists(first)
    second = webinar.transcript_file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            reverse("admin:webinars_webinar_change", args=[webinar.pk]),
            admin_change_form(webinar, remove_transcript_file="on"),
        )
    assert response.status_code == 302
    webinar.refresh_from_db()
    assert webinar.transcript_file.name == ""
    assert not default_storage.exists(second)


def test_registrants_still_get_the_recording_email(django_capture_on_commit_callbacks):
    webinar = _past_webinar(recording_url="https://video.example.org/panel")
    RegistrationFactory(webinar=webinar, email="ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.webinar_send_recording(webinar_id=webinar.pk) == 1
    [message] = mail.outbox
    assert "https://video.example.org/panel" in message.body
