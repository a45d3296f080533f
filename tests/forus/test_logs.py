"""No token of an emailed link reaches a log line, whichever log writes it."""

import io
import logging
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from campaign.newsletter import tokens
from forus.gunicorn_conf import TokenScrubbingLogger
from forus.logs import SignedLinkTokenFilter, path_scrub, text_scrub
from tests.newsletter.factories import SubscriberFactory
from tests.realparts import GunicornNode, production_environment

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_log() -> Iterator[io.StringIO]:
    """What the site's configured log handler writes (settings.LOGGING), captured."""
    [handler] = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(found, SignedLinkTokenFilter) for found in handler.filters)
    ]
    written = io.StringIO()
    previous = handler.setStream(written)
    yield written
    handler.setStream(previous)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/newsletter/confirm/{token}x/", 400),
        ("/es/newsletter/unsubscribe/{token}x/", 400),
        ("/champions/consent/{token}x/", 404),
        ("/webinars/registrations/{token}x/cancel/", 404),
    ],
)
def test_a_signed_link_with_a_bad_token_is_logged_without_it(site_log, path, status):
    token = tokens.confirmation_token(SubscriberFactory().pk)
    response = Client().get(path.format(token=token))

    assert response.status_code == status
    log = site_log.getvalue()
    assert path.format(token="[token]").replace("[token]x", "[token]") in log
    assert token not in log
    assert token[:12] not in log


def test_a_made_up_token_that_still_routes_is_scrubbed_too(site_log):
    assert Client().get("/newsletter/confirm/not-a-real-token/").status_code == 400
    log = site_log.getvalue()
    assert "Bad Request: /newsletter/confirm/[token]/" in log
    assert "not-a-real-token" not in log


def test_an_expired_link_is_logged_without_its_token(site_log):
    subscriber = SubscriberFactory()
    token = tokens.confirmation_token(subscriber.pk)
    # A genuine link past its age: the page answers 410 Gone, which Django logs.
    with time_machine.travel(tokens.CONFIRMATION_LINK_LIFETIME * 2, tick=False):
        response = Client().get(f"/newsletter/confirm/{token}/")
    assert response.status_code == 410
    log = site_log.getvalue()
    assert "Gone: /newsletter/confirm/[token]/" in log
    assert token not in log


def test_other_paths_are_logged_as_they_were(site_log):
    assert Client().get("/pillars/no-such-pillar/").status_code == 404
    assert "Not Found: /pillars/no-such-pillar/" in site_log.getvalue()


def test_signed_values_are_scrubbed_from_paths_that_route_nowhere_and_queries():
    token = tokens.confirmation_token(7)
    assert path_scrub(f"/old/links/{token}/") == "/old/links/[token]/"
    assert path_scrub(f"/pillars/?next={token}&page=2") == "/pillars/?next=[token]&page=2"
    line = f'1.2.3.4 "GET /newsletter/unsubscribe/{token}/ HTTP/1.1" 400 "https://example.org/newsletter/confirm/{token}/"'
    assert text_scrub(line) == (
        '1.2.3.4 "GET /newsletter/unsubscribe/[token]/ HTTP/1.1" 400 '
        '"https://example.org/newsletter/confirm/[token]/"'
    )


def test_gunicorns_access_log_scrubs_the_request_line_path_query_and_referrer():
    token = tokens.confirmation_token(7)

    class Request:
        method = "GET"
        path = f"/newsletter/confirm/{token}/"
        query = f"again={token}"
        uri = f"{path}?{query}"
        version = (1, 1)
        headers = [("REFERER", f"https://example.org/champions/consent/{token}/")]

    class Response:
        status = "400 Bad Request"
        response_length = 10
        sent = 10
        headers = []

    environ = {
        "REMOTE_ADDR": "127.0.0.1",
        "REQUEST_METHOD": "GET",
        "RAW_URI": Request.uri,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": Request.headers[0][1],
        "PATH_INFO": Request.path,
        "QUERY_STRING": Request.query,
    }
    logger = TokenScrubbingLogger.__new__(TokenScrubbingLogger)
    atoms = logger.atoms(Response(), Request(), environ, timedelta(milliseconds=3))

    assert token not in " ".join(str(value) for value in atoms.values())
    assert atoms["U"] == "/newsletter/confirm/[token]/"
    assert atoms["q"] == "again=[token]"
    assert "/champions/consent/[token]/" in atoms["f"]


@pytest.mark.django_db(transaction=True)
def test_a_real_web_node_logs_a_bad_signed_link_without_its_token(tmp_path):
    """gunicorn with its access log on, and Django's own log, from one real request."""
    token = tokens.confirmation_token(123456)
    bad = token[:-3] + "AAA"
    node = GunicornNode(
        environment=production_environment(),
        log_path=tmp_path / "gunicorn.log",
        options=["--access-logfile", "-", "--workers", "1"],
    )
    node.start()
    try:
        request = urllib.request.Request(  # noqa: S310 - our own node, over http
            f"{node.url}/newsletter/confirm/{bad}/?again={token}",
            headers={"Referer": f"{node.url}/champions/consent/{token}/"},
        )
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(request, timeout=10)  # noqa: S310 - our own node
        assert answer.value.code == 400
    finally:
        node.stop()

    log = (tmp_path / "gunicorn.log").read_text()
    assert "Bad Request: /newsletter/confirm/[token]/" in log
    assert '"GET /newsletter/confirm/[token]/?again=[token] HTTP/1.1" 400' in log
    assert "/champions/consent/[token]/" in log
    assert token[:20] not in log
    assert bad[:20] not in log
