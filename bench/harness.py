"""Start the site under gunicorn and load it from this (second) process.

Every run is bounded: at most `requests` requests and `seconds` seconds per
URL, whichever comes first.
"""

import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit

import psycopg

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def bench_environment() -> dict[str, str]:
    """Production settings on localhost, with a database and Redis of their own."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/forus_bench"
        ),
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
    }


def prepare_database(environment: dict[str, str]) -> None:
    """Create the bench database if needed, migrate it and collect static files."""
    url = environment["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [BIN / "python", "manage.py", *command, "-v", "0"],
            cwd=BASE_DIR,
            env=environment,
            check=True,
        )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """A running gunicorn: its base URL and master process."""

    base_url: str
    process: subprocess.Popen

    def worker_pids(self) -> list[int]:
        """The master's children: its workers now."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return sorted(int(child) for child in children)

    def worker_rss_kib(self) -> dict[int, int]:
        """Each worker's resident memory, in KiB."""
        sizes = {}
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes[pid] = int(line.split()[1])
        return sizes


@contextmanager
def gunicorn_server(
    environment: dict[str, str],
    workers: int = 2,
    *,
    app: str = "forus.wsgi",
    ready_path: str = "/health/",
    start_seconds: float = 120,
) -> Iterator[Server]:
    """Serve the app on a free localhost port as the Procfile does (its gunicorn config)."""
    port = _free_port()
    process = subprocess.Popen(
        [
            BIN / "gunicorn",
            "--config",
            "forus/gunicorn_conf.py",
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=environment,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_seconds
        while True:
            try:
                urllib.request.urlopen(base_url + ready_path, timeout=2).read()
                break
            except (URLError, ConnectionError, TimeoutError):
                # A slow first answer (workers still importing) is not a failure yet.
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield Server(base_url, process)
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def gunicorn(
    environment: dict[str, str], workers: int = 2, *, start_seconds: float = 120
) -> Iterator[str]:
    """Serve the site on a free localhost port; yield its base URL."""
    with gunicorn_server(environment, workers, start_seconds=start_seconds) as server:
        yield server.base_url


@dataclass(frozen=True)
class Figures:
    label: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]

    def line(self) -> str:
        return (
            f"{self.label:<22} {self.per_second:8.1f} req/s   "
            f"p50 {self.percentile(0.50):6.2f} ms   p99 {self.percentile(0.99):6.2f} ms   "
            f"({self.requests} requests, {self.errors} errors, {self.seconds:.1f} s)"
        )


def load(
    label: str,
    url: str,
    *,
    requests: int = 2000,
    seconds: float = 20.0,
    concurrency: int = 4,
    warmup: int = 20,
) -> Figures:
    """GET the URL from `concurrency` threads until either bound is reached."""
    for _ in range(warmup):
        urllib.request.urlopen(url, timeout=10).read()

    deadline = time.monotonic() + seconds
    budget = iter(range(requests))
    latencies: list[float] = []
    errors = 0

    def worker() -> None:
        nonlocal errors
        for _ in budget:
            if time.monotonic() > deadline:
                return
            started = time.perf_counter()
            try:
                urllib.request.urlopen(url, timeout=10).read()
            except (HTTPError, URLError, ConnectionError):
                errors += 1
                continue
            latencies.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for _ in range(concurrency):
            pool.submit(worker)
    elapsed = time.perf_counter() - started
    return Figures(label, len(latencies), errors, elapsed, latencies)


def _merged(label: str, runs: list[Figures]) -> Figures:
    return Figures(
        label,
        sum(run.requests for run in runs),
        sum(run.errors for run in runs),
        sum(run.seconds for run in runs),
        [latency for run in runs for latency in run.latencies_ms],
    )


def print_against_minimal(
    base_url: str,
    pages: dict[str, str],
    *,
    requests: int = 2000,
    seconds: float = 20.0,
    concurrency: int = 4,
    rounds: int = 5,
) -> None:
    """Load the bare view and each page in turn, `rounds` times, and compare them.

    The machine's speed drifts while the bench runs (other work on shared
    cores), so each round measures the bare view and every page back to
    back, and a page's ratio is the median of its rounds' ratios. The
    bounds are split evenly across the rounds.
    """
    bounds = {
        "requests": max(1, requests // rounds),
        "seconds": seconds / rounds,
        "concurrency": concurrency,
    }
    urls = {"minimal Django view": "/bench/minimal/", **pages}
    runs: dict[str, list[Figures]] = {label: [] for label in urls}
    for _round in range(rounds):
        for label, path in urls.items():
            runs[label].append(load(label, base_url + path, **bounds))

    minimal_runs = runs.pop("minimal Django view")
    minimal = _merged("minimal Django view", minimal_runs)
    print(minimal.line())
    for label, page_runs in runs.items():
        figures = _merged(label, page_runs)
        ratios = [
            page.per_second / bare.per_second
            for page, bare in zip(page_runs, minimal_runs, strict=True)
        ]
        print(figures.line())
        print(
            f"{'':<22} ratio to the minimal view: {statistics.median(ratios):.2f} (req/s, "
            f"median of {rounds} rounds, {min(ratios):.2f}–{max(ratios):.2f}), "
            f"p99 {figures.percentile(0.99) / minimal.percentile(0.99):.2f}x"
        )


WRK_INSTALL = (
    "wrk is not installed: `apt-get install -y wrk` (Debian, Ubuntu), `brew install wrk`."
)
_WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass(frozen=True)
class WrkRun:
    """One wrk run against one URL."""

    label: str
    requests: int
    per_second: float
    p50_ms: float
    p99_ms: float
    socket_errors: int
    not_2xx_3xx: int


def _wrk_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _WRK_UNITS[unit]


def python_load(label: str, url: str, *, seconds: float, connections: int) -> WrkRun:
    """What wrk measures, from `connections` Python threads with a keep-alive connection each.

    For a machine without wrk (BENCH_LOAD=python). A slower client than
    wrk: it may be the bottleneck, which reads every ratio closer to 1.
    """
    split = urlsplit(url)
    target = split.path + (f"?{split.query}" if split.query else "")
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    counts = {"errors": 0, "not_2xx_3xx": 0}
    lock = threading.Lock()

    def worker() -> None:
        connection = http.client.HTTPConnection(split.hostname, split.port, timeout=10)
        mine: list[float] = []
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", target)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                with lock:
                    counts["errors"] += 1
                connection.close()
                continue
            mine.append((time.perf_counter() - started) * 1000)
            if not 200 <= response.status < 400:
                with lock:
                    counts["not_2xx_3xx"] += 1
        connection.close()
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies) or [float("nan")]
    return WrkRun(
        label,
        len(latencies),
        len(latencies) / elapsed,
        ordered[int(0.50 * (len(ordered) - 1))],
        ordered[int(0.99 * (len(ordered) - 1))],
        counts["errors"],
        counts["not_2xx_3xx"],
    )


def wrk_load(label: str, url: str, *, seconds: float, connections: int) -> WrkRun:
    """Load the URL with wrk (one thread, `connections` keep-alive connections) for `seconds`."""
    if os.environ.get("BENCH_LOAD") == "python":
        return python_load(label, url, seconds=seconds, connections=connections)
    if shutil.which("wrk") is None:
        raise SystemExit(WRK_INSTALL)
    finished = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency", url],
        capture_output=True,
        text=True,
        check=False,
    )
    output = finished.stdout
    if "requests in" not in output or "Requests/sec" not in output:
        # Counted as a failed run rather than ending the whole bench.
        print(f"wrk failed on {url}: {finished.stderr or output}", file=sys.stderr)
        return WrkRun(label, 0, 0.0, float("nan"), float("nan"), 1, 0)
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", output, re.MULTILINE))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    not_2xx_3xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return WrkRun(
        label,
        int(re.search(r"(\d+) requests in", output).group(1)),
        float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        _wrk_ms(percentiles["50"]),
        _wrk_ms(percentiles["99"]),
        sum(int(count) for count in socket_errors.groups()) if socket_errors else 0,
        int(not_2xx_3xx.group(1)) if not_2xx_3xx else 0,
    )
