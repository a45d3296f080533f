"""What the mail provider's reports change on registrations."""

from datetime import datetime

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Lower

from forus.outbox.models import Suppression
from webinars.models import Registration

PROBLEMS = {
    Suppression.Reason.BOUNCE: Registration.EmailProblem.BOUNCED,
    Suppression.Reason.COMPLAINT: Registration.EmailProblem.COMPLAINED,
}


def registrations_email_problem_record(*, email: str, reason: str, at: datetime) -> int:
    """Flag every registration of this address: its emails bounced or were marked as spam.

    The outbox has suppressed the address (reason is Suppression.Reason), so
    coordinators see, and can filter, whom no email reaches. Returns how many.
    """
    with transaction.atomic():
        return (
            Registration.objects.alias(email_lower=Lower("email"))
            .filter(email_lower=Lower(Value(email)))
            .update(email_problem=PROBLEMS[reason], email_problem_at=at)
        )
