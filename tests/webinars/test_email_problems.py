"""Registrations whose address bounced or complained: flagged, and filtered in admin."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from forus.outbox.feedback import Report, email_report_record
from tests.webinars.factories import RegistrationFactory, WebinarFactory
from webinars.models import Registration
from webinars.staff import EVENT_COORDINATORS

pytestmark = pytest.mark.django_db

LIST = "/admin/webinars/registration/"


def test_every_registration_of_a_suppressed_address_is_flagged_and_filtered():
    user = User.objects.create_user("coordinator", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=EVENT_COORDINATORS))
    coordinator = Client()
    coordinator.force_login(user)
    first, second = WebinarFactory(), WebinarFactory()
    RegistrationFactory(webinar=first, email="ana@example.org")
    RegistrationFactory(webinar=second, email="ana@example.org")
    RegistrationFactory(webinar=first, email="ben@example.org")

    email_report_record(report=Report.COMPLAINT, recipient="Ana@Example.org", provider="Mailgun")

    flagged = Registration.objects.exclude(email_problem="")
    assert sorted(flagged.values_list("email", "email_problem")) == [
        ("ana@example.org", "complained"),
        ("ana@example.org", "complained"),
    ]
    assert all(registration.email_problem_at for registration in flagged)
    html = coordinator.get(LIST, {"email_problem__exact": "complained"}).content.decode()
    assert html.count("ana@example.org") == 2
    assert "ben@example.org" not in html
    assert "Marked an email as spam" in html
