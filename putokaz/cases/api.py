"""The REST API for cases: /api/v1/cases/ with their assessments, goals, plan actions, notes
and tasks, and the workflow (move, approvals, reopen).

The same rules as the pages: cases come from ``Case.objects.visible_to``, every fetch of one
goes through the access layer (and so into the access log), every write through the cases'
actions, validated by the pages' forms.
"""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from putokaz.cases import actions, caseloads
from putokaz.cases.access import (
    get_attachment_for_user,
    get_case_for_user,
    get_goal,
    get_plan_action,
    get_task,
)
from putokaz.cases.forms import (
    AssessmentForm,
    AttachmentForm,
    CaseEditForm,
    CaseloadFilterForm,
    CaseOpenForm,
    ClosureRequestForm,
    GoalForm,
    MoveForm,
    NoteForm,
    PlanActionForm,
    PlanStatusForm,
    ReopenForm,
    TaskForm,
)
from putokaz.cases.models import (
    Approval,
    Assessment,
    Case,
    CaseAssignment,
    CaseAttachment,
    CaseEvent,
    CaseNote,
    CaseTask,
    ClosureReason,
    DomainRating,
    Goal,
    LifeDomain,
    PlanAction,
    Rating,
    Status,
)
from putokaz.cases.permissions import is_case_supervisor
from putokaz.core import uploads
from putokaz.core.api import (
    PagePagination,
    VersionField,
    display_name,
    form_data,
    form_errors,
    read_input,
    validated,
)
from putokaz.people.access import (
    case_organisations_of,
    get_casework_organisation,
    get_household_for_user,
    get_person_for_user,
)

# What is read


class SubjectSerializer(serializers.Serializer[Case]):
    kind = serializers.SerializerMethodField()
    id = serializers.SerializerMethodField()
    name = serializers.CharField(source="subject_name")

    def get_kind(self, case: Case) -> str:
        return "person" if case.person_id else "household"

    def get_id(self, case: Case) -> str:
        return str(case.subject.public_id)


class CaseSummarySerializer(serializers.ModelSerializer[Case]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    url = serializers.SerializerMethodField()
    subject = SubjectSerializer(source="*", read_only=True)
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    first_step_late = serializers.SerializerMethodField()
    review_late = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "url",
            "number",
            "subject",
            "organisation",
            "case_type",
            "urgency",
            "status",
            "awaiting",
            "opened_at",
            "first_step_due",
            "first_step_done_at",
            "first_step_late",
            "next_review_on",
            "review_late",
        ]

    def get_url(self, case: Case) -> str:
        request = self.context["request"]
        return str(request.build_absolute_uri(reverse("api:case-detail", args=[case.public_id])))

    def get_first_step_late(self, case: Case) -> bool:
        return case.is_first_step_late()

    def get_review_late(self, case: Case) -> bool:
        return case.is_review_late()


class AssignmentSerializer(serializers.ModelSerializer[CaseAssignment]):
    user = serializers.SerializerMethodField()

    class Meta:
        model = CaseAssignment
        fields = ["id", "user", "role", "assigned_at"]

    def get_user(self, assignment: CaseAssignment) -> str:
        return display_name(assignment.user)


class EventSerializer(serializers.ModelSerializer[CaseEvent]):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = CaseEvent
        fields = ["kind", "from_status", "to_status", "actor", "at", "note"]

    def get_actor(self, event: CaseEvent) -> str:
        return display_name(event.actor)


class CaseSerializer(CaseSummarySerializer):
    assignments = AssignmentSerializer(many=True, read_only=True, source="current_assignments")
    events = EventSerializer(many=True, read_only=True)
    version = VersionField(source="updated_at", read_only=True)

    class Meta(CaseSummarySerializer.Meta):
        fields = [
            *CaseSummarySerializer.Meta.fields,
            "reason",
            "closure_reason",
            "closure_note",
            "closed_at",
            "assignments",
            "events",
            "version",
        ]


class RatingSerializer(serializers.ModelSerializer[DomainRating]):
    class Meta:
        model = DomainRating
        fields = ["domain", "rating", "notes"]


class AssessmentSerializer(serializers.ModelSerializer[Assessment]):
    assessed_by = serializers.SerializerMethodField()
    ratings = RatingSerializer(many=True, read_only=True)

    class Meta:
        model = Assessment
        fields = ["id", "kind", "assessed_on", "assessed_by", "summary", "ratings"]

    def get_assessed_by(self, assessment: Assessment) -> str:
        return display_name(assessment.assessed_by)


class PlanActionSerializer(serializers.ModelSerializer[PlanAction]):
    organisation = serializers.PrimaryKeyRelatedField(read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    service = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = PlanAction
        fields = [
            "id",
            "goal",
            "description",
            "organisation",
            "organisation_name",
            "service",
            "due_on",
            "status",
        ]


class GoalSerializer(serializers.ModelSerializer[Goal]):
    actions = PlanActionSerializer(many=True, read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "domain", "description", "status", "actions"]


class NoteSerializer(serializers.ModelSerializer[CaseNote]):
    author = serializers.SerializerMethodField()
    organisation = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = CaseNote
        fields = ["id", "text", "confidential", "author", "organisation", "created_at"]

    def get_author(self, note: CaseNote) -> str:
        return display_name(note.author)


class AttachmentSerializer(serializers.ModelSerializer[CaseAttachment]):
    uploaded_by = serializers.SerializerMethodField()
    download = serializers.SerializerMethodField()

    class Meta:
        model = CaseAttachment
        fields = [
            "id",
            "title",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "confidential",
            "uploaded_at",
            "uploaded_by",
            "download",
        ]

    def get_uploaded_by(self, attachment: CaseAttachment) -> str:
        return display_name(attachment.uploaded_by)

    def get_download(self, attachment: CaseAttachment) -> str:
        return reverse(
            "api:case-document-download", args=[attachment.case.public_id, attachment.pk]
        )


class TaskSerializer(serializers.ModelSerializer[CaseTask]):
    assigned_to = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    assigned_to_name = serializers.SerializerMethodField()

    class Meta:
        model = CaseTask
        fields = ["id", "title", "due_on", "assigned_to", "assigned_to_name", "done_at"]

    def get_assigned_to_name(self, task: CaseTask) -> str:
        return display_name(task.assigned_to)


# What is written: the shape for the schema; the rules are the pages' forms'.


class CaseOpenSerializer(serializers.Serializer[Any]):
    person = serializers.UUIDField(required=False, help_text="The person the case is about …")
    household = serializers.UUIDField(required=False, help_text="… or the household.")
    case_type = serializers.CharField()
    urgency = serializers.CharField()
    reason = serializers.CharField()
    organisation = serializers.IntegerField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if bool(attrs.get("person")) == bool(attrs.get("household")):
            raise serializers.ValidationError(_("Give either a person or a household."))
        return attrs


class CaseUpdateSerializer(serializers.Serializer[Any]):
    case_type = serializers.CharField(required=False)
    urgency = serializers.CharField(required=False)
    reason = serializers.CharField(required=False)
    version = serializers.CharField()


class MoveSerializer(serializers.Serializer[Any]):
    target = serializers.ChoiceField(choices=Status.choices)
    expected_status = serializers.ChoiceField(
        choices=Status.choices, help_text="The status the case had when it was read."
    )
    note = serializers.CharField(required=False, allow_blank=True)


class ApprovalRequestSerializer(serializers.Serializer[Any]):
    what = serializers.ChoiceField(choices=[Approval.PLAN, Approval.CLOSURE])
    closure_reason = serializers.ChoiceField(choices=ClosureReason.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True)


class DecisionSerializer(serializers.Serializer[Any]):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True)


class CloseSerializer(serializers.Serializer[Any]):
    closure_reason = serializers.ChoiceField(choices=ClosureReason.choices)
    note = serializers.CharField(required=False, allow_blank=True)


class NoteInputSerializer(serializers.Serializer[Any]):
    note = serializers.CharField()


class DomainRatingInput(serializers.Serializer[Any]):
    rating = serializers.ChoiceField(choices=Rating.choices)
    notes = serializers.CharField(required=False, allow_blank=True)


class AssessmentInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=Assessment.Kind.choices)
    assessed_on = serializers.DateField()
    summary = serializers.CharField(required=False, allow_blank=True)
    ratings = serializers.DictField(
        child=DomainRatingInput(), help_text=f"One per life domain: {', '.join(LifeDomain.values)}."
    )


class GoalInputSerializer(serializers.Serializer[Any]):
    domain = serializers.ChoiceField(choices=LifeDomain.choices)
    description = serializers.CharField()


class PlanActionInputSerializer(serializers.Serializer[Any]):
    goal = serializers.IntegerField()
    description = serializers.CharField()
    organisation = serializers.IntegerField(help_text="The responsible organisation.")
    service = serializers.UUIDField(required=False, allow_null=True)
    due_on = serializers.DateField(required=False, allow_null=True)


class StatusInputSerializer(serializers.Serializer[Any]):
    status = serializers.CharField(
        help_text="goals: open, achieved, dropped; plan actions: "
        "planned, in_progress, done, cancelled."
    )


class AttachmentInputSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    file = serializers.FileField(help_text="PDF, JPEG, PNG, DOCX or ODT (multipart/form-data).")
    confidential = serializers.BooleanField(required=False, default=False)


class CaseNoteInputSerializer(serializers.Serializer[Any]):
    text = serializers.CharField()
    confidential = serializers.BooleanField(required=False, default=False)


class TaskInputSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    due_on = serializers.DateField()
    assigned_to = serializers.IntegerField(required=False, allow_null=True)


class CaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Case],
):
    """Cases the user may see: their organisation's as supervisor, those assigned to them."""

    lookup_field = "public_id"
    lookup_value_regex = "[0-9a-f-]{36}"
    pagination_class = PagePagination
    serializer_class = CaseSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Case]:
        return Case.objects.visible_to(self.request.user)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return CaseSummarySerializer if self.action == "list" else CaseSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "caseload",
                enum=list(caseloads.CASELOADS),
                description="mine (default), team, overdue or week.",
            ),
            OpenApiParameter("q", description="A name in either script or a case number."),
            OpenApiParameter("case_type"),
            OpenApiParameter("urgency"),
            OpenApiParameter("status", description="Any status; by default the open ones."),
            OpenApiParameter("municipality", int, description="A municipality's id."),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = CaseloadFilterForm(request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError(form_errors(form))
        cases = caseloads.filtered(
            caseloads.caseload(request.user, request.query_params.get("caseload", "mine")),
            form.cleaned_data,
            user=request.user,
        )
        page = self.paginate_queryset(
            cases.select_related("person", "household", "organisation").order_by(
                "first_step_due", "pk"
            )
        )
        data = CaseSummarySerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    def _case(self, request: Request, public_id: str, *, log: bool = True) -> Case:
        return get_case_for_user(request.user, public_id, request=request._request if log else None)

    def _detail(self, request: Request, case: Case, code: int = 200) -> Response:
        case = (
            Case.objects.filter(pk=case.pk)
            .select_related("person", "household", "organisation")
            .prefetch_related(
                Prefetch(
                    "assignments",
                    queryset=CaseAssignment.objects.filter(ended_at__isnull=True).select_related(
                        "user"
                    ),
                    to_attr="current_assignments",
                ),
                Prefetch("events", queryset=CaseEvent.objects.select_related("actor")),
            )
            .get()
        )
        return Response(CaseSerializer(case, context={"request": request}).data, status=code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._detail(request, self._case(request, kwargs["public_id"]))

    @extend_schema(request=CaseOpenSerializer, responses={201: CaseSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Open a case for a person or a household the user may see."""
        values = read_input(CaseOpenSerializer, request).validated_data
        chosen = values.get("organisation")
        if chosen is not None and chosen not in {o.pk for o in case_organisations_of(request.user)}:
            raise PermissionDenied(_("You do not do casework in this organisation."))
        organisation = get_casework_organisation(request.user, str(chosen or ""))
        subject: Any = (
            get_person_for_user(request.user, values["person"])
            if values.get("person")
            else get_household_for_user(request.user, values["household"])
        )
        form = validated(CaseOpenForm(form_data(values)))
        case = actions.case_open(
            subject=subject,
            organisation=organisation,
            case_type=form.cleaned_data["case_type"],
            urgency=form.cleaned_data["urgency"],
            reason=form.cleaned_data["reason"],
            acting_user=request.user,
            request=request._request,
        )
        return self._detail(request, case, code=status.HTTP_201_CREATED)

    @extend_schema(request=CaseUpdateSerializer, responses={200: CaseSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change type, urgency or reason; refused with 409 if the case changed since read."""
        case = self._case(request, kwargs["public_id"], log=False)
        values = read_input(CaseUpdateSerializer, request).validated_data
        data = {"case_type": case.case_type, "urgency": case.urgency, "reason": case.reason}
        form = validated(CaseEditForm(data | form_data(values), instance=case))
        actions.case_update(
            case=case, form=form, acting_user=request.user, request=request._request
        )
        return self._detail(request, case)

    # The workflow

    @extend_schema(request=MoveSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request: Request, public_id: str) -> Response:
        """Move the case to its next status (refused if its status is no longer `expected_status`)."""
        case = self._case(request, public_id, log=False)
        form = validated(MoveForm(form_data(read_input(MoveSerializer, request).validated_data)))
        actions.case_move(
            case=case,
            target=form.cleaned_data["target"],
            expected_status=form.cleaned_data["expected_status"],
            note=form.cleaned_data["note"],
            acting_user=request.user,
            request=request._request,
        )
        return self._detail(request, case)

    @extend_schema(request=ApprovalRequestSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"], url_path="request-approval")
    def request_approval(self, request: Request, public_id: str) -> Response:
        """Ask the supervisor to approve the plan or the closure."""
        case = self._case(request, public_id, log=False)
        values = read_input(ApprovalRequestSerializer, request).validated_data
        closure_reason = ""
        if values["what"] == Approval.CLOSURE:
            form = validated(ClosureRequestForm(form_data(values)))
            closure_reason = form.cleaned_data["closure_reason"]
        actions.case_request_approval(
            case=case,
            what=values["what"],
            closure_reason=closure_reason,
            note=values.get("note", ""),
            acting_user=request.user,
            request=request._request,
        )
        return self._detail(request, case)

    @extend_schema(request=DecisionSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, public_id: str) -> Response:
        """The supervisor approves or returns what was asked."""
        case = self._case(request, public_id, log=False)
        values = read_input(DecisionSerializer, request).validated_data
        actions.case_decide(
            case=case,
            approve=values["approve"],
            note=values.get("note", ""),
            acting_user=request.user,
            request=request._request,
        )
        return self._detail(request, case)

    @extend_schema(request=CloseSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, public_id: str) -> Response:
        """A supervisor closes the case (a case worker asks for approval instead)."""
        case = self._case(request, public_id, log=False)
        if not is_case_supervisor(request.user, case):
            raise PermissionDenied(_("Only a supervisor closes a case; ask for approval."))
        form = validated(
            ClosureRequestForm(form_data(read_input(CloseSerializer, request).validated_data))
        )
        actions.case_close(
            case=case,
            reason=form.cleaned_data["closure_reason"],
            note=form.cleaned_data["note"],
            acting_user=request.user,
            request=request._request,
        )
        return self._detail(request, case)

    @extend_schema(request=NoteInputSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, public_id: str) -> Response:
        case = self._case(request, public_id, log=False)
        form = validated(
            ReopenForm(form_data(read_input(NoteInputSerializer, request).validated_data))
        )
        actions.case_reopen(
            case=case,
            note=form.cleaned_data["note"],
            acting_user=request.user,
            request=request._request,
        )
        return self._detail(request, case)

    # The parts of a case

    @extend_schema(methods=["GET"], responses={200: AssessmentSerializer(many=True)}, request=None)
    @extend_schema(
        methods=["POST"],
        request=AssessmentInputSerializer,
        responses={201: AssessmentSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def assessments(self, request: Request, public_id: str) -> Response:
        """The holistic needs assessments, oldest first: the change over time."""
        case = self._case(request, public_id, log=request.method == "GET")
        if request.method == "POST":
            values = read_input(AssessmentInputSerializer, request).validated_data
            data = form_data({k: v for k, v in values.items() if k != "ratings"})
            for domain, rating in values["ratings"].items():
                data[f"{domain}-rating"] = rating["rating"]
                data[f"{domain}-notes"] = rating.get("notes", "")
            form = validated(AssessmentForm(data))
            saved = actions.assessment_record(
                case=case,
                kind=form.cleaned_data["kind"],
                assessed_on=form.cleaned_data["assessed_on"],
                ratings=form.ratings(),
                summary=form.cleaned_data["summary"],
                acting_user=request.user,
                request=request._request,
            )
            return Response(AssessmentSerializer(saved).data, status=status.HTTP_201_CREATED)
        assessments = case.assessments.select_related("assessed_by").prefetch_related("ratings")
        return Response(AssessmentSerializer(assessments, many=True).data)

    @extend_schema(methods=["GET"], responses={200: GoalSerializer(many=True)}, request=None)
    @extend_schema(methods=["POST"], request=GoalInputSerializer, responses={201: GoalSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def goals(self, request: Request, public_id: str) -> Response:
        """The plan: goals per life domain, each with its actions."""
        case = self._case(request, public_id, log=request.method == "GET")
        if request.method == "POST":
            values = read_input(GoalInputSerializer, request).validated_data
            form = validated(GoalForm(form_data(values)))
            goal = actions.goal_add(
                case=case,
                domain=form.cleaned_data["domain"],
                description=form.cleaned_data["description"],
                acting_user=request.user,
                request=request._request,
            )
            return Response(GoalSerializer(goal).data, status=status.HTTP_201_CREATED)
        goals = Goal.objects.filter(case=case).prefetch_related("actions")
        return Response(GoalSerializer(goals, many=True).data)

    @extend_schema(
        methods=["POST"],
        request=PlanActionInputSerializer,
        responses={201: PlanActionSerializer},
    )
    @action(detail=True, methods=["post"], url_path="plan-actions")
    def plan_actions(self, request: Request, public_id: str) -> Response:
        """Add an action to one of the case's goals, with the responsible organisation."""
        case = self._case(request, public_id, log=False)
        values = read_input(PlanActionInputSerializer, request).validated_data
        form = validated(PlanActionForm(form_data(values), case=case))
        saved = actions.plan_action_add(
            goal=form.cleaned_data["goal"],
            description=form.cleaned_data["description"],
            organisation=form.cleaned_data["organisation"],
            service=form.cleaned_data["service"],
            due_on=form.cleaned_data["due_on"],
            acting_user=request.user,
            request=request._request,
        )
        return Response(PlanActionSerializer(saved).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=StatusInputSerializer,
        responses={200: GoalSerializer},
        parameters=[OpenApiParameter("goal_id", int, OpenApiParameter.PATH)],
    )
    @action(detail=True, methods=["post"], url_path=r"goals/(?P<goal_id>\d+)/status")
    def goal_status(self, request: Request, public_id: str, goal_id: str) -> Response:
        """Mark a goal achieved, dropped or open again."""
        case = self._case(request, public_id, log=False)
        goal = get_goal(case, int(goal_id))
        values = read_input(StatusInputSerializer, request).validated_data
        form = validated(PlanStatusForm(values, choices=Goal.Status.choices))
        goal = actions.goal_set_status(
            goal=goal,
            status=form.cleaned_data["status"],
            acting_user=request.user,
            request=request._request,
        )
        return Response(GoalSerializer(goal).data)

    @extend_schema(
        request=StatusInputSerializer,
        responses={200: PlanActionSerializer},
        parameters=[OpenApiParameter("action_id", int, OpenApiParameter.PATH)],
    )
    @action(detail=True, methods=["post"], url_path=r"plan-actions/(?P<action_id>\d+)/status")
    def plan_action_status(self, request: Request, public_id: str, action_id: str) -> Response:
        """Move an action of the plan: planned, in progress, done or cancelled."""
        case = self._case(request, public_id, log=False)
        plan_action = get_plan_action(case, int(action_id))
        values = read_input(StatusInputSerializer, request).validated_data
        form = validated(PlanStatusForm(values, choices=PlanAction.Status.choices))
        saved = actions.plan_action_set_status(
            action=plan_action,
            status=form.cleaned_data["status"],
            acting_user=request.user,
            request=request._request,
        )
        return Response(PlanActionSerializer(saved).data)

    @extend_schema(methods=["GET"], responses={200: AttachmentSerializer(many=True)}, request=None)
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": AttachmentInputSerializer},
        responses={201: AttachmentSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        pagination_class=None,
        parser_classes=[MultiPartParser, FormParser, JSONParser],
    )
    def documents(self, request: Request, public_id: str) -> Response:
        """Documents attached to the case (a confidential one only for its organisation)."""
        case = self._case(request, public_id, log=request.method == "GET")
        if request.method == "POST":
            form = validated(AttachmentForm(request.data, request.FILES))
            attachment = actions.attachment_add(
                case=case,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                kind=form.kind,
                confidential=form.cleaned_data["confidential"],
                acting_user=request.user,
                request=request._request,
            )
            return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)
        attachments = (
            CaseAttachment.objects.filter(case=case)
            .present()
            .readable_by(request.user)
            .select_related("case", "uploaded_by")
        )
        return Response(AttachmentSerializer(attachments, many=True).data)

    @extend_schema(
        request=None,
        responses={(200, "application/octet-stream"): bytes},
        parameters=[OpenApiParameter("document_id", int, OpenApiParameter.PATH)],
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"documents/(?P<document_id>\d+)",
        url_name="document-download",
    )
    def document_download(self, request: Request, public_id: str, document_id: str) -> Any:
        """The file itself; every download is in the access log."""
        case = self._case(request, public_id, log=False)
        attachment = get_attachment_for_user(
            request.user, case, int(document_id), request=request._request
        )
        return uploads.download(
            attachment.file,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )

    @extend_schema(methods=["GET"], responses={200: NoteSerializer(many=True)}, request=None)
    @extend_schema(
        methods=["POST"], request=CaseNoteInputSerializer, responses={201: NoteSerializer}
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def notes(self, request: Request, public_id: str) -> Response:
        """Notes, newest first; a confidential one only for the organisation that wrote it."""
        case = self._case(request, public_id, log=request.method == "GET")
        if request.method == "POST":
            values = read_input(CaseNoteInputSerializer, request).validated_data
            form = validated(NoteForm(form_data(values)))
            note = actions.note_add(
                case=case,
                text=form.cleaned_data["text"],
                confidential=form.cleaned_data["confidential"],
                acting_user=request.user,
                request=request._request,
            )
            return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)
        notes = (
            CaseNote.objects.filter(case=case)
            .readable_by(request.user)
            .select_related("author", "organisation")
        )
        return Response(NoteSerializer(notes, many=True).data)

    @extend_schema(methods=["GET"], responses={200: TaskSerializer(many=True)}, request=None)
    @extend_schema(methods=["POST"], request=TaskInputSerializer, responses={201: TaskSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def tasks(self, request: Request, public_id: str) -> Response:
        case = self._case(request, public_id, log=request.method == "GET")
        if request.method == "POST":
            values = read_input(TaskInputSerializer, request).validated_data
            form = validated(TaskForm(form_data(values), case=case))
            task = actions.task_add(
                case=case,
                title=form.cleaned_data["title"],
                due_on=form.cleaned_data["due_on"],
                assigned_to=form.cleaned_data["assigned_to"],
                acting_user=request.user,
                request=request._request,
            )
            return Response(TaskSerializer(task).data, status=status.HTTP_201_CREATED)
        tasks = CaseTask.objects.filter(case=case).select_related("assigned_to")
        return Response(TaskSerializer(tasks, many=True).data)

    @extend_schema(
        request=None,
        responses={200: TaskSerializer},
        parameters=[OpenApiParameter("task_id", int, OpenApiParameter.PATH)],
    )
    @action(detail=True, methods=["post"], url_path=r"tasks/(?P<task_id>\d+)/done")
    def task_done(self, request: Request, public_id: str, task_id: str) -> Response:
        case = self._case(request, public_id, log=False)
        task = actions.task_done(
            task=get_task(case, int(task_id)),
            acting_user=request.user,
            request=request._request,
        )
        return Response(TaskSerializer(task).data)
