"""Pages of reports of child abuse and neglect: the intake (the child found or registered, the
risk assessment suggesting the urgency), and on the case the report with its protective
measures, notifications of the police, health services and schools, and follow-up."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from putokaz.abuse import actions, risk
from putokaz.abuse.access import get_notification
from putokaz.abuse.forms import (
    ChildForm,
    FollowUpForm,
    MeasureForm,
    NotificationForm,
    ReportForm,
    ResponseForm,
)
from putokaz.abuse.models import AbuseReport, AgencyNotification, FollowUp, ProtectiveMeasure
from putokaz.accounts.models import AuthenticatedRequest
from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.cases import deadlines
from putokaz.cases.access import SealedCaseError, get_case_for_user
from putokaz.cases.models import Case, Urgency
from putokaz.core.concurrency import ConcurrentEditError, version_of
from putokaz.people.access import (
    case_organisations_of,
    get_casework_organisation,
    get_person_for_user,
)
from putokaz.people.models import Person

SEARCH_LIMIT = 20


def _due_text(case: Case) -> str:
    return _("Intervention due by %(when)s") % {
        "when": date_format(localtime(case.first_step_due), "SHORT_DATETIME_FORMAT")
    }


@login_required
def report_new(request: AuthenticatedRequest) -> HttpResponse:
    """Take a report: find the child (or register them), what was reported, the risk
    checklist and the urgency. "Suggest" shows the urgency the answers give, saving nothing."""
    organisation = get_casework_organisation(request.user, request.POST.get("organisation", ""))
    posted = request.method == "POST"
    child_id = (request.POST if posted else request.GET).get("child", "")
    child: Person | None = get_person_for_user(request.user, child_id) if child_id else None
    query = request.GET.get("q", "").strip()
    found = (
        list(
            Person.objects.visible_to(request.user).search(query, user=request.user)[:SEARCH_LIMIT]
        )
        if query and child is None
        else []
    )
    form = ReportForm(
        request.POST if posted else None,
        initial={"received_at": localtime().strftime("%Y-%m-%dT%H:%M"), "urgency": ""},
    )
    child_form = ChildForm(request.POST if posted else None, prefix="child") if not child else None
    suggested = ""
    code = 200
    if posted and "suggest" in request.POST:
        suggested = risk.suggest(request.POST.getlist("risk_answers"))
        data = request.POST.copy()
        data["urgency"] = suggested
        form = ReportForm(initial=form.initial, data=data)
        form.errors.clear()  # shown again only on saving
    elif posted:
        child_valid = child_form.is_valid() if child_form is not None else True
        if form.is_valid() and child_valid:
            values = form.cleaned_data
            try:
                report = actions.report_receive(
                    organisation=organisation,
                    child=child,
                    child_form=child_form,
                    reporter_kind=values["reporter_kind"],
                    reporter_name=values["reporter_name"],
                    reporter_contact=values["reporter_contact"],
                    received_at=values["received_at"],
                    received_how=values["received_how"],
                    abuse_forms=values["abuse_forms"],
                    description=values["description"],
                    address=values["address"],
                    municipality=values["municipality"],
                    perpetrator_relation=values["perpetrator_relation"],
                    risk_answers=values["risk_answers"],
                    urgency=values["urgency"],
                    urgency_reason=values["urgency_reason"],
                    acting_user=request.user,
                    request=request,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Case %(number)s was opened and sealed. %(due)s")
                    % {"number": report.case.number, "due": _due_text(report.case)},
                )
                return redirect("abuse:overview", report.case.public_id)
        code = 400
    return render(
        request,
        "abuse/report_new.html",
        {
            "form": form,
            "child": child,
            "child_form": child_form,
            "query": query,
            "found": found,
            "organisations": case_organisations_of(request.user),
            "organisation": organisation,
            "suggested": Urgency(suggested).label if suggested else "",
            "rule": risk.RULE,
            "red_flags": {q.id for q in risk.QUESTIONS if q.red_flag},
            "limits": [(label, deadlines.limit_for(value)) for value, label in Urgency.choices],
        },
        status=code,
    )


def _case(request: AuthenticatedRequest, public_id: str, *, log: bool = False) -> Case:
    return get_case_for_user(request.user, public_id, request=request if log else None)


@login_required
def overview(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    try:
        case = _case(request, public_id, log=True)
    except SealedCaseError as sealed:
        return redirect(sealed.case)  # the case page offers break-glass
    return _overview(request, case)


def _overview(
    request: AuthenticatedRequest, case: Case, *, code: int = 200, **forms: Any
) -> HttpResponse:
    report = (
        AbuseReport.objects.filter(case=case).select_related("received_by", "municipality").first()
    )
    if report is not None:
        log_access(actor=request.user, action=Action.VIEW, obj=report, request=request)
    today = timezone.localdate()
    notifications = list(AgencyNotification.objects.filter(case=case).select_related("recorded_by"))
    response_forms = forms.pop("response_forms", {})
    rows = [
        (
            notification,
            response_forms.get(notification.pk)
            or ResponseForm(
                initial={
                    "response": notification.response,
                    "response_on": notification.response_on or today,
                    "reference": notification.reference,
                    "version": version_of(notification),
                },
                auto_id=f"response-{notification.pk}-%s",
            ),
        )
        for notification in notifications
    ]
    return render(
        request,
        "abuse/overview.html",
        {
            "case": case,
            "report": report,
            "risk_questions": [
                (question, question.id in (report.risk_answers if report else []))
                for question in risk.QUESTIONS
            ],
            "due": _due_text(case),
            "late": case.is_first_step_late(),
            "measures": ProtectiveMeasure.objects.filter(case=case).select_related("recorded_by"),
            "notifications": rows,
            "follow_ups": FollowUp.objects.filter(case=case).select_related("recorded_by"),
            "measure_form": forms.get("measure_form")
            or MeasureForm(initial={"taken_on": today}, auto_id="measure-%s"),
            "notification_form": forms.get("notification_form")
            or NotificationForm(initial={"sent_on": today}, auto_id="notification-%s"),
            "follow_up_form": forms.get("follow_up_form")
            or FollowUpForm(initial={"contact_on": today}, auto_id="follow-up-%s"),
        },
        status=code,
    )


def _url(case: Case, anchor: str) -> str:
    return f"{reverse('abuse:overview', args=[case.public_id])}#{anchor}"


@login_required
@require_POST
def measure_add(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = _case(request, public_id)
    form = MeasureForm(request.POST, auto_id="measure-%s")
    if form.is_valid():
        try:
            actions.measure_add(
                case=case, acting_user=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The protective measure was recorded."))
            return redirect(_url(case, "measures"))
    return _overview(request, case, measure_form=form, code=400)


@login_required
@require_POST
def notification_add(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = _case(request, public_id)
    form = NotificationForm(request.POST, auto_id="notification-%s")
    if form.is_valid():
        try:
            actions.notification_add(
                case=case, acting_user=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The notification was recorded."))
            return redirect(_url(case, "notifications"))
    return _overview(request, case, notification_form=form, code=400)


@login_required
@require_POST
def notification_respond(request: AuthenticatedRequest, public_id: str, pk: int) -> HttpResponse:
    case = _case(request, public_id)
    notification = get_notification(case, pk)
    form = ResponseForm(request.POST, auto_id=f"response-{pk}-%s")
    if form.is_valid():
        try:
            actions.notification_respond(
                notification=notification,
                response=form.cleaned_data["response"],
                response_on=form.cleaned_data["response_on"],
                reference=form.cleaned_data["reference"],
                version=form.cleaned_data["version"],
                acting_user=request.user,
                request=request,
            )
        except ConcurrentEditError as error:
            messages.error(request, error.messages[0])
            return _overview(request, case, code=409)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The response was recorded."))
            return redirect(_url(case, "notifications"))
    return _overview(request, case, response_forms={notification.pk: form}, code=400)


@login_required
@require_POST
def follow_up_add(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = _case(request, public_id)
    form = FollowUpForm(request.POST, auto_id="follow-up-%s")
    if form.is_valid():
        try:
            actions.follow_up_add(
                case=case, acting_user=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The follow-up contact was recorded."))
            return redirect(_url(case, "follow-up"))
    return _overview(request, case, follow_up_form=form, code=400)
