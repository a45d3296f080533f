"""A two-node deployment on this machine: HAProxy, two web nodes, two workers, one Redis."""

import html
import http.client
import re
import ssl
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest

from forus.public_forms import HONEYPOT_FIELD
from tests.realparts import (
    CeleryBeat,
    CeleryWorker,
    GunicornNode,
    HAProxy,
    RedisServer,
    production_environment,
    use_celery_broker,
)
from tests.smtp import SMTPServer

SITE_HOST = "localhost"
HIDDEN_INPUT = re.compile(r"<input\b[^>]*>")
ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: str


@dataclass
class Visitor:
    """One browser on an address of its own (127.0.0.0/8 is all this machine's)."""

    port: int
    address: str
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, data: dict | None = None) -> Answer:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection(
            SITE_HOST, self.port, timeout=30, context=context, source_address=(self.address, 0)
        )
        headers = {"Origin": f"https://{SITE_HOST}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return Answer(response.status, response.headers, text)

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, data: dict) -> Answer:
        return self.request("POST", path, data)


def form_fields(page: str) -> dict[str, str]:
    """The hidden fields of a page's form (CSRF token, time trap), as a browser sends them."""
    fields = {HONEYPOT_FIELD: ""}
    for tag in HIDDEN_INPUT.findall(page):
        attributes = dict(ATTRIBUTE.findall(tag))
        if attributes.get("type") == "hidden" and "name" in attributes:
            fields[attributes["name"]] = html.unescape(attributes.get("value", ""))
    return fields


@dataclass
class Deployment:
    haproxy: HAProxy
    nodes: list[GunicornNode]
    workers: list[CeleryWorker]
    smtp: SMTPServer
    redis: RedisServer
    directory: Path
    environment: dict[str, str]

    def visitor(self, address: str) -> Visitor:
        return Visitor(port=self.haproxy.https_port, address=address)

    def beats(self) -> list[CeleryBeat]:
        return [
            CeleryBeat(environment=self.environment, directory=self.directory, name=name)
            for name in ("beat-1", "beat-2")
        ]

    def served(self, node: GunicornNode, path: str) -> int:
        """How many requests for the path this node's access log shows."""
        return sum(f" {path} " in line for line in node.log_path.read_text().splitlines())

    def wait_for_emails(self, count: int, *, seconds: float = 30) -> list:
        deadline = time.monotonic() + seconds
        while len(self.smtp.messages) < count and time.monotonic() < deadline:
            time.sleep(0.2)
        return self.smtp.messages


@pytest.fixture(scope="module")
def deployment(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Deployment]:
    directory = tmp_path_factory.mktemp("deployment")
    redis = RedisServer()
    redis.start()
    smtp = SMTPServer()
    smtp.start()
    with django_db_blocker.unblock():
        environment = production_environment(
            REDIS_URL=redis.url,
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(smtp.port),
            EMAIL_USE_TLS="0",
            # Believe HAProxy (on 127.0.0.1) alone.
            TRUSTED_PROXIES="127.0.0.1/32",
        )
    nodes = [
        GunicornNode(
            environment=environment,
            log_path=directory / f"web-{number}.log",
            options=["--workers", "2", "--access-logfile", "-"],
        )
        for number in (1, 2)
    ]
    workers = [
        CeleryWorker(
            broker_url=redis.url,
            smtp_port=smtp.port,
            log_path=directory / f"worker-{number}.log",
            extra_environment={
                key: environment[key] for key in ("DATABASE_URL", "SITE_URL", "ALLOWED_HOSTS")
            },
        )
        for number in (1, 2)
    ]
    haproxy = HAProxy(
        nodes=[f"127.0.0.1:{node.port}" for node in nodes],
        site_host=SITE_HOST,
        directory=directory,
    )
    try:
        for part in [*nodes, *workers, haproxy]:
            part.start()
        use_celery_broker(redis.url)
        deployment = Deployment(haproxy, nodes, workers, smtp, redis, directory, environment)
        wait_until_both_nodes_are_up(deployment)
        yield deployment
    finally:
        use_celery_broker(None)
        for part in [haproxy, *workers, *nodes]:
            part.stop()
        smtp.stop()
        redis.stop()


def wait_until_both_nodes_are_up(deployment: Deployment) -> None:
    """HAProxy sends to a node once two health checks pass."""
    visitor = deployment.visitor("127.0.0.1")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        for _ in range(4):
            try:
                visitor.get("/robots.txt")
            except OSError:
                time.sleep(0.2)
        if all(deployment.served(node, "/robots.txt") for node in deployment.nodes):
            return
        time.sleep(0.5)
    pytest.fail("HAProxy did not send to both nodes")
