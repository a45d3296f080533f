import pytest

from campaign.staff import EDITORS, EDITORS_PERMISSIONS
from tests.staff import declared, granted

pytestmark = pytest.mark.django_db


def test_editors_have_what_the_campaign_declares_on_its_content():
    assert declared(EDITORS_PERMISSIONS) == {
        "pillar": {"view", "change"},
        "page": {"view", "change"},
        "waytoact": {"view", "add", "change", "delete"},
        "organisationdetails": {"view", "change"},
        "contactmessage": {"view", "change", "delete"},
    }
    assert granted(
        group=EDITORS, app_label="campaign", models=list(EDITORS_PERMISSIONS)
    ) == declared(EDITORS_PERMISSIONS)
