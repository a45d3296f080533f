"""Registering for a webinar in Chromium, with axe-core on every step."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.webinars.factories import past_webinar_with_materials
from webinars.models import Registration, Speaker, Webinar, WebinarSpeaker

# The form refuses sends faster than this (forus.public_forms.MIN_FILL_SECONDS).
PERSON_PAUSE_MS = 3200


def upcoming_webinar(**fields: object) -> Webinar:
    starts_at = (timezone.now() + timedelta(days=10)).replace(microsecond=0)
    webinar = Webinar.objects.create(
        **{
            "title": "Browser test webinar",
            "slug": "browser-test-webinar",
            "summary": "A webinar for the browser test.",
            "description": "What the **panel** will discuss.",
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=1),
            "capacity": 40,
            "join_url": "https://meet.example.org/j/browser-secret",
            "status": Webinar.Status.PUBLISHED,
            **fields,
        }
    )
    speaker = Speaker.objects.create(
        name="A Speaker", credentials="MPH", affiliation="A clinic", bio="Bio."
    )
    moderator = Speaker.objects.create(name="A Moderator")
    WebinarSpeaker.objects.create(webinar=webinar, speaker=speaker, order=1)
    WebinarSpeaker.objects.create(
        webinar=webinar, speaker=moderator, role=WebinarSpeaker.Role.MODERATOR, order=2
    )
    return webinar


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_registering_through_the_real_form(live_site, open_page, assert_accessible):
    webinar = upcoming_webinar()
    page = open_page("desktop", timezone_id="Europe/Berlin", locale="en-US")
    page.goto(live_site.url + webinar.get_absolute_url() + "?source=browser-test")
    assert_accessible(page)

    # The enhancement shows the visitor's own time, and fills the form's zone.
    local = page.locator(".webinar-when__local")
    assert local.is_visible()
    assert "In your time zone:" in local.inner_text()
    assert page.locator('input[name="time_zone"]').input_value() == "Europe/Berlin"
    assert "browser-secret" not in page.content()

    # Sent empty: errors next to the fields and in a summary that takes focus.
    page.wait_for_timeout(PERSON_PAUSE_MS)
    page.get_by_role("button", name="Register", exact=True).last.click()
    page.wait_for_selector("#error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.locator("#error-summary li").count() == 4
    assert_accessible(page)
    assert not Registration.objects.exists()

    page.get_by_label("First name").fill("Ana")
    page.get_by_label("Last name").fill("Reader")
    page.get_by_label("Email address").fill("ana.reader@example.org")
    page.get_by_label("Faculty").check()
    page.get_by_label("A question for the panel (optional)").fill("What can students do?")
    page.get_by_label("Also send me Health Advocate Insights", exact=False).check()
    # The accommodations are a group of checkboxes named by its legend.
    needs = page.get_by_role("group", name="Accessibility accommodations (optional)")
    needs.get_by_label("Live captions").check()
    needs.get_by_label("Something else (tell us below)").check()
    page.wait_for_timeout(PERSON_PAUSE_MS)
    page.get_by_role("button", name="Register", exact=True).last.click()

    # "Something else" without saying what: one error, at the words' field.
    page.wait_for_selector("#error-summary")
    assert page.locator("#error-summary li").count() == 1
    assert "Tell us what else you need" in page.locator("#error-summary").inner_text()
    assert_accessible(page)
    assert page.get_by_label("Live captions").is_checked()
    page.get_by_label("Anything else we should arrange", exact=False).fill("Large print slides")
    page.wait_for_timeout(PERSON_PAUSE_MS)
    page.get_by_role("button", name="Register", exact=True).last.click()

    page.wait_for_url(
        live_site.url + reverse("webinars:registration_done", kwargs={"slug": webinar.slug})
    )
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"
    assert "What happens next" in page.content()
    assert_accessible(page)

    registration = Registration.objects.get()
    assert registration.status == Registration.Status.REGISTERED
    assert registration.role == "faculty"
    assert registration.time_zone == "Europe/Berlin"
    assert registration.source == "browser-test"
    assert registration.newsletter_opt_in
    assert registration.accommodation_request.needs == ["captions", "other"]
    assert registration.accommodation_request.details == "Large print slides"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_webinar_pages_have_no_axe_violations(live_site, open_page, assert_accessible, viewport):
    webinar = upcoming_webinar(capacity=1)
    Registration.objects.create(
        webinar=webinar,
        first_name="Someone",
        last_name="Else",
        email="someone@example.org",
        role="other",
        status=Registration.Status.REGISTERED,
        language="en",
    )
    past = past_webinar_with_materials()
    page = open_page(viewport)
    paths = [
        reverse("webinars:webinar_list"),
        webinar.get_absolute_url(),  # full: the waitlist form
        "/es" + webinar.get_absolute_url(),
        reverse("webinars:registration_done", kwargs={"slug": webinar.slug}),
        Webinar.objects.get(slug="saving-primary-care-in-the-united-states").get_absolute_url(),
        reverse("campaign:home"),
        reverse("webinars:webinar_archive"),
        "/es" + reverse("webinars:webinar_archive"),
        past.get_absolute_url(),
        "/es" + past.get_absolute_url(),
        "/es" + webinar.get_absolute_url(),
    ]
    for path in paths:
        response = page.goto(live_site.url + path)
        assert response.status == 200, path
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_cancel_page_asks_before_it_cancels(live_site, open_page, assert_accessible):
    from webinars.services import registration_create
    from webinars.tokens import cancel_token

    webinar = upcoming_webinar()
    registration = registration_create(
        webinar_id=webinar.pk,
        first_name="Ana",
        last_name="Reader",
        email="ana@example.org",
        role="student",
        language="en",
    ).registration
    page = open_page("phone")
    page.goto(
        live_site.url
        + reverse(
            "webinars:registration_cancel",
            kwargs={"token": cancel_token(registration_id=registration.pk)},
        )
    )
    assert_accessible(page)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED

    page.get_by_role("button", name="Cancel my registration").click()
    page.wait_for_selector("text=Done")
    assert_accessible(page)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
