"""The Celery app: `celery -A forus worker` and `celery -A forus beat`."""

import os
from datetime import UTC, datetime

from celery import Celery
from celery.beat import PersistentScheduler, ScheduleEntry

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forus.settings")

app = Celery("forus")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


class DueAtStartEntry(ScheduleEntry):
    """A job beat has no record of is due at once, not one interval after start.

    A beat started afresh (a new machine, `make run`, a container without its
    schedule file) would otherwise never run a daily clean-up if it restarts
    more often than daily. Every job is safe to run early and twice.
    """

    def __init__(self, name=None, task=None, last_run_at=None, *args, **kwargs) -> None:
        super().__init__(name, task, last_run_at or LONG_AGO, *args, **kwargs)


class DueAtStartScheduler(PersistentScheduler):
    """Celery's file-backed scheduler, whose new jobs are due at once."""

    Entry = DueAtStartEntry
