from django.urls import reverse

from forus.sitemaps import SiteSitemap


class NewsletterSitemap(SiteSitemap):
    """The signup page; the others are reached only from an email or after a form."""

    changefreq = "monthly"

    def items(self) -> list[str]:
        return ["newsletter:signup"]

    def location(self, item: str) -> str:
        return reverse(item)


sitemaps = {"newsletter": NewsletterSitemap}
