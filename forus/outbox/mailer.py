"""One mail server connection per worker, kept open from one email to the next.

Opening an SMTP connection (TCP, greeting, EHLO, STARTTLS, login) costs
more than sending a message over it, so a worker keeps its connection and
checks it with a NOOP before each message; if the server closed it, or an
error leaves it in doubt, the next message opens a new one. A refusal of one
recipient or message resets the transaction, and the connection goes on.

Every exchange of a delivery ends by a deadline the caller sets, so that an
attempt never outlives the claim on its row.
"""

import contextlib
import email.policy
import smtplib
import threading
import time

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend


class _Kept(threading.local):
    backend = None
    config: dict | None = None


_kept = _Kept()


def mailer_close() -> None:
    """Close the kept connection, if any (a worker shutting down)."""
    backend, _kept.backend, _kept.config = _kept.backend, None, None
    if backend is not None:
        # The server may be gone already: there is nothing to close politely.
        with contextlib.suppress(smtplib.SMTPException, OSError):
            backend.close()


def _backend():
    config = settings.MAILERS.get("default")
    if _kept.backend is None or _kept.config != config:
        mailer_close()
        _kept.backend, _kept.config = mail.mailers.default, config
    return _kept.backend


def _limit(connection: smtplib.SMTP, deadline: float, *, exchanges: int = 1) -> None:
    """Let the next exchanges with the server take only what is left of the attempt."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("The delivery attempt ran out of time.")
    connection.sock.settimeout(left / exchanges)


def _alive(connection: smtplib.SMTP, deadline: float) -> bool:
    try:
        _limit(connection, deadline)
        return connection.noop()[0] == 250
    except (smtplib.SMTPException, OSError):
        return False


def _reset(connection: smtplib.SMTP) -> None:
    # A broken connection shows itself at the next NOOP.
    with contextlib.suppress(smtplib.SMTPException, OSError):
        connection.rset()


def _transmit(backend: SMTPBackend, message: EmailMessage, deadline: float) -> None:
    """MAIL, RCPT and DATA for one message, as smtplib's sendmail, within the deadline."""
    connection = backend.connection
    sender = backend.prep_address(message.from_email)
    recipients = [backend.prep_address(address) for address in message.recipients()]
    content = message.message(policy=email.policy.SMTP).as_bytes()

    _limit(connection, deadline)
    connection.ehlo_or_helo_if_needed()
    code, reply = connection.mail(sender)
    if code != 250:
        _reset(connection)
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    refused = {}
    for recipient in recipients:
        _limit(connection, deadline)
        code, reply = connection.rcpt(recipient)
        if code not in (250, 251):
            refused[recipient] = (code, reply)
    if len(refused) == len(recipients):
        _reset(connection)
        raise smtplib.SMTPRecipientsRefused(refused)
    _limit(connection, deadline, exchanges=2)
    try:
        code, reply = connection.data(content)
    except smtplib.SMTPDataError:
        _reset(connection)
        raise
    if code != 250:
        _reset(connection)
        raise smtplib.SMTPDataError(code, reply)


def mailer_send(message: EmailMessage, *, deadline: float) -> None:
    """Send one message over the kept connection; raise what the server answered.

    Any backend other than SMTP (the console, the test mailer) just sends.
    """
    backend = _backend()
    if not isinstance(backend, SMTPBackend):
        backend.send_messages([message])
        return
    if backend.connection is not None and not _alive(backend.connection, deadline):
        mailer_close()
        backend = _backend()
    if backend.connection is None:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("The delivery attempt ran out of time.")
        configured = (_kept.config or {}).get("OPTIONS", {}).get("timeout")
        backend.timeout = min(configured or left, left)
        try:
            backend.open()
        except (smtplib.SMTPException, OSError):
            mailer_close()
            raise
    try:
        _transmit(backend, message, deadline)
    except smtplib.SMTPResponseException as error:
        # The server refused this message and the transaction was reset; the
        # connection serves the next one unless the server is closing it.
        if error.smtp_code == 421:
            mailer_close()
        raise
    except smtplib.SMTPRecipientsRefused:
        raise
    except OSError:  # smtplib's other errors too: the connection is gone or in doubt
        mailer_close()
        raise
