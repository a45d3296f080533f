import re
import statistics
import time
from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaign.newsletter.models import Subscriber
from champions.models import Nomination, Spotlight
from forus.outbox.models import OutboundEmail
from forus.people.models import PersonLink
from forus.people.session import PERSON_COOKIE
from forus.people.tokens import PERSON_LINK
from forus.public_forms import HONEYPOT_FIELD
from tests.champions.factories import NominationFactory, SpotlightFactory
from tests.forus.people.person_links import link_token
from tests.forus.public_form_data import started
from tests.newsletter.factories import SubscriberFactory
from tests.realparts import use_celery_broker
from tests.webinars.factories import RegistrationFactory, WebinarFactory
from webinars.models import Registration

pytestmark = pytest.mark.django_db

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def _ask(client: Client, email: str, *, prefix: str = "") -> object:
    return client.post(
        f"{prefix}/my/",
        {"email": email, "form_started": started(), HONEYPOT_FIELD: ""},
        REMOTE_ADDR="203.0.113.9",
    )


def _link_emails(email: str) -> int:
    return OutboundEmail.objects.filter(to=email, template="people/email/link").count()


def test_the_request_page_answers_alike_for_known_and_unknown_addresses(
    client, django_capture_on_commit_callbacks
):
    RegistrationFactory(email="known@example.org")
    with time_machine.travel(timezone.now(), tick=False):
        with (
            django_capture_on_commit_callbacks(execute=True),
            CaptureQueriesContext(connection) as known_queries,
        ):
            known = _ask(client, "known@example.org")
            request_queries_known = len(known_queries)
        with (
            django_capture_on_commit_callbacks(execute=True),
            CaptureQueriesContext(connection) as unknown_queries,
        ):
            unknown = _ask(client, "unknown@example.org")
            request_queries_unknown = len(unknown_queries)

    # The request itself does the same work for both (the task decides later).
    assert request_queries_known == request_queries_unknown

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("people:check_inbox")
    assert CSRF.sub(b"", known.content) == CSRF.sub(b"", unknown.content)
    assert sorted(known.headers) == sorted(unknown.headers)
    assert {k: v for k, v in known.headers.items() if k != "Set-Cookie"} == {
        k: v for k, v in unknown.headers.items() if k != "Set-Cookie"
    }
    # The task decided: a link to the known address only, no trace of the unknown one.
    assert _link_emails("known@example.org") == 1
    assert _link_emails("unknown@example.org") == 0
    assert not PersonLink.objects.filter(email="unknown@example.org").exists()


def test_the_request_takes_as_long_for_known_and_unknown_addresses():
    # The request only queues the task (to a broker nobody reads): a worker decides.
    use_celery_broker("memory://")
    try:
        known = [f"known{n}@example.org" for n in range(50)]
        for address in known:
            SubscriberFactory(email=address)
        unknown = [f"unknown{n}@example.org" for n in range(50)]
        timings: dict[str, list[float]] = {"known": [], "unknown": []}
        client = Client()
        for known_address, unknown_address in zip(known, unknown, strict=True):
            for kind, address in (("known", known_address), ("unknown", unknown_address)):
                # A client address each time: the per-client limit is not the subject.
                begun = time.perf_counter()
                response = client.post(
                    "/my/",
                    {"email": address, "form_started": started(), HONEYPOT_FIELD: ""},
                    REMOTE_ADDR=f"198.51.{len(timings[kind])}.{1 if kind == 'known' else 2}",
                )
                timings[kind].append(time.perf_counter() - begun)
                assert response.status_code == 302
    finally:
        use_celery_broker(None)
    known_median = statistics.median(timings["known"])
    unknown_median = statistics.median(timings["unknown"])
    # The same work either way: no gap beyond noise (a fifth, or a millisecond).
    gap = abs(known_median - unknown_median)
    assert gap < max(0.2 * min(known_median, unknown_median), 0.001), (
        known_median,
        unknown_median,
    )


def test_the_request_page_shows_in_a_few_queries(client, django_assert_max_num_queries):
    for prefix in ("", "/es"):
        with django_assert_max_num_queries(2):
            response = client.get(f"{prefix}/my/")
        assert response.status_code == 200
        assert b'name="email"' in response.content


def test_the_rate_limit_holds_per_client_across_languages(client):
    statuses = [
        _ask(client, f"reader{n}@example.org", prefix="/es" if n % 2 else "").status_code
        for n in range(11)
    ]
    assert statuses == [302] * 10 + [429]


def test_the_rate_limit_holds_per_address_across_letter_case_and_languages(
    client, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="ana@example.org")
    spellings = ["ana@example.org", "ANA@example.org", "Ana@Example.ORG", "aNa@example.org"]
    for n, spelling in enumerate(spellings):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                ("/es" if n % 2 else "") + "/my/",
                {"email": spelling, "form_started": started(), HONEYPOT_FIELD: ""},
                REMOTE_ADDR=f"203.0.113.{20 + n}",
            )
        assert response.status_code == 302
    assert _link_emails("ana@example.org") == 3


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"email": ""},
        {"email": "not an address"},
        {"email": "a" * 300 + "@example.org"},
        {"email": '"quoted, comma"@example.org'},
        {"email": "ana@example.org\r\nBcc: x@example.org"},
        {"email": "ana\x00@example.org"},
    ],
)
def test_the_request_form_refuses_wrong_input_and_queues_nothing(client, data):
    response = client.post("/my/", {**data, "form_started": started(), HONEYPOT_FIELD: ""})
    assert response.status_code == 200
    assert b'id="error-summary"' in response.content
    assert not PersonLink.objects.exists()


def test_the_request_form_traps_the_honeypot(client):
    response = client.post(
        "/my/", {"email": "a@example.org", "form_started": started(), HONEYPOT_FIELD: "x"}
    )
    assert response.status_code == 200
    assert not PersonLink.objects.exists()


def test_a_get_of_the_link_never_starts_a_session(client):
    token = link_token("ana@example.org")
    for _ in range(3):
        response = client.get(reverse("people:link", args=[token]))
        assert response.status_code == 200
        assert PERSON_COOKIE not in response.cookies
    assert client.get(reverse("people:page")).status_code == 403


def test_the_button_starts_a_session_with_its_own_cookie(client):
    RegistrationFactory(email="ana@example.org")
    response = client.post(reverse("people:link", args=[link_token("ana@example.org")]))
    cookie = response.cookies[PERSON_COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["secure"]  # production settings in the tests
    assert int(cookie["max-age"]) == 30 * 60
    assert "sessionid" not in response.cookies
    page = client.get(reverse("people:page"))
    assert page.status_code == 200
    assert b"ana@example.org" in page.content
    assert "no-store" in page["Cache-Control"]


def test_a_link_is_refused_after_an_hour(client):
    token = link_token("ana@example.org")
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        response = client.post(reverse("people:link", args=[token]))
    assert response.status_code == 410
    assert PERSON_COOKIE not in response.cookies


def test_a_changed_signature_or_another_links_token_is_refused(client):
    token = link_token("ana@example.org")
    changed = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    other_purpose = signing.dumps(PersonLink.objects.get().pk, salt="newsletter.confirm")
    for bad in (changed, other_purpose, "x" * 300, "1"):
        response = client.post(reverse("people:link", args=[bad]))
        assert response.status_code == 400, bad
        assert PERSON_COOKIE not in response.cookies


def test_a_link_opens_only_its_own_address(client, person_client):
    RegistrationFactory(email="ana@example.org", first_name="Ana")
    RegistrationFactory(email="ben@example.org", first_name="Benedikt")
    page = person_client("ana@example.org").get(reverse("people:page"))
    assert b"ana@example.org" in page.content
    assert b"ben@example.org" not in page.content
    assert b"Benedikt" not in page.content


def test_a_link_of_an_erased_address_is_refused(client):
    token = link_token("ana@example.org")
    PersonLink.objects.all().delete()
    assert client.post(reverse("people:link", args=[token])).status_code == 400


def test_the_session_ends_after_30_minutes(person_client):
    client = person_client("ana@example.org")
    assert client.get(reverse("people:page")).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=29)):
        assert client.get(reverse("people:page")).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        assert client.get(reverse("people:page")).status_code == 403


def test_a_forged_cookie_opens_nothing(client):
    client.cookies[PERSON_COOKIE] = "1"
    assert client.get(reverse("people:page")).status_code == 403


def test_the_page_shows_each_app_in_a_few_queries(person_client, django_assert_max_num_queries):
    webinar = WebinarFactory()
    RegistrationFactory(email="ana@example.org", webinar=webinar, question="Will it be recorded?")
    RegistrationFactory(
        email="ana@example.org",
        webinar=WebinarFactory(starts_at=timezone.now() - timedelta(days=3)),
    )
    SubscriberFactory(email="ana@example.org")
    NominationFactory(nominator_email="ana@example.org", nominee_name="Ada Champion")
    client = person_client("ana@example.org")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("people:page"))
    html = page.content.decode()
    assert "Will it be recorded?" in html
    assert webinar.title in html
    assert "Ada Champion" in html
    assert reverse("webinars:webinar_calendar", kwargs={"slug": webinar.slug}) in html


def test_the_spanish_page_is_in_spanish(person_client):
    client = person_client("ana@example.org")
    page = client.get("/es" + reverse("people:page"))
    assert page.status_code == 200
    assert 'lang="es"' in page.content.decode()


# --- Actions: each with hostile input and with another address's ids --------


def _action(client: Client, part: str, name: str, data: dict) -> object:
    return client.post(reverse("people:action", kwargs={"part": part, "name": name}), data)


def test_cancel_frees_the_seat_for_the_waitlist(person_client):
    webinar = WebinarFactory(capacity=1)
    mine = RegistrationFactory(email="ana@example.org", webinar=webinar)
    waiting = RegistrationFactory(webinar=webinar, status=Registration.Status.WAITLISTED)
    client = person_client("ana@example.org")
    response = _action(client, "webinars", "cancel", {"registration": str(mine.public_id)})
    assert response.status_code == 302
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.REGISTERED


@pytest.mark.parametrize(
    "value", ["", "not-a-uuid", "' OR 1=1 --", "0" * 5000, "00000000-0000-0000-0000-000000000000"]
)
def test_cancel_with_hostile_input_changes_nothing(person_client, value):
    mine = RegistrationFactory(email="ana@example.org")
    client = person_client("ana@example.org")
    response = _action(client, "webinars", "cancel", {"registration": value})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == Registration.Status.REGISTERED


def test_no_action_reaches_another_address(person_client):
    theirs = RegistrationFactory(email="ben@example.org", question="Ben's question")
    their_nomination = NominationFactory(
        nominee_email="ben@example.org", nominee_consent=Nomination.Consent.APPROVED
    )
    their_subscriber = SubscriberFactory(
        email="ben@example.org", status=Subscriber.Status.CONFIRMED, confirmed_at=timezone.now()
    )
    client = person_client("ana@example.org")
    swapped = {
        "registration": str(theirs.public_id),
        "question": "Hijacked",
        "accommodations": "Hijacked",
        "nomination": str(their_nomination.pk),
        "subscriber": str(their_subscriber.pk),
        "email": "ben@example.org",
        "language": "es",
    }
    for part, name in [
        ("webinars", "cancel"),
        ("webinars", "answers"),
        ("champions", "withdraw"),
        ("newsletter", "unsubscribe"),
        ("newsletter", "language"),
        ("newsletter", "subscribe"),
    ]:
        response = _action(client, part, name, swapped)
        assert response.status_code == 302, (part, name)
    theirs.refresh_from_db()
    their_nomination.refresh_from_db()
    their_subscriber.refresh_from_db()
    assert theirs.status == Registration.Status.REGISTERED
    assert theirs.question == "Ben's question"
    assert their_nomination.nominee_consent == Nomination.Consent.APPROVED
    assert their_subscriber.status == Subscriber.Status.CONFIRMED
    assert their_subscriber.language == "en"
    # "subscribe" asked only for the session's own address.
    assert Subscriber.objects.filter(email="ana@example.org").exists()


def test_an_unknown_action_is_not_found_and_a_get_is_refused(person_client):
    client = person_client("ana@example.org")
    assert _action(client, "webinars", "delete_everything", {}).status_code == 404
    assert _action(client, "nobody", "cancel", {}).status_code == 404
    assert (
        client.get(
            reverse("people:action", kwargs={"part": "webinars", "name": "cancel"})
        ).status_code
        == 405
    )


def test_actions_without_a_session_do_nothing(client):
    mine = RegistrationFactory(email="ana@example.org")
    response = _action(client, "webinars", "cancel", {"registration": str(mine.public_id)})
    assert response.status_code == 403
    mine.refresh_from_db()
    assert mine.status == Registration.Status.REGISTERED


def test_answers_change_until_the_start_and_refuse_oversized_text(person_client):
    upcoming = RegistrationFactory(email="ana@example.org")
    past = RegistrationFactory(
        email="ana@example.org",
        webinar=WebinarFactory(starts_at=timezone.now() - timedelta(hours=2)),
        question="Old",
    )
    client = person_client("ana@example.org")
    _action(
        client,
        "webinars",
        "answers",
        {
            "registration": str(upcoming.public_id),
            "question": "<script>x</script>",
            "accommodations": "Captions",
        },
    )
    upcoming.refresh_from_db()
    assert (upcoming.question, upcoming.accommodations) == ("<script>x</script>", "Captions")
    page = client.get(reverse("people:page")).content.decode()
    assert "<script>x</script>" not in page
    _action(
        client,
        "webinars",
        "answers",
        {"registration": str(upcoming.public_id), "question": "q" * 2001},
    )
    upcoming.refresh_from_db()
    assert upcoming.question == "<script>x</script>"
    _action(
        client, "webinars", "answers", {"registration": str(past.public_id), "question": "New"}
    )
    past.refresh_from_db()
    assert past.question == "Old"


def test_the_newsletter_block_unsubscribes_subscribes_again_and_changes_language(person_client):
    subscriber = SubscriberFactory(
        email="ana@example.org",
        status=Subscriber.Status.CONFIRMED,
        confirmed_at=timezone.now(),
        confirmation_sent_at=timezone.now() - timedelta(days=2),
    )
    client = person_client("ana@example.org")
    _action(client, "newsletter", "language", {"language": "es"})
    subscriber.refresh_from_db()
    assert subscriber.language == "es"
    _action(client, "newsletter", "language", {"language": "xx"})
    subscriber.refresh_from_db()
    assert subscriber.language == "es"
    _action(client, "newsletter", "unsubscribe", {})
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    _action(client, "newsletter", "subscribe", {})
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    assert OutboundEmail.objects.filter(
        to="ana@example.org", template="newsletter/email/confirm"
    ).exists()


def test_withdrawing_consent_takes_the_spotlight_down_and_tells_staff(person_client, settings):
    settings.STAFF_NOTIFY_EMAILS = ["staff@example.org"]
    nomination = NominationFactory(
        nominee_email="ada@example.org", nominee_consent=Nomination.Consent.APPROVED
    )
    spotlight = SpotlightFactory(nomination=nomination)
    assert spotlight.status == Spotlight.Status.PUBLISHED
    client = person_client("ada@example.org")
    _action(client, "champions", "withdraw", {"nomination": str(nomination.pk)})
    nomination.refresh_from_db()
    spotlight.refresh_from_db()
    assert nomination.nominee_consent == Nomination.Consent.DECLINED
    assert spotlight.status == Spotlight.Status.DRAFT
    assert OutboundEmail.objects.filter(
        to="staff@example.org", template="champions/email/staff_consent_withdrawn"
    ).exists()
    # The withdrawal is an event of its own in the nominee's consent history,
    # and the person's download carries that history.
    (event,) = nomination.consent_events.filter(kind="withdrawn")
    assert event.channel == "personal_page"
    export = client.get(reverse("people:download")).json()
    (as_nominee,) = export["sections"]["champions"]["records"]["as_nominee"]
    assert [entry["kind"] for entry in as_nominee["consent_history"]][-1] == "withdrawn"


def test_the_newsletter_actions_on_the_page_are_consent_events_in_the_download(person_client):
    SubscriberFactory(
        email="ana@example.org",
        status=Subscriber.Status.CONFIRMED,
        confirmed_at=timezone.now(),
    )
    client = person_client("ana@example.org")
    _action(client, "newsletter", "unsubscribe", {})
    _action(client, "newsletter", "subscribe", {})
    export = client.get(reverse("people:download")).json()
    history = export["sections"]["newsletter"]["records"]["consent_history"]
    assert [(entry["kind"], entry["channel"]) for entry in history][-2:] == [
        ("withdrawn", "personal_page"),
        ("given", "personal_page"),
    ]


def test_the_page_never_shows_staff_notes(person_client):
    NominationFactory(nominator_email="ana@example.org", staff_notes="Internal: weak case")
    client = person_client("ana@example.org")
    assert b"weak case" not in client.get(reverse("people:page")).content
    assert b"weak case" not in client.get(reverse("people:download")).content
    assert b"weak case" not in client.get(reverse("people:data")).content


def test_download_is_a_json_attachment_with_every_app(person_client):
    RegistrationFactory(email="ana@example.org", question="Recorded?")
    SubscriberFactory(email="ana@example.org")
    client = person_client("ana@example.org")
    response = client.get(reverse("people:download"))
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    export = response.json()
    assert export["email"] == "ana@example.org"
    assert export["sections"]["webinars"]["records"][0]["question"] == "Recorded?"
    assert export["sections"]["newsletter"]["records"]["email"] == "ana@example.org"
    assert set(export["sections"]) == {"webinars", "newsletter", "champions", "emails"}


def test_erase_asks_for_confirmation_first(person_client):
    RegistrationFactory(email="ana@example.org")
    client = person_client("ana@example.org")
    page = client.get(reverse("people:erase"))
    assert page.status_code == 200
    assert "What we keep, and why" in page.content.decode()
    unconfirmed = client.post(reverse("people:erase"), {})
    assert unconfirmed.status_code == 400
    assert Registration.objects.filter(email="ana@example.org").exists()
    done = client.post(reverse("people:erase"), {"confirm": "on"})
    assert done.status_code == 302
    assert not Registration.objects.filter(email="ana@example.org").exists()
    assert client.get(reverse("people:page")).status_code == 403


def test_a_person_cookie_bypasses_the_page_cache(person_client):
    client = person_client("ana@example.org")
    response = client.get(reverse("campaign:home"))
    assert response.status_code == 200
    assert not hasattr(response.wsgi_request, "_public_page_missed")


def test_the_link_email_is_in_the_language_of_the_request(
    client, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/es/my/", {"email": "ana@example.org", "form_started": started(), HONEYPOT_FIELD: ""}
        )
    email = OutboundEmail.objects.get(template="people/email/link")
    assert email.language == "es"
    assert "/es/my/link/" in email.body_text
    token = email.body_text.split("/es/my/link/")[1].split("/")[0]
    assert PERSON_LINK.read(token) == PersonLink.objects.get().pk
