"""The public spotlight pages: index, detail, photos, feed, home, pillars, sitemap."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from io import BytesIO

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from campaign.models import Pillar
from champions import services
from champions.models import Spotlight
from forus.images import image_decode
from tests.champions.conftest import photo_upload
from tests.champions.factories import SpotlightFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("champions:spotlight_list")
HOSTILE = '<script>alert("x")</script>'


def _published(count: int, **fields: object) -> list[Spotlight]:
    """Spotlights published a day apart, the last one newest."""
    start = timezone.now() - timedelta(days=count)
    return [
        SpotlightFactory(published_at=start + timedelta(days=day), **fields)
        for day in range(count)
    ]


def _with_photo(spotlight: Spotlight) -> Spotlight:
    services.spotlight_photo_replace(
        spotlight=spotlight,
        image=image_decode(photo_upload(size=(900, 1200))),
        photo_alt="Ada smiling",
    )
    return spotlight


def test_the_index_lists_published_spotlights_newest_first_and_never_drafts(
    client, django_assert_max_num_queries
):
    older, newer = _published(2)
    draft = SpotlightFactory(status=Spotlight.Status.DRAFT, published_at=None, title="Not yet")
    with django_assert_max_num_queries(4):
        response = client.get(INDEX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(newer.title) < html.index(older.title)
    assert draft.title not in html
    assert "The Social Mission Alliance features Social Mission Champions" in html
    assert f'href="{reverse("champions:nominate")}"' in html
    assert 'type="application/rss+xml"' in html
    assert f'href="{reverse("champions:feed")}"' in html


def test_the_index_has_twelve_a_page_and_canonical_page_links(client):
    spotlights = _published(13)
    first = client.get(INDEX).content.decode()
    assert first.count('class="card spotlight-card"') == 12
    assert 'href="/champions/?page=2" rel="next"' not in first
    assert 'rel="next" href="/champions/?page=2"' in first
    assert "Page 1 of 2" in first

    second = client.get(INDEX, {"page": "2"}).content.decode()
    assert second.count('class="card spotlight-card"') == 1
    assert spotlights[0].title in second
    assert 'rel="prev" href="/champions/"' in second


@pytest.mark.parametrize(
    "query",
    [
        {"page": "3"},
        {"page": "0"},
        {"page": "01"},
        {"page": "-1"},
        {"page": "two"},
        {"pillar": "no-such-pillar"},
    ],
)
def test_odd_page_numbers_and_unknown_pillars_are_not_found(client, query):
    _published(2)
    assert client.get(INDEX, query).status_code == 404


def test_unknown_query_parameters_are_not_served_from_the_cache(
    client, django_assert_max_num_queries
):
    _published(1)
    client.get(INDEX, {"utm_source": "x"})
    with django_assert_max_num_queries(4) as queries:
        client.get(INDEX, {"utm_source": "x"})
    assert len(queries) > 0


def test_the_index_filters_by_pillar(client):
    first_pillar = Pillar.objects.get(number=1)
    fourth_pillar = Pillar.objects.get(number=4)
    tagged = SpotlightFactory(title="Tagged spotlight", pillars=[first_pillar])
    other = SpotlightFactory(title="Other spotlight", pillars=[fourth_pillar])
    html = client.get(INDEX, {"pillar": first_pillar.slug}).content.decode()
    assert tagged.title in html
    assert other.title not in html
    assert f"Spotlights on “{first_pillar.title}”" in html
    assert f'href="/champions/?pillar={first_pillar.slug}" aria-current="page"' in html


def test_an_empty_index_invites_a_nomination(client):
    html = client.get(INDEX).content.decode()
    assert "No spotlight is published yet." in html


def test_a_spotlight_page_shows_the_champion_with_sanitised_markdown(
    client, django_assert_max_num_queries
):
    pillar = Pillar.objects.get(number=2)
    spotlight = SpotlightFactory(
        title="Opening doors",
        champion_name="Ada Champion",
        credentials="RN, MPH",
        affiliation="Community Health Center",
        body="## Her work\n\n**Bold** [link](javascript:alert(1)) <script>alert(1)</script>",
        pillars=[pillar],
    )
    with django_assert_max_num_queries(3):
        response = client.get(spotlight.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Opening doors</h1>" in html
    assert "Ada Champion, RN, MPH" in html
    assert "<h2>Her work</h2>" in html
    assert "<strong>Bold</strong>" in html
    assert "javascript:" not in html
    assert "<script>alert" not in html
    assert f'href="{pillar.get_absolute_url()}"' in html
    assert 'type="application/rss+xml"' in html
    assert '<meta property="og:type" content="article">' in html


def test_what_staff_typed_in_plain_fields_is_escaped(client):
    spotlight = SpotlightFactory(
        title=HOSTILE, champion_name=HOSTILE, credentials=HOSTILE, affiliation=HOSTILE
    )
    for url in [spotlight.get_absolute_url(), INDEX, "/"]:
        html = client.get(url).content.decode()
        assert HOSTILE not in html, url
        assert "&lt;script&gt;" in html, url


def test_a_draft_is_not_reachable(client):
    draft = SpotlightFactory(status=Spotlight.Status.DRAFT, published_at=None)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/champions/no-such-spotlight/").status_code == 404


def test_a_published_photo_is_served_and_a_draft_photo_only_to_staff(client):
    spotlight = _with_photo(SpotlightFactory())
    html = client.get(spotlight.get_absolute_url()).content.decode()
    assert f'src="{spotlight.photo_url}"' in html
    assert 'alt="Ada smiling"' in html
    assert f'width="{spotlight.photo_width}" height="{spotlight.photo_height}"' in html
    # Shared, the page shows a 1200 by 630 card made from the photo.
    assert f'content="http://testserver{spotlight.photo_social_url}"' in html  # og:image
    social = client.get(spotlight.photo_social_url)
    assert social["Content-Type"] == "image/jpeg"
    assert Image.open(BytesIO(b"".join(social.streaming_content))).size == (1200, 630)

    page = client.get(spotlight.photo_url)
    assert page.status_code == 200
    assert page["Content-Type"] == "image/jpeg"
    assert page["Cache-Control"] == "public, max-age=86400"
    assert b"".join(page.streaming_content)[:3] == b"\xff\xd8\xff"
    card = client.get(spotlight.photo_card_url)
    assert card["Content-Type"] == "image/webp"

    services.spotlight_unpublish(spotlight=spotlight)
    assert Client().get(spotlight.photo_url).status_code == 404
    staff = Client()
    staff.force_login(User.objects.create_superuser("staff", "staff@example.org", "x"))
    draft_photo = staff.get(spotlight.photo_url)
    assert draft_photo.status_code == 200
    assert "no-store" in draft_photo["Cache-Control"]


def test_photo_names_that_are_not_a_spotlights_are_not_found(client):
    assert client.get("/champions/photos/" + "0" * 32 + ".jpg").status_code == 404
    assert client.get("/champions/photos/../settings.py").status_code == 404


def test_the_home_page_shows_the_latest_three_and_a_nomination_link(
    client, django_assert_max_num_queries
):
    spotlights = _published(4)
    # +1: the organisation's details in the footer, read once into the cache.
    with django_assert_max_num_queries(5):
        response = client.get("/")
    html = response.content.decode()
    section = html[html.index('id="champions-title"') :]
    titles = [spotlight.title for spotlight in reversed(spotlights)]
    for title in titles[:3]:
        assert title in section
    assert titles[3] not in section
    positions = [section.index(title) for title in titles[:3]]
    assert positions == sorted(positions)
    assert f'href="{reverse("champions:nominate")}"' in section
    assert f'href="{INDEX}"' in section


def test_the_home_page_without_spotlights_still_invites_nominations(client):
    html = client.get("/").content.decode()
    assert "Nominate a champion" in html
    assert "spotlight-card" not in html


def test_publishing_shows_on_the_cached_home_page_at_once(client, django_assert_num_queries):
    spotlight = SpotlightFactory(status=Spotlight.Status.DRAFT, published_at=None)
    home = client.get("/").content.decode()
    assert 'id="champions-title"' in home
    assert spotlight.title not in home
    with django_assert_num_queries(0):
        client.get("/")  # from the cache

    services.spotlight_publish(spotlight=spotlight, notify_nominator=False)
    assert spotlight.title in Client().get("/").content.decode()
    assert spotlight.title in Client().get(INDEX).content.decode()

    services.spotlight_unpublish(spotlight=spotlight)
    home = Client().get("/").content.decode()
    assert 'id="champions-title"' in home
    assert spotlight.title not in home


def test_tagging_a_pillar_shows_on_its_cached_page_at_once(client):
    pillar = Pillar.objects.get(number=3)
    spotlight = SpotlightFactory()
    before = client.get(pillar.get_absolute_url()).content.decode()
    assert pillar.title in before
    assert spotlight.title not in before
    spotlight.pillars.add(pillar)
    assert spotlight.title in Client().get(pillar.get_absolute_url()).content.decode()


def test_a_pillar_page_lists_only_the_spotlights_tagged_with_it(
    client, django_assert_max_num_queries
):
    pillar = Pillar.objects.get(number=3)
    tagged = SpotlightFactory(title="Tagged here", pillars=[pillar])
    SpotlightFactory(title="Tagged elsewhere", pillars=[Pillar.objects.get(number=1)])
    SpotlightFactory(
        title="A draft here", status=Spotlight.Status.DRAFT, published_at=None, pillars=[pillar]
    )
    # +1: the organisation's details in the footer, read once into the cache.
    with django_assert_max_num_queries(3):
        response = client.get(pillar.get_absolute_url())
    html = response.content.decode()
    assert tagged.title in html
    assert "Tagged elsewhere" not in html
    assert "A draft here" not in html
    assert "Champions advancing this pillar" in html


def test_every_page_has_the_champions_link_in_the_main_nav(client):
    spotlight = SpotlightFactory()
    for url, marker in [
        ("/", None),
        (INDEX, 'aria-current="page">Champions<'),
        (spotlight.get_absolute_url(), 'class="is-section">Champions<'),
        (reverse("champions:nominate"), 'class="is-section">Champions<'),
    ]:
        html = client.get(url).content.decode()
        nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
        assert f'href="{INDEX}"' in nav
        if marker:
            assert marker in nav, url


def test_the_feed_is_rss_with_absolute_links_and_no_drafts(client):
    pillar = Pillar.objects.get(number=4)
    older, newer = _published(2, pillars=[pillar])
    SpotlightFactory(status=Spotlight.Status.DRAFT, published_at=None, title="Draft title")
    SpotlightFactory(title="Tom & <Jerry>")

    response = client.get(reverse("champions:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 - our own feed
    assert channel.findtext("title") == "Champion Spotlight · For Us All"
    assert channel.findtext("link") == "http://testserver/champions/"
    items = channel.findall("item")
    titles = [item.findtext("title") for item in items]
    assert "Draft title" not in titles
    assert "Tom &amp; &lt;Jerry&gt;" in titles
    entry = next(item for item in items if item.findtext("title") == newer.title)
    assert entry.findtext("link") == f"http://testserver{newer.get_absolute_url()}"
    assert entry.findtext("category") == pillar.title
    assert "<strong>body</strong>" in entry.findtext("description")
    assert titles.index(newer.title) < titles.index(older.title)


def test_the_sitemap_lists_published_spotlights_and_the_champion_pages(client):
    published = SpotlightFactory()
    draft = SpotlightFactory(status=Spotlight.Status.DRAFT, published_at=None)
    xml = client.get("/sitemap.xml").content.decode()
    assert f"http://testserver{published.get_absolute_url()}" in xml
    assert draft.get_absolute_url() not in xml
    assert "http://testserver/champions/nominate/" in xml
    assert "http://testserver/es/champions/" in xml


def test_spanish_pages_describe_the_photo_in_spanish_once_staff_write_it(client):
    [spotlight] = _published(1)
    _with_photo(spotlight)
    english_page = spotlight.get_absolute_url()
    with translation.override("es"):
        spanish_page = spotlight.get_absolute_url()
        spanish_index = reverse("champions:spotlight_list")

    html = client.get(spanish_page).content.decode()
    assert 'alt="Ada smiling" lang="en"' in html
    assert 'alt="Ada smiling" lang="en"' in client.get(spanish_index).content.decode()

    spotlight.photo_alt_es = "Ada sonriendo"
    spotlight.save()
    html = client.get(spanish_page).content.decode()
    assert 'alt="Ada sonriendo"' in html
    assert "Ada smiling" not in html
    assert 'alt="Ada smiling"' in client.get(english_page).content.decode()
