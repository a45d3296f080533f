import pytest
from django.conf import settings
from django.urls import reverse

from campaign.models import Pillar
from tests.champions.factories import NominationFactory, SpotlightFactory
from tests.dashboard import signed_in, staff_member
from tests.newsletter.factories import SubscriberFactory
from tests.webinars.factories import RegistrationFactory, WebinarFactory, register

PAGES = [
    "campaign:home",
    "campaign:introduction",
    "campaign:about",
    "campaign:privacy",
    "campaign:pillar_list",
    "campaign:get_involved",
    "campaign:accessibility",
    "campaign:contact",
    "campaign:contact_thanks",
    # A person's own pages: the rest, behind the emailed link, in tests/browser/test_people.py.
    "people:request",
    "people:check_inbox",
    "people:erased",
]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_every_campaign_page_has_no_axe_violations(
    live_site, open_page, assert_accessible, viewport
):
    page = open_page(viewport)
    paths = [reverse(name) for name in PAGES]
    paths += [pillar.get_absolute_url() for pillar in Pillar.objects.all()]
    assert len(paths) == len(PAGES) + 5
    for path in [*paths, "/no-such-page/"]:
        response = page.goto(live_site.url + path)
        assert response.status == (404 if path == "/no-such-page/" else 200), path
        assert_accessible(page)
        # Nothing is wider than the screen: no sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_skip_link_is_first_and_moves_focus_to_the_content(live_site, open_page):
    page = open_page("desktop")
    page.goto(live_site.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus must be visible"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_site_fits_a_320_pixel_screen(live_site, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in [
        "/",
        reverse("campaign:pillar_list"),
        Pillar.objects.get(number=2).get_absolute_url(),
    ]:
        page.goto(live_site.url + path)
        assert page.evaluate("document.documentElement.scrollWidth <= 320"), path
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_the_admin_dashboard_has_no_axe_violations(
    live_site, open_page, assert_accessible, color_scheme
):
    webinar = WebinarFactory(capacity=20)
    for number in range(3):
        RegistrationFactory(webinar=webinar, source="newsletter" if number else "")
    # An accommodation request, for the panel's table.
    register(webinar, email="asks@example.org", accommodation_needs=["captions"])
    SubscriberFactory(confirmed=True)
    SubscriberFactory()
    NominationFactory()
    SpotlightFactory()
    signed_in_client = signed_in(staff_member("admin", superuser=True))
    page = open_page("desktop", color_scheme=color_scheme)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": signed_in_client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_site.url,
            }
        ]
    )
    page.goto(live_site.url + "/admin/")
    assert page.locator(".dashboard-panel").count() == 5
    assert page.locator(".dashboard-chart svg[role=img]").count() == 3
    # The numbers behind each chart, shown as a reader who opens them sees them.
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert_accessible(page)
