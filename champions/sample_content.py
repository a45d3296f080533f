"""A fictional spotlight and nomination for trying the site out (`manage.py sample_content`).

Neither is about a real person: both say they are samples, so that nobody
mistakes them for the series' real features.
"""

from django.utils import timezone

from campaign.models import Pillar
from champions.models import Nomination, Profession, Spotlight

SAMPLE_SLUG = "sample-spotlight"
SAMPLE_NOMINATOR_EMAIL = "sample.nominator@example.org"


def create_sample_content() -> str:
    spotlight, created = Spotlight.objects.get_or_create(
        slug=SAMPLE_SLUG,
        defaults={
            "title": "Sample spotlight: what a Champion Spotlight looks like",
            "champion_name": "Sample Champion (fictional)",
            "credentials": "",
            "affiliation": "A fictional organisation",
            "summary": (
                "This is sample content for trying the site out. It is not about a real "
                "person; staff replace it with the series' real spotlights."
            ),
            "body": (
                "**This spotlight is a sample.** It shows how a published Champion "
                "Spotlight looks on the site: its title, the champion's name, "
                "credentials and affiliation, this text, and the pillars the work "
                "advances.\n\n"
                "Staff write spotlights in admin, in Markdown, usually starting from "
                "an approved nomination, and preview them before they publish."
            ),
            "status": Spotlight.Status.PUBLISHED,
            "published_at": timezone.now(),
        },
    )
    if created:
        spotlight.pillars.set(Pillar.objects.filter(number__in=[1, 4]))

    nomination, nomination_created = Nomination.objects.get_or_create(
        nominator_email=SAMPLE_NOMINATOR_EMAIL,
        defaults={
            "nominator_name": "Sample Nominator (fictional)",
            "relationship": "Colleague",
            "nominee_name": "Sample Nominee (fictional)",
            "nominee_given_name": "Sample",
            "nominee_family_name": "Nominee (fictional)",
            "nominee_email": "sample.nominee@example.org",
            "profession": Profession.PUBLIC_HEALTH,
            "institution": "A fictional health centre",
            "location": "Washington, DC",
            "description": (
                "A sample nomination for trying moderation in admin. It is not about a real "
                "person."
            ),
            "consent_wording": "Sample content: no consent was given.",
            "language": "en",
            "nominee_consent": Nomination.Consent.NOT_ASKED,
        },
    )
    if nomination_created:
        nomination.pillars.set(Pillar.objects.filter(number=5))
    return "a sample spotlight and a sample nomination (both fictional, marked as samples)."
