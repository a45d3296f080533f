"""The mail provider's tracking webhook: Postmark's and Mailgun's reports, real-shaped.

Each call goes through the whole site (middleware, anymail's view and its
authentication, the tracking signal, the outbox's service, the features'
receivers) into the database.
"""

import pytest
from django.test import Client

from campaign.newsletter.models import Subscriber
from forus.outbox.models import OutboundEmail, Suppression
from tests.forus.outbox.provider_reports import (
    MAILGUN_URL,
    POSTMARK_URL,
    as_json,
    basic_auth,
    email_sent_to,
    mailgun_complained,
    mailgun_delivered,
    mailgun_failed,
    mailgun_signed,
    postmark_bounce,
    postmark_delivery,
    postmark_spam_complaint,
)
from tests.newsletter.factories import SubscriberFactory
from tests.webinars.factories import RegistrationFactory
from webinars.models import Registration

pytestmark = pytest.mark.django_db

ADDRESS = "ana.reader@example.org"


def _post(client: Client, url: str, payload: dict, *, auth: bool = True):
    headers = basic_auth() if auth else {}
    return client.post(url, as_json(payload), content_type="application/json", **headers)


@pytest.fixture
def people() -> tuple[Subscriber, Registration]:
    """A confirmed subscriber and a webinar registration, both with ADDRESS."""
    return (
        SubscriberFactory(email=ADDRESS, confirmed=True),
        RegistrationFactory(email=ADDRESS),
    )


def _nothing_recorded(email: OutboundEmail, people: tuple[Subscriber, Registration]) -> None:
    email.refresh_from_db()
    assert (email.report, email.reported_at, email.soft_bounces) == ("", None, 0)
    assert not Suppression.objects.exists()
    subscriber, registration = people
    subscriber.refresh_from_db()
    registration.refresh_from_db()
    assert subscriber.email_problem == registration.email_problem == ""


# --- Postmark ---------------------------------------------------------------


def test_postmark_hard_bounce_marks_the_email_suppresses_the_address_and_tells_the_features(
    client, postmark_webhook, people
):
    email = email_sent_to(ADDRESS)

    response = _post(client, POSTMARK_URL, postmark_bounce(email))

    assert response.status_code == 200
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.report == OutboundEmail.Report.BOUNCED
    assert email.reported_at is not None
    suppression = Suppression.objects.get()
    assert suppression.address == ADDRESS
    assert suppression.reason == Suppression.Reason.BOUNCE
    assert suppression.provider == "Postmark"
    assert suppression.event_id == "901542550"
    assert suppression.lifted_at is None
    subscriber, registration = people
    subscriber.refresh_from_db()
    registration.refresh_from_db()
    assert subscriber.email_problem == Subscriber.EmailProblem.BOUNCED
    assert subscriber.email_problem_at == suppression.created_at
    assert registration.email_problem == Registration.EmailProblem.BOUNCED


def test_postmark_spam_complaint_suppresses_the_address(client, postmark_webhook, people):
    email = email_sent_to(ADDRESS)

    response = _post(client, POSTMARK_URL, postmark_spam_complaint(email))

    assert response.status_code == 200
    email.refresh_from_db()
    assert email.report == OutboundEmail.Report.COMPLAINED
    assert Suppression.objects.get().reason == Suppression.Reason.COMPLAINT
    subscriber, registration = people
    subscriber.refresh_from_db()
    registration.refresh_from_db()
    assert subscriber.email_problem == Subscriber.EmailProblem.COMPLAINED
    assert registration.email_problem == Registration.EmailProblem.COMPLAINED


def test_postmark_delivery_marks_the_email_delivered(client, postmark_webhook, people):
    email = email_sent_to(ADDRESS)

    response = _post(client, POSTMARK_URL, postmark_delivery(email))

    assert response.status_code == 200
    email.refresh_from_db()
    assert email.report == OutboundEmail.Report.DELIVERED
    assert email.reported_at.year == 2026
    assert not Suppression.objects.exists()


@pytest.mark.parametrize("kind", ["SoftBounce", "Transient"])
def test_postmark_soft_bounces_are_counted_not_suppressed(client, postmark_webhook, people, kind):
    email = email_sent_to(ADDRESS)

    for event_id in (1, 2):
        response = _post(
            client, POSTMARK_URL, postmark_bounce(email, kind=kind, event_id=event_id)
        )
        assert response.status_code == 200

    email.refresh_from_db()
    assert email.soft_bounces == 2
    assert email.report == ""
    assert not Suppression.objects.exists()
    subscriber, _ = people
    subscriber.refresh_from_db()
    assert subscriber.email_problem == ""


def test_the_same_hard_bounce_twice_suppresses_once(client, postmark_webhook, people):
    email = email_sent_to(ADDRESS)

    for _ in range(2):
        assert _post(client, POSTMARK_URL, postmark_bounce(email)).status_code == 200

    assert Suppression.objects.count() == 1


def test_a_delivery_reported_after_a_bounce_leaves_the_bounce(client, postmark_webhook):
    email = email_sent_to(ADDRESS)

    _post(client, POSTMARK_URL, postmark_bounce(email))
    _post(client, POSTMARK_URL, postmark_delivery(email))

    email.refresh_from_db()
    assert email.report == OutboundEmail.Report.BOUNCED


def test_a_bounce_of_an_email_no_longer_kept_still_suppresses(client, postmark_webhook):
    email = email_sent_to(ADDRESS)
    payload = postmark_bounce(email)
    email.delete()

    assert _post(client, POSTMARK_URL, payload).status_code == 200

    assert Suppression.objects.get().address == ADDRESS


def test_the_sent_email_carries_its_row_id_for_postmark_to_report_back(
    postmark_webhook, smtp_server
):
    email = email_sent_to(ADDRESS)

    [message] = smtp_server.messages
    assert message["X-PM-Metadata-outbox_id"] == str(email.pk)
    assert message["Message-ID"] == email.message_id


# --- Mailgun ----------------------------------------------------------------


def test_mailgun_permanent_failure_is_found_by_message_id_and_suppresses(
    client, mailgun_webhook, people
):
    email = email_sent_to(ADDRESS)
    event = mailgun_failed(email)
    del event["user-variables"]  # found by the Message-ID alone

    response = _post(client, MAILGUN_URL, mailgun_signed(event))

    assert response.status_code == 200
    email.refresh_from_db()
    assert email.report == OutboundEmail.Report.BOUNCED
    suppression = Suppression.objects.get()
    assert (suppression.address, suppression.reason, suppression.provider) == (
        ADDRESS,
        Suppression.Reason.BOUNCE,
        "Mailgun",
    )
    assert "does not exist" in suppression.detail
    subscriber, registration = people
    subscriber.refresh_from_db()
    registration.refresh_from_db()
    assert subscriber.email_problem == Subscriber.EmailProblem.BOUNCED
    assert registration.email_problem == Registration.EmailProblem.BOUNCED


def test_mailgun_complaint_suppresses_the_address(client, mailgun_webhook, people):
    email = email_sent_to(ADDRESS)

    response = _post(client, MAILGUN_URL, mailgun_signed(mailgun_complained(email)))

    assert response.status_code == 200
    email.refresh_from_db()
    assert email.report == OutboundEmail.Report.COMPLAINED
    assert Suppression.objects.get().reason == Suppression.Reason.COMPLAINT


def test_mailgun_delivery_marks_the_email_delivered(client, mailgun_webhook, people):
    email = email_sent_to(ADDRESS)

    response = _post(client, MAILGUN_URL, mailgun_signed(mailgun_delivered(email)))

    assert response.status_code == 200
    email.refresh_from_db()
    assert email.report == OutboundEmail.Report.DELIVERED
    assert not Suppression.objects.exists()


def test_mailgun_temporary_failure_is_counted_not_suppressed(client, mailgun_webhook, people):
    email = email_sent_to(ADDRESS)

    response = _post(
        client, MAILGUN_URL, mailgun_signed(mailgun_failed(email, severity="temporary"))
    )

    assert response.status_code == 200
    email.refresh_from_db()
    assert (email.soft_bounces, email.report) == (1, "")
    assert not Suppression.objects.exists()


def test_the_sent_email_carries_its_row_id_for_mailgun_to_report_back(
    mailgun_webhook, smtp_server
):
    email = email_sent_to(ADDRESS)

    [message] = smtp_server.messages
    assert message["X-Mailgun-Variables"] == f'{{"outbox_id": "{email.pk}"}}'


# --- Forged and unauthenticated calls ---------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {},
        basic_auth("provider-reports:a-wrong-password-of-the-same-size!!"),
        basic_auth("someone-else:" + "x" * 40),
        {"HTTP_AUTHORIZATION": "Bearer provider-reports"},
    ],
    ids=["no auth", "wrong password", "wrong user", "another scheme"],
)
def test_postmark_calls_without_the_secret_are_refused_and_change_nothing(
    client, postmark_webhook, people, headers
):
    email = email_sent_to(ADDRESS)

    response = client.post(
        POSTMARK_URL, as_json(postmark_bounce(email)), content_type="application/json", **headers
    )

    assert response.status_code == 400
    _nothing_recorded(email, people)


def test_mailgun_calls_forged_or_unsigned_are_refused_and_change_nothing(
    client, mailgun_webhook, people
):
    email = email_sent_to(ADDRESS)
    event = mailgun_failed(email)
    forged = mailgun_signed(event, key="a-key-that-is-not-mailguns")
    unsigned = {"event-data": event}
    tampered = mailgun_signed(event)
    tampered["event-data"]["recipient"] = "someone.else@example.org"
    tampered["signature"]["timestamp"] = "1534110423"

    responses = [
        _post(client, MAILGUN_URL, forged).status_code,
        _post(client, MAILGUN_URL, unsigned).status_code,
        _post(client, MAILGUN_URL, tampered).status_code,
        # Signed as Mailgun signs, but without the basic auth the URL carries.
        _post(client, MAILGUN_URL, mailgun_signed(event), auth=False).status_code,
    ]

    assert responses == [400, 400, 400, 400]
    _nothing_recorded(email, people)


def test_without_a_provider_configured_there_is_no_webhook(client, settings, people):
    settings.MAIL_PROVIDER_WEBHOOK = ""
    email = email_sent_to(ADDRESS)

    assert _post(client, POSTMARK_URL, postmark_bounce(email)).status_code == 404
    assert _post(client, MAILGUN_URL, mailgun_signed(mailgun_failed(email))).status_code == 404
    _nothing_recorded(email, people)


def test_only_the_configured_providers_webhook_exists(client, postmark_webhook, people):
    email = email_sent_to(ADDRESS)

    response = _post(client, MAILGUN_URL, mailgun_signed(mailgun_failed(email)))

    assert response.status_code == 404
    assert _post(client, "/anymail/sendgrid/tracking/", {}).status_code == 404
    _nothing_recorded(email, people)


# --- Through the site's middleware --------------------------------------------


def test_the_webhook_needs_no_csrf_token_is_never_cached_and_takes_a_burst(postmark_webhook):
    email = email_sent_to(ADDRESS)
    # As the provider's servers call it: no cookie, no token, from another site.
    client = Client(enforce_csrf_checks=True)

    statuses = {
        client.post(
            POSTMARK_URL,
            as_json(postmark_bounce(email, kind="SoftBounce", event_id=number)),
            content_type="application/json",
            HTTP_SEC_FETCH_SITE="cross-site",
            **basic_auth(),
        ).status_code
        for number in range(40)
    }

    assert statuses == {200}
    email.refresh_from_db()
    assert email.soft_bounces == 40
    response = client.post(
        POSTMARK_URL,
        as_json(postmark_delivery(email)),
        content_type="application/json",
        **basic_auth(),
    )
    assert "no-cache" in response["Cache-Control"]
    assert client.get(POSTMARK_URL, **basic_auth()).status_code == 405
