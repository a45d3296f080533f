"""The public nomination form: honest, wrong, missing, oversized, duplicate and hostile sends."""

import re

import pytest
from django import forms
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from champions.forms import NominationForm
from champions.models import Nomination
from forus.images import ACCEPTED_FORMATS, IMAGE_MAX_BYTES
from forus.outbox.models import OutboundEmail
from forus.public_forms import HONEYPOT_FIELD, TRAPPED
from tests.champions.conftest import nomination_data, photo_upload
from tests.forus.public_form_data import started
from tests.images import forged_png

pytestmark = pytest.mark.django_db

URL = reverse("champions:nominate")
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
HOSTILE_ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


@pytest.fixture
def staff_inboxes(settings):
    settings.STAFF_NOTIFY_EMAILS = ["staff@example.org", "director@example.org"]
    return settings.STAFF_NOTIFY_EMAILS


def _stored_files(media_root) -> list[str]:
    return sorted(
        str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file()
    )


def test_the_form_page_has_every_question_the_traps_and_no_inline_script(client):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in html
    for name in [
        "nominator_name",
        "nominator_email",
        "nominating",
        "nominee_given_name",
        "nominee_family_name",
        "nominee_email",
        "relationship",
        "profession",
        "institution",
        "location",
        "pillars",
        "description",
        "link_1",
        "link_2",
        "link_3",
        "photo",
        "consent",
        HONEYPOT_FIELD,
        "form_started",
    ]:
        assert f'name="{name}"' in html, name
    assert 'data-word-limit="400"' in html
    assert "Up to 400 words." in html
    assert 'accept="image/jpeg,image/png,image/webp,image/gif"' in html
    assert "complete the form below" in html
    # Scripts are files, deferred; no inline script or style attribute.
    assert re.search(r'<script src="[^"]+word-count[^"]*\.js" defer>', html)
    assert re.search(r'<script src="[^"]+nomination-form[^"]*\.js" defer>', html)
    assert "<script>" not in html
    assert "style=" not in html


def test_an_honest_nomination_with_a_photo_is_saved_and_acknowledged(
    client, django_capture_on_commit_callbacks, staff_inboxes, media_root
):
    data = nomination_data(photo=photo_upload(), link_2="example.org/second")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("champions:nomination_thanks")
    nomination = Nomination.objects.get()
    assert nomination.nominator_email == "nia@example.org"
    assert nomination.nominee_name == "Ada Champion"
    assert nomination.nominee_email == "ada@example.org"
    assert nomination.relationship == "Colleague"
    assert nomination.status == Nomination.Status.SUBMITTED
    assert nomination.nominee_consent == Nomination.Consent.NOT_ASKED
    assert nomination.language == "en"
    assert nomination.links == ["https://example.org/ada", "https://example.org/second"]
    assert sorted(nomination.pillars.values_list("number", flat=True)) == [1, 4]
    assert "agree" in nomination.consent_wording
    # The photo: re-encoded, under a random private name, and nowhere else.
    assert nomination.photo.name.startswith("private/nominations/")
    assert "portrait" not in nomination.photo.name
    assert _stored_files(media_root) == [nomination.photo.name]

    # The nominator's acknowledgement and one notice per staff address.
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        ["nia@example.org", *staff_inboxes]
    )
    acknowledgement = next(message for message in mail.outbox if message.to == ["nia@example.org"])
    assert acknowledgement.subject == "Thank you for your Social Mission Champion nomination"
    # To an address nobody has confirmed: neither name typed into the form.
    assert "Thank you for nominating someone" in acknowledgement.body
    assert "Ada" not in acknowledgement.body
    assert "Nia" not in acknowledgement.body
    assert "Ada" not in acknowledgement.alternatives[0].content
    assert "we ask them first" in acknowledgement.body
    notice = next(message for message in mail.outbox if message.to == ["staff@example.org"])
    admin_url = f"http://testserver/admin/champions/nomination/{nomination.pk}/change/"
    assert admin_url in notice.body
    assert f'href="{admin_url}"' in notice.alternatives[0].content
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}


def test_the_thank_you_page_says_what_happens_next(client):
    html = client.get(reverse("champions:nomination_thanks")).content.decode()
    assert "Thank you for your nomination" in html
    assert "What happens next" in html


def test_a_self_nomination_skips_the_nominee_questions_even_if_they_hold_junk(
    client, django_capture_on_commit_callbacks
):
    data = nomination_data(
        nominating="myself",
        nominee_given_name="",
        nominee_email="not an address",
        relationship="",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data)

    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.is_self_nomination
    assert nomination.nominee_name == "Nia Nominator"
    assert nomination.nominee_email == ""
    assert nomination.relationship == ""
    assert nomination.nominee_consent == Nomination.Consent.SELF
    [acknowledgement] = mail.outbox
    assert "Thank you for putting yourself forward" in acknowledgement.body


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nominator_name", "", "Enter your name."),
        ("nominator_email", "", "Enter your email address."),
        ("nominator_email", "nia-at-example.org", "Enter a valid email address."),
        ("nominee_given_name", "", "Enter the given name of the person you are nominating."),
        ("relationship", "", "Say how you know the person you are nominating."),
        ("nominee_email", "ada@", "Enter a valid email address."),
        # The nominee's consent is asked at this address: not the nominator's own.
        ("nominee_email", "NIA@example.org", "Enter their own email address"),
        ("nominator_name", "Visit https://evil.example", "Enter the name without a web address."),
        ("nominee_given_name", "www.evil.example", "Enter the name without a web address."),
        ("nominee_family_name", "www.evil.example", "Enter the name without a web address."),
        ("profession", "", "Choose the champion’s profession."),
        ("profession", "astrology", "Choose the champion’s profession from the list."),
        ("institution", "", "Enter the institution or organisation."),
        ("location", "", "Enter the city and state, or city and country."),
        ("description", "", "Tell us what the champion does to advance"),
        ("description", "   \n  ", "Tell us what the champion does to advance"),
        ("link_1", "javascript:alert(1)", "Enter a whole web address"),
        ("link_2", "not a link at all", "Enter a whole web address"),
        ("consent", None, "Tick this box to send the nomination"),
        ("nominating", "everyone", "Say whether you are nominating someone else"),
    ],
)
def test_wrong_or_missing_answers_come_back_next_to_their_field(client, field, value, message):
    data = nomination_data(**{field: value})
    response = client.post(URL, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert f'id="id_{field}_error"' in html or f'href="#id_{field}_0"' in html
    assert message in html
    assert not Nomination.objects.exists()
    assert mail.outbox == []


def test_no_pillar_is_refused_and_the_summary_links_to_the_first_checkbox(client):
    data = nomination_data()
    data.pop("pillars")
    html = client.post(URL, data).content.decode()
    assert "Choose at least one pillar." in html
    assert 'href="#id_pillars_0"' in html
    assert 'id="id_pillars_0"' in html
    assert not Nomination.objects.exists()


def test_an_unknown_pillar_is_refused(client):
    html = client.post(URL, nomination_data(pillars=["999999"])).content.decode()
    assert "Choose pillars from the list." in html
    assert not Nomination.objects.exists()


def test_a_description_over_400_words_is_refused_with_its_count(client):
    html = client.post(URL, nomination_data(description="word " * 401)).content.decode()
    assert "Keep it to 400 words: it has 401 now." in html
    assert not Nomination.objects.exists()


def test_exactly_400_words_is_fine(client):
    response = client.post(URL, nomination_data(description=" ".join(["word"] * 400)))
    assert response.status_code == 302


def test_a_huge_description_under_400_words_is_refused_by_its_length(client):
    html = client.post(URL, nomination_data(description="x" * 6000)).content.decode()
    assert "at most 5000 characters" in html
    assert not Nomination.objects.exists()


def test_a_description_bigger_than_a_form_may_be_gets_the_413_page(client, settings):
    data = nomination_data(description="word " * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 4))
    response = client.post(URL, data)
    assert response.status_code == 413
    assert "too much to send at once" in response.content.decode()
    assert not Nomination.objects.exists()


def test_a_non_image_renamed_jpg_is_refused_and_nothing_is_stored(client, media_root):
    fake = SimpleUploadedFile("portrait.jpg", b"%PDF-1.4 not a photo" * 100, "image/jpeg")
    response = client.post(URL, nomination_data(photo=fake))
    html = response.content.decode()
    assert response.status_code == 200
    assert "This file is not a photo we can read" in html
    assert 'href="#id_photo"' in html
    assert not Nomination.objects.exists()
    assert _stored_files(media_root) == []


def test_an_oversized_photo_gets_a_clear_field_error(client, media_root):
    big = SimpleUploadedFile("big.jpg", b"\xff" * (IMAGE_MAX_BYTES + 1), "image/jpeg")
    html = client.post(URL, nomination_data(photo=big)).content.decode()
    assert "The photo is larger than 5 MB" in html
    assert not Nomination.objects.exists()
    assert _stored_files(media_root) == []


def test_a_send_bigger_than_the_site_accepts_gets_the_413_page(client, settings):
    too_big = SimpleUploadedFile("big.jpg", b"\xff" * (settings.MAX_REQUEST_BODY_BYTES + 1))
    response = client.post(URL, nomination_data(photo=too_big))
    assert response.status_code == 413
    assert not Nomination.objects.exists()


def test_a_decompression_bomb_is_refused_on_the_form(client):

    bomb = SimpleUploadedFile("bomb.png", forged_png(30_000, 30_000), "image/png")
    html = client.post(URL, nomination_data(photo=bomb)).content.decode()
    assert "This image is too large to process" in html
    assert not Nomination.objects.exists()


def test_sending_the_same_nomination_twice_keeps_one_and_acknowledges_once(
    client, django_capture_on_commit_callbacks, media_root
):
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(URL, nomination_data(photo=photo_upload())).status_code == 302
        again = nomination_data(
            nominator_email="NIA@example.org",
            nominee_given_name="ada",
            nominee_family_name="champion",
            photo=photo_upload(),
        )
        assert client.post(URL, again).status_code == 302

    assert Nomination.objects.count() == 1
    assert len(mail.outbox) == 1
    # The first send's photo is kept; the second's was not.
    assert _stored_files(media_root) == [Nomination.objects.get().photo.name]

    # Once staff have decided on the first, a new nomination is welcome.
    Nomination.objects.update(status=Nomination.Status.DECLINED)
    assert client.post(URL, nomination_data()).status_code == 302
    assert Nomination.objects.count() == 2


def test_a_corrected_nomination_is_saved_and_acknowledged_beside_the_first(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, nomination_data(description="Short text."))
        fuller = nomination_data(description="A fuller account of her work with the clinic.")
        assert client.post(URL, fuller).status_code == 302

    descriptions = sorted(Nomination.objects.values_list("description", flat=True))
    assert descriptions == ["A fuller account of her work with the clinic.", "Short text."]
    assert len(mail.outbox) == 2


def test_the_same_nominator_may_nominate_two_people(client):
    assert client.post(URL, nomination_data()).status_code == 302
    assert (
        client.post(
            URL, nomination_data(nominee_given_name="Bo", nominee_family_name="Other")
        ).status_code
        == 302
    )
    assert Nomination.objects.count() == 2


def test_a_bot_that_fills_the_honeypot_saves_nothing(client, media_root):
    data = nomination_data(**{HONEYPOT_FIELD: "http://spam.example"}, photo=photo_upload())
    response = client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert str(TRAPPED) in html
    assert "spam.example" not in html
    assert not Nomination.objects.exists()
    assert mail.outbox == []
    assert _stored_files(media_root) == []


def test_hostile_text_in_every_field_is_escaped_when_the_form_comes_back(client):
    text_fields = [
        "nominator_name",
        "nominee_family_name",
        "relationship",
        "institution",
        "location",
        "description",
    ]
    data = nomination_data(**dict.fromkeys(text_fields, HOSTILE), consent=None)
    html = client.post(URL, data).content.decode()
    assert HOSTILE not in html
    assert "<img src=x" not in html
    assert html.count(HOSTILE_ESCAPED) >= len(text_fields)


def test_hostile_text_is_stored_as_typed_and_escaped_in_the_emails(
    client, django_capture_on_commit_callbacks, staff_inboxes
):
    # Names refuse markup outright (tests/forus/test_validators.py); the rest is kept.
    data = nomination_data(
        relationship=HOSTILE,
        institution=HOSTILE,
        location=HOSTILE,
        description=HOSTILE,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(URL, data).status_code == 302
    assert Nomination.objects.get().institution == HOSTILE
    # The acknowledgement and a notice to each staff inbox: the checks below
    # must have emails to look at.
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        ["nia@example.org", *staff_inboxes]
    )
    for message in mail.outbox:
        html = message.alternatives[0].content
        assert "<script>" not in html
        assert "<img src=x" not in html
        # The staff notice shows what was typed, escaped.
        assert (HOSTILE_ESCAPED in html) == (message.to[0] in staff_inboxes)
        assert "\n" not in message.subject


def test_a_line_break_in_an_address_never_adds_a_recipient(client):
    data = nomination_data(nominator_email="nia@example.org\r\nBcc: victim@example.org")
    assert client.post(URL, data).status_code == 200
    assert not Nomination.objects.exists()


def test_a_nomination_in_spanish_is_acknowledged_in_spanish(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/es" + URL, nomination_data())
    assert response.status_code == 302
    assert response["Location"] == "/es/champions/nominate/thanks/"
    assert Nomination.objects.get().language == "es"
    assert OutboundEmail.objects.get().language == "es"
    assert "/es/champions/" in mail.outbox[0].body


def test_a_misconfigured_staff_address_does_not_lose_the_nomination(
    client, settings, django_capture_on_commit_callbacks
):
    settings.STAFF_NOTIFY_EMAILS = ["not-an-address", "staff@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(URL, nomination_data()).status_code == 302
    assert Nomination.objects.count() == 1
    assert sorted(message.to[0] for message in mail.outbox) == [
        "nia@example.org",
        "staff@example.org",
    ]


def test_the_form_page_is_served_from_the_cache_to_visitors(client, django_assert_num_queries):
    client.get(URL)
    with django_assert_num_queries(0):
        second = client.get(URL)
    assert second.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in second.content.decode()


def test_stored_photos_are_not_found_under_the_media_url(client):
    client.post(URL, nomination_data(photo=photo_upload()))
    name = Nomination.objects.get().photo.name
    assert default_storage.exists(name)
    assert client.get(f"/media/{name}").status_code == 404
    file_name = name.rpartition("/")[2]
    assert client.get(reverse("champions:photo", kwargs={"name": file_name})).status_code == 404


def test_switching_language_keeps_the_typing_and_asks_for_the_photo_again(client, media_root):
    with translation.override("es"):
        spanish = reverse("champions:nominate")
        photo_label = str(NominationForm.base_fields["photo"].label)
    data = nomination_data(photo=photo_upload(), switch_language="es")

    response = client.post(spanish, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="files-not-kept"' in html
    assert f"Elíjalo de nuevo: {photo_label}." in html
    assert 'value="Nia Nominator"' in html
    assert not Nomination.objects.exists()
    assert not any(media_root.rglob("*"))  # the photo was not kept anywhere

    # Without a file chosen, nothing to say.
    del data["photo"]
    again = client.post(spanish, data).content.decode()
    assert 'value="Nia Nominator"' in again
    assert 'id="files-not-kept"' not in again


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_message_on_the_form_is_the_sites_own_and_said_once(client, language):
    with translation.override(language):
        url = reverse("champions:nominate")
        django_says = [
            str(forms.Field.default_error_messages["required"]),
            str(forms.ChoiceField.default_error_messages["invalid_choice"]).split("%")[0],
            str(forms.URLField.default_error_messages["invalid"]),
        ]
        limit_said = _("Up to %(limit)s words.") % {"limit": 400}
    empty = {"form_started": started(seconds_ago=30), HONEYPOT_FIELD: ""}
    wrong = {**empty, "nominating": "everyone", "profession": "x", "link_1": "javascript:1"}

    for data in (empty, wrong):
        html = client.post(url, data).content.decode()
        summary = re.search(r'id="error-summary".*?<ul>(.*?)</ul>', html, re.S).group(1)
        assert summary.count("<li>") >= 8
        for message in django_says:
            assert message not in html

    page = client.get(url).content.decode()
    assert page.count(limit_said) == 1
    counter = re.search(r'data-words-left="([^"]*)"', page).group(1)
    assert "%(count)s" in counter
    assert "%(limit)s" not in counter
    assert "400" not in counter
    # Help and validation name the same formats: every accepted one is in the help.
    photo_help = re.search(r'id="id_photo_helptext"[^>]*>([^<]*)<', page).group(1)
    assert len(ACCEPTED_FORMATS) == 4
    for image_format in ACCEPTED_FORMATS:
        assert image_format.casefold() in photo_help.casefold()
