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
