from datetime import datetime

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboundEmailQuerySet(models.QuerySet):
    def release_stale_claims(self, *, claimed_before: datetime, now: datetime) -> list[int]:
        """Sending → pending, due now, for claims of workers that died; returns their ids."""
        stale = self.filter(status=OutboundEmail.Status.SENDING, claimed_at__lt=claimed_before)
        ids = list(stale.values_list("pk", flat=True))
        stale.filter(pk__in=ids).update(
            status=OutboundEmail.Status.PENDING,
            next_attempt_at=now,
            last_error="The worker sending it stopped before it finished; sending again.",
        )
        return ids

    def requeue(self, *, now: datetime) -> list[int]:
        """Any state but sending → pending with fresh attempts; returns their ids."""
        emails = self.exclude(status=OutboundEmail.Status.SENDING)
        ids = list(emails.values_list("pk", flat=True))
        self.filter(pk__in=ids).update(
            status=OutboundEmail.Status.PENDING, attempts=0, next_attempt_at=now, last_error=""
        )
        return ids


class OutboundEmail(models.Model):
    """One email to one recipient, kept until it is sent and after.

    Every change of status is one of the methods below: claimed (pending →
    sending), then sent, failed or back to pending for a retry; a claim is
    released or a row requeued by the queryset methods.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        # Not sent: the address is suppressed (it bounced for good, or its
        # owner marked an email as spam).
        SUPPRESSED = "suppressed", _("Not sent: address suppressed")

    class Report(models.TextChoices):
        """What the mail provider reported after the mail server accepted it."""

        DELIVERED = "delivered", _("Delivered")
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Marked as spam")

    to = models.EmailField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("plain-text body"))
    body_html = models.TextField(_("HTML body"))
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    template = models.CharField(
        _("template"), max_length=120, help_text=_("Which kind of email this is.")
    )
    app_label = models.CharField(
        _("app"),
        max_length=100,
        blank=True,
        help_text=_("The app that queued it; who may read it depends on that app."),
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    not_after = models.DateTimeField(
        _("too late after"),
        null=True,
        blank=True,
        help_text=_("An email about a moment (a reminder) is not sent once it has passed."),
    )
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    report = models.CharField(
        _("provider's report"), max_length=10, choices=Report.choices, blank=True
    )
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    soft_bounces = models.PositiveSmallIntegerField(
        _("soft bounces"),
        default=0,
        help_text=_("Times the provider reported a temporary failure and tried again."),
    )

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        indexes = [
            # The sweep's question: what is due and not yet sent?
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="outbox_pending_due",
            ),
            models.Index(
                fields=["claimed_at"],
                condition=models.Q(status="sending"),
                name="outbox_sending_since",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["pending", "sending", "sent", "failed", "suppressed"]
                ),
                name="outbox_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"

    @classmethod
    def mark_sending(cls, *, pk: int, now: datetime) -> "OutboundEmail | None":
        """Claim a due pending row for one delivery attempt; None if it is not ours to send.

        The claim is a conditional update, so two workers, or a worker and
        the sweep, never both send the same row.
        """
        # UPDATE ... RETURNING: the claim and the row in one round trip, as
        # Django's update() returns only a count.
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in cls._meta.concrete_fields)
        claimed = cls.objects.raw(
            f"UPDATE {quote(cls._meta.db_table)} "  # noqa: S608 - names from the model
            f"SET {quote('status')} = %s, {quote('claimed_at')} = %s, "
            f"{quote('attempts')} = {quote('attempts')} + 1 "
            f"WHERE {quote('id')} = %s AND {quote('status')} = %s "
            f"AND {quote('next_attempt_at')} <= %s "
            f"RETURNING {columns}",
            [cls.Status.SENDING, now, pk, cls.Status.PENDING, now],
        )
        return next(iter(claimed), None)

    def _ours(self) -> models.QuerySet:
        """This row while our claim on it holds (the sweep may have taken it back)."""
        return OutboundEmail.objects.filter(
            pk=self.pk, status=self.Status.SENDING, claimed_at=self.claimed_at
        )

    def mark_sent(self, *, now: datetime) -> bool:
        """Record that the mail server accepted it."""
        return bool(self._ours().update(status=self.Status.SENT, sent_at=now))

    def mark_failed(self, *, error: str) -> bool:
        """Give up on it for good."""
        return bool(self._ours().update(status=self.Status.FAILED, last_error=error))

    def mark_retry(self, *, error: str, at: datetime) -> bool:
        """Put it back to wait until `at`."""
        return bool(
            self._ours().update(status=self.Status.PENDING, last_error=error, next_attempt_at=at)
        )

    def mark_suppressed(self, *, error: str) -> bool:
        """Do not send it: its address is suppressed."""
        return bool(self._ours().update(status=self.Status.SUPPRESSED, last_error=error))


class OutboundAttachment(models.Model):
    """A file sent with an email, such as a webinar's calendar entry."""

    email = models.ForeignKey(OutboundEmail, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("content type"), max_length=100)
    content = models.BinaryField(_("content"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename


class SuppressionQuerySet(models.QuerySet):
    def active(self) -> "SuppressionQuerySet":
        return self.filter(lifted_at__isnull=True)


class Suppression(models.Model):
    """An address the site sends nothing to: it bounced for good, or its owner complained.

    Written from the mail provider's reports; staff may lift it, which lets
    new emails go to the address again. A lifted suppression stays as a
    record, and the address can be suppressed again.
    """

    class Reason(models.TextChoices):
        BOUNCE = "bounce", _("Hard bounce")
        COMPLAINT = "complaint", _("Spam complaint")

    address = models.EmailField(
        _("address"), max_length=254, help_text=_("In the one form the site stores addresses.")
    )
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    provider = models.CharField(_("reported by"), max_length=40, blank=True)
    event_id = models.CharField(_("provider's event id"), max_length=255, blank=True)
    detail = models.TextField(_("provider's description"), blank=True)
    created_at = models.DateTimeField(_("suppressed"), default=timezone.now)
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lifted by"),
    )

    objects = SuppressionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")
        constraints = [
            # One suppression in force per address; lifted ones are history.
            models.UniqueConstraint(
                "address",
                condition=models.Q(lifted_at__isnull=True),
                name="suppression_one_active_per_address",
            ),
            models.CheckConstraint(
                condition=models.Q(reason__in=["bounce", "complaint"]),
                name="suppression_reason_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.address
