"""Settings for the For Us All site, read from the environment.

One module serves every environment. The README's configuration table lists
the variables; anything unset falls back to the embedded default (SQLite,
eager tasks, a local cache, mail to the console) so that a newcomer can run
the site with one command. Production (DEBUG off) refuses to start without
its secret key.
"""

import importlib.util
import ipaddress
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, *, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0, not {value!r}.")


def env_list(name: str, *, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, *, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


# --- Core -------------------------------------------------------------------

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment; it is only optional when DEBUG=1."
        )
    SECRET_KEY = "django-insecure-development-key-never-used-with-debug-off"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default="localhost,127.0.0.1")

SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    # Before the admin, whose forms it extends with a field per language.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "django_ratelimit",
    "crispy_bootstrap5",
    "axes",
    "forus",
    "forus.outbox",
    "forus.people",
    "campaign",
    "campaign.newsletter",
    "webinars",
    "champions",
]

MIDDLEWARE = [
    # First: what the security middleware reads of a proxy's headers must
    # come from a trusted proxy.
    "forus.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "forus.middleware.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Answers an anonymous visit to a cached page here, before the work
    # below that such a visit does not need (forus.pagecache).
    "forus.pagecache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "forus.middleware.CrossSiteRequestMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "forus.middleware.FormStartedMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it watches the admin login for brute force.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "forus.urls"
WSGI_APPLICATION = "forus.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "forus.context_processors.site",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", default=60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, rate limits, the page cache and the Celery broker ---------

REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_caches(redis_url: str, cache_url: str) -> dict[str, dict]:
    """The caches on Redis: shared state and counts on the broker's, pages on their own."""
    # Redis down must never take the site down: short timeouts.
    timeouts = {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5}
    return {
        # Small shared state that must not be evicted (the pages' content
        # version): on the broker's Redis, which never evicts.
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "forus",
            # Errors are logged and treated as cache misses.
            "OPTIONS": {**timeouts, "IGNORE_EXCEPTIONS": True},
        },
        # Rate-limit counts and used form start times: small, each with a
        # timeout, and an eviction would let a flood through, so they stay
        # on the broker's Redis too. They must go on while Redis is away:
        # this backend counts in the database then (forus.counters).
        "counters": {
            "BACKEND": "forus.counters.CountingRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "forus",
            "OPTIONS": {**timeouts, "IGNORE_EXCEPTIONS": False},
        },
        # Rendered pages: big, and cheap to lose. Their own Redis database
        # (in production an instance with allkeys-lru), so that however
        # full they get, the task queue and the counts are never short.
        "pages": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": cache_url,
            "KEY_PREFIX": "forus",
            "OPTIONS": {**timeouts, "IGNORE_EXCEPTIONS": True},
        },
    }


def redis_url_other_database(redis_url: str) -> str:
    """The same Redis, the next database number (0 to 15)."""
    parts = urlsplit(redis_url)
    database = parts.path.strip("/") or "0"
    if not database.isdigit():
        raise ImproperlyConfigured(f"REDIS_URL must end in a database number, not {database!r}.")
    return urlunsplit(parts._replace(path=f"/{(int(database) + 1) % 16}"))


CACHE_URL = os.environ.get("CACHE_URL", "") or (
    redis_url_other_database(REDIS_URL) if REDIS_URL else ""
)

if REDIS_URL:
    CACHES = redis_caches(REDIS_URL, CACHE_URL)
else:
    # One local store for all (as in Redis): clearing one clears the others.
    CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        for alias in ("default", "counters", "pages")
    }

# Whatever the cache, an ignored Redis error is logged.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# How long an anonymous content page is served from the cache. Staff edits
# invalidate it at once; the timeout only bounds time-dependent parts such as
# "the next webinar".
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", default=300)
# How often a web process asks the shared cache whether content has changed.
PUBLIC_PAGE_VERSION_CHECK_SECONDS = 2

# Sessions and CSRF never live in Redis, so an outage cannot log staff out or
# break a form.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

CELERY_BROKER_URL = REDIS_URL or "memory://"
# Without Redis (the embedded default) tasks run in the web process right
# after the transaction commits.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "UTC"
# A task is acknowledged when it has run, so a worker that dies mid-task
# leaves it for another; one task at a time per worker process.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# With Redis, prefetch limits are loose: fetch a task only when a process is free.
CELERY_WORKER_DISABLE_PREFETCH = True
# Told to stop (SIGTERM), a worker takes nothing new and finishes the email
# it is sending (warm shutdown). Told again, or to stop at once, it still
# gives that email this long before it gives the task back to Redis.
CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT = 15.0
# Redis redelivers an unacknowledged task after this long: longer than any
# countdown the site sets (at most five minutes; the sweep handles the rest).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# With Redis down, queueing gives up quickly; the outbox sweep sends later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# The outbox waits this long before the first retry of a failed email, and
# twice as long before each next one.
OUTBOX_FIRST_RETRY_SECONDS = env_int("OUTBOX_FIRST_RETRY_SECONDS", default=30)
# Each job runs when beat starts, then on its schedule (see forus/celery.py).
# Without Redis, beat runs the jobs in its own process as they fall due.
CELERY_BEAT_SCHEDULER = "forus.celery:DueAtStartScheduler"
CELERY_BEAT_SCHEDULE = {
    "sweep-outbox": {"task": "forus.outbox.tasks.sweep_outbox", "schedule": 60.0},
    # Reminders are found in the database each minute, never held in Redis.
    "webinar-reminders": {
        "task": "webinars.tasks.reminders_send_due",
        "schedule": 60.0,
    },
    # Registrations made under pressure and never confirmed hold no seat;
    # this only tidies them, so that their addresses can register again.
    "webinar-unconfirmed-registrations": {
        "task": "webinars.tasks.registrations_lapse_unconfirmed",
        "schedule": 5 * 60.0,
    },
    # Each coordinator's daily list of open accommodation requests: beat
    # asks every hour, the first run after 7 a.m. Eastern sends it, once.
    "accommodation-reminders": {
        "task": "webinars.tasks.accommodation_reminders_send",
        "schedule": 60 * 60.0,
    },
    "forget-old-emails": {
        "task": "forus.outbox.tasks.forget_old_emails",
        "schedule": 24 * 60 * 60.0,
    },
    # Used links to people's pages, audit entries past KEEP_AUDIT_DAYS.
    "forget-old-person-links": {
        "task": "forus.people.tasks.people_forget_old",
        "schedule": 24 * 60 * 60.0,
    },
    "forget-old-contact-messages": {
        "task": "campaign.tasks.contact_messages_forget_old",
        "schedule": 24 * 60 * 60.0,
    },
    "forget-unconfirmed-subscribers": {
        "task": "campaign.newsletter.tasks.subscribers_forget_unconfirmed",
        "schedule": 24 * 60 * 60.0,
    },
    "anonymise-old-registrations": {
        "task": "webinars.tasks.registrations_anonymise_ended",
        "schedule": 24 * 60 * 60.0,
    },
    "delete-declined-nominations": {
        "task": "champions.tasks.nominations_delete_declined",
        "schedule": 24 * 60 * 60.0,
    },
}

# --- Retention ----------------------------------------------------------------
# How long the site keeps what people give it, in days; the privacy page
# states each rule with these numbers, and beat carries them out daily.


def env_days(name: str, *, default: int) -> int:
    days = env_int(name, default=default)
    if days < 1:
        raise ImproperlyConfigured(f"{name} must be at least 1 day, not {days}.")
    return days


# Registrations are anonymised this long after their webinar ends.
KEEP_REGISTRATIONS_DAYS = env_days("KEEP_REGISTRATIONS_DAYS", default=365)
# Nominations staff declined, or whose nominee declined, are deleted with
# their photos this long after.
KEEP_DECLINED_NOMINATIONS_DAYS = env_days("KEEP_DECLINED_NOMINATIONS_DAYS", default=90)
# Messages sent through the contact form.
KEEP_CONTACT_MESSAGES_DAYS = env_days("KEEP_CONTACT_MESSAGES_DAYS", default=365)
# The staff audit log (who looked up, exported or erased a person's data).
KEEP_AUDIT_DAYS = env_days("KEEP_AUDIT_DAYS", default=730)

# --- Email ------------------------------------------------------------------

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "For Us All <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
STAFF_NOTIFY_EMAILS = env_list("STAFF_NOTIFY_EMAILS")
# An accessibility accommodation (captions, an interpreter) is due this many
# days before the webinar's date, so that there is time to book it.
ACCOMMODATION_LEAD_DAYS = env_int("ACCOMMODATION_LEAD_DAYS", default=7)
# Who receives the contact form's messages (reply-to is the sender).
CONTACT_EMAILS = env_list("CONTACT_EMAILS") or STAFF_NOTIFY_EMAILS

if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": env_int("EMAIL_PORT", default=587),
                "username": os.environ.get("EMAIL_HOST_USER") or None,
                "password": os.environ.get("EMAIL_HOST_PASSWORD") or None,
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# Delivery feedback: the mail provider reports bounces, spam complaints and
# deliveries to a webhook (django-anymail's tracking view for that provider,
# forus.outbox.webhooks). Unset: sending is plain SMTP and no webhook URL exists.
MAIL_PROVIDERS_WITH_WEBHOOKS = ("mailgun", "postmark")
MAIL_PROVIDER_WEBHOOK = os.environ.get("MAIL_PROVIDER_WEBHOOK", "").strip().lower()
ANYMAIL: dict[str, str] = {}
if MAIL_PROVIDER_WEBHOOK:
    if MAIL_PROVIDER_WEBHOOK not in MAIL_PROVIDERS_WITH_WEBHOOKS:
        raise ImproperlyConfigured(
            f"MAIL_PROVIDER_WEBHOOK must be one of {', '.join(MAIL_PROVIDERS_WITH_WEBHOOKS)}, "
            f"not {MAIL_PROVIDER_WEBHOOK!r}."
        )
    # Basic auth, "user:password", which the provider sends with every call.
    MAIL_WEBHOOK_SECRET = os.environ.get("MAIL_WEBHOOK_SECRET", "")
    if ":" not in MAIL_WEBHOOK_SECRET or len(MAIL_WEBHOOK_SECRET) < 20:
        raise ImproperlyConfigured(
            "MAIL_WEBHOOK_SECRET must be a long random user:password when "
            "MAIL_PROVIDER_WEBHOOK is set."
        )
    ANYMAIL["WEBHOOK_SECRET"] = MAIL_WEBHOOK_SECRET
    if MAIL_PROVIDER_WEBHOOK == "mailgun":
        # Mailgun signs each call too; anymail checks the signature with this key.
        ANYMAIL["MAILGUN_WEBHOOK_SIGNING_KEY"] = os.environ.get("MAILGUN_WEBHOOK_SIGNING_KEY", "")
        if not ANYMAIL["MAILGUN_WEBHOOK_SIGNING_KEY"]:
            raise ImproperlyConfigured(
                "MAILGUN_WEBHOOK_SIGNING_KEY must be set when MAIL_PROVIDER_WEBHOOK is mailgun."
            )

# --- Auth and admin ---------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Only staff sign in, at the admin; a `next` that is unsafe (another site)
# is dropped and they land here rather than on Django's /accounts/profile/.
LOGIN_REDIRECT_URL = "admin:index"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Five failed logins for one username from one address lock that pair out for
# an hour. Attempts are kept in the database, so every web node sees them.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The visitor's own address behind the load balancer, as the forms' rate
# limit reads it: by REMOTE_ADDR alone every visitor would be the balancer,
# and five wrong passwords from anywhere would lock a staff member out.
AXES_CLIENT_IP_CALLABLE = "forus.public_forms.client_ip"
AXES_LOCKOUT_TEMPLATE = "axes_lockout.html"
AXES_RESET_ON_SUCCESS = True

# --- Internationalisation ---------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Campaign content (pillars, pages, webinars, spotlights) has a field per
# language; Spanish falls back to English until staff have written it.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
USE_I18N = True
USE_TZ = True
# Dates are stored in UTC and shown in the campaign's own zone.
TIME_ZONE = "America/New_York"

# --- Static files -----------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Hashed file names never change content, so browsers may keep them a year.
WHITENOISE_MAX_AGE = 31536000

# Uploaded photos: local files under MEDIA_ROOT by default; in production an
# S3-compatible bucket (install the `s3` extra). The bucket stays private and
# nothing under MEDIA_URL is ever served: public images go through their app's
# view (champions' photos, webinars' images), which checks they may be seen.
MEDIA_BUCKET = os.environ.get("MEDIA_BUCKET", "")
if MEDIA_BUCKET:
    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured(
            "MEDIA_BUCKET is set but django-storages is missing: install the `s3` extra."
        )
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            # Credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
            "bucket_name": MEDIA_BUCKET,
            "endpoint_url": os.environ.get("MEDIA_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MEDIA_REGION") or None,
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }

# --- Forms ------------------------------------------------------------------

# Public forms are rate limited per client address, counted in Redis, or in
# the database while Redis is unreachable (forus.counters).
RATELIMIT_USE_CACHE = "counters"
RATELIMIT_IP_META_KEY = "forus.public_forms.client_ip"
# Only if the database fails too; the site is down then anyway.
RATELIMIT_FAIL_OPEN = True
# The proxies (load balancers) in front of gunicorn, as address ranges
# (CIDR). X-Forwarded-For and X-Forwarded-Proto are believed only from a
# peer inside them; empty (gunicorn facing the internet) believes none.
try:
    TRUSTED_PROXIES = [ipaddress.ip_network(item) for item in env_list("TRUSTED_PROXIES")]
except ValueError as error:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES must list address ranges: {error}") from None
# The counting cache is django-redis's own, extended; django-ratelimit only
# knows the original by name.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if not REDIS_URL:
    # The embedded default counts in the local cache: fine on one machine.
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003"]

# Request size: the largest legitimate send is a nomination with a 5 MB
# photo. Anything larger is refused with a clear page before it is read.
MAX_REQUEST_BODY_BYTES = 8 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 512 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security ---------------------------------------------------------------

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The load balancer terminates TLS and says so in this header;
# TrustedProxyMiddleware drops it from anyone outside TRUSTED_PROXIES.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "forus.views.csrf_failure"

# Every script and style comes from this site: no inline script, no eval, no
# other host.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

# --- Logging ----------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # No token of an emailed link reaches a log (forus/logs.py).
    "filters": {"signed_link_tokens": {"()": "forus.logs.SignedLinkTokenFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["signed_link_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        # 4xx and 5xx answers, with their path.
        "django.request": {"level": "WARNING"},
        # The development server's request lines, through the scrubbing handler.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django_redis": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
