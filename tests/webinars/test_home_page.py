"""The home page's next open webinar, and how the cache keeps it right."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forus.pagecache import VERSION_KEY, public_pages_forget_local_copies
from tests.webinars.factories import WebinarFactory, admin_change_form, register
from webinars.models import Webinar

pytestmark = pytest.mark.django_db


def home() -> str:
    return Client().get(reverse("campaign:home")).content.decode()


def test_the_home_page_shows_the_next_open_webinar_between_pillars_and_updates(
    client, django_assert_max_num_queries
):
    later = WebinarFactory(title="A later webinar", starts_at=timezone.now() + timedelta(days=40))
    sooner = WebinarFactory(title="The sooner webinar")
    WebinarFactory(title="A draft", status=Webinar.Status.DRAFT, starts_at=timezone.now())

    # +1: the organisation's details in the footer, read once into the cache.
    with django_assert_max_num_queries(5):
        response = client.get(reverse("campaign:home"))

    html = response.content.decode()
    assert sooner.title in html
    assert later.title not in html
    assert "A draft" not in html
    section = html[html.index('id="next-webinar-title"') :]
    assert html.index("pillars-title") < html.index("next-webinar-title")
    assert html.index("next-webinar-title") < html.index("updates-title")
    assert "Eastern Time" in section.split("</section>")[0]
    assert f'href="{sooner.get_absolute_url()}#register"' in html


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"registration_open": False}, id="closed by staff"),
        pytest.param({"status": Webinar.Status.CANCELLED}, id="cancelled"),
        pytest.param({"starts_at": timezone.now() - timedelta(days=1)}, id="past"),
    ],
)
def test_a_webinar_that_takes_no_registrations_is_not_on_the_home_page(change):
    fields = {"title": "Not open"} | change
    if "starts_at" in change:
        fields["ends_at"] = change["starts_at"] + timedelta(hours=1)
    WebinarFactory(**fields)
    html = home()
    assert "For Us All Campaign is dedicated" in html
    assert "Not open" not in html
    assert 'id="next-webinar-title"' not in html


def test_a_webinar_edit_in_admin_shows_on_the_cached_home_page_at_once():
    webinar = WebinarFactory(title="Before the edit")
    assert "Before the edit" in home()
    assert "Before the edit" in home()  # now from the cache

    staff = Client()
    staff.force_login(User.objects.create_superuser("coordinator", "c@example.org", "x"))
    response = staff.post(
        reverse("admin:webinars_webinar_change", args=[webinar.pk]),
        admin_change_form(webinar, title_en="After the edit"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    html = home()
    assert "After the edit" in html
    assert "Before the edit" not in html


def test_a_registration_leaves_the_cached_pages_alone():
    webinar = WebinarFactory()
    home()
    version = cache.get(VERSION_KEY)
    register(webinar)
    assert cache.get(VERSION_KEY) == version


def test_a_webinar_that_has_started_leaves_the_home_page_when_the_cache_expires(settings):
    webinar = WebinarFactory(title="Starting soon")
    with time_machine.travel(webinar.starts_at - timedelta(minutes=1), tick=False):
        assert "Starting soon" in home()
    later = webinar.starts_at + timedelta(seconds=settings.PUBLIC_PAGE_CACHE_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        public_pages_forget_local_copies()  # another web process, or this one's copy expired
        assert "Starting soon" not in home()
