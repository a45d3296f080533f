"""Which spotlight content staff can write in each language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from champions.models import Spotlight


@register(Spotlight)
class SpotlightTranslation(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = ("en",)
