"""How fast anonymous pages are, against a minimal Django project.

    .venv/bin/python bench/pages.py [--rounds 5] [--seconds 3] [--connections 8]

Needs wrk, the load generator (`apt-get install -y wrk` on Debian or Ubuntu);
without it, BENCH_LOAD=python loads from Python threads instead (a slower
client, which reads the ratios closer to 1).

Starts two gunicorns on localhost, both with the Procfile's config
(forus/gunicorn_conf.py) and the same worker count: the site with the
production settings (PostgreSQL `forus_bench` or BENCH_DATABASE_URL, Redis
BENCH_REDIS_URL), and the minimal project in bench/minimal/ (startproject's
middleware, one "Hello, world" view, no database), the most a page can be.
wrk, a second process, loads the minimal project and each page in turn,
with the same settings, for `--seconds` each, `--rounds` times: the
machine's speed drifts (other work on shared cores), so a page's ratio is
the median of its rounds' ratios to the minimal project in the same round.
Bounded in time (rounds x URLs x seconds) and so in count. Then it prints
each worker's memory before and after, and whether any was restarted.
"""

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    BASE_DIR,
    BIN,
    WrkRun,
    bench_environment,
    gunicorn_server,
    prepare_database,
    wrk_load,
)

PAGES = {
    "home page": "/",
    "pillar page": "/pillars/centering-community-power/",
    "webinar list": "/webinars/",
    "webinar page": "/webinars/bench-pages-webinar/",
    "champions index": "/champions/",
    "spotlight page": "/champions/bench-pages-spotlight/",
    "newsletter page": "/newsletter/",
    "404 page": "/no-such-page/",
}
MINIMAL = "minimal project"

SEED = """
from datetime import timedelta
from django.utils import timezone
from campaign.models import Pillar
from champions.models import Spotlight
from webinars.models import Webinar

starts_at = timezone.now() + timedelta(days=30)
Webinar.objects.update_or_create(
    slug="bench-pages-webinar",
    defaults=dict(
        title="Benchmark webinar", summary="For bench/pages.py.",
        description="What the panel will talk about.\\n\\n" * 10,
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=1), capacity=100,
        registration_open=True, join_url="https://example.org/join/bench",
        status=Webinar.Status.PUBLISHED,
    ),
)
spotlight, created = Spotlight.objects.get_or_create(
    slug="bench-pages-spotlight",
    defaults=dict(
        title="Bench spotlight", champion_name="Bench Champion",
        summary="A sample for the benchmark.",
        body="Some **Markdown** for the benchmark.\\n\\n" * 20,
        status=Spotlight.Status.PUBLISHED, published_at=timezone.now(),
    ),
)
if created:
    spotlight.pillars.set([Pillar.objects.order_by("number").first()])
"""


def minimal_environment() -> dict[str, str]:
    return {**bench_environment(), "DJANGO_SETTINGS_MODULE": "bench.minimal.settings"}


def _median(runs: list[WrkRun], attribute: str) -> float:
    return statistics.median(getattr(run, attribute) for run in runs)


def print_table(runs: dict[str, list[WrkRun]]) -> None:
    minimal = runs[MINIMAL]
    print(
        f"{'':<18} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'x req/s':>16} {'x p99':>6}"
        f" {'requests':>9} {'errors':>6} {'non-2xx':>7}"
    )
    for label, page_runs in runs.items():
        ratios = [
            page.per_second / bare.per_second
            for page, bare in zip(page_runs, minimal, strict=True)
        ]
        spread = f"{statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})"
        print(
            f"{label:<18} {_median(page_runs, 'per_second'):8.0f}"
            f" {_median(page_runs, 'p50_ms'):7.2f} {_median(page_runs, 'p99_ms'):7.2f}"
            f" {spread:>16}"
            f" {_median(page_runs, 'p99_ms') / _median(minimal, 'p99_ms'):6.2f}"
            f" {sum(run.requests for run in page_runs):9d}"
            f" {sum(run.socket_errors for run in page_runs):6d}"
            f" {sum(run.not_2xx_3xx for run in page_runs):7d}"
        )
    print(
        "medians of the rounds; x req/s: median of each round's ratio to the minimal project "
        "(lowest-highest); x p99: median p99 over the minimal project's"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=3, help="per URL and round")
    parser.add_argument("--connections", type=int, default=8, help="wrk's keep-alive connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers, each server")
    options = parser.parse_args()

    environment = bench_environment()
    prepare_database(environment)
    subprocess.run(
        [BIN / "python", "manage.py", "shell", "-v", "0", "-c", SEED],
        cwd=BASE_DIR,
        env=environment,
        check=True,
    )
    load = {"seconds": options.seconds, "connections": options.connections}
    with (
        gunicorn_server(environment, options.workers) as site,
        gunicorn_server(
            minimal_environment(), options.workers, app="bench.minimal.wsgi", ready_path="/"
        ) as minimal,
    ):
        urls = {MINIMAL: minimal.base_url + "/"}
        urls |= {label: site.base_url + path for label, path in PAGES.items()}
        # Warm up: fill the page cache and each worker's copy.
        for label, url in urls.items():
            wrk_load(label, url, seconds=1, connections=options.connections)
        workers_before = site.worker_rss_kib()
        runs: dict[str, list[WrkRun]] = {label: [] for label in urls}
        for _round in range(options.rounds):
            for label, url in urls.items():
                runs[label].append(wrk_load(label, url, **load))
        workers_after = site.worker_rss_kib()

    print(
        f"{options.workers} gunicorn workers each (forus/gunicorn_conf.py), "
        f"{'Python threads' if os.environ.get('BENCH_LOAD') == 'python' else 'wrk -t1'} "
        f"-c{options.connections}, {options.rounds} interleaved rounds of {options.seconds:g} s"
    )
    print_table(runs)
    served = sum(
        run.requests for label, page_runs in runs.items() if label != MINIMAL for run in page_runs
    )
    print(
        f"site workers' RSS (KiB) before {workers_before}, after {workers_after} "
        f"({served} requests served between)"
    )
    if set(workers_before) != set(workers_after):
        print("site workers were restarted during the run")


if __name__ == "__main__":
    main()
