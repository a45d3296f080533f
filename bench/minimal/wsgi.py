"""The minimal reference project, for gunicorn: `gunicorn bench.minimal.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.minimal.settings"

application = get_wsgi_application()
