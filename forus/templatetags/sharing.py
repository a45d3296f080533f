"""`{% share_block path title heading %}`: the share links and copy-link field of a page."""

from django import template

from forus.sharing import share_links

register = template.Library()


@register.inclusion_tag("includes/share_links.html")
def share_block(path: str, title: str, heading: str) -> dict[str, object]:
    return {"share": share_links(path=path, title=str(title)), "heading": heading}
