"""Staff: "Find a person" by email, with the same picture, export and erase; the audit log."""

import json

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from forus.people import selectors, services
from forus.people.forms import FindPersonForm, StaffEraseForm
from forus.people.models import AuditEntry

FIND_PERSON_PERMISSION = "people.find_person"


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log: read only, for everyone, superusers included."""

    list_display = ["created_at", "action", "actor_name", "email_hash", "counts"]
    list_filter = ["action"]
    search_fields = ["email_hash", "actor_name"]
    date_hierarchy = "created_at"
    fields = ["created_at", "action", "actor", "actor_name", "email_hash", "counts"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.has_perm(FIND_PERSON_PERMISSION)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(FIND_PERSON_PERMISSION)

    def get_search_results(self, request, queryset, search_term):
        # Staff type an address: find its entries by the keyed hash.
        if "@" in search_term:
            return queryset.filter(
                email_hash=services.email_hash(search_term.strip().lower())
            ), False
        return super().get_search_results(request, queryset, search_term)

    def get_urls(self) -> list:
        find = self.admin_site.admin_view(self.find_person_view)
        return [path("find-person/", find, name="people_find_person"), *super().get_urls()]

    def find_person_view(self, request: HttpRequest) -> HttpResponse:
        """Look up an address across the apps; export or erase it, each one audited."""
        if not request.user.has_perm(FIND_PERSON_PERMISSION):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Find a person"),
            "opts": self.model._meta,
        }
        form = FindPersonForm(request.POST or None)
        if request.method != "POST" or not form.is_valid():
            return TemplateResponse(
                request, "admin/people/find_person.html", {**context, "form": form}
            )
        email = form.cleaned_data["email"]
        step = request.POST.get("step", "view")
        if step == "export":
            export = selectors.person_export(email=email)
            services.audit_record(
                action=AuditEntry.Action.EXPORT,
                email=email,
                actor=request.user,
                counts=_counts(export),
            )
            response = HttpResponse(
                json.dumps(export, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            stamp = timezone.now().strftime("%Y-%m-%d")
            response["Content-Disposition"] = f'attachment; filename="person-data-{stamp}.json"'
            return response
        if step == "erase":
            erase_form = StaffEraseForm(request.POST)
            if erase_form.is_valid():
                counts = services.person_erase(
                    email=email, language=translation.get_language(), actor=request.user
                )
                self.message_user(request, _("Everything about the address is erased."))
                return TemplateResponse(
                    request,
                    "admin/people/find_person.html",
                    {**context, "form": FindPersonForm(), "erased": counts},
                )
        else:
            erase_form = StaffEraseForm(initial={"email": email})
        export = selectors.person_export(email=email)
        if step == "view":
            services.audit_record(
                action=AuditEntry.Action.VIEW,
                email=email,
                actor=request.user,
                counts=_counts(export),
            )
        return TemplateResponse(
            request,
            "admin/people/find_person.html",
            {
                **context,
                "form": form,
                "email": email,
                "export": export,
                "erase_form": erase_form,
                "kept": selectors.person_kept(),
            },
        )


def _counts(export: dict) -> dict[str, int]:
    """How many records each app holds, for the audit log (never the records)."""
    counts = {}
    for key, section in export["sections"].items():
        records = section["records"]
        if isinstance(records, dict) and all(isinstance(v, list) for v in records.values()):
            counts[key] = sum(len(value) for value in records.values())
        else:
            counts[key] = len(records) if isinstance(records, list) else int(bool(records))
    return counts
