"""Share links for a public page: plain links to each network's own share page.

No network's script or image is on the page, so a visit asks no other host
for anything; the visitor's browser goes to the network only when they
click. Each link's page address carries a `?source=` code naming its
channel, which a registration records, so staff see which channel brought
people; the page cache keeps one copy per code (`SHARE_SOURCES`), a bounded
set.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from forus.links import absolute_url

SOURCE_PARAMETER = "source"
EMAIL, LINKEDIN, BLUESKY, X, COPY = "email", "linkedin", "bluesky", "x", "copy"
CHANNELS = (EMAIL, LINKEDIN, BLUESKY, X, COPY)
SHARE_SOURCES = frozenset(f"share-{channel}" for channel in CHANNELS)


@dataclass(frozen=True)
class ShareLink:
    channel: str
    label: str | Promise  # what the link says
    description: str | Promise  # what it does, for screen readers
    href: str


@dataclass(frozen=True)
class ShareLinks:
    links: list[ShareLink]
    copy_url: str  # the page's address for the "copy link" field


def page_url_for(path: str, channel: str) -> str:
    """The page's absolute address with the ?source= code of a share channel."""
    return f"{absolute_url(path)}?{urlencode({SOURCE_PARAMETER: f'share-{channel}'})}"


def share_links(*, path: str, title: str) -> ShareLinks:
    """The share links for the page at `path` (a site path), titled `title`."""

    def url(channel: str) -> str:
        return page_url_for(path, channel)

    def query(**parameters: str) -> str:
        return urlencode(parameters, quote_via=quote)

    return ShareLinks(
        links=[
            ShareLink(
                EMAIL,
                _("Email"),
                _("Share by email"),
                "mailto:?" + query(subject=title, body=f"{title}\n\n{url(EMAIL)}"),
            ),
            ShareLink(
                LINKEDIN,
                "LinkedIn",
                _("Share on LinkedIn"),
                "https://www.linkedin.com/sharing/share-offsite/?" + query(url=url(LINKEDIN)),
            ),
            ShareLink(
                BLUESKY,
                "Bluesky",
                _("Share on Bluesky"),
                "https://bsky.app/intent/compose?" + query(text=f"{title} {url(BLUESKY)}"),
            ),
            ShareLink(
                X,
                "X",
                _("Share on X"),
                "https://x.com/intent/post?" + query(text=title, url=url(X)),
            ),
        ],
        copy_url=url(COPY),
    )
