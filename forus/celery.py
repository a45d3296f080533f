"""The Celery app: `celery -A forus worker` and `celery -A forus beat`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forus.settings")

app = Celery("forus")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
