from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebinarsConfig(AppConfig):
    name = "webinars"
    verbose_name = _("Webinars")
    # Who may see a registration in admin may read the emails sent about it.
    outbox_read_permission = "webinars.view_registration"

    def ready(self) -> None:
        from forus.outbox.signals import address_suppressed  # noqa: PLC0415
        from forus.pagecache import invalidate_public_pages_on_change  # noqa: PLC0415
        from forus.people.registry import person_data_register  # noqa: PLC0415
        from webinars import receivers  # noqa: PLC0415
        from webinars.models import (  # noqa: PLC0415
            Speaker,
            Webinar,
            WebinarResource,
            WebinarSpeaker,
        )
        from webinars.people import PERSON_DATA  # noqa: PLC0415

        # Registrations are left out on purpose: the webinar page is cached
        # per seat state, a stamp the seat services renew, so a registration
        # need not drop every cached page.
        invalidate_public_pages_on_change(Webinar, Speaker, WebinarSpeaker, WebinarResource)
        address_suppressed.connect(receivers.address_suppressed, dispatch_uid="webinars")
        person_data_register(PERSON_DATA)
