from collections.abc import Iterator

import pytest

from forus.outbox.mailer import mailer_close


@pytest.fixture(autouse=True)
def _close_kept_mail_connection() -> Iterator[None]:
    """Each test starts without the mail server connection a previous one kept."""
    mailer_close()
    yield
    mailer_close()
