"""Fill a development database with sample content: `manage.py sample_content`.

Each app's own content (the campaign's texts, its past webinars) comes with
`migrate`. Each app may add examples for a newcomer to try (an upcoming
webinar, a published spotlight) in a `sample_content.py` module with a
`create_sample_content()` function that is safe to run again and returns a
one-line summary.
"""

from importlib import import_module, util

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor


class Command(BaseCommand):
    help = "Add sample content for trying the site out; safe to run again."

    def handle(self, *args: object, **options: object) -> None:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("The database is not up to date: run `manage.py migrate` first.")
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.sample_content"
            if util.find_spec(module_name) is None:
                continue
            with transaction.atomic():
                summary = import_module(module_name).create_sample_content()
            self.stdout.write(f"{app_config.verbose_name}: {summary}")
