"""One mail server connection per worker, kept open from one email to the next.

Opening an SMTP connection (TCP, greeting, EHLO, STARTTLS, login) costs
more than sending a message over it, so a worker keeps its connection and
checks it with a NOOP before a message when it was idle a while; if the
server closed it, or an error leaves it in doubt, the next message opens a
new one. A refusal of one
recipient or message resets the transaction, and the connection goes on.

Everything before the message itself (connecting, NOOP, MAIL, RCPT, DATA)
must end by a point the caller sets (`send_by`); past it the message is not
sent at all, so the server never has it. Only the server's answer to the
message then has one SMTP timeout more. So an attempt ends within a known
time after the claim on its row, and never outlives that claim.
"""

import contextlib
import email.policy
import re
import smtplib
import threading
import time

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend

DEFAULT_TIMEOUT = 20
LEADING_DOT = re.compile(rb"(?m)^\.")


# A connection used within this many seconds is used without a NOOP first;
# if the server closed it meanwhile, MAIL fails and the message goes over a
# new connection (the server never had any of it).
FRESH_SECONDS = 2.0


class _NotStartedError(Exception):
    """The connection was gone before the server had any part of the message."""


class _Kept(threading.local):
    backend = None
    config: dict | None = None
    used_at = 0.0


_kept = _Kept()


def mailer_close() -> None:
    """Close the kept connection, if any (a worker shutting down)."""
    backend, _kept.backend, _kept.config = _kept.backend, None, None
    if backend is not None:
        # The server may be gone already: there is nothing to close politely.
        with contextlib.suppress(smtplib.SMTPException, OSError):
            backend.close()


def mailer_timeout() -> float:
    """The default mailer's timeout in seconds for one exchange with the server."""
    options = settings.MAILERS.get("default", {}).get("OPTIONS", {})
    return options.get("timeout") or DEFAULT_TIMEOUT


def _backend():
    config = settings.MAILERS.get("default")
    if _kept.backend is None or _kept.config != config:
        mailer_close()
        _kept.backend, _kept.config = mail.mailers.default, config
    return _kept.backend


def _limit(connection: smtplib.SMTP, deadline: float) -> None:
    """Let the next exchange with the server take only what is left before `deadline`."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("The delivery attempt ran out of time.")
    connection.sock.settimeout(left)


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


def _transmit(
    backend: SMTPBackend, message: EmailMessage, deadline: float, timeout: float
) -> None:
    """MAIL, RCPT and DATA for one message, as smtplib's sendmail, within the deadline."""
    connection = backend.connection
    sender = backend.prep_address(message.from_email)
    recipients = [backend.prep_address(address) for address in message.recipients()]
    content = message.message(policy=email.policy.SMTP).as_bytes()

    _limit(connection, deadline)
    try:
        connection.ehlo_or_helo_if_needed()
        code, reply = connection.mail(sender)
    except smtplib.SMTPServerDisconnected as error:
        raise _NotStartedError from error
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
    _limit(connection, deadline)
    connection.putcmd("data")
    code, reply = connection.getreply()
    if code != 354:
        _reset(connection)
        raise smtplib.SMTPDataError(code, reply)
    # Past this point the server has the message: give its answer the full
    # timeout, as smtplib's sendmail would.
    _limit(connection, deadline)
    connection.sock.settimeout(timeout)
    connection.send(_as_data(content))
    code, reply = connection.getreply()
    if code != 250:
        _reset(connection)
        raise smtplib.SMTPDataError(code, reply)


def _as_data(content: bytes) -> bytes:
    """The message as DATA carries it: leading dots doubled, ended by a lone dot."""
    quoted = LEADING_DOT.sub(b"..", content)
    if not quoted.endswith(b"\r\n"):
        quoted += b"\r\n"
    return quoted + b".\r\n"


def _opened(backend: SMTPBackend, send_by: float) -> SMTPBackend:
    if backend.connection is None:
        left = send_by - time.monotonic()
        if left <= 0:
            raise TimeoutError("The delivery attempt ran out of time.")
        backend.timeout = min(mailer_timeout(), left)
        try:
            backend.open()
        except (smtplib.SMTPException, OSError):
            mailer_close()
            raise
    return backend


def mailer_send(message: EmailMessage, *, send_by: float) -> None:
    """Send one message over the kept connection; raise what the server answered.

    `send_by` is a time.monotonic() value: the message is not sent after it.

    Any backend other than SMTP (the console, the test mailer) just sends.
    """
    backend = _backend()
    if not isinstance(backend, SMTPBackend):
        backend.send_messages([message])
        return
    idle = time.monotonic() - _kept.used_at > FRESH_SECONDS
    if backend.connection is not None and idle and not _alive(backend.connection, send_by):
        mailer_close()
        backend = _backend()
    kept = backend.connection is not None
    try:
        try:
            _transmit(_opened(backend, send_by), message, send_by, mailer_timeout())
        except _NotStartedError:
            if not kept:
                raise
            mailer_close()
            backend = _backend()
            _transmit(_opened(backend, send_by), message, send_by, mailer_timeout())
        _kept.used_at = time.monotonic()
    except _NotStartedError as error:
        mailer_close()
        raise error.__cause__ from None
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
