from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from champions.models import Spotlight
from forus.links import absolute_reverse, absolute_url
from forus.markdown import render_markdown

FEED_LENGTH = 20


class SpotlightFeed(Feed):
    """The newest published spotlights as RSS, with absolute links from SITE_URL."""

    title = _("Champion Spotlight · For Us All")
    description = _(
        "The Social Mission Alliance features Social Mission Champions on our social media "
        "accounts and blog. The series highlights the important work done by those who are "
        "advancing health equity and addressing the health disparities of the society in "
        "which it exists."
    )

    def link(self) -> str:
        return absolute_reverse("champions:spotlight_list")

    def feed_url(self) -> str:
        return absolute_reverse("champions:feed")

    def items(self) -> QuerySet[Spotlight]:
        return Spotlight.objects.published().prefetch_related("pillars")[:FEED_LENGTH]

    def item_title(self, spotlight: Spotlight) -> str:
        # Feed readers treat an RSS title as HTML: escape it once more.
        return escape(spotlight.title)

    def item_description(self, spotlight: Spotlight) -> SafeString:
        return render_markdown(spotlight.body)

    def item_link(self, spotlight: Spotlight) -> str:
        return absolute_url(spotlight.get_absolute_url())

    def item_pubdate(self, spotlight: Spotlight) -> datetime:
        return spotlight.published_at

    def item_updateddate(self, spotlight: Spotlight) -> datetime:
        return spotlight.updated_at

    def item_categories(self, spotlight: Spotlight) -> list[str]:
        return [pillar.title for pillar in spotlight.pillars.all()]
