"""English content on a Spanish page is marked as English for screen readers."""

from django.template import engines
from django.utils import translation

from campaign.models import Page


def render(source: str, **context: object) -> str:
    template = engines["django"].from_string("{% load content_language %}" + source)
    return template.render(context)


def test_an_image_description_is_marked_english_off_english_pages():
    source = "<img {% english_alt text %}>"
    assert render(source, text="Ada at the clinic") == '<img alt="Ada at the clinic">'
    with translation.override("es"):
        assert render(source, text="Ada at the clinic") == (
            '<img alt="Ada at the clinic" lang="en">'
        )
        # Escaped like any other text, and an empty description stays empty.
        assert render(source, text='"><script>') == (
            '<img alt="&quot;&gt;&lt;script&gt;" lang="en">'
        )
        assert render(source, text="") == '<img alt="">'


def test_a_translated_field_is_marked_english_only_where_it_falls_back():
    page = Page(title_en="About us", title_es="")
    with translation.override("es"):
        assert render('{% translated page "title" %}', page=page) == (
            '<span lang="en">About us</span>'
        )
        page.title_es = "Quiénes somos"
        assert render('{% translated page "title" %}', page=page) == "Quiénes somos"
    assert render('{% translated page "title" %}', page=page) == "About us"
