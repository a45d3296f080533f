from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forus.markdown import MARKDOWN_HELP
from forus.models import SpanishReview


class Pillar(SpanishReview):
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
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("campaign:pillar_detail", kwargs={"slug": self.slug})


class Page(SpanishReview):
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

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.slug == self.Slug.MISSION:
            return reverse("campaign:home")
        return reverse(f"campaign:{self.slug}")


class Subscriber(models.Model):
    """A reader of Health Advocate Insights, from signup through double opt-in."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    class Source(models.TextChoices):
        HOME_PAGE = "home_page", _("Home page")
        NEWSLETTER_PAGE = "newsletter_page", _("Newsletter page")
        WEBINAR_REGISTRATION = "webinar_registration", _("Webinar registration")

    email = models.EmailField(_("email address"), max_length=254)
    name = models.CharField(_("name"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    source = models.CharField(
        _("signed up on"), max_length=20, choices=Source.choices, default=Source.NEWSLETTER_PAGE
    )
    language = models.CharField(
        _("language"), max_length=8, help_text=_("The language of the emails they get.")
    )
    consent_wording = models.TextField(
        _("consent wording"), help_text=_("The words they agreed to, as they were shown.")
    )
    consented_at = models.DateTimeField(_("consent given"))
    confirmation_sent_at = models.DateTimeField(
        _("confirmation email last sent"), null=True, blank=True
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    created_at = models.DateTimeField(_("first signed up"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        constraints = [
            # One row per address, whatever its case: Ana@Example.org is ana@example.org.
            models.UniqueConstraint(
                Lower("email"),
                name="subscriber_email_unique_ci",
                violation_error_message=_("This address is already on the list."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "confirmed", "unsubscribed"]),
                name="subscriber_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    source__in=["home_page", "newsletter_page", "webinar_registration"]
                ),
                name="subscriber_source_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(consent_wording=""), name="subscriber_consent_recorded"
            ),
            # Never confirmed without a time of confirming, never left without a time of leaving.
            models.CheckConstraint(
                condition=~models.Q(status="confirmed") | models.Q(confirmed_at__isnull=False),
                name="subscriber_confirmed_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="unsubscribed")
                | models.Q(unsubscribed_at__isnull=False),
                name="subscriber_unsubscribed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.email
