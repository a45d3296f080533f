"""Fixtures and helpers for the Champion Spotlight tests."""

import pytest

from campaign.models import Pillar
from forus.public_forms import HONEYPOT_FIELD
from tests.forus.public_form_data import started
from tests.images import photo_bytes, photo_upload  # noqa: F401 - shared with the tests here


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every stored photo goes to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


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
