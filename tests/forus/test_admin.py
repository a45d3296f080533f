import ipaddress

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from campaign.staff import EDITORS
from champions.staff import MODERATORS
from webinars.staff import EVENT_COORDINATORS

pytestmark = pytest.mark.django_db


def test_the_staff_groups_exist_and_editors_can_edit_campaign_content():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        EDITORS,
        EVENT_COORDINATORS,
        MODERATORS,
    }
    editor = User.objects.create_user("editor", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    assert editor.has_perm("campaign.change_pillar")
    assert editor.has_perm("campaign.change_page")
    assert not editor.has_perm("campaign.delete_pillar")
    assert not editor.has_perm("auth.change_user")


def test_an_editor_can_open_the_pillar_list_in_admin():
    editor = User.objects.create_user("editor", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    browser = Client()
    browser.force_login(editor)
    response = browser.get("/admin/campaign/pillar/")
    assert response.status_code == 200
    assert "Workforce Diversification" in response.content.decode()


def test_admin_login_locks_out_after_repeated_failures():
    User.objects.create_superuser("staff", "staff@example.org", "the right passphrase")
    attacker = Client()
    for _ in range(5):
        response = attacker.post(
            "/admin/login/", {"username": "staff", "password": "a wrong guess"}
        )
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()

    # Even the right password is refused while the lockout lasts.
    response = attacker.post(
        "/admin/login/", {"username": "staff", "password": "the right passphrase"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in attacker.session


def test_a_normal_sign_in_still_works():
    User.objects.create_superuser("staff", "staff@example.org", "the right passphrase")
    browser = Client()
    response = browser.post(
        "/admin/login/", {"username": "staff", "password": "the right passphrase"}
    )
    assert response.status_code == 302
    assert browser.get("/admin/").status_code == 200


def test_behind_the_load_balancer_a_lockout_holds_only_the_guessing_address(settings):
    """Every request comes from the balancer; the visitor is in X-Forwarded-For."""
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/24")]
    User.objects.create_superuser("staff", "staff@example.org", "the right passphrase")
    attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    for _ in range(5):
        response = attacker.post(
            "/admin/login/", {"username": "staff", "password": "a wrong guess"}
        )
    assert response.status_code == 429

    staff = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    response = staff.post(
        "/admin/login/", {"username": "staff", "password": "the right passphrase"}
    )
    assert response.status_code == 302


def test_a_lockout_cannot_be_evaded_by_a_forwarded_address_from_an_untrusted_peer(settings):
    """Gunicorn reached directly: the client writes X-Forwarded-For itself."""
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/24")]
    User.objects.create_superuser("staff", "staff@example.org", "the right passphrase")
    for guess in range(5):
        response = Client(
            REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"198.51.100.{guess}"
        ).post("/admin/login/", {"username": "staff", "password": "a wrong guess"})
    assert response.status_code == 429

    attacker = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="203.0.113.77")
    response = attacker.post(
        "/admin/login/", {"username": "staff", "password": "the right passphrase"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in attacker.session


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/admin/"])
def test_a_sign_in_with_an_unsafe_next_lands_on_the_admin_index(unsafe):
    User.objects.create_superuser("staff", "staff@example.org", "the right passphrase")
    browser = Client()
    response = browser.post(
        f"/admin/login/?next={unsafe}",
        {"username": "staff", "password": "the right passphrase", "next": unsafe},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert browser.get(response["Location"]).status_code == 200


def test_report_outcomes_shows_what_was_done_as_successes_then_each_refusal_as_an_error(rf):
    from django.contrib import admin, messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    from forus.admin import report_outcomes

    request = rf.post("/admin/")
    request.session = {}
    request._messages = FallbackStorage(request)

    report_outcomes(
        admin.ModelAdmin(Group, admin.site),
        request,
        done=["2 webinars cancelled."],
        problems=["Primary care: not over yet.", "Oral health: no link."],
    )

    shown = [(message.level, message.message) for message in messages.get_messages(request)]
    assert shown == [
        (messages.SUCCESS, "2 webinars cancelled."),
        (messages.ERROR, "Primary care: not over yet."),
        (messages.ERROR, "Oral health: no link."),
    ]
