"""Trafficking pages of a case: screening with the ILO indicators and its result, the
identification status over time with the residence dates, the safety plan; the HTCDS export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from putokaz.accounts.models import AuthenticatedRequest
from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.cases.access import SealedCaseError, get_case_for_user
from putokaz.cases.models import Case
from putokaz.core.exports import table_response
from putokaz.trafficking import actions, exports, indicators, records
from putokaz.trafficking.access import get_safety_item, get_screening
from putokaz.trafficking.forms import SafetyItemForm, ScreeningForm, StatusForm
from putokaz.trafficking.models import STATUS_MOVES, SafetyPlanItem, Screening, StatusEvent


def _case(request: AuthenticatedRequest, public_id: str, *, log: bool = False) -> Case:
    return get_case_for_user(request.user, public_id, request=request if log else None)


def _errors(request: AuthenticatedRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def overview(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    try:
        case = _case(request, public_id, log=True)
    except SealedCaseError as sealed:
        return redirect(sealed.case)  # the case page offers break-glass
    return _overview(request, case)


def _overview(
    request: AuthenticatedRequest,
    case: Case,
    *,
    status_form: StatusForm | None = None,
    safety_form: SafetyItemForm | None = None,
    code: int = 200,
) -> HttpResponse:
    events = list(StatusEvent.objects.filter(case=case).select_related("recorded_by"))
    now = events[0].status if events else ""
    moves = STATUS_MOVES.get(now, ())
    today = timezone.localdate()
    return render(
        request,
        "trafficking/overview.html",
        {
            "case": case,
            "screenings": Screening.objects.filter(case=case).select_related("screened_by"),
            "sets": list(indicators.load().sets.values()),
            "events": events,
            "current": events[0] if events else None,
            "stays": records.stays(case, events),
            "status_form": status_form
            or (
                StatusForm(
                    moves=moves,
                    initial={"decided_on": today, "expected": now},
                    auto_id="status-%s",
                )
                if moves
                else None
            ),
            "safety_plan": SafetyPlanItem.objects.filter(case=case),
            "safety_form": safety_form or SafetyItemForm(auto_id="safety-%s"),
            "safety_statuses": SafetyPlanItem.Status.choices,
            "today": today,
        },
        status=code,
    )


@login_required
def screening_new(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    try:
        case = _case(request, public_id)
    except SealedCaseError as sealed:
        return redirect(sealed.case)
    data = indicators.load()
    chosen = request.POST.get("list") or request.GET.get("list") or ""
    if chosen not in data.sets:
        chosen = _default_set(case)
    indicator_set = data.sets[chosen]
    form = ScreeningForm(
        request.POST if request.method == "POST" else None,
        indicator_set=indicator_set,
        initial={"screened_on": timezone.localdate(), "act": False},
    )
    if request.method == "POST" and form.is_valid():
        try:
            screening = actions.screening_record(
                case=case,
                indicator_set=chosen,
                ticked=form.ticked(),
                act=form.cleaned_data["act"],
                screened_on=form.cleaned_data["screened_on"],
                notes=form.cleaned_data["notes"],
                acting_user=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The screening was saved."))
            return redirect("trafficking:screening_detail", case.public_id, screening.public_id)
    return render(
        request,
        "trafficking/screening_form.html",
        {
            "case": case,
            "form": form,
            "indicator_set": indicator_set,
            "sets": list(data.sets.values()),
            "clauses": data.clauses,
            "rule": records.rule_of(indicator_set),
            "version": data.version,
        },
        status=400 if request.method == "POST" else 200,
    )


def _default_set(case: Case) -> str:
    """The labour list for an adult or a child, by the person's age (adult if unknown)."""
    age = case.person.age if case.person else None
    return indicators.set_for(child=age is not None and age < 18, exploitation="labour")


@login_required
def screening_detail(
    request: AuthenticatedRequest, public_id: str, screening_id: str
) -> HttpResponse:
    try:
        case = _case(request, public_id)
    except SealedCaseError as sealed:
        return redirect(sealed.case)
    screening = get_screening(case, screening_id)
    log_access(actor=request.user, action=Action.VIEW, obj=screening, request=request)
    data = indicators.load()
    indicator_set = data.sets.get(screening.indicator_set)
    return render(
        request,
        "trafficking/screening_detail.html",
        {
            "case": case,
            "screening": screening,
            "assessment": records.assessment_of(screening),
            "indicator_set": indicator_set,
            "clauses": data.clauses,
            "rule": records.rule_of(indicator_set) if indicator_set else [],
        },
    )


@login_required
@require_POST
def status_add(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = _case(request, public_id)
    events = StatusEvent.objects.filter(case=case).values_list("status", flat=True)
    now = next(iter(events), "")
    form = StatusForm(request.POST, moves=STATUS_MOVES.get(now, ()), auto_id="status-%s")
    if form.is_valid():
        try:
            actions.status_record(
                case=case,
                status=form.cleaned_data["status"],
                decided_on=form.cleaned_data["decided_on"],
                reference=form.cleaned_data["reference"],
                note=form.cleaned_data["note"],
                # A page that showed the status sends it; a bare POST checks nothing.
                expected=form.cleaned_data["expected"] if "expected" in request.POST else None,
                acting_user=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The status was recorded."))
            return redirect(f"{_url(case)}#status")
    return _overview(request, case, status_form=form, code=400)


@login_required
@require_POST
def safety_add(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = _case(request, public_id)
    form = SafetyItemForm(request.POST, auto_id="safety-%s")
    if form.is_valid():
        actions.safety_item_add(
            case=case, acting_user=request.user, request=request, **form.cleaned_data
        )
        messages.success(request, _("The measure was added to the safety plan."))
        return redirect(f"{_url(case)}#safety")
    return _overview(request, case, safety_form=form, code=400)


@login_required
@require_POST
def safety_update(request: AuthenticatedRequest, public_id: str, pk: int) -> HttpResponse:
    case = _case(request, public_id)
    item = get_safety_item(case, pk)
    try:
        actions.safety_item_update(
            item=item,
            status=request.POST.get("status", ""),
            acting_user=request.user,
            request=request,
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The safety plan was updated."))
    return redirect(f"{_url(case)}#safety")


def _url(case: Case) -> str:
    return reverse("trafficking:overview", args=[case.public_id])


@login_required
def export_htcds(request: AuthenticatedRequest) -> HttpResponse:
    """The trafficking cases the user sees, in the HTCDS layout (CSV); every case exported
    is in the access log."""
    cases = list(exports.trafficking_cases(request.user))
    for case in cases:
        log_access(
            actor=request.user,
            action=Action.EXPORT,
            obj=case,
            purpose="HTCDS export",
            request=request,
        )
    table = exports.htcds_table(cases)
    return table_response(
        [table], format="csv", filename=f"htcds-{timezone.localdate().isoformat()}"
    )
