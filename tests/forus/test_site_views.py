import re

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse

from campaign.models import Pillar
from tests.champions.factories import SpotlightFactory
from tests.realparts import RedisServer
from tests.webinars.factories import WebinarFactory

pytestmark = pytest.mark.django_db


def test_health_reports_the_database_and_redis_unconfigured(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "not configured"}
    assert "no-cache" in response["Cache-Control"]


def _use_redis(settings, url: str) -> None:
    from forus.settings import redis_caches

    settings.REDIS_URL = url
    settings.CACHES = redis_caches(url, url)


def test_health_reports_a_running_redis(client, settings, redis_url):
    _use_redis(settings, redis_url)
    response = client.get(reverse("health"))
    assert response.json() == {"database": "ok", "redis": "ok"}


def test_health_reports_redis_down_and_the_site_keeps_serving(client, settings):
    # Nothing listens on port 1: as good as Redis being down.
    _use_redis(settings, "redis://127.0.0.1:1/0")
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "error"}
    page = client.get(reverse("campaign:home"))
    assert page.status_code == 200
    assert caches["default"].get("anything") is None


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in body


def test_sitemap_lists_every_page_and_pillar_in_both_languages(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    assert Pillar.objects.count() == 5  # the loop below has pillars to check
    for pillar in Pillar.objects.all():
        assert f"http://testserver/pillars/{pillar.slug}/" in xml
        assert f"http://testserver/es/pillars/{pillar.slug}/" in xml
    for path in ["/", "/introduction/", "/about/", "/privacy/", "/pillars/"]:
        assert f"<loc>http://testserver{path}</loc>" in xml
    assert 'hreflang="es"' in xml


def test_favicon_redirects_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".svg")


def test_pages_carry_open_graph_and_twitter_tags(client):
    pillar = Pillar.objects.get(number=4)
    html = client.get(pillar.get_absolute_url()).content.decode()
    assert f'<meta property="og:title" content="{pillar.title}">' in html
    assert (
        f'<meta property="og:url" content="{settings.SITE_URL}{pillar.get_absolute_url()}">'
        in html
    )
    assert '<meta property="og:image" content="http://testserver/static/img/social-card.' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert f'<link rel="canonical" href="{settings.SITE_URL}{pillar.get_absolute_url()}">' in html


@pytest.mark.urls("tests.forus.failing_urls")
def test_a_server_error_gets_the_branded_500_page(client):
    client.raise_request_exception = False
    response = client.get("/fail/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_a_form_without_its_token_gets_a_clear_page():
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x"})
    assert response.status_code == 403
    assert "Please send the form again" in response.content.decode()


def test_the_deploy_check_warns_when_redis_may_evict_the_task_queue(settings):
    evicting = RedisServer(eviction_policy="allkeys-lru")
    evicting.start()
    try:
        settings.REDIS_URL = evicting.url
        messages = run_checks(include_deployment_checks=True)
        assert "forus.W001" in [message.id for message in messages]
        [warning] = [message for message in messages if message.id == "forus.W001"]
        assert "allkeys-lru" in warning.msg
    finally:
        evicting.stop()


def test_the_deploy_check_is_quiet_about_a_redis_that_never_evicts(settings, redis_server):
    settings.REDIS_URL = redis_server.url
    messages = run_checks(include_deployment_checks=True)
    assert "forus.W001" not in [message.id for message in messages]


def test_the_sitemap_gathers_every_apps_sections_in_order(client):
    WebinarFactory(slug="a-webinar")
    SpotlightFactory(slug="a-spotlight")
    xml = client.get("/sitemap.xml").content.decode()
    locs = re.findall(r"<loc>http://testserver(.*?)</loc>", xml)
    # Each English address is followed by its Spanish one.
    assert locs[1::2] == [f"/es{path}" for path in locs[::2]]
    assert locs[::2] == [
        # The campaign's pages, then its pillars.
        "/",
        "/introduction/",
        "/about/",
        "/pillars/",
        "/privacy/",
        "/pillars/workforce-diversification/",
        "/pillars/institutional-support-for-historically-excluded-groups/",
        "/pillars/anti-racist-and-justice-oriented-health-education/",
        "/pillars/centering-community-power/",
        "/pillars/repairing-harm-with-community-redress/",
        # The newsletter's page.
        "/newsletter/",
        # The webinars, newest first.
        "/webinars/",
        "/webinars/a-webinar/",
        "/webinars/introducing-the-for-us-all-campaign/",
        "/webinars/saving-primary-care-in-the-united-states/",
        # The Champion Spotlight pages, then the published spotlights.
        "/champions/",
        "/champions/nominate/",
        "/champions/a-spotlight/",
    ]
    # Three alternates (en, es, x-default) for each of the 36 addresses.
    assert xml.count("<xhtml:link") == 108
