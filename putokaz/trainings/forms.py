"""Forms of the trainings: an event and its agenda, materials, and registering participants."""

from typing import Any, cast

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.models import Organisation, User
from putokaz.core.concurrency import VersionedModelForm
from putokaz.core.fields import CheckedUploadMixin, ModelChoiceField
from putokaz.core.widgets import DateInput, DateTimeInput, LongSelect
from putokaz.directory.forms import OTHER_LANGUAGES, TranslatedFieldsMixin
from putokaz.directory.models import Location, TaxonomyTerm
from putokaz.geo.forms import MunicipalityChoiceField
from putokaz.trainings.models import (
    RATINGS,
    Audience,
    Conclusion,
    Event,
    FeedbackQuestion,
    Kind,
    KnowledgeScore,
    Profession,
    ProtectionTopic,
    Session,
    Sex,
    normalise_code,
)

EVENT_TRANSLATED = ["title", "description"]
SESSION_TRANSLATED = ["title"]
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M"]


def _translated(names: list[str]) -> list[str]:
    return [f"{name}_{suffix}" for suffix, _code in OTHER_LANGUAGES for name in names]


class LocationChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Location) -> str:
        return f"{obj.name} — {obj.address}, {obj.municipality}"


class OrganisationChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return str(obj)


class EventForm(TranslatedFieldsMixin, VersionedModelForm):
    """An event's own fields; the title and description in Serbian Latin are required, the
    other languages optional."""

    TRANSLATED = EVENT_TRANSLATED
    location = LocationChoiceField(
        label=_("Place from the guide"),
        queryset=Location.objects.select_related("municipality").order_by("name_sr_latn", "pk"),
        required=False,
        widget=LongSelect,
        help_text=_("An office or hall in the guide; or write the venue below."),
    )
    municipality = MunicipalityChoiceField(label=_("Municipality of the venue"), required=False)
    partners = OrganisationChoices(
        label=_("Partners"),
        queryset=Organisation.objects.active().order_by("name_sr_latn"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or ⌘) to choose several."),
    )
    protection_topics = forms.MultipleChoiceField(
        label=_("Protection topics"),
        choices=ProtectionTopic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audiences = forms.MultipleChoiceField(
        label=_("For"),
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Event
        fields = [
            *(f"{name}_sr_latn" for name in EVENT_TRANSLATED),
            "kind",
            "organiser",
            "starts_on",
            "ends_on",
            "location",
            "venue",
            "municipality",
            "online_url",
            "capacity",
            "public_registration",
            "registration_closes_on",
            "audiences",
            "domains",
            "protection_topics",
            "partners",
            "funding_project",
            "donor",
            "cpd_points",
            "accreditation",
            "certificate_attendance",
            "test_max_score",
            "feedback_days",
            *_translated(EVENT_TRANSLATED),
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "registration_closes_on": DateInput(),
            "domains": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, organisers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title_sr_latn"].required = True
        self.fields["description_sr_latn"].required = True
        self.label_translated_fields(Event)
        organiser = cast(forms.ModelChoiceField, self.fields["organiser"])
        organiser.queryset = organisers
        organiser.empty_label = None
        domains = cast(forms.ModelMultipleChoiceField, self.fields["domains"])
        domains.queryset = TaxonomyTerm.objects.filter(taxonomy__code="domains", parent=None)
        if self.instance.pk:
            # The organiser of an existing event stays: its participants gave it their data.
            organiser.disabled = True
        # Left empty: as it was (14 days for a new event).
        self.fields["feedback_days"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The event cannot end before it starts."))
        closes = data.get("registration_closes_on")
        if closes and ends and closes > ends:
            self.add_error("registration_closes_on", _("Registration must close by the last day."))
        online = data.get("kind") == Kind.ONLINE_CONFERENCE
        if online and not data.get("online_url"):
            self.add_error("online_url", _("Give the link of the online meeting."))
        if not online and not (data.get("location") or data.get("venue") or data.get("online_url")):
            self.add_error(
                "venue",
                _("Choose a place from the guide, write the venue, or give an online link."),
            )
        self._check_test_scores(data.get("test_max_score"))
        if data.get("feedback_days") is None and "feedback_days" not in self.errors:
            data["feedback_days"] = self.instance.feedback_days
        return data

    def _check_test_scores(self, maximum: int | None) -> None:
        """Scores already entered must still fit the test: no lower maximum, no removing it."""
        if not self.instance.pk or "test_max_score" in self.errors:
            return
        scores = KnowledgeScore.objects.filter(registration__event=self.instance)
        if maximum is None:
            if scores.exists():
                self.add_error(
                    "test_max_score",
                    _("Participants' scores are recorded, so the event keeps its test."),
                )
            return
        highest = scores.aggregate(
            pre=models.Max("pre_score"), post=models.Max("post_score")
        ).values()
        top = max((value for value in highest if value is not None), default=0)
        if top > maximum:
            self.add_error(
                "test_max_score",
                _("A participant already scored %(score)s: the maximum cannot be lower.")
                % {"score": top},
            )


class SessionForm(TranslatedFieldsMixin, forms.ModelForm):
    TRANSLATED = SESSION_TRANSLATED
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=DateTimeInput(), input_formats=DATETIME_FORMATS
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), widget=DateTimeInput(), input_formats=DATETIME_FORMATS
    )

    class Meta:
        model = Session
        fields = [
            "title_sr_latn",
            "starts_at",
            "ends_at",
            "trainers",
            *_translated(SESSION_TRANSLATED),
        ]

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["title_sr_latn"].required = True
        self.label_translated_fields(Session)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The session must end after it starts."))
        if starts:
            day = timezone.localdate(starts)
            if not self.event.starts_on <= day <= self.event.ends_on:
                self.add_error("starts_at", _("The session must be on a day of the event."))
        return data


class MaterialForm(CheckedUploadMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"))
    public = forms.BooleanField(
        label=_("On the public page"),
        required=False,
        help_text=_("Anyone may download it from the event's public page once it is published."),
    )


SEX_CHOICES = [*Sex.choices, ("", _("I would rather not say"))]


class ParticipantForm(forms.Form):
    """Who takes part: the same questions on the public page and for the organiser."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        help_text=_("As it should be written on the certificate."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=250,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    organisation_kind = forms.ChoiceField(
        label=_("Kind of organisation"), choices=Organisation.Kind.choices
    )
    municipality = MunicipalityChoiceField(label=_("Municipality where you work"))
    profession = forms.ChoiceField(label=_("Profession"), choices=Profession.choices)
    sex = forms.ChoiceField(
        label=_("Sex (optional, for statistics only)"),
        choices=SEX_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )


class PublicRegistrationForm(ParticipantForm):
    consent = forms.BooleanField(
        label=_(
            "I agree that the organiser keeps and uses these data for this event, as described above."
        )
    )
    # A field people do not see (hidden by the page's style and from screen readers): a
    # program that fills in every field gives itself away.
    website = forms.CharField(label=_("Leave this empty"), required=False)

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


def _informed_field() -> forms.BooleanField:
    return forms.BooleanField(
        label=_("The person knows that their data is kept for this event and how it is used.")
    )


class OrganiserRegistrationForm(ParticipantForm):
    informed = _informed_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].label = _("Municipality where they work")


class UserChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.email})"


class ColleagueRegistrationForm(forms.Form):
    """An organisation's administrator registers one of its members."""

    member = UserChoiceField(label=_("Colleague"), queryset=User.objects.none())
    municipality = MunicipalityChoiceField(label=_("Municipality where they work"))
    profession = forms.ChoiceField(label=_("Profession"), choices=Profession.choices)
    sex = forms.ChoiceField(
        label=_("Sex (optional, for statistics only)"),
        choices=SEX_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    informed = _informed_field()

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = list(organisations.order_by("name_sr_latn", "pk"))
        member = cast(forms.ModelChoiceField, self.fields["member"])
        member.queryset = (
            User.objects.filter(
                is_active=True,
                memberships__organisation__in=self.organisations,
                memberships__ended_at__isnull=True,
            )
            .distinct()
            .order_by("full_name", "pk")
        )

    def participant(self) -> tuple[User, Organisation]:
        """The colleague, and the organisation (of those administered) they are a member of."""
        user: User = self.cleaned_data["member"]
        theirs = set(user.memberships.active().values_list("organisation_id", flat=True))
        return user, next(o for o in self.organisations if o.pk in theirs)


class CertificateCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=20,
        help_text=_("As printed on the certificate, e.g. ACDE-FGHJ-KMNP."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != 14:
            raise forms.ValidationError(_("A code has twelve letters and digits."))
        return code


class ScoreForm(forms.Form):
    """A participant's scores before and after (one row of the organiser's list), with the
    version of the scores it was loaded with."""

    pre_score = forms.IntegerField(label=_("Before"), required=False)
    post_score = forms.IntegerField(label=_("After"), required=False)
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, maximum: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.maximum = maximum
        message = _("A score is a whole number from 0 to %(max)s.") % {"max": maximum}
        for name in ("pre_score", "post_score"):
            field = self.fields[name]
            field.error_messages["invalid"] = message
            field.widget.attrs.update(
                {"min": 0, "max": maximum, "inputmode": "numeric", "class": "score-input"}
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("pre_score", "post_score"):
            value = data.get(name)
            if value is not None and not 0 <= value <= self.maximum:
                self.add_error(
                    name, _("A score is a whole number from 0 to %(max)s.") % {"max": self.maximum}
                )
        return data


RATING_CHOICES = [(rating, str(rating)) for rating in RATINGS]


class FeedbackForm(forms.Form):
    """The feedback survey: each question of :class:`FeedbackQuestion` rated 1 to 5, and two
    free answers. Every rating is needed; the comments are not."""

    most_useful = forms.CharField(
        label=_("What was most useful?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    suggestions = forms.CharField(
        label=_("What should be better?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ratings = {
            question.value: forms.TypedChoiceField(
                label=question.label,
                choices=RATING_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose a rating from 1 to 5."),
                    "invalid_choice": _("Choose a rating from 1 to 5."),
                },
            )
            for question in FeedbackQuestion
        }
        # The ratings first, in the survey's order; then the comments.
        self.fields = {**ratings, **self.fields}

    def ratings(self) -> list[forms.BoundField]:
        return [self[question] for question in FeedbackQuestion.values]

    def comments(self) -> list[forms.BoundField]:
        return [self["most_useful"], self["suggestions"]]


CONCLUSION_TRANSLATED = ["text", "addressed_to"]


class ConclusionForm(TranslatedFieldsMixin, VersionedModelForm):
    """A conclusion or recommendation; its text in Serbian Latin is required, the other
    languages optional."""

    TRANSLATED = CONCLUSION_TRANSLATED

    class Meta:
        model = Conclusion
        fields = [
            "kind",
            *(f"{name}_sr_latn" for name in CONCLUSION_TRANSLATED),
            "position",
            *_translated(CONCLUSION_TRANSLATED),
        ]
        widgets = {
            "kind": forms.RadioSelect,
            **{
                f"text_{suffix}": forms.Textarea(attrs={"rows": 4})
                for suffix in ["sr_latn", *(s for s, _code in OTHER_LANGUAGES)]
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text_sr_latn"].required = True
        self.label_translated_fields(Conclusion)
        self.fields["position"].help_text = _("Lower numbers come first.")
        cast(forms.ChoiceField, self.fields["kind"]).choices = Conclusion.Kind.choices
