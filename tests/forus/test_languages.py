"""The language switch links to this page in the other language, on this site."""

from django.template import engines
from django.test import RequestFactory


def switch_links(path: str) -> str:
    request = RequestFactory().get("/")
    # What gunicorn passes on for https://site//evil.example/newsletter/.
    request.path = request.path_info = path
    template = engines["django"].from_string(
        "{% load languages %}{% language_alternates as alternates %}"
        "{% for alternate in alternates %}{{ alternate.path }} {% endfor %}"
    )
    return template.render({"request": request})


def test_a_path_with_two_leading_slashes_never_links_to_another_site():
    links = switch_links("//evil.example/newsletter/").split()
    # A page that does not exist links to itself, now a path on this site.
    assert links == ["/evil.example/newsletter/", "/evil.example/newsletter/"]
    assert not switch_links("/\\evil.example/").startswith(("//", "/\\"))


def test_an_ordinary_page_links_to_itself_in_each_language():
    assert switch_links("/newsletter/").split() == ["/newsletter/", "/es/newsletter/"]
