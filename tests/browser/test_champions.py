"""Champion Spotlight in Chromium: nominate, moderate, consent, publish; axe on public pages."""

import re
import time

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from playwright.sync_api import Page, expect

from campaign.models import Pillar
from champions import services
from champions.models import Nomination, Spotlight
from champions.staff import MODERATORS
from champions.tokens import nomination_consent_token
from forus.images import image_decode
from forus.outbox.models import OutboundEmail
from forus.public_forms import MIN_FILL_SECONDS
from tests.champions.conftest import photo_bytes, photo_upload
from tests.champions.factories import SpotlightFactory

PASSWORD = "a long moderator passphrase"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _fill_nomination(page: Page, photo_path: str) -> None:
    page.fill("#id_nominator_name", "Nia Nominator")
    page.fill("#id_nominator_email", "nia@example.org")
    page.fill("#id_nominee_given_name", "Ada")
    page.fill("#id_nominee_family_name", "Champion")
    page.fill("#id_nominee_email", "ada@example.org")
    page.fill("#id_relationship", "Colleague")
    page.select_option("#id_profession", "nursing")
    page.fill("#id_institution", "Community Health Center")
    page.fill("#id_location", "Baltimore, MD")
    page.check(f"input[name=pillars][value='{Pillar.objects.get(number=4).pk}']")
    page.fill("#id_description", "Ada runs a pathway programme for nursing students.")
    page.fill("#id_link_1", "https://example.org/ada")
    page.set_input_files("#id_photo", photo_path)
    page.check("#id_consent")


def _run_action(page: Page, action: str) -> None:
    page.select_option("select[name$='action']", action)
    page.click("button[name=index]")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_nomination_is_sent_moderated_approved_by_the_nominee_and_published(
    live_site, open_page, assert_accessible, tmp_path
):
    photo_path = tmp_path / "portrait.jpg"
    photo_path.write_bytes(photo_bytes(size=(800, 1000)))

    # The form: errors first, with a summary that axe finds no fault with.
    page = open_page("desktop")
    page.goto(live_site.url + reverse("champions:nominate"))
    assert_accessible(page)
    page.click("main button[type=submit]")
    expect(page.locator("#error-summary")).to_be_focused()
    assert_accessible(page)

    # "Myself" hides the nominee's questions; "Someone else" brings them back.
    page.check("#id_nominating_1")
    expect(page.locator("#nominee-contact")).to_be_hidden()
    page.check("#id_nominating_0")
    expect(page.locator("#nominee-contact")).to_be_visible()

    _fill_nomination(page, str(photo_path))
    expect(page.locator(".word-count")).to_have_text("Words so far: 8")
    page.fill("#id_description", "word " * 401)
    expect(page.locator(".word-count")).to_have_text("Words so far: 401, 1 over the limit")
    page.fill("#id_description", "Ada runs a pathway programme for nursing students.")
    time.sleep(MIN_FILL_SECONDS + 0.5)
    page.click("main button[type=submit]")
    expect(page).to_have_url(live_site.url + reverse("champions:nomination_thanks"))
    assert_accessible(page)
    nomination = Nomination.objects.get()
    assert nomination.photo.name.startswith("private/nominations/")

    # A moderator signs in to admin with the login form.
    moderator = User.objects.create_user("moderator", password=PASSWORD, is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    admin = open_page("desktop")
    admin.goto(live_site.url + "/admin/login/")
    admin.fill("#id_username", "moderator")
    admin.fill("#id_password", PASSWORD)
    admin.click("input[type=submit]")
    expect(admin.locator("#site-name")).to_be_visible()
    assert "login" not in admin.url

    # Approve it from its own page; the nominee is asked by email.
    admin.goto(live_site.url + reverse("admin:champions_nomination_change", args=[nomination.pk]))
    expect(admin.locator("img.nomination-photo")).to_be_visible()
    _run_action(admin, "approve")
    expect(admin.locator(".messagelist")).to_contain_text("moved to “Approved”")
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.APPROVED
    request = OutboundEmail.objects.get(template="champions/email/nominee_consent_request")
    consent_path = re.search(r"https?://[^/\s]+(/\S+/consent/\S+/)", request.body_text).group(1)

    # The moderator writes the spotlight from the nomination.
    admin.reload()
    _run_action(admin, "create_spotlight")
    expect(admin).to_have_url(re.compile(r"/admin/champions/spotlight/\d+/change/$"))
    admin.fill("#id_title_en", "Opening doors into nursing")
    admin.click("input[name=_continue]")
    expect(admin.locator(".messagelist")).to_contain_text("was changed successfully")
    spotlight = Spotlight.objects.get()

    # The nominee answers on their own page, about the feature as it would appear.
    nominee = open_page("phone")
    nominee.goto(live_site.url + consent_path)
    expect(nominee.locator(".consent-preview")).to_contain_text("Opening doors into nursing")
    expect(nominee.locator(".consent-preview__photo")).to_be_visible()
    assert_accessible(nominee)
    nominee.check("input[name=answer][value=approved]")
    nominee.check("input[name=name_display][value=full]")
    nominee.click("main button[type=submit]")
    expect(nominee.locator(".alert-success")).to_contain_text("we have your answer")
    assert_accessible(nominee)

    # The moderator previews and publishes it.
    admin.goto(live_site.url + reverse("admin:champions_spotlight_preview", args=[spotlight.pk]))
    expect(admin.locator(".preview-banner")).to_contain_text("draft")
    admin.goto(live_site.url + reverse("admin:champions_spotlight_change", args=[spotlight.pk]))
    _run_action(admin, "publish")
    admin.check("#id_notify_nominator")
    admin.click("input[type=submit].default")
    expect(admin.locator(".messagelist")).to_contain_text("1 spotlight published")
    spotlight.refresh_from_db()
    assert spotlight.status == Spotlight.Status.PUBLISHED

    # The public sees it everywhere, and axe finds no fault on those pages.
    visitor = open_page("desktop")
    for path in [
        reverse("champions:spotlight_list"),
        spotlight.get_absolute_url(),
        Pillar.objects.get(number=4).get_absolute_url(),
        "/",
    ]:
        visitor.goto(live_site.url + path)
        expect(visitor.get_by_text("Opening doors into nursing").first).to_be_visible()
        assert_accessible(visitor)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_every_champion_page_has_no_axe_violations_and_fits_the_screen(
    live_site, open_page, assert_accessible, viewport
):
    pillar = Pillar.objects.get(number=2)
    for number in range(13):
        SpotlightFactory(pillars=[pillar], title=f"Spotlight number {number}")
    with_photo = SpotlightFactory(
        title="A spotlight with a photo", credentials="RN, MPH", pillars=[pillar]
    )
    services.spotlight_photo_replace(
        spotlight=with_photo, image=image_decode(photo_upload()), photo_alt="Ada at work"
    )
    nomination = Nomination.objects.create(
        nominator_name="Nia",
        nominator_email="nia@example.org",
        nominee_name="Ada Champion",
        nominee_given_name="Ada",
        nominee_family_name="Champion",
        nominee_email="ada@example.org",
        relationship="Colleague",
        profession="nursing",
        institution="Community Health Center",
        location="Baltimore, MD",
        description="Runs a pathway programme.",
        links=["https://example.org/ada"],
        consent_wording="I agree.",
        language="en",
        nominee_consent=Nomination.Consent.ASKED,
    )
    nomination.pillars.set([pillar])
    token = nomination_consent_token(nomination_id=nomination.pk)

    page = open_page(viewport)
    for path in [
        reverse("champions:spotlight_list"),
        reverse("champions:spotlight_list") + "?page=2",
        reverse("champions:spotlight_list") + f"?pillar={pillar.slug}",
        with_photo.get_absolute_url(),
        reverse("champions:nominate"),
        reverse("champions:nomination_thanks"),
        reverse("champions:nominee_consent", args=[token]),
        pillar.get_absolute_url(),
        "/",
    ]:
        response = page.goto(live_site.url + path)
        assert response.status == 200, path
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path

    # The consent page with its errors showing.
    page.goto(live_site.url + reverse("champions:nominee_consent", args=[token]))
    page.check("input[name=answer][value=changes]")
    page.click("main button[type=submit]")
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_champion_pages_fit_a_320_pixel_screen(live_site, browser):
    SpotlightFactory(
        title="A title long enough to wrap on a small screen, and then some more words",
        pillars=[Pillar.objects.get(number=1)],
    )
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in [reverse("champions:spotlight_list"), reverse("champions:nominate"), "/"]:
        page.goto(live_site.url + path)
        assert page.evaluate("document.documentElement.scrollWidth <= 320"), path
    context.close()


def _photo_like_image():
    """Noise blurred a little: as hard to compress as a real portrait, or harder."""
    from PIL import Image, ImageFilter

    return Image.merge(
        "RGB",
        [
            Image.effect_noise((1600, 1200), 60).filter(ImageFilter.GaussianBlur(1))
            for _ in range(3)
        ],
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_home_page_with_three_photo_spotlights_stays_under_100_kb(live_site, open_page):
    for number in range(3):
        spotlight = SpotlightFactory(title=f"Spotlight with a photo {number}")
        services.spotlight_photo_replace(
            spotlight=spotlight, image=_photo_like_image(), photo_alt="A champion at work"
        )
    page = open_page("desktop")
    page.goto(live_site.url + "/")
    # Scroll to the spotlights so that their lazy photos load too.
    page.locator(".spotlight-cards").scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    loaded = page.evaluate(
        """() => {
          const entries = [
            ...performance.getEntriesByType("navigation"),
            ...performance.getEntriesByType("resource"),
          ];
          return {
            bytes: entries.reduce((sum, entry) => sum + entry.transferSize, 0),
            photos: entries.filter((entry) => entry.name.includes("/champions/photos/")).length,
            hosts: [...new Set(entries.map((entry) => new URL(entry.name).host))],
          };
        }"""
    )
    assert loaded["photos"] == 3
    assert loaded["hosts"] == [live_site.url.removeprefix("http://")]
    assert loaded["bytes"] < 100 * 1024, loaded
