"""The base of every app's sitemap sections; forus/urls.py gathers them into sitemap.xml.

An app lists its sections in `<app>/sitemaps.py` as a module-level
`sitemaps: dict[str, type[SiteSitemap]]`.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap


class SiteSitemap(Sitemap):
    """Both languages, with alternates, on the scheme of SITE_URL."""

    i18n = True
    alternates = True
    x_default = True
    protocol = urlsplit(settings.SITE_URL).scheme or "https"
