"""The directory in the admin site: system administrators keep services and the taxonomy."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from putokaz.directory.models import (
    Location,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    Taxonomy,
    TaxonomyTerm,
)


class RequiredDocumentInline(TranslationTabularInline):
    model = RequiredDocument
    extra = 0


class ScheduleInline(admin.TabularInline):
    model = Schedule
    extra = 0
    fields = ["weekday", "opens_at", "closes_at"]


class ServiceLanguageInline(admin.TabularInline):
    model = ServiceLanguage
    extra = 0


class PhoneInline(admin.TabularInline):
    model = Phone
    extra = 0
    fields = ["number", "extension", "kind"]


class ServiceAtLocationInline(admin.TabularInline):
    model = ServiceAtLocation
    extra = 0
    fields = ["location"]
    autocomplete_fields = ["location"]


@admin.register(Service)
class ServiceAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["name", "organisation", "publication", "status", "verified_on"]
    list_filter = ["publication", "status", "domains"]
    search_fields = ["search_text"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["domains", "target_groups", "service_areas"]
    readonly_fields = ["verified_by"]
    inlines = [
        ServiceAtLocationInline,
        ScheduleInline,
        RequiredDocumentInline,
        ServiceLanguageInline,
        PhoneInline,
    ]


@admin.register(Location)
class LocationAdmin(TranslationAdmin):
    list_display = ["name", "organisation", "municipality", "address"]
    list_filter = ["municipality__district"]
    search_fields = ["name_sr_latn", "address"]
    autocomplete_fields = ["organisation", "municipality"]


@admin.register(Taxonomy)
class TaxonomyAdmin(TranslationAdmin):
    list_display = ["code", "name"]


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(TranslationAdmin):
    list_display = ["code", "name", "taxonomy", "parent", "open_eligibility"]
    list_filter = ["taxonomy"]
    search_fields = ["code", "name_sr_latn", "name_en"]
    readonly_fields = ["id"]
