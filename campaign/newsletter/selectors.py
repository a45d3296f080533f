"""Reads for the newsletter."""

from django.db.models import QuerySet

from campaign.newsletter.models import ConsentEvent, Subscriber


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


def consent_events_of(subscribers: QuerySet[Subscriber]) -> QuerySet[ConsentEvent]:
    """The consent history of these subscribers, each one's events in order."""
    return (
        ConsentEvent.objects.filter(subscriber__in=subscribers)
        .select_related("subscriber")
        .order_by("subscriber__confirmed_at", "subscriber_id", "at", "pk")
    )


def consent_events_for_email(email: str) -> QuerySet[ConsentEvent]:
    """Every newsletter consent event of one address, oldest first (for its owner's page).

    `email` in the stored form (forus.validators.email_address_check).
    """
    return ConsentEvent.objects.filter(subscriber__email=email).order_by("at", "pk")
