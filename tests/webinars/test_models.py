from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.webinars.factories import SpeakerFactory, WebinarFactory
from webinars.models import Webinar
from webinars.sample_content import create_sample_content

pytestmark = pytest.mark.django_db


def test_a_webinar_must_end_after_it_starts():
    webinar = WebinarFactory()
    webinar.ends_at = webinar.starts_at
    with pytest.raises(ValidationError, match="end after it starts"):
        webinar.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        webinar.save()


def test_images_need_their_alt_text_in_the_database_too():
    with pytest.raises(IntegrityError), transaction.atomic():
        WebinarFactory(flyer="webinars/flyers/a.png", flyer_alt="")
    with pytest.raises(IntegrityError), transaction.atomic():
        SpeakerFactory(photo="webinars/speakers/a.png", photo_alt="")


def test_an_unknown_time_zone_is_refused():
    webinar = WebinarFactory()
    webinar.time_zone = "Eastern"
    with pytest.raises(ValidationError, match="not a time zone name"):
        webinar.full_clean()


def test_the_sample_webinar_is_upcoming_labelled_and_added_once(capsys):
    call_command("sample_content")
    call_command("sample_content")

    [sample] = Webinar.objects.filter(slug="sample-webinar")
    assert "not a real event" in sample.title
    assert sample.join_url.startswith("https://example.org/")
    assert not sample.speakers.exists()
    assert sample.status == Webinar.Status.PUBLISHED
    eastern = timezone.localtime(sample.starts_at)
    assert (eastern.hour, eastern.minute) == (12, 0)
    assert sample.ends_at - sample.starts_at == timedelta(hours=1)
    assert timedelta(days=27) < sample.starts_at - timezone.now() < timedelta(days=29)
    assert "Webinars: a sample webinar on" in capsys.readouterr().out


def test_a_past_sample_webinar_moves_four_weeks_ahead():
    create_sample_content()
    sample = Webinar.objects.get(slug="sample-webinar")
    with time_machine.travel(sample.ends_at + timedelta(days=1), tick=False):
        create_sample_content()
        moved = Webinar.objects.get(slug="sample-webinar")
        assert moved.starts_at > timezone.now()
