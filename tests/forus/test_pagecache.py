import re

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from campaign.models import Pillar
from forus.pagecache import VERSION_KEY
from tests.champions.factories import SpotlightFactory
from tests.webinars.factories import WebinarFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PER_VISIT = re.compile(r'name="(?:csrfmiddlewaretoken|form_started)" value="([^"]+)"')


def test_a_second_anonymous_visit_costs_no_query(client, django_assert_num_queries):
    first = client.get(reverse("campaign:home"))
    with django_assert_num_queries(0):
        second = Client().get(reverse("campaign:home"))
    assert second.status_code == 200
    # The same page, but for each visitor's own CSRF token and form start time.
    assert PER_VISIT.sub("", second.content.decode()) == PER_VISIT.sub("", first.content.decode())
    assert TOKEN.search(second.content.decode()).group(1) != (
        TOKEN.search(first.content.decode()).group(1)
    )


def test_a_staff_edit_in_admin_shows_at_once(client, django_assert_num_queries):
    pillar = Pillar.objects.get(number=1)
    assert pillar.title in client.get(pillar.get_absolute_url()).content.decode()

    staff = Client()
    staff.force_login(User.objects.create_superuser("editor", "editor@example.org", "x"))
    response = staff.post(
        reverse("admin:campaign_pillar_change", args=[pillar.pk]),
        {
            "number": 1,
            "title_en": "Workforce Diversification Now",
            "slug": pillar.slug,
            "summary_en": pillar.summary,
            "body_en": pillar.body,
        },
    )
    assert response.status_code == 302

    html = Client().get(pillar.get_absolute_url()).content.decode()
    assert "<h1>Workforce Diversification Now</h1>" in html
    assert (
        "Workforce Diversification Now" in Client().get(reverse("campaign:home")).content.decode()
    )


def test_visitors_with_a_session_are_not_served_from_the_cache(
    client, django_assert_max_num_queries
):
    client.get(reverse("campaign:home"))
    staff = Client()
    staff.force_login(User.objects.create_superuser("editor", "editor@example.org", "x"))
    with django_assert_max_num_queries(10) as queries:
        staff.get(reverse("campaign:home"))
    assert len(queries) > 0


def test_unknown_query_strings_bypass_the_cache(client, django_assert_max_num_queries):
    client.get(reverse("campaign:home"))
    with django_assert_max_num_queries(5) as queries:
        client.get(reverse("campaign:home") + "?utm_source=anything")
    assert len(queries) > 0


@pytest.mark.parametrize(
    "spelling",
    [
        "page=1&page=1",  # repeated
        "page=%31",  # percent-encoded value
        "pa%67e=1",  # percent-encoded name
    ],
)
def test_a_known_parameter_spelled_another_way_is_served_but_never_cached(
    client, django_assert_max_num_queries, spelling
):
    SpotlightFactory()
    url = reverse("champions:spotlight_list")
    client.get(f"{url}?page=1")
    cached_keys = set(cache._cache) if hasattr(cache, "_cache") else None

    for _visit in range(2):
        with django_assert_max_num_queries(8) as queries:
            response = Client().get(f"{url}?{spelling}")
        assert response.status_code == 200
        assert len(queries) > 0  # rendered afresh each time: nothing was stored
    if cached_keys is not None:
        assert set(cache._cache) == cached_keys


def test_parameters_in_another_order_share_one_cached_copy(client, django_assert_num_queries):
    SpotlightFactory()
    pillar = Pillar.objects.get(number=1).slug
    url = reverse("champions:spotlight_list")
    client.get(f"{url}?pillar={pillar}&page=1")
    with django_assert_num_queries(0):
        response = Client().get(f"{url}?page=1&pillar={pillar}")
    assert response.status_code == 200


@pytest.mark.urls("tests.forus.pagecache_urls")
def test_each_visitor_of_a_cached_form_gets_a_working_token_of_their_own():
    first_visitor = Client(enforce_csrf_checks=True)
    first_token = TOKEN.search(first_visitor.get("/form/").content.decode()).group(1)

    second_visitor = Client(enforce_csrf_checks=True)
    response = second_visitor.get("/form/")
    second_token = TOKEN.search(response.content.decode()).group(1)

    assert "__public_page_csrf_token__" not in response.content.decode()
    assert second_token != first_token
    assert "csrftoken" in response.cookies
    accepted = second_visitor.post("/post/", {"csrfmiddlewaretoken": second_token})
    assert accepted.status_code == 200
    refused = Client(enforce_csrf_checks=True).post("/post/", {"csrfmiddlewaretoken": "forged"})
    assert refused.status_code == 403


def test_a_change_saved_by_another_web_process_shows_after_the_version_check(client, settings):
    pillar = Pillar.objects.get(number=2)
    client.get(pillar.get_absolute_url())
    # Another process saved a pillar: the shared version moved on, and the
    # row changed, but this process has heard of neither.
    Pillar.objects.filter(pk=pillar.pk).update(title="Changed elsewhere")
    cache.set(VERSION_KEY, 123, timeout=None)

    settings.PUBLIC_PAGE_VERSION_CHECK_SECONDS = 0
    html = Client().get(pillar.get_absolute_url()).content.decode()
    assert "<h1>Changed elsewhere</h1>" in html


def test_a_public_form_on_a_cached_page_starts_its_clock_at_each_visit(
    django_assert_num_queries,
):
    """Otherwise the minimum fill time would count from when the page was cached."""
    import time

    import time_machine
    from django.core import signing

    from forus.public_forms import STARTED_SALT

    started = re.compile(r'name="form_started" value="([^"]+)"')
    rendered_at = time.time()
    with time_machine.travel(rendered_at, tick=False):
        Client().get(reverse("campaign:home"))
    with time_machine.travel(rendered_at + 60, tick=False), django_assert_num_queries(0):
        html = Client().get(reverse("campaign:home")).content.decode()

    assert signing.loads(started.search(html).group(1), salt=STARTED_SALT)["t"] == rendered_at + 60


def test_each_visitor_of_a_cached_form_gets_a_start_time_of_their_own_that_works():
    import time

    import time_machine

    from campaign.newsletter.models import Subscriber

    started = re.compile(r'name="form_started" value="([^"]+)"')
    url = reverse("newsletter:signup")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    now = time.time()
    with time_machine.travel(now, tick=False):
        first_html = first.get(url).content.decode()
        second_html = second.get(url).content.decode()  # served from the cache
    assert "__form_started_placeholder__" not in second_html
    values = [started.search(page).group(1) for page in (first_html, second_html)]
    assert values[0] != values[1]

    def send(client: Client, html: str, value: str, email: str) -> int:
        return client.post(
            url,
            {
                "csrfmiddlewaretoken": TOKEN.search(html).group(1),
                "form_started": value,
                "email": email,
                "referral_note": "",
            },
        ).status_code

    with time_machine.travel(now + 10, tick=False):
        assert send(second, second_html, values[0], "borrowed@example.org") == 200
        assert send(second, second_html, values[1], "own@example.org") == 302
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["own@example.org"]


def _redis(url: str):
    import redis

    return redis.Redis.from_url(url)


def test_host_variants_make_no_new_cache_keys(settings, redis_url):
    from forus.settings import redis_caches

    settings.CACHES = redis_caches(redis_url, redis_url)
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    pages = _redis(redis_url)
    pages.flushdb()

    assert Client().get(reverse("campaign:home"), HTTP_HOST="localhost:8000").status_code == 200
    keys = pages.keys("*public-page:*")
    assert len(keys) == 1

    hosts = ["localhost:1", "LOCALHOST:8802", "localhost.:8802", "testserver"]
    hosts += [f"localhost:{port}" for port in range(2, 40)]
    for host in hosts:
        assert Client().get(reverse("campaign:home"), HTTP_HOST=host).status_code == 200
    assert pages.keys("*public-page:*") == keys


@pytest.mark.urls("tests.forus.public_form_urls")
@pytest.mark.parametrize("policy", ["noeviction", "allkeys-lru"])
def test_a_full_page_cache_leaves_the_broker_and_the_rate_limits_working(
    settings, redis_server, django_capture_on_commit_callbacks, policy
):
    import time

    import redis
    import time_machine

    from forus.models import FallbackCounter
    from forus.outbox.models import OutboundEmail
    from forus.public_forms import HONEYPOT_FIELD, form_started_token
    from forus.settings import redis_caches
    from tests.realparts import RedisServer, use_celery_broker

    page_redis = RedisServer(eviction_policy=policy)
    page_redis.start()
    try:
        settings.CACHES = redis_caches(redis_server.url, page_redis.url)
        full = _redis(page_redis.url)
        full.config_set("maxmemory", "4mb")
        # Fill it to the brim, as 2,000 rendered pages would.
        refused = 0
        for number in range(200):
            try:
                full.set(f"filler:{number}", b"x" * 100_000)
            except redis.exceptions.OutOfMemoryError:
                refused += 1
        # A Redis that never evicts now refuses writes; an evicting one drops old keys.
        assert refused > 0 if policy == "noeviction" else full.dbsize() < 200
        assert full.info("memory")["used_memory"] > 3_500_000
        broker = _redis(redis_server.url)

        # Pages are still served, and cached only in the page cache.
        for pillar in Pillar.objects.all():
            assert Client().get(pillar.get_absolute_url()).status_code == 200
        assert broker.keys("*public-page:*") == []

        # Rate limits count in the broker's Redis, not in the fallback table.
        use_celery_broker(redis_server.url)
        try:
            client = Client(REMOTE_ADDR="203.0.113.9")
            statuses = []
            frozen = time_machine.travel(time.time(), tick=False)  # one rate-limit window
            frozen.start()
            for _ in range(4):
                with django_capture_on_commit_callbacks(execute=True):
                    data = {
                        "email": "reader@example.org",
                        "name": "Ana Reader",
                        "form_started": form_started_token(
                            csrf_secret="", started_at=time.time() - 12
                        ),
                        HONEYPOT_FIELD: "",
                    }
                    statuses.append(client.post("/check/", data).status_code)
        finally:
            frozen.stop()
            use_celery_broker(None)
        assert statuses == [302, 302, 302, 429]
        assert not FallbackCounter.objects.exists()
        # And the emails' delivery tasks are in the broker's queue.
        assert OutboundEmail.objects.count() == 3
        assert broker.llen("celery") == 3
    finally:
        page_redis.stop()


def _anonymous_pages() -> list[str]:
    spotlight = SpotlightFactory()
    webinar = WebinarFactory()
    return [
        reverse("campaign:home"),
        Pillar.objects.get(number=1).get_absolute_url(),
        reverse("newsletter:signup"),
        reverse("webinars:webinar_list"),
        reverse("webinars:webinar_detail", args=[webinar.slug]),
        reverse("champions:spotlight_list"),
        spotlight.get_absolute_url(),
        "/es/",
        "/es/newsletter/",
    ]


def test_a_page_from_the_cache_is_the_page_the_whole_stack_gives():
    for path in _anonymous_pages():
        fresh = Client().get(path, secure=True)
        cached = Client().get(path, secure=True)
        assert fresh.status_code == cached.status_code == 200, path
        # Answered before sessions and authentication ran: nothing was loaded.
        assert hasattr(fresh.wsgi_request, "session"), path
        assert not hasattr(cached.wsgi_request, "session"), path
        assert not hasattr(cached.wsgi_request, "user"), path

        assert PER_VISIT.sub("", cached.content.decode()) == PER_VISIT.sub(
            "", fresh.content.decode()
        ), path
        headers = {name: value for name, value in fresh.items() if name != "Content-Length"}
        assert {"Content-Security-Policy", "Strict-Transport-Security"} <= set(headers), path
        assert {"Content-Language", "Vary", "X-Frame-Options"} <= set(headers), path
        assert {n: v for n, v in cached.items() if n != "Content-Length"} == headers, path
        assert int(cached["Content-Length"]) == len(cached.content), path
        assert set(cached.cookies) == set(fresh.cookies), path
        for name, cookie in fresh.cookies.items():
            for attribute in ("secure", "httponly", "samesite", "max-age", "path", "domain"):
                assert cached.cookies[name][attribute] == cookie[attribute], (path, attribute)


def test_a_spanish_page_from_the_cache_is_in_spanish():
    Client().get("/es/")
    english, spanish = Client().get("/"), Client().get("/es/", HTTP_ACCEPT_LANGUAGE="en")
    assert not hasattr(spanish.wsgi_request, "session")
    assert (english["Content-Language"], spanish["Content-Language"]) == ("en", "es")
    assert '<html lang="es"' in spanish.content.decode()


def test_a_logged_in_staff_member_never_gets_the_cached_page(client):
    client.get(reverse("campaign:home"))
    staff = Client()
    staff.force_login(User.objects.create_superuser("editor", "editor@example.org", "x"))
    response = staff.get(reverse("campaign:home"))
    assert response.status_code == 200
    assert response.wsgi_request.user.is_staff
    assert response.wsgi_request.session.session_key


@pytest.mark.urls("tests.forus.pagecache_urls")
def test_one_visitors_token_and_message_never_reach_another():
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page = first.get("/form/").content.decode()
    flashed = first.get("/flash/", follow=True).content.decode()
    second_page = second.get("/form/").content.decode()
    again = first.get("/form/").content.decode()

    assert "Only for the visitor who asked" in flashed
    assert "Only for the visitor who asked" not in second_page + again
    tokens = [TOKEN.search(page).group(1) for page in (first_page, flashed, second_page)]
    assert len(set(tokens)) == 3
    # Each token works only with its own visitor's cookie.
    assert second.post("/post/", {"csrfmiddlewaretoken": tokens[2]}).status_code == 200
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert second.post("/post/", {"csrfmiddlewaretoken": "x" * 64}).status_code == 403


def test_what_one_visitor_typed_never_reaches_another():
    import time

    import time_machine

    url = reverse("newsletter:signup")
    first, second = Client(), Client()
    now = time.time()
    with time_machine.travel(now, tick=False):
        html = first.get(url).content.decode()
        second.get(url)
        sent = first.post(
            url,
            {
                "csrfmiddlewaretoken": TOKEN.search(html).group(1),
                "form_started": re.search(r'name="form_started" value="([^"]+)"', html).group(1),
                "email": "first-visitor@example.org",
                "name": "First Visitor",
                "referral_note": "",
            },
        )
    # Sent too fast: the form comes back with what was typed, to its sender only.
    assert sent.status_code == 200
    assert "first-visitor@example.org" in sent.content.decode()
    with time_machine.travel(now + 1, tick=False):
        for visitor in (second, Client(), first):
            page = visitor.get(url)
            assert not hasattr(page.wsgi_request, "session")
            assert "first-visitor@example.org" not in page.content.decode()
            assert "First Visitor" not in page.content.decode()


def test_a_form_sent_a_second_after_a_cached_page_was_served_is_refused():
    import time

    import time_machine

    from campaign.newsletter.models import Subscriber
    from forus.public_forms import TOO_FAST

    url = reverse("newsletter:signup")
    Client().get(url)
    visitor = Client(enforce_csrf_checks=True)
    now = time.time()
    with time_machine.travel(now, tick=False):
        page = visitor.get(url)
    assert not hasattr(page.wsgi_request, "session")  # from the cache
    html = page.content.decode()
    data = {
        "csrfmiddlewaretoken": TOKEN.search(html).group(1),
        "form_started": re.search(r'name="form_started" value="([^"]+)"', html).group(1),
        "email": "quick@example.org",
        "referral_note": "",
    }
    with time_machine.travel(now + 1, tick=False):
        refused = visitor.post(url, data)
    assert refused.status_code == 200
    assert str(TOO_FAST)[:40] in refused.content.decode().replace("&#x27;", "'")
    assert not Subscriber.objects.filter(email="quick@example.org").exists()
    with time_machine.travel(now + 10, tick=False):
        assert visitor.post(url, data).status_code == 302
    assert Subscriber.objects.filter(email="quick@example.org").exists()


def test_a_webinar_edit_refreshes_its_page_and_the_list():
    webinar = WebinarFactory()
    pages = [reverse("webinars:webinar_list"), webinar.get_absolute_url()]
    for path in pages:
        Client().get(path)
        assert not hasattr(Client().get(path).wsgi_request, "session")  # cached

    staff = Client()
    staff.force_login(User.objects.create_superuser("editor", "editor@example.org", "x"))
    webinar.title = "Renamed by staff"
    webinar.save()
    for path in pages:
        fresh = Client().get(path)
        assert hasattr(fresh.wsgi_request, "session"), path  # rendered afresh
        assert "Renamed by staff" in fresh.content.decode(), path


# --- The 404 page ----------------------------------------------------------------------


def test_a_404_from_the_cache_is_the_404_the_whole_stack_gives(django_assert_num_queries):
    for first, second in [
        ("/no-such-page/", "/another/missing/page?x=1"),
        ("/es/no-such-page/", "/es/nada/aqui/"),
        ("/en/no-such-page/", "/en/gone"),
    ]:
        fresh = Client().get(first, secure=True)
        with django_assert_num_queries(0):
            cached = Client().get(second, secure=True)
        assert fresh.status_code == cached.status_code == 404, first
        assert hasattr(fresh.wsgi_request, "session"), first
        assert not hasattr(cached.wsgi_request, "session"), second
        assert "We can’t find that page" in fresh.content.decode() or "es" in first
        # The same page for any address: nothing of the path is in it.
        assert cached.content == fresh.content, first
        headers = {name: value for name, value in fresh.items() if name != "Content-Length"}
        assert {"Content-Security-Policy", "Strict-Transport-Security"} <= set(headers), first
        assert {"Content-Language", "X-Frame-Options"} <= set(headers), first
        assert {n: v for n, v in cached.items() if n != "Content-Length"} == headers, first
        assert int(cached["Content-Length"]) == len(cached.content)


def test_the_cached_404_is_in_the_language_of_the_address_and_switches_to_the_home_page():
    Client().get("/no-such-page/")
    Client().get("/es/no-such-page/")
    english = Client().get("/no/such/thing/", HTTP_ACCEPT_LANGUAGE="es")
    spanish = Client().get("/es/no/such/thing/", HTTP_ACCEPT_LANGUAGE="en")
    assert not hasattr(english.wsgi_request, "session")
    assert not hasattr(spanish.wsgi_request, "session")
    assert (english["Content-Language"], spanish["Content-Language"]) == ("en", "es")
    assert "Accept-Language" in english["Vary"]
    assert '<html lang="es"' in spanish.content.decode()
    assert 'class="language-switch__link" href="/es/"' in english.content.decode()
    assert 'class="language-switch__link" href="/"' in spanish.content.decode()
    assert "no/such/thing" not in english.content.decode() + spanish.content.decode()


def test_arbitrary_missing_addresses_make_one_cache_key_per_language(settings, redis_url):
    from forus.settings import redis_caches

    settings.CACHES = redis_caches(redis_url, redis_url)
    pages = _redis(redis_url)
    pages.flushdb()
    for number in range(30):
        for prefix in ("", "/es", "/en"):
            path = f"{prefix}/missing-{number}/page-{number}?q={number}&utm_source={number}"
            assert Client().get(path).status_code == 404
    keys = {key.decode() for key in pages.keys("*public-page:*")}
    assert len(keys) == 3, keys


def test_a_missing_slash_still_redirects_when_a_404_is_cached():
    Client().get("/no-such-page/")
    response = Client().get("/webinars")
    assert response.status_code == 301
    assert response["Location"] == "/webinars/"


def test_staff_and_a_foreign_host_never_get_the_cached_404(client):
    Client().get("/no-such-page/")
    client.force_login(User.objects.create_superuser("staff", "staff@example.org", "x"))
    staff = client.get("/no-such-page/")
    assert staff.status_code == 404
    assert hasattr(staff.wsgi_request, "user")
    assert Client().get("/no-such-page/", HTTP_HOST="evil.example").status_code == 400
