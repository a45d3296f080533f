"""How long the admin index takes to render its dashboard with 10,000 rows.

    .venv/bin/python bench/dashboard.py [--requests N] [--seconds S]

Like the other benches: gunicorn with the production settings on localhost
(PostgreSQL database `forus_bench` or `BENCH_DATABASE_URL`, Redis database
14 or `BENCH_REDIS_URL`), loaded from this process. It first seeds the
bench database, once, with 10,000 registrations over three upcoming
webinars, 10,000 newsletter subscribers, 200 nominations, 24 spotlights and
2,000 emails, spread over 90 days, and signs in a superuser (every panel
shows) and a staff member in no group (no panel: the admin index alone).
Then it asks for /admin/ as each, one request at a time, at most `requests`
times and `seconds` seconds, and prints p50 and p99. The goal is under
300 ms with every panel.
"""

import argparse
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import BASE_DIR, BIN, bench_environment, gunicorn, prepare_database

SEED = """
from datetime import timedelta
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from campaign.newsletter.models import Subscriber
from champions.models import Nomination, Spotlight
from forus.outbox.models import OutboundEmail
from webinars.models import Registration, Webinar

ROWS = 10_000
now = timezone.now()
if not Registration.objects.filter(email__startswith="bench-dashboard-").exists():
    webinars = [
        Webinar.objects.create(
            title=f"Dashboard bench webinar {number}",
            slug=f"dashboard-bench-webinar-{number}",
            summary="A webinar for the dashboard benchmark.",
            starts_at=now + timedelta(days=10 + number),
            ends_at=now + timedelta(days=10 + number, hours=1),
            capacity=5_000,
            status=Webinar.Status.PUBLISHED,
        )
        for number in range(3)
    ]
    statuses = ["registered", "registered", "waitlisted", "cancelled"]
    registrations = Registration.objects.bulk_create(
        Registration(
            webinar=webinars[number % 3],
            first_name="Bench",
            last_name=f"Registrant {number}",
            email=f"bench-dashboard-{number}@example.org",
            role="student",
            status=statuses[number % 4],
            language="en",
            source=f"source-{number % 9}" if number % 4 else "",
        )
        for number in range(ROWS)
    )
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(
            email=f"bench-dashboard-reader-{number}@example.org",
            source=Subscriber.Source.values[number % 3],
            language="en",
            consent_wording="I agree.",
            consented_at=now,
            status=["pending", "confirmed", "confirmed", "unsubscribed"][number % 4],
            confirmed_at=now - timedelta(days=number % 90) if number % 4 else None,
            unsubscribed_at=now - timedelta(days=number % 30) if number % 4 == 3 else None,
        )
        for number in range(ROWS)
    )
    for rows in (registrations, subscribers):
        model = type(rows[0])
        for days in range(90):
            model.objects.filter(pk__in=[row.pk for row in rows[days::90]]).update(
                created_at=now - timedelta(days=days, hours=days % 24)
            )
    Nomination.objects.bulk_create(
        Nomination(
            nominator_name="Bench Nominator",
            nominator_email=f"bench-nominator-{number}@example.org",
            nominee_name=f"Bench Nominee {number}",
            profession="nursing",
            institution="A health center",
            location="Baltimore, MD",
            description="A nomination for the benchmark.",
            consent_wording="I agree.",
            language="en",
            status=["submitted", "in_review", "approved", "declined"][number % 4],
            nominee_consent="not_asked",
        )
        for number in range(200)
    )
    Spotlight.objects.bulk_create(
        Spotlight(
            title=f"Dashboard bench spotlight {number}",
            slug=f"dashboard-bench-spotlight-{number}",
            champion_name=f"Bench Champion {number}",
            summary="A spotlight for the benchmark.",
            body="Text.",
            status="published",
            published_at=now - timedelta(days=15 * number),
        )
        for number in range(24)
    )
    OutboundEmail.objects.bulk_create(
        OutboundEmail(
            to=f"bench-dashboard-{number}@example.org",
            subject="Bench",
            body_text="Text",
            body_html="<p>HTML</p>",
            template="check",
            message_id=f"<bench-dashboard-{number}@example.org>",
            status=["sent", "sent", "pending", "failed"][number % 4],
        )
        for number in range(2_000)
    )
admin, created = User.objects.get_or_create(
    username="bench-dashboard", defaults={"is_staff": True, "is_superuser": True}
)
newcomer, created = User.objects.get_or_create(
    username="bench-dashboard-newcomer", defaults={"is_staff": True}
)
for user in (admin, newcomer):
    client = Client()
    client.force_login(user)
    print(settings.SESSION_COOKIE_NAME + "=" + client.cookies[settings.SESSION_COOKIE_NAME].value)
print(Registration.objects.count(), Subscriber.objects.count())
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=100, help="at most")
    parser.add_argument("--seconds", type=float, default=60.0, help="at most")
    options = parser.parse_args()

    environment = bench_environment()
    prepare_database(environment)
    with_panels, without_panels, counts = (
        subprocess.run(
            [BIN / "python", "manage.py", "shell", "-v", "0", "-c", SEED],
            cwd=BASE_DIR,
            env=environment,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-3:]
    )
    registrations, subscribers = counts.split()
    # A busy machine may take a while to start the workers.
    with gunicorn(environment, start_seconds=120) as base_url:
        for label, session in (
            ("no panels (staff in no group)", without_panels),
            ("every panel (superuser)", with_panels),
        ):
            latencies = _timed(base_url, session, options, panels=session == with_panels)
            p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
            print(
                f"admin index, {label}: p50 {statistics.median(latencies):.1f} ms   "
                f"p99 {p99:.1f} ms   ({len(latencies)} requests, one at a time)"
            )
    print(f"seeded: {registrations} registrations, {subscribers} subscribers; goal: under 300 ms")


def _timed(base_url: str, session: str, options: argparse.Namespace, *, panels: bool) -> list:
    """Milliseconds for each GET of the admin index, after a warm-up, within the bounds."""
    request = urllib.request.Request(base_url + "/admin/", headers={"Cookie": session})

    def get() -> bytes:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read()

    if (b'class="dashboard-panels"' in get()) != panels:
        raise SystemExit("The admin index did not show the panels expected: signed in?")
    for _ in range(5):
        get()
    latencies = []
    deadline = time.monotonic() + options.seconds
    while len(latencies) < options.requests and time.monotonic() < deadline:
        started = time.perf_counter()
        get()
        latencies.append((time.perf_counter() - started) * 1000)
    return sorted(latencies)


if __name__ == "__main__":
    main()
