"""Markdown written by staff, turned into HTML that is safe to show."""

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

# The help text under every field that takes Markdown.
MARKDOWN_HELP = _(
    "Markdown: a blank line starts a paragraph, ## starts a heading, "
    "[words](https://example.org) makes a link."
)

# What staff may use in a body: text structure and links, nothing that runs
# or loads from elsewhere. Headings start at h2; the page title is the h1.
ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> SafeString:
    """Render Markdown to HTML and strip everything outside the allow-list.

    A line break typed in admin is a line break on the page (nl2br).
    """
    html = markdown.markdown(text or "", extensions=["nl2br", "sane_lists", "smarty"])
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has sanitised it
