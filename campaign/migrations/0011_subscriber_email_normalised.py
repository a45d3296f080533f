"""Store every subscriber's address in its one form (forus.validators.email_normalise).

Signups used to keep the local part as typed and the domain in lower case,
Unicode as typed: idn@exämple.org and idn@xn--exmple-cua.org were two rows.
Where rows become one address, one row is kept and the others are deleted:

- a confirmed row is kept over any other (the earliest confirmed, if
  several); an unsubscribed row is kept over a pending one (it records that
  the person left); among the rest, the earliest signup is kept;
- if a deleted row had unsubscribed after the kept row was confirmed, the
  kept row becomes unsubscribed at that time: the latest "leave me" wins.

Nothing else about the kept row changes. Reversing leaves addresses as
they are (the old forms are not kept).
"""

from django.db import migrations

from forus.validators import email_normalise

RANK = {"confirmed": 0, "unsubscribed": 1, "pending": 2}


def _kept_first(subscriber) -> tuple:
    return (
        RANK.get(subscriber.status, 3),
        subscriber.confirmed_at or subscriber.created_at,
        subscriber.pk,
    )


def normalise(apps, schema_editor):
    Subscriber = apps.get_model("campaign", "Subscriber")
    groups: dict[str, list] = {}
    for subscriber in Subscriber.objects.order_by("pk"):
        groups.setdefault(email_normalise(subscriber.email), []).append(subscriber)
    for email, subscribers in groups.items():
        kept, *others = sorted(subscribers, key=_kept_first)
        left_later = [
            other.unsubscribed_at
            for other in others
            if other.status == "unsubscribed"
            and kept.status == "confirmed"
            and other.unsubscribed_at > kept.confirmed_at
        ]
        Subscriber.objects.filter(pk__in=[other.pk for other in others]).delete()
        if left_later:
            kept.status = "unsubscribed"
            kept.unsubscribed_at = max(left_later)
            kept.name = ""
        if kept.email != email or left_later:
            kept.email = email
            kept.save()


class Migration(migrations.Migration):
    dependencies = [("campaign", "0010_privacy_retention")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
