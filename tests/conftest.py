"""Fixtures shared by the whole suite."""

import os
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import trans_real

from forus.pagecache import public_pages_forget_local_copies
from tests.realparts import CeleryWorker, RedisServer, use_celery_broker
from tests.smtp import SMTPServer


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every transactional test gets back what migrations loaded, whatever ran before.

    A transactional test empties the database when it ends. Without
    serialized rollback Django then re-creates content types with new ids,
    and a later test that restores the migrations' rows clashes with them;
    with it everywhere, the order of tests never matters.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and "serialized_rollback" not in marker.kwargs
        ):
            kwargs = {**marker.kwargs, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)


@pytest.fixture(scope="session", autouse=True)
def _collected_static_files() -> None:
    """Production serves hashed static files from a manifest; build it once."""
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations() -> None:
    """The Spanish pages and emails read the compiled catalogue; build it from the .po."""
    call_command("compile_translations", verbosity=0)
    trans_real._translations = {}
    trans_real._default = None


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Cached pages and rate-limit counters never leak from one test to the next."""
    cache.clear()
    public_pages_forget_local_copies()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in English, whatever language the last request switched to.

    A request to a Spanish page leaves Spanish active in the thread, which
    would turn the next test's reverse() and messages Spanish.
    """
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def redis_url() -> str:
    """A real Redis for tests about Redis, in a database of the suite's own."""
    return os.environ["TEST_REDIS_URL"]


@pytest.fixture
def smtp_server(settings) -> Iterator[SMTPServer]:
    """A real SMTP server on localhost; the site's default mailer sends to it."""
    server = SMTPServer()
    server.start()
    settings.MAILERS = server.mailers_setting()
    yield server
    server.stop()


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    """A Redis server of the test's own, which the test may stop and start."""
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def celery_worker(redis_server, smtp_server, tmp_path) -> Iterator[CeleryWorker]:
    """A real worker on the test's Redis, sending to the test's SMTP server.

    This process queues to the same Redis. Tests that use it need
    `django_db(transaction=True)`, so the worker sees their rows.
    """
    use_celery_broker(redis_server.url)
    worker = CeleryWorker(
        broker_url=redis_server.url,
        smtp_port=smtp_server.port,
        log_path=tmp_path / "worker.log",
    )
    worker.start()
    yield worker
    worker.stop()
    use_celery_broker(None)
