from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from forus.admin import StaffImageAdmin, StaffImageForm, TranslatedContentAdmin, report_outcomes
from forus.csv_export import csv_download
from forus.images import ImageUploadField
from webinars import selectors, services
from webinars.forms import TranscriptUploadField
from webinars.models import (
    COVER_PREFIX,
    AccommodationRequest,
    Registration,
    Speaker,
    Webinar,
    WebinarResource,
    WebinarSpeaker,
)


def registrations_csv(registrations: QuerySet[Registration], *, filename: str) -> HttpResponse:
    """The registrants as a CSV file staff can open in a spreadsheet."""
    header = [
        _("Webinar"),
        _("First name"),
        _("Last name"),
        _("Email"),
        _("Organisation"),
        _("Role"),
        _("Question for the panel"),
        _("Accessibility accommodations"),
        _("Status"),
        _("Registered at (Eastern Time)"),
        _("Source"),
        _("Newsletter opt-in"),
    ]
    rows = (
        [
            registration.webinar.title,
            registration.first_name,
            registration.last_name,
            registration.email,
            registration.organisation,
            registration.get_role_display(),
            registration.question,
            registration.accommodations,
            registration.get_status_display(),
            timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
            registration.source,
            _("yes") if registration.newsletter_opt_in else _("no"),
        ]
        for registration in selectors.registrations_for_export(registrations)
    )
    return csv_download(filename=filename, rows=[header, *rows])


def _image_preview(url: str, description: str) -> str:
    if not url:
        return "-"
    return format_html('<img src="{}" alt="{}" class="webinar-image-preview">', url, description)


class SpeakerAdminForm(forms.ModelForm):
    """A speaker; a new photo is decoded and re-encoded like every upload from outside."""

    new_photo = ImageUploadField(
        label=_("New photo"),
        help_text=_(
            "A JPEG, PNG, WebP or GIF image of at most 5 MB; it replaces the current photo. "
            "It is cropped square and re-encoded without its metadata."
        ),
    )
    remove_photo = forms.BooleanField(label=_("Remove the current photo"), required=False)

    def clean(self) -> dict:
        cleaned_data = super().clean()
        has_photo = cleaned_data.get("new_photo") is not None or (
            self.instance.photo and not cleaned_data.get("remove_photo")
        )
        if has_photo and not cleaned_data.get("photo_alt", "").strip():
            self.add_error("photo_alt", _("Describe the photo for people who cannot see it."))
        if cleaned_data.get("remove_photo") and cleaned_data.get("new_photo") is None:
            # Removed with its description: the model need not ask for one.
            self.instance.photo = ""
        return cleaned_data


@admin.register(Speaker)
class SpeakerAdmin(TranslationAdmin):
    """A speaker, edited once for every webinar they appear in (attached on the webinar)."""

    form = SpeakerAdminForm
    list_display = ["name", "credentials", "affiliation", "webinar_count"]
    search_fields = ["name", "credentials", "affiliation"]
    fields = [
        ("name", "credentials"),
        "affiliation",
        "bio",
        ("current_photo", "new_photo", "remove_photo"),
        ("photo_alt", "photo_alt_es"),
        "webinar_list",
    ]
    readonly_fields = ["current_photo", "webinar_list"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Speaker]:
        return super().get_queryset(request).annotate(appearance_count=Count("appearances"))

    @admin.display(description=_("webinars"), ordering="appearance_count")
    def webinar_count(self, speaker: Speaker) -> int:
        return speaker.appearance_count

    @admin.display(description=_("webinars"))
    def webinar_list(self, speaker: Speaker) -> str:
        if speaker.pk is None:
            return "–"
        appearances = selectors.speaker_appearances(speaker_id=speaker.pk)
        if not appearances:
            return _("Not on any webinar yet: add them on a webinar's page.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} ({})</li>",
                ((a.webinar.title, a.get_role_display()) for a in appearances),
            ),
        )

    @admin.display(description=_("current photo"))
    def current_photo(self, speaker: Speaker) -> str:
        return _image_preview(speaker.photo_url, speaker.photo_alt)

    def save_model(
        self, request: HttpRequest, obj: Speaker, form: SpeakerAdminForm, change: bool
    ) -> None:
        photo = form.cleaned_data.get("new_photo")
        replace = photo is not None or form.cleaned_data.get("remove_photo")
        if change and replace:
            # The photo and its description change together (the database
            # wants a description with every photo); the old file goes after.
            services.speaker_photo_replace(speaker=obj, image=photo, photo_alt=obj.photo_alt)
        super().save_model(request, obj, form, change)
        if not change and photo is not None:
            services.speaker_photo_replace(speaker=obj, image=photo, photo_alt=obj.photo_alt)

    def delete_model(self, request: HttpRequest, obj: Speaker) -> None:
        services.speaker_delete(speaker_id=obj.pk)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Speaker]) -> None:
        for speaker_id in queryset.values_list("pk", flat=True):
            services.speaker_delete(speaker_id=speaker_id)


class WebinarSpeakerInline(admin.TabularInline):
    """Who speaks at and moderates the webinar, chosen from the speakers."""

    model = WebinarSpeaker
    extra = 0
    fields = ["speaker", "role", "order"]
    autocomplete_fields = ["speaker"]


class WebinarResourceInline(TranslationTabularInline):
    """Links for a past webinar's page and the archive, in the order given."""

    model = WebinarResource
    extra = 0
    fields = ["title", "url", "order"]


class WebinarAdminForm(StaffImageForm):
    """A webinar; a new flyer is decoded and re-encoded like every upload from outside."""

    new_flyer = ImageUploadField(
        label=_("New flyer"),
        help_text=_(
            "A JPEG, PNG, WebP or GIF image of at most 5 MB; it replaces the current flyer. "
            "It is re-encoded without its metadata."
        ),
    )
    remove_flyer = forms.BooleanField(label=_("Remove the current flyer"), required=False)
    new_transcript_file = TranscriptUploadField(label=_("New transcript or captions file"))
    remove_transcript_file = forms.BooleanField(
        label=_("Remove the current transcript or captions file"), required=False
    )
    # The webinar as this form was opened: a save over a colleague's change
    # made meanwhile (a cancellation, a new time) is refused, not applied.
    opened_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.updated_at.isoformat()

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if self.instance.pk:
            current = (
                Webinar.objects.filter(pk=self.instance.pk)
                .values_list("updated_at", flat=True)
                .first()
            )
            if current and cleaned_data.get("opened_version") != current.isoformat():
                raise forms.ValidationError(
                    _(
                        "Someone changed this webinar after you opened this page (it may "
                        "have been cancelled or moved). Your changes were not saved: open "
                        "the webinar again to see it as it is now, then make them again."
                    ),
                    code="stale",
                )
        has_flyer = cleaned_data.get("new_flyer") is not None or (
            self.instance.flyer and not cleaned_data.get("remove_flyer")
        )
        if has_flyer and not cleaned_data.get("flyer_alt", "").strip():
            self.add_error("flyer_alt", _("Describe the flyer for people who cannot see it."))
        if cleaned_data.get("remove_flyer") and cleaned_data.get("new_flyer") is None:
            # Removed with its description: the model need not ask for one.
            self.instance.flyer = ""
        return cleaned_data


@admin.register(Webinar)
class WebinarAdmin(StaffImageAdmin, TranslatedContentAdmin):
    image_prefix = COVER_PREFIX
    image_open_graph = True
    list_display = [
        "title",
        "starts_at",
        "status",
        "registration_open",
        "seats_taken",
        "waitlist",
        "spanish",
    ]
    list_filter = ["status", "registration_open", "starts_at", "spanish_reviewed"]
    search_fields = ["title", "summary", "description"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    form = WebinarAdminForm
    inlines = [WebinarSpeakerInline, WebinarResourceInline]
    actions = ["export_registrants", "send_recording", "cancel_webinars"]
    readonly_fields = [
        "current_image",
        "seats_taken",
        "waitlist",
        "registrations_by_source",
        "current_flyer",
        "current_transcript_file",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "status",
                    "summary",
                    "description",
                    "spanish_reviewed",
                ]
            },
        ),
        (
            _("When"),
            {"fields": ["starts_at", "ends_at", "time_zone"]},
        ),
        (
            _("Registration"),
            {
                "fields": [
                    "registration_open",
                    "capacity",
                    "seats_taken",
                    "waitlist",
                    "registrations_by_source",
                ]
            },
        ),
        (
            _("Cover image"),
            {
                "fields": list(StaffImageAdmin.image_fields),
                "description": _(
                    "Shown at the top of the webinar's page, on its card and when the page "
                    "is shared. Without one, the page shows the campaign's colours."
                ),
            },
        ),
        (
            _("Links and flyer"),
            {
                "fields": [
                    "join_url",
                    "recording_url",
                    "slides_url",
                    "current_flyer",
                    "new_flyer",
                    "remove_flyer",
                    "flyer_alt",
                    "flyer_alt_es",
                    "updated_at",
                    "opened_version",
                ]
            },
        ),
        (
            _("After the webinar"),
            {
                "description": _(
                    "Shown on the webinar's page and in the archive of past webinars once "
                    "it is over; empty fields are not shown. Add slides and other links as "
                    "resources below."
                ),
                "fields": [
                    "transcript",
                    "current_transcript_file",
                    "new_transcript_file",
                    "remove_transcript_file",
                ],
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Webinar]:
        return super().get_queryset(request).with_registration_counts()

    @admin.display(description=_("seats taken"), ordering="registered_count")
    def seats_taken(self, webinar: Webinar) -> str:
        if webinar.pk is None:
            return "–"
        if webinar.capacity is None:
            return _("%(taken)d (no limit)") % {"taken": webinar.registered_count}
        return _("%(taken)d of %(capacity)d") % {
            "taken": webinar.registered_count,
            "capacity": webinar.capacity,
        }

    @admin.display(description=_("waitlist"), ordering="waitlisted_count")
    def waitlist(self, webinar: Webinar) -> int | str:
        return "–" if webinar.pk is None else webinar.waitlisted_count

    @admin.display(description=_("registrations by source"))
    def registrations_by_source(self, webinar: Webinar) -> str:
        if webinar.pk is None:
            return "–"
        counts = selectors.registration_counts_by_source(webinar_id=webinar.pk)
        if not counts:
            return _("No registrations yet.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: {}</li>",
                ((source or _("(no source code)"), count) for source, count in counts),
            ),
        )

    @admin.display(description=_("current flyer"))
    def current_flyer(self, webinar: Webinar) -> str:
        return _image_preview(webinar.flyer_url, webinar.flyer_alt)

    @admin.display(description=_("current transcript or captions file"))
    def current_transcript_file(self, webinar: Webinar) -> str:
        if not webinar.transcript_file:
            return "-"
        return format_html(
            '<a href="{}">{}</a>', webinar.transcript_file_url, webinar.transcript_file_kind
        )

    def save_model(
        self, request: HttpRequest, obj: Webinar, form: WebinarAdminForm, change: bool
    ) -> None:
        flyer = form.cleaned_data.get("new_flyer")
        replace = flyer is not None or form.cleaned_data.get("remove_flyer")
        if change and replace:
            # The flyer and its description change together (the database
            # wants a description with every flyer); the old file goes after.
            services.webinar_flyer_replace(webinar=obj, image=flyer, flyer_alt=obj.flyer_alt)
        super().save_model(request, obj, form, change)
        if not change and flyer is not None:
            services.webinar_flyer_replace(webinar=obj, image=flyer, flyer_alt=obj.flyer_alt)
        transcript = form.cleaned_data.get("new_transcript_file")
        if transcript is not None or form.cleaned_data.get("remove_transcript_file"):
            services.webinar_transcript_replace(webinar=obj, upload=transcript)

    def save_related(self, request: HttpRequest, form: object, formsets: object, change: bool):
        super().save_related(request, form, formsets, change)
        if "status" in form.changed_data and form.instance.status == Webinar.Status.CANCELLED:
            # Choosing "Cancelled" in the form calls it off as the action does:
            # everyone registered or waiting is told (once, however often saved).
            self.cancel_webinars(request, Webinar.objects.filter(pk=form.instance.pk))
            return
        done = []
        if change and {"starts_at", "ends_at"} & set(form.changed_data):
            told = services.webinar_reschedule(webinar_id=form.instance.pk)
            if told:
                done.append(
                    ngettext(
                        "%(count)d person registered or waiting was emailed the new time.",
                        "%(count)d people registered or waiting were emailed the new time.",
                        told,
                    )
                    % {"count": told}
                )
        # Raising the capacity (or removing it) gives the freed seats to the waitlist.
        promoted = services.waitlist_promote(webinar_id=form.instance.pk)
        if promoted:
            done.append(
                ngettext(
                    "%(count)d person on the waitlist got a seat and an email.",
                    "%(count)d people on the waitlist got a seat and an email.",
                    promoted,
                )
                % {"count": promoted}
            )
        report_outcomes(self, request, done=done)

    @admin.action(description=_("Export the registrants (CSV)"), permissions=["view"])
    def export_registrants(self, request: HttpRequest, queryset: QuerySet[Webinar]):
        registrations = Registration.objects.filter(webinar__in=queryset)
        name = queryset.first().slug if queryset.count() == 1 else "webinars"
        return registrations_csv(registrations, filename=f"{name}-registrants.csv")

    @admin.action(
        description=_("Cancel the webinar and email everyone registered or waiting"),
        permissions=["change"],
    )
    def cancel_webinars(self, request: HttpRequest, queryset: QuerySet[Webinar]) -> None:
        done = []
        for webinar in queryset:
            emailed = services.webinar_cancel(webinar_id=webinar.pk)
            done.append(
                ngettext(
                    "%(title)s is cancelled; %(count)d person was emailed.",
                    "%(title)s is cancelled; %(count)d people were emailed.",
                    emailed,
                )
                % {"title": webinar.title, "count": emailed}
            )
        report_outcomes(self, request, done=done)

    @admin.action(
        description=_("Email the recording link to the registrants"), permissions=["change"]
    )
    def send_recording(self, request: HttpRequest, queryset: QuerySet[Webinar]) -> None:
        done, problems = [], []
        for webinar in queryset:
            try:
                sent = services.webinar_send_recording(webinar_id=webinar.pk)
            except services.RecordingNotReadyError:
                problems.append(
                    _(
                        "%(title)s: add the recording link, and wait until the webinar "
                        "is over, before sending it."
                    )
                    % {"title": webinar.title}
                )
                continue
            done.append(
                ngettext(
                    "%(title)s: %(count)d email queued (each person gets it once).",
                    "%(title)s: %(count)d emails queued (each person gets it once).",
                    sent,
                )
                % {"title": webinar.title, "count": sent}
            )
        report_outcomes(self, request, done=done, problems=problems)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = [
        "full_name",
        "email",
        "webinar",
        "status",
        "role",
        "source",
        "created_at",
    ]
    list_filter = [
        "webinar",
        "status",
        "role",
        "newsletter_opt_in",
        "email_problem",
        "source",
        "created_at",
    ]
    search_fields = ["first_name", "last_name", "email", "organisation"]
    date_hierarchy = "created_at"
    list_select_related = ["webinar"]
    actions = ["cancel_registrations", "export_csv"]
    fieldsets = [
        (None, {"fields": ["webinar", "status", "created_at", "promoted_at", "cancelled_at"]}),
        (
            _("Registrant"),
            {"fields": ["first_name", "last_name", "email", "organisation", "role"]},
        ),
        (
            _("For the panel and the organisers"),
            {"fields": ["question", "accommodations", "accommodation_request_link"]},
        ),
        (
            _("Newsletter"),
            {"fields": ["newsletter_opt_in", "newsletter_consent", "newsletter_opted_in_at"]},
        ),
        (
            _("Emails"),
            {
                "fields": [
                    "language",
                    "time_zone",
                    "confirmation_sent_at",
                    "reminder_24h_sent_at",
                    "reminder_1h_sent_at",
                    "recording_sent_at",
                    "email_problem",
                    "email_problem_at",
                ]
            },
        ),
        (_("Attribution"), {"fields": ["source"]}),
    ]

    @admin.display(description=_("name"), ordering="last_name")
    def full_name(self, registration: Registration) -> str:
        return registration.full_name

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> list[str]:
        # Seats change only through the services, which hold the webinar's lock.
        return [
            *(field.name for field in Registration._meta.fields),
            "accommodation_request_link",
        ]

    @admin.display(description=_("accommodation request"))
    def accommodation_request_link(self, registration: Registration) -> str:
        request = AccommodationRequest.objects.filter(registration=registration).first()
        if request is None:
            return _("None asked for.")
        return format_html(
            '<a href="{}">{}</a> ({}; {} {})',
            reverse("admin:webinars_accommodationrequest_change", args=[request.pk]),
            ", ".join(request.needs_display) or _("in the registrant's words"),
            request.get_status_display(),
            _("due on"),
            date_format(request.due_on, "DATE_FORMAT"),
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        # People register through the public form, which enforces capacity.
        return False

    def delete_model(self, request: HttpRequest, obj: Registration) -> None:
        services.registration_delete(registration_id=obj.pk)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        for registration_id in queryset.values_list("pk", flat=True):
            services.registration_delete(registration_id=registration_id)

    @admin.action(
        description=_("Cancel the selected registrations (frees their seats)"),
        permissions=["change"],
    )
    def cancel_registrations(self, request: HttpRequest, queryset: QuerySet[Registration]):
        count = services.registrations_cancel(
            registration_ids=list(queryset.values_list("pk", flat=True))
        )
        report_outcomes(
            self,
            request,
            done=[
                ngettext(
                    "%(count)d registration cancelled; freed seats went to the waitlist.",
                    "%(count)d registrations cancelled; freed seats went to the waitlist.",
                    count,
                )
                % {"count": count}
            ],
        )

    @admin.action(description=_("Export the selected registrations (CSV)"), permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Registration]):
        return registrations_csv(queryset, filename="registrations.csv")


class AccommodationDueFilter(admin.SimpleListFilter):
    """When open requests fall due; and those that are no longer needed."""

    title = _("due")
    parameter_name = "due"

    def lookups(self, request: HttpRequest, model_admin: object) -> list[tuple[str, str]]:
        return [
            ("overdue", _("Overdue")),
            ("2", _("Within two days")),
            ("7", _("Within a week")),
            ("not_needed", _("No longer needed (cancelled, or the webinar has begun)")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet | None:
        today = timezone.localdate()
        needed = Q(
            registration__status__in=[
                Registration.Status.REGISTERED,
                Registration.Status.WAITLISTED,
            ],
            registration__webinar__starts_at__gt=timezone.now(),
        )
        if self.value() == "overdue":
            return queryset.filter(needed, due_on__lt=today)
        if self.value() in {"2", "7"}:
            return queryset.filter(needed, due_on__lte=today + timedelta(days=int(self.value())))
        if self.value() == "not_needed":
            return queryset.exclude(needed)
        return None


@admin.register(AccommodationRequest)
class AccommodationRequestAdmin(admin.ModelAdmin):
    """Event coordinators' work list: what registrants asked for, by when, and who is on it."""

    list_display = [
        "registrant",
        "webinar",
        "asked_for",
        "due_on",
        "status",
        "owner",
        "registration_status",
    ]
    list_filter = ["status", AccommodationDueFilter, "registration__webinar", "owner"]
    list_select_related = ["registration__webinar", "owner"]
    search_fields = [
        "registration__first_name",
        "registration__last_name",
        "registration__email",
        "details",
        "note",
    ]
    ordering = ["due_on", "pk"]
    fields = [
        "registration_link",
        "webinar",
        "registration_status",
        "asked_for",
        "details",
        "due_on",
        "status",
        "owner",
        "note",
        "created_at",
        "updated_at",
    ]
    readonly_fields = [
        "registration_link",
        "webinar",
        "registration_status",
        "asked_for",
        "details",
        "due_on",
        "created_at",
        "updated_at",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[AccommodationRequest]:
        return super().get_queryset(request).select_related("registration__webinar", "owner")

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Requests come with registrations, from the public form.
        return False

    @admin.display(description=_("registrant"), ordering="registration__last_name")
    def registrant(self, accommodation_request: AccommodationRequest) -> str:
        return accommodation_request.registration.full_name

    @admin.display(description=_("registrant"))
    def registration_link(self, accommodation_request: AccommodationRequest) -> str:
        registration = accommodation_request.registration
        return format_html(
            '<a href="{}">{}</a> ({})',
            reverse("admin:webinars_registration_change", args=[registration.pk]),
            registration.full_name,
            registration.email,
        )

    @admin.display(description=_("webinar"), ordering="registration__webinar__starts_at")
    def webinar(self, accommodation_request: AccommodationRequest) -> str:
        webinar = accommodation_request.registration.webinar
        return format_html(
            "{} ({})",
            webinar.title,
            timezone.localtime(webinar.starts_at, webinar.zone).strftime("%Y-%m-%d %H:%M"),
        )

    @admin.display(description=_("registration"))
    def registration_status(self, accommodation_request: AccommodationRequest) -> str:
        return accommodation_request.registration.get_status_display()

    @admin.display(description=_("asked for"))
    def asked_for(self, accommodation_request: AccommodationRequest) -> str:
        return ", ".join(accommodation_request.needs_display) or "–"

    def save_model(
        self,
        request: HttpRequest,
        obj: AccommodationRequest,
        form: forms.ModelForm,
        change: bool,
    ) -> None:
        # Through the service, which emails the registrant about a new outcome once.
        emailed = services.accommodation_request_update(
            accommodation_request_id=obj.pk,
            status=obj.status,
            owner_id=obj.owner_id,
            note=obj.note,
        )
        if emailed:
            self.message_user(
                request,
                _("%(name)s was emailed that their request is now “%(status)s”.")
                % {"name": obj.registration.full_name, "status": obj.get_status_display()},
                messages.SUCCESS,
            )
