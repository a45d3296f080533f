from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from campaign import services
from campaign.models import (
    IMAGE_PREFIX,
    ContactMessage,
    OrganisationDetails,
    Page,
    Pillar,
    WayToAct,
)
from forus.admin import StaffImageAdmin, TranslatedContentAdmin, report_outcomes


class CampaignImageAdmin(StaffImageAdmin):
    image_prefix = IMAGE_PREFIX
    image_open_graph = True


@admin.register(Pillar)
class PillarAdmin(CampaignImageAdmin, TranslatedContentAdmin):
    list_display = ["number", "title", "spanish", "updated_at"]
    list_filter = ["spanish_reviewed"]
    list_display_links = ["number", "title"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["current_image", "updated_at"]
    fields = [
        "number",
        "title",
        "slug",
        "summary",
        "body",
        *CampaignImageAdmin.image_fields,
        "spanish_reviewed",
        "updated_at",
    ]


@admin.register(Page)
class PageAdmin(CampaignImageAdmin, TranslatedContentAdmin):
    list_display = ["title", "slug", "spanish", "updated_at"]
    list_filter = ["slug", "spanish_reviewed"]
    search_fields = ["title", "summary", "body"]
    readonly_fields = ["current_image", "updated_at"]
    fields = [
        "slug",
        "title",
        "summary",
        "body",
        *CampaignImageAdmin.image_fields,
        "spanish_reviewed",
        "updated_at",
    ]

    def has_delete_permission(self, request: HttpRequest, obj: Page | None = None) -> bool:
        # The site has a place for each page; deleting one would break it.
        return False


@admin.register(WayToAct)
class WayToActAdmin(TranslatedContentAdmin):
    list_display = ["title", "position", "destination", "is_published", "spanish", "updated_at"]
    list_editable = ["position", "is_published"]
    list_filter = ["is_published", "destination", "spanish_reviewed"]
    search_fields = ["title", "summary"]
    readonly_fields = ["updated_at"]
    fields = [
        "title",
        "summary",
        "button_label",
        "destination",
        "url",
        "position",
        "is_published",
        "spanish_reviewed",
        "updated_at",
    ]


# Shown in each empty box: an example of what goes there, never a value.
EXAMPLE = _("Placeholder, not shown on the site: %(example)s")
EXAMPLES = {
    "website": "https://socialmission.org",
    "public_email": "name@example.org",
    "linkedin_url": "https://www.linkedin.com/company/…",
    "bluesky_url": "https://bsky.app/profile/…",
    "x_url": "https://x.com/…",
    "instagram_url": "https://www.instagram.com/…",
    "facebook_url": "https://www.facebook.com/…",
    "youtube_url": "https://www.youtube.com/@…",
}


class OrganisationDetailsForm(forms.ModelForm):
    class Meta:
        model = OrganisationDetails
        fields = [*EXAMPLES]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name, example in EXAMPLES.items():
            self.fields[name].widget.attrs["placeholder"] = EXAMPLE % {"example": example}


@admin.register(OrganisationDetails)
class OrganisationDetailsAdmin(admin.ModelAdmin):
    form = OrganisationDetailsForm
    list_display = ["__str__", "not_filled_in", "updated_at"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (
            None,
            {
                "description": _(
                    "Shown in the site's footer and on the About page. A box left empty "
                    "is left off the site: the grey text in it is only an example."
                ),
                "fields": [*EXAMPLES, "updated_at"],
            },
        )
    ]

    @admin.display(description=_("not filled in (left off the site)"))
    def not_filled_in(self, details: OrganisationDetails) -> str:
        empty = [
            str(OrganisationDetails._meta.get_field(name).verbose_name)
            for name in EXAMPLES
            if not getattr(details, name)
        ]
        return ", ".join(empty) or "—"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not OrganisationDetails.objects.exists()

    def has_delete_permission(
        self, request: HttpRequest, obj: OrganisationDetails | None = None
    ) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponseRedirect:
        # One row: its list is its form.
        details = OrganisationDetails.objects.first()
        if details is not None:
            return HttpResponseRedirect(
                reverse("admin:campaign_organisationdetails_change", args=[details.pk])
            )
        return super().changelist_view(request, extra_context)


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "name", "email", "status", "language", "created_at"]
    list_filter = ["status", "language", "created_at"]
    search_fields = ["subject", "name", "email", "message"]
    date_hierarchy = "created_at"
    actions = ["mark_answered", "mark_closed", "mark_new"]
    # What the public typed is shown as plain text and cannot be edited.
    readonly_fields = ["name", "email", "subject", "message", "language", "created_at"]
    fields = [
        "status",
        "staff_notes",
        "name",
        "email",
        "subject",
        "message",
        "language",
        "created_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def _set_status(self, request: HttpRequest, queryset: QuerySet, status: str) -> None:
        changed = services.contact_messages_set_status(
            message_ids=list(queryset.values_list("pk", flat=True)), status=status
        )
        label = ContactMessage.Status(status).label
        report_outcomes(
            self,
            request,
            done=[
                ngettext(
                    "%(count)d message marked “%(status)s”.",
                    "%(count)d messages marked “%(status)s”.",
                    changed,
                )
                % {"count": changed, "status": label}
            ],
        )

    @admin.action(description=_("Mark as answered"), permissions=["change"])
    def mark_answered(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._set_status(request, queryset, ContactMessage.Status.ANSWERED)

    @admin.action(description=_("Mark as closed"), permissions=["change"])
    def mark_closed(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._set_status(request, queryset, ContactMessage.Status.CLOSED)

    @admin.action(description=_("Mark as new"), permissions=["change"])
    def mark_new(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._set_status(request, queryset, ContactMessage.Status.NEW)
