"""CSRF on a site whose form pages come from the page cache."""

import re

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.forus.pagecache_urls")]

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _visitor_with_token() -> tuple[Client, str]:
    """A visitor who loaded the cached form page: their cookie and the page's token."""
    Client().get("/form/")  # the page is now cached
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/form/")
    assert not hasattr(page.wsgi_request, "session")  # served from the cache
    return visitor, TOKEN.search(page.content.decode()).group(1)


def test_a_post_from_a_browser_that_sends_no_origin_nor_fetch_metadata_works_by_token():
    visitor, token = _visitor_with_token()
    response = visitor.post("/post/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert response.content == b"accepted"


def test_a_same_origin_post_with_fetch_metadata_works():
    visitor, token = _visitor_with_token()
    response = visitor.post(
        "/post/",
        {"csrfmiddlewaretoken": token},
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": "https://attacker.example"},
        {"Origin": "https://attacker.example", "Sec-Fetch-Site": "cross-site"},
    ],
)
def test_a_cross_site_post_is_refused_even_with_a_valid_token(headers):
    visitor, token = _visitor_with_token()
    response = visitor.post("/post/", {"csrfmiddlewaretoken": token}, headers=headers)
    assert response.status_code == 403


def test_a_post_without_the_token_is_refused():
    visitor, _token = _visitor_with_token()
    assert visitor.post("/post/", {}).status_code == 403
    assert visitor.post("/post/", {}, headers={"Sec-Fetch-Site": "same-origin"}).status_code == 403


def test_a_token_from_another_visitor_is_refused():
    _first, token = _visitor_with_token()
    second, _own = _visitor_with_token()
    assert second.post("/post/", {"csrfmiddlewaretoken": token}).status_code == 403
    stranger = Client(enforce_csrf_checks=True)
    assert stranger.post("/post/", {"csrfmiddlewaretoken": token}).status_code == 403


def test_the_cached_pages_token_is_djangos_mask_of_the_visitors_cookie():
    from django.middleware.csrf import (
        CSRF_ALLOWED_CHARS,
        CSRF_TOKEN_LENGTH,
        _unmask_cipher_token,
    )

    visitor, token = _visitor_with_token()
    assert len(token) == CSRF_TOKEN_LENGTH
    assert set(token) <= set(CSRF_ALLOWED_CHARS)
    assert _unmask_cipher_token(token) == visitor.cookies["csrftoken"].value
    # Masked afresh each time: the same secret, another token.
    again = TOKEN.search(visitor.get("/form/").content.decode()).group(1)
    assert again != token
    assert _unmask_cipher_token(again) == visitor.cookies["csrftoken"].value


def test_the_cached_pages_random_strings_use_every_character():
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

    from forus.pagecache import _csrf_string

    strings = [_csrf_string() for _ in range(500)]
    assert {len(string) for string in strings} == {CSRF_SECRET_LENGTH}
    assert len(set(strings)) == 500
    counts = dict.fromkeys(CSRF_ALLOWED_CHARS, 0)
    for char in "".join(strings):
        counts[char] += 1
    # 16,000 characters, about 258 of each: none missing or far off.
    assert len(counts) == 62
    assert 150 < min(counts.values()) <= max(counts.values()) < 380
