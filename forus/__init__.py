# Load the Celery app with Django so that tasks queued from a request use it.
from forus.celery import app as celery_app

__all__ = ("celery_app",)
