from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """A person's own page, their data across the apps, and the audit log of staff requests."""

    name = "forus.people"
    label = "people"
    verbose_name = _("People and their data")
    # Its emails (the link, the erasure's confirmation) are read by whoever may find a person.
    outbox_read_permission = "people.find_person"
