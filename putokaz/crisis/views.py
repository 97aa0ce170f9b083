"""Crisis intake pages: the list of an organisation's interventions (the overdue ones first),
a new intervention, its page with the responses, the person, the case and the closing."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from putokaz.accounts.models import AuthenticatedRequest
from putokaz.core.concurrency import form_with_current_version, version_of
from putokaz.core.content_translation import in_script
from putokaz.crisis import actions, records
from putokaz.crisis.access import get_intervention_for_user
from putokaz.crisis.forms import (
    CloseForm,
    InterventionForm,
    ListFilterForm,
    OpenCaseForm,
    PersonChoiceForm,
    ResponseForm,
)
from putokaz.crisis.models import CrisisIntervention, CrisisResponse, Outcome
from putokaz.people.access import (
    case_organisations_of,
    get_casework_organisation,
    get_person_for_user,
)
from putokaz.people.duplicates import DuplicateCheck, possible_duplicates
from putokaz.people.forms import PersonForm
from putokaz.people.models import Person

PAGE_SIZE = 50
MAX_MATCHES = 20


def _errors(request: AuthenticatedRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _candidates(request: AuthenticatedRequest, query: str) -> list[Person]:
    """The people search of the people app, among the files the user may open."""
    if not query:
        return []
    return list(
        Person.objects.visible_to(request.user)
        .search(query, user=request.user)
        .select_related("municipality")[:MAX_MATCHES]
    )


@login_required
def intervention_list(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.is_system_admin:
        get_casework_organisation(request.user)  # a 403 for those who do no casework
    form = ListFilterForm(request.GET or None)
    state = form.cleaned_data.get("state") if form.is_valid() else ""
    visible = CrisisIntervention.objects.visible_to(request.user).select_related(
        "person", "municipality", "organisation", "case"
    )
    if state == "closed":
        interventions = visible.closed().order_by("-closed_at", "-pk")
    else:
        state = "open"
        interventions = visible.open().by_urgency()
    page = Paginator(interventions, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    return render(
        request,
        "crisis/intervention_list.html",
        {
            "page": page,
            "rows": [(i, records.clock(i, now)) for i in page],
            "state": state,
            "form": form,
            "limit": actions.response_limit(),
        },
    )


@login_required
def intervention_new(request: AuthenticatedRequest) -> HttpResponse:
    organisation = get_casework_organisation(
        request.user, request.POST.get("organisation") or request.GET.get("organisation", "")
    )
    chosen = request.POST.get("person") or request.GET.get("person", "")
    person = get_person_for_user(request.user, chosen) if chosen else None
    query = request.GET.get("q", "").strip()
    data = request.POST if request.method == "POST" else None
    first = organisation.municipalities.order_by("pk").first()
    form = InterventionForm(
        data,
        person_chosen=person is not None,
        initial={
            "received_at": timezone.localtime().replace(second=0, microsecond=0),
            "municipality": first.pk if first else None,
        },
    )
    if data is not None and form.is_valid():
        try:
            intervention = actions.intervention_record(
                organisation=organisation,
                data=form.cleaned_data,
                person=person,
                acting_user=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The crisis intervention was recorded."))
            return redirect(intervention)
    return render(
        request,
        "crisis/intervention_form.html",
        {
            "form": form,
            "person": person,
            "query": query,
            "candidates": _candidates(request, query) if person is None else [],
            "organisation": organisation,
            "organisations": case_organisations_of(request.user),
            "limit": actions.response_limit(),
        },
        status=400 if data is not None else 200,
    )


def _detail(
    request: AuthenticatedRequest,
    intervention: CrisisIntervention,
    *,
    response_form: ResponseForm | None = None,
    close_form: CloseForm | None = None,
    code: int = 200,
) -> HttpResponse:
    version = version_of(intervention)
    household = actions.household_of(intervention.person) if intervention.person else None
    return render(
        request,
        "crisis/intervention_detail.html",
        {
            "intervention": intervention,
            "clock": records.clock(intervention),
            "responses": CrisisResponse.objects.filter(intervention=intervention).select_related(
                "recorded_by"
            ),
            "response_form": response_form
            or ResponseForm(
                auto_id="response-%s",
                initial={
                    "done_at": timezone.localtime().replace(second=0, microsecond=0),
                    "done_by": request.user.full_name,
                },
            ),
            "close_form": close_form
            or CloseForm(
                auto_id="close-%s",
                initial={
                    "version": version,
                    "outcome": Outcome.CASE_OPENED if intervention.case_id else None,
                },
            ),
            "case_form": OpenCaseForm(auto_id="case-%s", initial={"version": version}),
            "household": household,
            "history": intervention.history.select_related("history_user")[:20],
        },
        status=code,
    )


@login_required
def intervention_detail(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    return _detail(request, get_intervention_for_user(request.user, public_id, request=request))


@login_required
def intervention_edit(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    # The form shows the record: reading it is logged; a save logs the change instead.
    intervention = get_intervention_for_user(
        request.user, public_id, request=request if data is None else None
    )
    form = InterventionForm(data, instance=intervention)
    if data is not None and form.is_valid():
        try:
            actions.intervention_update(
                intervention=intervention,
                data=form.cleaned_data,
                version=form.cleaned_data.get("version", ""),
                acting_user=request.user,
                request=request,
            )
        except ValidationError as error:
            if error.code == "concurrent_edit":
                intervention.refresh_from_db()
                form = form_with_current_version(InterventionForm, intervention, error)  # type: ignore[assignment]
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("The crisis intervention was saved."))
            return redirect(intervention)
    return render(
        request,
        "crisis/intervention_edit.html",
        {"intervention": intervention, "form": form},
        status=400 if data is not None else 200,
    )


@login_required
@require_POST
def response_add(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    intervention = get_intervention_for_user(request.user, public_id)
    form = ResponseForm(request.POST, auto_id="response-%s")
    if form.is_valid():
        try:
            actions.response_add(
                intervention=intervention,
                acting_user=request.user,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The response was recorded."))
            return redirect(f"{intervention.get_absolute_url()}#responses")
    return _detail(request, intervention, response_form=form, code=400)


@login_required
@require_POST
def intervention_close(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    intervention = get_intervention_for_user(request.user, public_id)
    form = CloseForm(request.POST, auto_id="close-%s")
    if form.is_valid():
        try:
            actions.intervention_close(
                intervention=intervention,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                version=form.cleaned_data["version"],
                acting_user=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The crisis intervention was closed."))
            return redirect(intervention)
    intervention.refresh_from_db()
    return _detail(request, intervention, close_form=form, code=400)


@login_required
def intervention_person(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    """Who the intervention is about: a person found with the people search, or registered
    now (their possible matches shown first, as on the registration page)."""
    data = request.POST if request.method == "POST" else None
    intervention = get_intervention_for_user(
        request.user, public_id, request=request if data is None else None
    )
    query = request.GET.get("q", intervention.contact_name).strip()
    given, _space, family = intervention.contact_name.partition(" ")
    person_form = PersonForm(
        data,
        instance=Person(organisation=intervention.organisation),
        initial={
            "given_name": given,
            "family_name": family,
            "phone": intervention.contact_phone,
            "municipality": intervention.municipality_id,
        },
    )
    check = DuplicateCheck()
    error = ""
    if data is not None and person_form.is_valid():
        check = possible_duplicates(request.user, person_form.cleaned_data, limit=MAX_MATCHES)
        if not check or data.get("confirmed"):
            try:
                person = actions.intervention_register_person(
                    intervention=intervention,
                    form=person_form,
                    version=data.get("version", ""),
                    acting_user=request.user,
                    request=request,
                    possible_duplicates=check.pairs(),
                )
            except ValidationError as refused:
                error = " ".join(refused.messages)
            else:
                messages.success(
                    request, _("%(name)s was registered.") % {"name": in_script(person.full_name)}
                )
                return redirect(intervention)
    return render(
        request,
        "crisis/intervention_person.html",
        {
            "intervention": intervention,
            "query": query,
            "candidates": _candidates(request, query),
            "person_form": person_form,
            "check": check,
            "error": error,
            "version": version_of(intervention),
        },
        status=400 if data is not None else 200,
    )


@login_required
@require_POST
def intervention_person_choose(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    intervention = get_intervention_for_user(request.user, public_id)
    form = PersonChoiceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the person."))
        return redirect(intervention)
    person = get_person_for_user(request.user, form.cleaned_data["person"])
    try:
        actions.intervention_set_person(
            intervention=intervention,
            person=person,
            version=form.cleaned_data["version"],
            acting_user=request.user,
            request=request,
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            _("The intervention is now about %(name)s.") % {"name": in_script(person.full_name)},
        )
    return redirect(intervention)


@login_required
@require_POST
def intervention_open_case(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    intervention = get_intervention_for_user(request.user, public_id)
    form = OpenCaseForm(request.POST)
    form.is_valid()
    cleaned: dict[str, Any] = getattr(form, "cleaned_data", {})
    try:
        case = actions.intervention_open_case(
            intervention=intervention,
            version=cleaned.get("version", ""),
            for_household=bool(cleaned.get("for_household")),
            acting_user=request.user,
            request=request,
        )
    except ValidationError as error:
        _errors(request, error)
        return redirect(intervention)
    messages.success(request, _("Case %(number)s was opened.") % {"number": case.number})
    return redirect(intervention)
