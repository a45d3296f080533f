"""Queue a test email through the outbox: `manage.py outbox_check you@example.org`.

Unlike Django's sendtestemail, which talks to the mail server directly, this
goes the way every email of the site goes: a row, Celery, the mail server.
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from forus.outbox.services import email_queue


class Command(BaseCommand):
    help = "Queue a test email through the outbox, to check that email works end to end."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("recipient", help="Where to send the test email.")

    def handle(self, *args: object, recipient: str, **options: object) -> None:
        try:
            with transaction.atomic():
                email = email_queue(
                    to=recipient,
                    template="outbox/email/check",
                    context={"queued_at": date_format(timezone.localtime(), "DATETIME_FORMAT")},
                )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Queued email {email.pk} to {email.to}; see its status in admin.")
