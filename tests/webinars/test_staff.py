import pytest

from tests.staff import declared, granted
from webinars.staff import EVENT_COORDINATORS, EVENT_COORDINATORS_PERMISSIONS

pytestmark = pytest.mark.django_db


def test_event_coordinators_have_what_the_webinars_declare():
    assert len(EVENT_COORDINATORS_PERMISSIONS) == 6
    assert granted(
        group=EVENT_COORDINATORS,
        app_label="webinars",
        models=[
            "webinar",
            "speaker",
            "webinarspeaker",
            "webinarresource",
            "registration",
            "accommodationrequest",
        ],
    ) == declared(EVENT_COORDINATORS_PERMISSIONS)
