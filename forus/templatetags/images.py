"""`{% responsive_image %}`: a staff image at the size the browser needs."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from forus.links import absolute_url
from forus.models import StaffImage
from forus.templatetags.content_language import image_alt

register = template.Library()


@register.simple_tag
def responsive_image(
    content: StaffImage,
    *,
    sizes: str = "100vw",
    eager: bool = False,
    css_class: str = "",
) -> SafeString:
    """A `<picture>` of `content.image`: WebP sources with a JPEG fallback.

    The first image of a page that sits above the fold passes `eager=True`: it
    loads at once, before others; the rest load as they come into view.
    Nothing is drawn when there is no image.
    """
    record = getattr(content, "image", None) or {}
    sources = record.get("sources")
    if not sources:
        return SafeString("")

    def srcset(kind: str) -> str:
        return ", ".join(
            f"{content.image_url(source[kind])} {source['width']}w" for source in sources
        )

    loading = (
        SafeString('loading="eager" fetchpriority="high"')
        if eager
        else SafeString('loading="lazy" decoding="async"')
    )
    # The middle size is the fallback for browsers that know neither srcset nor WebP.
    fallback = sources[min(1, len(sources) - 1)]
    return format_html(
        '<picture{}><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" {} {}></picture>',
        format_html(' class="{}"', css_class) if css_class else "",
        srcset("webp"),
        sizes,
        content.image_url(fallback["jpg"]),
        srcset("jpg"),
        sizes,
        record["width"],
        record["height"],
        image_alt(content, "image_alt"),
        loading,
    )


@register.simple_tag
def open_graph_image(content: StaffImage) -> str:
    """The absolute address of `content`'s social card, or "" when it has none."""
    record = getattr(content, "image", None) or {}
    if not record.get("open_graph"):
        return ""
    return absolute_url(content.image_url(record["open_graph"]))
