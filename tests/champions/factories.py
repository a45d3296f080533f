import factory
from django.utils import timezone

from campaign.models import Pillar
from champions.models import Nomination, Profession, Spotlight


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination
        skip_postgeneration_save = True

    nominator_name = "Nia Nominator"
    nominator_email = factory.Sequence(lambda number: f"nominator{number}@example.org")
    relationship = "Colleague"
    nominee_given_name = "Ada"
    nominee_family_name = factory.Sequence(lambda number: f"Champion{number}")
    nominee_name = factory.LazyAttribute(
        lambda nomination: f"{nomination.nominee_given_name} {nomination.nominee_family_name}"
    )
    nominee_email = factory.Sequence(lambda number: f"nominee{number}@example.org")
    profession = Profession.NURSING
    institution = "Community Health Center"
    location = "Baltimore, MD"
    description = "Runs a pathway programme for nursing students from the neighbourhood."
    links = factory.LazyFunction(lambda: ["https://example.org/work"])
    consent_wording = "I agree."
    language = "en"
    nominee_consent = Nomination.Consent.NOT_ASKED

    @factory.post_generation
    def pillars(self, create: bool, extracted: list[Pillar] | None, **kwargs: object) -> None:
        if create:
            self.pillars.set(extracted or Pillar.objects.filter(number=1))


class SpotlightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Spotlight
        skip_postgeneration_save = True

    title = factory.Sequence(lambda number: f"Spotlight {number}")
    slug = factory.Sequence(lambda number: f"spotlight-{number}")
    champion_name = factory.Sequence(lambda number: f"Champion {number}")
    affiliation = "Community Health Center"
    summary = "Builds pathways into the health professions."
    body = "A **body** in Markdown."
    status = Spotlight.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def pillars(self, create: bool, extracted: list[Pillar] | None, **kwargs: object) -> None:
        if create and extracted:
            self.pillars.set(extracted)
