"""Pages of a child's protection: the child's page and its forms, the guardian register and
the worker's overview of their children."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from putokaz.accounts.models import AuthenticatedRequest, Organisation
from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.cases.models import Case
from putokaz.core.concurrency import VersionedModelForm, form_with_current_version
from putokaz.protection import actions, deadlines, guardianship, records
from putokaz.protection.access import (
    get_appointment,
    get_assessment,
    get_child_case_for_user,
    get_placement,
    get_tracing,
)
from putokaz.protection.forms import (
    AdultForm,
    AssessmentForm,
    DecideForm,
    DeterminationForm,
    GuardianEndForm,
    GuardianForm,
    IdentificationForm,
    MilestoneForm,
    PanelFormSet,
    PlacementEndForm,
    PlacementForm,
    TracingForm,
    TracingUpdateForm,
)
from putokaz.protection.models import (
    SEPARATED_DEFINITION,
    UNACCOMPANIED_DEFINITION,
    ApprovalStatus,
    ChildIdentification,
    ProtectionEvent,
)
from putokaz.protection.permissions import is_case_supervisor, register_organisation_ids


def _child_url(case: Case, anchor: str = "") -> str:
    url = reverse("protection:child_detail", args=[case.public_id])
    return f"{url}#{anchor}" if anchor else url


def _post(
    request: AuthenticatedRequest,
    case: Case,
    form: Any,
    act: Callable[[dict[str, Any]], Any],
    done: str,
    anchor: str,
) -> HttpResponse:
    """Validate ``form``, run ``act`` with its data, go back to the child's page with a message."""
    if not form.is_valid():
        for field_errors in form.errors.values():
            for error in field_errors:
                messages.error(request, error)
        return redirect(_child_url(case, anchor))
    try:
        act(form.cleaned_data)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(_child_url(case, anchor))


@login_required
def child_detail(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_child_case_for_user(request.user, public_id, request=request)
    case = records.with_protection(Case.objects.filter(pk=case.pk)).get()
    summary = records.summary(case)
    identification = summary.identification
    return render(
        request,
        "protection/child_detail.html",
        {
            "case": case,
            "summary": summary,
            "identification": identification,
            "adults": list(identification.adults.all()) if identification else [],
            "appointments": sorted(
                case.guardian_appointments.all(),
                key=lambda a: a.appointed_at,
                reverse=True,
            ),
            "placements": list(case.placements.all()),
            "assessments": case.best_interests_assessments.select_related(
                "assessed_by", "decided_by"
            ),
            "determinations": list(case.best_interests_determinations.all()),
            "tracings": case.family_tracings.all(),
            "events": ProtectionEvent.objects.filter(case=case).select_related("actor")[:50],
            "is_supervisor": is_case_supervisor(request.user, case),
            "guardian_limit": deadlines.guardian_appointment(),
            "adult_form": AdultForm(auto_id="adult-%s"),
            "end_form": GuardianEndForm(
                auto_id="end-%s", initial={"ended_on": timezone.localdate()}
            ),
            "placement_form": PlacementForm(
                auto_id="placement-%s", initial={"starts_on": timezone.localdate()}
            ),
            "placement_end_form": PlacementEndForm(
                auto_id="placement-end-%s", initial={"ends_on": timezone.localdate()}
            ),
            "tracing_form": TracingForm(
                auto_id="tracing-%s", initial={"requested_on": timezone.localdate()}
            ),
            "tracing_update_form": TracingUpdateForm(auto_id="tracing-update-%s"),
            "milestone_form": MilestoneForm(auto_id="milestone-%s"),
            "ApprovalStatus": ApprovalStatus,
            "now": timezone.now(),
            "today": timezone.localdate(),
        },
    )


@login_required
def identification_edit(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_child_case_for_user(request.user, public_id)
    identification = ChildIdentification.objects.filter(case=case).first()
    data = request.POST if request.method == "POST" else None
    form: VersionedModelForm = IdentificationForm(data, instance=identification)
    if request.method == "POST" and form.is_valid():
        try:
            actions.identification_save(
                case=case,
                data=form.cleaned_data,
                version=form.cleaned_data.get("version", ""),
                acting_user=request.user,
                request=request,
            )
        except ValidationError as error:
            if identification is not None and error.code == "concurrent_edit":
                identification.refresh_from_db()
                form = form_with_current_version(IdentificationForm, identification, error)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("The identification was saved."))
            return redirect(_child_url(case, "identification"))
    elif identification is not None:
        log_access(
            actor=request.user,
            action=Action.VIEW,
            obj=identification,
            purpose="child identification",
            request=request,
        )
    return render(
        request,
        "protection/identification_form.html",
        {
            "case": case,
            "form": form,
            "definitions": [UNACCOMPANIED_DEFINITION, SEPARATED_DEFINITION],
        },
    )


@login_required
@require_POST
def adult_add(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_child_case_for_user(request.user, public_id)
    return _post(
        request,
        case,
        AdultForm(request.POST),
        lambda data: actions.adult_add(
            case=case, acting_user=request.user, request=request, **data
        ),
        _("The accompanying adult was recorded."),
        "identification",
    )


@login_required
def guardian_appoint(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_child_case_for_user(request.user, public_id)
    form = GuardianForm(
        request.POST if request.method == "POST" else None,
        case=case,
        initial={
            "decision_date": timezone.localdate(),
            "appointed_at": timezone.localtime().replace(second=0, microsecond=0),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.guardian_appoint(
                case=case, acting_user=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The temporary guardian was appointed."))
            return redirect(_child_url(case, "guardian"))
    case = records.with_protection(Case.objects.filter(pk=case.pk)).get()
    summary = records.summary(case)
    return render(
        request,
        "protection/guardian_form.html",
        {
            "case": case,
            "form": form,
            "summary": summary,
            "checked_rules": guardianship.CHECKED_RULES,
            "confirmed_rules": guardianship.CONFIRMED_RULES,
            "suspected": [
                a
                for a in (summary.identification.adults.all() if summary.identification else [])
                if a.suspected
            ],
            "limit": deadlines.guardian_appointment(),
        },
    )


@login_required
@require_POST
def guardian_end(request: AuthenticatedRequest, public_id: str, pk: int) -> HttpResponse:
    case = get_child_case_for_user(request.user, public_id)
    appointment = get_appointment(case, pk)
    return _post(
        request,
        case,
        GuardianEndForm(request.POST),
        lambda data: actions.guardian_end(
            appointment=appointment, acting_user=request.user, request=request, **data
        ),
        _("The guardianship ended; it stays in the child's history."),
        "guardian",
    )


@login_required
@require_POST
def placement_add(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_child_case_for_user(request.user, public_id)
    return _post(
        request,
        case,
        PlacementForm(request.POST),
        lambda data: actions.placement_add(
            case=case, acting_user=request.user, request=request, **data
        ),
        _("The placement was recorded."),
        "placement",
    )


@login_required
@require_POST
def placement_end(request: AuthenticatedRequest, public_id: str, pk: int) -> HttpResponse:
    case = get_child_case_for_user(request.user, public_id)
    placement = get_placement(case, pk)
    return _post(
        request,
        case,
        PlacementEndForm(request.POST),
        lambda data: actions.placement_end(
            placement=placement, ends_on=data["ends_on"], acting_user=request.user, request=request
        ),
        _("The placement ended."),
        "placement",
    )


@login_required
def assessment_new(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_child_case_for_user(request.user, public_id)
    form = AssessmentForm(
        request.POST if request.method == "POST" else None,
        initial={"assessed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.assessment_submit(
                case=case, acting_user=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The assessment was sent to the supervisor for approval."))
            return redirect(_child_url(case, "best-interests"))
    return render(request, "protection/assessment_form.html", {"case": case, "form": form})


@login_required
@require_POST
def assessment_decide(request: AuthenticatedRequest, public_id: str, pk: int) -> HttpResponse:
    case = get_child_case_for_user(request.user, public_id)
    assessment = get_assessment(case, pk)
    approve = request.POST.get("approve") == "1"
    return _post(
        request,
        case,
        DecideForm(request.POST),
        lambda data: actions.assessment_decide(
            assessment=assessment,
            approve=approve,
            note=data["note"],
            acting_user=request.user,
            request=request,
        ),
        _("Approved.") if approve else _("Returned to the case worker."),
        "best-interests",
    )


@login_required
def determination_new(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_child_case_for_user(request.user, public_id)
    posted = request.method == "POST"
    form = DeterminationForm(request.POST if posted else None)
    panel = PanelFormSet(request.POST if posted else None, prefix="member")
    if posted and form.is_valid() and panel.is_valid():
        members = [
            (row["full_name"], row["organisation"], row["role"])
            for row in panel.cleaned_data
            if row and row.get("organisation") is not None
        ]
        try:
            actions.determination_record(
                case=case,
                members=members,
                acting_user=request.user,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The best-interests determination was recorded."))
            return redirect(_child_url(case, "best-interests"))
    return render(
        request, "protection/determination_form.html", {"case": case, "form": form, "panel": panel}
    )


@login_required
@require_POST
def tracing_add(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_child_case_for_user(request.user, public_id)
    return _post(
        request,
        case,
        TracingForm(request.POST),
        lambda data: actions.tracing_request(
            case=case, acting_user=request.user, request=request, **data
        ),
        _("The tracing request was recorded."),
        "tracing",
    )


@login_required
@require_POST
def tracing_update(request: AuthenticatedRequest, public_id: str, pk: int) -> HttpResponse:
    case = get_child_case_for_user(request.user, public_id)
    tracing = get_tracing(case, pk)
    return _post(
        request,
        case,
        TracingUpdateForm(request.POST),
        lambda data: actions.tracing_update(
            tracing=tracing, acting_user=request.user, request=request, **data
        ),
        _("The tracing was updated."),
        "tracing",
    )


@login_required
@require_POST
def milestone_add(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_child_case_for_user(request.user, public_id)
    return _post(
        request,
        case,
        MilestoneForm(request.POST),
        lambda data: actions.milestone_record(
            case=case, acting_user=request.user, request=request, **data
        ),
        _("The asylum step was recorded."),
        "asylum",
    )


@login_required
def guardian_register(request: AuthenticatedRequest) -> HttpResponse:
    """Each current guardian of the organisation's children and their wards."""
    organisation_ids = register_organisation_ids(request.user)
    if not organisation_ids:
        raise PermissionDenied(_("Only case workers and supervisors see the guardian register."))
    organisations = list(Organisation.objects.filter(pk__in=organisation_ids).order_by("pk"))
    chosen = request.GET.get("organisation", "")
    organisation = next((o for o in organisations if str(o.pk) == chosen), organisations[0])
    rows = guardianship.register(request.user, [organisation.pk])
    log_access(
        actor=request.user,
        action=Action.VIEW,
        obj=organisation,
        purpose="guardian register",
        request=request,
    )
    return render(
        request,
        "protection/guardian_register.html",
        {"rows": rows, "organisation": organisation, "organisations": organisations},
    )


@login_required
def overview(request: AuthenticatedRequest) -> HttpResponse:
    """The worker's children: each one's guardian, placement and what is late."""
    summaries = [records.summary(case) for case in records.child_cases(request.user)[:200]]
    summaries.sort(key=lambda s: (not s.alerts, s.case.opened_at))
    for summary in summaries:
        log_access(
            actor=request.user,
            action=Action.VIEW,
            obj=summary.case,
            purpose="children overview",
            request=request,
        )
    return render(request, "protection/overview.html", {"summaries": summaries})
