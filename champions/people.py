"""What Champion Spotlight holds about a person, for "My For Us All" (forus.people)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from champions import services
from champions.models import Nomination, Spotlight
from forus.people.registry import PersonActionRefused, PersonData

NOT_YOURS = _("We could not find that nomination on your page.")
# What the person sent, never what staff wrote about it.
SENT_FIELDS = (
    "nominator_name",
    "nominator_email",
    "is_self_nomination",
    "relationship",
    "nominee_name",
    "nominee_given_name",
    "nominee_family_name",
    "nominee_email",
    "profession",
    "institution",
    "location",
    "description",
    "links",
    "consent_wording",
    "language",
)


def _made(email: str):
    return Nomination.objects.filter(nominator_email=email).order_by("created_at", "pk")


def _as_nominee(email: str):
    """Nominations naming the address as the nominee, or made by it about itself."""
    return (
        Nomination.objects.filter(
            Q(nominee_email=email) | Q(is_self_nomination=True, nominator_email=email)
        )
        .select_related("spotlight")
        .order_by("created_at", "pk")
    )


def _spotlight_status(nomination: Nomination) -> str | None:
    try:
        return nomination.spotlight.status
    except Spotlight.DoesNotExist:
        return None


def holdings(email: str) -> dict[str, list]:
    made = [
        {
            **{name: getattr(nomination, name) for name in SENT_FIELDS},
            "photo": bool(nomination.photo),
            "status": nomination.status,
            "submitted_at": nomination.created_at.isoformat(),
        }
        for nomination in _made(email)
    ]
    nominee = [
        {
            "nominee_name": nomination.nominee_name,
            "consent": nomination.nominee_consent,
            "name_display": nomination.name_display,
            "message": nomination.nominee_message,
            "answered_at": nomination.nominee_answered_at.isoformat()
            if nomination.nominee_answered_at
            else None,
            "spotlight": _spotlight_status(nomination),
            "consent_history": [
                {
                    "kind": event.kind,
                    "at": event.at.isoformat(),
                    "channel": event.channel,
                    "language": event.language,
                    "wording": event.wording,
                }
                for event in nomination.consent_events.order_by("at", "pk")
            ],
        }
        for nomination in _as_nominee(email)
    ]
    if not made and not nominee:
        return {}
    return {"nominations_made": made, "as_nominee": nominee}


def block_context(email: str) -> dict[str, object]:
    nominee = list(_as_nominee(email))
    for nomination in nominee:
        nomination.spotlight_status = _spotlight_status(nomination)
        nomination.may_withdraw = nomination.is_self_nomination or (
            nomination.nominee_consent != Nomination.Consent.DECLINED
        )
    return {"made": list(_made(email)), "nominee": nominee}


def withdraw(*, email: str, data: dict[str, str]) -> str:
    try:
        nomination = _as_nominee(email).get(pk=int(data.get("nomination", "")))
    except (Nomination.DoesNotExist, ValueError):
        raise PersonActionRefused(NOT_YOURS) from None
    services.nominee_consent_withdraw(nomination_id=nomination.pk)
    return str(
        _("Your consent is withdrawn: nothing about you will be published, and staff are told.")
    )


PERSON_DATA = PersonData(
    key="champions",
    title=_("Champion Spotlight"),
    order=30,
    holdings=holdings,
    erase=lambda email: services.nominations_erase(email=email),
    block_template="champions/includes/person_block.html",
    block_context=block_context,
    actions={"withdraw": withdraw},
    kept=_(
        "A nomination someone else made about you stays theirs, without your address or your "
        "message, and marked as declined by you; a spotlight about you stays an unpublished "
        "draft until staff delete it."
    ),
)
