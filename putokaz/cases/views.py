"""Case pages: caseloads, finding a person or case, opening a case and working on it."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from putokaz.accounts.models import AuthenticatedRequest, Role
from putokaz.cases import actions, caseloads, deadlines
from putokaz.cases.access import (
    SealedCaseError,
    get_access_grant,
    get_assignment,
    get_attachment_for_user,
    get_case_for_user,
    get_goal,
    get_plan_action,
    get_sealed_case_for_colleague,
    get_task,
)
from putokaz.cases.forms import (
    AssessmentForm,
    AssignForm,
    AttachmentForm,
    BreakGlassForm,
    CaseEditForm,
    CaseloadFilterForm,
    CaseOpenForm,
    ClosureRequestForm,
    GoalForm,
    MoveForm,
    NoteForm,
    NoteOnlyForm,
    PlanActionForm,
    PlanStatusForm,
    ReaderForm,
    ReopenForm,
    SealForm,
    TaskForm,
)
from putokaz.cases.models import (
    Approval,
    Case,
    CaseAccessGrant,
    CaseAttachment,
    CaseNote,
    CaseTask,
    DomainRating,
    Goal,
    LifeDomain,
    PlanAction,
    Status,
    Urgency,
)
from putokaz.cases.permissions import is_case_supervisor
from putokaz.core import sections, uploads
from putokaz.core.concurrency import VersionedModelForm, form_with_current_version
from putokaz.people.access import (
    case_organisations_of,
    get_casework_organisation,
    get_household_for_user,
    get_person_for_user,
)
from putokaz.people.models import Person

PAGE_SIZE = 50


@login_required
def caseload(request: AuthenticatedRequest) -> HttpResponse:
    name = request.GET.get("view", "mine")
    if name not in caseloads.CASELOADS:
        name = "mine"
    form = CaseloadFilterForm(request.GET or None)
    cases = caseloads.caseload(request.user, name)
    if form.is_valid():
        cases = caseloads.filtered(cases, form.cleaned_data, user=request.user)
    page = caseloads.page_of(cases, request.GET.get("page"), size=PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/caseload.html",
        {
            "page": page,
            "form": form,
            "current": name,
            "caseloads": list(caseloads.CASELOADS.items()),
            "now": timezone.now(),
            "today": timezone.localdate(),
            "query_string": query.urlencode(),
            "is_supervisor": request.user.has_role(Role.SUPERVISOR),
        },
    )


@login_required
def find(request: AuthenticatedRequest) -> HttpResponse:
    """One box for a name (any script), a JMBG or a case number."""
    query = request.GET.get("q", "").strip()
    people: list[Person] = []
    cases: list[Case] = []
    if query:
        visible_cases = Case.objects.visible_to(request.user)
        exact = (
            visible_cases.filter(number=query).first()
            or Case.objects.sealed_beyond(request.user).filter(number=query).first()
        )
        if exact is not None:
            return redirect(exact)
        people = list(
            Person.objects.visible_to(request.user)
            .search(query, user=request.user)
            .select_related("municipality")[:PAGE_SIZE]
        )
        cases = list(
            caseloads.with_subjects(
                caseloads.search_cases(visible_cases, query, user=request.user)
            )[:PAGE_SIZE]
        )
    return render(
        request,
        "cases/find.html",
        {
            "query": query,
            "people": people,
            "cases": cases,
            "may_register": bool(case_organisations_of(request.user)),
        },
    )


def _open_page(request: AuthenticatedRequest, subject: Any) -> HttpResponse:
    organisation = get_casework_organisation(request.user, request.POST.get("organisation", ""))
    form = CaseOpenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        case = actions.case_open(
            subject=subject,
            organisation=organisation,
            case_type=form.cleaned_data["case_type"],
            urgency=form.cleaned_data["urgency"],
            reason=form.cleaned_data["reason"],
            acting_user=request.user,
            request=request,
        )
        messages.success(request, _("Case %(number)s was opened.") % {"number": case.number})
        return redirect(case)
    limits = [(label, deadlines.limit_for(value)) for value, label in Urgency.choices]
    return render(
        request,
        "cases/case_open.html",
        {
            "form": form,
            "subject": subject,
            "organisations": case_organisations_of(request.user),
            "organisation": organisation,
            "limits": limits,
        },
    )


@login_required
def case_open_for_person(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    return _open_page(request, get_person_for_user(request.user, public_id))


@login_required
def case_open_for_household(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    return _open_page(request, get_household_for_user(request.user, public_id))


def _assessment_table(case: Case) -> tuple[list[Any], list[dict[str, Any]]]:
    """The assessments in date order and, per life domain, each one's rating: the change over time."""
    assessments = list(case.assessments.select_related("assessed_by"))
    ratings = {
        (r.assessment_id, r.domain): r for r in DomainRating.objects.filter(assessment__case=case)
    }
    rows = [
        {"domain": label, "ratings": [ratings.get((a.pk, value)) for a in assessments]}
        for value, label in LifeDomain.choices
    ]
    return assessments, rows


@login_required
def case_detail(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    try:
        case = get_case_for_user(request.user, public_id, request=request)
    except SealedCaseError as sealed:
        return _sealed_page(request, sealed.case, BreakGlassForm(), status=403)
    supervisor = is_case_supervisor(request.user, case)
    assessments, assessment_rows = _assessment_table(case)
    goals = list(
        Goal.objects.filter(case=case).prefetch_related(
            Prefetch(
                "actions", queryset=PlanAction.objects.select_related("organisation", "service")
            )
        )
    )
    household_members = []
    if case.household_id:
        household_members = list(case.household.current_members())  # type: ignore[union-attr]
    moves = [
        (target, Status(target).label)
        for target in case.next_statuses()
        if case.is_open and case.may_move(target, as_supervisor=supervisor)
    ]
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "is_supervisor": supervisor,
            "moves": moves,
            "assignments": case.assignments.filter(ended_at__isnull=True).select_related("user"),
            "assign_form": AssignForm(case=case, auto_id="assign-%s") if supervisor else None,
            "assessments": assessments,
            "assessment_rows": assessment_rows,
            "goals": goals,
            "goal_form": GoalForm(auto_id="goal-%s"),
            # The goal added last is the one an action is most often added to next.
            "action_form": PlanActionForm(
                case=case, initial={"goal": goals[-1].pk}, auto_id="action-%s"
            )
            if goals
            else None,
            "notes": CaseNote.objects.filter(case=case)
            .readable_by(request.user)
            .select_related("author"),
            "note_form": NoteForm(auto_id="note-%s"),
            "attachments": CaseAttachment.objects.filter(case=case)
            .present()
            .readable_by(request.user)
            .select_related("uploaded_by"),
            "attachment_form": AttachmentForm(auto_id="document-%s"),
            "sections": sections.sections_for("case", request.user, case),
            "goal_statuses": Goal.Status.choices,
            "action_statuses": PlanAction.Status.choices,
            "tasks": CaseTask.objects.filter(case=case).select_related("assigned_to"),
            "task_form": TaskForm(case=case, auto_id="task-%s"),
            "events": case.events.select_related("actor")[:50],
            "household_members": household_members,
            "closure_form": ClosureRequestForm(auto_id="closure-%s"),
            "now": timezone.now(),
            "today": timezone.localdate(),
            "first_step": deadlines.limit_for(case.urgency),
            "Approval": Approval,
            "sealing": _sealing(request, case, supervisor),
        },
    )


def _sealing(request: AuthenticatedRequest, case: Case, supervisor: bool) -> dict[str, Any]:
    """Who sees the case besides its workers, and the supervisor's forms to change that."""
    grants = (
        list(CaseAccessGrant.objects.current().filter(case=case).select_related("user"))
        if case.sealed
        else []
    )
    return {
        "named": [grant for grant in grants if grant.kind == CaseAccessGrant.Kind.NAMED],
        "break_glass": [
            grant for grant in grants if grant.kind == CaseAccessGrant.Kind.BREAK_GLASS
        ],
        "reader_form": ReaderForm(case=case, auto_id="reader-%s")
        if supervisor and case.sealed
        else None,
        "seal_form": SealForm(auto_id="seal-%s") if supervisor else None,
        "hours": settings.PUTOKAZ_BREAK_GLASS_HOURS,
    }


def _sealed_page(
    request: AuthenticatedRequest, case: Case, form: BreakGlassForm, *, status: int
) -> HttpResponse:
    """What a colleague not named on a sealed case sees of it: that it exists, and the
    break-glass form. Nothing else of the case."""
    return render(
        request,
        "cases/case_sealed.html",
        {
            "sealed_case": case,
            "form": form,
            "hours": settings.PUTOKAZ_BREAK_GLASS_HOURS,
        },
        status=status,
    )


@login_required
@require_POST
def case_break_glass(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_sealed_case_for_colleague(request.user, public_id)
    form = BreakGlassForm(request.POST)
    if form.is_valid():
        try:
            grant = actions.case_break_glass(
                case=case,
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.warning(
                request,
                _("You have access to this case until %(time)s. The supervisors were told.")
                % {
                    "time": date_format(
                        timezone.localtime(grant.expires_at), "SHORT_DATETIME_FORMAT"
                    )
                },
            )
            return redirect(case)
    return _sealed_page(request, case, form, status=400)


@login_required
@require_POST
def case_seal(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    sealed = request.POST.get("sealed") == "1"
    return _post_action(
        request,
        case,
        SealForm(request.POST),
        lambda data: actions.case_seal(
            case=case, sealed=sealed, note=data["note"], acting_user=request.user, request=request
        ),
        _("The case is sealed.") if sealed else _("The case is no longer sealed."),
        anchor="sealed",
    )


@login_required
@require_POST
def case_reader_add(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    return _post_action(
        request,
        case,
        ReaderForm(request.POST, case=case),
        lambda data: actions.case_reader_name(
            case=case, user=data["user"], acting_user=request.user, request=request
        ),
        _("The worker is named on the case."),
        anchor="sealed",
    )


@login_required
@require_POST
def case_reader_remove(request: AuthenticatedRequest, public_id: str, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    grant = get_access_grant(case, pk)
    actions.case_reader_remove(grant=grant, acting_user=request.user, request=request)
    messages.success(request, _("The worker no longer sees the case."))
    return redirect(f"{case.get_absolute_url()}#sealed")


def _post_action(
    request: AuthenticatedRequest,
    case: Case,
    form: Any,
    act: Callable[[dict[str, Any]], Any],
    done: str,
    *,
    anchor: str = "",
) -> HttpResponse:
    """Validate ``form``, run ``act`` with its data, and go back to the case with a message."""
    back = f"{case.get_absolute_url()}#{anchor}" if anchor else case.get_absolute_url()
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    try:
        act(form.cleaned_data)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(back)


@login_required
@require_POST
def case_move(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    return _post_action(
        request,
        case,
        MoveForm(request.POST),
        lambda data: actions.case_move(
            case=case,
            target=data["target"],
            expected_status=data["expected_status"],
            note=data["note"],
            acting_user=request.user,
            request=request,
        ),
        _("The case moved on."),
    )


@login_required
@require_POST
def case_request_plan_approval(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    return _post_action(
        request,
        case,
        NoteOnlyForm(request.POST),
        lambda data: actions.case_request_approval(
            case=case,
            what=Approval.PLAN,
            note=data["note"],
            acting_user=request.user,
            request=request,
        ),
        _("The supervisor was asked to approve the plan."),
    )


@login_required
@require_POST
def case_request_closure(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    supervisor = is_case_supervisor(request.user, case)
    form = ClosureRequestForm(request.POST)
    if supervisor:
        return _post_action(
            request,
            case,
            form,
            lambda data: actions.case_close(
                case=case,
                reason=data["closure_reason"],
                note=data["note"],
                acting_user=request.user,
                request=request,
            ),
            _("The case was closed."),
        )
    return _post_action(
        request,
        case,
        form,
        lambda data: actions.case_request_approval(
            case=case,
            what=Approval.CLOSURE,
            closure_reason=data["closure_reason"],
            note=data["note"],
            acting_user=request.user,
            request=request,
        ),
        _("The supervisor was asked to close the case."),
    )


@login_required
@require_POST
def case_decide(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    approve = request.POST.get("approve") == "1"
    return _post_action(
        request,
        case,
        NoteOnlyForm(request.POST),
        lambda data: actions.case_decide(
            case=case, approve=approve, note=data["note"], acting_user=request.user, request=request
        ),
        _("Approved.") if approve else _("Returned to the case worker."),
    )


@login_required
@require_POST
def case_reopen(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    return _post_action(
        request,
        case,
        ReopenForm(request.POST),
        lambda data: actions.case_reopen(
            case=case, note=data["note"], acting_user=request.user, request=request
        ),
        _("The case was reopened."),
    )


@login_required
@require_POST
def case_assign(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    return _post_action(
        request,
        case,
        AssignForm(request.POST, case=case),
        lambda data: actions.case_assign(
            case=case,
            user=data["user"],
            role=data["role"],
            acting_user=request.user,
            request=request,
        ),
        _("The assignment was saved."),
    )


@login_required
@require_POST
def case_unassign(request: AuthenticatedRequest, public_id: str, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    assignment = get_assignment(case, pk)
    actions.case_unassign(assignment=assignment, acting_user=request.user, request=request)
    messages.success(request, _("The assignment ended."))
    return redirect(case)


@login_required
def case_edit(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    form: VersionedModelForm = CaseEditForm(
        request.POST if request.method == "POST" else None, instance=case
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.case_update(case=case, form=form, acting_user=request.user, request=request)
        except ValidationError as error:
            case.refresh_from_db()
            form = form_with_current_version(CaseEditForm, case, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(case)
    return render(request, "cases/case_edit.html", {"case": case, "form": form})


@login_required
def assessment_new(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    form = AssessmentForm(
        request.POST if request.method == "POST" else None,
        initial={"assessed_on": timezone.localdate(), "kind": _default_assessment_kind(case)},
    )
    if request.method == "POST" and form.is_valid():
        actions.assessment_record(
            case=case,
            kind=form.cleaned_data["kind"],
            assessed_on=form.cleaned_data["assessed_on"],
            ratings=form.ratings(),
            summary=form.cleaned_data["summary"],
            acting_user=request.user,
            request=request,
        )
        messages.success(request, _("The assessment was saved."))
        return redirect(f"{case.get_absolute_url()}#assessments")
    return render(request, "cases/assessment_form.html", {"case": case, "form": form})


def _default_assessment_kind(case: Case) -> str:
    if case.status in {Status.INTAKE, Status.INITIAL_ASSESSMENT}:
        return "initial"
    if case.status == Status.DETAILED_ASSESSMENT:
        return "detailed"
    return "review"


@login_required
@require_POST
def note_add(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    return _post_action(
        request,
        case,
        NoteForm(request.POST),
        lambda data: actions.note_add(
            case=case,
            text=data["text"],
            confidential=data["confidential"],
            acting_user=request.user,
            request=request,
        ),
        _("The note was saved."),
    )


@login_required
@require_POST
def task_add(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    return _post_action(
        request,
        case,
        TaskForm(request.POST, case=case),
        lambda data: actions.task_add(
            case=case,
            title=data["title"],
            due_on=data["due_on"],
            assigned_to=data["assigned_to"],
            acting_user=request.user,
            request=request,
        ),
        _("The task was added."),
    )


@login_required
@require_POST
def task_done(request: AuthenticatedRequest, public_id: str, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    task = get_task(case, pk)
    try:
        actions.task_done(task=task, acting_user=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The task is done."))
    return redirect(case)


@login_required
@require_POST
def goal_add(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    return _post_action(
        request,
        case,
        GoalForm(request.POST),
        lambda data: actions.goal_add(
            case=case,
            domain=data["domain"],
            description=data["description"],
            acting_user=request.user,
            request=request,
        ),
        _("The goal was added to the plan."),
    )


@login_required
@require_POST
def plan_action_add(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    return _post_action(
        request,
        case,
        PlanActionForm(request.POST, case=case),
        lambda data: actions.plan_action_add(
            goal=data["goal"],
            description=data["description"],
            organisation=data["organisation"],
            service=data["service"],
            due_on=data["due_on"],
            acting_user=request.user,
            request=request,
        ),
        _("The action was added to the plan."),
    )


@login_required
@require_POST
def goal_status(request: AuthenticatedRequest, public_id: str, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    goal = get_goal(case, pk)
    return _post_action(
        request,
        case,
        PlanStatusForm(request.POST, choices=Goal.Status.choices),
        lambda data: actions.goal_set_status(
            goal=goal, status=data["status"], acting_user=request.user, request=request
        ),
        _("The plan was updated."),
    )


@login_required
@require_POST
def plan_action_status(request: AuthenticatedRequest, public_id: str, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    action = get_plan_action(case, pk)
    return _post_action(
        request,
        case,
        PlanStatusForm(request.POST, choices=PlanAction.Status.choices),
        lambda data: actions.plan_action_set_status(
            action=action, status=data["status"], acting_user=request.user, request=request
        ),
        _("The plan was updated."),
    )


@login_required
@require_POST
def attachment_add(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    form = AttachmentForm(request.POST, request.FILES)
    return _post_action(
        request,
        case,
        form,
        lambda data: actions.attachment_add(
            case=case,
            title=data["title"],
            upload=data["file"],
            kind=form.kind,
            confidential=data["confidential"],
            acting_user=request.user,
            request=request,
        ),
        _("The document was attached."),
        anchor="documents",
    )


@login_required
def attachment_download(request: AuthenticatedRequest, public_id: str, pk: int) -> HttpResponseBase:
    """The file, to those who may read it; every download is in the access log."""
    case = get_case_for_user(request.user, public_id)
    attachment = get_attachment_for_user(request.user, case, pk, request=request)
    return uploads.download(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


@login_required
@require_POST
def attachment_remove(request: AuthenticatedRequest, public_id: str, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    attachment = get_attachment_for_user(request.user, case, pk)
    try:
        actions.attachment_remove(attachment=attachment, acting_user=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The document was removed from the case."))
    return redirect(f"{case.get_absolute_url()}#documents")
