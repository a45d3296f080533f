from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forus.markdown import MARKDOWN_HELP
from forus.models import SpanishReview, StaffImage

# Where the hero images of pages and pillars are stored (see `forus.images`).
IMAGE_PREFIX = "campaign"


def campaign_image_url(name: str) -> str:
    return reverse("campaign:image", kwargs={"name": name.rpartition("/")[2]})


class Pillar(SpanishReview, StaffImage):
    """One of the campaign's five guiding pillars."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, help_text=_("Its place among the pillars, from 1.")
    )
    title = models.CharField(_("title"), max_length=120)
    slug = models.SlugField(_("web address"), max_length=120, unique=True)
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("One or two sentences for the home page and the list of pillars."),
    )
    body = models.TextField(_("full text"), help_text=MARKDOWN_HELP)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="pillar_number_from_one"
            ),
            StaffImage.image_has_alt_text("pillar_image_has_alt_text"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("campaign:pillar_detail", kwargs={"slug": self.slug})

    def image_url(self, name: str) -> str:
        return campaign_image_url(name)


class Page(SpanishReview, StaffImage):
    """A page of text that staff keep up to date: the mission, about, privacy."""

    class Slug(models.TextChoices):
        MISSION = "mission", _("Mission (shown on the home page)")
        INTRODUCTION = "introduction", _("Introduction")
        ABOUT = "about", _("About the Social Mission Alliance")
        PRIVACY = "privacy", _("Privacy")

    slug = models.SlugField(_("page"), choices=Slug.choices, unique=True)
    title = models.CharField(_("title"), max_length=160)
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("Shown in search results and when the page is shared."),
    )
    body = models.TextField(_("body"), help_text=MARKDOWN_HELP)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [StaffImage.image_has_alt_text("page_image_has_alt_text")]

    def __str__(self) -> str:
        return self.title

    def image_url(self, name: str) -> str:
        return campaign_image_url(name)

    def get_absolute_url(self) -> str:
        if self.slug == self.Slug.MISSION:
            return reverse("campaign:home")
        return reverse(f"campaign:{self.slug}")
