"""Compile locale/*/LC_MESSAGES/django.po into .mo files: `manage.py compile_translations`.

Django's compilemessages needs GNU gettext installed; Babel, a Python
package, does the same job, so running the site needs no system package.
Fuzzy entries are left out, as gettext would.
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po) into the files Django reads (.mo)."

    def handle(self, *args: object, **options: object) -> None:
        catalogues = sorted(
            path
            for locale_path in settings.LOCALE_PATHS
            for path in Path(locale_path).glob("*/LC_MESSAGES/*.po")
        )
        if not catalogues:
            raise CommandError("No translation catalogues found under LOCALE_PATHS.")
        for po_path in catalogues:
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            if catalog.fuzzy:
                raise CommandError(f"{po_path} is marked fuzzy in its header: review it first.")
            with po_path.with_suffix(".mo").open("wb") as mo_file:
                write_mo(mo_file, catalog)
            translated = sum(1 for message in catalog if message.id and message.string)
            self.stdout.write(f"{po_path}: {translated} messages")
