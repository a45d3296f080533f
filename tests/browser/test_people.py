"""A person's own page in Chromium: axe at every step, both languages, a phone, no JavaScript."""

import pytest
from django.urls import reverse

from champions.models import Nomination
from tests.champions.factories import NominationFactory
from tests.forus.people.person_links import link_token
from tests.newsletter.factories import SubscriberFactory
from tests.webinars.factories import RegistrationFactory, WebinarFactory
from webinars.models import Registration

ADDRESS = "ana@example.org"


def _person_with_everything() -> Registration:
    registration = RegistrationFactory(
        email=ADDRESS, webinar=WebinarFactory(capacity=5), question="Will it be recorded?"
    )
    SubscriberFactory(email=ADDRESS)
    NominationFactory(nominator_email=ADDRESS)
    NominationFactory(nominee_email=ADDRESS, nominee_consent=Nomination.Consent.APPROVED)
    return registration


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_persons_pages_have_no_axe_violations_in_both_languages(
    live_site, open_page, assert_accessible, viewport
):
    _person_with_everything()
    page = open_page(viewport)
    for prefix in ("", "/es"):
        for path in ("/my/", "/my/check-your-inbox/", "/my/erased/", "/my/link/not-a-link/"):
            page.goto(live_site.url + prefix + path)
            assert_accessible(page)
            assert _fits_the_screen(page), path
        token = link_token(ADDRESS, language=prefix.strip("/") or "en")
        page.goto(f"{live_site.url}{prefix}/my/link/{token}/")
        assert_accessible(page)
        page.locator("main form button").click()
        page.wait_for_url(f"{live_site.url}{prefix}/my/page/")
        for path in ("/my/page/", "/my/page/my-data/", "/my/page/erase/"):
            page.goto(live_site.url + prefix + path)
            assert_accessible(page)
            assert _fits_the_screen(page), path
        # The erasure's confirmation step, with its error showing.
        page.locator("main form button").click()
        assert page.locator("#error-summary").is_visible()
        assert_accessible(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_person_cancels_and_edits_on_a_phone_without_javascript(live_site, open_page):
    registration = _person_with_everything()
    page = open_page("phone", java_script_enabled=False)
    page.goto(f"{live_site.url}/my/link/{link_token(ADDRESS)}/")
    page.get_by_role("button", name="Open my page").click()
    page.wait_for_url(f"{live_site.url}/my/page/")

    page.get_by_label("Accessibility accommodations").fill("Captions, please")
    page.get_by_role("button", name="Save my answers").click()
    assert "Your answers are saved." in page.locator("main").inner_text()
    registration.refresh_from_db()
    assert registration.accommodations == "Captions, please"

    page.get_by_role("button", name="Cancel this registration").click()
    assert "Your registration is cancelled." in page.locator("main").inner_text()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert reverse("people:page") in page.url
