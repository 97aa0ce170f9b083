from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from putokaz.geo.models import District, Municipality


@admin.register(District)
class DistrictAdmin(TranslationAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name_sr_latn", "name_sr_cyrl"]


@admin.register(Municipality)
class MunicipalityAdmin(TranslationAdmin):
    list_display = ["code", "name", "kind", "district", "parent"]
    list_filter = ["kind", "district"]
    search_fields = ["code", "name_sr_latn", "name_sr_cyrl"]
