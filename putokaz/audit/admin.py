from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from putokaz.audit.models import AccessLog, Action
from putokaz.audit.records import log_access
from putokaz.core.admin import ReadOnlyAdminMixin


class AuditedModelAdmin(admin.ModelAdmin):
    """Logs every opening of a record's page and of its history in the admin site."""

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> Any:
        self._log_view(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> Any:
        self._log_view(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def _log_view(self, request: HttpRequest, object_id: str) -> None:
        obj = self.get_object(request, object_id)
        if obj is not None and self.has_view_or_change_permission(request, obj):
            log_access(
                actor=request.user,
                action=Action.VIEW,
                obj=obj,
                purpose="administration",
                request=request,
            )


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the log can be searched, never changed."""

    list_display = [
        "occurred_at",
        "actor_label",
        "action",
        "content_type",
        "object_repr",
        "organisation",
    ]
    list_filter = ["action", "content_type"]
    search_fields = ["actor_label", "object_repr", "object_id"]
    date_hierarchy = "occurred_at"
