"""Sample subscribers, one in each state, for trying the newsletter admin and its export."""

from datetime import timedelta

from django.utils import timezone

from campaign.newsletter.forms import CONSENT_WORDING
from campaign.newsletter.models import Subscriber

SAMPLE_SUBSCRIBERS = [
    ("ana.sample@example.org", "Ana Sample", Subscriber.Status.CONFIRMED),
    ("ben.sample@example.org", "Ben Sample", Subscriber.Status.PENDING),
    ("cleo.sample@example.org", "", Subscriber.Status.UNSUBSCRIBED),
]


def create_sample_content() -> str:
    now = timezone.now()
    for email, name, status in SAMPLE_SUBSCRIBERS:
        Subscriber.objects.update_or_create(
            email=email,
            defaults={
                "name": name,
                "status": status,
                "language": "en",
                "consent_wording": str(CONSENT_WORDING),
                "consented_at": now - timedelta(days=2),
                "confirmation_sent_at": now - timedelta(days=2),
                "confirmed_at": (
                    None if status == Subscriber.Status.PENDING else now - timedelta(days=1)
                ),
                "unsubscribed_at": now if status == Subscriber.Status.UNSUBSCRIBED else None,
            },
        )
    return f"{len(SAMPLE_SUBSCRIBERS)} sample newsletter subscribers (at example.org)."
