"""The one address check, and what every public form does with an address it refuses."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from campaign.newsletter.models import Subscriber
from champions.models import Nomination
from forus.outbox.models import OutboundEmail
from forus.outbox.services import email_queue
from forus.public_forms import HONEYPOT_FIELD
from forus.validators import AddressRefusedError, email_address_check, validate_plain_name
from tests.champions.conftest import nomination_data
from tests.forus.public_form_data import started
from tests.webinars.factories import WebinarFactory, registration_form_data
from webinars.models import Registration

# Django's EmailField takes it; a mail header reads two recipients in it.
QUOTED_WITH_COMMA = '"a,b"@victim.example.org'
UNSAFE_EN = (
    "We cannot send email to an address written this way. Enter it without quotation marks, "
    "commas, spaces or brackets, like name@example.org."
)
UNSAFE_ES = (
    "No podemos enviar correo a una dirección escrita de esta forma. Escríbala sin comillas, "
    "comas, espacios ni corchetes, como nombre@ejemplo.org."
)


@pytest.mark.parametrize(
    "address",
    [
        QUOTED_WITH_COMMA,
        '"ana"@example.org',
        "ana,bob@example.org",
        '"ana bob"@example.org',
        "ana@[127.0.0.1]",
        "ana(comment)@example.org",
        "ana<bob@example.org>",
        "ana%bob@example.org",
        "=?utf-8?q?ana?=@example.org",
    ],
)
def test_an_address_headers_or_smtp_cannot_carry_safely_is_refused(address):
    with pytest.raises(AddressRefusedError) as refused:
        email_address_check(address)
    assert refused.value.code == "address_unsafe"


@pytest.mark.parametrize(
    "address",
    [
        "ana",
        "ana@",
        "@example.org",
        "ana@example",
        "ana@-x.org",
        "ana@x..org",
        "ana bob@example.org",
        "ana@example.org\r\nBcc: x@example.org",
    ],
)
def test_an_address_that_is_not_one_is_invalid(address):
    with pytest.raises(AddressRefusedError) as refused:
        email_address_check(address)
    assert refused.value.code == "invalid"


@pytest.mark.parametrize(
    "address",
    ["ana@example.org", "o'brien+news@mail.example.org", "ana.reader@exämple.org"],
)
def test_ordinary_addresses_are_accepted(address):
    assert email_address_check(address)


@pytest.mark.django_db
def test_the_outbox_refuses_what_the_forms_refuse_with_the_same_error():
    with pytest.raises(AddressRefusedError):
        email_queue(to=QUOTED_WITH_COMMA, template="newsletter/email/welcome")
    assert not OutboundEmail.objects.exists()


# --- Every public form: the message next to the field, nothing saved, no 500 ----------


def _newsletter(client, email: str, language: str):
    data = {
        "email": email,
        "name": "Ana Reader",
        "form_started": started(),
        HONEYPOT_FIELD: "",
    }
    with translation.override(language):
        url = reverse("newsletter:signup")
    return client.post(url, data), "email", Subscriber.objects.count


def _registration(client, email: str, language: str):
    webinar = WebinarFactory()
    with translation.override(language):
        url = reverse("webinars:webinar_detail", kwargs={"slug": webinar.slug})
    response = client.post(url, registration_form_data(email=email))
    return response, "email", Registration.objects.count


def _nominator(client, email: str, language: str):
    with translation.override(language):
        url = reverse("champions:nominate")
    response = client.post(url, nomination_data(nominator_email=email))
    return response, "nominator_email", Nomination.objects.count


def _nominee(client, email: str, language: str):
    with translation.override(language):
        url = reverse("champions:nominate")
    response = client.post(url, nomination_data(nominee_email=email))
    return response, "nominee_email", Nomination.objects.count


@pytest.mark.django_db
@pytest.mark.parametrize("send", [_newsletter, _registration, _nominator, _nominee])
@pytest.mark.parametrize(("language", "message"), [("en", UNSAFE_EN), ("es", UNSAFE_ES)])
def test_each_form_refuses_the_address_next_to_its_field_and_saves_nothing(
    client, django_capture_on_commit_callbacks, send, language, message
):
    with django_capture_on_commit_callbacks(execute=True):
        response, field, saved = send(client, QUOTED_WITH_COMMA, language)
    html = response.content.decode()
    assert response.status_code == 200
    field_input = re.search(rf'<input[^>]*name="{field}"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field_input
    assert re.search(rf'aria-describedby="[^"]*\bid_{field}_error\b', field_input)
    error = re.search(rf'id="id_{field}_error"[^>]*>(.*?)</', html, re.S)
    assert message in error.group(1)
    assert saved() == 0
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


# --- Names: one line of a person's name ------------------------------------------

PARAGRAPH = "Eve,\n\nYour seat is unpaid. Pay now at forus-pay.example/seat\n\nThanks"
RTL_URL = "Eve \u202eyap/elpmaxe.live//:sptth"


@pytest.mark.parametrize(
    "name",
    [
        "María José Núñez-O’Neill",
        "J.R.R. Tolkien",
        "Dr. Marisol Ortega",
        "李小龍",
        "Nguyễn Thị Minh Khai",
        "Anne-Marie (Annie) D'Souza",
    ],
)
def test_real_names_are_accepted(name):
    validate_plain_name(name)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        (PARAGRAPH, "name_not_one_line"),
        ("Eve\rBcc", "name_not_one_line"),
        (RTL_URL, "name_not_one_line"),
        ("Eve\u2067https\u2069", "name_not_one_line"),
        ("E\u200bve", "name_not_one_line"),
        ("Eve\u00a0Reader", "name_not_one_line"),
        ("evil.example/pay", "link_in_name"),
        ("Your invoice: pay at evil.example/x", "link_in_name"),
        ("gro.elpmaxe", "link_in_name"),
        ("evil\uff0eexample", "link_in_name"),
        ("Visit https://evil.example", "link_in_name"),
        ("x@y", "address_in_name"),
        ("Eve: pay now", "symbols_in_name"),
        ("Eve <b>", "symbols_in_name"),
    ],
)
def test_hostile_names_are_refused(name, code):
    with pytest.raises(ValidationError) as refused:
        validate_plain_name(name)
    assert refused.value.code == code


NAME_NOT_ONE_LINE = {
    "en": "Enter the name on one line, without invisible or control characters.",
    "es": "Escriba el nombre en una sola línea, sin caracteres invisibles ni de control.",
}
NAME_WITH_LINK = {
    "en": "Enter the name without a web address.",
    "es": "Escriba el nombre sin ninguna dirección web.",
}


def _name_in(field: str, name: str, language: str):
    """The form a name field sits on, with that field filled: (url, data, rows)."""
    with translation.override(language):
        if field == "name":
            data = {"email": "reader@example.org", "name": name}
            data |= {"form_started": started(), HONEYPOT_FIELD: ""}
            return reverse("newsletter:signup"), data, Subscriber.objects.count
        if field in {"first_name", "last_name"}:
            webinar = WebinarFactory()
            url = reverse("webinars:webinar_detail", kwargs={"slug": webinar.slug})
            return url, registration_form_data(**{field: name}), Registration.objects.count
        return (
            reverse("champions:nominate"),
            nomination_data(**{field: name}),
            (Nomination.objects.count),
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field",
    [
        "name",
        "first_name",
        "last_name",
        "nominator_name",
        "nominee_given_name",
        "nominee_family_name",
    ],
)
@pytest.mark.parametrize(
    "hostile", [(PARAGRAPH, NAME_NOT_ONE_LINE), ("evil.example/pay", NAME_WITH_LINK)]
)
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_public_name_field_refuses_hostile_names_with_a_clear_message(
    client, django_capture_on_commit_callbacks, field, hostile, language
):
    name, messages = hostile
    url, data, saved = _name_in(field, name, language)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    error = re.search(rf'id="id_{field}_error"[^>]*>(.*?)</', html, re.S)
    assert messages[language] in error.group(1)
    assert saved() == 0
    assert not OutboundEmail.objects.exists()
