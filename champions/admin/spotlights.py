"""Editing and publishing spotlights."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from champions import selectors, services
from champions.admin.actions import BOTH_PLACES, act_on_each, action_confirmation
from champions.forms import PublishForm, SpotlightAdminForm
from champions.models import Spotlight
from forus.admin import TranslatedContentAdmin, report_outcomes


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
                results, problems = act_on_each(
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
        return action_confirmation(
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
