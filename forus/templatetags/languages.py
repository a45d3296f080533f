from dataclasses import dataclass

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


@dataclass(frozen=True)
class Alternate:
    code: str
    name: str
    path: str
    current: bool


def _on_this_site(path: str) -> str:
    """The path with one leading slash: "//evil.example/" would be another site."""
    return "/" + path.lstrip("/\\")


@register.simple_tag(takes_context=True)
def language_alternates(context: template.Context) -> list[Alternate]:
    """This page in each of the site's languages, named in that language.

    A page may name another path as its own (`alternates_path`): the 404
    page names the home page.
    """
    request: HttpRequest | None = context.get("request")
    full_path = context.get("alternates_path") or (
        _on_this_site(request.get_full_path()) if request else "/"
    )
    current = get_language()
    return [
        Alternate(
            code=code,
            name=get_language_info(code)["name_local"].capitalize(),
            path=translate_url(full_path, code),
            current=code == current,
        )
        for code, _name in settings.LANGUAGES
    ]


@register.simple_tag
def translated_path(path: str, code: str) -> str:
    """`path` in the language `code`: where a form posts when the language changes."""
    return translate_url(_on_this_site(path), code)
