"""The site's look, measured in Chromium: the header, the grids, the phone menu, screenshots."""

import time
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from campaign.models import ContactMessage, Pillar
from tests.champions.factories import SpotlightFactory
from tests.webinars.factories import WebinarFactory

# Kept out of git (/var/ in .gitignore): look at them after a design change.
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
HEADER_PAGES = ["/", "/pillars/", "/get-involved/", "/contact/", "/champions/nominate/"]


def _in_one_row(page) -> bool:
    """Whether the main navigation's items and the language switch share one line."""
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('.site-nav li, .language-switch li')].map(
            item => item.getBoundingClientRect().toJSON())"""
    )
    assert len(boxes) == 7  # six links and the other language
    return max(box["top"] for box in boxes) < min(box["bottom"] for box in boxes)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("prefix", ["", "/es"])
def test_at_1280_the_navigation_and_language_switch_sit_in_one_compact_row(
    live_site, open_page, prefix
):
    page = open_page("desktop")
    for path in HEADER_PAGES:
        page.goto(live_site.url + prefix + path)
        assert _in_one_row(page), (prefix, path)
        assert page.locator(".site-nav").is_visible()
        assert not page.locator(".site-menu").is_visible()
        header = page.locator(".site-header").bounding_box()
        assert header["height"] <= 90, (prefix, path, header)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("prefix", ["", "/es"])
def test_on_a_phone_the_navigation_folds_behind_a_menu_that_opens_without_javascript(
    live_site, open_page, assert_accessible, prefix
):
    page = open_page("phone", java_script_enabled=False)
    page.goto(live_site.url + prefix + "/pillars/")
    assert not page.locator(".site-nav").is_visible()
    summary = page.locator(".site-menu summary")
    assert summary.is_visible()
    panel = page.locator(".site-menu__panel")
    assert not panel.is_visible()
    # The language switch stays in view beside the menu, in the same row.
    switch = page.locator(".language-switch").bounding_box()
    toggle = summary.bounding_box()
    assert abs(switch["y"] + switch["height"] / 2 - (toggle["y"] + toggle["height"] / 2)) < 4
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 72, header
    # The first heading is within the first screen's top quarter.
    assert page.locator("h1").bounding_box()["y"] < 200

    summary.click()
    assert panel.is_visible()
    links = panel.locator("a")
    assert links.count() == 6
    assert links.nth(0).get_attribute("aria-current") == "page"
    links.nth(1).click()
    assert page.url.rstrip("/").endswith(prefix + "/webinars")

    # axe runs as a script: on a page with scripts, the menu open.
    checked = open_page("phone")
    checked.goto(live_site.url + prefix + "/pillars/")
    checked.locator(".site-menu summary").click()
    assert_accessible(checked)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(("width", "rows"), [(1280, [3, 2]), (800, [2, 2, 1]), (375, [1] * 5)])
def test_the_five_pillar_cards_never_leave_a_hole(live_site, browser, width, rows):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(live_site.url + "/pillars/")
    boxes = page.evaluate(
        "() => [...document.querySelectorAll('.pillar-cards > li')].map("
        "card => card.getBoundingClientRect().toJSON())"
    )
    grid = page.locator(".pillar-cards").bounding_box()
    by_row: dict[int, list[dict]] = {}
    for box in boxes:
        by_row.setdefault(round(box["top"]), []).append(box)
    assert [len(cards) for cards in by_row.values()] == rows
    for cards in by_row.values():
        # Each row spans the grid, edge to edge: no empty cell at its end.
        assert abs(cards[0]["left"] - grid["x"]) < 1
        assert abs(cards[-1]["right"] - (grid["x"] + grid["width"])) < 1
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_new_pages_fit_a_320_pixel_screen(live_site, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for prefix in ["", "/es"]:
        for path in ["/", "/get-involved/", "/contact/", "/accessibility/", "/about/"]:
            page.goto(live_site.url + prefix + path)
            assert page.evaluate("document.documentElement.scrollWidth <= 320"), prefix + path
        page.locator(".site-menu summary").click()
        assert page.evaluate("document.documentElement.scrollWidth <= 320"), "menu open"
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("prefix", ["", "/es"])
def test_the_contact_form_with_errors_is_accessible_and_sends_without_javascript(
    live_site, open_page, assert_accessible, viewport, prefix
):
    checked = open_page(viewport)
    checked.goto(live_site.url + prefix + "/contact/")
    assert_accessible(checked)
    checked.fill("#id_email", "not an address")
    checked.click("main button[type=submit]")
    assert checked.locator("#error-summary").is_visible()
    assert_accessible(checked)

    # Without scripts, from errors to sent.
    page = open_page(viewport, java_script_enabled=False)
    page.goto(live_site.url + prefix + "/contact/")
    page.fill("#id_email", "not an address")
    page.click("main button[type=submit]")
    assert page.locator("#error-summary").is_visible()
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    assert page.input_value("#id_email") == "not an address"

    page.fill("#id_name", "Ana Reader")
    page.fill("#id_email", "ana@example.org")
    page.fill("#id_subject", "Captions")
    page.fill("#id_message", "Will the next webinar have captions?")
    time.sleep(3)  # a person takes longer than the minimum fill time
    page.click("main button[type=submit]")
    assert page.url.endswith(prefix + "/contact/thanks/")
    assert ContactMessage.objects.get().language == ("es" if prefix else "en")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_screenshots_of_the_main_pages_in_both_languages_and_two_widths(live_site, open_page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    webinar = WebinarFactory(title="Saving Primary Care in the United States")
    SpotlightFactory(pillars=[Pillar.objects.get(number=1)])
    pages = {
        "home": "/",
        "pillar": Pillar.objects.get(number=1).get_absolute_url(),
        "webinar": webinar.get_absolute_url(),
        "nomination-form": reverse("champions:nominate"),
        "get-involved": reverse("campaign:get_involved"),
    }
    taken = []
    for viewport, width in [("desktop", 1280), ("phone", 375)]:
        page = open_page(viewport)
        for language in ["en", "es"]:
            for name, path in pages.items():
                page.goto(live_site.url + ("/es" if language == "es" else "") + path)
                target = SCREENSHOTS / f"{name}-{language}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                taken.append(target)
    assert len(taken) == 20
    for target in taken:
        assert target.stat().st_size > 10_000, target
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
