"""Two web nodes behind HAProxy, two workers and two beats, as deploy/haproxy.cfg runs them.

Each test drives the deployment in tests/deploy/conftest.py through HAProxy,
from addresses of its own, and counts what reached the database and the mail
server.
"""

import logging
import re
import signal
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from campaign.models import Pillar
from campaign.newsletter.models import Subscriber
from forus.outbox import services as outbox
from forus.outbox.models import OutboundEmail
from tests.deploy.conftest import form_fields
from tests.newsletter.factories import SubscriberFactory
from tests.realparts import BASE_DIR, BIN
from tests.webinars.factories import RegistrationFactory, WebinarFactory
from webinars.models import Registration

logger = logging.getLogger(__name__)

pytestmark = [pytest.mark.scaleout, pytest.mark.django_db(transaction=True)]

FILL_SECONDS = 3.2
CONFIRM_PATH = re.compile(r"https?://[^/\s]+(/\S*?/registrations/[^/\s]+/confirm/)")
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def letters(number: int) -> str:
    """A name part from a number: names carry no digits."""
    return LETTERS[number // 26].upper() + LETTERS[number % 26] * 2


def registration(page: str, number: int) -> dict[str, str]:
    return {
        **form_fields(page),
        "first_name": "Crowd",
        "last_name": f"Member {letters(number)}",
        "email": f"crowd-{number}@example.org",
        "organisation": "",
        "role": "student",
        "question": "",
        "accommodations": "",
        "time_zone": "America/New_York",
    }


def register_crowd(deployment, webinar, *, count: int, network: str, during=None):
    """`count` people load the page, then all send at once; returns their answers' statuses."""
    path = webinar.get_absolute_url()
    visitors = [deployment.visitor(f"{network}.{number + 1}") for number in range(count)]
    pages = [visitor.get(path).body for visitor in visitors]
    time.sleep(FILL_SECONDS)

    answered_at: list[float] = []
    a_quarter_answered = threading.Event()

    def send(number: int) -> int:
        try:
            return visitors[number].post(path, registration(pages[number], number)).status
        except OSError:
            return 0
        finally:
            answered_at.append(time.monotonic())
            if len(answered_at) >= count // 4:
                a_quarter_answered.set()

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(send, number) for number in range(count)]
        a_quarter_answered.wait(timeout=60)
        during_at = time.monotonic()
        if during:
            during()
        statuses = [future.result() for future in futures]
    if during:
        # It happened mid-stream: answers came before it and after it.
        assert min(answered_at) < during_at < max(answered_at)
    return statuses


def test_a_crowd_over_both_nodes_takes_exactly_the_seats(deployment):
    # 40 people for 30 seats at once is a rush: past the first ones, each
    # registration waits for its owner to confirm by the emailed link. They
    # all confirm at once, over both nodes; the seats still come out exact.
    webinar = WebinarFactory(capacity=30)
    before = [deployment.served(node, webinar.get_absolute_url()) for node in deployment.nodes]

    statuses = register_crowd(deployment, webinar, count=40, network="127.0.1")

    assert statuses == [302] * 40
    served = [
        deployment.served(node, webinar.get_absolute_url()) - count
        for node, count in zip(deployment.nodes, before, strict=True)
    ]
    assert min(served) >= 20, served  # each node took page loads and POSTs
    rows = Registration.objects.filter(webinar=webinar)
    assert rows.count() == 40
    assert rows.values("email").distinct().count() == 40
    assert rows.filter(status=Registration.Status.REGISTERED).count() <= 30
    pending = set(rows.filter(status=Registration.Status.PENDING).values_list("email", flat=True))
    assert pending, "a crowd of 40 for 30 seats puts the later ones on hold"
    messages = list(deployment.wait_for_emails(40))
    assert sorted(message["To"] for message in messages) == sorted(
        f"crowd-{number}@example.org" for number in range(40)
    )
    confirm_paths = [
        CONFIRM_PATH.search(message.get_payload(0).get_payload(decode=True).decode()).group(1)
        for message in messages
        if message["To"] in pending
    ]
    assert len(confirm_paths) == len(pending)
    deployment.smtp.handler.messages.clear()

    visitors = [deployment.visitor(f"127.0.7.{n + 1}") for n in range(len(confirm_paths))]
    pages = [v.get(path).body for v, path in zip(visitors, confirm_paths, strict=True)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(
            pool.map(
                lambda v, path, page: v.post(path, form_fields(page)).status,
                visitors,
                confirm_paths,
                pages,
            )
        )
    assert all(status in {200, 302} for status in answers), answers
    assert rows.filter(status=Registration.Status.REGISTERED).count() == 30
    assert rows.filter(status=Registration.Status.WAITLISTED).count() == 10
    assert not rows.filter(status=Registration.Status.PENDING).exists()
    # Each confirmation says where its owner stands, once.
    confirmed = deployment.wait_for_emails(len(confirm_paths))
    assert sorted(message["To"] for message in confirmed) == sorted(pending)
    deployment.smtp.handler.messages.clear()


def test_one_rate_limit_counts_across_both_nodes(deployment):
    visitors = [deployment.visitor("127.0.2.1") for _ in range(25)]
    pages = [visitor.get("/newsletter/").body for visitor in visitors]
    time.sleep(FILL_SECONDS)
    statuses = [
        visitor.post(
            "/newsletter/",
            {**form_fields(page), "email": f"limit-{number}@example.org", "name": ""},
        ).status
        for number, (visitor, page) in enumerate(zip(visitors, pages, strict=True))
    ]

    # The newsletter form takes 20 sends an hour from one address, whichever node.
    assert statuses == [302] * 20 + [429] * 5
    assert all(deployment.served(node, "/newsletter/") >= 10 for node in deployment.nodes)


def test_a_pillar_edit_shows_on_every_node(deployment):
    pillar = Pillar.objects.order_by("number").first()
    path = pillar.get_absolute_url()
    visitor = deployment.visitor("127.0.3.1")
    for _ in range(4):  # both nodes cache the page
        assert pillar.title in visitor.get(path).body

    # A staff save, on whichever machine, as another process.
    subprocess.run(
        [BIN / "python", "manage.py", "shell", "-c",
         ("from campaign.models import Pillar; "
          f"p = Pillar.objects.get(pk={pillar.pk}); "
          "p.title = 'Edited on another node'; p.save()")],
        cwd=BASE_DIR, env=deployment.environment, check=True, capture_output=True,
    )  # fmt: skip

    time.sleep(2.5)  # each node asks the shared cache for changes every 2 seconds
    bodies = [visitor.get(path).body for _ in range(4)]
    assert ["Edited on another node" in body for body in bodies] == [True] * 4


def test_a_staff_login_holds_on_both_nodes(deployment):
    get_user_model().objects.create_superuser("lead", "lead@example.org", "a-long-Pass-phrase-9")
    visitor = deployment.visitor("127.0.4.1")
    page = visitor.get("/admin/login/").body
    answer = visitor.post(
        "/admin/login/?next=/admin/",
        {**form_fields(page), "username": "lead", "password": "a-long-Pass-phrase-9"},
    )
    assert answer.status == 302
    before = [deployment.served(node, "/admin/") for node in deployment.nodes]
    answers = [visitor.get("/admin/") for _ in range(6)]
    assert [answer.status for answer in answers] == [200] * 6
    assert all("Log out" in answer.body for answer in answers)
    after = [deployment.served(node, "/admin/") for node in deployment.nodes]
    served = [a - b for a, b in zip(after, before, strict=True)]
    assert sum(served) == 6
    assert min(served) >= 1, served


def test_two_beats_run_each_periodic_job_once(deployment):
    webinar = WebinarFactory(
        capacity=10,
        starts_at=timezone.now() + timedelta(hours=23, minutes=50),
        ends_at=timezone.now() + timedelta(hours=24, minutes=50),
    )
    registrants = RegistrationFactory.create_batch(4, webinar=webinar)
    # Seated before the reminder's moment (a later seat's confirmation is fresher).
    Registration.objects.filter(webinar=webinar).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    waiting = OutboundEmail.objects.create(
        to="waiting@example.org", subject="Left waiting", body_text="Hello",
        body_html="<p>Hello</p>", template="test/waiting", message_id="<waiting@example.org>",
        next_attempt_at=timezone.now() - timedelta(hours=1),
    )  # fmt: skip
    old = OutboundEmail.objects.create(
        to="old@example.org", subject="Old", body_text="Old", body_html="<p>Old</p>",
        template="test/old", message_id="<old@example.org>",
        status=OutboundEmail.Status.SENT, sent_at=timezone.now() - timedelta(days=400),
    )  # fmt: skip
    OutboundEmail.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))
    forgotten = SubscriberFactory()
    Subscriber.objects.filter(pk=forgotten.pk).update(
        created_at=timezone.now() - timedelta(days=40),
        confirmation_sent_at=timezone.now() - timedelta(days=40),
    )
    deployment.smtp.handler.messages.clear()

    beats = deployment.beats()
    for beat in beats:
        beat.start()
    try:
        messages = deployment.wait_for_emails(5)
        time.sleep(3)  # anything doubled would arrive by now
    finally:
        for beat in beats:
            beat.stop()

    assert all("Sending due task webinar-reminders" in b.log_path.read_text() for b in beats)
    recipients = sorted(message["To"] for message in deployment.smtp.messages)
    assert recipients == sorted([r.email for r in registrants] + ["waiting@example.org"])
    waiting.refresh_from_db()
    assert waiting.status == OutboundEmail.Status.SENT
    assert not OutboundEmail.objects.filter(pk=old.pk).exists()
    assert not Subscriber.objects.filter(pk=forgotten.pk).exists()
    assert len(messages) >= 5
    deployment.smtp.handler.messages.clear()


def test_a_node_killed_mid_stream_loses_and_doubles_nothing(deployment):
    webinar = WebinarFactory(capacity=100)

    def kill_a_node() -> None:
        deployment.nodes[0].kill()

    statuses = register_crowd(deployment, webinar, count=40, network="127.0.5", during=kill_a_node)
    try:
        failures = [status for status in statuses if status != 302]
        assert len(failures) <= 4, statuses  # at most the requests in flight at the kill
        rows = Registration.objects.filter(webinar=webinar)
        emails = list(rows.values_list("email", flat=True))
        assert len(emails) == len(set(emails))  # none doubled
        accepted = {f"crowd-{n}@example.org" for n, s in enumerate(statuses) if s == 302}
        assert accepted <= set(emails)  # none lost
        logger.info(
            "Node killed: %s accepted, %s failed, %s rows",
            len(accepted),
            len(failures),
            len(emails),
        )
    finally:
        deployment.nodes[0].start()
    deployment.wait_for_emails(len(emails))
    deployment.smtp.handler.messages.clear()


def test_a_node_told_to_stop_finishes_its_requests_and_takes_no_new_ones(deployment):
    webinar = WebinarFactory(capacity=100)
    node = deployment.nodes[1]
    stopped_in = []

    def stop_a_node() -> None:
        started = time.monotonic()
        node.process.send_signal(signal.SIGTERM)  # the master, as a platform stops it
        node.process.wait(timeout=60)
        stopped_in.append(time.monotonic() - started)
        node.process = None

    statuses = register_crowd(deployment, webinar, count=30, network="127.0.6", during=stop_a_node)
    node.start()

    assert statuses == [302] * 30
    assert Registration.objects.filter(webinar=webinar).count() == 30
    assert stopped_in[0] < 25  # gunicorn_conf.graceful_timeout, and then some
    logger.info("Node stopped with SIGTERM in %.1f s, no request failed", stopped_in[0])
    deployment.wait_for_emails(30)
    deployment.smtp.handler.messages.clear()


def test_a_rolling_restart_of_the_workers_sends_every_email_once(deployment):
    deployment.smtp.handler.messages.clear()
    with transaction.atomic():
        for number in range(200):
            outbox.email_queue(
                to=f"burst-{number}@example.org",
                template="outbox/email/check",
                context={"queued_at": "now"},
            )
    stop_seconds = []
    for worker in deployment.workers:
        time.sleep(1)
        stop_seconds.append(worker.stop_gracefully())
        worker.start()

    messages = deployment.wait_for_emails(200, seconds=60)
    time.sleep(2)
    assert len(deployment.smtp.messages) == 200
    assert len({message["Message-ID"] for message in messages}) == 200
    assert OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).count() == 200
    assert max(stop_seconds) < 30
    logger.info("Rolling restart: the workers stopped in %s s", stop_seconds)
    deployment.smtp.handler.messages.clear()
