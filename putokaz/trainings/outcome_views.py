"""The organisers' pages of what an event achieved: the knowledge test's scores (a list made
for a phone, like the check-in), the feedback survey, and the conclusions and
recommendations."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Max, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from putokaz.accounts.models import AuthenticatedRequest
from putokaz.core.concurrency import ConcurrentEditError, form_with_current_version, version_of
from putokaz.core.folding import fold, search_terms
from putokaz.trainings import actions
from putokaz.trainings.access import (
    get_conclusion_for_organiser,
    get_event_for_organiser,
    get_registration_for_organiser,
)
from putokaz.trainings.forms import ConclusionForm, ScoreForm
from putokaz.trainings.models import (
    Conclusion,
    Event,
    FeedbackRequest,
    KnowledgeScore,
    Registration,
    RegistrationEmail,
)
from putokaz.trainings.outcomes import (
    MIN_FEEDBACK_RESPONSES,
    feedback_summary,
    knowledge_change,
    score_change,
)


def outcomes_context(event: Event) -> dict[str, Any]:
    """What the organiser's event page shows of the event's outcomes."""
    return {
        "change": knowledge_change(event.registrations.confirmed()) if event.has_test else None,
        "feedback_summary": feedback_summary(Event.objects.filter(pk=event.pk)),
        "minimum": MIN_FEEDBACK_RESPONSES,
        "conclusion_count": event.conclusions.count(),
    }


def _score_row(event: Event, registration: Registration, form: ScoreForm | None = None) -> Any:
    """``registration`` with what its row shows: the form, and the change when both are in."""
    scores: KnowledgeScore | None = getattr(registration, "knowledge_score", None)
    maximum = event.test_max_score or 0
    if form is None:
        form = ScoreForm(
            initial={
                "pre_score": scores.pre_score if scores else None,
                "post_score": scores.post_score if scores else None,
                "version": version_of(scores) if scores else "",
            },
            maximum=maximum,
            prefix=f"p{registration.pk}",
        )
    registration.form = form  # type: ignore[attr-defined]
    registration.change = (  # type: ignore[attr-defined]
        score_change(scores.pre_score, scores.post_score, maximum) if scores else None
    )
    return registration


def _scores_context(event: Event, query: str = "") -> dict[str, Any]:
    rows = list(
        event.registrations.confirmed()
        .select_related("municipality", "knowledge_score")
        .order_by("full_name", "pk")
    )
    terms = search_terms(query)
    if terms:
        rows = [
            r for r in rows if all(t in fold(f"{r.full_name} {r.organisation_name}") for t in terms)
        ]
    return {
        "event": event,
        "rows": [_score_row(event, row) for row in rows],
        "query": query,
        "change": knowledge_change(event.registrations.confirmed()),
    }


@login_required
def scores(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    """Every confirmed participant's scores before and after, a row each, with the event's
    change in knowledge above."""
    event = get_event_for_organiser(request.user, public_id, request=request, purpose="test scores")
    return render(
        request, "trainings/scores.html", _scores_context(event, request.GET.get("q", "")[:100])
    )


@login_required
@require_POST
def score_save(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    registration = get_registration_for_organiser(request.user, public_id)
    event = registration.event
    if event.test_max_score is None:
        messages.error(request, _("This event has no knowledge test."))
        return redirect(event)
    if registration.status != Registration.Status.CONFIRMED:
        # Not on the list (cancelled or waiting meanwhile): no row to show the error in.
        messages.error(request, _("Only confirmed participants have test scores."))
        return redirect("trainings:scores", public_id=event.public_id)
    form = ScoreForm(request.POST, maximum=event.test_max_score, prefix=f"p{registration.pk}")
    saved = False
    if form.is_valid():
        try:
            actions.knowledge_score_save(
                registration=registration,
                pre_score=form.cleaned_data["pre_score"],
                post_score=form.cleaned_data["post_score"],
                version=form.cleaned_data["version"],
                acting_user=request.user,
                request=request,
            )
        except ConcurrentEditError as error:
            # Show what the other organiser saved, and say so: nothing was overwritten.
            current = Registration.objects.select_related("knowledge_score").get(pk=registration.pk)
            row = _score_row(event, current)
            row.conflict = error.messages[0]
            return _score_response(request, event, row, query=request.POST.get("q", ""))
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(name, message)
            else:
                form.add_error(None, error)
        else:
            saved = True
    if saved and not request.htmx:
        messages.success(request, _("Scores saved: %(name)s.") % {"name": registration.full_name})
        query = request.POST.get("q", "")
        url = reverse("trainings:scores", args=[event.public_id])
        anchor = f"#p-{registration.public_id}"
        return redirect(f"{url}?q={query}{anchor}" if query else f"{url}{anchor}")
    current = Registration.objects.select_related("knowledge_score", "municipality").get(
        pk=registration.pk
    )
    row = _score_row(event, current, None if saved else form)
    row.saved = saved
    return _score_response(request, event, row, query=request.POST.get("q", ""))


def _score_response(
    request: AuthenticatedRequest, event: Event, row: Any, *, query: str
) -> HttpResponse:
    """The row alone for htmx (with the event's figures out of band); else the whole list
    with this row as it was sent, its errors beside it."""
    if request.htmx:
        return render(
            request,
            "trainings/scores.html#row",
            {
                "event": event,
                "row": row,
                "query": query,
                "change": knowledge_change(event.registrations.confirmed()),
                "oob": True,
            },
        )
    context = _scores_context(event, query)
    context["rows"] = [row if r.pk == row.pk else r for r in context["rows"]]
    return render(request, "trainings/scores.html", context)


@login_required
def feedback(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    """The survey's answers together (without names), and sending the personal links."""
    event = get_event_for_organiser(request.user, public_id, request=request, purpose="feedback")
    participants = list(
        event.registrations.confirmed()
        .select_related("municipality")
        .annotate(
            asked_at=Max(
                "emails__created_at", filter=Q(emails__kind=RegistrationEmail.Kind.FEEDBACK)
            )
        )
        .order_by("full_name", "pk")
    )
    today = timezone.localdate()
    return render(
        request,
        "trainings/feedback.html",
        {
            "event": event,
            "summary": feedback_summary(Event.objects.filter(pk=event.pk)),
            "participants": participants,
            "answered": FeedbackRequest.objects.filter(
                registration__event=event, answered=True
            ).count(),
            "not_yet": today < event.ends_on,
            "open": event.feedback_open(today),
            "minimum": MIN_FEEDBACK_RESPONSES,
        },
    )


@login_required
@require_POST
def feedback_send(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    """E-mail the survey to everyone who has not answered, or (``registration``) to one."""
    event = get_event_for_organiser(request.user, public_id)
    one = request.POST.get("registration")
    registration = get_registration_for_organiser(request.user, one) if one else None
    if registration is not None and registration.event_id != event.pk:
        raise Http404(_("No such registration."))
    try:
        sent = actions.feedback_request_send(
            event=event, registration=registration, acting_user=request.user, request=request
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if sent:
            messages.success(
                request,
                ngettext(
                    "The survey was sent to %(count)s participant.",
                    "The survey was sent to %(count)s participants.",
                    sent,
                )
                % {"count": sent},
            )
        else:
            messages.info(
                request,
                _(
                    "Nobody was sent the survey: those not yet answered were sent it in the last "
                    "few minutes."
                ),
            )
    return redirect("trainings:feedback", public_id=event.public_id)


def _conclusions_page(
    request: AuthenticatedRequest, event: Event, conclusion: Conclusion | None
) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    instance = conclusion or Conclusion(event=event)
    form = ConclusionForm(data, instance=instance)
    if data is not None and form.is_valid():
        try:
            actions.conclusion_save(
                event=event, form=form, acting_user=request.user, request=request
            )
        except ConcurrentEditError as error:
            if conclusion is None:  # only a saved one can change meanwhile
                raise
            conclusion.refresh_from_db()
            form = form_with_current_version(ConclusionForm, conclusion, error)  # type: ignore[assignment]
        else:
            messages.success(request, _("Saved."))
            return redirect("trainings:conclusions", public_id=event.public_id)
    history = (
        conclusion.history.select_related("history_user").order_by("-history_date")[:20]  # type: ignore[attr-defined]
        if conclusion
        else []
    )
    return render(
        request,
        "trainings/conclusions.html",
        {
            "event": event,
            "form": form,
            "conclusion": conclusion,
            "conclusions": event.conclusions.all(),
            "history": history,
        },
    )


@login_required
def conclusions(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    """The event's conclusions and recommendations, a form to add one, and publishing."""
    return _conclusions_page(request, get_event_for_organiser(request.user, public_id), None)


@login_required
def conclusion_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    conclusion = get_conclusion_for_organiser(request.user, pk)
    return _conclusions_page(request, conclusion.event, conclusion)


@login_required
@require_POST
def conclusion_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    conclusion = get_conclusion_for_organiser(request.user, pk)
    event = conclusion.event
    actions.conclusion_delete(conclusion=conclusion, acting_user=request.user, request=request)
    messages.success(request, _("Removed."))
    return redirect("trainings:conclusions", public_id=event.public_id)


@login_required
@require_POST
def conclusions_publication(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    event = get_event_for_organiser(request.user, public_id)
    publish = request.POST.get("publish") == "1"
    try:
        actions.conclusions_set_publication(
            event=event, publish=publish, acting_user=request.user, request=request
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The conclusions are on the event's public page.")
            if publish
            else _("The conclusions were taken off the public page."),
        )
    return redirect("trainings:conclusions", public_id=event.public_id)
