"""The nominee's consent: a signed link, an answer, and publishing that waits for it."""

import importlib
import re
from io import BytesIO
from xml.etree import ElementTree

import pytest
import time_machine
from django.apps import apps as django_apps
from django.contrib.admin import helpers
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from champions import selectors, services, views
from champions.models import Nomination, Spotlight
from champions.tokens import nomination_consent_token
from forus.public_forms import RATE_LIMITED
from tests.champions.conftest import nomination_data, photo_upload
from tests.champions.factories import NominationFactory, SpotlightFactory
from tests.forus.public_form_data import started

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return User.objects.create_superuser("moderator", "moderator@example.org", "x")


def _approve(nomination: Nomination, moderator: User, capture) -> Nomination:
    with capture(execute=True):
        services.nomination_status_change(
            nomination=nomination, status=Nomination.Status.APPROVED, changed_by=moderator
        )
    nomination.refresh_from_db()
    return nomination


def _consent_path(message) -> str:
    return re.search(r"http://testserver(/\S*/consent/[^/\s]+/)", message.body).group(1)


def test_approving_asks_the_nominee_by_email_in_the_nominations_language(
    moderator, django_capture_on_commit_callbacks
):
    nomination = _approve(
        NominationFactory(language="es"), moderator, django_capture_on_commit_callbacks
    )
    assert nomination.nominee_consent == Nomination.Consent.ASKED
    assert nomination.nominee_asked_at is not None
    [request] = mail.outbox
    assert request.to == [nomination.nominee_email]
    assert _consent_path(request).startswith("/es/champions/consent/")
    # Nothing personal in the link.
    assert nomination.nominee_email not in _consent_path(request)
    assert "Ada" not in _consent_path(request)


@pytest.mark.parametrize(
    "factory_options",
    [
        pytest.param({"nominee_email": ""}, id="no nominee email"),
        pytest.param(
            {
                "is_self_nomination": True,
                "nominee_email": "",
                "relationship": "",
                "nominee_consent": Nomination.Consent.SELF,
            },
            id="self-nomination",
        ),
    ],
)
def test_nobody_is_emailed_for_consent_without_an_address_or_for_oneself(
    moderator, django_capture_on_commit_callbacks, factory_options
):
    nomination = _approve(
        NominationFactory(**factory_options), moderator, django_capture_on_commit_callbacks
    )
    assert mail.outbox == []
    assert nomination.nominee_consent in {Nomination.Consent.NOT_ASKED, Nomination.Consent.SELF}


def test_the_link_shows_the_nomination_and_a_get_changes_nothing(
    client, moderator, django_capture_on_commit_callbacks
):
    nomination = _approve(
        NominationFactory(description="Runs <b>clinics</b>"),
        moderator,
        django_capture_on_commit_callbacks,
    )
    path = _consent_path(mail.outbox[0])
    before = Nomination.objects.get(pk=nomination.pk).updated_at

    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert nomination.nominee_name in html
    assert "Runs &lt;b&gt;clinics&lt;/b&gt;" in html
    assert nomination.nominator_name not in html  # who nominated them is not disclosed
    assert '<meta name="robots" content="noindex">' in html
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert Nomination.objects.get(pk=nomination.pk).updated_at == before


def test_the_nominee_approves_with_first_name_only_and_staff_hear_of_it(
    client, settings, moderator, django_capture_on_commit_callbacks
):
    settings.STAFF_NOTIFY_EMAILS = ["staff@example.org"]
    nomination = _approve(NominationFactory(), moderator, django_capture_on_commit_callbacks)
    path = _consent_path(mail.outbox[0])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, {"answer": "approved", "name_display": "first"})

    assert response.status_code == 302
    assert response["Location"] == path
    nomination.refresh_from_db()
    assert nomination.nominee_consent == Nomination.Consent.APPROVED
    assert nomination.name_display == Nomination.NameDisplay.FIRST
    assert nomination.nominee_answered_at is not None
    [notice] = mail.outbox
    assert notice.to == ["staff@example.org"]
    assert "Approved by the nominee" in notice.body
    assert "First name only" in notice.body
    assert f"/admin/champions/nomination/{nomination.pk}/change/" in notice.body
    # The page now says what they answered, and lets them change it.
    html = client.get(path).content.decode()
    assert "Thank you: we have your answer." in html
    assert "Approved by the nominee" in html


def test_asking_for_changes_needs_a_message(client, moderator, django_capture_on_commit_callbacks):
    nomination = _approve(NominationFactory(), moderator, django_capture_on_commit_callbacks)
    path = _consent_path(mail.outbox[0])

    response = client.post(path, {"answer": "changes", "name_display": "full", "message": " "})
    assert response.status_code == 200
    assert "Tell us which changes you would like." in response.content.decode()

    hostile = "Please say <script>alert(1)</script> less"
    client.post(path, {"answer": "changes", "name_display": "full", "message": hostile})
    nomination.refresh_from_db()
    assert nomination.nominee_consent == Nomination.Consent.CHANGES
    assert nomination.nominee_message == hostile


@pytest.mark.parametrize(
    "data",
    [
        {"answer": "maybe", "name_display": "full"},
        {"answer": "approved", "name_display": "nickname"},
        {"name_display": "full"},
        {"answer": "changes", "name_display": "full", "message": "x" * 2001},
    ],
)
def test_a_wrong_answer_is_refused(client, moderator, django_capture_on_commit_callbacks, data):
    nomination = _approve(NominationFactory(), moderator, django_capture_on_commit_callbacks)
    response = client.post(_consent_path(mail.outbox[0]), data)
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.nominee_consent == Nomination.Consent.ASKED


def test_a_tampered_or_foreign_token_is_not_found(client):
    nomination = NominationFactory()
    token = nomination_consent_token(nomination_id=nomination.pk)
    for bad in [token[:-2] + "xx", "abc", token.replace(":", "", 1)]:
        assert client.get(reverse("champions:nominee_consent", args=[bad])).status_code == 404
    # A token signed for another purpose (the forms' start time) is refused too.
    assert client.get(reverse("champions:nominee_consent", args=[started(5)])).status_code == 404


def test_a_link_older_than_thirty_days_has_expired(client):
    nomination = NominationFactory(nominee_consent=Nomination.Consent.ASKED)
    with time_machine.travel(timezone.now() - timezone.timedelta(days=31)):
        token = nomination_consent_token(nomination_id=nomination.pk)
    path = reverse("champions:nominee_consent", args=[token])
    response = client.get(path)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    client.post(path, {"answer": "approved", "name_display": "full"})
    nomination.refresh_from_db()
    assert nomination.nominee_consent == Nomination.Consent.ASKED


def test_publishing_waits_for_the_nominees_approval(
    client, moderator, django_capture_on_commit_callbacks
):
    nomination = _approve(NominationFactory(), moderator, django_capture_on_commit_callbacks)
    spotlight = services.spotlight_create_from_nomination(nomination=nomination)

    with pytest.raises(services.SpotlightNotPublishableError) as refused:
        services.spotlight_publish(spotlight=spotlight, notify_nominator=False)
    assert "The nominee has not approved being featured" in refused.value.message
    assert Spotlight.objects.get().status == Spotlight.Status.DRAFT

    client.post(_consent_path(mail.outbox[0]), {"answer": "approved", "name_display": "full"})
    services.spotlight_publish(spotlight=spotlight, notify_nominator=False)
    assert Spotlight.objects.get().status == Spotlight.Status.PUBLISHED


def test_a_nominee_who_declines_takes_a_published_spotlight_down(
    client, moderator, django_capture_on_commit_callbacks
):
    nomination = _approve(NominationFactory(), moderator, django_capture_on_commit_callbacks)
    path = _consent_path(mail.outbox[0])
    client.post(path, {"answer": "approved", "name_display": "full"})
    spotlight = services.spotlight_create_from_nomination(nomination=nomination)
    services.spotlight_publish(spotlight=spotlight, notify_nominator=False)
    assert Client().get(spotlight.get_absolute_url()).status_code == 200

    client.post(path, {"answer": "declined", "name_display": "full"})

    assert Spotlight.objects.get().status == Spotlight.Status.DRAFT
    assert Client().get(spotlight.get_absolute_url()).status_code == 404


def test_first_name_only_is_kept_when_the_spotlight_is_written(
    client, moderator, django_capture_on_commit_callbacks
):
    nomination = _approve(
        NominationFactory(nominee_name="Ada Lovelace Byron"),
        moderator,
        django_capture_on_commit_callbacks,
    )
    client.post(_consent_path(mail.outbox[0]), {"answer": "approved", "name_display": "first"})
    nomination.refresh_from_db()

    spotlight = services.spotlight_create_from_nomination(nomination=nomination)
    assert spotlight.champion_name == "Ada"
    assert "Lovelace" not in spotlight.title
    assert spotlight.slug == "ada"

    # Staff may not put the family name back and publish.
    Spotlight.objects.filter(pk=spotlight.pk).update(champion_name="Ada Lovelace")
    with pytest.raises(services.SpotlightNotPublishableError) as refused:
        services.spotlight_publish(spotlight=spotlight, notify_nominator=False)
    assert "first name only" in refused.value.message


def test_without_a_nominee_email_staff_record_the_consent_before_publishing(moderator):
    nomination = NominationFactory(nominee_email="", status=Nomination.Status.APPROVED)
    spotlight = services.spotlight_create_from_nomination(nomination=nomination)
    with pytest.raises(services.SpotlightNotPublishableError) as refused:
        services.spotlight_publish(spotlight=spotlight, notify_nominator=False)
    assert "Nobody has recorded the nominee’s agreement" in refused.value.message

    services.nominee_consent_confirm(nomination=nomination, confirmed_by=moderator)
    services.spotlight_publish(spotlight=spotlight, notify_nominator=False)
    nomination.refresh_from_db()
    assert nomination.nominee_consent == Nomination.Consent.STAFF_CONFIRMED
    assert nomination.consent_confirmed_by == moderator


def test_staff_cannot_stand_in_for_a_nominee_who_can_answer(moderator):
    nomination = NominationFactory(nominee_consent=Nomination.Consent.DECLINED)
    with pytest.raises(services.ChampionsError):
        services.nominee_consent_confirm(nomination=nomination, confirmed_by=moderator)
    nomination.refresh_from_db()
    assert nomination.nominee_consent == Nomination.Consent.DECLINED


def test_a_self_nomination_carries_its_consent_and_publishes(moderator):
    nomination = NominationFactory(
        is_self_nomination=True,
        nominee_email="",
        relationship="",
        nominee_consent=Nomination.Consent.SELF,
        status=Nomination.Status.APPROVED,
    )
    spotlight = services.spotlight_create_from_nomination(nomination=nomination)
    services.spotlight_publish(spotlight=spotlight, notify_nominator=False)
    assert Spotlight.objects.get().status == Spotlight.Status.PUBLISHED


def test_a_self_nomination_has_no_consent_page(client):
    nomination = NominationFactory(
        is_self_nomination=True,
        nominee_email="",
        relationship="",
        nominee_consent=Nomination.Consent.SELF,
    )
    token = nomination_consent_token(nomination_id=nomination.pk)
    assert client.get(reverse("champions:nominee_consent", args=[token])).status_code == 404


def test_asking_again_resets_the_answer_and_sends_a_new_link(
    client, moderator, django_capture_on_commit_callbacks
):
    nomination = _approve(NominationFactory(), moderator, django_capture_on_commit_callbacks)
    client.post(
        _consent_path(mail.outbox[0]),
        {"answer": "changes", "message": "Fix my title", "name_display": "full"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.nominee_consent_request(nomination=nomination)
    nomination.refresh_from_db()
    assert nomination.nominee_consent == Nomination.Consent.ASKED
    assert len(mail.outbox) == 2


def test_nobody_is_asked_about_a_nomination_staff_have_not_approved(
    django_capture_on_commit_callbacks,
):
    nomination = NominationFactory()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.ChampionsError):
        services.nominee_consent_request(nomination=nomination)
    assert mail.outbox == []


def test_staff_hear_only_of_a_changed_answer(
    client, settings, moderator, django_capture_on_commit_callbacks
):
    settings.STAFF_NOTIFY_EMAILS = ["staff@example.org", "editor@example.org"]
    nomination = _approve(NominationFactory(), moderator, django_capture_on_commit_callbacks)
    path = _consent_path(mail.outbox[0])
    mail.outbox.clear()

    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(path, {"answer": "approved", "name_display": "full"})
        assert response.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == [
        "editor@example.org",
        "staff@example.org",
    ]
    answered_at = Nomination.objects.get(pk=nomination.pk).nominee_answered_at

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path, {"answer": "approved", "name_display": "first"})
    assert len(mail.outbox) == 2
    assert all("First name only" in message.body for message in mail.outbox)
    assert Nomination.objects.get(pk=nomination.pk).nominee_answered_at > answered_at


def test_the_consent_page_is_rate_limited_per_client(
    moderator, django_capture_on_commit_callbacks
):
    _approve(NominationFactory(), moderator, django_capture_on_commit_callbacks)
    path = _consent_path(mail.outbox[0])
    client = Client(REMOTE_ADDR="203.0.113.9")
    answers = ["approved", "declined"]
    for number in range(views.CONSENT_SENDS_PER_HOUR):
        data = {"answer": answers[number % 2], "name_display": "full"}
        assert client.post(path, data).status_code == 302

    response = client.post(path, {"answer": "changes", "name_display": "full", "message": "Hi"})

    assert response.status_code == 429
    assert str(RATE_LIMITED).split(":")[0] in response.content.decode()
    assert Nomination.objects.get().nominee_consent != Nomination.Consent.CHANGES
    # Reading the page is not limited, and another client is not held back.
    assert client.get(path).status_code == 200
    other = Client(REMOTE_ADDR="203.0.113.10")
    assert other.post(path, {"answer": "approved", "name_display": "full"}).status_code == 302


# --- "First name only" on every public surface, and consent to what is shown ---

MARISOL = {
    "nominee_given_name": "Marisol",
    "nominee_family_name": "Ortega",
    "nominee_email": "marisol@example.org",
    "description": "Marisol runs a free clinic on Saturdays.",
}


def _staff(user: User) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def _act(browser: Client, model: str, action: str, objects: list, **extra: object):
    return browser.post(
        reverse(f"admin:champions_{model}_changelist"),
        {
            "action": action,
            helpers.ACTION_CHECKBOX_NAME: [str(each.pk) for each in objects],
            **extra,
        },
        follow=True,
    )


def _answer(nominee: Client, path: str, **data: str):
    """Send the consent form as the nominee's browser does, with what the page showed."""
    page = nominee.get(path).content.decode()
    shown = re.search(r'name="shown" value="([0-9a-f]{64})"', page).group(1)
    return nominee.post(path, {"shown": shown, **data})


def _nominated_and_asked(client, staff: Client, capture) -> tuple[Nomination, str]:
    with capture(execute=True):
        response = client.post(
            reverse("champions:nominate"), nomination_data(**MARISOL, photo=photo_upload())
        )
        assert response.status_code == 302
        nomination = Nomination.objects.get()
        _act(staff, "nomination", "approve", [nomination])
    [request] = [message for message in mail.outbox if message.to == ["marisol@example.org"]]
    mail.outbox.clear()
    nomination.refresh_from_db()
    return nomination, _consent_path(request)


def _public_surfaces(spotlight: Spotlight) -> dict[str, str]:
    """What a reader, a feed reader and a crawler get of the published spotlight."""
    reader = Client()
    with translation.override("es"):
        spanish_url = spotlight.get_absolute_url()
    pages = {
        "home": reader.get("/"),
        "index": reader.get(reverse("champions:spotlight_list")),
        "page": reader.get(spotlight.get_absolute_url()),
        "Spanish page": reader.get(spanish_url),
    }
    surfaces = {}
    for name, response in pages.items():
        assert response.status_code == 200, name
        surfaces[name] = response.content.decode()
    feed = reader.get(reverse("champions:feed")).content
    channel = ElementTree.fromstring(feed)[0]  # noqa: S314 - our own feed
    [item] = channel.findall("item")
    surfaces["feed"] = " ".join(
        item.findtext(part) for part in ("title", "description", "link", "guid")
    )
    sitemap = ElementTree.fromstring(reader.get("/sitemap.xml").content)  # noqa: S314
    surfaces["sitemap"] = " ".join(
        loc.text
        for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
        if "/champions/" in loc.text
    )
    return surfaces


def test_first_name_only_is_all_that_any_public_surface_shows(
    client, moderator, django_capture_on_commit_callbacks
):
    staff = _staff(moderator)
    nomination, path = _nominated_and_asked(client, staff, django_capture_on_commit_callbacks)
    assert (nomination.nominee_given_name, nomination.nominee_family_name) == ("Marisol", "Ortega")

    # The nominee sees what would be published: each name, the title, the text, the photo.
    nominee = Client()
    page = nominee.get(path).content.decode()
    assert "Your name appears as “Marisol Ortega”" in page
    assert (
        "Your name appears as “Marisol”; the title reads “Social Mission Champion: Marisol”"
        in (page)
    )
    assert "Marisol runs a free clinic on Saturdays." in page
    photo_url = re.search(r'<img class="consent-preview__photo" src="([^"]+)"', page).group(1)
    photo = nominee.get(photo_url)
    assert photo.status_code == 200
    assert Image.open(BytesIO(b"".join(photo.streaming_content))).size[0] > 0
    assert Client().get(photo_url.replace("/photo/", "x/photo/")).status_code == 404

    assert _answer(nominee, path, answer="approved", name_display="first").status_code == 302
    _act(staff, "nomination", "create_spotlight", [nomination])
    spotlight = Spotlight.objects.get()
    assert spotlight.slug == "marisol"
    response = _act(staff, "spotlight", "publish", [spotlight], apply="yes")
    assert "1 spotlight published." in response.content.decode()
    spotlight.refresh_from_db()

    surfaces = _public_surfaces(spotlight)
    assert list(surfaces) == ["home", "index", "page", "Spanish page", "feed", "sitemap"]
    for name, text in surfaces.items():
        assert "marisol" in text.casefold(), name
        assert "ortega" not in text.casefold(), name
    assert (
        '<meta property="og:title" content="Social Mission Champion: Marisol">'
        in (surfaces["page"])
    )
    assert 'alt="Photo of Marisol"' in surfaces["page"]
    assert 'alt="Foto de Marisol"' in surfaces["Spanish page"]


def test_a_draft_written_before_the_answer_is_held_until_it_shows_only_the_first_name(
    client, moderator, django_capture_on_commit_callbacks
):
    staff = _staff(moderator)
    nomination, path = _nominated_and_asked(client, staff, django_capture_on_commit_callbacks)
    _act(staff, "nomination", "create_spotlight", [nomination])
    spotlight = Spotlight.objects.get()
    assert spotlight.slug == "marisol-ortega"

    # She approves the draft she is shown, by first name only.
    page = Client().get(path).content.decode()
    assert "Social Mission Champion: Marisol Ortega" in page
    _answer(Client(), path, answer="approved", name_display="first")

    response = _act(staff, "spotlight", "publish", [spotlight], apply="yes")
    refusal = response.content.decode()
    assert "asked to appear by first name only" in refusal
    for field in ["title", "web address", "champion’s name", "photo description (alt text)"]:
        assert field in refusal
    assert Spotlight.objects.get().status == Spotlight.Status.DRAFT
    assert Client().get(spotlight.get_absolute_url()).status_code == 404


def _editor_form(spotlight: Spotlight, **changes: str) -> dict[str, str]:
    return {
        "title_en": spotlight.title_en,
        "title_es": spotlight.title_es or "",
        "slug": spotlight.slug,
        "champion_name": spotlight.champion_name,
        "credentials": spotlight.credentials,
        "affiliation": spotlight.affiliation,
        "summary_en": spotlight.summary_en,
        "body_en": spotlight.body_en,
        "photo_alt": spotlight.photo_alt,
        "photo_alt_es": spotlight.photo_alt_es,
        "published_at_0": spotlight.published_at.date().isoformat()
        if spotlight.published_at
        else "",
        "published_at_1": spotlight.published_at.time().isoformat(timespec="seconds")
        if spotlight.published_at
        else "",
        "_save": "1",
        **changes,
    }


def test_an_edit_after_consent_needs_the_nominees_consent_again(
    client, moderator, django_capture_on_commit_callbacks
):
    staff = _staff(moderator)
    nomination, path = _nominated_and_asked(client, staff, django_capture_on_commit_callbacks)
    nominee = Client()
    _answer(nominee, path, answer="approved", name_display="first")
    _act(staff, "nomination", "create_spotlight", [nomination])
    spotlight = Spotlight.objects.get()
    _act(staff, "spotlight", "publish", [spotlight], apply="yes")
    spotlight.refresh_from_db()
    assert spotlight.is_published
    editor = reverse("admin:champions_spotlight_change", args=[spotlight.pk])

    # Live edits that show more than she agreed to are refused.
    for changes in [
        {"body_en": "Marisol Ortega runs a free clinic."},
        {"summary_en": "Marisol runs two clinics now."},
    ]:
        response = staff.post(editor, _editor_form(spotlight, **changes))
        assert response.status_code == 200
        assert "This spotlight is published, and the change cannot go live" in (
            response.content.decode()
        )
    live = Client().get(spotlight.get_absolute_url())
    assert live.status_code == 200
    assert "marisol" in live.content.decode().casefold()
    assert "ortega" not in live.content.decode().casefold()

    # As a draft it can change, but it is published only once she approves the new text.
    _act(staff, "spotlight", "unpublish", [spotlight])
    spotlight.refresh_from_db()
    new_body = "Marisol runs two free clinics on Saturdays."
    assert staff.post(editor, _editor_form(spotlight, body_en=new_body)).status_code == 302
    refusal = _act(staff, "spotlight", "publish", [spotlight], apply="yes").content.decode()
    assert "ask the nominee again" in refusal
    assert not Spotlight.objects.get().is_published

    with django_capture_on_commit_callbacks(execute=True):
        _act(staff, "nomination", "ask_nominee_again", [nomination])
    [request] = mail.outbox
    path = _consent_path(request)
    assert new_body in nominee.get(path).content.decode()
    _answer(nominee, path, answer="approved", name_display="first")
    published = _act(staff, "spotlight", "publish", [spotlight], apply="yes")
    assert "1 spotlight published." in published.content.decode()
    assert new_body in Client().get(spotlight.get_absolute_url()).content.decode()


def test_an_answer_to_a_page_that_changed_meanwhile_is_not_recorded(
    client, moderator, django_capture_on_commit_callbacks
):
    staff = _staff(moderator)
    nomination, path = _nominated_and_asked(client, staff, django_capture_on_commit_callbacks)
    nominee = Client()
    shown = re.search(
        r'name="shown" value="([0-9a-f]{64})"', nominee.get(path).content.decode()
    ).group(1)
    _act(staff, "nomination", "create_spotlight", [nomination])
    Spotlight.objects.update(body_en="Other words.")

    response = nominee.post(path, {"shown": shown, "answer": "approved", "name_display": "full"})

    assert response.status_code == 200
    assert "The feature changed while this page was open" in response.content.decode()
    assert "Other words." in response.content.decode()
    assert Nomination.objects.get().nominee_consent == Nomination.Consent.ASKED


def test_existing_names_are_split_for_staff_to_check(moderator):
    nomination = NominationFactory(
        nominee_name="Dr. Marisol Ortega, MD",
        nominee_given_name="",
        nominee_family_name="",
        status=Nomination.Status.APPROVED,
        nominee_consent=Nomination.Consent.ASKED,
    )
    migration = importlib.import_module("champions.migrations.0006_nominee_given_and_family_names")
    migration.split_existing_names(django_apps, None)
    nomination.refresh_from_db()
    assert (nomination.nominee_given_name, nomination.nominee_family_name) == ("Marisol", "Ortega")
    assert nomination.name_split_guessed
    assert nomination.nominee_name == "Dr. Marisol Ortega, MD"

    services.nominee_consent_record(
        nomination=nomination, answer="approved", name_display="first", message=""
    )
    nomination.refresh_from_db()
    spotlight = services.spotlight_create_from_nomination(nomination=nomination)
    assert spotlight.champion_name == "Marisol"
    with pytest.raises(services.SpotlightNotPublishableError) as refused:
        services.spotlight_publish(spotlight=spotlight, notify_nominator=False)
    assert "guessed from their full name" in refused.value.message
    Nomination.objects.filter(pk=nomination.pk).update(name_split_guessed=False)
    services.spotlight_publish(spotlight=spotlight, notify_nominator=False)


def test_a_spotlight_published_before_this_record_keeps_its_approval(moderator):
    nomination = NominationFactory(
        status=Nomination.Status.APPROVED, nominee_consent=Nomination.Consent.APPROVED
    )
    published = SpotlightFactory(nomination=nomination, body="Line one.\r\nLine two.")
    draft_nomination = NominationFactory(
        status=Nomination.Status.APPROVED, nominee_consent=Nomination.Consent.APPROVED
    )
    draft = SpotlightFactory(
        nomination=draft_nomination, status=Spotlight.Status.DRAFT, published_at=None
    )
    migration = importlib.import_module("champions.migrations.0006_nominee_given_and_family_names")
    migration.keep_published_approvals(django_apps, None)

    published.refresh_from_db()
    assert selectors.spotlight_publish_problems(spotlight=published) == []
    draft.refresh_from_db()
    [problem] = selectors.spotlight_publish_problems(spotlight=draft)
    assert "ask the nominee again" in problem
