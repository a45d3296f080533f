"""Real Redis servers and Celery workers, started and stopped by tests."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import redis
from django.conf import settings
from django.db import connection

from forus.celery import app as celery_app
from tests.smtp import free_port

BASE_DIR = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent


class RedisServer:
    """A redis-server of the test's own, on a free port: stop it, start it again."""

    def __init__(self, *, eviction_policy: str = "noeviction") -> None:
        self.eviction_policy = eviction_policy
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--maxmemory-policy",
                self.eviction_policy,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def use_celery_broker(url: str | None) -> None:
    """Point this process's Celery at a broker, or back to eager tasks."""
    celery_app.conf.update(task_always_eager=url is None, broker_url=url or "memory://")
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def database_url_of_this_run() -> str:
    """The database this test run uses, as the URL a worker process needs."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class ProcessGroup:
    """A process started in a session of its own, stopped with all its children.

    `stop` asks politely (SIGTERM) and waits `stop_seconds`; `kill` gives no
    chance to finish anything (SIGKILL).
    """

    stop_seconds = 15
    process: subprocess.Popen | None = None

    def kill(self) -> None:
        if self.process:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None

    def stop(self) -> None:
        if self.process:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=self.stop_seconds)
            except subprocess.TimeoutExpired:
                self.kill()
            self.process = None


class CeleryWorker(ProcessGroup):
    """`celery -A forus worker` in a process group of its own."""

    def __init__(
        self,
        *,
        broker_url: str,
        smtp_port: int,
        log_path: Path,
        extra_environment: dict[str, str] | None = None,
    ) -> None:
        self.log_path = log_path
        self.environment = {
            "PATH": os.environ["PATH"],
            "HOME": os.environ.get("HOME", "/"),
            "DEBUG": "0",
            "SECRET_KEY": os.environ["SECRET_KEY"],
            "SITE_URL": settings.SITE_URL,
            "DATABASE_URL": database_url_of_this_run(),
            "REDIS_URL": broker_url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_USE_TLS": "0",
            "OUTBOX_FIRST_RETRY_SECONDS": "1",
            **(extra_environment or {}),
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        log = self.log_path.open("a")
        self.process = subprocess.Popen(
            [
                BIN / "celery",
                "-A",
                "forus",
                "worker",
                "--concurrency",
                "1",
                "--loglevel",
                "INFO",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=BASE_DIR,
            env=self.environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        ready_before = self.log_path.read_text().count("ready.")
        while self.log_path.read_text().count("ready.") == ready_before:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "The Celery worker did not start:\n" + self.log_path.read_text()
                )
            time.sleep(0.1)

    def stop_gracefully(self) -> float:
        """SIGTERM to the worker alone, as a platform stops it; returns the seconds it took."""
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)
        self.process = None
        return time.monotonic() - started


def production_environment(**overrides: str) -> dict[str, str]:
    """The settings a production process reads, on this test run's database."""
    return {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/"),
        "DEBUG": "0",
        "SECRET_KEY": os.environ["SECRET_KEY"],
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": settings.SITE_URL,
        "DATABASE_URL": database_url_of_this_run(),
        **overrides,
    }


class GunicornNode(ProcessGroup):
    """A web node as the Procfile runs it (forus/gunicorn_conf.py), on a free local port."""

    # Longer than its graceful_timeout, so requests in flight can finish.
    stop_seconds = 30

    def __init__(self, *, environment: dict[str, str], log_path: Path, options=()) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.environment = environment
        self.log_path = log_path
        self.options = list(options)
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        log = self.log_path.open("a")
        self.process = subprocess.Popen(
            [
                BIN / "gunicorn",
                "--config",
                BASE_DIR / "forus" / "gunicorn_conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                *self.options,
                "forus.wsgi",
            ],
            cwd=BASE_DIR,
            env=self.environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(self.url + "/health/", timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start:\n" + self.log_path.read_text())
            time.sleep(0.2)


HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"


class HAProxy:
    """HAProxy running deploy/haproxy.cfg in front of the given nodes, with a test certificate."""

    def __init__(self, *, nodes: list[str], site_host: str, directory: Path) -> None:
        self.directory = directory
        self.https_port = free_port()
        self.http_port = free_port()
        self.url = f"https://{site_host}:{self.https_port}"
        certificate = directory / "haproxy.pem"
        subprocess.run(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", f"/CN={site_host}",
                "-keyout", directory / "key.pem", "-out", directory / "cert.pem",
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        certificate.write_text(
            (directory / "cert.pem").read_text() + (directory / "key.pem").read_text()
        )
        self.environment = {
            "PATH": os.environ["PATH"],
            "FORUS_HTTP_BIND": f"127.0.0.1:{self.http_port}",
            "FORUS_HTTPS_BIND": f"127.0.0.1:{self.https_port}",
            "FORUS_TLS_CERT": str(certificate),
            "FORUS_SITE_HOST": site_host,
            "FORUS_WEB1": nodes[0],
            "FORUS_WEB2": nodes[1],
        }
        self.log_path = directory / "haproxy.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        config = BASE_DIR / "deploy" / "haproxy.cfg"
        subprocess.run([HAPROXY, "-c", "-q", "-f", config], env=self.environment, check=True)
        self.process = subprocess.Popen(
            [HAPROXY, "-db", "-f", config],
            env=self.environment,
            stdout=self.log_path.open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.https_port), timeout=1).close()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "HAProxy did not start:\n" + self.log_path.read_text()
                    ) from None
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


class CeleryBeat(ProcessGroup):
    """`celery -A forus beat` with a schedule file of its own."""

    def __init__(self, *, environment: dict[str, str], directory: Path, name: str) -> None:
        self.environment = environment
        self.schedule = directory / f"{name}-schedule"
        self.log_path = directory / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [BIN / "celery", "-A", "forus", "beat", "--loglevel", "INFO",
             "--schedule", self.schedule],
            cwd=BASE_DIR,
            env=self.environment,
            stdout=self.log_path.open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
