"""Share links on webinar and spotlight pages: plain links, ?source= codes, a bounded cache."""

import re
from html import unescape
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from forus.sharing import SHARE_SOURCES, share_links
from tests.champions.factories import SpotlightFactory
from tests.webinars.factories import WebinarFactory, registration_form_data
from webinars.models import Registration

pytestmark = pytest.mark.django_db

SHARE_BLOCK = re.compile(r'<section class="share".*?</section>', re.S)


def _page_url_of(href: str) -> str:
    """The page address a share link passes to its network."""
    parts = urlsplit(href)
    query = parse_qs(parts.query)
    if parts.scheme == "mailto":
        return query["body"][0].split("\n\n", 1)[1]
    if "url" in query:
        return query["url"][0]
    return query["text"][0].rsplit(" ", 1)[1]


def test_each_share_link_goes_to_its_networks_share_page_with_a_source_code():
    share = share_links(path="/webinars/a-panel/", title="A panel & more")
    page = f"{settings.SITE_URL}/webinars/a-panel/"
    hosts = {}
    for link in share.links:
        parts = urlsplit(link.href)
        hosts[link.channel] = parts.netloc or parts.scheme
        assert _page_url_of(link.href) == f"{page}?source=share-{link.channel}"
    assert hosts == {
        "email": "mailto",
        "linkedin": "www.linkedin.com",
        "bluesky": "bsky.app",
        "x": "x.com",
    }
    email = urlsplit(share.links[0].href)
    assert parse_qs(email.query)["subject"] == ["A panel & more"]
    # Spaces as %20, which every mail program reads, never "+".
    assert "+" not in email.query
    assert unquote(email.query).count("A panel & more") == 2
    assert share.copy_url == f"{page}?source=share-copy"
    assert {f"share-{link.channel}" for link in share.links} | {"share-copy"} == SHARE_SOURCES


@pytest.mark.parametrize("kind", ["webinar", "spotlight"])
def test_webinar_and_spotlight_pages_have_the_share_block(client, kind):
    content = WebinarFactory(title="A panel") if kind == "webinar" else SpotlightFactory()
    html = client.get(content.get_absolute_url()).content.decode()
    [block] = SHARE_BLOCK.findall(html)
    page = settings.SITE_URL + content.get_absolute_url()
    hrefs = [unescape(href) for href in re.findall(r'<a [^>]*href="([^"]+)"', block)]
    assert len(hrefs) == 4
    for href, channel in zip(hrefs, ["email", "linkedin", "bluesky", "x"], strict=True):
        assert _page_url_of(href) == f"{page}?source=share-{channel}"
    # Copying works without JavaScript: a labelled read-only field with the address.
    field = re.search(r'<input class="share__url" id="share-url"[^>]*>', block).group(0)
    assert f'value="{page}?source=share-copy"' in field
    assert "readonly" in field
    assert '<label class="share__label" for="share-url">' in block
    # The button is for the script to show; nothing from another host on the page.
    assert re.search(r"<button [^>]*data-share-copy[^>]*hidden>", block)
    assert not re.search(r'<(?:script|img|iframe|source)[^>]+src="(?:https?:)?//', html)


def test_a_registration_records_the_share_channel_it_came_through(
    client, django_capture_on_commit_callbacks
):
    webinar = WebinarFactory()
    html = client.get(webinar.get_absolute_url() + "?source=share-linkedin").content.decode()
    assert re.search(r'<input type="hidden" name="source" value="share-linkedin"', html)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            webinar.get_absolute_url(), registration_form_data(source="share-linkedin")
        )
    assert response.status_code == 302
    assert Registration.objects.get().source == "share-linkedin"


def test_share_codes_are_cached_and_any_other_code_is_not(
    settings, redis_url, django_assert_max_num_queries
):
    import redis

    from forus.settings import redis_caches

    settings.CACHES = redis_caches(redis_url, redis_url)
    pages = redis.Redis.from_url(redis_url)
    pages.flushdb()
    spotlight = SpotlightFactory()
    webinar = WebinarFactory()

    for url in (spotlight.get_absolute_url(), webinar.get_absolute_url()):
        for code in sorted(SHARE_SOURCES):
            Client().get(f"{url}?source={code}")
    keys = set(pages.keys("*public-page:*"))
    assert len(keys) == 2 * len(SHARE_SOURCES)

    # A share code again is served from the cache: the spotlight with no
    # query, the webinar with only its seat state's.
    with django_assert_max_num_queries(0):
        response = Client().get(f"{spotlight.get_absolute_url()}?source=share-x")
    assert response.status_code == 200
    with django_assert_max_num_queries(1):
        response = Client().get(f"{webinar.get_absolute_url()}?source=share-x")
    assert 'name="source" value="share-x"' in response.content.decode()

    # Any other code is still recorded by the form, on a page rendered afresh.
    for number in range(30):
        response = Client().get(f"{webinar.get_absolute_url()}?source=campaign-{number}")
        assert f'name="source" value="campaign-{number}"' in response.content.decode()
        Client().get(f"{spotlight.get_absolute_url()}?source=campaign-{number}")
    assert set(pages.keys("*public-page:*")) == keys


def test_the_spotlight_preview_for_staff_has_no_share_block(admin_client):
    spotlight = SpotlightFactory()
    preview = reverse("admin:champions_spotlight_preview", args=[spotlight.pk])
    response = admin_client.get(preview)
    assert response.status_code == 200
    assert not SHARE_BLOCK.search(response.content.decode())
