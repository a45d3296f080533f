"""What webinars hold about a person, for "My For Us All" (forus.people)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forus.people.registry import PersonActionRefused, PersonData
from webinars import services
from webinars.models import Registration

NOT_YOURS = _("We could not find that registration on your page.")


def _mine(email: str):
    return Registration.objects.filter(email=email).select_related("webinar")


def _registration_of(email: str, data: dict[str, str]) -> Registration:
    """The registration the form names, only if it is this address's own."""
    try:
        registration = _mine(email).get(public_id=data.get("registration", ""))
    except (Registration.DoesNotExist, ValidationError, ValueError):
        raise PersonActionRefused(NOT_YOURS) from None
    return registration


def holdings(email: str) -> list[dict[str, object]]:
    return [
        {
            "webinar": registration.webinar.title,
            "starts_at": registration.webinar.starts_at.isoformat(),
            "status": registration.status,
            "first_name": registration.first_name,
            "last_name": registration.last_name,
            "email": registration.email,
            "organisation": registration.organisation,
            "role": registration.role,
            "question": registration.question,
            "accommodations": registration.accommodations,
            "newsletter_opt_in": registration.newsletter_opt_in,
            "newsletter_consent": registration.newsletter_consent,
            "time_zone": registration.time_zone,
            "language": registration.language,
            "source": registration.source,
            "registered_at": registration.created_at.isoformat(),
            "cancelled_at": registration.cancelled_at.isoformat()
            if registration.cancelled_at
            else None,
        }
        for registration in _mine(email).order_by("webinar__starts_at", "pk")
    ]


def block_context(email: str) -> dict[str, object]:
    now = timezone.now()
    registrations = list(_mine(email).order_by("webinar__starts_at", "pk"))
    for registration in registrations:
        registration.may_change = registration.is_live and registration.webinar.starts_at > now
    return {
        "upcoming": [r for r in registrations if r.webinar.starts_at > now],
        "past": [r for r in registrations if r.webinar.starts_at <= now],
    }


def cancel(*, email: str, data: dict[str, str]) -> str:
    registration = _registration_of(email, data)
    if not registration.is_live:
        return str(_("This registration was already cancelled."))
    if registration.webinar.starts_at <= timezone.now():
        raise PersonActionRefused(_("This webinar has started: there is nothing to cancel."))
    services.registration_cancel(registration_id=registration.pk)
    return str(_("Your registration is cancelled."))


class AnswersForm(forms.Form):
    question = forms.CharField(required=False, max_length=2000)
    accommodations = forms.CharField(required=False, max_length=1000)


def answers(*, email: str, data: dict[str, str]) -> str:
    registration = _registration_of(email, data)
    form = AnswersForm(data)
    if not form.is_valid():
        raise PersonActionRefused(
            _("Keep the question to 2000 characters and the accommodations to 1000.")
        )
    try:
        services.registration_answers_change(
            registration_id=registration.pk,
            question=form.cleaned_data["question"],
            accommodations=form.cleaned_data["accommodations"],
        )
    except services.RegistrationClosedError:
        raise PersonActionRefused(
            _(
                "This can no longer be changed: the webinar has started "
                "or the registration is cancelled."
            )
        ) from None
    return str(_("Your answers are saved."))


PERSON_DATA = PersonData(
    key="webinars",
    title=_("Webinar registrations"),
    order=10,
    holdings=holdings,
    erase=lambda email: services.registrations_erase(email=email),
    block_template="webinars/includes/person_block.html",
    block_context=block_context,
    actions={"cancel": cancel, "answers": answers},
    kept=_(
        "Registrations for webinars that have already taken place stay, without your name, "
        "address or answers, so that the number of people who took part stays right."
    ),
)
