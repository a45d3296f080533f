from django.apps import apps
from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import truncatechars
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.clickjacking import xframe_options_sameorigin

from forus.outbox.feedback import suppression_lift
from forus.outbox.models import OutboundAttachment, OutboundEmail, Suppression
from forus.outbox.services import email_resend

# The HTML part as sent, shown in a sandboxed frame: its own styles, nothing
# that runs, no request to another host.
PREVIEW_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)


def read_permissions() -> dict[str, str]:
    """Each app's label and the permission that lets staff read the emails it queued.

    An email is about a person the app knows, and carries that person's own
    links (join, cancel, unsubscribe, consent): an app declares, as
    `outbox_read_permission` on its AppConfig, the permission of those who
    may see that person in admin. An app that declares none (the outbox's
    own `outbox_check`) leaves its emails to superusers.
    """
    return {
        app_config.label: app_config.outbox_read_permission
        for app_config in apps.get_app_configs()
        if getattr(app_config, "outbox_read_permission", None)
    }


class OutboundAttachmentInline(admin.TabularInline):
    model = OutboundAttachment
    fields = ["filename", "content_type", "size"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description=_("size"))
    def size(self, attachment: OutboundAttachment) -> str:
        return f"{len(attachment.content):,} B"

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Whoever may read an email may see what was attached to it.
        return request.user.has_perm("outbox.view_outboundemail")


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = [
        "subject",
        "to",
        "status",
        "report",
        "attempts",
        "created_at",
        "sent_at",
        "error",
    ]
    list_filter = ["status", "report", "app_label", "template", "language", "created_at"]
    search_fields = ["to", "subject", "message_id"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    inlines = [OutboundAttachmentInline]
    fieldsets = [
        (None, {"fields": ["status", "to", "subject", "created_at", "sent_at"]}),
        (
            _("Delivery"),
            {"fields": ["attempts", "next_attempt_at", "claimed_at", "last_error"]},
        ),
        (
            _("The mail provider's report"),
            {"fields": ["report", "reported_at", "soft_bounces"]},
        ),
        (
            _("Message as sent"),
            {
                "fields": [
                    "message_id",
                    "headers",
                    "app_label",
                    "template",
                    "language",
                    "body_text",
                    "html_preview",
                ]
            },
        ),
    ]
    readonly_fields = [
        "status",
        "to",
        "subject",
        "created_at",
        "sent_at",
        "attempts",
        "next_attempt_at",
        "claimed_at",
        "last_error",
        "report",
        "reported_at",
        "soft_bounces",
        "message_id",
        "headers",
        "app_label",
        "template",
        "language",
        "body_text",
        "html_preview",
    ]

    @admin.display(description=_("last error"))
    def error(self, email: OutboundEmail) -> str:
        return truncatechars(email.last_error, 60)

    @admin.display(description=_("HTML part"))
    def html_preview(self, email: OutboundEmail) -> str:
        url = reverse("admin:outbox_outboundemail_html", args=[email.pk])
        return format_html(
            '<iframe src="{}" sandbox="" title="{}" class="outbox-preview"></iframe>'
            '<p><a href="{}">{}</a></p>',
            url,
            _("The HTML part of the email"),
            url,
            _("Open the HTML part on its own"),
        )

    @admin.action(description=_("Send the selected emails again"), permissions=["change"])
    def resend(self, request: HttpRequest, queryset: QuerySet[OutboundEmail]) -> None:
        count = email_resend(email_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext("%(count)d email queued again.", "%(count)d emails queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def get_urls(self) -> list:
        return [
            path(
                "<int:pk>/html/",
                self.admin_site.admin_view(self.html_view),
                name="outbox_outboundemail_html",
            ),
            *super().get_urls(),
        ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[OutboundEmail]:
        emails = super().get_queryset(request)
        if request.user.is_superuser:
            return emails
        readable = Q(pk__in=[])
        for app_label, permission in read_permissions().items():
            if request.user.has_perm(permission):
                readable |= Q(app_label=app_label)
        return emails.filter(readable)

    @xframe_options_sameorigin
    def html_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        email = get_object_or_404(self.get_queryset(request), pk=pk)
        response = HttpResponse(email.body_html)
        response["Content-Security-Policy"] = PREVIEW_POLICY
        return response

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class InForceFilter(admin.SimpleListFilter):
    title = _("in force")
    parameter_name = "in_force"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("yes", _("In force")), ("no", _("Lifted"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Suppression]) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(lifted_at__isnull=True)
        if self.value() == "no":
            return queryset.filter(lifted_at__isnull=False)
        return queryset


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    """Addresses the site sends nothing to, from the mail provider's reports."""

    list_display = ["address", "reason", "created_at", "provider", "lifted_at", "lifted_by"]
    list_filter = [InForceFilter, "reason", "created_at"]
    search_fields = ["address"]
    date_hierarchy = "created_at"
    actions = ["lift"]
    fields = [
        "address",
        "reason",
        "created_at",
        "provider",
        "event_id",
        "detail",
        "lifted_at",
        "lifted_by",
    ]
    readonly_fields = fields

    @admin.action(
        description=_("Lift the selected suppressions (send to these addresses again)"),
        permissions=["change"],
    )
    def lift(self, request: HttpRequest, queryset: QuerySet[Suppression]) -> None:
        count = suppression_lift(
            suppression_ids=list(queryset.values_list("pk", flat=True)), lifted_by=request.user
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d suppression lifted: new emails to that address will be sent.",
                "%(count)d suppressions lifted: new emails to those addresses will be sent.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Lifted, not deleted: the record of why an address was not mailed stays.
        return False
