"""Moderation of nominations: statuses change through actions that record who and when."""

from django.contrib import admin
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from champions import services
from champions.admin.actions import BOTH_PLACES, act_on_each, action_confirmation
from champions.forms import DeclineForm, NominationAdminForm
from champions.models import Nomination, NominationStatusChange, NomineeConsentEvent
from forus.admin import report_outcomes


class NominationStatusChangeInline(admin.TabularInline):
    model = NominationStatusChange
    fields = ["from_status", "to_status", "changed_by", "changed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("status history")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Whoever may read a nomination may read its history.
        return request.user.has_perm("champions.view_nomination")


class NomineeConsentEventInline(NominationStatusChangeInline):
    """The nominee's consent history, as it happened: nobody edits it."""

    model = NomineeConsentEvent
    fields = ["at", "kind", "answer", "name_display", "channel", "language", "wording"]
    readonly_fields = fields
    verbose_name_plural = _("nominee’s consent history")


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = [
        "nominee_name",
        "nominator_name",
        "profession",
        "status",
        "nominee_consent",
        "created_at",
        "spotlight_link",
    ]
    list_filter = [
        "status",
        "pillars",
        "created_at",
        "profession",
        "nominee_consent",
        "is_self_nomination",
    ]
    search_fields = [
        "nominee_name",
        "nominator_name",
        "nominator_email",
        "nominee_email",
        "institution",
        "location",
    ]
    date_hierarchy = "created_at"
    list_select_related = ["spotlight"]
    inlines = [NominationStatusChangeInline, NomineeConsentEventInline]
    actions = [
        "mark_in_review",
        "approve",
        "decline",
        "ask_nominee_again",
        "confirm_consent",
        "create_spotlight",
    ]
    fieldsets = [
        (
            _("Moderation"),
            {"fields": ["status", "staff_notes", "spotlight_link"]},
        ),
        (
            _("The nominee"),
            {
                "fields": [
                    "nominee_name",
                    "nominee_given_name",
                    "nominee_family_name",
                    "name_split_guessed",
                    "nominee_email",
                    "profession",
                    "institution",
                    "location",
                    "is_self_nomination",
                ]
            },
        ),
        (
            _("The work"),
            {"fields": ["pillars", "description", "links_list", "photo_preview"]},
        ),
        (
            _("The nominator"),
            {
                "fields": [
                    "nominator_name",
                    "nominator_email",
                    "relationship",
                    "consent_wording",
                    "language",
                    "created_at",
                ]
            },
        ),
        (
            _("The nominee’s consent"),
            {
                "fields": [
                    "nominee_consent",
                    "name_display",
                    "nominee_message",
                    "nominee_asked_at",
                    "nominee_answered_at",
                    "consent_confirmed_by",
                ]
            },
        ),
    ]
    # Staff write only their notes, correct a given name guessed from an
    # older form and a nominee's address the outbox refuses; everything else
    # is what the public sent or what the actions record.
    editable_fields = frozenset(
        {
            "staff_notes",
            "nominee_given_name",
            "nominee_family_name",
            "name_split_guessed",
            "nominee_email",
        }
    )
    form = NominationAdminForm

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> list[str]:
        return [
            name
            for _title, options in self.fieldsets
            for name in options["fields"]
            if name not in self.editable_fields
        ]

    # --- What the public typed, shown escaped ------------------------------

    @admin.display(description=_("links"))
    def links_list(self, nomination: Nomination) -> str:
        if not nomination.links:
            return "-"
        # Only http(s) addresses reach the database (the form's URLField).
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}" rel="noopener noreferrer nofollow" target="_blank">{}</a></li>',
                ((link, link) for link in nomination.links),
            ),
        )

    @admin.display(description=_("photo"))
    def photo_preview(self, nomination: Nomination) -> str:
        if not nomination.photo:
            return "-"
        url = reverse("admin:champions_nomination_photo", args=[nomination.pk])
        return format_html(
            '<a href="{}"><img src="{}" alt="{}" class="nomination-photo"></a>',
            url,
            url,
            _("The photo sent with the nomination"),
        )

    @admin.display(description=_("spotlight"))
    def spotlight_link(self, nomination: Nomination) -> str:
        spotlight = getattr(nomination, "spotlight", None)
        if spotlight is None:
            return "-"
        return format_html(
            '<a href="{}">{} ({})</a>',
            reverse("admin:champions_spotlight_change", args=[spotlight.pk]),
            spotlight.title,
            spotlight.get_status_display(),
        )

    # --- Status actions ----------------------------------------------------

    def _move(
        self, request: HttpRequest, queryset: QuerySet, status: str, decline_message: str = ""
    ) -> None:
        results, problems = act_on_each(
            queryset,
            lambda nomination: services.nomination_status_change(
                nomination=nomination,
                status=status,
                changed_by=request.user,
                decline_message=decline_message,
            ),
        )
        moved = sum(results)
        label = Nomination.Status(status).label
        report_outcomes(
            self,
            request,
            done=[
                ngettext(
                    "%(count)d nomination moved to “%(status)s”.",
                    "%(count)d nominations moved to “%(status)s”.",
                    moved,
                )
                % {"count": moved, "status": label}
            ],
            problems=problems,
        )

    @admin.action(
        description=_("Move to “in review”"), permissions=["change"], location=BOTH_PLACES
    )
    def mark_in_review(self, request: HttpRequest, queryset: QuerySet[Nomination]) -> None:
        self._move(request, queryset, Nomination.Status.IN_REVIEW)

    @admin.action(
        description=_("Approve (and ask the nominee for consent when we have their email)"),
        permissions=["change"],
        location=BOTH_PLACES,
    )
    def approve(self, request: HttpRequest, queryset: QuerySet[Nomination]) -> None:
        self._move(request, queryset, Nomination.Status.APPROVED)

    @admin.action(
        description=_("Decline (with a message to the nominator if you like)…"),
        permissions=["change"],
        location=BOTH_PLACES,
    )
    def decline(
        self, request: HttpRequest, queryset: QuerySet[Nomination]
    ) -> TemplateResponse | None:
        if "apply" in request.POST:
            form = DeclineForm(request.POST)
            if form.is_valid():
                message = form.cleaned_data["message"] if form.cleaned_data["send_message"] else ""
                self._move(request, queryset, Nomination.Status.DECLINED, message)
                return None
        else:
            form = DeclineForm()
        return action_confirmation(
            self,
            request,
            queryset,
            template="admin/champions/nomination/decline.html",
            action="decline",
            title=_("Decline nominations"),
            form=form,
        )

    @admin.action(
        description=_("Ask the nominee for consent again (a new email)"),
        permissions=["change"],
        location=BOTH_PLACES,
    )
    def ask_nominee_again(self, request: HttpRequest, queryset: QuerySet[Nomination]) -> None:
        results, problems = act_on_each(
            queryset, lambda nomination: services.nominee_consent_request(nomination=nomination)
        )
        asked = len(results)
        report_outcomes(
            self,
            request,
            done=[
                ngettext("%(count)d nominee asked.", "%(count)d nominees asked.", asked)
                % {"count": asked}
            ],
            problems=problems,
        )

    @admin.action(
        description=_("Record the nominee’s consent, given another way (no nominee email)"),
        permissions=["change"],
        location=BOTH_PLACES,
    )
    def confirm_consent(self, request: HttpRequest, queryset: QuerySet[Nomination]) -> None:
        results, problems = act_on_each(
            queryset,
            lambda nomination: services.nominee_consent_confirm(
                nomination=nomination, confirmed_by=request.user
            ),
        )
        confirmed = len(results)
        report_outcomes(
            self,
            request,
            done=[
                ngettext(
                    "Consent recorded for %(count)d nomination.",
                    "Consent recorded for %(count)d nominations.",
                    confirmed,
                )
                % {"count": confirmed}
            ],
            problems=problems,
        )

    @admin.action(
        description=_("Create a draft spotlight from it"),
        permissions=["add_spotlight"],
        location=BOTH_PLACES,
    )
    def create_spotlight(
        self, request: HttpRequest, queryset: QuerySet[Nomination]
    ) -> HttpResponseRedirect | None:
        created, problems = act_on_each(
            queryset,
            lambda nomination: services.spotlight_create_from_nomination(nomination=nomination),
        )
        report_outcomes(
            self,
            request,
            done=[
                ngettext(
                    "%(count)d draft spotlight created.",
                    "%(count)d draft spotlights created.",
                    len(created),
                )
                % {"count": len(created)}
            ],
            problems=problems,
        )
        if len(created) == 1:
            return HttpResponseRedirect(
                reverse("admin:champions_spotlight_change", args=[created[0].pk])
            )
        return None

    def has_add_spotlight_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("champions.add_spotlight")

    # --- The private photo, for staff only ---------------------------------

    def get_urls(self) -> list:
        return [
            path(
                "<int:pk>/photo/",
                self.admin_site.admin_view(self.photo_view),
                name="champions_nomination_photo",
            ),
            *super().get_urls(),
        ]

    def photo_view(self, request: HttpRequest, pk: int) -> FileResponse:
        nomination = get_object_or_404(Nomination, pk=pk)
        if not self.has_view_permission(request, nomination) or not nomination.photo:
            raise Http404
        try:
            photo = default_storage.open(nomination.photo.name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(
            photo, content_type="image/jpeg", filename=f"nomination-{pk}.jpg", as_attachment=False
        )

    # --- Nothing is added here; deleting goes through the service ----------

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Nomination) -> None:
        services.nomination_delete(nomination=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Nomination]) -> None:
        for nomination in queryset:
            services.nomination_delete(nomination=nomination)
