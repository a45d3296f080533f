import pytest

from champions.staff import MODERATORS, MODERATORS_PERMISSIONS
from tests.staff import declared, granted

pytestmark = pytest.mark.django_db


def test_moderators_have_what_the_champions_declare_and_nothing_more_there():
    assert len(MODERATORS_PERMISSIONS) == 3
    every_model = ["nomination", "nominationstatuschange", "spotlight"]
    assert granted(group=MODERATORS, app_label="champions", models=every_model) == declared(
        MODERATORS_PERMISSIONS
    )
