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
