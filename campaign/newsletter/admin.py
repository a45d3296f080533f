from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from campaign.newsletter import exports, selectors, services
from campaign.newsletter.models import ConsentEvent, Subscriber


def _csv_download(subscribers: QuerySet[Subscriber]) -> StreamingHttpResponse:
    filename = f"health-advocate-insights-confirmed-{timezone.localdate():%Y-%m-%d}.csv"
    response = StreamingHttpResponse(
        exports.subscribers_csv(selectors.confirmed_subscribers(subscribers).iterator()),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _consent_history_download(subscribers: QuerySet[Subscriber]) -> StreamingHttpResponse:
    filename = f"health-advocate-insights-consent-{timezone.localdate():%Y-%m-%d}.csv"
    response = StreamingHttpResponse(
        exports.consent_history_csv(
            selectors.consent_events_of(selectors.confirmed_subscribers(subscribers))
        ),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ConsentEventInline(admin.TabularInline):
    """The subscriber's consent history, as it happened: nobody edits it."""

    model = ConsentEvent
    fields = ["at", "kind", "channel", "language", "wording"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Subscriber | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Subscriber | None = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Subscriber | None = None) -> bool:
        # Whoever may read a subscriber may read their history.
        return request.user.has_perm("newsletter.view_subscriber")


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "name",
        "status",
        "email_problem",
        "source",
        "language",
        "created_at",
        "confirmed_at",
    ]
    list_filter = ["status", "email_problem", "source", "language"]
    search_fields = ["email", "name"]
    date_hierarchy = "created_at"
    inlines = [ConsentEventInline]
    # With Django's "Delete selected", which erases (see delete_queryset).
    actions = ["export_confirmed", "unsubscribe_on_request"]
    fieldsets = [
        (None, {"fields": ["email", "name", "status", "source", "language"]}),
        (
            _("Consent"),
            {"fields": ["consent_wording", "consented_at", "confirmation_sent_at"]},
        ),
        (_("Dates"), {"fields": ["created_at", "confirmed_at", "unsubscribed_at"]}),
        # Set from the mail provider's reports; lifting the address's
        # suppression (Email outbox → Suppressed addresses) clears it.
        (_("Delivery"), {"fields": ["email_problem", "email_problem_at"]}),
    ]
    # Staff may correct a name; everything else is the subscriber's own doing
    # (an address is only ever added or changed through double opt-in).
    readonly_fields = [
        "email",
        "status",
        "source",
        "language",
        "consent_wording",
        "consented_at",
        "confirmation_sent_at",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
        "email_problem",
        "email_problem_at",
    ]

    def get_urls(self) -> list:
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="newsletter_subscriber_export",
            ),
            path(
                "export-consent/",
                self.admin_site.admin_view(self.export_consent_view),
                name="newsletter_subscriber_export_consent",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request: HttpRequest) -> HttpResponse:
        """Every confirmed subscriber, for the mailing tool."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return _csv_download(Subscriber.objects.all())

    def export_consent_view(self, request: HttpRequest) -> HttpResponse:
        """The consent history of every confirmed subscriber, one event a row."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return _consent_history_download(Subscriber.objects.all())

    @admin.action(
        description=_("Export the selected confirmed subscribers as CSV"), permissions=["view"]
    )
    def export_confirmed(
        self, request: HttpRequest, queryset: QuerySet[Subscriber]
    ) -> StreamingHttpResponse:
        return _csv_download(queryset)

    @admin.action(
        description=_("Unsubscribe the selected subscribers (at their request)"),
        permissions=["change"],
    )
    def unsubscribe_on_request(self, request: HttpRequest, queryset: QuerySet[Subscriber]) -> None:
        subscriber_ids = list(
            queryset.exclude(status=Subscriber.Status.UNSUBSCRIBED).values_list("pk", flat=True)
        )
        for subscriber_id in subscriber_ids:
            services.subscriber_unsubscribe(
                subscriber_id=subscriber_id, channel=services.Channel.ADMIN
            )
        self.message_user(
            request,
            ngettext(
                "%(count)d subscriber unsubscribed.",
                "%(count)d subscribers unsubscribed.",
                len(subscriber_ids),
            )
            % {"count": len(subscriber_ids)},
            messages.SUCCESS,
        )

    # Deleting is erasing: the row and the newsletter emails to that address.
    def delete_model(self, request: HttpRequest, obj: Subscriber) -> None:
        services.subscriber_erase(subscriber_ids=[obj.pk])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Subscriber]) -> None:
        services.subscriber_erase(subscriber_ids=list(queryset.values_list("pk", flat=True)))

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Nobody is subscribed without confirming their address themselves.
        return False
