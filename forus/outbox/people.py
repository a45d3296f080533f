"""The copies of the emails sent to a person, for "My For Us All" (forus.people)."""

from django.utils.translation import gettext_lazy as _

from forus.outbox.models import OutboundEmail
from forus.people.registry import PersonData

# The links to a person's page and an erasure's confirmation are not what the
# site holds about them: they never make a link worth sending on their own.
PEOPLE_APP = "people"


def holdings(email: str) -> list[dict[str, object]]:
    return [
        {
            "subject": copy.subject,
            "status": copy.status,
            "queued_at": copy.created_at.isoformat(),
            "sent_at": copy.sent_at.isoformat() if copy.sent_at else None,
            "language": copy.language,
            "text": copy.body_text,
        }
        for copy in OutboundEmail.objects.filter(to=email)
        .exclude(app_label=PEOPLE_APP)
        .order_by("created_at", "pk")
    ]


def erase(email: str) -> dict[str, int]:
    """Every copy of an email to the address, whichever app sent it; unsent ones never go."""
    _total, by_model = OutboundEmail.objects.filter(to=email).delete()
    return {"emails": by_model.get(OutboundEmail._meta.label, 0)}


PERSON_DATA = PersonData(
    key="emails",
    title=_("Copies of the emails we sent you"),
    order=90,
    holdings=holdings,
    erase=erase,
    kept=_("A last email confirms the erasure; its copy is deleted as soon as it is sent."),
)
