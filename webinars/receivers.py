"""The webinars' answers to what the outbox reports about an address."""

from datetime import datetime

from webinars.services.delivery import registrations_email_problem_record


def address_suppressed(
    sender: type, address: str, reason: str, suppressed_at: datetime, **kwargs: object
) -> None:
    registrations_email_problem_record(email=address, reason=reason, at=suppressed_at)
