"""Which webinar content staff can write in each language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from webinars.models import Speaker, Webinar, WebinarResource


@register(Webinar)
class WebinarTranslation(TranslationOptions):
    fields = ("title", "summary", "description")
    required_languages = ("en",)


@register(Speaker)
class SpeakerTranslation(TranslationOptions):
    fields = ("credentials", "affiliation", "bio")


@register(WebinarResource)
class WebinarResourceTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ("en",)
