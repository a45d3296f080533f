"""The newsletter's pages: signup, confirmation and unsubscribing, as a person meets them."""

import re
import time
from datetime import timedelta

import pytest
import time_machine
from django.core import mail, signing
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from campaign.newsletter import exports, selectors, tokens
from campaign.newsletter.forms import CONSENT_WORDING
from campaign.newsletter.models import Subscriber
from campaign.newsletter.views import NewsletterSignupView
from forus.outbox.models import OutboundEmail
from forus.pagecache import public_page_key
from forus.public_forms import HONEYPOT_FIELD, RATE_LIMITED, TRAPPED
from tests.forus.public_form_data import honest_form_data
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

NEWSLETTER = "/newsletter/"
CHECK_INBOX = "/newsletter/check-your-inbox/"
LINK = re.compile(r"http://testserver(/(?:es/)?newsletter/(?:confirm|unsubscribe)/[^/\s\"]+/)")


def signup_data(**overrides: str) -> dict[str, str]:
    data = honest_form_data(email="reader@example.org", name="Ana Reader")
    data.update(overrides)
    return data


def links_in(message: mail.EmailMessage) -> dict[str, str]:
    """The site's paths the email links to, by kind: confirm and unsubscribe."""
    paths = set(LINK.findall(message.body))
    return {path.split("/")[-3]: path for path in paths}


def sign_up(client: Client, capture, **overrides: str):
    with capture(execute=True):
        return client.post(NEWSLETTER, signup_data(**overrides))


# --- The pages and the form ---------------------------------------------------


def test_the_newsletter_page_has_the_form_and_the_consent_wording(
    client, django_assert_max_num_queries
):
    # Only the organisation's details in the footer, read once into the cache.
    with django_assert_max_num_queries(1):
        response = client.get(NEWSLETTER)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Stay Updated — Health Advocate Insights · For Us All</title>" in html
    assert "be sure to sign up for Health Advocate Insights in the form below" in html
    assert f'action="{NEWSLETTER}"' in html
    assert re.search(r'<input type="email" name="email"[^>]*autocomplete="email"', html)
    assert re.search(r'<input type="text" name="name"[^>]*autocomplete="name"', html)
    assert '<input type="hidden" name="source" value="newsletter_page"' in html
    assert (
        f'<p class="newsletter-form__consent" id="newsletter-consent">{CONSENT_WORDING}</p>'
        in (html)
    )
    assert 'aria-describedby="newsletter-consent">Sign up</button>' in html
    assert 'href="/newsletter/" aria-current="page">Newsletter</a>' in html


def test_the_home_page_has_the_same_form_posting_to_the_newsletter_page(
    client, django_assert_max_num_queries
):
    # +1: the organisation's details in the footer, read once into the cache.
    with django_assert_max_num_queries(5):
        html = client.get(reverse("campaign:home")).content.decode()
    section = html[html.index('id="stay-updated"') :]
    section = section[: section.index("</section>")]
    assert "in the form below" in section
    form_tag = (
        f'<form id="newsletter-form" class="newsletter-form" method="post" action="{NEWSLETTER}" '
        "novalidate>"
    )
    assert form_tag in section
    assert 'name="csrfmiddlewaretoken"' in section
    assert '<input type="hidden" name="source" value="home_page"' in section
    assert str(CONSENT_WORDING) in section
    assert 'href="/newsletter/">Newsletter</a>' in html


def test_the_home_page_form_works_from_the_page_cache(client, django_capture_on_commit_callbacks):
    Client().get(reverse("campaign:home"))  # cached for everyone from here on
    html = client.get(reverse("campaign:home")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    # The page's own start time, given to this visitor: a person takes a while.
    form_started = re.search(r'name="form_started" value="([^"]+)"', html).group(1)

    strict = Client(enforce_csrf_checks=True)
    strict.cookies = client.cookies
    with (
        time_machine.travel(time.time() + 10, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = strict.post(
            NEWSLETTER,
            signup_data(csrfmiddlewaretoken=token, source="home_page", form_started=form_started),
        )
    assert response.status_code == 302
    assert Subscriber.objects.get().source == Subscriber.Source.HOME_PAGE


def test_the_newsletter_page_is_served_from_the_page_cache_but_a_post_never_is(
    client, django_capture_on_commit_callbacks
):
    client.get(NEWSLETTER)
    assert caches["pages"].get(public_page_key(NEWSLETTER)) is not None

    errors = client.post(NEWSLETTER, signup_data(email="reader@example"))
    assert 'id="error-summary"' in errors.content.decode()
    assert sign_up(client, django_capture_on_commit_callbacks).status_code == 302
    fresh = Client().get(NEWSLETTER)
    assert fresh.status_code == 200
    assert 'name="email"' in fresh.content.decode()
    assert 'id="error-summary"' not in fresh.content.decode()


def test_the_newsletter_page_is_in_the_sitemap(client):
    assert "http://testserver/newsletter/" in client.get("/sitemap.xml").content.decode()


# --- The whole flow, through the outbox ----------------------------------------


def test_sign_up_confirm_by_the_emailed_link_then_unsubscribe_by_get_and_post(
    client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    response = sign_up(client, django_capture_on_commit_callbacks, source="home_page")
    assert response.status_code == 302
    assert response["Location"] == CHECK_INBOX
    page = client.get(CHECK_INBOX).content.decode()
    assert "Check your inbox" in page

    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.source == Subscriber.Source.HOME_PAGE
    assert subscriber.consent_wording == str(CONSENT_WORDING)
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT
    [confirmation] = mail.outbox
    assert confirmation.to == ["reader@example.org"]
    confirm_path = links_in(confirmation)["confirm"]
    assert "reader" not in confirm_path
    assert "example.org" not in confirm_path

    # Opening the link (as a person, or a mail scanner) changes nothing.
    with django_assert_max_num_queries(2):
        page = client.get(confirm_path)
    assert page.status_code == 200
    assert "Confirm my subscription</button>" in page.content.decode()
    assert "reader@example.org" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    client.head(confirm_path)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm_path)
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:confirmed")
    assert "you are subscribed" in client.get(response["Location"]).content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None

    welcome = mail.outbox[1]
    assert welcome.subject == "Welcome to Health Advocate Insights"
    unsubscribe_path = links_in(welcome)["unsubscribe"]
    assert welcome.extra_headers["List-Unsubscribe"] == f"<http://testserver{unsubscribe_path}>"
    assert welcome.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    page = client.get(unsubscribe_path)
    assert page.status_code == 200
    assert "Unsubscribe</button>" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED

    response = client.post(unsubscribe_path)
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:unsubscribed")
    assert "You are unsubscribed" in client.get(response["Location"]).content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_one_click_unsubscribe_works_without_a_session_or_csrf_token(
    django_capture_on_commit_callbacks, encoding
):
    subscriber = SubscriberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        from campaign.newsletter.services import subscriber_confirm

        subscriber_confirm(subscriber_id=subscriber.pk)
    [welcome] = mail.outbox
    url = welcome.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")

    # What a mail program sends (RFC 8058): a bare POST, no cookie, no token.
    mail_program = Client(enforce_csrf_checks=True)
    if encoding == "urlencoded":
        response = mail_program.post(
            url,
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
    else:
        response = mail_program.post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert not response.cookies
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_the_confirmation_email_also_lets_a_stranger_say_it_was_not_them(
    client, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    [confirmation] = mail.outbox
    links = links_in(confirmation)
    assert confirmation.extra_headers["List-Unsubscribe"] == (
        f"<http://testserver{links['unsubscribe']}>"
    )

    page = client.get(links["unsubscribe"]).content.decode()
    assert "Did someone else sign up" in page
    assert Client(enforce_csrf_checks=True).post(links["unsubscribe"]).status_code == 302
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
    # Its confirmation link is no use any more: no subscription behind anyone's back.
    response = client.post(links["confirm"])
    assert response.status_code == 410
    assert "You unsubscribed after this link was sent" in response.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_signing_up_in_spanish_stores_spanish_and_the_links_stay_spanish(
    client, django_capture_on_commit_callbacks
):
    html = client.get("/es/newsletter/").content.decode()
    assert 'lang="es"' in html
    assert 'action="/es/newsletter/"' in html
    shown = re.search(r'id="newsletter-consent">([^<]+)</p>', html).group(1)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/es/newsletter/", signup_data())
    assert response["Location"] == "/es/newsletter/check-your-inbox/"
    subscriber = Subscriber.objects.get()
    assert subscriber.language == "es"
    assert subscriber.consent_wording == shown
    assert links_in(mail.outbox[0])["confirm"].startswith("/es/newsletter/confirm/")


# --- Tokens: tampered, expired, reused -----------------------------------------


def _tampered(token: str) -> list[str]:
    value, timestamp, signature = token.split(":")
    other = "A" if signature[0] != "A" else "B"
    return [
        f"{value}:{timestamp}:{other}{signature[1:]}",  # a changed signature
        f"{signing.b64_encode(b'2').decode()}:{timestamp}:{signature}",  # another id
        f"{value}:{timestamp}",  # cut short
        "not-a-token",
        "x" * 5000,
    ]


@pytest.mark.parametrize("kind", ["confirm", "unsubscribe"])
def test_a_tampered_link_gets_a_clear_page_and_changes_nothing(client, kind):
    subscriber = SubscriberFactory(confirmed=kind == "unsubscribe")
    status_before = subscriber.status
    genuine = (
        tokens.confirmation_token(subscriber.pk)
        if kind == "confirm"
        else tokens.unsubscribe_token(subscriber.pk)
    )
    for token in _tampered(genuine):
        for method in (client.get, client.post):
            response = method(f"/newsletter/{kind}/{token}/")
            assert response.status_code == 400, token
            assert "This link does not work" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == status_before
    assert not OutboundEmail.objects.exists()


def test_a_link_for_one_purpose_does_nothing_for_the_other(client):
    pending = SubscriberFactory()
    confirmed = SubscriberFactory(confirmed=True)

    response = client.post(f"/newsletter/confirm/{tokens.unsubscribe_token(pending.pk)}/")
    assert response.status_code == 400
    response = client.post(f"/newsletter/unsubscribe/{tokens.confirmation_token(confirmed.pk)}/")
    assert response.status_code == 400

    pending.refresh_from_db()
    confirmed.refresh_from_db()
    assert pending.status == Subscriber.Status.PENDING
    assert confirmed.status == Subscriber.Status.CONFIRMED


def test_an_expired_confirmation_link_offers_a_new_one(client, django_capture_on_commit_callbacks):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        subscriber = SubscriberFactory()
        token = tokens.confirmation_token(subscriber.pk)

    with time_machine.travel(now + tokens.CONFIRMATION_LINK_LIFETIME - timedelta(minutes=1)):
        assert client.get(f"/newsletter/confirm/{token}/").status_code == 200

    with time_machine.travel(now + tokens.CONFIRMATION_LINK_LIFETIME + timedelta(minutes=1)):
        for method in (client.get, client.post):
            response = method(f"/newsletter/confirm/{token}/")
            assert response.status_code == 410
            html = response.content.decode()
            assert "This link has expired" in html
            assert "Confirmation links work for 7 days" in html
            assert f'action="/newsletter/confirm/{token}/new-link/"' in html
        subscriber.refresh_from_db()
        assert subscriber.status == Subscriber.Status.PENDING

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/newsletter/confirm/{token}/new-link/")
        assert response.status_code == 302
        assert response["Location"] == CHECK_INBOX
        [fresh] = mail.outbox
        new_path = links_in(fresh)["confirm"]

        # The new link works; asking again at once sends nothing more.
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/newsletter/confirm/{token}/new-link/")
            assert client.post(new_path).status_code == 302
    assert len(mail.outbox) == 2  # the fresh link and the welcome
    assert mail.outbox[1].subject == "Welcome to Health Advocate Insights"
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_a_new_link_is_never_sent_for_a_forged_one(client):
    response = client.post("/newsletter/confirm/MQ:1xVa75:forged/new-link/")
    assert response.status_code == 400
    assert client.get(
        f"/newsletter/confirm/{tokens.confirmation_token(1)}/new-link/"
    ).status_code == (405)
    assert not OutboundEmail.objects.exists()


def test_a_reused_confirmation_link_confirms_once_and_welcomes_once(
    client, django_capture_on_commit_callbacks
):
    subscriber = SubscriberFactory()
    path = f"/newsletter/confirm/{tokens.confirmation_token(subscriber.pk)}/"
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(path)
        second = client.post(path)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert len(mail.outbox) == 1
    # Opening it later shows the thank-you, not a button.
    page = client.get(path).content.decode()
    assert "Thank you: you are subscribed" in page
    assert "<button" not in page.split("<main")[1]


def test_reused_unsubscribe_links_and_those_of_an_erased_subscriber_are_harmless(client):
    subscriber = SubscriberFactory(confirmed=True)
    path = f"/newsletter/unsubscribe/{tokens.unsubscribe_token(subscriber.pk)}/"
    assert client.post(path).status_code == 302
    assert client.post(path).status_code == 302
    assert "You are unsubscribed" in client.get(path).content.decode()

    subscriber.delete()
    assert "You are unsubscribed" in client.get(path).content.decode()
    assert client.post(path).status_code == 302
    confirm = client.get(f"/newsletter/confirm/{tokens.confirmation_token(subscriber.pk)}/")
    assert confirm.status_code == 400
    assert not Subscriber.objects.exists()


def test_an_old_unsubscribe_link_still_works_years_later(client):
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=3 * 365), tick=False):
        subscriber = SubscriberFactory(confirmed=True)
        token = tokens.unsubscribe_token(subscriber.pk)
    assert client.post(f"/newsletter/unsubscribe/{token}/").status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_confirming_needs_the_pages_csrf_token_unlike_one_click_unsubscribe():
    subscriber = SubscriberFactory()
    response = Client(enforce_csrf_checks=True).post(
        f"/newsletter/confirm/{tokens.confirmation_token(subscriber.pk)}/"
    )
    assert response.status_code == 403
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


# --- Signing up again, in every state ------------------------------------------


def _answer(response) -> tuple[int, str]:
    return response.status_code, response["Location"]


def test_the_answer_is_the_same_whoever_is_or_is_not_on_the_list(
    client, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="pending@example.org", confirmation_sent_at=None)
    SubscriberFactory(email="recent@example.org")  # confirmation sent a moment ago
    SubscriberFactory(email="confirmed@example.org", confirmed=True)
    SubscriberFactory(
        email="left@example.org",
        unsubscribed=True,
        confirmation_sent_at=timezone.now() - timedelta(days=2),
    )
    answers = {}
    for email in [
        "new@example.org",
        "pending@example.org",
        "recent@example.org",
        "confirmed@example.org",
        "left@example.org",
    ]:
        answers[email] = _answer(sign_up(client, django_capture_on_commit_callbacks, email=email))

    assert set(answers.values()) == {(302, CHECK_INBOX)}
    assert sorted(message.to[0] for message in mail.outbox) == [
        "left@example.org",
        "new@example.org",
        "pending@example.org",
    ]
    statuses = dict(Subscriber.objects.values_list("email", "status"))
    assert statuses == {
        "new@example.org": "pending",
        "pending@example.org": "pending",
        "recent@example.org": "pending",
        "confirmed@example.org": "confirmed",
        "left@example.org": "pending",
    }


def test_signing_up_again_and_again_sends_one_confirmation_an_hour(
    client, django_capture_on_commit_callbacks
):
    for _ in range(5):
        assert sign_up(client, django_capture_on_commit_callbacks).status_code == 302
    assert len(mail.outbox) == 1
    assert Subscriber.objects.count() == 1


@pytest.mark.parametrize(
    "typed",
    ["  reader@example.org  ", "Reader@Example.ORG", "\treader@EXAMPLE.org\n"],
)
def test_mixed_case_and_surrounding_space_find_the_same_subscriber(
    client, django_capture_on_commit_callbacks, typed
):
    SubscriberFactory(email="reader@example.org", confirmed=True)
    assert sign_up(client, django_capture_on_commit_callbacks, email=typed).status_code == 302
    assert list(Subscriber.objects.values_list("email", "status")) == [
        ("reader@example.org", "confirmed")
    ]
    assert mail.outbox == []


def test_a_new_address_in_mixed_case_is_stored_in_lower_case(
    client, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks, email=" Ana.Reader@Example.ORG ")
    assert Subscriber.objects.get().email == "ana.reader@example.org"
    assert mail.outbox[0].to == ["ana.reader@example.org"]


# --- Wrong, missing, oversized and hostile input --------------------------------


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your email address."),
        ("   ", "Enter your email address."),
        ("not-an-address", "Enter an email address like name@example.org."),
        ("reader@", "Enter an email address like name@example.org."),
        ("@example.org", "Enter an email address like name@example.org."),
        ("reader@example", "Enter an email address like name@example.org."),
        ("reader@@example.org", "Enter an email address like name@example.org."),
        ("read er@example.org", "Enter an email address like name@example.org."),
        ("reader@example.org, other@example.org", "Enter an email address like"),
        ("reader@example.org\r\nBcc: victim@example.org", "Enter an email address like"),
        ("x" * 250 + "@example.org", "at most 254 characters"),
    ],
)
def test_a_malformed_email_is_refused_next_to_the_field_and_saves_nothing(client, email, message):
    response = client.post(NEWSLETTER, signup_data(email=email))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in html
    assert 'href="#id_email"' in html
    assert message in html
    assert not Subscriber.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_errors_come_back_with_what_the_person_typed_and_the_source_kept(client):
    response = client.post(
        NEWSLETTER, signup_data(email="reader@example", name="Ana Reader", source="home_page")
    )
    html = response.content.decode()
    assert 'value="reader@example"' in html
    assert 'value="Ana Reader"' in html
    assert '<input type="hidden" name="source" value="home_page"' in html
    email_input = re.search(r'<input type="email" name="email"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in email_input


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("A" * 121, "Ensure this value has at most 120 characters"),
        ("Visit https://spam.example", "Enter the name without a web address."),
        ("www.spam.example", "Enter the name without a web address."),
    ],
)
def test_an_oversized_or_spammy_name_is_refused(client, name, message):
    response = client.post(NEWSLETTER, signup_data(name=name))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Subscriber.objects.exists()


def test_hostile_text_is_escaped_and_a_name_never_spans_lines(
    client, django_capture_on_commit_callbacks
):
    hostile = '<script>alert("x")</script>'
    html = client.post(NEWSLETTER, signup_data(email="x", name=hostile)).content.decode()
    assert hostile not in html
    assert "&lt;script&gt;" in html

    response = sign_up(
        client, django_capture_on_commit_callbacks, name="Ana\r\nBcc: victim@example.org"
    )
    assert response.status_code == 200
    assert "Enter the name on one line" in response.content.decode()
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("source", ["webinar_registration", "admin", "", "x" * 500])
def test_the_form_can_only_claim_the_home_page_or_the_newsletter_page(
    client, django_capture_on_commit_callbacks, source
):
    assert sign_up(client, django_capture_on_commit_callbacks, source=source).status_code == 302
    assert Subscriber.objects.get().source == Subscriber.Source.NEWSLETTER_PAGE


@pytest.mark.parametrize(
    "trap",
    [
        pytest.param(lambda: {HONEYPOT_FIELD: "http://spam.example"}, id="honeypot"),
        pytest.param(lambda: {"form_started": "forged"}, id="forged start"),
    ],
)
def test_a_bot_tripping_a_trap_saves_nothing_and_sends_nothing(
    client, django_capture_on_commit_callbacks, trap
):
    response = sign_up(client, django_capture_on_commit_callbacks, **trap())
    assert response.status_code == 200
    assert str(TRAPPED) in response.content.decode()
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_too_many_sends_from_one_client_get_a_429_with_the_form_as_typed(
    django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(NewsletterSignupView, "rate_limit", "3/m")
    client = Client(REMOTE_ADDR="203.0.113.9")
    for number in range(3):
        email = f"reader{number}@example.org"
        assert sign_up(client, django_capture_on_commit_callbacks, email=email).status_code == 302

    response = sign_up(client, django_capture_on_commit_callbacks, email="victim@example.org")
    assert response.status_code == 429
    html = response.content.decode()
    assert str(RATE_LIMITED).split(":")[0] in html
    assert 'value="victim@example.org"' in html
    assert not Subscriber.objects.filter(email="victim@example.org").exists()

    # Asking for new confirmation links counts against the same limit.
    subscriber = Subscriber.objects.first()
    token = tokens.confirmation_token(subscriber.pk)
    assert client.post(f"/newsletter/confirm/{token}/new-link/").status_code == 429
    # Another client is not held back.
    other = Client(REMOTE_ADDR="203.0.113.10")
    assert sign_up(other, django_capture_on_commit_callbacks).status_code == 302


def test_a_pending_signup_keeps_its_owners_name_and_language_until_she_confirms(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/es/newsletter/", signup_data(email="valeria@example.org", name="Valeria Real")
        )
    [confirmation] = mail.outbox
    # A stranger sends the same address, in other letter case, in English: first
    # with a name that carries a link (refused), then with a plain other name.
    for name in ["Your invoice: pay at evil.example/x", "Mallory Stranger"]:
        with (
            time_machine.travel(timezone.now() + timedelta(hours=2)),
            django_capture_on_commit_callbacks(execute=True),
        ):
            client.post(NEWSLETTER, signup_data(email="VALERIA@Example.org", name=name))
    assert Subscriber.objects.count() == 1
    # The re-sent confirmation goes, as before, in her language.
    assert len(mail.outbox) == 2
    assert "Se nos pidió enviar Health Advocate Insights" in mail.outbox[1].body

    assert client.post(links_in(confirmation)["confirm"]).status_code == 302
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.name, subscriber.language, subscriber.status) == (
        "valeria@example.org",
        "Valeria Real",
        "es",
        "confirmed",
    )
    with translation.override("es"):
        assert subscriber.consent_wording == str(CONSENT_WORDING)
    exported = list(exports.subscribers_csv(selectors.confirmed_subscribers(Subscriber.objects)))
    assert len(exported) == 2
    assert exported[1].startswith("valeria@example.org,Valeria Real,")
    assert ",newsletter_page,es," in exported[1]


@pytest.mark.parametrize(
    ("language", "opening", "greeting"),
    [
        ("en", "We were asked to send Health Advocate Insights", "Hello Valeria Real,"),
        ("es", "Se nos pidió enviar Health Advocate Insights", "Hola, Valeria Real:"),
    ],
)
def test_the_confirmation_quotes_no_name_and_the_welcome_greets_by_name(
    client, django_capture_on_commit_callbacks, language, opening, greeting
):
    prefix = "/es" if language == "es" else ""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{prefix}{NEWSLETTER}", signup_data(name="Valeria Real"))
    [confirmation] = mail.outbox
    confirmation_html = confirmation.alternatives[0].content
    # To an address nobody has proved: no greeting that reads as a missing
    # name, and nothing the form let anyone type.
    assert confirmation.body.startswith(opening)
    assert re.search(rf"padding:24px;\">\s*<p[^>]*>{opening}", confirmation_html)
    for text in (confirmation.body, confirmation_html):
        assert "Valeria" not in text
        assert "Hello" not in text
        assert "Hola" not in text

    with django_capture_on_commit_callbacks(execute=True):
        client.post(links_in(confirmation)["confirm"])
    assert len(mail.outbox) == 2
    welcome = mail.outbox[1]
    assert welcome.body.startswith(f"{greeting}\n\n")
    assert f">{greeting}</p>" in welcome.alternatives[0].content


def test_the_welcome_without_a_name_has_no_empty_greeting(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(NEWSLETTER, signup_data(name=""))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(links_in(mail.outbox[0])["confirm"])
    assert len(mail.outbox) == 2
    welcome = mail.outbox[1]
    assert welcome.body.startswith("Welcome to Health Advocate Insights.")
    assert "Hello" not in welcome.alternatives[0].content
