from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForusConfig(AppConfig):
    """The project package as an app: site-wide templates tags and commands."""

    name = "forus"
    verbose_name = _("For Us All")

    def ready(self) -> None:
        from forus import checks  # noqa: F401, PLC0415 - registers the checks
        from forus.dashboard import panels_autodiscover  # noqa: PLC0415

        # Every app's models are loaded by now: each app's dashboard.py
        # registers its panels on the admin index.
        panels_autodiscover()
