"""The trainings' report: for a period and a choice of events, how many took part and from
where — by municipality, kind of organisation, profession and sex — which municipalities of
a region were reached, and a line per event. Aggregates only: nobody's name is in it.

Who sees which events is decided here too (:func:`reportable_events`): system administrators
and analysts every event, the organisers' trainers and administrators their organisations'.

A participant is a confirmed registration (someone at two events counts twice; the number
of different people is given beside it); one who "attended" was checked in at one session
or more. The participants are read in one pass over the matching registrations, values only.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from putokaz.accounts.models import Organisation
from putokaz.core.content_translation import in_script
from putokaz.core.exports import Table
from putokaz.directory.models import TaxonomyTerm
from putokaz.geo.models import District, Municipality, name_with_kind
from putokaz.trainings.access import events_managed_by
from putokaz.trainings.models import (
    Attendance,
    Event,
    EventQuerySet,
    Kind,
    Profession,
    ProtectionTopic,
    Registration,
    Sex,
)
from putokaz.trainings.outcomes import (
    FeedbackSummary,
    KnowledgeChange,
    feedback_summary,
    knowledge_change,
)
from putokaz.trainings.permissions import organising_organisations, reads_reports

NOT_GIVEN = gettext_lazy("not given")


def may_read_reports(user: Any) -> bool:
    """Whether ``user`` may open the report at all: an analyst, a system administrator, or a
    trainer or administrator of an organisation (who sees its events only)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(
        user.is_system_admin or reads_reports(user) or organising_organisations(user).exists()
    )


def reportable_events(user: Any) -> EventQuerySet:
    """The events whose figures ``user`` reads: every one for analysts and system
    administrators, their organisations' for organisers, none for anyone else."""
    if not user.is_authenticated or not user.is_active:
        return Event.objects.none()
    if user.is_system_admin or reads_reports(user):
        return Event.objects.all()
    return events_managed_by(user)


def check_may_read_reports(user: Any) -> None:
    if not may_read_reports(user):
        raise PermissionDenied(
            _("Training reports are for analysts, trainers and organisation administrators.")
        )


def topic_choices() -> list[tuple[str, str]]:
    """The topics an event may have: the protection topics, then the areas of the guide
    (``topic:<value>`` and ``domain:<code>``)."""
    topics = [(f"topic:{value}", str(label)) for value, label in ProtectionTopic.choices]
    domains = [
        (f"domain:{term.code}", term.name)
        for term in TaxonomyTerm.objects.filter(taxonomy__code="domains").order_by(
            "position", "code"
        )
    ]
    return topics + domains


@dataclass(frozen=True)
class Criteria:
    """What the report is about: events that start from ``start`` to ``end`` (inclusive),
    optionally of one organiser, one kind and one topic; with a ``region``, only the
    participants who work in its municipalities."""

    start: datetime.date
    end: datetime.date
    organiser: Organisation | None = None
    kind: str = ""
    topic: str = ""
    region: District | None = None
    # Only the participants who work in these municipalities (a municipality's dashboard).
    municipalities: tuple[int, ...] = ()

    @property
    def narrowed(self) -> bool:
        """Whether only some participants count (of a region or of some municipalities)."""
        return self.region is not None or bool(self.municipalities)

    def describe(self) -> str:
        """The criteria in a line (the access log's purpose, the export's first table)."""
        parts = [f"{self.start.isoformat()}–{self.end.isoformat()}"]
        if self.organiser is not None:
            parts.append(f"organiser {self.organiser.pk}")
        if self.kind:
            parts.append(f"kind {self.kind}")
        if self.topic:
            parts.append(self.topic)
        if self.region is not None:
            parts.append(f"region {self.region.code}")
        if self.municipalities:
            parts.append(f"municipalities {','.join(map(str, self.municipalities))}")
        return ", ".join(parts)


@dataclass
class Line:
    """One row of a breakdown: how many confirmed participants, and how many of them came."""

    label: str
    confirmed: int = 0
    attended: int = 0
    key: Any = None

    def share_of(self, total: int) -> int:
        """Percent of ``total``, rounded (for the text beside a bar)."""
        return round(self.confirmed * 100 / total) if total else 0


@dataclass
class Breakdown:
    """Participants split one way (by municipality, by profession …), largest first."""

    title: str
    heading: str
    lines: list[Line]

    @property
    def largest(self) -> int:
        return max((line.confirmed for line in self.lines), default=0)

    def bars(self) -> list[tuple[Line, float, float, int]]:
        """Each line with the lengths of its bars (0–100, the largest line fills the width) —
        the confirmed, and the attended within it — and its percent of all participants."""
        most = self.largest or 1
        total = sum(line.confirmed for line in self.lines)
        return [
            (
                line,
                line.confirmed * 100 / most,
                line.attended * 100 / most,
                line.share_of(total),
            )
            for line in self.lines
        ]


@dataclass
class Place:
    municipality: Municipality
    confirmed: int = 0
    attended: int = 0

    @property
    def reached(self) -> bool:
        return self.confirmed > 0

    @property
    def name(self) -> str:
        return self.municipality.name


@dataclass
class Coverage:
    """The municipalities of a region: which ones have participants. A city divided into
    city municipalities is counted by them (Belgrade by its 17); a participant who gave only
    such a city is in ``city_only``."""

    region: District
    places: list[Place]
    city_only: int = 0

    @property
    def reached(self) -> int:
        return sum(1 for place in self.places if place.reached)

    @property
    def attended(self) -> int:
        return sum(1 for place in self.places if place.attended)

    @property
    def total(self) -> int:
        return len(self.places)

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.reached == self.total

    def not_reached(self) -> list[Place]:
        return [place for place in self.places if not place.reached]


@dataclass
class EventLine:
    event: Event
    confirmed: int = 0
    waiting: int = 0
    attended: int = 0
    certificates: int = 0
    municipalities: set[int] = field(default_factory=set)


@dataclass
class Totals:
    events: int = 0
    confirmed: int = 0
    waiting: int = 0
    attended: int = 0
    certificates: int = 0
    points: int = 0
    people: int = 0
    municipalities: int = 0


@dataclass
class Report:
    criteria: Criteria
    totals: Totals
    events: list[EventLine]
    by_municipality: Breakdown
    by_organisation_kind: Breakdown
    by_profession: Breakdown
    by_sex: Breakdown
    coverage: Coverage | None
    districts: list[Coverage]
    knowledge: KnowledgeChange
    feedback: FeedbackSummary

    @property
    def knowledge_rows(self) -> list[tuple[str, Any, Any]]:
        """Before and after: the average score and its percent of the maximum."""
        k = self.knowledge
        return [
            (_("Before"), k.mean_pre, k.mean_pre_percent),
            (_("After"), k.mean_post, k.mean_post_percent),
        ]

    @property
    def breakdowns(self) -> list[Breakdown]:
        return [self.by_municipality, self.by_organisation_kind, self.by_profession, self.by_sex]


def _events(readable: EventQuerySet, criteria: Criteria) -> list[Event]:
    events = readable.filter(starts_on__gte=criteria.start, starts_on__lte=criteria.end)
    if criteria.organiser is not None:
        events = events.filter(organiser=criteria.organiser)
    if criteria.kind:
        events = events.filter(kind=criteria.kind)
    topic_kind, _sep, topic = criteria.topic.partition(":")
    if topic_kind == "domain":
        events = events.filter(domains__code=topic).distinct()
    chosen = list(events.select_related("organiser").order_by("starts_on", "pk"))
    if topic_kind == "topic":
        # A list in a JSON column: SQLite cannot look inside it, and the events are few.
        chosen = [event for event in chosen if topic in event.protection_topics]
    return chosen


def _lines(counts: dict[Any, list[int]], labels: dict[Any, str], *, keep_order: bool) -> list[Line]:
    lines = [
        Line(label=labels.get(key, str(key)), confirmed=c, attended=a, key=key)
        for key, (c, a) in counts.items()
    ]
    if keep_order:
        order = list(labels)
        return sorted(lines, key=lambda line: order.index(line.key) if line.key in order else 99)
    return sorted(lines, key=lambda line: (-line.confirmed, line.label.casefold()))


def _place_labels(places: list[Municipality], shown: set[int]) -> dict[int, str]:
    """The names of the places ``shown``, with their kind only where two of them share a
    name (Vranje the city and Vranje the city municipality; Palilula in Belgrade and Niš)."""
    names = Counter(m.name for m in places if m.pk in shown)
    return {
        m.pk: in_script(name_with_kind(m) if names[m.name] > 1 else m.name)
        for m in places
        if m.pk in shown
    }


def _coverage(
    region: District,
    places: Iterable[Municipality],
    confirmed: Counter[int],
    attended: Counter[int],
) -> Coverage:
    in_region = [m for m in places if m.district_id == region.pk]
    divided = {m.parent_id for m in in_region if m.parent_id}
    units = [m for m in in_region if m.pk not in divided]
    return Coverage(
        region=region,
        places=sorted(
            (Place(m, confirmed[m.pk], attended[m.pk]) for m in units),
            key=lambda place: in_script(place.name).casefold(),
        ),
        city_only=sum(confirmed[pk] for pk in divided),
    )


def training_report(readable: EventQuerySet, criteria: Criteria) -> Report:
    """The report on the events of ``readable`` (:func:`reportable_events` of the reader)
    that match ``criteria``."""
    events = _events(readable, criteria)
    lines = {event.pk: EventLine(event) for event in events}
    registrations = (
        Registration.objects.filter(event__in=list(lines))
        .exclude(status=Registration.Status.CANCELLED)
        .annotate(present=Exists(Attendance.objects.filter(registration=OuterRef("pk"))))
    )
    if criteria.region is not None:
        registrations = registrations.filter(municipality__district=criteria.region)
    if criteria.municipalities:
        registrations = registrations.filter(municipality_id__in=criteria.municipalities)
    confirmed = registrations.filter(status=Registration.Status.CONFIRMED)
    rows = registrations.values_list(
        "event_id",
        "status",
        "municipality_id",
        "organisation_kind",
        "profession",
        "sex",
        "user_id",
        "email",
        "present",
        "certificate__points",
        "certificate__revoked_at",
        "certificate__pk",
    )
    by: dict[str, dict[Any, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    confirmed_in: Counter[int] = Counter()
    attended_in: Counter[int] = Counter()
    people: set[str] = set()
    totals = Totals()
    for (
        event_id,
        status,
        municipality_id,
        organisation_kind,
        profession,
        sex,
        user_id,
        email,
        present,
        points,
        revoked_at,
        certificate_id,
    ) in rows:
        line = lines[event_id]
        if status == Registration.Status.WAITING:
            line.waiting += 1
            continue
        line.confirmed += 1
        line.municipalities.add(municipality_id)
        people.add(f"user:{user_id}" if user_id else email)
        confirmed_in[municipality_id] += 1
        if present:
            line.attended += 1
            attended_in[municipality_id] += 1
        if certificate_id is not None and revoked_at is None:
            line.certificates += 1
            totals.points += points or 0
        for name, key in (
            ("municipality", municipality_id),
            ("organisation_kind", organisation_kind),
            ("profession", profession),
            ("sex", sex),
        ):
            counts = by[name][key]
            counts[0] += 1
            counts[1] += 1 if present else 0

    places = list(Municipality.objects.select_related("parent"))
    place_labels = _place_labels(places, set(confirmed_in))
    # With a region (or municipalities), an event is in the report for the participants it
    # had from there.
    event_lines = [
        line for line in lines.values() if not criteria.narrowed or line.confirmed or line.waiting
    ]
    totals.events = len(event_lines)
    totals.confirmed = sum(line.confirmed for line in event_lines)
    totals.waiting = sum(line.waiting for line in event_lines)
    totals.attended = sum(line.attended for line in event_lines)
    totals.certificates = sum(line.certificates for line in event_lines)
    totals.people = len(people)
    totals.municipalities = len(confirmed_in)

    coverage = (
        _coverage(criteria.region, places, confirmed_in, attended_in)
        if criteria.region is not None
        else None
    )
    reached_districts = {m.district_id for m in places if confirmed_in[m.pk]}
    districts = [
        _coverage(district, places, confirmed_in, attended_in)
        for district in District.objects.filter(pk__in=reached_districts).order_by("code")
    ]
    return Report(
        criteria=criteria,
        totals=totals,
        events=event_lines,
        by_municipality=Breakdown(
            _("Participants by municipality"),
            _("Municipality"),
            _lines(by["municipality"], place_labels, keep_order=False),
        ),
        by_organisation_kind=Breakdown(
            _("Participants by kind of organisation"),
            _("Kind of organisation"),
            _lines(
                by["organisation_kind"],
                {value: str(label) for value, label in Organisation.Kind.choices},
                keep_order=True,
            ),
        ),
        by_profession=Breakdown(
            _("Participants by profession"),
            _("Profession"),
            _lines(
                by["profession"],
                {value: str(label) for value, label in Profession.choices},
                keep_order=False,
            ),
        ),
        by_sex=Breakdown(
            _("Participants by sex"),
            _("Sex"),
            _lines(
                by["sex"],
                {**{value: str(label) for value, label in Sex.choices}, "": str(NOT_GIVEN)},
                keep_order=True,
            ),
        ),
        coverage=coverage,
        districts=districts,
        knowledge=knowledge_change(confirmed),
        # The answers are anonymous, without a municipality: with a region, they are those
        # to the events that had participants from it.
        feedback=feedback_summary(
            Event.objects.filter(pk__in=[line.event.pk for line in event_lines])
        ),
    )


def report_tables(report: Report) -> Sequence[Table]:
    """The report as tables for a CSV or XLSX download: the same figures as the page."""
    totals = report.totals
    confirmed, attended = _("Participants (confirmed)"), _("Attended a session")
    tables = [
        Table(
            _("Summary"),
            [_("Figure"), _("Number")],
            [
                [
                    _("Period"),
                    f"{report.criteria.start.isoformat()} – {report.criteria.end.isoformat()}",
                ],
                [_("Events"), totals.events],
                [confirmed, totals.confirmed],
                [attended, totals.attended],
                [_("Different people"), totals.people],
                [_("On the waiting list"), totals.waiting],
                [_("Certificates"), totals.certificates],
                [_("Professional-development points awarded"), totals.points],
                [_("Municipalities reached"), totals.municipalities],
            ],
        ),
        Table(
            _("Events"),
            [
                _("Event"),
                _("Kind of event"),
                _("Organiser"),
                _("From"),
                _("To"),
                _("Places"),
                confirmed,
                _("On the waiting list"),
                attended,
                _("Certificates"),
                _("Municipalities reached"),
            ],
            [
                [
                    line.event.title,
                    str(Kind(line.event.kind).label),
                    in_script(str(line.event.organiser)),
                    line.event.starts_on,
                    line.event.ends_on,
                    line.event.capacity,
                    line.confirmed,
                    line.waiting,
                    line.attended,
                    line.certificates,
                    len(line.municipalities),
                ]
                for line in report.events
            ],
        ),
    ]
    tables += [
        Table(
            breakdown.title,
            [breakdown.heading, confirmed, attended],
            [[line.label, line.confirmed, line.attended] for line in breakdown.lines],
        )
        for breakdown in report.breakdowns
    ]
    knowledge = report.knowledge
    if knowledge.participants:
        tables.append(
            Table(
                _("Knowledge change"),
                [_("Figure"), _("Points"), _("Percent of the maximum score")],
                [
                    [_("Participants with both tests"), knowledge.participants, None],
                    [_("Before"), knowledge.mean_pre, knowledge.mean_pre_percent],
                    [_("After"), knowledge.mean_post, knowledge.mean_post_percent],
                    [_("Change"), knowledge.mean_change, knowledge.mean_change_percent],
                    [_("Scored higher after"), knowledge.improved, None],
                    [_("Scored the same"), knowledge.same, None],
                    [_("Scored lower after"), knowledge.worse, None],
                ],
            )
        )
    if report.feedback.shown:
        tables.append(
            Table(
                _("Feedback"),
                [
                    _("Question"),
                    _("Answers"),
                    _("Average (1–5)"),
                    *[str(r) for r in range(5, 0, -1)],
                ],
                [
                    [
                        str(question.label),
                        question.count,
                        question.average,
                        *[count for _rating, count, _percent in question.bars()],
                    ]
                    for question in report.feedback.questions
                ],
            )
        )
    if report.coverage is not None:
        coverage = report.coverage
        tables.append(
            Table(
                _("Coverage: %(region)s") % {"region": in_script(coverage.region.name)},
                [_("Municipality"), _("Reached"), confirmed, attended],
                [
                    [
                        in_script(place.name),
                        _("yes") if place.reached else _("no"),
                        place.confirmed,
                        place.attended,
                    ]
                    for place in coverage.places
                ],
            )
        )
    else:
        tables.append(
            Table(
                _("Coverage by district"),
                [_("District"), _("Municipalities reached"), _("Municipalities")],
                [[in_script(c.region.name), c.reached, c.total] for c in report.districts],
            )
        )
    return tables
