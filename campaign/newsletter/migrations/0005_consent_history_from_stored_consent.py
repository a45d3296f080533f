"""Start each subscriber's consent history from the consent their row already records.

A subscriber row holds the consent of its last signup (words, language,
time, the form it came from), when it was confirmed (only ever through the
emailed link) and when it left (through a link, a mail program or staff:
not recorded, so "before the history began"). Each becomes an event.
Running it again adds nothing to a subscriber who has events already.
"""

from django.db import migrations

SOURCE_CHANNELS = {
    "home_page": "newsletter_form",
    "newsletter_page": "newsletter_form",
    "webinar_registration": "webinar_registration",
}


def events_from_stored_consent(apps, schema_editor):
    Subscriber = apps.get_model("newsletter", "Subscriber")
    ConsentEvent = apps.get_model("newsletter", "ConsentEvent")
    events = []
    for subscriber in Subscriber.objects.filter(consent_events__isnull=True).iterator():
        events.append(
            ConsentEvent(
                subscriber=subscriber,
                kind="given",
                channel=SOURCE_CHANNELS.get(subscriber.source, "before_history"),
                wording=subscriber.consent_wording,
                language=subscriber.language,
                at=subscriber.consented_at,
            )
        )
        if subscriber.confirmed_at:
            events.append(
                ConsentEvent(
                    subscriber=subscriber,
                    kind="confirmed",
                    channel="email_link",
                    language=subscriber.language,
                    at=subscriber.confirmed_at,
                )
            )
        if subscriber.unsubscribed_at:
            events.append(
                ConsentEvent(
                    subscriber=subscriber,
                    kind="withdrawn",
                    channel="before_history",
                    language=subscriber.language,
                    at=subscriber.unsubscribed_at,
                )
            )
    ConsentEvent.objects.bulk_create(events, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0004_consent_history")]

    operations = [migrations.RunPython(events_from_stored_consent, migrations.RunPython.noop)]
