import pytest
from django.core.management import call_command

from campaign.newsletter.models import Subscriber

pytestmark = pytest.mark.django_db


def test_sample_content_adds_a_subscriber_in_each_state_and_can_run_again(capsys):
    call_command("sample_content")
    call_command("sample_content")

    assert "3 sample newsletter subscribers" in capsys.readouterr().out
    assert sorted(Subscriber.objects.values_list("status", flat=True)) == [
        "confirmed",
        "pending",
        "unsubscribed",
    ]
