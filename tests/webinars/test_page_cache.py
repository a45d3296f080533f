"""The webinar's page from the cache: no query, yet every change of its seats shows at once.

The page is cached per state stamp (forus.pagecache.public_page_state),
which the services renew once a change commits: these tests send every
change through the services (and a staff edit through admin), committing,
and read the page again from the cache as a new visitor would.
"""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.webinars.factories import WebinarFactory, admin_change_form, register
from webinars import selectors, services
from webinars.models import Registration, Webinar

pytestmark = pytest.mark.django_db


def page_of(webinar: Webinar) -> str:
    with translation.override("en"):
        return reverse("webinars:webinar_detail", kwargs={"slug": webinar.slug})


@pytest.fixture
def visit() -> Callable[[Webinar], str]:
    """A new visitor's view of the page."""

    def visit(webinar: Webinar) -> str:
        response = Client().get(page_of(webinar))
        assert response.status_code == 200
        return response.content.decode()

    return visit


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the services' after-commit work, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_visit_from_the_cache_runs_no_query(django_assert_num_queries, visit):
    webinar = WebinarFactory(capacity=10)
    first = visit(webinar)
    with django_assert_num_queries(0):
        again = visit(webinar)
    assert "10 seats left." in first
    assert "10 seats left." in again
    # Spanish has its own copy, also from the cache.
    spanish = f"/es{page_of(webinar)}"
    assert "Quedan 10 lugares." in Client().get(spanish).content.decode()
    with django_assert_num_queries(0):
        assert "Quedan 10 lugares." in Client().get(spanish).content.decode()


def test_a_registration_shows_at_the_next_visit(visit, committed):
    webinar = WebinarFactory(capacity=10)
    assert "10 seats left." in visit(webinar)
    with committed():
        register(webinar)
    assert "9 seats left." in visit(webinar)


def test_a_cancellation_shows_at_the_next_visit(visit, committed):
    webinar = WebinarFactory(capacity=10)
    with committed():
        outcome = register(webinar)
    assert "9 seats left." in visit(webinar)
    with committed():
        services.registration_cancel(registration_id=outcome.registration.pk)
    assert "10 seats left." in visit(webinar)


def test_the_last_seat_taken_turns_the_form_into_the_waitlist(visit, committed):
    webinar = WebinarFactory(capacity=1)
    assert "Join the waitlist" not in visit(webinar)
    with committed():
        register(webinar)
    html = visit(webinar)
    assert "Every seat is taken" in html
    assert "Join the waitlist" in html


def test_a_seat_given_to_the_waitlist_after_staff_raise_the_capacity_shows(visit, committed):
    webinar = WebinarFactory(capacity=1)
    with committed():
        register(webinar, email="first@example.org")
        register(webinar, email="second@example.org")
    assert "Join the waitlist" in visit(webinar)
    # Raised without the admin form's own promotion: the page keeps its copy.
    Webinar.objects.filter(pk=webinar.pk).update(capacity=3)
    assert "Join the waitlist" in visit(webinar)
    with committed():
        assert services.waitlist_promote(webinar_id=webinar.pk) == 1
    assert "1 seat left." in visit(webinar)


def test_staff_closing_registration_in_admin_shows_at_the_next_visit(visit, committed):
    webinar = WebinarFactory(capacity=10)
    assert 'name="first_name"' in visit(webinar)
    staff = User.objects.create_superuser("staff", "staff@example.org", "x")
    admin = Client()
    admin.force_login(staff)
    with committed():
        response = admin.post(
            reverse("admin:webinars_webinar_change", args=[webinar.pk]),
            admin_change_form(webinar, registration_open=""),
        )
    assert response.status_code == 302
    html = visit(webinar)
    assert "Registration for this webinar has closed." in html
    assert 'name="first_name"' not in html


def test_a_lapsed_registration_renews_the_pages_state(committed):
    webinar = WebinarFactory(capacity=10)
    Registration.objects.create(
        webinar=webinar,
        first_name="Pat",
        last_name="Pending",
        email="pat@example.org",
        role="clinician",
        status=Registration.Status.PENDING,
        confirm_by=webinar.starts_at.replace(year=2000),
        language="en",
    )
    stamp = selectors.webinar_page_state(slug=webinar.slug)
    with committed():
        assert services.registrations_lapse_unconfirmed() == 1
    assert selectors.webinar_page_state(slug=webinar.slug) != stamp
