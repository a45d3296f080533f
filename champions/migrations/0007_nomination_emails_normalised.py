"""Store nominators' and nominees' addresses in their one form (forus.validators.email_normalise).

Open nominations are matched on the nominator's address and the nominee's
name (and what was sent). Every row is kept. Where two open nominations
would become the same nominator, nominee and content, the one already in
that form (else the earliest) takes the normalised address and the
later keeps its nominator's address as it was, so both stay open for staff
to decide on (the constraint allows only one of each per form).
"""

from django.db import migrations

from forus.validators import email_normalise

OPEN = ("submitted", "in_review")


def normalise(apps, schema_editor):
    Nomination = apps.get_model("champions", "Nomination")
    nominations = list(Nomination.objects.order_by("created_at", "pk"))
    nominator_emails = {n.pk: email_normalise(n.nominator_email) for n in nominations}
    groups: dict[tuple[str, str, str], list] = {}
    for nomination in nominations:
        if nomination.status in OPEN:
            key = (
                nominator_emails[nomination.pk],
                nomination.nominee_name.lower(),
                nomination.content_fingerprint,
            )
            groups.setdefault(key, []).append(nomination)
    for (email, *_same), group in groups.items():
        # One may hold the normalised address already; else the earliest takes it.
        holder = next((n for n in group if n.nominator_email.lower() == email), group[0])
        for nomination in group:
            if nomination is not holder:
                nominator_emails[nomination.pk] = nomination.nominator_email
    for nomination in nominations:
        nominator_email = nominator_emails[nomination.pk]
        nominee_email = (
            email_normalise(nomination.nominee_email) if nomination.nominee_email else ""
        )
        if (nominator_email, nominee_email) != (
            nomination.nominator_email,
            nomination.nominee_email,
        ):
            Nomination.objects.filter(pk=nomination.pk).update(
                nominator_email=nominator_email, nominee_email=nominee_email
            )


class Migration(migrations.Migration):
    dependencies = [("champions", "0006_nominee_given_and_family_names")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
