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


class StaffImage(models.Model):
    """An image staff upload for a page (a hero, a cover), kept at several sizes.

    `image` holds what `forus.images.image_renditions_store` stored (empty
    when there is none); `{% responsive_image %}` draws it. Each model adds
    a check that the English description is there whenever the image is.
    """

    image = models.JSONField(default=dict, blank=True, editable=False)
    image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it. Required with an image."),
    )
    image_alt_es = spanish_image_description(_("image description in Spanish"), max_length=250)

    class Meta:
        abstract = True

    def image_url(self, name: str) -> str:
        """The path of one stored file of the image, through the app's own view."""
        raise NotImplementedError

    @staticmethod
    def image_has_alt_text(name: str) -> models.CheckConstraint:
        return models.CheckConstraint(
            condition=models.Q(image={}) | ~models.Q(image_alt=""), name=name
        )


class FallbackCounter(models.Model):
    """A rate-limit count or a used token, kept here only while Redis is unreachable."""

    key = models.CharField(max_length=250, unique=True)
    value = models.BigIntegerField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"
