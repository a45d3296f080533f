import pytest
from django.test import Client

from champions.models import Nomination, Spotlight
from champions.sample_content import create_sample_content

pytestmark = pytest.mark.django_db


def test_the_sample_content_is_fictional_marked_and_safe_to_run_again():
    create_sample_content()
    create_sample_content()

    spotlight = Spotlight.objects.get()
    nomination = Nomination.objects.get()
    assert "Sample" in spotlight.title
    assert "fictional" in spotlight.champion_name
    assert "fictional" in nomination.nominee_name
    assert "not about a real person" in spotlight.summary
    assert Client().get(spotlight.get_absolute_url()).status_code == 200
