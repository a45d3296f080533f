"""English content on a Spanish page is marked as English for screen readers."""

from django.template import engines
from django.utils import translation

from campaign.models import Page
from webinars.models import Speaker


def render(source: str, **context: object) -> str:
    template = engines["django"].from_string("{% load content_language %}" + source)
    return template.render(context)


def test_an_image_description_is_in_spanish_or_marked_english_on_spanish_pages():
    speaker = Speaker(photo_alt="Ada at the clinic", photo_alt_es="")
    source = '<img {% image_alt speaker "photo_alt" %}>'
    assert render(source, speaker=speaker) == '<img alt="Ada at the clinic">'
    with translation.override("es"):
        assert render(source, speaker=speaker) == '<img alt="Ada at the clinic" lang="en">'
        speaker.photo_alt_es = "Ada en la clínica"
        assert render(source, speaker=speaker) == '<img alt="Ada en la clínica">'
        # Escaped like any other text; no description stays empty.
        speaker.photo_alt_es = '"><script>'
        assert render(source, speaker=speaker) == '<img alt="&quot;&gt;&lt;script&gt;">'
        assert render(source, speaker=Speaker()) == '<img alt="">'
    assert render(source, speaker=speaker) == '<img alt="Ada at the clinic">'


def test_a_translated_field_is_marked_english_only_where_it_falls_back():
    page = Page(title_en="About us", title_es="")
    with translation.override("es"):
        assert render('{% translated page "title" %}', page=page) == (
            '<span lang="en">About us</span>'
        )
        page.title_es = "Quiénes somos"
        assert render('{% translated page "title" %}', page=page) == "Quiénes somos"
    assert render('{% translated page "title" %}', page=page) == "About us"
