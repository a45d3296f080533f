"""Staff and subscribers: the list, the CSV for the mailing tool, unsubscribing and erasing."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.test import Client

from campaign.newsletter.forms import CONSENT_WORDING
from campaign.newsletter.models import Subscriber
from campaign.staff import EDITORS
from forus.csv_export import spreadsheet_safe
from forus.outbox.models import OutboundEmail
from forus.outbox.services import email_queue
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/newsletter/subscriber/"
EXPORT = "/admin/newsletter/subscriber/export/"


@pytest.fixture
def editor() -> Client:
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    browser = Client()
    browser.force_login(user)
    return browser


def _rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(body)))


def test_editors_may_see_unsubscribe_and_erase_but_never_add_subscribers():
    editor = User.objects.create_user("editor", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    assert editor.has_perm("newsletter.view_subscriber")
    assert editor.has_perm("newsletter.change_subscriber")
    assert editor.has_perm("newsletter.delete_subscriber")
    assert not editor.has_perm("newsletter.add_subscriber")


def test_the_list_searches_filters_by_status_and_by_date(editor, django_assert_max_num_queries):
    SubscriberFactory(email="ana@example.org", name="Ana Reader", confirmed=True)
    SubscriberFactory(email="ben@example.org", name="Ben Writer")
    SubscriberFactory(email="cleo@example.org", unsubscribed=True)

    with django_assert_max_num_queries(12):
        html = editor.get(LIST).content.decode()
    assert all(f"{name}@example.org" in html for name in ("ana", "ben", "cleo"))
    assert "Export confirmed subscribers (CSV)" in html

    html = editor.get(LIST, {"q": "Writer"}).content.decode()
    assert "ben@example.org" in html
    assert "ana@example.org" not in html

    html = editor.get(LIST, {"status__exact": "confirmed"}).content.decode()
    assert "ana@example.org" in html
    assert "ben@example.org" not in html

    year = Subscriber.objects.first().created_at.year
    html = editor.get(LIST, {"created_at__year": year}).content.decode()
    assert "ana@example.org" in html
    html = editor.get(LIST, {"created_at__year": year - 1}).content.decode()
    assert "ana@example.org" not in html


def test_the_export_holds_confirmed_subscribers_only(editor):
    first = SubscriberFactory(
        email="ana@example.org",
        name="José Núñez",
        source=Subscriber.Source.HOME_PAGE,
        confirmed=True,
        consented_at=datetime(2026, 2, 11, 17, 20, tzinfo=UTC),
        confirmed_at=datetime(2026, 2, 11, 17, 30, tzinfo=UTC),
    )
    SubscriberFactory(
        email="ben@example.org",
        confirmed=True,
        source=Subscriber.Source.WEBINAR_REGISTRATION,
        language="es",
        consent_wording="Acepto recibir el boletín.",
        consented_at=datetime(2026, 2, 28, 9, 0, tzinfo=UTC),
        confirmed_at=datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
    )
    SubscriberFactory(email="pending@example.org")
    SubscriberFactory(email="left@example.org", unsubscribed=True, confirmed_at=first.confirmed_at)

    response = editor.get(EXPORT)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="health-advocate-insights-confirmed-'
    )
    assert _rows(response) == [
        [
            "email",
            "name",
            "confirmed_at",
            "source",
            "language",
            "consent_given_at",
            "consent_wording",
        ],
        [
            "ana@example.org",
            "José Núñez",
            "2026-02-11T17:30:00+00:00",
            "home_page",
            "en",
            "2026-02-11T17:20:00+00:00",
            str(CONSENT_WORDING),
        ],
        [
            "ben@example.org",
            "Ana Reader",
            "2026-03-01T09:00:00+00:00",
            "webinar_registration",
            "es",
            "2026-02-28T09:00:00+00:00",
            "Acepto recibir el boletín.",
        ],
    ]


def test_the_export_defuses_spreadsheet_formulas(editor):
    SubscriberFactory(
        email="ana@example.org", name='=HYPERLINK("http://evil.example")', confirmed=True
    )
    SubscriberFactory(email="-ben@example.org", name="@SUM(A1)", confirmed=True)
    SubscriberFactory(email="+cleo@example.org", name="-2+3", confirmed=True)

    rows = _rows(editor.get(EXPORT))[1:]

    assert [row[:2] for row in rows] == [
        ["ana@example.org", '\'=HYPERLINK("http://evil.example")'],
        ["'-ben@example.org", "'@SUM(A1)"],
        ["'+cleo@example.org", "'-2+3"],
    ]


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\t=1", "'\t=1"),
        ("Ana = Reader", "Ana = Reader"),
        ("", ""),
    ],
)
def test_spreadsheet_safe(value, safe):
    assert spreadsheet_safe(value) == safe


def test_the_export_action_exports_only_the_confirmed_among_the_selected(editor):
    chosen = SubscriberFactory(email="ana@example.org", confirmed=True)
    pending = SubscriberFactory(email="ben@example.org")
    SubscriberFactory(email="cleo@example.org", confirmed=True)

    response = editor.post(
        LIST, {"action": "export_confirmed", "_selected_action": [chosen.pk, pending.pk]}
    )

    assert [row[0] for row in _rows(response)] == ["email", "ana@example.org"]


def test_only_staff_who_may_see_subscribers_get_the_export():
    SubscriberFactory(confirmed=True)
    anonymous = Client().get(EXPORT)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")

    clerk = User.objects.create_user("clerk", password="x", is_staff=True)
    browser = Client()
    browser.force_login(clerk)
    assert browser.get(EXPORT).status_code == 403


def test_staff_unsubscribe_someone_who_asks(editor):
    confirmed = SubscriberFactory(email="ana@example.org", confirmed=True)
    pending = SubscriberFactory(email="ben@example.org")
    left = SubscriberFactory(email="cleo@example.org", unsubscribed=True)
    left_at = left.unsubscribed_at

    response = editor.post(
        LIST,
        {
            "action": "unsubscribe_on_request",
            "_selected_action": [confirmed.pk, pending.pk, left.pk],
        },
        follow=True,
    )

    assert "2 subscribers unsubscribed." in response.content.decode()
    assert set(Subscriber.objects.values_list("status", flat=True)) == {"unsubscribed"}
    left.refresh_from_db()
    assert left.unsubscribed_at == left_at
    confirmed.refresh_from_db()
    assert confirmed.name == ""


def test_erasing_deletes_the_subscriber_and_the_newsletter_emails_to_them(editor):
    subscriber = SubscriberFactory(email="ana@example.org", confirmed=True)
    kept = SubscriberFactory(email="ben@example.org", confirmed=True)
    with transaction.atomic():
        email_queue(
            to="ana@example.org",
            template="newsletter/email/welcome",
            context={"unsubscribe_url": "http://testserver/x/"},
        )

    confirm_page = editor.post(
        LIST, {"action": "delete_selected", "_selected_action": [subscriber.pk]}
    )
    assert "Are you sure" in confirm_page.content.decode()
    assert Subscriber.objects.count() == 2

    response = editor.post(
        LIST,
        {"action": "delete_selected", "_selected_action": [subscriber.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert list(Subscriber.objects.all()) == [kept]
    assert not OutboundEmail.objects.filter(to="ana@example.org").exists()

    # And from the subscriber's own page.
    response = editor.post(f"{LIST}{kept.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Subscriber.objects.exists()


def test_staff_can_correct_a_name_but_not_the_address_status_or_consent(editor):
    subscriber = SubscriberFactory(email="ana@example.org", name="Ana Reeder")
    assert editor.get(f"{LIST}add/").status_code == 403

    page = editor.get(f"{LIST}{subscriber.pk}/change/").content.decode()
    assert 'name="name"' in page
    assert 'name="email"' not in page
    assert 'name="status"' not in page
    assert 'name="consent_wording"' not in page
    assert subscriber.consent_wording in page

    response = editor.post(
        f"{LIST}{subscriber.pk}/change/",
        {
            "name": "Ana Reader",
            "email": "evil@example.org",
            "status": "confirmed",
            "consent_wording": "Nothing",
            # The consent history's read-only rows, as the page sends them.
            "consent_events-TOTAL_FORMS": "0",
            "consent_events-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.name == "Ana Reader"
    assert subscriber.email == "ana@example.org"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.consent_wording != "Nothing"
