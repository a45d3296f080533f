"""Moderation in admin: permissions, actions with history, escaping, photos, publishing."""

import pytest
from django.contrib.admin import helpers
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaign.models import Pillar
from campaign.staff import EDITORS
from champions import services
from champions.models import Nomination, NominationStatusChange, Spotlight
from champions.staff import MODERATORS
from tests.champions.conftest import nomination_data, photo_upload
from tests.champions.factories import NominationFactory, SpotlightFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
NOMINATIONS = reverse("admin:champions_nomination_changelist")
SPOTLIGHTS = reverse("admin:champions_spotlight_changelist")
FORM_ACTION = "CHANGE_FORM-action"
# The status and consent history inlines' (empty) management forms, which every save sends.
HISTORY_FORMS = {
    f"{history}-{count}": value
    for history in ("status_changes", "consent_events")
    for count, value in [
        ("TOTAL_FORMS", "0"),
        ("INITIAL_FORMS", "0"),
        ("MIN_NUM_FORMS", "0"),
        ("MAX_NUM_FORMS", "1000"),
    ]
}


@pytest.fixture
def moderator() -> User:
    user = User.objects.create_user("moderator", "moderator@example.org", "x", is_staff=True)
    user.groups.add(Group.objects.get(name=MODERATORS))
    return user


@pytest.fixture
def moderator_client(moderator) -> Client:
    browser = Client()
    browser.force_login(moderator)
    return browser


def _act(browser: Client, action: str, nominations: list, **extra: object):
    return browser.post(
        NOMINATIONS,
        {
            "action": action,
            helpers.ACTION_CHECKBOX_NAME: [str(nomination.pk) for nomination in nominations],
            **extra,
        },
    )


def test_moderators_moderate_but_never_edit_campaign_content(moderator):
    assert moderator.has_perm("champions.view_nomination")
    assert moderator.has_perm("champions.change_nomination")
    assert moderator.has_perm("champions.view_spotlight")
    assert moderator.has_perm("champions.add_spotlight")
    assert moderator.has_perm("champions.change_spotlight")
    assert not moderator.has_perm("champions.delete_nomination")
    assert not moderator.has_perm("champions.add_nomination")
    assert not any(
        moderator.has_perm(f"campaign.{action}_{model}")
        for action in ("view", "add", "change", "delete")
        for model in ("pillar", "page")
    )
    editor = User.objects.create_user("editor", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    assert not editor.has_perm("champions.view_nomination")


def test_an_editor_cannot_open_the_nominations(client):
    editor = User.objects.create_user("editor", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    assert client.get(NOMINATIONS).status_code == 403


def test_the_list_filters_and_search_work(moderator_client):
    NominationFactory(nominee_name="Findable Person", pillars=[Pillar.objects.get(number=2)])
    for query in [
        {"status__exact": "submitted"},
        {"pillars__id__exact": Pillar.objects.get(number=2).pk},
        {"created_at__year": str(timezone.now().year)},
        {"q": "Findable"},
    ]:
        response = moderator_client.get(NOMINATIONS, query)
        assert response.status_code == 200, query
        assert "Findable Person" in response.content.decode(), query


def test_moving_statuses_records_who_and_when(moderator_client, moderator):
    first, second = NominationFactory(), NominationFactory()
    assert _act(moderator_client, "mark_in_review", [first, second]).status_code == 302

    first.refresh_from_db()
    assert first.status == Nomination.Status.IN_REVIEW
    change = NominationStatusChange.objects.get(nomination=first)
    assert (change.from_status, change.to_status) == ("submitted", "in_review")
    assert change.changed_by == moderator
    assert change.changed_at is not None

    # Moving to where it already is records nothing more.
    _act(moderator_client, "mark_in_review", [first])
    assert NominationStatusChange.objects.filter(nomination=first).count() == 1

    html = moderator_client.get(
        reverse("admin:champions_nomination_change", args=[first.pk])
    ).content.decode()
    assert "status history" in html.lower()
    assert "moderator" in html


def test_an_action_on_a_nominations_own_page(moderator_client, moderator):
    nomination = NominationFactory()
    url = reverse("admin:champions_nomination_change", args=[nomination.pk])
    response = moderator_client.post(
        url,
        {FORM_ACTION: "approve", helpers.ACTION_CHECKBOX_NAME: str(nomination.pk)},
    )
    assert response.status_code == 302
    assert response["Location"] == url
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.APPROVED
    assert NominationStatusChange.objects.get().changed_by == moderator


def test_staff_notes_are_saved_from_the_change_page(moderator_client):
    nomination = NominationFactory()
    url = reverse("admin:champions_nomination_change", args=[nomination.pk])
    response = moderator_client.post(
        url, {"staff_notes": "Call her on Monday.", "_save": "1", **HISTORY_FORMS}
    )
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.staff_notes == "Call her on Monday."
    assert nomination.status == Nomination.Status.SUBMITTED


def test_what_the_public_typed_cannot_be_changed_in_admin(moderator_client):
    nomination = NominationFactory(nominee_name="Original Name")
    url = reverse("admin:champions_nomination_change", args=[nomination.pk])
    response = moderator_client.post(
        url,
        {
            "nominee_name": "Changed",
            "nominee_given_name": "Ada",
            "nominee_family_name": "Champion",
            "status": "approved",
            "staff_notes": "Seen",
            "_save": "1",
            **HISTORY_FORMS,
        },
    )
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.nominee_name == "Original Name"
    assert nomination.status == Nomination.Status.SUBMITTED
    assert nomination.staff_notes == "Seen"


def test_declining_asks_first_and_sends_the_edited_kind_message(
    moderator_client, django_capture_on_commit_callbacks
):
    nomination = NominationFactory(language="es")
    confirmation = _act(moderator_client, "decline", [nomination])
    html = confirmation.content.decode()
    assert confirmation.status_code == 200
    assert "Thank you for your nomination for a Social Mission Champion feature" in html
    assert Nomination.objects.get().status == Nomination.Status.SUBMITTED

    with django_capture_on_commit_callbacks(execute=True):
        response = _act(
            moderator_client,
            "decline",
            [nomination],
            apply="yes",
            send_message="on",
            message="Thank you, truly. <b>We cannot</b> feature it now.",
        )
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.DECLINED
    [message] = mail.outbox
    assert message.to == [nomination.nominator_email]
    assert "Thank you, truly." in message.body
    assert "&lt;b&gt;We cannot&lt;/b&gt;" in message.alternatives[0].content


def test_declining_without_ticking_the_box_sends_nothing(
    moderator_client, django_capture_on_commit_callbacks
):
    nomination = NominationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        _act(moderator_client, "decline", [nomination], apply="yes", message="Not sent")
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.DECLINED
    assert mail.outbox == []


def test_declining_from_the_nominations_own_page_comes_back_to_it(moderator_client):
    nomination = NominationFactory()
    url = reverse("admin:champions_nomination_change", args=[nomination.pk])
    data = {FORM_ACTION: "decline", helpers.ACTION_CHECKBOX_NAME: str(nomination.pk)}
    html = moderator_client.post(url, data).content.decode()
    assert f'name="{FORM_ACTION}" value="decline"' in html
    response = moderator_client.post(url, {**data, "apply": "yes"})
    assert response["Location"] == url
    assert Nomination.objects.get().status == Nomination.Status.DECLINED


def test_approving_in_bulk_asks_each_nominee_with_an_email(
    moderator_client, django_capture_on_commit_callbacks
):
    with_email = NominationFactory()
    without_email = NominationFactory(nominee_email="")
    with django_capture_on_commit_callbacks(execute=True):
        _act(moderator_client, "approve", [with_email, without_email])
    assert [message.to for message in mail.outbox] == [[with_email.nominee_email]]


def test_create_and_publish_a_spotlight_from_an_approved_nomination(
    moderator_client, client, django_capture_on_commit_callbacks
):
    pillars = [Pillar.objects.get(number=2), Pillar.objects.get(number=5)]
    client.post(
        reverse("champions:nominate"),
        nomination_data(
            nominating="myself",
            photo=photo_upload(),
            pillars=[str(pillar.pk) for pillar in pillars],
        ),
    )
    nomination = Nomination.objects.get()
    _act(moderator_client, "approve", [nomination])

    response = _act(moderator_client, "create_spotlight", [nomination])
    spotlight = Spotlight.objects.get()
    assert response["Location"] == reverse("admin:champions_spotlight_change", args=[spotlight.pk])
    assert spotlight.status == Spotlight.Status.DRAFT
    assert spotlight.nomination == nomination
    assert spotlight.champion_name == "Nia Nominator"
    assert spotlight.affiliation == "Community Health Center"
    assert "pathway programme" in spotlight.body
    assert "<https://example.org/ada>" in spotlight.body
    assert set(spotlight.pillars.all()) == set(pillars)
    # The public copy is a separate file under the public prefix.
    assert spotlight.photo.name.startswith("spotlights/")
    assert spotlight.photo_card.name.startswith("spotlights/")
    assert spotlight.photo.name != nomination.photo.name
    assert default_storage.exists(nomination.photo.name)
    assert spotlight.photo_alt == "Photo of Nia Nominator"
    assert spotlight.photo_alt_es == "Foto de Nia Nominator"

    # A second spotlight from the same nomination is refused.
    _act(moderator_client, "create_spotlight", [nomination])
    assert Spotlight.objects.count() == 1

    # The draft can be previewed by staff, not seen by the public.
    preview = moderator_client.get(
        reverse("admin:champions_spotlight_preview", args=[spotlight.pk])
    )
    assert preview.status_code == 200
    assert "This spotlight is a draft" in preview.content.decode()
    assert spotlight.title in preview.content.decode()
    assert Client().get(spotlight.get_absolute_url()).status_code == 404

    # Publish, emailing the nominator.
    confirm = moderator_client.post(
        SPOTLIGHTS, {"action": "publish", helpers.ACTION_CHECKBOX_NAME: [str(spotlight.pk)]}
    )
    assert "Email the nominator" in confirm.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            SPOTLIGHTS,
            {
                "action": "publish",
                helpers.ACTION_CHECKBOX_NAME: [str(spotlight.pk)],
                "apply": "yes",
                "notify_nominator": "on",
            },
        )
    spotlight.refresh_from_db()
    assert spotlight.status == Spotlight.Status.PUBLISHED
    assert spotlight.published_at is not None
    [message] = mail.outbox
    assert message.to == ["nia@example.org"]
    assert f"http://testserver{spotlight.get_absolute_url()}" in message.body
    assert Client().get(spotlight.get_absolute_url()).status_code == 200


def test_publishing_without_the_email_sends_none(
    moderator_client, django_capture_on_commit_callbacks
):
    spotlight = SpotlightFactory(status=Spotlight.Status.DRAFT, published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            SPOTLIGHTS,
            {"action": "publish", helpers.ACTION_CHECKBOX_NAME: [str(spotlight.pk)], "apply": "1"},
        )
    assert Spotlight.objects.get().status == Spotlight.Status.PUBLISHED
    assert mail.outbox == []


def test_a_refused_publication_says_why(moderator_client):
    nomination = NominationFactory(status=Nomination.Status.APPROVED)
    spotlight = services.spotlight_create_from_nomination(nomination=nomination)
    confirm = moderator_client.post(
        SPOTLIGHTS, {"action": "publish", helpers.ACTION_CHECKBOX_NAME: [str(spotlight.pk)]}
    ).content.decode()
    assert "Not yet:" in confirm
    response = moderator_client.post(
        SPOTLIGHTS,
        {"action": "publish", helpers.ACTION_CHECKBOX_NAME: [str(spotlight.pk)], "apply": "1"},
        follow=True,
    )
    assert "has not approved being featured" in response.content.decode()
    assert Spotlight.objects.get().status == Spotlight.Status.DRAFT


def test_return_to_draft(moderator_client):
    spotlight = SpotlightFactory()
    moderator_client.post(
        SPOTLIGHTS, {"action": "unpublish", helpers.ACTION_CHECKBOX_NAME: [str(spotlight.pk)]}
    )
    assert Spotlight.objects.get().status == Spotlight.Status.DRAFT


def test_everything_the_public_typed_is_escaped_on_the_list_and_change_pages(
    moderator_client, client
):
    text_fields = {
        "nominator_name": HOSTILE,
        "nominee_family_name": HOSTILE,
        "relationship": HOSTILE,
        "institution": HOSTILE,
        "location": HOSTILE,
        "description": HOSTILE,
    }
    # The form refuses markup in names now; rows saved before it may hold some.
    names = ("nominator_name", "nominee_family_name")
    public = {key: value for key, value in text_fields.items() if key not in names}
    response = client.post(reverse("champions:nominate"), nomination_data(**public))
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    Nomination.objects.filter(pk=nomination.pk).update(
        **{name: text_fields[name] for name in names},
        links=['https://example.org/"><script>alert(1)</script>'],
        nominee_message=HOSTILE,
        staff_notes=HOSTILE,
    )

    pages = [
        moderator_client.get(NOMINATIONS).content.decode(),
        moderator_client.get(NOMINATIONS, {"q": "Ada"}).content.decode(),
        moderator_client.get(
            reverse("admin:champions_nomination_change", args=[nomination.pk])
        ).content.decode(),
    ]
    for html in pages:
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;" in html
    change_page = pages[2]
    for value in text_fields.values():
        assert value not in change_page
    assert change_page.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") >= 7


def test_a_spotlight_pre_filled_from_hostile_text_is_escaped_in_its_editor(moderator_client):
    nomination = NominationFactory(
        nominee_name=f"Ada {HOSTILE}", institution=HOSTILE, status=Nomination.Status.APPROVED
    )
    spotlight = services.spotlight_create_from_nomination(nomination=nomination)
    html = moderator_client.get(
        reverse("admin:champions_spotlight_change", args=[spotlight.pk])
    ).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    response = moderator_client.get(
        reverse("admin:champions_spotlight_preview", args=[spotlight.pk])
    )
    assert response.status_code == 200
    preview = response.content.decode()
    assert "<script>alert" not in preview
    assert "<img src=x" not in preview
    # The hostile text is there, shown as text: in the title, the name and the affiliation.
    assert preview.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") >= 3
    assert "This spotlight is a draft" in preview


def test_the_private_photo_is_for_staff_only(moderator_client, client):
    client.post(reverse("champions:nominate"), nomination_data(photo=photo_upload()))
    nomination = Nomination.objects.get()
    url = reverse("admin:champions_nomination_photo", args=[nomination.pk])

    change_page = moderator_client.get(
        reverse("admin:champions_nomination_change", args=[nomination.pk])
    ).content.decode()
    assert f'src="{url}"' in change_page
    assert nomination.photo.name not in change_page  # its storage name never shows

    response = moderator_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]

    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert "/admin/login/" in anonymous["Location"]
    editor = User.objects.create_user("editor", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    outsider = Client()
    outsider.force_login(editor)
    assert outsider.get(url).status_code == 404


def test_a_new_spotlight_photo_in_admin_is_decoded_and_re_encoded(
    moderator_client, django_capture_on_commit_callbacks
):
    spotlight = SpotlightFactory(status=Spotlight.Status.DRAFT, published_at=None)
    url = reverse("admin:champions_spotlight_change", args=[spotlight.pk])
    form = {
        "title_en": spotlight.title,
        "slug": spotlight.slug,
        "champion_name": spotlight.champion_name,
        "credentials": "",
        "affiliation": "",
        "summary_en": spotlight.summary,
        "body_en": spotlight.body,
        "photo_alt": "",
        "published_at_0": "",
        "published_at_1": "",
        "_save": "1",
    }
    fake = SimpleUploadedFile("photo.jpg", b"not an image at all" * 10)
    html = moderator_client.post(url, {**form, "new_photo": fake}).content.decode()
    assert "This file is not a photo we can read" in html

    no_alt = moderator_client.post(url, {**form, "new_photo": photo_upload()}).content.decode()
    assert "Describe the photo for people who cannot see it." in no_alt

    response = moderator_client.post(
        url, {**form, "new_photo": photo_upload(), "photo_alt": "Ada at the clinic"}
    )
    assert response.status_code == 302
    spotlight.refresh_from_db()
    first_photo = spotlight.photo.name
    assert first_photo.startswith("spotlights/")
    assert spotlight.photo_alt == "Ada at the clinic"

    # Replacing it removes the old files once saved.
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            url, {**form, "new_photo": photo_upload(), "photo_alt": "Ada at the clinic"}
        )
    spotlight.refresh_from_db()
    assert spotlight.photo.name != first_photo
    assert not default_storage.exists(first_photo)

    second_photo = spotlight.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(url, {**form, "remove_photo": "on", "photo_alt": ""})
    spotlight.refresh_from_db()
    assert not spotlight.photo
    assert spotlight.photo_card == ""
    assert not default_storage.exists(second_photo)


def test_a_reserved_slug_is_refused(moderator_client):
    response = moderator_client.post(
        reverse("admin:champions_spotlight_add"),
        {
            "title_en": "Nominate",
            "slug": "nominate",
            "champion_name": "X",
            "summary_en": "s",
            "body_en": "b",
            "published_at_0": "",
            "published_at_1": "",
        },
    )
    assert "is the address of another page" in response.content.decode()
    assert not Spotlight.objects.exists()


def test_deleting_a_nomination_deletes_its_photo(client, django_capture_on_commit_callbacks):
    client.post(reverse("champions:nominate"), nomination_data(photo=photo_upload()))
    nomination = Nomination.objects.get()
    admin_user = Client()
    admin_user.force_login(User.objects.create_superuser("admin", "a@example.org", "x"))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_user.post(
            reverse("admin:champions_nomination_delete", args=[nomination.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not Nomination.objects.exists()
    assert not default_storage.exists(nomination.photo.name)


def test_bulk_approve_approves_each_nomination_it_can_and_reports_a_refused_address(
    moderator_client, django_capture_on_commit_callbacks
):
    # Saved before the form checked addresses as the outbox does.
    refused = NominationFactory(
        nominee_name="Bea Refused", nominee_email='"a,b"@victim.example.org'
    )
    first, last = NominationFactory(), NominationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = _act(moderator_client, "approve", [first, refused, last])
    assert response.status_code == 302
    page = moderator_client.get(response["Location"]).content.decode()

    statuses = dict(Nomination.objects.values_list("pk", "status"))
    assert statuses == {
        first.pk: Nomination.Status.APPROVED,
        refused.pk: Nomination.Status.SUBMITTED,
        last.pk: Nomination.Status.APPROVED,
    }
    assert len(mail.outbox) == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [first.nominee_email, last.nominee_email]
    )
    refused.refresh_from_db()
    assert refused.nominee_consent == Nomination.Consent.NOT_ASKED
    assert not NominationStatusChange.objects.filter(nomination=refused).exists()
    assert "2 nominations moved to “Approved”." in page
    assert (
        "Nomination of Bea Refused: The nominee’s email address cannot receive email, "
        "so nothing was changed."
    ) in page


def test_a_refused_nominee_address_corrected_in_admin_lets_the_nomination_be_approved(
    moderator_client, django_capture_on_commit_callbacks
):
    refused = NominationFactory(nominee_email='"a,b"@victim.example.org')
    url = reverse("admin:champions_nomination_change", args=[refused.pk])
    form = {
        "staff_notes": "",
        "nominee_given_name": refused.nominee_given_name,
        "nominee_family_name": refused.nominee_family_name,
        **HISTORY_FORMS,
    }
    # The same check as the public form's: a bad correction is refused.
    again = moderator_client.post(url, {**form, "nominee_email": '"c,d"@victim.example.org'})
    assert again.status_code == 200
    refused.refresh_from_db()
    assert refused.nominee_email == '"a,b"@victim.example.org'

    saved = moderator_client.post(url, {**form, "nominee_email": "Bea@Example.org"})
    assert saved.status_code == 302
    refused.refresh_from_db()
    assert refused.nominee_email == "bea@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        _act(moderator_client, "approve", [refused])
    refused.refresh_from_db()
    assert refused.status == Nomination.Status.APPROVED
    assert [message.to for message in mail.outbox] == [["bea@example.org"]]
