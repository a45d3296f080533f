"""How fast the webinar registration form takes registrations, and what one costs.

    .venv/bin/python bench/registration.py [--requests N] [--seconds S] [--concurrency C]

Starts gunicorn with the production settings (PostgreSQL at BENCH_DATABASE_URL,
Redis at BENCH_REDIS_URL) and sends the registration form's POST from this
(second) process, bounded by N requests and S seconds, whichever comes first.
It prints requests per second, p50 and p99 of the POST (its 302 answer; the
redirect is not followed), the same for a GET of the webinar's page (not
page-cached, for comparison), and the number of database queries one
registration costs.

What a real send needs, and how the load generator gives it:

- A CSRF token: each load thread GETs the webinar page once and sends back
  its cookie and the form's token, as a browser does.
- The minimum fill time: a signed `form_started` at least 3 seconds old,
  bound to the visitor's CSRF cookie and good for one send. A page gives one
  value per load; rather than a GET before each POST, the script signs the
  values for each thread's cookie in a child process with the bench's
  SECRET_KEY, dated 10 seconds back, as page loads would have given them.
- The per-client rate limit (30 an hour) is not what is measured: gunicorn
  runs with TRUSTED_PROXIES=127.0.0.1/32, as behind a load balancer, and each POST
  carries an X-Forwarded-For address of its own (from 198.18.0.0/15, the
  range set aside for benchmarks), so no client sends twice. The limit's
  counter in Redis is still read and written on every POST, as in production.
- Each POST has a new email address, so each one is a new registration. The
  bench webinar has more seats than any run fills, so each takes a seat and
  pays for the seat count (a waitlist place costs the same queries).

No Celery worker runs: the confirmation emails wait in the outbox table, and
their delivery tasks in the bench Redis, which the script empties at the end.
The bench webinar's registrations and emails are deleted at the start of
each run.
"""

import argparse
import http.client
import ipaddress
import itertools
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    BASE_DIR,
    BIN,
    Figures,
    bench_environment,
    gunicorn,
    load,
    prepare_database,
)

SLUG = "bench-registration-webinar"
PAGE = f"/webinars/{SLUG}/"
FILL_SECONDS = 3.2
ADDRESSES = ipaddress.ip_network("198.18.0.0/15")

# Run in a child process with the bench settings: a webinar to register for,
# with nothing left from an earlier run.
SETUP = f"""
import django
django.setup()
from datetime import timedelta
from django.utils import timezone
from forus.outbox.models import OutboundEmail
from webinars.models import Registration, Webinar

starts_at = timezone.now() + timedelta(days=30)
webinar, _ = Webinar.objects.update_or_create(
    slug={SLUG!r},
    defaults=dict(
        title="Benchmark webinar", summary="For bench/registration.py.",
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=1), capacity=1_000_000,
        registration_open=True, join_url="https://example.org/join/bench",
        status=Webinar.Status.PUBLISHED,
    ),
)
Registration.objects.filter(webinar=webinar).delete()
OutboundEmail.objects.filter(template__startswith="webinars/").delete()
"""

# One registration through the whole stack (middleware, rate limit, form,
# service), counting its database queries.
QUERIES = f"""
import time
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from forus.public_forms import HONEYPOT_FIELD, form_started_token

client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_FOR="198.19.255.254")
data = {{
    "first_name": "Query", "last_name": "Count", "email": "query-count@example.org",
    "role": "student", "time_zone": "America/Chicago", HONEYPOT_FIELD: "",
    "form_started": form_started_token(csrf_secret="", started_at=time.time() - 10),
}}
with CaptureQueriesContext(connection) as queries:
    response = client.post({PAGE!r}, data)
assert response.status_code == 302, response.status_code
print(len(queries))
for query in queries:
    print("   ", query["sql"][:110])
"""

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STARTED = re.compile(r'name="form_started" value="([^"]+)"')


def run_django(code: str, environment: dict[str, str]) -> str:
    return subprocess.run(
        [BIN / "python", "-c", code],
        cwd=BASE_DIR,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


class FormSession:
    """One visitor's page load: the CSRF cookie and token, and the form's start time."""

    def __init__(self, host: str, port: int) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=10)
        connection.request("GET", PAGE)
        response = connection.getresponse()
        html = response.read().decode()
        connection.close()
        cookie = response.getheader("Set-Cookie", "")
        self.cookie = cookie.split(";", 1)[0]
        self.token = TOKEN.search(html).group(1)
        if not self.cookie.startswith("csrftoken="):
            raise RuntimeError(f"The page set no CSRF cookie: {cookie!r}")
        self.csrf_secret = self.cookie.split("=", 1)[1]
        # Single-use start times, one per send (see sign_start_times).
        self.start_times: list[str] = [STARTED.search(html).group(1)]


def sign_start_times(sessions: list[FormSession], count: int, environment: dict[str, str]) -> None:
    """Give each session `count` start times of its own, 10 seconds old, as page loads would."""
    code = f"""
import time
import django
django.setup()
from forus.public_forms import form_started_token
for secret in {[session.csrf_secret for session in sessions]!r}:
    print(" ".join(
        form_started_token(csrf_secret=secret, started_at=time.time() - 10)
        for _ in range({count})
    ))
"""
    lines = run_django(code, environment).splitlines()
    for session, line in zip(sessions, lines, strict=True):
        session.start_times.extend(line.split())


def post_registration(host: str, port: int, session: FormSession, number: int, address: str):
    body = urlencode(
        {
            "csrfmiddlewaretoken": session.token,
            "form_started": session.start_times.pop(),
            "first_name": "Bench",
            "last_name": f"Registrant {number}",
            "email": f"bench-{number}@example.org",
            "organisation": "Benchmark",
            "role": "student",
            "question": "",
            "accommodations": "",
            "time_zone": "America/Chicago",
            "source": "bench",
            "referral_note": "",
        }
    ).encode()
    connection = http.client.HTTPConnection(host, port, timeout=30)
    connection.request(
        "POST",
        PAGE,
        body,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": session.cookie,
            "X-Forwarded-For": address,
        },
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def load_registrations(
    base_url: str,
    *,
    requests: int,
    seconds: float,
    concurrency: int,
    warmup: int,
    environment: dict[str, str],
) -> Figures:
    split = urlsplit(base_url)
    host, port = split.hostname, split.port
    sessions = [FormSession(host, port) for _ in range(concurrency)]
    sign_start_times(sessions, requests + warmup, environment)
    time.sleep(FILL_SECONDS)

    numbers = itertools.count()
    addresses = (str(address) for address in ADDRESSES.hosts())
    lock = threading.Lock()

    def next_send() -> tuple[int, str]:
        with lock:
            return next(numbers), next(addresses)

    for _ in range(warmup):
        number, address = next_send()
        post_registration(host, port, sessions[0], number, address)

    budget = iter(range(requests))
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    deadline = time.monotonic() + seconds

    def worker(session: FormSession) -> None:
        for _ in budget:
            if time.monotonic() > deadline:
                return
            number, address = next_send()
            started = time.perf_counter()
            try:
                status = post_registration(host, port, session, number, address)
            except (OSError, http.client.HTTPException):
                status = 0
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if status == 302:
                    latencies.append(elapsed)

    threads = [threading.Thread(target=worker, args=(session,)) for session in sessions]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    errors = sum(count for status, count in statuses.items() if status != 302)
    if errors:
        print(f"answers other than 302: { {s: c for s, c in statuses.items() if s != 302} }")
    return Figures("registration POST", len(latencies), errors, elapsed, latencies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1000, help="at most")
    parser.add_argument("--seconds", type=float, default=20.0, help="at most")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    options = parser.parse_args()

    environment = bench_environment()
    environment["TRUSTED_PROXIES"] = "127.0.0.1/32"
    prepare_database(environment)
    run_django(SETUP, environment)

    print(f"queries for one registration: {run_django(QUERIES, environment).rstrip()}")

    bounds = {
        "requests": options.requests,
        "seconds": options.seconds,
        "concurrency": options.concurrency,
    }
    with gunicorn(environment, workers=options.workers) as base_url:
        page = load("webinar page GET", base_url + PAGE, **bounds)
        registrations = load_registrations(base_url, warmup=10, environment=environment, **bounds)
    print(page.line())
    print(registrations.line())

    # The delivery tasks no worker took: drop them from the bench Redis.
    subprocess.run(
        [BIN / "celery", "-A", "forus", "purge", "-f"],
        cwd=BASE_DIR,
        env=environment,
        check=False,
        capture_output=True,
    )


if __name__ == "__main__":
    main()
