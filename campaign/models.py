from django.core.exceptions import ValidationError
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


class WayToAct(SpanishReview):
    """One way to get involved, as the Get involved page and the home page list it.

    Where it leads is one of the site's own flows (in the visitor's language)
    or, for anything else, a web address staff enter.
    """

    class Destination(models.TextChoices):
        WEBINARS = "webinars", _("The webinars (register for the next one)")
        RECORDINGS = "recordings", _("Past webinars and their recordings")
        NEWSLETTER = "newsletter", _("The newsletter signup")
        NOMINATE = "nominate", _("The champion nomination form")
        SPOTLIGHTS = "spotlights", _("The Champion Spotlights")
        CONTACT = "contact", _("The contact form")
        ORGANISATION = "organisation", _("The Social Mission Alliance's website")
        OTHER = "other", _("Another web address (below)")

    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Lower numbers come first.")
    )
    title = models.CharField(_("title"), max_length=120)
    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("One or two sentences: what and why.")
    )
    button_label = models.CharField(
        _("button label"), max_length=60, help_text=_('What the button says, such as "Register".')
    )
    destination = models.CharField(
        _("leads to"), max_length=20, choices=Destination.choices, default=Destination.OTHER
    )
    url = models.URLField(
        _("web address"),
        blank=True,
        help_text=_('Only for "Another web address": the full address, starting with https://.'),
    )
    is_published = models.BooleanField(_("shown on the site"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("way to get involved")
        verbose_name_plural = _("ways to get involved")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(destination="other") | ~models.Q(url=""),
                name="way_to_act_other_needs_url",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.destination == self.Destination.OTHER and not self.url:
            raise ValidationError({"url": _("Enter the web address this leads to.")})


class OrganisationDetails(models.Model):
    """The Social Mission Alliance's public details: one row, edited by staff.

    What is blank is left off the site, never shown empty.
    """

    website = models.URLField(_("website"), blank=True)
    public_email = models.EmailField(
        _("public email address"),
        blank=True,
        help_text=_("Shown in the footer and on the About page. Leave blank to show none."),
    )
    linkedin_url = models.URLField(_("LinkedIn page"), blank=True)
    bluesky_url = models.URLField(_("Bluesky account"), blank=True)
    x_url = models.URLField(_("X (Twitter) account"), blank=True)
    instagram_url = models.URLField(_("Instagram account"), blank=True)
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    youtube_url = models.URLField(_("YouTube channel"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organisation details")
        verbose_name_plural = _("organisation details")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="organisation_details_one_row"),
        ]

    def __str__(self) -> str:
        return str(_("The Social Mission Alliance's details"))

    def save(self, *args: object, **kwargs: object) -> None:
        self.pk = 1
        super().save(*args, **kwargs)


class ContactMessage(models.Model):
    """A message sent through the contact form, kept for staff to answer."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email address"), max_length=254)
    subject = models.CharField(_("subject"), max_length=150)
    message = models.TextField(_("message"), max_length=5000)
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    staff_notes = models.TextField(_("staff notes"), blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")

    def __str__(self) -> str:
        return self.subject
