import factory
from django.utils import timezone

from campaign.newsletter.forms import CONSENT_WORDING
from campaign.newsletter.models import Subscriber


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A pending subscriber whose confirmation went out just now."""

    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    name = "Ana Reader"
    source = Subscriber.Source.NEWSLETTER_PAGE
    language = "en"
    consent_wording = factory.LazyFunction(lambda: str(CONSENT_WORDING))
    consented_at = factory.LazyFunction(timezone.now)
    confirmation_sent_at = factory.LazyFunction(timezone.now)

    class Params:
        confirmed = factory.Trait(
            status=Subscriber.Status.CONFIRMED, confirmed_at=factory.LazyFunction(timezone.now)
        )
        unsubscribed = factory.Trait(
            status=Subscriber.Status.UNSUBSCRIBED,
            name="",
            unsubscribed_at=factory.LazyFunction(timezone.now),
        )
