"""Start each nominee's consent history from the answer their nomination already records.

A self-nomination's consent was given on the form, with its words, when it
was sent. A nominee who approved did so on the consent page; staff record
an agreement got another way in admin; a nominee who declined did so on the
consent page (whether they had approved before is not recorded, so it is a
refusal). Asked, not asked and "changes" answers are no consent event.
Running it again adds nothing to a nomination that has events already.
"""

from django.db import migrations

EVENTS = {
    # The stored answer, and the event and channel it implies.
    "self": ("given", "nomination_form"),
    "approved": ("given", "consent_page"),
    "staff_confirmed": ("given", "admin"),
    "declined": ("refused", "consent_page"),
}


def events_from_stored_consent(apps, schema_editor):
    Nomination = apps.get_model("champions", "Nomination")
    NomineeConsentEvent = apps.get_model("champions", "NomineeConsentEvent")
    events = []
    nominations = Nomination.objects.filter(
        nominee_consent__in=list(EVENTS), consent_events__isnull=True
    )
    for nomination in nominations.iterator():
        kind, channel = EVENTS[nomination.nominee_consent]
        self_nominated = nomination.nominee_consent == "self"
        events.append(
            NomineeConsentEvent(
                nomination=nomination,
                kind=kind,
                channel=channel,
                answer=nomination.nominee_consent,
                name_display=nomination.name_display,
                wording=nomination.consent_wording if self_nominated else "",
                language=nomination.language,
                at=(
                    nomination.created_at
                    if self_nominated
                    else nomination.nominee_answered_at or nomination.updated_at
                ),
            )
        )
    NomineeConsentEvent.objects.bulk_create(events, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("champions", "0009_nominee_consent_history")]

    operations = [migrations.RunPython(events_from_stored_consent, migrations.RunPython.noop)]
