from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonLink(models.Model):
    """One request for a link to "My For Us All": the address it is for, and its language.

    The emailed token carries only this row's id. A request for an address
    the site holds nothing for is deleted by the task that finds so; every
    row goes a few hours after it was made, and with an erasure.
    """

    email = models.EmailField(_("email address"), max_length=254)
    language = models.CharField(_("language"), max_length=8)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("link emailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("link to a person's page")
        verbose_name_plural = _("links to a person's page")
        indexes = [models.Index(fields=["email"], name="personlink_email")]

    def __str__(self) -> str:
        return f"#{self.pk}"


class AuditEntry(models.Model):
    """Who looked up, exported or erased a person's data, when, and how much.

    Never the address itself: a keyed hash of it, which finds the entries of
    an address someone types again, and says nothing once it is erased.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Looked up")
        EXPORT = "export", _("Exported")
        ERASE = "erase", _("Erased")

    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Empty when the person did it themselves, through their emailed link."),
    )
    actor_name = models.CharField(_("staff member's username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    email_hash = models.CharField(_("address (keyed hash)"), max_length=64, db_index=True)
    counts = models.JSONField(_("records"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        permissions = [("find_person", _("Can find a person, export and erase their data"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=["view", "export", "erase"]),
                name="auditentry_action_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.created_at:%Y-%m-%d %H:%M}"
