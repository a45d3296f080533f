import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)


def _directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/", id="page"),
        pytest.param("/pillars/workforce-diversification/", id="pillar page"),
        pytest.param("/admin/login/", id="form"),
        pytest.param("/no-such-page/", id="404"),
    ],
)
def test_every_page_type_sends_the_security_headers(client, path):
    response = client.get(path, secure=True)

    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert not any("unsafe" in value for values in policy.values() for value in values)

    hsts = dict(
        part.strip().partition("=")[::2]
        for part in response["Strict-Transport-Security"].split(";")
    )
    assert int(hsts["max-age"]) >= 31536000
    assert "includeSubDomains" in hsts
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_static_files_are_served_hashed_with_nosniff_and_hsts(client):
    url = static("css/site.css")
    assert url != "/static/css/site.css", "static files must carry a content hash"
    response = client.get(url, secure=True)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "max-age=31536000" in response["Strict-Transport-Security"]
    assert "immutable" in response["Cache-Control"]


def test_csrf_and_session_cookies_are_secure_httponly_and_samesite():
    browser = Client()
    login = browser.get("/admin/login/", secure=True)
    csrf = login.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] is True
    assert csrf["httponly"] is True
    assert csrf["samesite"] == "Lax"

    User.objects.create_superuser("staff", "staff@example.org", "a long staff passphrase")
    signed_in = browser.post(
        "/admin/login/",
        {
            "username": "staff",
            "password": "a long staff passphrase",
            "csrfmiddlewaretoken": browser.cookies[settings.CSRF_COOKIE_NAME].value,
        },
        secure=True,
    )
    assert signed_in.status_code == 302
    session = signed_in.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"


def test_plain_http_is_redirected_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(reverse("campaign:about"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_x_forwarded_proto_is_believed_only_from_a_trusted_proxy(settings):
    import ipaddress

    settings.SECURE_SSL_REDIRECT = True
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/24")]
    url = reverse("campaign:about")

    direct = Client(REMOTE_ADDR="203.0.113.9").get(url, HTTP_X_FORWARDED_PROTO="https")
    assert direct.status_code == 301
    assert direct["Location"].startswith("https://")

    proxied = Client(REMOTE_ADDR="10.0.0.2").get(url, HTTP_X_FORWARDED_PROTO="https")
    assert proxied.status_code == 200
    assert "Strict-Transport-Security" in proxied


def _production_environment(**overrides: str) -> dict[str, str]:
    # Only what a production host would have: nothing of the test run's own.
    environment = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/"),
        "DATABASE_URL": os.environ["DATABASE_URL"],
    }
    environment.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": "x7#Qp2!vL9zR4@mN8&wT1^bY6*hK3$dF5%gJ0(sC-eU+aO=iP_lZ",
            "ALLOWED_HOSTS": "forusall.example.org",
            "SITE_URL": "https://forusall.example.org",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "EMAIL_HOST": "smtp.example.org",
            "EMAIL_HOST_USER": "mailer",
            "EMAIL_HOST_PASSWORD": "not-a-real-password",
        }
    )
    environment.update(overrides)
    return environment


def test_deploy_check_is_clean_under_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=_production_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    environment = _production_environment()
    del environment["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
