"""The dashboard as tables: the indicators with their labels, after small-cell suppression.

Screens, exports and the API all read these tables, so they show the same numbers and hide
the same ones. A hidden number is None here; nothing else about it leaves this module.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from putokaz.cases.models import CaseType, LifeDomain, Rating, Urgency
from putokaz.core.content_translation import in_script
from putokaz.core.exports import Cell, Table
from putokaz.core.locale_names import language_name
from putokaz.people.models import Sex
from putokaz.protection.models import Separation
from putokaz.reports import gaps, indicators, reintegration, specialised
from putokaz.reports.indicators import Period, Scope
from putokaz.reports.suppression import Protected, protect, protect_linked, protect_value, threshold
from putokaz.trafficking.models import VictimStatus
from putokaz.trainings.models import Sex as TrainingSex

HIDDEN_MARK = "x"


@dataclass(frozen=True)
class Label:
    key: str
    label: str


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None
    percent: int


@dataclass
class ReportTable:
    """One table of the dashboard: counts with their margins, hidden where they must be.

    ``values`` are the rows as shown (ending with the row total when there is one) and
    ``totals`` the row of column totals (empty when there is none); None is hidden. A table
    of measures (rates, durations) has ``measures`` set: its cells are not counts.
    """

    key: str
    title: str
    row_heading: str
    rows: list[Label]
    columns: list[Label]
    values: list[list[Any]]
    totals: list[Any] = field(default_factory=list)
    total_label: str = ""
    measures: bool = False
    chart_column: int | None = None
    note: str = ""

    @property
    def has_row_totals(self) -> bool:
        return bool(self.values) and len(self.values[0]) > len(self.columns)

    @property
    def headings(self) -> list[str]:
        names = [column.label for column in self.columns]
        return names + ([_("Total")] if self.has_row_totals else [])

    @property
    def labelled_rows(self) -> list[tuple[Label, list[Any]]]:
        return list(zip(self.rows, self.values, strict=True))

    @property
    def is_empty(self) -> bool:
        return not self.rows

    def bars(self) -> list[Bar]:
        """The chart: one bar per row for the chosen column, only for numbers shown."""
        if self.chart_column is None:
            return []
        column = self.chart_column if self.chart_column >= 0 else len(self.values[0]) - 1
        shown = [row[column] for row in self.values if row[column] is not None]
        if len(shown) < 2 or not any(shown):
            return []  # a chart of one bar, or of nothing shown, says nothing
        largest = max(shown)
        return [
            Bar(
                label=label.label,
                value=row[column],
                percent=0 if row[column] is None else round(100 * row[column] / largest),
            )
            for label, row in zip(self.rows, self.values, strict=True)
        ]

    @property
    def chart_heading(self) -> str:
        if self.chart_column is None:
            return ""
        return self.headings[self.chart_column]

    def export(self) -> Table:
        rows: list[list[Cell]] = [
            [label.label, *(_exported(value) for value in row)]
            for label, row in zip(self.rows, self.values, strict=True)
        ]
        if self.totals:
            rows.append([self.total_label or _("Total"), *(_exported(v) for v in self.totals)])
        return Table(title=self.title, columns=[self.row_heading, *self.headings], rows=rows)

    def as_data(self) -> dict[str, Any]:
        keys = [column.key for column in self.columns] + (["total"] if self.has_row_totals else [])
        return {
            "key": self.key,
            "title": self.title,
            "columns": [
                {"key": key, "label": label} for key, label in zip(keys, self.headings, strict=True)
            ],
            "rows": [
                {"key": label.key, "label": label.label, "values": row}
                for label, row in zip(self.rows, self.values, strict=True)
            ],
            "totals": self.totals or None,
        }


def _exported(value: Any) -> Cell:
    if value is None:
        return HIDDEN_MARK
    return value


@dataclass
class Section:
    key: str
    title: str
    tables: list[ReportTable]
    figures: list[tuple[str, int | None]] = field(default_factory=list)


@dataclass
class Dashboard:
    scope: Scope
    period: Period
    title: str
    sections: list[Section]
    threshold: int

    def tables(self) -> list[ReportTable]:
        return [table for section in self.sections for table in section.tables]

    def export_tables(self) -> list[Table]:
        about = Table(
            title=_("About this report"),
            columns=[_("Item"), _("Value")],
            rows=[
                [_("Report"), self.title],
                [_("From"), self.period.start],
                [_("To"), self.period.end],
                [
                    _("Suppressed"),
                    _(
                        "%(mark)s: fewer than %(n)s people, or a number from which such a "
                        "count could be worked out"
                    )
                    % {"mark": HIDDEN_MARK, "n": self.threshold},
                ],
            ],
        )
        figures = [
            Table(
                title=section.title,
                columns=[_("Indicator"), _("Value")],
                rows=[[label, _exported(value)] for label, value in section.figures],
            )
            for section in self.sections
            if section.figures
        ]
        return [about, *figures, *(table.export() for table in self.tables() if not table.is_empty)]

    def as_data(self) -> dict[str, Any]:
        return {
            "scope": self.scope.kind,
            "key": self.scope.key,
            "title": self.title,
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "threshold": self.threshold,
            "sections": [
                {
                    "key": section.key,
                    "title": section.title,
                    "figures": [
                        {"label": label, "value": value} for label, value in section.figures
                    ],
                    "tables": [table.as_data() for table in section.tables],
                }
                for section in self.sections
            ],
        }


def _labels(choices: Any, keys: Sequence[str]) -> list[Label]:
    names = dict(choices)
    return [Label(key, str(names.get(key, key))) for key in keys]


def _table(
    key: str,
    title: str,
    row_heading: str,
    rows: list[Label],
    columns: list[Label],
    protected: Protected,
    **extra: Any,
) -> ReportTable:
    return ReportTable(
        key=key,
        title=title,
        row_heading=row_heading,
        rows=rows,
        columns=columns,
        values=protected.rows(),
        totals=protected.totals(),
        **extra,
    )


def age_labels() -> list[Label]:
    names = {
        "0-5": _("0–5 years"),
        "6-17": _("6–17 years"),
        "18-59": _("18–59 years"),
        "60+": _("60 years and over"),
        "unknown": _("age not recorded"),
    }
    return [Label(key, str(names[key])) for key in indicators.AGE_GROUPS]


def people_section(scope: Scope, period: Period) -> Section:
    people = indicators.people_served(scope, period)
    types = [t for t, _label in CaseType.choices if t in people.by_sex]
    sexes = [value for value, _label in Sex.choices]
    ages = list(indicators.AGE_GROUPS)
    by_sex = [[people.by_sex[t][s] for s in sexes] for t in types]
    by_age = [[people.by_age[t][a] for a in ages] for t in types]
    rows = _labels(CaseType.choices, types)
    heading = _("Case type")
    total = _("Total (a person with cases of two types counts in each)")
    tables = []
    if types:
        sex_table, age_table = protect_linked([by_sex, by_age])
        tables = [
            _table(
                "people_by_sex",
                _("People served by case type and sex"),
                heading,
                rows,
                _labels(Sex.choices, sexes),
                sex_table,
                total_label=total,
                chart_column=-1,
            ),
            _table(
                "people_by_age",
                _("People served by case type and age group"),
                heading,
                rows,
                age_labels(),
                age_table,
                total_label=total,
                note=_("Age at the end of the period."),
            ),
        ]
    family_types = [t for t, _label in CaseType.choices if people.families.get(t)]
    if family_types:
        families = protect([[people.families[t]] for t in family_types], row_totals=False)
        tables.append(
            _table(
                "families",
                _("Families served by case type"),
                heading,
                _labels(CaseType.choices, family_types),
                [Label("families", _("Families"))],
                families,
                total_label=total,
                chart_column=0,
            )
        )
    return Section("people", _("People and families served"), tables)


def cases_section(scope: Scope, period: Period) -> Section:
    flow = indicators.case_flow(scope, period)
    types = [t for t, _label in CaseType.choices if t in flow]
    columns = ["new", "open", "closed"]
    tables = []
    if types:
        protected = protect([[flow[t][c] for c in columns] for t in types], row_totals=False)
        tables.append(
            _table(
                "case_flow",
                _("Cases by type"),
                _("Case type"),
                _labels(CaseType.choices, types),
                [
                    Label("new", _("opened in the period")),
                    Label("open", _("open at its end")),
                    Label("closed", _("closed in the period")),
                ],
                protected,
                chart_column=1,
            )
        )
    deadlines = indicators.first_step_deadlines(scope, period)
    urgencies = [u for u, _label in Urgency.choices if u in deadlines]
    if urgencies:
        columns = list(indicators.DEADLINE_COLUMNS)
        protected = protect([[deadlines[u][c] for c in columns] for u in urgencies])
        tables.append(
            _table(
                "first_step",
                _("First step against its statutory time limit (cases opened in the period)"),
                _("Urgency"),
                _labels(Urgency.choices, urgencies),
                [
                    Label("on_time", _("taken in time")),
                    Label("late", _("taken late")),
                    Label("overdue", _("not taken, time limit passed")),
                    Label("pending", _("not taken, still within the limit")),
                ],
                protected,
                chart_column=2,
            )
        )
    figures = [
        (_("Open cases past a deadline today"), protect_value(indicators.overdue_now(scope)))
    ]
    return Section("cases", _("Cases"), tables, figures)


def referral_section(scope: Scope, period: Period) -> Section:
    figures = indicators.referrals(scope, period)
    directions = [d for d, _qs in scope.referral_directions() if sum(figures[d].stages.values())]
    names = {
        "sent": pgettext("referrals", "sent"),
        "received": pgettext("referrals", "received"),
        "all": pgettext("referrals", "all"),
    }
    rows = [Label(d, names[d]) for d in directions]
    stage_labels = {
        "waiting": _("waiting for a decision"),
        "taken_up": _("accepted, in progress"),
        "completed_met": _("completed: need met"),
        "completed_partly": _("completed: need partly met"),
        "completed_not_met": _("completed: need not met"),
        "completed_unrecorded": _("completed: outcome not recorded"),
        "declined": pgettext("referrals", "declined"),
        "ended": _("cancelled or consent withdrawn"),
    }
    stages = list(indicators.REFERRAL_STAGES)
    tables: list[ReportTable] = []
    if not directions:
        return Section("referrals", _("Referrals"), tables)
    # Sent and received overlap (a referral inside the scope is both): no column totals.
    counts = protect(
        [[figures[d].stages[s] for s in stages] for d in directions], column_totals=False
    )
    tables.append(
        _table(
            "referral_stages",
            _("Referrals in the period, by where they stand"),
            _("Referrals"),
            rows,
            [Label(s, stage_labels[s]) for s in stages],
            counts,
            chart_column=-1,
        )
    )
    limit = threshold()
    measures = []
    for i, d in enumerate(directions):
        shown = counts.rows()[i]
        accepted_parts = [
            stages.index(s) for s in stages if s.startswith(("taken_up", "completed"))
        ]
        parts = [*accepted_parts, stages.index("declined")]
        accepted = sum(figures[d].stages[stages[k]] for k in accepted_parts)
        decided = accepted + figures[d].stages["declined"]
        # A rate from hidden counts would give them away: only from numbers shown.
        rate = (
            round(100 * accepted / decided)
            if decided >= limit and all(shown[k] is not None for k in parts)
            else None
        )
        ack = (
            figures[d].acknowledge
            if len(figures[d].hours_to_acknowledge) >= limit
            else (None, None)
        )
        done = figures[d].complete if len(figures[d].days_to_complete) >= limit else (None, None)
        measures.append([rate, *(_round(v) for v in ack), *(_round(v) for v in done)])
    tables.append(
        ReportTable(
            key="referral_times",
            title=_("Acceptance and response times"),
            row_heading=_("Referrals"),
            rows=rows,
            columns=[
                Label("acceptance_rate", _("accepted of those decided (%)")),
                Label("acknowledge_median", _("hours to acknowledge, median")),
                Label("acknowledge_p90", _("hours to acknowledge, 90th percentile")),
                Label("complete_median", _("days to complete, median")),
                Label("complete_p90", _("days to complete, 90th percentile")),
            ],
            values=measures,
            measures=True,
            note=_("Shown only when at least %(n)s referrals make the figure.") % {"n": limit},
        )
    )
    return Section("referrals", _("Referrals"), tables)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def needs_section(scope: Scope, period: Period) -> Section:
    latest = indicators.needs_at_latest(scope, period)
    domains = [d for d, _label in LifeDomain.choices if d in latest]
    ratings = [r for r, _label in Rating.choices]
    tables = []
    if domains:
        protected = protect([[latest[d][r] for r in ratings] for d in domains], column_totals=False)
        tables.append(
            _table(
                "needs_latest",
                _("Needs by life domain at the latest assessment"),
                _("Life domain"),
                _labels(LifeDomain.choices, domains),
                _labels(Rating.choices, ratings),
                protected,
                chart_column=ratings.index(Rating.UNMET),
            )
        )
    change = indicators.needs_change(scope, period)
    changed = [d for d, _label in LifeDomain.choices if sum(change.get(d, {}).values())]
    if changed:
        columns = list(indicators.CHANGE_COLUMNS)
        protected = protect([[change[d][c] for c in columns] for d in changed], column_totals=False)
        tables.append(
            _table(
                "needs_change",
                _("Change of needs between the first and the latest assessment"),
                _("Life domain"),
                _labels(LifeDomain.choices, changed),
                [
                    Label("better", _("need eased")),
                    Label("same", _("unchanged")),
                    Label("worse", _("need grew")),
                ],
                protected,
                chart_column=0,
                note=_("Cases with at least two assessments."),
            )
        )
    return Section("needs", _("Needs by life domain"), tables)


NEEDING_WORK = (Rating.PARTLY_MET, Rating.UNMET, Rating.URGENT)


def gap_section(scope: Scope, needs: Section) -> Section | None:
    """For a municipality: per life domain, the needs not (fully) met at the latest
    assessment beside the guide's services for its residents and their languages.

    The number of needs is the sum of three cells of the needs table, shown only when the
    needs table shows all three: a sum of hidden cells would give them away."""
    if scope.municipality is None:
        return None
    latest = next((t for t in needs.tables if t.key == "needs_latest"), None)
    shown_needs: dict[str, int | None] = {}
    if latest is not None:
        keys = [c.key for c in latest.columns]
        for label, row in latest.labelled_rows:
            parts = [row[keys.index(r)] for r in NEEDING_WORK]
            shown_needs[label.key] = None if None in parts else sum(parts)
    offers = gaps.services_by_life_domain(scope.municipality)
    rows: list[Label] = []
    values: list[list[Any]] = []
    for key, name in LifeDomain.choices:
        offer = offers[key]
        languages = ", ".join(
            f"{language_name(code)} ({count})" for code, count in offer.languages.most_common()
        )
        need = shown_needs.get(key, 0)
        rows.append(Label(key, str(name)))
        values.append([need, offer.services, languages or _("no service in the guide")])
    table = ReportTable(
        key="service_gap",
        title=_("Needs and the services of the guide"),
        row_heading=_("Life domain"),
        rows=rows,
        columns=[
            Label("needs", _("needs not met at the latest assessment (cases)")),
            Label("services", _("services in the guide")),
            Label("languages", _("languages of those services (services)")),
        ],
        values=values,
        measures=True,
        note=_(
            "A need rated partly met, unmet or urgent; the guide's published services for "
            "the municipality's residents in the matching domains."
        ),
    )
    return Section("gaps", _("Service gaps"), [table])


def reintegration_section(scope: Scope, period: Period) -> Section:
    """Returnee families by their reintegration score at the first and the latest assessment."""
    progress = reintegration.progress(scope, period)
    limit = threshold()
    tables = []
    figures: list[tuple[str, Any]] = []
    if progress.families:
        bands = range(len(reintegration.BANDS))
        protected = protect(
            [[progress.first[b], progress.latest[b]] for b in bands], row_totals=False
        )
        tables.append(
            _table(
                "reintegration",
                _("Returnee families by reintegration score"),
                _("Score"),
                [
                    Label(f"{low}-{min(high, 100)}", f"{low}–{min(high, 100)}")
                    for low, high in reintegration.BANDS
                ],
                [
                    Label("first", _("at the first assessment")),
                    Label("latest", _("at the latest assessment")),
                ],
                protected,
                chart_column=1,
                note=_("Weights %(version)s: %(source)s.")
                % {
                    "version": reintegration.weights().version,
                    "source": reintegration.weights().source,
                },
            )
        )
        enough = progress.families >= limit
        figures = [
            (
                _("Mean score at the first assessment"),
                round(sum(progress.first_scores) / progress.families) if enough else None,
            ),
            (
                _("Mean score at the latest assessment"),
                round(sum(progress.latest_scores) / progress.families) if enough else None,
            ),
        ]
    return Section("reintegration", _("Reintegration of returnee families"), tables, figures)


def child_age_labels() -> list[Label]:
    names = {
        "0-13": _("under 14"),
        "14-15": _("14–15 years"),
        "16-17": _("16–17 years"),
        "18+": _("18 or over by the date of birth"),
        "unknown": _("age not recorded"),
    }
    return [Label(key, str(names[key])) for key in specialised.CHILD_AGE_GROUPS]


def children_section(scope: Scope, period: Period) -> Section:
    """Unaccompanied and separated children identified, by sex, age and the guardian's
    appointment against its time limit (three tables of the same rows, so their totals
    agree), and the hours to the appointment."""
    figures = specialised.children(scope, period)
    kinds = [k for k, _label in Separation.choices if sum(figures.by_sex[k].values())]
    title = _("Unaccompanied and separated children")
    if not kinds:
        return Section("children", title, [])
    sexes = [value for value, _label in Sex.choices]
    ages = list(specialised.CHILD_AGE_GROUPS)
    columns = list(specialised.GUARDIAN_COLUMNS)
    by_sex, by_age, guardian = protect_linked(
        [
            [[figures.by_sex[k][s] for s in sexes] for k in kinds],
            [[figures.by_age[k][a] for a in ages] for k in kinds],
            [[figures.guardian[k][c] for c in columns] for k in kinds],
        ]
    )
    rows = _labels(Separation.choices, kinds)
    heading = _("The child is")
    hours = {"n": round(figures.limit.hours)}
    tables = [
        _table(
            "children_by_sex",
            _("Children identified in the period by sex"),
            heading,
            rows,
            _labels(Sex.choices, sexes),
            by_sex,
            chart_column=-1,
            note=_("Not counted: those the age assessment found to be adults."),
        ),
        _table(
            "children_by_age",
            _("Children identified in the period by age group"),
            heading,
            rows,
            child_age_labels(),
            by_age,
            note=_("Age when identified: from the date of birth, or else the assessed age."),
        ),
        _table(
            "guardian_deadline",
            _("Temporary guardian appointed against the time limit"),
            heading,
            rows,
            [
                Label("in_time", _("appointed within %(n)s hours") % hours),
                Label("late", _("appointed later")),
                Label("overdue", _("not appointed, time limit passed")),
                Label("pending", _("not appointed, still within the limit")),
            ],
            guardian,
            chart_column=0,
            note=_("Time limit: %(n)s hours from the identification (%(source)s).")
            % {**hours, "source": in_script(figures.limit.source)},
        ),
    ]
    limit = threshold()
    every = sorted(h for k in kinds for h in figures.hours[k])
    measures = []
    for values in [*(figures.hours[k] for k in kinds), every]:
        median, p90 = indicators.quantiles(values) if len(values) >= limit else (None, None)
        measures.append([_round(median), _round(p90)])
    tables.append(
        ReportTable(
            key="guardian_times",
            title=_("Hours from identification to the first temporary guardian"),
            row_heading=heading,
            rows=[*rows, Label("all", _("all children identified"))],
            columns=[
                Label("median", _("median")),
                Label("p90", _("90th percentile")),
            ],
            values=measures,
            measures=True,
            note=_("Shown only when at least %(n)s appointments make the figure.") % {"n": limit},
        )
    )
    return Section("children", title, tables)


def trafficking_section(scope: Scope, period: Period) -> Section:
    """People screened for trafficking by the result, and the identification status reached
    in the period, by sex and age group (two tables of the same rows)."""
    figures = specialised.trafficking(scope, period)
    names = {
        "screened_possible": _("screened: a possible victim"),
        "screened_not_possible": _("screened: not a possible victim"),
        **{value: str(label) for value, label in VictimStatus.choices},
    }
    keys = [k for k in specialised.TRAFFICKING_ROWS if sum(figures.by_sex[k].values())]
    title = _("Trafficking in human beings")
    if not keys:
        return Section("trafficking", title, [])
    sexes = [value for value, _label in Sex.choices]
    ages = list(indicators.AGE_GROUPS)
    by_sex, by_age = protect_linked(
        [
            [[figures.by_sex[k][s] for s in sexes] for k in keys],
            [[figures.by_age[k][a] for a in ages] for k in keys],
        ]
    )
    rows = [Label(k, str(names[k])) for k in keys]
    heading = _("Screening or status")
    total = _("Total (a person counts in each row that applies)")
    note = _(
        "People screened in the period, and people referred for formal identification or "
        "decided on in it (by the date of the referral or decision), once per case."
    )
    return Section(
        "trafficking",
        title,
        [
            _table(
                "trafficking_by_sex",
                _("Trafficking screenings and identification by sex"),
                heading,
                rows,
                _labels(Sex.choices, sexes),
                by_sex,
                total_label=total,
                chart_column=-1,
                note=note,
            ),
            _table(
                "trafficking_by_age",
                _("Trafficking screenings and identification by age group"),
                heading,
                rows,
                age_labels(),
                by_age,
                total_label=total,
                note=_("Age at the end of the period."),
            ),
        ],
    )


def training_section(scope: Scope, period: Period) -> Section:
    """The trainings' reach: events held, participants and those who attended by sex, and
    the municipalities the participants work in (the trainings' report, suppressed here)."""
    report = specialised.training_reach(scope, period)
    title = _("Training reach")
    figures: list[tuple[str, int | None]] = [
        (_("Events held"), report.totals.events),
        (_("Municipalities reached"), report.totals.municipalities),
    ]
    names = {**{value: str(label) for value, label in TrainingSex.choices}, "": _("not given")}
    lines = {line.key: line for line in report.by_sex.lines}
    keys = [k for k in names if k in lines]
    tables = []
    if keys:
        # Came and did not come add up to the participants (the row total): a table whose
        # margins are sums, as suppression reckons with (not "of whom" columns).
        protected = protect(
            [[lines[k].attended, lines[k].confirmed - lines[k].attended] for k in keys]
        )
        tables.append(
            _table(
                "training_by_sex",
                _("Training participants by sex"),
                _("Sex"),
                [Label(k or "not_given", str(names[k])) for k in keys],
                [
                    Label("attended", _("attended a session")),
                    Label("absent", _("registered, did not come")),
                ],
                protected,
                chart_column=-1,
                note=_(
                    "Participants whose registration was confirmed, at events that started in "
                    "the period, to today; for a municipality, those who work there. Events "
                    "and municipalities are not people: their numbers are always shown."
                ),
            )
        )
    return Section("trainings", title, tables, figures)


def build(scope: Scope, period: Period, title: str) -> Dashboard:
    needs = needs_section(scope, period)
    sections = [
        people_section(scope, period),
        cases_section(scope, period),
        referral_section(scope, period),
        needs,
        reintegration_section(scope, period),
        children_section(scope, period),
        trafficking_section(scope, period),
        training_section(scope, period),
    ]
    gap = gap_section(scope, needs)
    if gap is not None:
        sections.append(gap)
    return Dashboard(
        scope=scope, period=period, title=title, sections=sections, threshold=threshold()
    )
