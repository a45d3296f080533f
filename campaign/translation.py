"""Which campaign content staff can write in each language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from campaign.models import Page, Pillar


@register(Pillar)
class PillarTranslation(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = ("en",)


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = ("en",)
