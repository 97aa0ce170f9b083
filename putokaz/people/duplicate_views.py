"""The review of possible duplicates (supervisors): the queue, the comparison of two records
side by side with the decision, and the merge with its undo."""

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from putokaz.accounts.models import AuthenticatedRequest
from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.core import locale_names
from putokaz.core.content_translation import in_script
from putokaz.people import actions, merging
from putokaz.people.access import get_merge_for_user, get_possible_duplicate_for_user
from putokaz.people.matching.scoring import FIELD_LABELS, score
from putokaz.people.models import Person, PersonHolder, PossibleDuplicate

STATUSES = ("open", "decided")


def _check_reviewer(request: AuthenticatedRequest) -> None:
    if not request.user.has_perm("people.review_duplicates"):
        raise PermissionDenied(_("The review of possible duplicates is for supervisors."))


@login_required
def duplicate_queue(request: AuthenticatedRequest) -> HttpResponse:
    """The possible duplicates waiting for the supervisor's decision (or decided)."""
    _check_reviewer(request)
    status = request.GET.get("status") if request.GET.get("status") in STATUSES else "open"
    pairs = PossibleDuplicate.objects.for_reviewer(request.user)
    pairs = (
        pairs.open()
        if status == "open"
        else pairs.exclude(status=PossibleDuplicate.Status.OPEN).order_by("-decided_at")
    )
    page = Paginator(
        pairs.select_related("person", "other__organisation", "found_by", "decided_by").order_by(
            "-found_at", "-pk"
        )
        if status == "open"
        else pairs.select_related("person", "other__organisation", "found_by", "decided_by"),
        50,
    ).get_page(request.GET.get("page"))
    visible = set(
        Person.objects.visible_to(request.user)
        .filter(pk__in=[pair.other_id for pair in page])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "people/duplicate_queue.html",
        {"page": page, "status": status, "visible": visible},
    )


def _display(person: Person, name: str) -> str:
    value = getattr(person, name)
    if value in (None, "", []):
        return "—"
    if name == "sex":
        return str(person.get_sex_display())
    if name == "birth_date":
        return date_format(value, "SHORT_DATE_FORMAT")
    if name in {"birth_date_estimated", "needs_interpreter"}:
        return _("yes") if value else _("no")
    if name == "citizenships":
        return ", ".join(locale_names.country_name(code) for code in value)
    if name == "languages":
        return ", ".join(locale_names.language_name(code) for code in value)
    return in_script(str(value))


def comparison(kept: Person, other: Person) -> list[dict[str, Any]]:
    """The merged fields of the two records side by side, with how the matching compared
    them where it does."""
    levels = {
        agreement.field: agreement.level_label
        for agreement in score(kept.match_records()[0], other.match_records()[0]).agreements
    }
    levels["parent_name"] = levels.get("father_name", "")
    rows = []
    for name in merging.MERGED_FIELDS:
        label = merging.person_field(name).verbose_name
        kept_value, other_value = _display(kept, name), _display(other, name)
        rows.append(
            {
                "name": name,
                "label": FIELD_LABELS.get(name, label),
                "kept": kept_value,
                "other": other_value,
                "differs": kept_value != other_value,
                "level": levels.get(name, ""),
                # By default the kept record's value, or the other's where it has none.
                "take_other": kept_value == "—" and other_value != "—",
            }
        )
    return rows


@login_required
def duplicate_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Two records side by side: dismiss them as two people, or merge them."""
    _check_reviewer(request)
    pair = get_possible_duplicate_for_user(request.user, pk)
    kept, other = pair.other, pair.person  # the record registered first is kept
    visible = Person.objects.visible_to(request.user).filter(pk=kept.pk).exists()
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "different":
                actions.possible_duplicate_dismiss(
                    pair=pair,
                    acting_user=request.user,
                    note=request.POST.get("note", ""),
                    request=request,
                )
                messages.success(request, _("Recorded: two different people."))
                return redirect(reverse("people:duplicate_queue"))
            if request.POST.get("decision") == "same" and visible:
                merge = actions.person_merge(
                    survivor=kept,
                    merged=other,
                    take_from_merged=[
                        name
                        for name in merging.MERGED_FIELDS
                        if request.POST.get(f"take_{name}") == "other"
                    ],
                    acting_user=request.user,
                    pair=pair,
                    request=request,
                )
                messages.success(request, _("The two records were merged."))
                return redirect(reverse("people:merge_detail", args=[merge.pk]))
            messages.error(request, _("Choose one of the decisions."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    for person in (pair.person, kept) if visible else (pair.person,):
        log_access(
            actor=request.user,
            action=Action.VIEW,
            obj=person,
            purpose="duplicate review",
            request=request,
        )
    holders = (
        []
        if visible
        else list(
            PersonHolder.objects.filter(person=kept).select_related("organisation").order_by("pk")
        )
    )
    return render(
        request,
        "people/duplicate_review.html",
        {
            "pair": pair,
            "kept": kept,
            "other": other,
            "visible": visible,
            "rows": comparison(kept, other) if visible else [],
            "holders": [holder.organisation for holder in holders],
        },
    )


@login_required
def merge_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """What a merge did (rows moved, kept with the merged record), and its undo."""
    merge = get_merge_for_user(request.user, pk)
    return render(
        request,
        "people/merge_detail.html",
        {"merge": merge, "moved": _counted(merge.moved), "kept": _counted(merge.kept_with_merged)},
    )


def _counted(rows: list[list[Any]]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row[0]] = counts.get(row[0], 0) + 1
    return [
        (str(apps.get_model(label)._meta.verbose_name_plural), count)
        for label, count in sorted(counts.items())
    ]


@login_required
@require_POST
def merge_undo(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    merge = get_merge_for_user(request.user, pk)
    try:
        result = actions.person_unmerge(merge=merge, acting_user=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("people:merge_detail", args=[merge.pk]))
    messages.success(request, _("The merge was undone: the two records are separate again."))
    if result.changed_since:
        labels = [str(merging.person_field(name).verbose_name) for name in result.changed_since]
        messages.warning(
            request,
            _("Changed after the merge, so kept as they are now: %(fields)s.")
            % {"fields": ", ".join(labels)},
        )
    if result.missing:
        messages.warning(
            request,
            _("%(count)s moved records were changed or removed since and stayed as they are.")
            % {"count": len(result.missing)},
        )
    return redirect(result.merge.merged.get_absolute_url())
