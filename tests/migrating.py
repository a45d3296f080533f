"""Run one app's migrations back and forth on the test database, for data migration tests.

Use inside `django_db(transaction=True)`: the suite's conftest restores
what migrations loaded when the test ends.
"""

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(app_label: str, migration: str) -> Apps:
    """Bring the app to just after `migration`; the models as they were then."""
    executor = MigrationExecutor(connection)
    target = [(app_label, migration)]
    executor.migrate(target)
    executor.loader.build_graph()
    return executor.loader.project_state(target).apps


def migrate_to(*targets: tuple[str, str | None]) -> Apps:
    """Bring several apps to the given migrations at once (None: none of the app's)."""
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets))
    executor.loader.build_graph()
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


def migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
