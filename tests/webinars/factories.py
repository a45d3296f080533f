from datetime import timedelta

import factory
from django.utils import timezone

from forus.public_forms import HONEYPOT_FIELD
from tests.forus.public_form_data import started
from webinars import services
from webinars.models import Registration, Speaker, Webinar, WebinarResource, WebinarSpeaker


class WebinarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Webinar

    title = factory.Sequence(lambda n: f"Test webinar {n}")
    slug = factory.Sequence(lambda n: f"test-webinar-{n}")
    summary = "A webinar made for a test."
    description = "What the panel will talk about."
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=7)).replace(microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda webinar: webinar.starts_at + timedelta(hours=1))
    join_url = "https://meet.example.org/j/123456"
    status = Webinar.Status.PUBLISHED


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Speaker {n}")
    credentials = "MD"
    affiliation = "A health center"
    bio = "Works on primary care."


class WebinarSpeakerFactory(factory.django.DjangoModelFactory):
    """A speaker's place on a webinar: `WebinarSpeakerFactory(webinar=w, speaker__name=...)`."""

    class Meta:
        model = WebinarSpeaker

    webinar = factory.SubFactory(WebinarFactory)
    speaker = factory.SubFactory(SpeakerFactory)
    role = WebinarSpeaker.Role.SPEAKER


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration written straight to the database; tests of the rules use the service."""

    class Meta:
        model = Registration

    webinar = factory.SubFactory(WebinarFactory)
    first_name = "Ana"
    last_name = factory.Sequence(lambda n: f"Registrant{n}")
    email = factory.Sequence(lambda n: f"registrant{n}@example.org")
    role = Registration.Role.STUDENT
    status = Registration.Status.REGISTERED
    language = "en"


def registration_form_data(**overrides: str) -> dict[str, str]:
    """What a person sends from the webinar page's form."""
    data = {
        "first_name": "Ana",
        "last_name": "Reader",
        "email": "ana.reader@example.org",
        "organisation": "Community Health Center",
        "role": "clinician",
        "question": "How can students get involved?",
        "accommodations": "",
        "time_zone": "America/Chicago",
        "source": "",
        "form_started": started(),
        HONEYPOT_FIELD: "",
    }
    data.update(overrides)
    return data


def register(webinar: Webinar, **overrides: object):
    """Register through the service, as the form would."""
    arguments = {
        "webinar_id": webinar.pk,
        "first_name": "Ana",
        "last_name": "Reader",
        "email": "ana.reader@example.org",
        "role": "clinician",
        "language": "en",
    }
    arguments.update(overrides)
    return services.registration_create(**arguments)


def admin_change_form(webinar: Webinar, *, speakers: int = 0, **changes: object) -> dict:
    """What the webinar's admin change form sends, opened now, with `changes` made."""
    starts, ends = timezone.localtime(webinar.starts_at), timezone.localtime(webinar.ends_at)
    data = {
        field: getattr(webinar, field)
        for field in (
            "title_en",
            "slug",
            "status",
            "summary_en",
            "description_en",
            "time_zone",
            "flyer_alt",
        )
    }
    data |= {
        "starts_at_0": starts.strftime("%Y-%m-%d"),
        "starts_at_1": starts.strftime("%H:%M:%S"),
        "ends_at_0": ends.strftime("%Y-%m-%d"),
        "ends_at_1": ends.strftime("%H:%M:%S"),
        "registration_open": "on",
        "capacity": str(webinar.capacity or ""),
        "join_url": webinar.join_url,
        "speaker_appearances-TOTAL_FORMS": str(speakers),
        "speaker_appearances-INITIAL_FORMS": "0",
        "resources-TOTAL_FORMS": "0",
        "resources-INITIAL_FORMS": "0",
        # The version the form was opened at, as the page carries it.
        "opened_version": Webinar.objects.get(pk=webinar.pk).updated_at.isoformat(),
    }
    return data | changes


def past_webinar_with_materials() -> Webinar:
    """A webinar that took place a month ago, with every kind of material the archive shows."""
    starts_at = (timezone.now() - timedelta(days=30)).replace(microsecond=0)
    webinar = WebinarFactory(
        title="A past panel with materials",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        recording_url="https://video.example.org/past-panel",
        slides_url="https://slides.example.org/past-panel",
        transcript="Welcome, everyone.\n\nThank you for joining the panel.",
    )
    WebinarResource.objects.create(
        webinar=webinar, title="A report the panel cited", url="https://example.org/report"
    )
    WebinarSpeakerFactory(webinar=webinar)
    return webinar
