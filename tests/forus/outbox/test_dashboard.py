"""The email panel on the dashboard, for superusers: the last seven days of the outbox."""

from datetime import timedelta

import pytest
from django.utils import timezone

from forus.outbox.models import OutboundEmail
from tests.dashboard import admin_index, dashboard_in, figures, signed_in, staff_member

pytestmark = pytest.mark.django_db

STATUS = OutboundEmail.Status
REPORT = OutboundEmail.Report


def _email(number: int, status: str, *, days_ago: float = 0, report: str = "") -> OutboundEmail:
    email = OutboundEmail.objects.create(
        to=f"reader{number}@example.org",
        subject=f"Email {number}",
        body_text="Text",
        body_html="<p>HTML</p>",
        template="check",
        message_id=f"<{number}@example.org>",
        status=status,
        report=report,
    )
    OutboundEmail.objects.filter(pk=email.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    return email


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            {
                "Sent": "6",
                "Waiting to be sent": "2",
                "Failed": "1",
                "Bounced": "2",
                "Marked as spam": "1",
                "Not sent: address suppressed": "1",
            },
        ),
        (
            "es",
            {
                "Enviado": "6",
                "En espera de envío": "2",
                "Fallido": "1",
                "Rebotados": "2",
                "Marcado como spam": "1",
                "No enviado: dirección bloqueada": "1",
            },
        ),
    ],
)
def test_the_last_seven_days_by_status(language, expected):
    for number in range(3):
        _email(number, STATUS.SENT, days_ago=number)
    _email(3, STATUS.PENDING)
    _email(4, STATUS.SENDING, days_ago=6.9)
    _email(5, STATUS.FAILED, days_ago=1)
    # What the mail provider reported of emails it accepted, and one held back.
    _email(8, STATUS.SENT, days_ago=2, report=REPORT.BOUNCED)
    _email(9, STATUS.SENT, days_ago=3, report=REPORT.BOUNCED)
    _email(10, STATUS.SENT, days_ago=1, report=REPORT.COMPLAINED)
    _email(11, STATUS.SUPPRESSED)
    _email(12, STATUS.SENT, days_ago=8, report=REPORT.BOUNCED)
    # Older than seven days: left out.
    _email(6, STATUS.FAILED, days_ago=7.1)
    _email(7, STATUS.SENT, days_ago=30)
    html = dashboard_in(language, staff_member("admin", superuser=True))
    assert figures(html, "email") == expected


def test_the_link_leads_to_the_failed_emails():
    admin = staff_member("admin", superuser=True)
    failed = _email(1, STATUS.FAILED)
    _email(2, STATUS.SENT)
    html = admin_index(admin)
    link = "/admin/outbox/outboundemail/?status__exact=failed"
    assert f'<a href="{link}">See the emails that failed</a>' in html
    listing = signed_in(admin).get(link).content.decode()
    assert failed.subject in listing
    assert "Email 2" not in listing
