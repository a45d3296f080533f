"""Fixtures and helpers for the Champion Spotlight tests."""

import pytest
from django.conf import settings
from django.utils import translation

from campaign.models import Pillar
from forus.public_forms import HONEYPOT_FIELD
from tests.forus.test_public_forms import started
from tests.images import photo_bytes, photo_upload  # noqa: F401 - shared with the tests here


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every stored photo goes to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A request in Spanish leaves Spanish active in the test's thread: undo that."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def nomination_data(**overrides: object) -> dict[str, object]:
    """What a person sends through the nomination form, honestly and slowly enough."""
    data = {
        "nominator_name": "Nia Nominator",
        "nominator_email": "nia@example.org",
        "nominating": "someone_else",
        "nominee_given_name": "Ada",
        "nominee_family_name": "Champion",
        "nominee_email": "ada@example.org",
        "relationship": "Colleague",
        "profession": "nursing",
        "institution": "Community Health Center",
        "location": "Baltimore, MD",
        "pillars": [str(Pillar.objects.get(number=1).pk), str(Pillar.objects.get(number=4).pk)],
        "description": "Ada runs a pathway programme for nursing students from the neighbourhood.",
        "link_1": "https://example.org/ada",
        "link_2": "",
        "link_3": "",
        "consent": "on",
        "form_started": started(seconds_ago=30),
        HONEYPOT_FIELD: "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
