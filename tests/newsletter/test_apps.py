"""What the newsletter app declares to the rest of the site."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission

pytestmark = pytest.mark.django_db


def test_the_right_to_read_its_emails_in_the_outbox_is_a_real_newsletter_permission():
    config = apps.get_app_config("newsletter")
    assert config.name == "campaign.newsletter"
    assert config.outbox_read_permission == "newsletter.view_subscriber"
    app_label, codename = config.outbox_read_permission.split(".")
    assert (
        Permission.objects.filter(content_type__app_label=app_label, codename=codename).count()
        == 1
    )
