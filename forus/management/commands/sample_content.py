"""Fill a development database with sample content: `manage.py sample_content`.

The campaign's own texts come with `migrate`. Each app may add examples for a
newcomer to try (an upcoming webinar, a published spotlight) in a
`sample_content.py` module with a `create_sample_content()` function that is
safe to run again.
"""

from importlib import import_module, util

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from campaign.models import Page, Pillar


class Command(BaseCommand):
    help = "Add sample content for trying the site out; safe to run again."

    def handle(self, *args: object, **options: object) -> None:
        if not Pillar.objects.exists() or not Page.objects.exists():
            raise CommandError("The campaign content is missing: run `manage.py migrate` first.")
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.sample_content"
            if util.find_spec(module_name) is None:
                continue
            with transaction.atomic():
                summary = import_module(module_name).create_sample_content()
            self.stdout.write(f"{app_config.verbose_name}: {summary}")
        self.stdout.write(
            f"Campaign content: {Pillar.objects.count()} pillars, {Page.objects.count()} pages."
        )
