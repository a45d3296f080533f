"""The newsletter's own sitemap, for the site's sitemap to collect."""

import pytest
from django.contrib.sitemaps.views import sitemap
from django.test import RequestFactory

from campaign.newsletter.sitemaps import NewsletterSitemap, sitemaps
from forus.sitemaps import SiteSitemap

pytestmark = pytest.mark.django_db


def test_the_sitemap_lists_the_signup_page_in_both_languages(settings):
    assert sitemaps == {"newsletter": NewsletterSitemap}
    assert issubclass(NewsletterSitemap, SiteSitemap)
    settings.SITE_URL = "https://forus.example.org"

    response = sitemap(RequestFactory().get("/sitemap.xml"), sitemaps=sitemaps)
    response.render()
    body = response.content.decode()

    assert body.count("<url>") == 2
    assert "/newsletter/</loc>" in body
    assert "/es/newsletter/</loc>" in body
