from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from putokaz.accounts.models import Membership, Organisation, User
from putokaz.audit.admin import AuditedModelAdmin
from putokaz.core.admin import ReadOnlyAdminMixin


class MembershipInline(ReadOnlyAdminMixin, admin.TabularInline):
    """Shown, not edited: roles change only through the audited actions (the organisation's page)."""

    model = Membership
    fk_name = "user"
    extra = 0
    fields = ["organisation", "role", "started_at", "ended_at"]
    readonly_fields = ["organisation", "role", "started_at", "ended_at"]


@admin.register(User)
class UserAdmin(AuditedModelAdmin, SimpleHistoryAdmin, BaseUserAdmin):
    ordering = ["full_name"]
    list_display = ["email", "full_name", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "is_staff"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "phone", "language")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )
    inlines = [MembershipInline]


@admin.register(Organisation)
class OrganisationAdmin(TranslationAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name_sr_latn", "name_sr_cyrl", "short_name"]
    filter_horizontal = ["municipalities"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdminMixin, AuditedModelAdmin, SimpleHistoryAdmin):
    """Read-only: memberships change through the organisation's page, which audits them."""

    list_display = ["user", "organisation", "role", "started_at", "ended_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__email", "user__full_name"]
