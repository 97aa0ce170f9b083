"""Public pages of the rights and procedures: no sign-in, and no JavaScript needed."""

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from putokaz.directory.models import Location
from putokaz.rights.forms import MunicipalityForm
from putokaz.rights.models import Article

# The article lists this many services; the directory's search shows them all.
SERVICES_SHOWN = 20


def article_list(request: HttpRequest) -> HttpResponse:
    form = MunicipalityForm(request.GET or None)
    return render(
        request,
        "rights/article_list.html",
        {"articles": Article.objects.published(), "form": form, "municipality": form.chosen()},
    )


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.published().prefetch_related(
            "steps", "documents", "legal_sources", "domains", "target_groups"
        ),
        slug=slug,
    )
    form = MunicipalityForm(request.GET or None)
    municipality = form.chosen()
    services = None
    if municipality is not None:
        services = list(
            article.helping_services(municipality)
            .select_related("organisation")
            .prefetch_related(
                Prefetch("locations", queryset=Location.objects.select_related("municipality"))
            )
            .order_by("name_sr_latn", "pk")[: SERVICES_SHOWN + 1]
        )
    return render(
        request,
        "rights/article_detail.html",
        {
            "article": article,
            "form": form,
            "municipality": municipality,
            "services": services[:SERVICES_SHOWN] if services is not None else None,
            "more_services": services is not None and len(services) > SERVICES_SHOWN,
            "first_domain": next(iter(article.domains.all()), None),
        },
    )
