from collections.abc import Iterator

import pytest

from forus.outbox.mailer import mailer_close
from tests.forus.outbox.provider_reports import MAILGUN_SIGNING_KEY, WEBHOOK_SECRET


@pytest.fixture(autouse=True)
def _close_kept_mail_connection() -> Iterator[None]:
    """Each test starts without the mail server connection a previous one kept."""
    mailer_close()
    yield
    mailer_close()


@pytest.fixture
def postmark_webhook(settings) -> None:
    """The site configured for Postmark's tracking webhook, as MAIL_PROVIDER_WEBHOOK=postmark."""
    settings.MAIL_PROVIDER_WEBHOOK = "postmark"
    settings.ANYMAIL = {"WEBHOOK_SECRET": WEBHOOK_SECRET}


@pytest.fixture
def mailgun_webhook(settings) -> None:
    """The site configured for Mailgun's: basic auth and Mailgun's signing key."""
    settings.MAIL_PROVIDER_WEBHOOK = "mailgun"
    settings.ANYMAIL = {
        "WEBHOOK_SECRET": WEBHOOK_SECRET,
        "MAILGUN_WEBHOOK_SIGNING_KEY": MAILGUN_SIGNING_KEY,
    }
