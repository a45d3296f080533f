"""The web node as the Procfile runs it, under clients that send slowly."""

import socket
import threading
import time
import urllib.request
from collections.abc import Iterator

import pytest

from tests.realparts import BASE_DIR, GunicornNode, production_environment

BODY_BYTES = 100 * 1024


@pytest.fixture
def web_node(tmp_path) -> Iterator[GunicornNode]:
    node = GunicornNode(environment=production_environment(), log_path=tmp_path / "gunicorn.log")
    node.start()
    yield node
    node.stop()


class SlowUpload(threading.Thread):
    """A form POST whose 100 KB body arrives one byte at a time, until told to stop."""

    def __init__(self, port: int) -> None:
        super().__init__(daemon=True)
        self.port = port
        self.stopping = threading.Event()
        self.bytes_sent = 0

    def run(self) -> None:
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as connection:
            # A CSRF cookie makes the site read the body to find the token.
            connection.sendall(
                b"POST /newsletter/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Cookie: csrftoken=abcdefghijklmnopqrstuvwxyzABCDEF\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                + f"Content-Length: {BODY_BYTES}\r\n\r\n".encode()
            )
            while not self.stopping.wait(0.5) and self.bytes_sent < BODY_BYTES:
                connection.sendall(b"a")
                self.bytes_sent += 1


@pytest.mark.django_db(transaction=True)
def test_two_slow_uploads_leave_the_site_answering(web_node):
    uploads = [SlowUpload(web_node.port) for _ in range(2)]
    for upload in uploads:
        upload.start()
    try:
        time.sleep(2)
        assert [upload.bytes_sent > 0 for upload in uploads] == [True, True]
        # Every worker has one of them by now; the site still answers at once.
        for _ in range(3):
            started = time.monotonic()
            with urllib.request.urlopen(web_node.url + "/health/", timeout=5) as response:  # noqa: S310
                assert response.status == 200
            assert time.monotonic() - started < 2
            time.sleep(0.5)
        assert [upload.is_alive() for upload in uploads] == [True, True]
    finally:
        for upload in uploads:
            upload.stopping.set()
        for upload in uploads:
            upload.join(timeout=10)


def test_the_procfile_runs_the_web_node_the_tests_run():
    processes = dict(
        line.split(":", 1)
        for line in (BASE_DIR / "Procfile").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert sorted(processes) == ["beat", "release", "web", "worker"]
    assert processes["web"].split() == [
        "gunicorn", "--config", "forus/gunicorn_conf.py", "forus.wsgi"
    ]  # fmt: skip
