from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaign.models import Pillar
from forus.markdown import MARKDOWN_HELP
from forus.models import SpanishReview, spanish_image_description

WORD_LIMIT = 400
# The spotlight pages share their address space with these.
RESERVED_SLUGS = frozenset({"nominate", "consent", "feed", "photos"})


def validate_spotlight_slug(slug: str) -> None:
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is the address of another page. Choose another."),
            code="reserved",
            params={"slug": slug},
        )


class Profession(models.TextChoices):
    MEDICINE = "medicine", _("Medicine")
    NURSING = "nursing", _("Nursing")
    DENTISTRY = "dentistry", _("Dentistry")
    SOCIAL_WORK = "social_work", _("Social work")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    PUBLIC_HEALTH = "public_health", _("Public health")
    OTHER = "other", _("Other")


class Nomination(models.Model):
    """A Social Mission Champion put forward through the public form."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    class Consent(models.TextChoices):
        """The nominee's agreement to be featured."""

        SELF = "self", _("Given on the form (self-nomination)")
        NOT_ASKED = "not_asked", _("Not asked yet")
        ASKED = "asked", _("Asked, no answer yet")
        APPROVED = "approved", _("Approved by the nominee")
        CHANGES = "changes", _("The nominee asked for changes")
        DECLINED = "declined", _("Declined by the nominee")
        STAFF_CONFIRMED = "staff_confirmed", _("Confirmed by staff (no nominee email)")

    class NameDisplay(models.TextChoices):
        FULL = "full", _("Full name")
        FIRST = "first", _("First name only")

    # Consent answers that let a spotlight about the nominee go public.
    PUBLISHABLE_CONSENT = frozenset({Consent.SELF, Consent.APPROVED, Consent.STAFF_CONFIRMED})

    nominator_name = models.CharField(_("nominator’s name"), max_length=120)
    nominator_email = models.EmailField(_("nominator’s email"), max_length=254)
    is_self_nomination = models.BooleanField(_("self-nomination"), default=False)
    relationship = models.CharField(_("relationship to the nominee"), max_length=120, blank=True)
    # The full name as the form gave it; the given name alone is what "first
    # name only" shows.
    nominee_name = models.CharField(_("nominee’s name"), max_length=120)
    nominee_given_name = models.CharField(
        _("nominee’s given name"),
        max_length=120,
        blank=True,
        help_text=_("Shown alone when the nominee chooses “first name only”."),
    )
    nominee_family_name = models.CharField(_("nominee’s family name"), max_length=120, blank=True)
    name_split_guessed = models.BooleanField(
        _("given name needs checking"),
        default=False,
        help_text=_(
            "Sent before the form asked for given and family names separately: the given "
            "name was guessed from the full name. Check it, then untick this box."
        ),
    )
    nominee_email = models.EmailField(_("nominee’s email"), max_length=254, blank=True)
    profession = models.CharField(_("profession"), max_length=20, choices=Profession.choices)
    institution = models.CharField(_("institution or organisation"), max_length=200)
    location = models.CharField(_("city and state"), max_length=120)
    pillars = models.ManyToManyField(Pillar, verbose_name=_("pillars"), related_name="nominations")
    description = models.TextField(_("what they do to advance health equity"))
    links = models.JSONField(_("links"), default=list, blank=True)
    photo = models.FileField(
        _("photo"),
        max_length=200,
        blank=True,
        help_text=_("Kept private: only staff see it, through admin."),
    )
    consent_wording = models.TextField(_("what the nominator agreed to"))
    language = models.CharField(_("language"), max_length=8)
    # What was said, hashed: the same words sent twice are one nomination, a
    # corrected send is another (see the constraint below).
    content_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    staff_notes = models.TextField(_("staff notes"), blank=True)

    nominee_consent = models.CharField(
        _("nominee’s consent"), max_length=16, choices=Consent.choices
    )
    name_display = models.CharField(
        _("name shown as"), max_length=8, choices=NameDisplay.choices, default=NameDisplay.FULL
    )
    nominee_message = models.TextField(_("nominee’s message"), blank=True)
    nominee_asked_at = models.DateTimeField(_("nominee asked"), null=True, blank=True)
    nominee_answered_at = models.DateTimeField(_("nominee answered"), null=True, blank=True)
    # What the consent page showed the nominee when they approved: the name,
    # title, text and photo a spotlight may publish without asking again.
    consented_content = models.JSONField(null=True, blank=True, editable=False)
    consent_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        indexes = [models.Index(fields=["status", "-created_at"], name="nomination_status_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["submitted", "in_review", "approved", "declined"]),
                name="nomination_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    profession__in=[
                        "medicine",
                        "nursing",
                        "dentistry",
                        "social_work",
                        "mental_health",
                        "public_health",
                        "other",
                    ]
                ),
                name="nomination_profession_valid",
            ),
            # A self-nomination carries its consent from the form and has no
            # separate nominee to write to; any other nomination does not.
            models.CheckConstraint(
                condition=(
                    models.Q(is_self_nomination=True, nominee_consent="self", nominee_email="")
                    | (
                        models.Q(is_self_nomination=False)
                        & models.Q(
                            nominee_consent__in=[
                                "not_asked",
                                "asked",
                                "approved",
                                "changes",
                                "declined",
                                "staff_confirmed",
                            ]
                        )
                    )
                ),
                name="nomination_consent_matches_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(name_display__in=["full", "first"]),
                name="nomination_name_display_valid",
            ),
            # Sending the same nomination twice (a double click, a reload)
            # makes one row while the first is still being considered; a
            # send with anything changed is saved, for staff to see.
            models.UniqueConstraint(
                Lower("nominator_email"),
                Lower("nominee_name"),
                "content_fingerprint",
                condition=models.Q(status__in=["submitted", "in_review"]),
                name="nomination_one_open_per_nominator_and_nominee",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Nomination of %(name)s") % {"name": self.nominee_name})

    @property
    def consent_allows_publishing(self) -> bool:
        return self.nominee_consent in self.PUBLISHABLE_CONSENT

    @property
    def consent_is_asked_by_email(self) -> bool:
        """Someone else nominated them and gave their address: they answer themselves."""
        return not self.is_self_nomination and bool(self.nominee_email)

    @property
    def display_name(self) -> str:
        """The nominee's name as they chose to appear."""
        return self.name_as(self.name_display)

    def name_as(self, name_display: str) -> str:
        """The nominee's name as one of the NameDisplay choices shows it."""
        if name_display == self.NameDisplay.FIRST:
            return self.nominee_given_name
        return self.nominee_name


class NominationStatusChange(models.Model):
    """Who moved a nomination from one status to another, and when."""

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=12, choices=Nomination.Status.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=Nomination.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class NomineeConsentEvent(models.Model):
    """One moment a nominee's agreement to be featured was given, refused or withdrawn.

    Rows are only ever added: a nominee who answers again adds a row, so the
    history shows each answer, the words it was given in, when and where.
    """

    class Kind(models.TextChoices):
        GIVEN = "given", _("Consent given")
        REFUSED = "refused", _("Consent refused")
        WITHDRAWN = "withdrawn", _("Consent withdrawn")

    class Channel(models.TextChoices):
        NOMINATION_FORM = "nomination_form", _("Nomination form (self-nomination)")
        CONSENT_PAGE = "consent_page", _("Nominee consent page (emailed link)")
        ADMIN = "admin", _("Staff, in admin")
        PERSONAL_PAGE = "personal_page", _("My For Us All page")
        BEFORE_HISTORY = "before_history", _("Recorded before the history began")

    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.CASCADE,
        related_name="consent_events",
        verbose_name=_("nomination"),
    )
    kind = models.CharField(_("event"), max_length=12, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=24, choices=Channel.choices)
    # The answer as the nomination recorded it (Nomination.Consent), and the
    # name it allows.
    answer = models.CharField(_("answer"), max_length=16, choices=Nomination.Consent.choices)
    name_display = models.CharField(
        _("name shown as"), max_length=8, choices=Nomination.NameDisplay.choices, blank=True
    )
    wording = models.TextField(
        _("wording shown"),
        blank=True,
        help_text=_("The words of the answer or agreement, as they were shown."),
    )
    language = models.CharField(_("language"), max_length=8)
    at = models.DateTimeField(_("when"))

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("consent event")
        verbose_name_plural = _("consent history")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["given", "refused", "withdrawn"]),
                name="nominee_consent_event_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    channel__in=[
                        "nomination_form",
                        "consent_page",
                        "admin",
                        "personal_page",
                        "before_history",
                    ]
                ),
                name="nominee_consent_event_channel_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_channel_display()})"


class SpotlightQuerySet(models.QuerySet):
    def published(self) -> "SpotlightQuerySet":
        return self.filter(status=Spotlight.Status.PUBLISHED).order_by("-published_at", "-pk")


class Spotlight(SpanishReview):
    """A published (or draft) Champion Spotlight feature."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    nomination = models.OneToOneField(
        Nomination,
        verbose_name=_("nomination"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spotlight",
    )
    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(
        _("web address"), max_length=160, unique=True, validators=[validate_spotlight_slug]
    )
    champion_name = models.CharField(_("champion’s name"), max_length=120)
    credentials = models.CharField(
        _("credentials"),
        max_length=120,
        blank=True,
        help_text=_("Degrees or titles after the name, such as MD, MPH."),
    )
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_(
            "One or two sentences for the list of spotlights, the home page and the feed."
        ),
    )
    body = models.TextField(_("body"), help_text=MARKDOWN_HELP)
    photo = models.FileField(_("photo"), max_length=200, blank=True)
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_card = models.FileField(max_length=200, blank=True, editable=False)
    # The 1200 by 630 card social networks show when the page is shared.
    photo_social = models.FileField(max_length=200, blank=True, editable=False)
    photo_alt = models.CharField(
        _("photo description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("What the photo shows, for people who cannot see it. Required with a photo."),
    )
    photo_alt_es = spanish_image_description(_("photo description in Spanish"), max_length=250)
    pillars = models.ManyToManyField(
        Pillar, verbose_name=_("pillars"), related_name="spotlights", blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("published date"),
        null=True,
        blank=True,
        help_text=_("Set when it is first published; change it to show another date."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SpotlightQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("spotlight")
        verbose_name_plural = _("spotlights")
        indexes = [
            models.Index(
                fields=["-published_at"],
                condition=models.Q(status="published"),
                name="spotlight_published",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "published"]),
                name="spotlight_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(published_at__isnull=False),
                name="spotlight_published_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(photo="") | ~models.Q(photo_alt=""),
                name="spotlight_photo_has_alt_text",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("champions:spotlight_detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def photo_url(self) -> str:
        return _photo_url(self.photo.name)

    @property
    def photo_card_url(self) -> str:
        return _photo_url(self.photo_card.name)

    @property
    def photo_social_url(self) -> str:
        return _photo_url(self.photo_social.name)


def _photo_url(name: str) -> str:
    if not name:
        return ""
    return reverse("champions:photo", kwargs={"name": name.rpartition("/")[2]})
