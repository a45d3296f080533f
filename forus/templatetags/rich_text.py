from django import template
from django.utils.safestring import SafeString

from forus.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """Staff-written Markdown as sanitised HTML: `{{ page.body|markdown }}`."""
    return render_markdown(text)
