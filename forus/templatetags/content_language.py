from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

from forus.markdown import render_markdown

register = template.Library()


@register.simple_tag
def translated(content: object, field: str, *, markdown: bool = False) -> SafeString:
    """A translated field in the page's language, or its English marked `lang="en"`.

    `{% translated pillar "title" %}`; `{% translated pillar "body" markdown=True %}`
    for Markdown. Screen readers then read English text with English voices.
    """
    value = getattr(content, field) or ""
    html = render_markdown(value) if markdown else conditional_escape(value)
    language = get_language()
    own = getattr(content, build_localized_fieldname(field, language), None)
    if language == "en" or own or not value:
        return html
    return format_html(
        '<{} lang="en">{}</{}>', "div" if markdown else "span", html, "div" if markdown else "span"
    )


def _description(content: object, field: str) -> tuple[str, bool]:
    """The image description in the page's language, and whether it is English instead."""
    english = getattr(content, field) or ""
    language = get_language()
    if language != "en" and (
        own := getattr(content, build_localized_fieldname(field, language), "")
    ):
        return own, False
    return english, language != "en" and bool(english)


@register.simple_tag
def image_alt(content: object, field: str) -> SafeString:
    """`alt="…"` in the page's language, or the English description marked `lang="en"`.

    `{% image_alt spotlight "photo_alt" %}`. Descriptions are plain fields
    with a Spanish one beside them (`photo_alt_es`), not modeltranslation
    fields: the English one sits in a constraint that requires it with
    every image.
    """
    text, english_instead = _description(content, field)
    if english_instead:
        return format_html('alt="{}" lang="en"', text)
    return format_html('alt="{}"', text)


@register.simple_tag
def image_description(content: object, field: str) -> str:
    """The same description as plain text, for `og:image:alt`."""
    return _description(content, field)[0]
