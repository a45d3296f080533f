"""Signed links: one id for one purpose, expiring or not, forged ones refused."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from forus.signing import TOKEN_MAX_LENGTH, LinkExpired, LinkInvalid, SignedLink

CONFIRM = SignedLink(salt="tests.confirm", max_age=timedelta(days=7))
LEAVE = SignedLink(salt="tests.leave")


def test_a_token_reads_back_as_its_id():
    assert CONFIRM.read(CONFIRM.make(42)) == 42
    assert LEAVE.read(LEAVE.make(42)) == 42


def test_a_token_made_for_one_purpose_does_nothing_for_another():
    with pytest.raises(LinkInvalid):
        LEAVE.read(CONFIRM.make(42))


@pytest.mark.parametrize(
    "token",
    ["nonsense", "", "x" * (TOKEN_MAX_LENGTH + 1), LEAVE.make(42)[:-3] + "abc"],
)
def test_a_forged_or_mangled_token_is_invalid_and_not_expired(token):
    with pytest.raises(LinkInvalid) as refused:
        LEAVE.read(token)
    assert not isinstance(refused.value, LinkExpired)


def test_only_an_int_is_read_back():
    from django.core import signing

    with pytest.raises(LinkInvalid):
        LEAVE.read(signing.dumps("42", salt="tests.leave"))


def test_an_old_token_expires_naming_its_id_and_a_link_without_max_age_never_does():
    with time_machine.travel(timezone.now() - timedelta(days=8)):
        confirm, leave = CONFIRM.make(7), LEAVE.make(7)

    with pytest.raises(LinkExpired) as expired:
        CONFIRM.read(confirm)
    assert expired.value.value == 7
    assert isinstance(expired.value, LinkInvalid)
    assert CONFIRM.read_any_age(confirm) == 7
    assert LEAVE.read(leave) == 7
