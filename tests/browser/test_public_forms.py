import time

import pytest

from forus.outbox.models import OutboundEmail


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_form_with_errors_is_accessible_and_keeps_what_was_typed(
    live_site, open_page, assert_accessible, settings, viewport
):
    settings.ROOT_URLCONF = "tests.forus.public_form_urls"
    page = open_page(viewport)
    page.goto(live_site.url + "/check/")
    assert_accessible(page)

    page.fill("#id_email", "not an address")
    page.click("main button")

    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    assert page.input_value("#id_email") == "not an address"
    assert_accessible(page)

    # The summary's link takes the person to the field.
    summary.get_by_role("link", name="Email address").click()
    assert page.evaluate("document.activeElement.id") == "id_email"

    page.fill("#id_email", "reader@example.org")
    page.fill("#id_name", "Ana Reader")
    time.sleep(3)  # a person takes longer than the minimum fill time
    page.click("main button")
    assert page.url.split("#")[0].endswith("/sent/")
    assert OutboundEmail.objects.filter(to="reader@example.org").count() == 1


def _boxes(page, selectors: list[str]) -> list[dict[str, float]]:
    """The boxes measured at one instant: the page may still be scrolling to the summary."""
    boxes = page.evaluate(
        "selectors => selectors.map(s => document.querySelector(s)?.getBoundingClientRect()"
        ".toJSON())",
        selectors,
    )
    assert all(boxes), f"not all of {selectors} are on the page"
    return boxes


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_a_phone_a_checkbox_or_radio_has_its_help_and_error_under_it(live_site, open_page):
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from webinars.models import Webinar

    starts_at = (timezone.now() + timedelta(days=10)).replace(microsecond=0)
    webinar = Webinar.objects.create(
        title="Phone layout webinar",
        slug="phone-layout-webinar",
        summary="A webinar for the layout test.",
        description="About layout.",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        capacity=40,
        join_url="https://meet.example.org/j/layout",
        status=Webinar.Status.PUBLISHED,
    )
    cases = [
        (
            reverse("champions:nominate"),
            "main button[type=submit]",
            "#id_consent",
            ["#id_consent_error", "#id_consent_helptext"],
        ),
        (
            webinar.get_absolute_url(),
            "main form button[type=submit]",
            "#id_role_5",
            ["#id_role_error"],
        ),
    ]
    page = open_page("phone")
    for path, button, control, below in cases:
        page.goto(live_site.url + path)
        page.locator(button).last.click()
        page.wait_for_selector("#error-summary")
        control_box, *boxes = _boxes(page, [control, *below])
        assert len(boxes) == len(below) >= 1
        for selector, box in zip(below, boxes, strict=True):
            # Under the control, across the column: not squeezed beside it.
            assert box["top"] >= control_box["bottom"], selector
            assert box["width"] > 250, selector
