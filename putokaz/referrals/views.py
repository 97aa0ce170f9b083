"""Referral pages: send one from a case, the inbox and the sent list, a referral and its steps."""

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from putokaz.accounts.models import AuthenticatedRequest, Organisation
from putokaz.cases.access import get_case_for_user
from putokaz.cases.models import Urgency
from putokaz.cases.permissions import works_on_case as is_case_worker_of
from putokaz.core import languages, uploads
from putokaz.referrals import actions
from putokaz.referrals.access import (
    get_conference_for_user,
    get_consent_form_for_user,
    get_referral_for_letter,
    get_referral_for_user,
    get_shared_document,
)
from putokaz.referrals.forms import (
    ConferenceForm,
    EndForm,
    FollowUpFormSet,
    MoveForm,
    ParticipantFormSet,
    ReferralForm,
    StatisticsForm,
)
from putokaz.referrals.letter import referral_letter_pdf
from putokaz.referrals.models import Outcome, Referral, Status
from putokaz.referrals.permissions import is_sender, may_move, moves_by_hand
from putokaz.referrals.response_times import response_time_for
from putokaz.referrals.sharing import referral_view
from putokaz.referrals.statistics import received_statistics

INBOX_VIEWS = ("new", "late", "active", "all", "sent")


@login_required
def referral_new(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    form = ReferralForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        case=case,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = actions.referral_send(
                case=case,
                subject=form.referred(),
                to_organisation=data["to_organisation"],
                to_service=data["to_service"],
                reason=data["reason"],
                needs=data["needs"],
                urgency=data["urgency"],
                consent_by=data["consent_by"],
                consent_name=data["consent_name"],
                consent_on=data["consent_on"],
                consent_method=data["consent_method"],
                consent_witness=data["consent_witness"],
                consent_form=data["consent_form"],
                consent_form_kind=form.consent_form_kind,
                shared_sections=data["shared_sections"],
                shared_notes=data["shared_notes"],
                shared_documents=data["shared_documents"],
                acting_user=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The referral was sent."))
            return redirect(referral)
    limits = [(label, response_time_for(value)) for value, label in Urgency.choices]
    return render(
        request, "referrals/referral_form.html", {"case": case, "form": form, "limits": limits}
    )


@login_required
def referral_detail(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    referral = get_referral_for_user(request.user, public_id, request=request)
    sender = is_sender(request.user, referral)
    view = referral_view(referral, sender=sender)
    moves = (
        [(target, Status(target).label) for target in referral.receiver_moves()]
        if may_move(request.user, referral)
        else []
    )
    return render(
        request,
        "referrals/referral_detail.html",
        {
            "referral": referral,
            "view": view,
            "record": view.record,
            "is_sender": sender,
            "by_hand": moves_by_hand(request.user, referral),
            "moves": moves,
            "outcomes": Outcome.choices,
            "events": referral.events.select_related("actor", "organisation"),
            "limits": response_time_for(referral.urgency),
            "now": timezone.now(),
            "Status": Status,
            "languages": languages.all_languages(),
        },
    )


def _after(
    request: AuthenticatedRequest, referral: Referral, act: Callable[[], object], done: str
) -> HttpResponse:
    try:
        act()
    except (ValidationError, PermissionDenied) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(referral)


@login_required
@require_POST
def referral_move(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    referral = get_referral_for_user(request.user, public_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a step from the list."))
        return redirect(referral)
    data = form.cleaned_data
    return _after(
        request,
        referral,
        lambda: actions.referral_move(
            referral=referral,
            target=data["target"],
            note=data["note"],
            outcome=data["outcome"],
            expected_status=data["expected_status"],
            acting_user=request.user,
            request=request,
        ),
        _("The referral is now %(status)s.") % {"status": Status(data["target"]).label},
    )


@login_required
@require_POST
def referral_cancel(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    referral = get_referral_for_user(request.user, public_id)
    form = EndForm(request.POST)
    form.is_valid()
    return _after(
        request,
        referral,
        lambda: actions.referral_cancel(
            referral=referral,
            note=form.cleaned_data.get("note", ""),
            acting_user=request.user,
            request=request,
        ),
        _("The referral was cancelled."),
    )


@login_required
@require_POST
def referral_withdraw(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    referral = get_referral_for_user(request.user, public_id)
    form = EndForm(request.POST)
    form.is_valid()
    return _after(
        request,
        referral,
        lambda: actions.referral_withdraw_consent(
            referral=referral,
            note=form.cleaned_data.get("note", ""),
            acting_user=request.user,
            request=request,
        ),
        _("The consent was withdrawn: the receiving organisation no longer sees the case."),
    )


@login_required
def shared_document(request: AuthenticatedRequest, public_id: str, pk: int) -> HttpResponseBase:
    referral = get_referral_for_user(request.user, public_id)
    document = get_shared_document(request.user, referral, pk, request=request)
    return uploads.download(
        document.file, filename=document.original_name, content_type=document.content_type
    )


@login_required
def consent_form(request: AuthenticatedRequest, public_id: str) -> HttpResponseBase:
    referral = get_consent_form_for_user(request.user, public_id, request=request)
    return uploads.download(
        referral.consent_form,
        filename=referral.consent_form_name,
        content_type=referral.consent_form_type,
    )


@login_required
def inbox(request: AuthenticatedRequest) -> HttpResponse:
    view = request.GET.get("view", "new")
    if view not in INBOX_VIEWS:
        view = "new"
    now = timezone.now()
    if view == "sent":
        referrals = Referral.objects.sent_by(request.user)
    else:
        received = Referral.objects.received_by(request.user)
        referrals = {
            "new": received.new(),
            "late": received.acknowledgement_overdue(now),
            "active": received.in_progress(),
        }.get(view, received)
    page = Paginator(
        referrals.select_related(
            "from_organisation", "to_organisation", "to_service", "person"
        ).prefetch_related("household__members__person"),
        50,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "referrals/inbox.html",
        {
            "page": page,
            "current": view,
            "views": [
                ("new", _("New")),
                ("late", _("Acknowledgement overdue")),
                ("active", _("In progress")),
                ("all", _("All received")),
                ("sent", _("Sent by me")),
            ],
            "now": now,
        },
    )


@login_required
def referral_letter(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    """The printable referral letter in the language asked for (``?language=``), for the
    referring side; each one printed is in the access log."""
    language = languages.normalize(request.GET.get("language")) or translation.get_language()
    referral = get_referral_for_letter(request.user, public_id, language=language, request=request)
    response = HttpResponse(referral_letter_pdf(referral, language), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="referral-{str(referral.public_id)[:8]}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def referral_statistics(request: AuthenticatedRequest) -> HttpResponse:
    """How the user's organisation answers the referrals it receives (aggregates only)."""
    organisations = (
        Organisation.objects.all()
        if request.user.is_system_admin
        else Organisation.objects.with_member(request.user)
    ).order_by("name")
    if not organisations.exists():
        raise Http404(_("No such organisation."))
    today = timezone.localdate()
    initial: dict[str, Any] = {
        "organisation": organisations.first(),
        "start": today - datetime.timedelta(days=365),
        "end": today,
    }
    # Bound only when the form was sent: ``?lang=`` alone is not a query.
    form = StatisticsForm(
        request.GET if "organisation" in request.GET else None,
        organisations=organisations,
        initial=initial,
    )
    chosen = form.cleaned_data if form.is_valid() else initial
    stats = received_statistics(chosen["organisation"], chosen["start"], chosen["end"])
    return render(request, "referrals/referral_statistics.html", {"form": form, "stats": stats})


@login_required
def conference_new(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    bound = request.method == "POST"
    form = ConferenceForm(request.POST if bound else None)
    participants = ParticipantFormSet(request.POST if bound else None, prefix="participants")
    follow_ups = FollowUpFormSet(
        request.POST if bound else None, prefix="actions", form_kwargs={"case": case}
    )
    if bound and form.is_valid() and participants.is_valid() and follow_ups.is_valid():
        try:
            conference = actions.conference_record(
                case=case,
                held_at=form.cleaned_data["held_at"],
                place=form.cleaned_data["place"],
                discussion=form.discussion(),
                decisions=form.cleaned_data["decisions"],
                participants=[
                    actions.Participant(
                        organisation=f.cleaned_data["organisation"],
                        user=f.user,
                        name=f.cleaned_data["name"],
                        role=f.cleaned_data["role"],
                    )
                    for f in participants
                    if f.has_changed() and f.cleaned_data
                ],
                follow_ups=[
                    actions.FollowUp(
                        goal=f.cleaned_data["goal"],
                        description=f.cleaned_data["description"],
                        organisation=f.cleaned_data["organisation"],
                        due_on=f.cleaned_data["due_on"],
                    )
                    for f in follow_ups
                    if f.has_changed() and f.cleaned_data
                ],
                acting_user=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The case conference was recorded."))
            return redirect(conference)
    return render(
        request,
        "referrals/conference_form.html",
        {"case": case, "form": form, "participants": participants, "follow_ups": follow_ups},
    )


@login_required
def conference_detail(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    conference = get_conference_for_user(request.user, public_id, request=request)
    works_on = is_case_worker_of(request.user, conference.case)
    # A participant of another organisation reaches the case's data only through a
    # referral to their organisation, within its consent.
    referrals = Referral.objects.visible_to(request.user).filter(case=conference.case)
    return render(
        request,
        "referrals/conference_detail.html",
        {
            "conference": conference,
            "participants": conference.participants.select_related("organisation", "user"),
            "follow_ups": conference.follow_up_actions.select_related("goal", "organisation"),
            "works_on_case": works_on,
            "referrals": referrals.select_related("to_organisation", "to_service"),
        },
    )
