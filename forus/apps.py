from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForusConfig(AppConfig):
    """The project package as an app: site-wide templates tags and commands."""

    name = "forus"
    verbose_name = _("For Us All")

    def ready(self) -> None:
        from forus import checks  # noqa: F401, PLC0415 - registers the checks
