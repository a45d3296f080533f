"""Signing up for Health Advocate Insights in Chromium, checked by axe at every step."""

import re

import pytest
import time_machine
from django.core import mail

from campaign.newsletter import tokens
from campaign.newsletter.models import Subscriber
from forus import public_forms

LINK = re.compile(r"http://testserver(/newsletter/(?:confirm|unsubscribe)/[^/\s]+/)")


def _links(message: mail.EmailMessage) -> dict[str, str]:
    return {path.split("/")[2]: path for path in LINK.findall(message.body)}


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_sign_up_from_the_home_page_confirm_and_unsubscribe(
    live_site, open_page, assert_accessible, monkeypatch, viewport
):
    # A person takes longer than the fill-time trap's 3 seconds; the test need not wait.
    monkeypatch.setattr(public_forms, "MIN_FILL_SECONDS", 0)
    page = open_page(viewport)
    page.goto(live_site.url + "/")
    form = page.locator("#stay-updated form")
    assert form.get_by_label("Email address").is_visible()
    assert_accessible(page)

    # A mistyped address: the newsletter page shows the errors, focused, with what was typed.
    form.get_by_label("Email address").fill("reader@example")
    form.get_by_label("Your name (optional)").fill("Ana Reader")
    form.get_by_role("button", name="Sign up").click()
    page.wait_for_url(live_site.url + "/newsletter/")
    summary = page.locator("#error-summary")
    assert "Enter an email address like name@example.org." in summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.get_by_label("Your name (optional)").input_value() == "Ana Reader"
    assert _fits_the_screen(page)
    assert_accessible(page)
    assert not Subscriber.objects.exists()

    page.get_by_label("Email address").fill("reader@example.org")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(live_site.url + "/newsletter/check-your-inbox/")
    assert page.get_by_role("heading", level=1).inner_text() == "Check your inbox"
    assert_accessible(page)
    subscriber = Subscriber.objects.get()
    # The home page's error went to the newsletter page; the source is kept through it.
    assert subscriber.source == Subscriber.Source.HOME_PAGE
    assert subscriber.status == Subscriber.Status.PENDING

    [confirmation] = mail.outbox
    page.goto(live_site.url + _links(confirmation)["confirm"])
    assert_accessible(page)
    assert _fits_the_screen(page)
    page.get_by_role("button", name="Confirm my subscription").click()
    page.wait_for_url(live_site.url + "/newsletter/confirmed/")
    assert_accessible(page)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED

    welcome = mail.outbox[1]
    page.goto(live_site.url + _links(welcome)["unsubscribe"])
    assert_accessible(page)
    page.get_by_role("button", name="Unsubscribe").click()
    page.wait_for_url(live_site.url + "/newsletter/unsubscribed/")
    assert_accessible(page)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_pages_for_links_that_do_not_work_are_accessible(
    live_site, open_page, assert_accessible
):
    page = open_page("phone")
    for path, status in [
        ("/newsletter/confirm/forged/", 400),
        ("/newsletter/unsubscribe/forged/", 400),
    ]:
        assert page.goto(live_site.url + path).status == status
        assert "This link does not work" in page.content()
        assert_accessible(page)

    subscriber = Subscriber.objects.create(
        email="reader@example.org",
        language="en",
        consent_wording="Consent",
        consented_at="2020-01-01T00:00:00Z",
        confirmation_sent_at="2020-01-01T00:00:00Z",
    )
    with time_machine.travel("2020-01-01T00:00:00Z", tick=False):
        token = tokens.confirmation_token(subscriber.pk)
    response = page.goto(live_site.url + f"/newsletter/confirm/{token}/")
    assert response.status == 410
    assert_accessible(page)
    page.get_by_role("button", name="Email me a new link").click()
    page.wait_for_url(live_site.url + "/newsletter/check-your-inbox/")
    assert len(mail.outbox) == 1
