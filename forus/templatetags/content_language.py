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


@register.simple_tag
def english_alt(text: str) -> SafeString:
    """`alt="…"` for a description staff write once, in English; marked so off English pages.

    Image descriptions have no Spanish field (they sit in constraints that
    require one with every image), so a Spanish page gives the English one
    with `lang="en"`, for screen readers to read it with an English voice.
    """
    if get_language() == "en" or not text:
        return format_html('alt="{}"', text)
    return format_html('alt="{}" lang="en"', text)
