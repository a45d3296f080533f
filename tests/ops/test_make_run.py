"""`make run` as a newcomer starts it: links on its own address, and a scheduler beside it."""

import os
import signal
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.error import URLError

import pytest
from django.conf import settings

from tests.smtp import free_port

BASE_DIR = Path(settings.BASE_DIR)
BIN = BASE_DIR / ".venv" / "bin"


# An email left waiting by an earlier run: only a scheduled job (the outbox
# sweep) sends it.
LEFT_WAITING = """
from datetime import timedelta
from django.utils import timezone
from forus.outbox.models import OutboundEmail
OutboundEmail.objects.create(
    to="waiting@example.org", subject="Left waiting since the last run",
    body_text="Hello", body_html="<p>Hello</p>", template="test/waiting",
    message_id="<left-waiting@example.org>",
    next_attempt_at=timezone.now() - timedelta(hours=1),
)
"""


def newcomer_environment(database: Path) -> dict[str, str]:
    """A shell without the test run's settings: no SITE_URL, no Redis, SQLite."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"SITE_URL", "REDIS_URL", "EMAIL_HOST", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    environment["DATABASE_URL"] = f"sqlite:///{database}"
    return environment


def wait_for(url: str, process: subprocess.Popen, log: Path, *, seconds: float) -> bytes:
    deadline = time.monotonic() + seconds
    while True:
        try:
            return urllib.request.urlopen(url, timeout=5).read()  # noqa: S310 - http only
        except (URLError, ConnectionError, TimeoutError):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"make run did not serve {url}:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)


def process_group_gone(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """A migrated SQLite file holding an email that waits for the sweep."""
    path = tmp_path / "db.sqlite3"
    environment = {**newcomer_environment(path), "DEBUG": "1"}
    for command in (["migrate", "--noinput", "-v", "0"], ["shell", "-c", LEFT_WAITING]):
        subprocess.run(
            [BIN / "python", "manage.py", *command], cwd=BASE_DIR, env=environment, check=True
        )
    return path


def test_make_run_links_to_its_port_and_runs_the_scheduled_jobs(database, tmp_path):
    port = free_port()
    log = tmp_path / "make-run.log"
    with log.open("w") as output:
        make = subprocess.Popen(
            ["make", "--no-print-directory", "run", "HOST=127.0.0.1", f"PORT={port}"],
            cwd=BASE_DIR,
            env=newcomer_environment(database),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        robots = wait_for(f"http://127.0.0.1:{port}/robots.txt", make, log, seconds=180).decode()
        # What a crawler and every emailed link read: the address the site runs on.
        assert f"Sitemap: http://127.0.0.1:{port}/sitemap.xml" in robots.splitlines()

        # The sweep, run by the scheduler make run started, sends the waiting email.
        deadline = time.monotonic() + 60
        while True:
            with sqlite3.connect(database) as db:
                status = db.execute(
                    "SELECT status FROM outbox_outboundemail WHERE message_id = ?",
                    ["<left-waiting@example.org>"],
                ).fetchone()[0]
            if status == "sent" or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert status == "sent", log.read_text()[-3000:]
        assert log.read_text().count("Subject: Left waiting since the last run") == 1
    finally:
        # Ctrl-C in the terminal: the site and its scheduler both stop.
        os.killpg(make.pid, signal.SIGINT)
        try:
            make.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(make.pid, signal.SIGKILL)
            raise
    deadline = time.monotonic() + 15
    while not process_group_gone(make.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert process_group_gone(make.pid), "make run left a process behind"
