"""What the public may type into the site's forms: email addresses and names.

One address check serves the forms (a clear message next to the field) and
the outbox (the last gate before SMTP), so nothing a form accepts can make
the outbox refuse it later. Names are one line of a person's name: they go
into emails and pages, so they never carry a link, an address or hidden
characters that reorder what a reader sees.
"""

import contextlib
import re
import unicodedata

import idna
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EMAIL_MAX_LENGTH = 254
LOCAL_PART_MAX_LENGTH = 64
# RFC 5322 dot-atom text, less "%" and "!" (old relay routing some servers
# still honour). No quoted local parts, no comments, no IP literals: they are
# valid on paper, but a comma or quote inside one turns a single recipient
# into several on the way through headers and SMTP.
LOCAL_PART = re.compile(r"[A-Za-z0-9#$&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9#$&'*+/=?^_`{|}~-]+)*")
DOMAIN_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
TOP_LEVEL_DOMAIN = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")

ADDRESS_INVALID = _("Enter an email address like name@example.org.")
ADDRESS_UNSAFE = _(
    "We cannot send email to an address written this way. Enter it without quotation "
    "marks, commas, spaces or brackets, like name@example.org."
)
ADDRESS_NOT_LATIN = _(
    "We cannot send email to an address with accented or non-Latin letters before the @. "
    "Please enter another address."
)


class AddressRefusedError(ValueError):
    """An address the site will not send to; `message` says why, for a person."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code


def _domain_ascii(domain: str) -> str:
    """The domain as its IDNA 2008 A-label (UTS 46 mapping: case, width, NFC)."""
    try:
        return idna.encode(domain, uts46=True, transitional=False).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        raise AddressRefusedError(ADDRESS_INVALID, code="invalid") from None


def email_normalise(email: str) -> str:
    """The one form an address is stored, matched and sent in.

    NFC, all in lower case (nobody runs two mailboxes told apart by case),
    the domain as its IDNA A-label: idn@exämple.org, idn@EXÄMPLE.org and
    idn@xn--exmple-cua.org are one address. A domain IDNA refuses stays as
    typed, in lower case (email_address_check refuses it).
    """
    address = unicodedata.normalize("NFC", email.strip()).lower()
    local, at, domain = address.rpartition("@")
    if not at:
        return address
    with contextlib.suppress(AddressRefusedError):
        domain = _domain_ascii(domain)
    return f"{local}{at}{domain}"


def email_address_check(address: str) -> str:
    """The address normalised, or AddressRefusedError if the site cannot send to it safely."""
    address = unicodedata.normalize("NFC", address.strip())
    local, at, domain = address.rpartition("@")
    if (
        not at
        or not local
        or not domain
        or len(address) > EMAIL_MAX_LENGTH
        or ("@" in local and '"' not in local)
        or (any(space.isspace() for space in address) and '"' not in local)
    ):
        raise AddressRefusedError(ADDRESS_INVALID, code="invalid")
    if not LOCAL_PART.fullmatch(local) or "=?" in local:
        if local.isascii() or any(mark in local for mark in "\"',;<>()[]\\ \t\r\n"):
            raise AddressRefusedError(ADDRESS_UNSAFE, code="address_unsafe")
        raise AddressRefusedError(ADDRESS_NOT_LATIN, code="address_not_latin")
    if len(local) > LOCAL_PART_MAX_LENGTH:
        raise AddressRefusedError(ADDRESS_INVALID, code="invalid")
    if domain.startswith("[") or any(mark in domain for mark in ',;"<>()\\ \t\r\n'):
        raise AddressRefusedError(ADDRESS_UNSAFE, code="address_unsafe")
    domain = _domain_ascii(domain).lower()
    labels = domain.split(".")
    if (
        len(labels) < 2  # a name and its top-level domain
        or not all(DOMAIN_LABEL.fullmatch(label) for label in labels)
        or not TOP_LEVEL_DOMAIN.fullmatch(labels[-1])
    ):
        raise AddressRefusedError(ADDRESS_INVALID, code="invalid")
    normalised = email_normalise(address)
    if len(normalised) > EMAIL_MAX_LENGTH:
        raise AddressRefusedError(ADDRESS_INVALID, code="invalid")
    return normalised


def validate_email_address(value: str) -> None:
    """The forms' check: the same rule as the outbox's, as a ValidationError."""
    try:
        email_address_check(value)
    except AddressRefusedError as refused:
        raise ValidationError(refused.message, code=refused.code) from None


class EmailAddressField(forms.EmailField):
    """An email field that accepts only what the outbox can send to, cleaned to its one form."""

    default_validators = [validate_email_address]
    default_error_messages = {"invalid": _("Enter a valid email address.")}

    def clean(self, value: object) -> str:
        address = super().clean(value)
        return email_normalise(address) if address else address


# Letters, combining marks, digits and spaces, and the marks names use.
NAME_PUNCTUATION = frozenset(".,'’‘ʼ-‐‑()")  # noqa: RUF001 - the apostrophes and hyphens names use
# Full stops a domain may be written with (IDNA reads the ideographic one too).
DOTS = ".\u3002\uff0e\uff61"
DOMAIN_LIKE = re.compile(rf"[^\W_][{DOTS}][^\W\d_]{{2,}}")
NAME_NOT_ONE_LINE = _("Enter the name on one line, without invisible or control characters.")
NAME_WITH_LINK = _("Enter the name without a web address.")
NAME_WITH_ADDRESS = _("Enter the name without an email address.")
NAME_WITH_SYMBOLS = _("Enter the name with letters, spaces and only these marks: . , ' - ( )")


def validate_plain_name(name: str) -> None:
    """A person's name on one line: never a web or email address, nothing hidden.

    Names go into emails and pages; with a link, a line break or a
    right-to-left override allowed, the site's own email would carry a
    stranger's message ("Your seat is unpaid, pay at …") to anyone.
    """
    # Line breaks, control, format (bidi overrides and isolates, zero-width
    # characters), private-use and unassigned characters.
    if any(unicodedata.category(character)[0] in "CZ" and character != " " for character in name):
        raise ValidationError(NAME_NOT_ONE_LINE, code="name_not_one_line")
    folded = unicodedata.normalize("NFKC", name).casefold()
    if "://" in folded or "www." in folded or DOMAIN_LIKE.search(folded):
        raise ValidationError(NAME_WITH_LINK, code="link_in_name")
    if "@" in folded:
        raise ValidationError(NAME_WITH_ADDRESS, code="address_in_name")
    if not all(
        character.isalnum()
        or unicodedata.category(character)[0] == "M"
        or character == " "
        or character in NAME_PUNCTUATION
        for character in name
    ):
        raise ValidationError(NAME_WITH_SYMBOLS, code="symbols_in_name")
