from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from forus import views
from forus.sitemaps import sitemaps

handler400 = "forus.views.bad_request"

admin.site.site_header = _("For Us All administration")
admin.site.site_title = _("For Us All admin")
admin.site.index_title = _("Run the campaign site")

urlpatterns = [
    path("health/", views.health, name="health"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("admin/", admin.site.urls),
]

# English at the root, Spanish under /es/.
urlpatterns += i18n_patterns(
    path("", include("campaign.urls")),
    path("newsletter/", include("campaign.newsletter.urls")),
    path("webinars/", include("webinars.urls")),
    path("champions/", include("champions.urls")),
    prefix_default_language=False,
)
