from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Subscriber(models.Model):
    """A reader of Health Advocate Insights, from signup through double opt-in."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    class EmailProblem(models.TextChoices):
        """What the mail provider reported about the address (it is suppressed in the outbox)."""

        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Marked an email as spam")

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
    # Left out of the export while set; cleared when staff lift the suppression.
    email_problem = models.CharField(
        _("email problem"), max_length=10, choices=EmailProblem.choices, blank=True
    )
    email_problem_at = models.DateTimeField(_("email problem reported"), null=True, blank=True)

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
