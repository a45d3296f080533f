from importlib import import_module, util

from django.apps import apps
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.core.exceptions import ImproperlyConfigured
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from forus import views

handler400 = "forus.views.bad_request"
handler404 = "forus.views.page_not_found"

admin.site.site_header = _("For Us All administration")
admin.site.site_title = _("For Us All admin")
admin.site.index_title = _("Run the campaign site")


def installed_sitemaps() -> dict[str, type[Sitemap]]:
    """Every installed app's sitemap sections (`<app>/sitemaps.py`), in INSTALLED_APPS order."""
    sections: dict[str, type[Sitemap]] = {}
    for app_config in apps.get_app_configs():
        module_name = f"{app_config.name}.sitemaps"
        if util.find_spec(module_name) is None:
            continue
        # forus/sitemaps.py holds only the base class: no sections of its own.
        for name, section in getattr(import_module(module_name), "sitemaps", {}).items():
            if name in sections:
                raise ImproperlyConfigured(f"Two apps name the sitemap section {name!r}.")
            sections[name] = section
    return sections


urlpatterns = [
    path("health/", views.health, name="health"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": installed_sitemaps()}, name="sitemap"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("admin/", admin.site.urls),
    # The mail provider's delivery reports (only with MAIL_PROVIDER_WEBHOOK set).
    path("", include("forus.outbox.urls")),
]

# English at the root, Spanish under /es/.
urlpatterns += i18n_patterns(
    path("", include("campaign.urls")),
    path("newsletter/", include("campaign.newsletter.urls")),
    path("webinars/", include("webinars.urls")),
    path("champions/", include("champions.urls")),
    path("my/", include("forus.people.urls")),
    prefix_default_language=False,
)
