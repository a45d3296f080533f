"""`manage.py sample_content` asks each installed app for its samples."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

SPOTLIGHT_LINE = (
    "Champion Spotlight: a sample spotlight and a sample nomination"
    " (both fictional, marked as samples).\n"
)


def test_every_app_with_samples_adds_them_and_says_so_each_time(capsys):
    call_command("sample_content")
    first = capsys.readouterr().out
    call_command("sample_content")
    again = capsys.readouterr().out

    # One line from each app with samples: the newsletter, webinars, champions.
    assert first.count("\n") == 3
    assert again.count("\n") == 3
    assert "Webinars: a sample webinar on " in first
    assert "Webinars: the sample webinar is already there, on " in again
    assert first.count(SPOTLIGHT_LINE) == 1
    assert again.count(SPOTLIGHT_LINE) == 1
