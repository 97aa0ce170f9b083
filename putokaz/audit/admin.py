from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from putokaz.audit.models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
