# mypy: disable-error-code="django-manager-missing"
# (django-modeltranslation swaps the managers of translated models at run time.)
"""Rights and procedures: one guide article per procedure, with its steps and legal sources.

Articles are shipped with the code (``data/articles/*.toml``, see ``shipped.py``) and may be
edited by guide editors in the admin site. ``shipped_version`` and ``shipped_digest`` say
which shipped text an article holds and what it looked like then, so that a newer shipped
text never silently replaces an editor's edit (see ``actions.articles_load_shipped``).
"""

import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from putokaz.core.models import TimeStampedModel
from putokaz.directory.models import Service, ServiceQuerySet, TaxonomyTerm
from putokaz.geo.models import Municipality

# Every language field of the content, Django's codes written as field suffixes.
LANGUAGE_SUFFIXES = [code.replace("-", "_") for code, _name in settings.LANGUAGES]


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self) -> "ArticleQuerySet":
        return self.filter(is_published=True)


class Article(TimeStampedModel):
    slug = models.SlugField(
        _("address name"),
        max_length=80,
        unique=True,
        help_text=_(
            "Part of the page's address. Do not change it: links and the shipped text use it."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_published = models.BooleanField(_("published"), default=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    audience = models.TextField(_("who it is for"))
    deadlines = models.TextField(_("deadlines"), blank=True)
    fees = models.TextField(_("fees"), blank=True)
    reviewed_on = models.DateField(_("last reviewed"))
    domains = models.ManyToManyField(
        TaxonomyTerm,
        related_name="rights_articles",
        verbose_name=_("areas"),
        blank=True,
        limit_choices_to={"taxonomy__code": "domains"},
        help_text=_("The guide shows the services in these areas (and their sub-areas)."),
    )
    target_groups = models.ManyToManyField(
        TaxonomyTerm,
        related_name="rights_articles_for_group",
        verbose_name=_("target groups"),
        blank=True,
        limit_choices_to={"taxonomy__code": "target-groups"},
        help_text=_("If any are chosen, only services for these groups or for everyone are shown."),
    )
    shipped_version = models.PositiveIntegerField(
        _("shipped version"), null=True, blank=True, editable=False
    )
    shipped_digest = models.CharField(max_length=64, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("rights and procedures article")
        verbose_name_plural = _("rights and procedures articles")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("rights:article_detail", args=[self.slug])

    def helping_services(self, municipality: Municipality) -> ServiceQuerySet:
        """Published, active services for people living in ``municipality`` in the article's
        areas; if the article names target groups, those for them or for everyone."""
        domains = list(self.domains.all())
        if not domains:
            return Service.objects.none()
        in_areas = Q()
        for term in domains:
            in_areas |= Q(pk__in=Service.objects.in_domain(term).values("pk"))
        services = (
            Service.objects.published()
            .filter(status=Service.Status.ACTIVE)
            .in_municipality(municipality)
            .filter(in_areas)
        )
        groups = list(self.target_groups.all())
        if groups:
            group_links: Any = Service.target_groups.through  # the M2M link table
            for_them = ~Q(pk__in=group_links.objects.values("service_id"))  # for everyone
            for term in groups:
                for_them |= Q(pk__in=Service.objects.for_group(term).values("pk"))
            services = services.filter(for_them)
        return services

    def content_digest(self) -> str:
        """A fingerprint of everything a reader sees, in every language, as stored now."""

        def texts(obj: Any, *fields: str) -> dict[str, str]:
            return {
                f"{field}_{suffix}": getattr(obj, f"{field}_{suffix}") or ""
                for field in fields
                for suffix in LANGUAGE_SUFFIXES
            }

        content = {
            **texts(self, "title", "summary", "audience", "deadlines", "fees"),
            "reviewed_on": self.reviewed_on.isoformat() if self.reviewed_on else "",
            "is_published": self.is_published,
            "position": self.position,
            "domains": sorted(term.code for term in self.domains.all()),
            "target_groups": sorted(term.code for term in self.target_groups.all()),
            "steps": [texts(step, "text") for step in self.steps.all()],
            "documents": [texts(document, "text") for document in self.documents.all()],
            "legal_sources": [
                {
                    **texts(source, "name"),
                    "provisions": source.provisions,
                    "gazette": source.gazette,
                }
                for source in self.legal_sources.all()
            ],
        }
        encoded = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()


class Step(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="steps", verbose_name=_("article")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("step"))

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return self.text[:80]


class DocumentToBring(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="documents", verbose_name=_("article")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("document"))

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("document to bring")
        verbose_name_plural = _("documents to bring")

    def __str__(self) -> str:
        return self.text[:80]


class LegalSource(models.Model):
    """A law or bylaw the article rests on: cited only as far as the editors are sure."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="legal_sources", verbose_name=_("article")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("law or bylaw"), max_length=300)
    provisions = models.CharField(
        pgettext_lazy("law", "articles"),
        max_length=100,
        blank=True,
        help_text=_("Article numbers, such as 16 or 11, 12. Leave empty unless you are sure."),
    )
    gazette = models.CharField(
        _("Official Gazette"),
        max_length=200,
        blank=True,
        help_text=_("Issue of the Službeni glasnik RS, such as 25/2019. Leave empty if unsure."),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("legal source")
        verbose_name_plural = _("legal sources")

    def __str__(self) -> str:
        return self.name
