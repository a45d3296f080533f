"""Reads for the newsletter."""

from django.db.models import QuerySet

from campaign.newsletter.models import Subscriber


def subscriber_by_id(subscriber_id: int) -> Subscriber | None:
    return Subscriber.objects.filter(pk=subscriber_id).first()


def confirmed_subscribers(subscribers: QuerySet[Subscriber] | None = None) -> QuerySet[Subscriber]:
    """Whom the newsletter may go to: confirmed subscribers only, oldest first.

    Not those whose address bounced or who marked an email as spam.
    """
    if subscribers is None:
        subscribers = Subscriber.objects.all()
    return subscribers.filter(status=Subscriber.Status.CONFIRMED, email_problem="").order_by(
        "confirmed_at", "pk"
    )
