"""The newsletter's answers to what the outbox reports about an address."""

from datetime import datetime

from campaign.newsletter import services


def address_suppressed(
    sender: type, address: str, reason: str, suppressed_at: datetime, **kwargs: object
) -> None:
    services.subscriber_email_problem_record(email=address, reason=reason, at=suppressed_at)


def address_suppression_lifted(sender: type, address: str, **kwargs: object) -> None:
    services.subscriber_email_problem_clear(email=address)
