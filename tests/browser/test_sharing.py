"""Share links in Chromium: no request elsewhere on load; copy-link with and without JS."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from tests.champions.factories import SpotlightFactory
from webinars.models import Webinar, WebinarResource


def _pages():
    starts_at = (timezone.now() + timedelta(days=10)).replace(microsecond=0)
    webinar = Webinar.objects.create(
        title="A panel to share",
        slug="a-panel-to-share",
        summary="A webinar for the sharing test.",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        join_url="https://meet.example.org/j/share-secret",
        status=Webinar.Status.PUBLISHED,
    )
    past = Webinar.objects.get(slug="saving-primary-care-in-the-united-states")
    past.recording_url = "https://video.example.org/primary-care"
    past.transcript = "Welcome to the panel."
    past.save()
    WebinarResource.objects.create(
        webinar=past, title="A resource", url="https://example.org/resource"
    )
    spotlight = SpotlightFactory(title="A champion to share")
    return webinar, spotlight, past


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_page_asks_another_host_for_anything_on_load(live_site, open_page):
    webinar, spotlight, past = _pages()
    own_host = urlsplit(live_site.url).netloc
    page = open_page("phone")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    paths = [
        webinar.get_absolute_url(),
        "/es" + webinar.get_absolute_url(),
        spotlight.get_absolute_url(),
        "/es" + spotlight.get_absolute_url(),
        past.get_absolute_url(),
        "/webinars/past/",
        f"/webinars/{webinar.slug}/registered/",
    ]
    for path in paths:
        response = page.goto(live_site.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    assert len(requests) > len(paths)  # the pages' own styles and scripts were seen
    elsewhere = [url for url in requests if urlsplit(url).netloc != own_host]
    assert elsewhere == []
    # The share and calendar links are there, as plain links to the other hosts.
    page.goto(live_site.url + webinar.get_absolute_url())
    hosts = {
        urlsplit(href).netloc
        for href in page.locator(".share__links a, .add-to-calendar a").evaluate_all(
            "links => links.map(link => link.href)"
        )
    }
    assert {
        "www.linkedin.com",
        "bsky.app",
        "x.com",
        "calendar.google.com",
        "outlook.live.com",
    } <= hosts


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("kind", ["webinar", "spotlight"])
def test_copy_link_with_javascript_copies_the_address(
    live_site, open_page, assert_accessible, kind
):
    webinar, spotlight, _past = _pages()
    content = webinar if kind == "webinar" else spotlight
    page = open_page("desktop", permissions=["clipboard-read", "clipboard-write"])
    page.goto(live_site.url + content.get_absolute_url())
    button = page.get_by_role("button", name="Copy link")
    button.click()
    expected = f"{settings.SITE_URL}{content.get_absolute_url()}?source=share-copy"
    assert page.locator("[data-share-status]").text_content() == "Link copied."
    assert page.evaluate("navigator.clipboard.readText()") == expected
    assert_accessible(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("kind", ["webinar", "spotlight"])
def test_copy_link_without_javascript_is_a_selectable_field(live_site, open_page, kind):
    webinar, spotlight, _past = _pages()
    content = webinar if kind == "webinar" else spotlight
    page = open_page("phone", java_script_enabled=False)
    page.goto(live_site.url + content.get_absolute_url())
    field = page.get_by_label("Link to this page")
    assert field.is_visible()
    assert not field.is_editable()
    expected = f"{settings.SITE_URL}{content.get_absolute_url()}?source=share-copy"
    assert field.input_value() == expected
    # No button that would do nothing. (The page's own scripts cannot run
    # here, so neither can axe: the page with JavaScript is checked above.)
    assert not page.locator("[data-share-copy]").is_visible()
    field.select_text()
    expect(field).to_be_focused()
    box = field.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= page.viewport_size["width"]
