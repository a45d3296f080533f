from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChampionsConfig(AppConfig):
    name = "champions"
    verbose_name = _("Champion Spotlight")
    # Who may see a nomination in admin may read the emails sent about it.
    outbox_read_permission = "champions.view_nomination"

    def ready(self) -> None:
        from champions.models import Spotlight  # noqa: PLC0415
        from forus.pagecache import invalidate_public_pages_on_change  # noqa: PLC0415

        # Nominations never show on public pages; spotlights do.
        invalidate_public_pages_on_change(Spotlight)

        from champions.people import PERSON_DATA  # noqa: PLC0415
        from forus.people.registry import person_data_register  # noqa: PLC0415

        person_data_register(PERSON_DATA)
