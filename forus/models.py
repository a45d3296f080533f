from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class SpanishReview(models.Model):
    """Campaign content whose Spanish text staff sign off once it is checked."""

    spanish_reviewed = models.BooleanField(
        _("Spanish checked"),
        default=False,
        help_text=_(
            "Tick once someone who reads Spanish well has checked the Spanish text. "
            "Until then the page still shows it, and admin lists it as awaiting review."
        ),
    )

    class Meta:
        abstract = True


def spanish_image_description(verbose_name: Promise, *, max_length: int) -> models.CharField:
    """The Spanish beside an image's English description (`{% image_alt %}` reads both).

    A plain field, not a modeltranslation one: the English description sits
    in a constraint that requires it with every image.
    """
    return models.CharField(
        verbose_name,
        max_length=max_length,
        blank=True,
        help_text=_(
            "For the Spanish pages, which use the English description until this is filled."
        ),
    )


class FallbackCounter(models.Model):
    """A rate-limit count or a used token, kept here only while Redis is unreachable."""

    key = models.CharField(max_length=250, unique=True)
    value = models.BigIntegerField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"
