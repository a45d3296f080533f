"""Deployment checks of the site's own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.caches, deploy=True)
def check_redis_never_evicts(**kwargs: object) -> list[CheckMessage]:
    """Redis holds the task queue: an eviction policy would drop queued tasks."""
    if not settings.REDIS_URL:
        return []
    import redis  # noqa: PLC0415 - only with Redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        policy = client.config_get("maxmemory-policy").get("maxmemory-policy")
    except redis.RedisError:
        # Unreachable at build time, or a managed Redis that hides CONFIG.
        return []
    if policy and policy != "noeviction":
        return [
            Warning(
                f"Redis evicts keys under memory pressure (maxmemory-policy {policy}).",
                hint="Set maxmemory-policy noeviction: Redis holds the Celery task queue.",
                id="forus.W001",
            )
        ]
    return []
