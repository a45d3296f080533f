from django.db import models
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
