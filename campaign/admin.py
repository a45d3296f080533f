from django.contrib import admin
from django.http import HttpRequest

from campaign.models import IMAGE_PREFIX, Page, Pillar
from forus.admin import StaffImageAdmin, TranslatedContentAdmin


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
