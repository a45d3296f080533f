"""The cache that counts: rate limits and used form tokens.

Counts live in Redis. When Redis cannot answer (down, or out of memory),
they are counted in PostgreSQL instead (FallbackCounter), so a burst is
still refused and a token still used once, while each real person's one
send still goes through. Only the three operations counting needs fall
back: add, incr and get.
"""

import logging
from datetime import datetime, timedelta

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.db import connection
from django.utils import timezone
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

from forus.models import FallbackCounter

logger = logging.getLogger(__name__)

_TABLE = FallbackCounter._meta.db_table
# Without a timeout a count still ends: a day covers every window the site uses.
_LONGEST = timedelta(days=1)


def _expiry(timeout: float | None) -> datetime:
    if timeout is None or timeout is DEFAULT_TIMEOUT:
        return timezone.now() + _LONGEST
    return timezone.now() + timedelta(seconds=float(timeout))


def fallback_counter_add(*, key: str, value: int, timeout: float | None) -> bool:
    """Store the count unless a live one exists (an expired one is replaced); drop expired rows."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_TABLE} WHERE expires_at <= %s", [now])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {_TABLE} (key, value, expires_at) VALUES (%s, %s, %s) "  # noqa: S608
            f"ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
            f"expires_at = excluded.expires_at WHERE {_TABLE}.expires_at <= %s "
            f"RETURNING value",
            [key, value, _expiry(timeout), now],
        )
        return cursor.fetchone() is not None


def fallback_counter_increment(*, key: str, delta: int) -> int:
    """Add to a live count, atomically; ValueError if there is none, as caches do."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_TABLE} SET value = value + %s "  # noqa: S608
            f"WHERE key = %s AND expires_at > %s RETURNING value",
            [delta, key, timezone.now()],
        )
        row = cursor.fetchone()
    if row is None:
        raise ValueError(f"Key {key!r} not found.")
    return row[0]


def _fallback_get(key: str, default: object) -> object:
    value = (
        FallbackCounter.objects.filter(key=key, expires_at__gt=timezone.now())
        .values_list("value", flat=True)
        .first()
    )
    return default if value is None else value


class CountingRedisCache(RedisCache):
    """django-redis for counts, counting in the database while Redis is away.

    Configure it with IGNORE_EXCEPTIONS off: the errors are what it acts on.
    """

    def _redis_failed(self, operation: str, error: Exception) -> None:
        logger.warning("Redis could not %s (%s): counting in the database.", operation, error)

    def add(
        self, key: str, value: object, timeout: float | None = DEFAULT_TIMEOUT, version=None
    ) -> bool:
        try:
            return super().add(key, value, timeout=timeout, version=version)
        except (ConnectionInterrupted, RedisError) as error:
            self._redis_failed("add", error)
        if timeout is DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        return fallback_counter_add(
            key=self.make_key(key, version=version), value=int(value), timeout=timeout
        )

    def incr(self, key: str, delta: int = 1, version=None) -> int:
        try:
            return super().incr(key, delta=delta, version=version)
        except (ConnectionInterrupted, RedisError) as error:
            self._redis_failed("incr", error)
        return fallback_counter_increment(key=self.make_key(key, version=version), delta=delta)

    def get(self, key: str, default: object = None, version=None) -> object:
        try:
            return super().get(key, default=default, version=version)
        except (ConnectionInterrupted, RedisError) as error:
            self._redis_failed("get", error)
        return _fallback_get(self.make_key(key, version=version), default)
