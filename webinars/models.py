import uuid
import zoneinfo
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from forus.markdown import MARKDOWN_HELP
from forus.models import SpanishReview, StaffImage, spanish_image_description
from webinars.time_zones import EASTERN_TIME, validate_time_zone, zone_label

# Where flyers and speakers' photos are stored, under random names; nothing
# serves these folders: the image view does, once the webinar is public.
FLYER_PREFIX = "webinars/flyers"
COVER_PREFIX = "webinars/covers"
SPEAKER_PHOTO_PREFIX = "webinars/speakers"
# Transcripts and captions files staff upload for a past webinar, under
# random names; served by the transcript view once the webinar is public.
TRANSCRIPT_PREFIX = "webinars/transcripts"


class WebinarQuerySet(models.QuerySet):
    def for_public_display(self) -> "WebinarQuerySet":
        """Published and cancelled webinars; drafts are for staff only."""
        return self.filter(status__in=[Webinar.Status.PUBLISHED, Webinar.Status.CANCELLED])

    def open_for_registration(self, *, now: datetime) -> "WebinarQuerySet":
        return self.filter(
            status=Webinar.Status.PUBLISHED, registration_open=True, starts_at__gt=now
        )

    def with_registration_counts(self) -> "WebinarQuerySet":
        return self.annotate(
            registered_count=models.Count(
                "registrations", filter=models.Q(registrations__status="registered")
            ),
            waitlisted_count=models.Count(
                "registrations", filter=models.Q(registrations__status="waitlisted")
            ),
        )


class Webinar(SpanishReview, StaffImage):
    """A live online event people register for."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft (not on the site)")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled (shown as cancelled)")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("web address"), max_length=200, unique=True)
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("One or two sentences for the list of webinars and the home page."),
    )
    description = models.TextField(_("description"), blank=True, help_text=MARKDOWN_HELP)
    starts_at = models.DateTimeField(
        _("starts"), help_text=_("In Eastern Time, as the site's admin shows every time.")
    )
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone shown"),
        max_length=64,
        default=EASTERN_TIME,
        validators=[validate_time_zone],
        help_text=_(
            "The zone the page and emails give the time in, such as America/New_York "
            "(Eastern Time)."
        ),
    )
    capacity = models.PositiveIntegerField(
        _("seats"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit. When the seats are taken, people join a waitlist."),
    )
    registration_open = models.BooleanField(
        _("registration open"),
        default=True,
        help_text=_("Untick to close registration early. It always closes at the start time."),
    )
    join_url = models.URLField(
        _("join link"),
        max_length=500,
        blank=True,
        help_text=_("Sent only by email to registered people; never shown on the site."),
    )
    recording_url = models.URLField(
        _("recording link"),
        max_length=500,
        blank=True,
        help_text=_("Shown on the page once the webinar is over."),
    )
    slides_url = models.URLField(
        _("slides link"),
        max_length=500,
        blank=True,
        help_text=_("Shown on the page and in the archive once the webinar is over."),
    )
    transcript = models.TextField(
        _("transcript"),
        blank=True,
        help_text=_(
            "The words of the recording, as plain text; shown on the page once the webinar "
            "is over."
        ),
    )
    # Set only through `webinar_transcript_replace`, which checks the upload.
    transcript_file = models.FileField(
        _("transcript or captions file"), max_length=200, blank=True, editable=False
    )
    speakers = models.ManyToManyField(
        "Speaker",
        through="WebinarSpeaker",
        related_name="webinars",
        blank=True,
        verbose_name=_("speakers"),
    )
    # Set only through `webinar_flyer_replace`, which re-encodes the upload.
    flyer = models.FileField(_("flyer"), max_length=200, blank=True, editable=False)
    flyer_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    flyer_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    flyer_alt = models.CharField(
        _("flyer description"),
        max_length=500,
        blank=True,
        help_text=_("What the flyer shows, for people who cannot see it. Required with a flyer."),
    )
    flyer_alt_es = spanish_image_description(_("flyer description in Spanish"), max_length=500)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # How often the time has changed since people registered: the calendar
    # files' SEQUENCE, so a calendar replaces its entry with the new one.
    schedule_sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = WebinarQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("webinar")
        verbose_name_plural = _("webinars")
        indexes = [models.Index(fields=["starts_at"], name="webinar_starts_at")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="webinar_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(flyer="") | ~models.Q(flyer_alt=""),
                name="webinar_flyer_has_alt_text",
            ),
            StaffImage.image_has_alt_text("webinar_image_has_alt_text"),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "published", "cancelled"]),
                name="webinar_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("webinars:webinar_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The webinar must end after it starts.")
        if self.flyer and not self.flyer_alt.strip():
            errors["flyer_alt"] = _("Describe the flyer for people who cannot see it.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_public(self) -> bool:
        """Shown on the site (see `for_public_display`): not a draft."""
        return self.status != self.Status.DRAFT

    @property
    def flyer_url(self) -> str:
        return _image_url(self.flyer.name)

    def image_url(self, name: str) -> str:
        """A stored file of the cover image, served by a view that checks the webinar."""
        return reverse("webinars:cover", kwargs={"pk": self.pk, "name": name.rpartition("/")[2]})

    @property
    def transcript_file_url(self) -> str:
        name = self.transcript_file.name
        if not name:
            return ""
        return reverse("webinars:transcript_file", kwargs={"name": name.rpartition("/")[2]})

    @property
    def transcript_file_kind(self) -> str:
        """The uploaded file's kind, as its extension says (checked on upload): vtt, txt, pdf."""
        return self.transcript_file.name.rpartition(".")[2]

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def zone_label(self) -> str:
        return zone_label(self.time_zone)

    def has_ended(self, *, now: datetime | None = None) -> bool:
        return self.ends_at <= (now or timezone.now())

    def registration_closed_reason(self, *, now: datetime | None = None) -> str:
        """Why nobody can register now, in words for the page; empty while open."""
        now = now or timezone.now()
        if self.status == self.Status.CANCELLED:
            return _("This webinar has been cancelled.")
        if self.status != self.Status.PUBLISHED:
            return _("Registration for this webinar is not open.")
        if self.starts_at <= now:
            return _("Registration closed when the webinar started.")
        if not self.registration_open:
            return _("Registration for this webinar has closed.")
        return ""


class Speaker(models.Model):
    """A person who speaks at or moderates webinars: one record for all their webinars."""

    name = models.CharField(_("name"), max_length=120)
    credentials = models.CharField(
        _("credentials"), max_length=120, blank=True, help_text=_("Such as MD, MPH.")
    )
    affiliation = models.CharField(_("affiliation"), max_length=300, blank=True)
    bio = models.TextField(_("bio"), blank=True)
    # Set only through `speaker_photo_replace`, which re-encodes the upload.
    photo = models.FileField(_("photo"), max_length=200, blank=True, editable=False)
    photo_alt = models.CharField(
        _("photo description"),
        max_length=300,
        blank=True,
        help_text=_("What the photo shows. Required with a photo."),
    )
    photo_alt_es = spanish_image_description(_("photo description in Spanish"), max_length=300)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(photo="") | ~models.Q(photo_alt=""),
                name="speaker_photo_has_alt_text",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    def clean(self) -> None:
        if self.photo and not self.photo_alt.strip():
            raise ValidationError(
                {"photo_alt": _("Describe the photo for people who cannot see it.")}
            )

    @property
    def photo_url(self) -> str:
        return _image_url(self.photo.name)


class WebinarSpeaker(models.Model):
    """A speaker's part in one webinar: speaker or moderator, and where they are listed."""

    class Role(models.TextChoices):
        SPEAKER = "speaker", pgettext_lazy("speaker role", "Speaker")
        MODERATOR = "moderator", pgettext_lazy("speaker role", "Moderator")

    webinar = models.ForeignKey(
        Webinar,
        on_delete=models.CASCADE,
        related_name="speaker_appearances",
        verbose_name=_("webinar"),
    )
    speaker = models.ForeignKey(
        Speaker,
        # A speaker listed on a webinar is removed from it first.
        on_delete=models.PROTECT,
        related_name="appearances",
        verbose_name=_("speaker"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.SPEAKER)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("speaker of the webinar")
        verbose_name_plural = _("speakers of the webinar")
        constraints = [
            models.UniqueConstraint(fields=["webinar", "speaker"], name="webinar_speaker_once"),
            models.CheckConstraint(
                condition=models.Q(role__in=["speaker", "moderator"]),
                name="webinar_speaker_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.speaker} ({self.get_role_display()})"


class WebinarResource(models.Model):
    """A link staff list on a past webinar's page and in the archive, in their order."""

    webinar = models.ForeignKey(
        Webinar, on_delete=models.CASCADE, related_name="resources", verbose_name=_("webinar")
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self) -> str:
        return self.title


def _image_url(name: str) -> str:
    if not name:
        return ""
    return reverse("webinars:image", kwargs={"name": name.rpartition("/")[2]})


class Registration(models.Model):
    """One person's place at a webinar: a seat, a place on the waitlist, or cancelled."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("On the waitlist")
        # Registered while the webinar was nearly full or in a rush: no seat
        # and no waitlist place until the person confirms by the emailed link.
        PENDING = "pending", _("Waiting for the person to confirm")
        CANCELLED = "cancelled", _("Cancelled")

    class EmailProblem(models.TextChoices):
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Marked an email as spam")

    class Role(models.TextChoices):
        STUDENT = "student", _("Student")
        TRAINEE = "trainee", _("Trainee")
        FACULTY = "faculty", _("Faculty")
        CLINICIAN = "clinician", _("Clinician")
        COMMUNITY_MEMBER = "community_member", _("Community member")
        OTHER = "other", _("Other")

    webinar = models.ForeignKey(
        Webinar,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("webinar"),
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(
        _("email"), max_length=254, help_text=_("Stored in lower case, as typed otherwise.")
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    question = models.TextField(_("question for the panel"), max_length=2000, blank=True)
    accommodations = models.TextField(
        _("accessibility accommodations"), max_length=1000, blank=True
    )
    newsletter_opt_in = models.BooleanField(_("newsletter opt-in"), default=False)
    newsletter_consent = models.TextField(
        _("newsletter consent wording"),
        blank=True,
        help_text=_("The words the person agreed to, in their language, when they opted in."),
    )
    newsletter_opted_in_at = models.DateTimeField(_("opted in to the newsletter"), null=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=EASTERN_TIME, validators=[validate_time_zone]
    )
    language = models.CharField(_("language"), max_length=8)
    source = models.CharField(
        _("source"),
        max_length=64,
        blank=True,
        help_text=_("The ?source= code on the link the person followed."),
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    confirm_by = models.DateTimeField(
        _("to confirm by"),
        null=True,
        blank=True,
        help_text=_("A registration waiting for confirmation lapses at this time."),
    )
    # A keyed hash of the address the form came from (never the address
    # itself): how many registrations one connection holds for a webinar.
    client_key = models.CharField(max_length=64, blank=True, editable=False)
    confirmation_sent_at = models.DateTimeField(_("confirmation last queued"), null=True)
    # The re-sends of the confirmation in the day that began at
    # confirmation_resends_since: a daily cap on top of the hourly one.
    confirmation_resends = models.PositiveSmallIntegerField(
        _("confirmation re-sends that day"), default=0, editable=False
    )
    confirmation_resends_since = models.DateTimeField(
        _("confirmation re-sends counted since"), null=True, editable=False
    )
    promoted_at = models.DateTimeField(_("given a seat from the waitlist"), null=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True)
    reminder_24h_sent_at = models.DateTimeField(_("24-hour reminder queued"), null=True)
    reminder_1h_sent_at = models.DateTimeField(_("1-hour reminder queued"), null=True)
    join_url_sent = models.URLField(
        _("join link last emailed"), max_length=500, blank=True, editable=False
    )
    recording_sent_at = models.DateTimeField(_("recording email queued"), null=True)
    # Set from the mail provider's reports: the outbox has suppressed the
    # address, so no email about this registration reaches the person.
    email_problem = models.CharField(
        _("email problem"), max_length=10, choices=EmailProblem.choices, blank=True
    )
    email_problem_at = models.DateTimeField(_("email problem reported"), null=True, blank=True)
    # Set when the person's details were replaced, KEEP_REGISTRATIONS_DAYS
    # after the webinar: the row stays, so the counts stay right.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [
            models.Index(fields=["webinar", "status", "created_at"], name="registration_queue"),
        ]
        constraints = [
            # One live registration per address per webinar; a cancelled one
            # does not stop the person registering again.
            models.UniqueConstraint(
                Lower("email"),
                "webinar",
                condition=~models.Q(status="cancelled"),
                name="registration_one_live_per_email",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["registered", "waitlisted", "pending", "cancelled"]
                ),
                name="registration_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="pending") | models.Q(confirm_by__isnull=False),
                name="registration_pending_has_a_deadline",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    role__in=[
                        "student",
                        "trainee",
                        "faculty",
                        "clinician",
                        "community_member",
                        "other",
                    ]
                ),
                name="registration_role_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status="cancelled") | models.Q(cancelled_at__isnull=True),
                name="registration_cancelled_at_only_when_cancelled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_live(self) -> bool:
        return self.status != self.Status.CANCELLED


class AccommodationRequest(models.Model):
    """What a registrant asked us to arrange so they can take part, as work for coordinators.

    One per registration, made by the registration services. While its
    registration is cancelled (or still unconfirmed) it is no longer work:
    the selectors and the reminders leave it out, whatever its status.
    """

    class Need(models.TextChoices):
        CAPTIONS = "captions", _("Live captions")
        ASL = "asl", _("ASL (American Sign Language) interpretation")
        OTHER = "other", _("Something else (tell us below)")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ARRANGED = "arranged", _("Arranged")
        NOT_ARRANGED = "not_arranged", _("Could not arrange")

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="accommodation_request",
        verbose_name=_("registration"),
    )
    needs = models.JSONField(_("needs"), default=list, blank=True)
    details = models.TextField(_("in the registrant's words"), max_length=1000, blank=True)
    due_on = models.DateField(
        _("due on"),
        help_text=_("The day it must be arranged by, some days before the webinar."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"is_staff": True, "is_active": True},
        verbose_name=_("owner"),
        help_text=_("The coordinator who arranges it."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    note = models.TextField(
        _("note for staff"),
        blank=True,
        help_text=_("Who was booked, what is left to do. The registrant never sees it."),
    )
    # The status the registrant was last emailed about: each change to
    # arranged or could-not-arrange is told once, however often it is saved.
    registrant_told = models.CharField(max_length=12, blank=True, editable=False)
    # Coordinators were told it arrived (deferred until a registration made
    # under pressure is confirmed).
    coordinators_told_at = models.DateTimeField(null=True, editable=False)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("accommodation request")
        verbose_name_plural = _("accommodation requests")
        indexes = [models.Index(fields=["status", "due_on"], name="accommodation_open_by_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["open", "arranged", "not_arranged"]),
                name="accommodation_request_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return _("%(name)s, %(webinar)s") % {
            "name": self.registration.full_name,
            "webinar": self.registration.webinar.title,
        }

    @property
    def needs_display(self) -> list[str]:
        """The needs ticked, in words, in the current language."""
        labels = dict(self.Need.choices)
        return [str(labels[need]) for need in self.needs if need in labels]

    @property
    def is_needed(self) -> bool:
        """Still work: its registration holds a seat or a waitlist place."""
        return self.registration.status in {
            Registration.Status.REGISTERED,
            Registration.Status.WAITLISTED,
        }


class AccommodationReminder(models.Model):
    """A day's reminder of the open accommodation requests sent to one address: at most one."""

    to = models.EmailField(max_length=254)
    sent_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["to", "sent_on"], name="accommodation_reminder_daily"),
        ]

    def __str__(self) -> str:
        return f"{self.to} {self.sent_on}"
