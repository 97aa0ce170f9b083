"""Rights and procedures in the admin site: guide editors and system administrators edit,
everyone else who may use the admin site reads."""

import functools
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from putokaz.rights import shipped
from putokaz.rights.actions import articles_load_shipped
from putokaz.rights.models import Article, DocumentToBring, LegalSource, Step


class EditedByGuideEditors:
    """Shown to anyone on the admin site; changed only with ``rights.edit_articles``."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return request.user.has_perm("rights.edit_articles")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("rights.edit_articles")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("rights.edit_articles")


class StepInline(EditedByGuideEditors, TranslationStackedInline):
    model = Step
    extra = 0
    fields = ["position", "text"]


class DocumentInline(EditedByGuideEditors, TranslationStackedInline):
    model = DocumentToBring
    extra = 0
    fields = ["position", "text"]


class LegalSourceInline(EditedByGuideEditors, TranslationStackedInline):
    model = LegalSource
    extra = 0
    fields = ["position", "name", "provisions", "gazette"]


@admin.register(Article)
class ArticleAdmin(EditedByGuideEditors, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["title", "slug", "is_published", "reviewed_on", "shipped_text"]
    list_filter = ["is_published"]
    search_fields = ["slug", "title_sr_latn", "title_en"]
    filter_horizontal = ["domains", "target_groups"]
    readonly_fields = ["shipped_text"]
    inlines = [StepInline, DocumentInline, LegalSourceInline]
    actions = ["replace_with_shipped_text"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A shipped article would come back with the next migrate: unpublish it instead.
        if obj is not None and obj.shipped_version is not None:
            return False
        return super().has_delete_permission(request, obj)

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return True  # a revert would restore the article's own fields, not its steps

    @admin.display(description=_("shipped text"))
    def shipped_text(self, article: Article) -> str:
        loaded = article.shipped_version
        if loaded is None:
            return gettext("written here")
        edited = article.content_digest() != article.shipped_digest
        newest = _shipped_versions().get(article.slug, loaded)
        if edited and newest > loaded:
            return gettext(
                "version %(loaded)s, edited here; shipped version %(newest)s not loaded"
            ) % {"loaded": loaded, "newest": newest}
        if edited:
            return gettext("version %(loaded)s, edited here") % {"loaded": loaded}
        return gettext("version %(loaded)s") % {"loaded": loaded}

    @admin.action(description=_("Replace with the shipped text (the edits stay in the history)"))
    def replace_with_shipped_text(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        if not self.has_change_permission(request):
            return
        slugs = set(queryset.values_list("slug", flat=True))
        chosen = [article for article in shipped.read_all() if article.slug in slugs]
        report = articles_load_shipped(acting_user=request.user, replace=slugs, articles=chosen)
        self.message_user(
            request,
            gettext("Articles replaced with the shipped text: %(count)s")
            % {"count": len(report.updated) + len(report.created)},
            messages.SUCCESS,
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return (
            super()
            .get_queryset(request)
            .prefetch_related("domains", "target_groups", "steps", "documents", "legal_sources")
        )


@functools.cache
def _shipped_versions() -> dict[str, int]:
    """The files change only with a release: read once per process."""
    return {article.slug: article.version for article in shipped.read_all()}
