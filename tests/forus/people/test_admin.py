"""Staff: "Find a person", the same picture, export and erase, each in a read-only audit log."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from campaign.newsletter.models import Subscriber
from campaign.staff import EDITORS
from forus.people.models import AuditEntry
from forus.people.services import email_hash
from tests.newsletter.factories import SubscriberFactory
from tests.webinars.factories import RegistrationFactory
from webinars.models import Registration

pytestmark = pytest.mark.django_db

FIND = "/admin/people/auditentry/find-person/"
LOG = "/admin/people/auditentry/"


def _staff(*groups: str, superuser: bool = False) -> Client:
    user = User.objects.create_user(
        f"staff{User.objects.count()}", password="x", is_staff=True, is_superuser=superuser
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    browser = Client()
    browser.force_login(user)
    return browser


def test_editors_and_superusers_may_find_a_person_and_no_other_group():
    assert Group.objects.get(name=EDITORS).permissions.filter(codename="find_person").exists()
    assert _staff(EDITORS).get(FIND).status_code == 200
    assert _staff(superuser=True).get(FIND).status_code == 200
    for other in Group.objects.exclude(name=EDITORS):
        assert _staff(other.name).get(FIND).status_code == 403, other.name
    assert Client().get(FIND).status_code == 302  # to the login page


def test_finding_shows_the_picture_and_is_audited(django_assert_max_num_queries):
    RegistrationFactory(email="ana@example.org", question="Will it be recorded?")
    SubscriberFactory(email="ana@example.org")
    editor = _staff(EDITORS)
    with django_assert_max_num_queries(20):
        response = editor.post(FIND, {"email": "ANA@example.org", "step": "view"})
    html = response.content.decode()
    assert "Will it be recorded?" in html
    [entry] = AuditEntry.objects.all()
    assert entry.action == AuditEntry.Action.VIEW
    assert entry.email_hash == email_hash("ana@example.org")
    assert entry.counts == {"webinars": 1, "newsletter": 1, "champions": 0, "emails": 0}
    assert entry.actor_name.startswith("staff")


def test_export_is_a_json_file_and_audited():
    SubscriberFactory(email="ana@example.org")
    response = _staff(EDITORS).post(FIND, {"email": "ana@example.org", "step": "export"})
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.json()["sections"]["newsletter"]["records"]["email"] == "ana@example.org"
    assert AuditEntry.objects.get().action == AuditEntry.Action.EXPORT


def test_erase_needs_the_box_then_erases_and_audits_without_the_address():
    RegistrationFactory(email="ana@example.org")
    SubscriberFactory(email="ana@example.org")
    editor = _staff(EDITORS)
    refused = editor.post(FIND, {"email": "ana@example.org", "step": "erase"})
    assert refused.status_code == 200
    assert Subscriber.objects.exists()
    editor.post(FIND, {"email": "ana@example.org", "step": "erase", "confirm": "on"})
    assert not Subscriber.objects.exists()
    assert not Registration.objects.filter(email="ana@example.org").exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ERASE)
    assert "ana@example.org" not in str(entry.counts) + entry.email_hash
    assert entry.actor is not None


@pytest.mark.parametrize("email", ["", "not an address", "a" * 300, "<script>@x.org"])
def test_find_refuses_wrong_input_and_records_nothing(email):
    response = _staff(EDITORS).post(FIND, {"email": email, "step": "erase", "confirm": "on"})
    assert response.status_code == 200
    assert not AuditEntry.objects.exists()


def test_nobody_may_add_change_or_delete_an_audit_entry():
    entry = AuditEntry.objects.create(action="view", email_hash=email_hash("ana@example.org"))
    admin = _staff(superuser=True)
    assert admin.get(LOG).status_code == 200
    assert admin.get(f"{LOG}add/").status_code == 403
    assert admin.get(f"{LOG}{entry.pk}/delete/").status_code == 403
    changed = admin.post(f"{LOG}{entry.pk}/change/", {"action": "erase", "email_hash": "x"})
    assert changed.status_code == 403
    entry.refresh_from_db()
    assert (entry.action, entry.email_hash) == ("view", email_hash("ana@example.org"))
    # The log is searched by the address typed, through its keyed hash.
    found = admin.get(LOG, {"q": "ANA@example.org"})
    assert found.context["cl"].result_count == 1
