from datetime import datetime

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
                condition=models.Q(status__in=["pending", "sending", "sent", "failed"]),
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
