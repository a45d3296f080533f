"""Store every registrant's address in its one form (forus.validators.email_normalise).

Registrations were kept in lower case, Unicode domains as typed: one
mailbox could hold two live registrations for one webinar
(idn@exämple.org and idn@xn--exmple-cua.org). Every row is kept. Where two
live registrations for one webinar become one address, the one that
matters stays live: a seat over a waitlist place, then the earliest; the
others are marked cancelled (now) and nobody is emailed.
"""

from django.db import migrations
from django.utils import timezone

from forus.validators import email_normalise


def _kept_first(registration) -> tuple:
    return (registration.status != "registered", registration.created_at, registration.pk)


def normalise(apps, schema_editor):
    Registration = apps.get_model("webinars", "Registration")
    now = timezone.now()
    normalised: dict[int, str] = {}
    live: dict[tuple[int, str], list] = {}
    for registration in Registration.objects.order_by("pk"):
        email = normalised[registration.pk] = email_normalise(registration.email)
        if registration.status != "cancelled":
            live.setdefault((registration.webinar_id, email), []).append(registration)
    # Cancel the others first, so no two live rows ever share an address.
    for registrations in live.values():
        _kept, *others = sorted(registrations, key=_kept_first)
        Registration.objects.filter(pk__in=[other.pk for other in others]).update(
            status="cancelled", cancelled_at=now
        )
    for registration in Registration.objects.order_by("pk").only("pk", "email"):
        if registration.email != normalised[registration.pk]:
            Registration.objects.filter(pk=registration.pk).update(
                email=normalised[registration.pk]
            )


class Migration(migrations.Migration):
    dependencies = [("webinars", "0009_reencode_flyers_and_speaker_photos")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
