"""Moderation of nominations and editing of spotlights, for staff.

What the public typed is read-only here and always shown escaped; staff
change statuses through actions (on the list and on each nomination's
page), which record who did it and when.
"""

from collections.abc import Callable, Iterable

from django.contrib import admin
from django.contrib.admin import ActionLocation, helpers
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from champions import selectors, services
from champions.forms import DeclineForm, NominationAdminForm, PublishForm, SpotlightAdminForm
from champions.models import Nomination, NominationStatusChange, Spotlight
from forus.admin import TranslatedContentAdmin, report_outcomes

BOTH_PLACES = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]
CHANGE_FORM_ACTION_FIELD = f"{ActionLocation.CHANGE_FORM.value}-action"


def _confirmation(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    *,
    template: str,
    action: str,
    title: str,
    **context: object,
) -> TemplateResponse:
    """The page an action shows before it acts, posting back to where it came from."""
    action_field = (
        CHANGE_FORM_ACTION_FIELD if CHANGE_FORM_ACTION_FIELD in request.POST else "action"
    )
    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": title,
            "objects": queryset,
            "action": action,
            "action_field": action_field,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            **context,
        },
    )


def _each[T, R](objects: Iterable[T], act: Callable[[T], R]) -> tuple[list[R], list[str]]:
    """Apply `act` to each object: what it returned, and why any object was refused."""
    results, problems = [], []
    for obj in objects:
        try:
            results.append(act(obj))
        except services.ChampionsError as error:
            problems.append(f"{obj}: {error.message}")
    return results, problems


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
    inlines = [NominationStatusChangeInline]
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
        results, problems = _each(
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
        return _confirmation(
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
        results, problems = _each(
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
        results, problems = _each(
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
        created, problems = _each(
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


@admin.register(Spotlight)
class SpotlightAdmin(TranslatedContentAdmin):
    form = SpotlightAdminForm
    list_display = [
        "title",
        "champion_name",
        "status",
        "published_at",
        "spanish",
        "updated_at",
        "preview",
    ]
    list_filter = ["status", "pillars", "published_at", "spanish_reviewed"]
    search_fields = ["title", "champion_name", "affiliation", "summary", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["champion_name"]}
    actions = ["publish", "unpublish"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "status",
                    "title",
                    "slug",
                    "champion_name",
                    "credentials",
                    "affiliation",
                    "pillars",
                    "published_at",
                ]
            },
        ),
        (_("Text"), {"fields": ["summary", "body", "spanish_reviewed"]}),
        (
            _("Photo"),
            {
                "fields": [
                    "current_photo",
                    "new_photo",
                    "remove_photo",
                    "photo_alt",
                    "photo_alt_es",
                ]
            },
        ),
        (_("Nomination"), {"fields": ["nomination_link", "nominee_consent"]}),
    ]
    readonly_fields = ["status", "current_photo", "nomination_link", "nominee_consent"]

    @admin.display(description=_("preview"))
    def preview(self, spotlight: Spotlight) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:champions_spotlight_preview", args=[spotlight.pk]),
            _("Preview"),
        )

    @admin.display(description=_("current photo"))
    def current_photo(self, spotlight: Spotlight) -> str:
        if not spotlight.photo:
            return "-"
        return format_html(
            '<img src="{}" alt="{}" class="spotlight-photo-preview">',
            spotlight.photo_card_url,
            spotlight.photo_alt,
        )

    @admin.display(description=_("nomination"))
    def nomination_link(self, spotlight: Spotlight) -> str:
        if spotlight.nomination is None:
            return "-"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:champions_nomination_change", args=[spotlight.nomination.pk]),
            spotlight.nomination,
        )

    @admin.display(description=_("nominee’s consent"))
    def nominee_consent(self, spotlight: Spotlight) -> str:
        nomination = spotlight.nomination
        if nomination is None:
            return "-"
        return format_html(
            "{} · {}: {}",
            nomination.get_nominee_consent_display(),
            _("name shown as"),
            nomination.get_name_display_display(),
        )

    def view_on_site(self, spotlight: Spotlight) -> str | None:
        return spotlight.get_absolute_url() if spotlight.is_published else None

    def get_queryset(self, request: HttpRequest) -> QuerySet[Spotlight]:
        return super().get_queryset(request).select_related("nomination")

    def save_model(
        self, request: HttpRequest, obj: Spotlight, form: SpotlightAdminForm, change: bool
    ) -> None:
        photo = form.cleaned_data.get("new_photo")
        replace = photo is not None or form.cleaned_data.get("remove_photo")
        if change and replace:
            # The photo and its description change together (the database
            # wants a description with every photo); the old files go after.
            services.spotlight_photo_replace(spotlight=obj, image=photo, photo_alt=obj.photo_alt)
        super().save_model(request, obj, form, change)
        if not change and photo is not None:
            services.spotlight_photo_replace(spotlight=obj, image=photo, photo_alt=obj.photo_alt)

    def delete_model(self, request: HttpRequest, obj: Spotlight) -> None:
        services.spotlight_delete(spotlight=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Spotlight]) -> None:
        for spotlight in queryset:
            services.spotlight_delete(spotlight=spotlight)

    # --- Publishing ------------------------------------------------------------

    @admin.action(description=_("Publish…"), permissions=["change"], location=BOTH_PLACES)
    def publish(
        self, request: HttpRequest, queryset: QuerySet[Spotlight]
    ) -> TemplateResponse | None:
        spotlights = list(queryset.select_related("nomination"))
        if "apply" in request.POST:
            form = PublishForm(request.POST)
            if form.is_valid():
                results, problems = _each(
                    spotlights,
                    lambda spotlight: services.spotlight_publish(
                        spotlight=spotlight,
                        notify_nominator=form.cleaned_data["notify_nominator"],
                    ),
                )
                published = len(results)
                report_outcomes(
                    self,
                    request,
                    done=[
                        ngettext(
                            "%(count)d spotlight published.",
                            "%(count)d spotlights published.",
                            published,
                        )
                        % {"count": published}
                    ],
                    problems=problems,
                )
                return None
        else:
            form = PublishForm()
        return _confirmation(
            self,
            request,
            queryset,
            template="admin/champions/spotlight/publish.html",
            action="publish",
            title=_("Publish spotlights"),
            form=form,
            spotlights=[
                (spotlight, selectors.spotlight_publish_problems(spotlight=spotlight))
                for spotlight in spotlights
            ],
        )

    @admin.action(description=_("Return to draft"), permissions=["change"], location=BOTH_PLACES)
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Spotlight]) -> None:
        count = 0
        for spotlight in queryset:
            services.spotlight_unpublish(spotlight=spotlight)
            count += 1
        report_outcomes(
            self,
            request,
            done=[
                ngettext(
                    "%(count)d spotlight is a draft now.",
                    "%(count)d spotlights are drafts now.",
                    count,
                )
                % {"count": count}
            ],
        )

    # --- Preview: the public page, drawn from the draft -----------------------

    def get_urls(self) -> list:
        return [
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="champions_spotlight_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        spotlight = get_object_or_404(Spotlight.objects.prefetch_related("pillars"), pk=pk)
        if not self.has_view_permission(request, spotlight):
            raise Http404
        return render(
            request,
            "champions/spotlight_detail.html",
            {
                "spotlight": spotlight,
                "preview": True,
                "change_url": reverse("admin:champions_spotlight_change", args=[pk]),
            },
        )
