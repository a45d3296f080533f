import pytest

from tests.champions.conftest import photo_bytes
from tests.spanish import spanish_public_pages
from tests.webinars.factories import WebinarFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_every_spanish_page_has_no_axe_violations(
    live_site, open_page, assert_accessible, viewport
):
    page = open_page(viewport)
    for name, (path, status) in spanish_public_pages().items():
        response = page.goto(live_site.url + path)
        assert response.status == status, name
        assert page.evaluate("document.documentElement.lang") == "es", name
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_language_switch_keeps_a_half_filled_form(live_site, open_page, assert_accessible):
    webinar = WebinarFactory()
    page = open_page("desktop")
    page.goto(live_site.url + webinar.get_absolute_url())
    page.fill("#id_first_name", "Ana")
    page.fill("#id_email", "ana.reader@exam")
    page.fill("#id_question", "Will there be captions?")
    page.check("#id_role_1")

    page.get_by_role("button", name="Español").click()

    assert page.url.split("#")[0] == live_site.url + "/es" + webinar.get_absolute_url()
    assert page.evaluate("document.documentElement.lang") == "es"
    assert page.input_value("#id_first_name") == "Ana"
    assert page.input_value("#id_email") == "ana.reader@exam"
    assert page.input_value("#id_question") == "Will there be captions?"
    assert page.is_checked("#id_role_1")
    assert page.locator("#error-summary").count() == 0
    assert_accessible(page)

    # And back again, still as typed.
    page.get_by_role("button", name="English").click()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.input_value("#id_email") == "ana.reader@exam"
    assert page.url.split("#")[0] == live_site.url + webinar.get_absolute_url()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_enter_in_a_field_sends_the_form_not_the_language_switch(live_site, open_page):
    """The switch sends the form too; Enter must still mean the form's own button."""
    webinar = WebinarFactory()
    page = open_page("desktop")
    page.goto(live_site.url + webinar.get_absolute_url())
    page.fill("#id_first_name", "Ana")
    page.fill("#id_email", "ana.reader@exam")
    page.press("#id_email", "Enter")

    page.wait_for_selector("#error-summary")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.url.split("#")[0] == live_site.url + webinar.get_absolute_url()
    assert page.input_value("#id_email") == "ana.reader@exam"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_switch_on_the_nomination_form_asks_for_the_photo_again(
    live_site, open_page, assert_accessible, tmp_path
):
    photo = tmp_path / "portrait.jpg"
    photo.write_bytes(photo_bytes())
    page = open_page("phone")
    page.goto(live_site.url + "/champions/nominate/")
    page.fill("#id_nominator_name", "Nia Nominator")
    page.set_input_files("#id_photo", photo)

    page.get_by_role("button", name="Español").click()

    assert page.evaluate("document.documentElement.lang") == "es"
    assert page.input_value("#id_nominator_name") == "Nia Nominator"
    notice = page.locator("#files-not-kept")
    assert notice.is_visible()
    assert "Elíjalo de nuevo" in notice.inner_text()
    assert page.locator("#error-summary").count() == 0
    assert_accessible(page)
