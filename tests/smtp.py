"""A real SMTP server for tests: aiosmtpd on a free localhost port."""

import asyncio
import email
import socket
import threading
import time
from email.message import EmailMessage
from email.policy import default as default_policy

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class CollectingHandler:
    """Accepts mail and keeps it; can refuse recipients, hold or drop the conversation."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        # Each message exactly as it came over the wire, before any decoding.
        self.raw: list[bytes] = []
        self.connections = 0
        # Close the connection after every this many messages it delivered.
        self.close_after: int | None = None
        # The DATA commands (counted from 1) at which the server hangs up
        # instead of answering: that message is not kept.
        self.hang_up_at: set[int] = set()
        self.data_commands = 0
        self.accepted_on: dict[int, int] = {}
        self.rcpt_reply: str | None = None
        # Replies to RCPT for particular recipients, such as "550 No such mailbox".
        self.refuse: dict[str, str] = {}
        # Seconds the server waits before answering MAIL and RCPT.
        self.slow = 0.0
        self.data_reply: str | None = None
        self.held = threading.Event()
        self.holding = threading.Event()
        self.lock = threading.Lock()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # noqa: N802
        await asyncio.sleep(self.slow)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        await asyncio.sleep(self.slow)
        if self.holding.is_set():
            self.held.set()
            while self.holding.is_set():
                await asyncio.sleep(0.05)
            return "421 Closing"
        if self.rcpt_reply:
            return self.rcpt_reply
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.data_reply:
            return self.data_reply
        with self.lock:
            self.data_commands += 1
            if self.data_commands in self.hang_up_at:
                server.transport.abort()
                return "451 Hung up"
            message = email.message_from_bytes(envelope.content, policy=default_policy)
            self.messages.append(message)
            self.raw.append(envelope.original_content)
            on_this_connection = self.accepted_on.get(id(session), 0) + 1
            self.accepted_on[id(session)] = on_this_connection
        if self.close_after and on_this_connection % self.close_after == 0:
            # After the reply is written: the server hangs up between messages.
            server.loop.call_soon(server.transport.close)
        return "250 Message accepted for delivery"


class CountingSMTP(SMTP):
    """aiosmtpd's server, counting the connections made to it."""

    def connection_made(self, transport) -> None:
        with self.event_handler.lock:
            self.event_handler.connections += 1
        super().connection_made(transport)


class CountingController(Controller):
    def factory(self) -> SMTP:
        return CountingSMTP(self.handler, **self.SMTP_kwargs)


class SMTPServer:
    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.handler = CollectingHandler()
        self.controller: Controller | None = None
        # aiosmtpd connects once itself to see that the server is up.
        self.own_connections = 0

    @property
    def messages(self) -> list[EmailMessage]:
        with self.handler.lock:
            return list(self.handler.messages)

    @property
    def raw(self) -> list[bytes]:
        with self.handler.lock:
            return list(self.handler.raw)

    @property
    def connections(self) -> int:
        with self.handler.lock:
            return self.handler.connections - self.own_connections

    def start(self) -> None:
        self.controller = CountingController(self.handler, hostname="127.0.0.1", port=self.port)
        before = self.handler.connections
        self.controller.start()
        with self.handler.lock:
            self.own_connections += self.handler.connections - before

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()
            self.controller = None

    def wait_for(self, count: int, timeout: float = 30.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.messages

    def mailers_setting(self) -> dict:
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 5},
            }
        }
