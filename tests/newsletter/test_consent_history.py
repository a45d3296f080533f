"""The newsletter's consent history: a row per event, through every channel, never overwritten."""

import csv
import io
import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.core import mail
from django.test import Client
from django.utils import translation

from campaign.newsletter import selectors, services
from campaign.newsletter.forms import CONSENT_WORDING
from campaign.newsletter.models import ConsentEvent, Subscriber
from campaign.newsletter.tokens import unsubscribe_token
from campaign.staff import EDITORS
from tests.forus.public_form_data import honest_form_data
from tests.newsletter.factories import SubscriberFactory
from tests.webinars.factories import WebinarFactory, register

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/(?:es/)?newsletter/(?:confirm|unsubscribe)/[^/\s\"]+/)")


def _links(message: mail.EmailMessage) -> dict[str, str]:
    return {path.split("/")[-3]: path for path in set(LINK.findall(message.body))}


def _history(email: str) -> list[tuple[str, str, str, str]]:
    return [
        (event.kind, event.channel, event.language, event.wording)
        for event in selectors.consent_events_for_email(email)
    ]


@pytest.fixture
def editor() -> Client:
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    browser = Client()
    browser.force_login(user)
    return browser


def test_each_step_through_the_pages_adds_its_own_row(client, django_capture_on_commit_callbacks):
    with (
        time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post("/es/newsletter/", honest_form_data(email="ana@example.org", name="Ana"))
    links = _links(mail.outbox[0])
    with time_machine.travel(datetime(2026, 3, 1, 9, 5, tzinfo=UTC), tick=False):
        client.post(links["confirm"])
        client.post(links["confirm"])  # twice: confirmed once
    with time_machine.travel(datetime(2026, 4, 1, 9, 0, tzinfo=UTC), tick=False):
        client.post(links["unsubscribe"])

    with translation.override("es"):
        spanish_consent = str(CONSENT_WORDING)
        confirm_button = str(services.CONFIRM_WORDING)
        unsubscribe_button = str(services.UNSUBSCRIBE_WORDING)
    with translation.override("en"):
        assert spanish_consent != str(CONSENT_WORDING)
    assert _history("ana@example.org") == [
        ("given", "newsletter_form", "es", spanish_consent),
        ("confirmed", "email_link", "es", confirm_button),
        ("withdrawn", "email_link", "es", unsubscribe_button),
    ]
    times = [event.at for event in selectors.consent_events_for_email("ana@example.org")]
    assert times == [
        datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
        datetime(2026, 3, 1, 9, 5, tzinfo=UTC),
        datetime(2026, 4, 1, 9, 0, tzinfo=UTC),
    ]


def test_signing_up_again_appends_and_never_overwrites(django_capture_on_commit_callbacks):
    with time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=UTC), tick=False):
        subscriber = services.subscriber_request(
            email="ana@example.org",
            source=Subscriber.Source.HOME_PAGE,
            language="en",
            consent_wording="The first words.",
        )
        services.subscriber_confirm(subscriber_id=subscriber.pk)
        services.subscriber_unsubscribe(subscriber_id=subscriber.pk)
    first = ConsentEvent.objects.get(kind="given")

    with time_machine.travel(datetime(2026, 6, 1, 9, 0, tzinfo=UTC), tick=False):
        services.subscriber_request(
            email="ANA@example.org",
            source=Subscriber.Source.NEWSLETTER_PAGE,
            language="es",
            consent_wording="Las segundas palabras.",
        )
        # A second request while pending: the row keeps the first, the history has both.
        services.subscriber_request(
            email="ana@example.org",
            source=Subscriber.Source.NEWSLETTER_PAGE,
            language="en",
            consent_wording="The third words.",
        )

    assert [
        (kind, wording) for kind, _channel, _language, wording in _history("ana@example.org")
    ] == [
        ("given", "The first words."),
        ("confirmed", "Confirm my subscription"),
        ("withdrawn", "Unsubscribe"),
        ("given", "Las segundas palabras."),
        ("given", "The third words."),
    ]
    first_again = ConsentEvent.objects.get(pk=first.pk)
    assert (first_again.wording, first_again.at, first_again.language) == (
        "The first words.",
        datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
        "en",
    )
    assert [event.language for event in ConsentEvent.objects.filter(kind="given")] == [
        "en",
        "es",
        "en",
    ]


def test_the_webinar_registrations_opt_in_is_a_row_with_the_boxs_words(
    django_capture_on_commit_callbacks,
):
    with translation.override("es"):
        wording = services.opt_in_wording()
        with django_capture_on_commit_callbacks(execute=True):
            register(
                WebinarFactory(capacity=10),
                email="ana@example.org",
                language="es",
                newsletter_opt_in=True,
                newsletter_consent=wording,
            )
    assert _history("ana@example.org") == [("given", "webinar_registration", "es", wording)]


def test_a_mail_programs_one_click_and_staffs_action_are_their_own_channels(editor):
    one_click = SubscriberFactory(email="one@example.org", confirmed=True)
    by_staff = SubscriberFactory(email="staff@example.org", confirmed=True)
    path = _unsubscribe_path(one_click)

    Client().post(path, {"List-Unsubscribe": "One-Click"})
    editor.post(
        "/admin/newsletter/subscriber/",
        {"action": "unsubscribe_on_request", "_selected_action": [by_staff.pk]},
    )

    assert _history("one@example.org") == [("withdrawn", "mail_program", "en", "")]
    assert _history("staff@example.org") == [("withdrawn", "admin", "en", "")]


def _unsubscribe_path(subscriber: Subscriber) -> str:
    return f"/newsletter/unsubscribe/{unsubscribe_token(subscriber.pk)}/"


def test_the_selector_gives_one_address_its_own_events_only():
    for email in ("ana@example.org", "ben@example.org"):
        services.subscriber_request(
            email=email, source="home_page", language="en", consent_wording="Yes."
        )
    assert [
        event.subscriber.email for event in selectors.consent_events_for_email("ana@example.org")
    ] == ["ana@example.org"]
    assert not selectors.consent_events_for_email("nobody@example.org").exists()


def test_erasing_a_subscriber_erases_their_history():
    subscriber = services.subscriber_request(
        email="ana@example.org", source="home_page", language="en", consent_wording="Yes."
    )
    services.subscriber_erase(subscriber_ids=[subscriber.pk])
    assert not ConsentEvent.objects.exists()


def test_the_database_refuses_consent_given_without_words():
    subscriber = SubscriberFactory()
    with pytest.raises(Exception, match="newsletter_consent_given_has_wording"):
        ConsentEvent.objects.create(
            subscriber=subscriber,
            kind="given",
            channel="newsletter_form",
            language="en",
            at=subscriber.consented_at,
        )


# --- Admin: shown read-only, and exported -----------------------------------


def test_the_subscribers_page_shows_the_history_and_lets_nobody_change_it(editor):
    subscriber = services.subscriber_request(
        email="ana@example.org",
        source="home_page",
        language="en",
        consent_wording="Yes, <b>me</b>.",
    )
    html = editor.get(f"/admin/newsletter/subscriber/{subscriber.pk}/change/").content.decode()
    assert "Consent history" in html
    assert "Yes, &lt;b&gt;me&lt;/b&gt;." in html
    assert "Newsletter form" in html
    assert 'name="consent_events-0-wording"' not in html
    assert 'name="consent_events-0-DELETE"' not in html


def test_the_consent_export_gives_each_confirmed_subscribers_history(editor):
    with time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=UTC), tick=False):
        confirmed = services.subscriber_request(
            email="ana@example.org", source="home_page", language="en", consent_wording="Yes."
        )
        services.subscriber_confirm(subscriber_id=confirmed.pk)
        services.subscriber_request(
            email="pending@example.org", source="home_page", language="en", consent_wording="Hm."
        )

    html = editor.get("/admin/newsletter/subscriber/").content.decode()
    assert "/admin/newsletter/subscriber/export-consent/" in html
    response = editor.get("/admin/newsletter/subscriber/export-consent/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="health-advocate-insights-consent-'
    )
    body = b"".join(response.streaming_content).decode()
    assert list(csv.reader(io.StringIO(body))) == [
        ["email", "event", "at", "channel", "language", "wording"],
        ["ana@example.org", "given", "2026-03-01T09:00:00+00:00", "newsletter_form", "en", "Yes."],
        [
            "ana@example.org",
            "confirmed",
            "2026-03-01T09:00:00+00:00",
            "email_link",
            "en",
            "Confirm my subscription",
        ],
    ]


def test_only_staff_who_may_see_subscribers_get_the_consent_export():
    user = User.objects.create_user("someone", password="x", is_staff=True)
    browser = Client()
    browser.force_login(user)
    assert browser.get("/admin/newsletter/subscriber/export-consent/").status_code == 403
