"""Absolute links are built on SITE_URL, in the language asked for."""

from django.utils import translation

from forus.links import absolute_reverse, absolute_url


def test_absolute_url_puts_the_path_on_site_url(settings):
    settings.SITE_URL = "https://forusall.example.org"

    assert absolute_url("/champions/") == "https://forusall.example.org/champions/"


def test_absolute_reverse_uses_the_language_asked_for_and_leaves_the_active_one(settings):
    settings.SITE_URL = "https://forusall.example.org"

    with translation.override("en"):
        spanish = absolute_reverse(
            "champions:nominee_consent", kwargs={"token": "t"}, language="es"
        )
        english = absolute_reverse("champions:feed")
        assert translation.get_language() == "en"

    assert spanish == "https://forusall.example.org/es/champions/consent/t/"
    assert english == "https://forusall.example.org/champions/feed/"
