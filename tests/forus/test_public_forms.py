"""The shared plumbing of public forms, through a small form that queues an email."""

import logging
import re
import time

import pytest
from django.core import mail, signing
from django.test import Client

from forus.outbox.models import OutboundEmail
from forus.public_forms import (
    HONEYPOT_FIELD,
    RATE_LIMITED,
    TOO_FAST,
    TRAPPED,
)
from tests.forus.public_form_data import honest_form_data, started

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.forus.public_form_urls")]


STARTED_FIELD = re.compile(r'name="form_started" value="([^"]+)"')


def page_started(client: Client) -> str:
    """The start time a GET of the test form gives this client."""
    return STARTED_FIELD.search(client.get("/check/").content.decode()).group(1)


def _post(client: Client, **overrides: str):
    return client.post("/check/", honest_form_data(**overrides))


def test_the_form_renders_the_traps_out_of_sight_and_out_of_reach(client):
    html = client.get("/check/").content.decode()
    trap = re.search(r'<div class="form-trap" aria-hidden="true">(.*?)</div>', html, re.S)
    assert trap, "the honeypot sits in a wrapper hidden from assistive technology"
    assert f'name="{HONEYPOT_FIELD}"' in trap.group(1)
    assert 'tabindex="-1"' in trap.group(1)
    assert 'autocomplete="off"' in trap.group(1)
    assert re.search(r'<input type="hidden" name="form_started" value="[^"]+"', html)


def test_an_honest_send_is_accepted(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client)
    assert response.status_code == 302
    assert OutboundEmail.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "trap",
    [
        pytest.param(lambda: {HONEYPOT_FIELD: "http://spam.example"}, id="honeypot filled"),
        pytest.param(lambda: {"form_started": "tampered"}, id="tampered time"),
        pytest.param(lambda: {"form_started": ""}, id="missing time"),
        pytest.param(
            lambda: {"form_started": signing.dumps(time.time() - 12, salt="other")},
            id="signed for something else",
        ),
        pytest.param(lambda: {"form_started": started(seconds_ago=5 * 3600)}, id="a stale page"),
    ],
)
def test_a_tripped_trap_saves_nothing_and_does_not_say_which(client, trap):
    response = _post(client, **trap())

    assert response.status_code == 200
    html = response.content.decode()
    assert str(TRAPPED) in html
    assert str(TOO_FAST) not in html
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []
    # Nothing the bot typed into the trap comes back, and a fresh clock starts.
    assert "spam.example" not in html
    assert 'value="Ana Reader"' in html

    # A person who tripped it sends again, with the form as it came back.
    import time_machine

    with time_machine.travel(time.time() + 10, tick=False):
        resent = _post(client, form_started=STARTED_FIELD.search(html).group(1))
    assert resent.status_code == 302
    assert OutboundEmail.objects.count() == 1


@pytest.mark.parametrize(
    ("path", "told"),
    [
        ("/check/", "This form was sent faster than a person usually can fill it in"),
        ("/es/newsletter/", "Este formulario se envió más rápido de lo que una persona suele"),
    ],
)
def test_a_send_faster_than_a_person_is_told_so_and_the_next_press_sends_it(path, told):
    import time_machine

    client = Client(enforce_csrf_checks=True)
    now = time.time()
    with time_machine.travel(now, tick=False):
        html = client.get(path).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    with time_machine.travel(now + 1, tick=False):
        response = client.post(
            path,
            honest_form_data(form_started=STARTED_FIELD.search(html).group(1))
            | {"csrfmiddlewaretoken": token},
        )
    assert response.status_code == 200
    again = response.content.decode()
    assert told in " ".join(again.split())
    assert str(TRAPPED) not in again
    assert 'value="Ana Reader"' in again
    assert 'value="reader@example.org"' in again
    assert not OutboundEmail.objects.exists()

    # The form came back with a clock of its own: the press after reading is judged by it.
    with time_machine.travel(now + 6, tick=False):
        response = client.post(
            path,
            honest_form_data(form_started=STARTED_FIELD.search(again).group(1))
            | {"csrfmiddlewaretoken": token},
        )
    assert response.status_code == 302
    assert OutboundEmail.objects.count() == 1


def test_a_start_time_is_used_once(client):
    import time_machine

    with time_machine.travel(time.time() - 10, tick=False):
        value = page_started(client)
    assert _post(client, form_started=value).status_code == 302

    replayed = _post(client, form_started=value)
    assert replayed.status_code == 200
    assert str(TRAPPED) in replayed.content.decode()
    assert OutboundEmail.objects.count() == 1


def test_a_start_time_given_to_another_client_is_refused():
    import time_machine

    owner, stranger = Client(), Client()
    with time_machine.travel(time.time() - 10, tick=False):
        value = page_started(owner)
        page_started(stranger)  # the stranger has a CSRF cookie of their own
    for other in (stranger, Client()):
        refused = _post(other, form_started=value)
        assert refused.status_code == 200
        assert str(TRAPPED) in refused.content.decode()
    assert not OutboundEmail.objects.exists()
    # Its owner may still use it.
    assert _post(owner, form_started=value).status_code == 302


def test_with_redis_down_a_start_time_is_still_used_once(settings, redis_server):
    import time_machine

    _use_redis_cache(settings, redis_server.url)
    redis_server.stop()
    client = Client()
    with time_machine.travel(time.time() - 10, tick=False):
        value = page_started(client)
    assert _post(client, form_started=value).status_code == 302
    assert str(TRAPPED) in _post(client, form_started=value).content.decode()
    assert OutboundEmail.objects.count() == 1


def test_errors_sit_next_to_their_fields_and_in_a_summary_that_links_to_them(client):
    response = _post(client, email="not-an-address", name="")
    html = response.content.decode()

    assert response.status_code == 200
    assert 'id="error-summary"' in html
    assert 'href="#id_email"' in html
    assert 'href="#id_name"' in html
    email_input = re.search(r"<input[^>]*name=\"email\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in email_input
    assert 'aria-describedby="id_email_error"' in email_input
    assert 'id="id_email_error"' in html
    # What the person typed is kept.
    assert 'value="not-an-address"' in email_input
    assert not OutboundEmail.objects.exists()


def test_hostile_text_is_escaped_when_the_form_comes_back(client):
    html = _post(client, email="x", name='<script>alert("x")</script>').content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_a_line_break_in_a_name_never_adds_a_header_or_recipient(
    smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(Client(), name="Ana\r\nBcc: victim@example.org\r\nSubject: owned")
    assert response.status_code == 302
    [message] = smtp_server.messages
    assert message["Bcc"] is None
    assert message["Subject"] == "For Us All: a test email"
    assert message.get_all("To") == ["reader@example.org"]


def test_an_email_address_with_a_line_break_is_refused(client):
    response = _post(client, email="reader@example.org\r\nBcc: victim@example.org")
    assert response.status_code == 200
    assert "Enter a valid email address" in response.content.decode()
    assert not OutboundEmail.objects.exists()


def _use_redis_cache(settings, url: str) -> None:
    from forus.settings import redis_caches

    settings.CACHES = redis_caches(url, url)


def test_too_many_sends_get_a_clear_429_with_the_form_as_typed(settings, redis_server):
    _use_redis_cache(settings, redis_server.url)
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(3):  # the test form allows 3 a minute
        assert _post(client).status_code == 302

    response = _post(client, name="Fourth Try")

    assert response.status_code == 429
    html = response.content.decode()
    assert str(RATE_LIMITED).split(":")[0] in html
    assert 'value="Fourth Try"' in html
    assert OutboundEmail.objects.count() == 3
    # Another address is not held back.
    assert _post(Client(REMOTE_ADDR="203.0.113.10")).status_code == 302


def test_with_redis_down_the_rate_limit_counts_in_the_database_and_says_so_in_the_log(
    settings, redis_server, caplog
):
    _use_redis_cache(settings, redis_server.url)
    redis_server.stop()
    client = Client(REMOTE_ADDR="203.0.113.9")
    import time_machine

    with (
        caplog.at_level(logging.WARNING, logger="forus.counters"),
        time_machine.travel(time.time(), tick=False),  # within one rate-limit window
    ):
        statuses = [_post(client).status_code for _ in range(5)]
    # The test form allows 3 a minute.
    assert statuses == [302, 302, 302, 429, 429]
    assert OutboundEmail.objects.count() == 3
    assert any("counting in the database" in record.getMessage() for record in caplog.records)
    # Another person still gets through.
    assert _post(Client(REMOTE_ADDR="203.0.113.10")).status_code == 302


@pytest.mark.urls("forus.urls")
def test_a_burst_at_the_newsletter_with_redis_stopped_is_still_refused(settings, redis_server):
    import time_machine
    from django.urls import reverse

    _use_redis_cache(settings, redis_server.url)
    redis_server.stop()
    burst = Client(REMOTE_ADDR="203.0.113.9")
    frozen = time_machine.travel(time.time(), tick=False)  # within one rate-limit window
    frozen.start()
    statuses = [
        burst.post(
            reverse("newsletter:signup"),
            {
                "email": f"burst-{number}@example.org",
                "name": "",
                "form_started": started(seconds_ago=12),
                HONEYPOT_FIELD: "",
            },
        ).status_code
        for number in range(30)
    ]
    frozen.stop()
    assert len(statuses) == 30
    # The newsletter form allows 20 an hour per client.
    assert statuses.count(302) == 20
    assert statuses.count(429) == 10
    person = Client(REMOTE_ADDR="198.51.100.7").post(
        reverse("newsletter:signup"),
        {"email": "real@example.org", "form_started": started(seconds_ago=12), HONEYPOT_FIELD: ""},
    )
    assert person.status_code == 302


def test_an_oversized_request_gets_a_clear_413_page(client, settings):
    response = client.post("/check/", {"name": "x" * (settings.MAX_REQUEST_BODY_BYTES + 1)})
    assert response.status_code == 413
    assert "too much to send at once" in response.content.decode()
    assert not OutboundEmail.objects.exists()


def test_a_large_text_field_under_the_body_limit_also_gets_the_413_page(client, settings):
    response = client.post(
        "/check/", honest_form_data(name="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
    )
    assert response.status_code == 413
    assert not OutboundEmail.objects.exists()


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        pytest.param("10.0.0.2", "1.2.3.4, 198.51.100.7", "198.51.100.7", id="one proxy"),
        pytest.param(
            "10.0.0.2", "1.2.3.4, 198.51.100.7, 10.0.0.9", "198.51.100.7", id="two proxies"
        ),
        pytest.param("203.0.113.5", "198.51.100.7", "203.0.113.5", id="untrusted peer"),
        pytest.param("10.0.0.2", "", "10.0.0.2", id="no header"),
        pytest.param("10.0.0.2", "1.2.3.4, garbage", "10.0.0.2", id="garbage"),
    ],
)
def test_the_client_address_is_read_from_trusted_proxies_only(
    rf, settings, remote, forwarded, expected
):
    import ipaddress

    from forus.public_forms import client_ip

    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    settings.TRUSTED_PROXIES = []
    assert client_ip(request) == remote
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/24")]
    # Walked from the right, past the trusted hops; what the client wrote is ignored.
    assert client_ip(request) == expected


def test_forwarded_addresses_from_an_untrusted_peer_count_as_one_client(settings):
    import ipaddress

    import time_machine

    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/24")]
    # All within one rate-limit window, however slow the machine.
    with time_machine.travel(time.time(), tick=False):
        statuses = [
            _post(
                Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"198.18.0.{number}")
            ).status_code
            for number in range(40)
        ]
    assert len(statuses) == 40
    # The test form allows 3 a minute per client: one client, whatever it wrote.
    assert statuses.count(302) == 3
    assert statuses.count(429) == 37
    assert OutboundEmail.objects.count() == 3

    # Behind the trusted balancer each visitor is their own client.
    behind = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.18.1.1")
    assert _post(behind).status_code == 302


def test_a_summary_link_to_a_group_of_options_lands_on_the_first_option():
    from django import forms
    from django.template import engines

    class ChoiceForm(forms.Form):
        role = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
        pillars = forms.MultipleChoiceField(
            choices=[("1", "One"), ("2", "Two")], widget=forms.CheckboxSelectMultiple
        )

    form = ChoiceForm(data={})
    html = (
        engines["django"]
        .from_string('{% include "includes/form_errors.html" %}{{ form }}')
        .render({"form": form})
    )
    assert 'href="#id_role_0"' in html
    assert 'href="#id_pillars_0"' in html
    assert 'id="id_role_0"' in html
    assert 'id="id_pillars_0"' in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            (
                '<li><a href="#id_role_0">Which describes you best</a>: '
                "Choose the one that describes you best.</li>"
            ),
        ),
        (
            "es",
            (
                '<li><a href="#id_role_0">Qué opción describe mejor su caso</a>: '
                "Elija la opción que mejor describa su caso.</li>"
            ),
        ),
    ],
)
def test_the_error_summary_reads_as_a_sentence_in_both_languages(language, expected):
    from django import forms
    from django.template import engines
    from django.utils import translation
    from django.utils.translation import gettext_lazy as _

    class RoleForm(forms.Form):
        role = forms.ChoiceField(
            label=_("Which describes you best?"),
            choices=[("a", "A"), ("b", "B")],
            widget=forms.RadioSelect,
            error_messages={"required": _("Choose the one that describes you best.")},
        )

    with translation.override(language):
        html = (
            engines["django"]
            .from_string('{% include "includes/form_errors.html" %}')
            .render({"form": RoleForm(data={})})
        )
    items = re.findall(r"<li>.*?</li>", " ".join(html.split()))
    assert items == [expected]


def test_rate_limited_counts_each_post_per_client_and_group_and_never_a_get(rf):
    import time_machine

    from forus.public_forms import rate_limited

    def sent(address: str, group: str = "test-limit") -> bool:
        return rate_limited(rf.post("/anything/", REMOTE_ADDR=address), group=group, rate="2/m")

    with time_machine.travel(time.time(), tick=False):  # within one rate-limit window
        first = [sent("192.0.2.7") for _ in range(3)]
        other_group = sent("192.0.2.7", group="test-other")
        other_client = sent("192.0.2.8")
        get = rate_limited(
            rf.get("/anything/", REMOTE_ADDR="192.0.2.7"), group="test-limit", rate="2/m"
        )

    assert first == [False, False, True]
    assert other_group is False
    assert other_client is False
    assert get is False
