"""Which campaign content staff can write in each language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from campaign.models import Page, Pillar, WayToAct


@register(Pillar)
class PillarTranslation(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = ("en",)


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = ("en",)


@register(WayToAct)
class WayToActTranslation(TranslationOptions):
    fields = ("title", "summary", "button_label")
    required_languages = ("en",)
