"""What the newsletter holds about a person, for "My For Us All" (forus.people)."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from campaign.newsletter import services
from campaign.newsletter.forms import CONSENT_WORDING
from campaign.newsletter.models import ConsentEvent, Subscriber
from campaign.newsletter.selectors import consent_events_for_email
from forus.people.registry import PersonActionRefused, PersonData


def _subscriber(email: str) -> Subscriber | None:
    return Subscriber.objects.filter(email=email).first()


def holdings(email: str) -> dict[str, object]:
    subscriber = _subscriber(email)
    if subscriber is None:
        return {}
    return {
        "email": subscriber.email,
        "name": subscriber.name,
        "status": subscriber.status,
        "source": subscriber.source,
        "language": subscriber.language,
        "consent_wording": subscriber.consent_wording,
        "consented_at": subscriber.consented_at.isoformat(),
        "confirmed_at": subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None,
        "unsubscribed_at": subscriber.unsubscribed_at.isoformat()
        if subscriber.unsubscribed_at
        else None,
        "signed_up_at": subscriber.created_at.isoformat(),
        "consent_history": [
            {
                "kind": event.kind,
                "at": event.at.isoformat(),
                "channel": event.channel,
                "language": event.language,
                "wording": event.wording,
            }
            for event in consent_events_for_email(subscriber.email)
        ],
    }


def block_context(email: str) -> dict[str, object]:
    return {
        "subscriber": _subscriber(email),
        "consent_wording": CONSENT_WORDING,
        "languages": settings.LANGUAGES,
    }


def subscribe(*, email: str, data: dict[str, str]) -> str:
    subscriber = _subscriber(email)
    if subscriber is not None and subscriber.status == Subscriber.Status.CONFIRMED:
        return str(_("You are already subscribed."))
    services.subscriber_request(
        email=email,
        name=subscriber.name if subscriber else "",
        source=Subscriber.Source.NEWSLETTER_PAGE,
        language=translation.get_language(),
        consent_wording=str(CONSENT_WORDING),
        channel=ConsentEvent.Channel.PERSONAL_PAGE,
    )
    return str(_("We have emailed you a link to confirm your subscription."))


def unsubscribe(*, email: str, data: dict[str, str]) -> str:
    subscriber = _subscriber(email)
    if subscriber is None:
        raise PersonActionRefused(_("This address is not on the newsletter's list."))
    services.subscriber_unsubscribe(
        subscriber_id=subscriber.pk, channel=ConsentEvent.Channel.PERSONAL_PAGE
    )
    return str(_("You are unsubscribed: we will not send you the newsletter."))


def language(*, email: str, data: dict[str, str]) -> str:
    chosen = data.get("language", "")
    if chosen not in dict(settings.LANGUAGES):
        raise PersonActionRefused(_("Choose one of the languages offered."))
    if services.subscriber_language_change(email=email, language=chosen) is None:
        raise PersonActionRefused(_("This address is not on the newsletter's list."))
    return str(_("The newsletter's emails will come in the language you chose."))


def erase(email: str) -> dict[str, int]:
    ids = list(Subscriber.objects.filter(email=email).values_list("pk", flat=True))
    return {"subscribers": services.subscriber_erase(subscriber_ids=ids)}


PERSON_DATA = PersonData(
    key="newsletter",
    title=_("Health Advocate Insights"),
    order=20,
    holdings=holdings,
    erase=erase,
    block_template="newsletter/includes/person_block.html",
    block_context=block_context,
    actions={"subscribe": subscribe, "unsubscribe": unsubscribe, "language": language},
)
