"""How fast the outbox delivers, against a plain smtplib loop.

    .venv/bin/python bench/outbox.py [--emails 1000] [--concurrency 2] [--timeout 300]

Run one at a time: it empties the outbox table and Redis database of the
bench (BENCH_DATABASE_URL, BENCH_REDIS_URL) before and after.

Starts an SMTP server (aiosmtpd) on localhost and a real `celery -A forus
worker` on the bench's Redis, queues the emails through `email_queue()` in
one transaction (as a feature would, with an attachment and headers), and
times the worker until every row is sent, counting the SMTP connections it
opened (each worker process keeps one open). Then, in the same run, a plain
loop sends the same messages with smtplib: once opening a connection per
message, and once over a single connection, the mail server's pace. The
goal is the outbox at 0.7x or more of that pace with worker concurrency 2.
Bounded by the number of emails and by --timeout.
"""

import argparse
import logging
import os
import smtplib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import BASE_DIR, BIN, bench_environment, prepare_database

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//For Us All//bench//EN\r\nEND:VCALENDAR\r\n"


def _start_worker(environment: dict[str, str], concurrency: int, log: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            BIN / "celery",
            "-A",
            "forus",
            "worker",
            "--concurrency",
            str(concurrency),
            "--loglevel",
            "INFO",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=BASE_DIR,
        env=environment,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while "ready." not in log.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("The worker did not start:\n" + log.read_text())
        time.sleep(0.1)
    return process


def _through_outbox(options: argparse.Namespace, environment: dict[str, str]) -> dict:
    """Queue the emails in one transaction; time until the worker has sent them all."""
    from django.db import transaction

    from forus.outbox.models import OutboundEmail
    from forus.outbox.services import Attachment, email_queue

    with tempfile.TemporaryDirectory() as folder:
        log = Path(options.worker_log or Path(folder) / "worker.log")
        worker = _start_worker(environment, options.concurrency, log)
        try:
            started = time.perf_counter()
            with transaction.atomic():
                for number in range(options.emails):
                    email_queue(
                        to=f"reader{number}@example.org",
                        template="outbox/email/check",
                        context={"queued_at": "bench"},
                        headers={"List-Unsubscribe": f"<https://example.org/u/{number}>"},
                        attachments=[Attachment("webinar.ics", ICS, "text/calendar")],
                    )
            queued = time.perf_counter() - started
            deadline = time.monotonic() + options.timeout
            sent = 0
            while sent < options.emails and time.monotonic() < deadline:
                # Not too often: the SMTP server runs in this process too.
                time.sleep(0.25)
                sent = OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).count()
            total = time.perf_counter() - started
            return {"queued": queued, "total": total, "delivery": total - queued, "sent": sent}
        finally:
            worker.terminate()
            worker.wait(timeout=30)


def _smtplib_loops(port: int) -> tuple[float, float]:
    """The same messages by a plain loop: a connection each, then one for all."""
    from forus.outbox.models import OutboundEmail
    from forus.outbox.services import _as_message

    messages = [
        _as_message(email).message()
        for email in OutboundEmail.objects.prefetch_related("attachments").order_by("pk")
    ]
    started = time.perf_counter()
    for message in messages:
        with smtplib.SMTP("127.0.0.1", port) as client:
            client.send_message(message)
    per_connection = time.perf_counter() - started

    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as client:
        for message in messages:
            client.send_message(message)
    return per_connection, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--emails", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds, at most")
    parser.add_argument("--worker-log", help="keep the worker's log in this file")
    options = parser.parse_args()

    from tests.smtp import SMTPServer  # the same aiosmtpd server the tests use

    smtp = SMTPServer()
    smtp.start()
    environment = bench_environment()
    environment.update(
        {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp.port), "EMAIL_USE_TLS": "0"}
    )
    prepare_database(environment)
    os.environ.update(environment)

    import django

    django.setup()
    # aiosmtpd logs every command at INFO; the server shares this process.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    import redis

    from forus.outbox.models import OutboundEmail

    redis.Redis.from_url(environment["REDIS_URL"]).flushdb()
    OutboundEmail.objects.all().delete()
    outbox = _through_outbox(options, environment)
    received = len(smtp.messages)
    connections = smtp.connections
    per_connection, one_connection = _smtplib_loops(smtp.port)
    smtp.stop()
    OutboundEmail.objects.all().delete()

    count = options.emails
    print(f"{count} emails, worker concurrency {options.concurrency}")
    print(f"  queued in one transaction:           {outbox['queued']:7.2f} s")
    print(
        f"  outbox (queue + worker + SMTP):      {outbox['total']:7.2f} s "
        f"{count / outbox['total']:8.1f} emails/s   "
        f"({outbox['sent']} sent, {received} received, {connections} connections)"
    )
    print(
        f"  smtplib loop, a connection each:     {per_connection:7.2f} s "
        f"{count / per_connection:8.1f} emails/s"
    )
    print(
        f"  smtplib loop, one connection:        {one_connection:7.2f} s "
        f"{count / one_connection:8.1f} emails/s"
    )
    print(
        f"  worker alone (after the commit):     {outbox['delivery']:7.2f} s "
        f"{count / outbox['delivery']:8.1f} emails/s"
    )
    print(
        f"  outbox pace / smtplib over one connection: "
        f"{one_connection / outbox['total']:.2f}x (goal 0.7x); "
        f"worker alone {one_connection / outbox['delivery']:.2f}x"
    )
    print(f"  outbox pace / smtplib a connection each:   {per_connection / outbox['total']:.2f}x")


if __name__ == "__main__":
    main()
