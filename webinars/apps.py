from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebinarsConfig(AppConfig):
    name = "webinars"
    verbose_name = _("Webinars")
    # Who may see a registration in admin may read the emails sent about it.
    outbox_read_permission = "webinars.view_registration"

    def ready(self) -> None:
        from forus.pagecache import invalidate_public_pages_on_change  # noqa: PLC0415
        from webinars.models import (  # noqa: PLC0415
            Speaker,
            Webinar,
            WebinarResource,
            WebinarSpeaker,
        )

        # Registrations are left out on purpose: pages that show seats left
        # are never cached, so a registration need not drop every cached page.
        invalidate_public_pages_on_change(Webinar, Speaker, WebinarSpeaker, WebinarResource)
