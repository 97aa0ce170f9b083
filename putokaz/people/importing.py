"""Read a CSV file of people and households and check every row before anything is saved.

Each row is checked by the registration page's own form and other-spellings formset, so
the import accepts exactly what the page accepts. What belongs to files only is done here:
the encoding and the delimiter, dates written the Serbian way, municipalities, countries and
languages given by code or by name, households formed by a shared key, and JMBGs repeated in
the file or already registered. The result is a plan with every error found (row, column,
message), which :func:`putokaz.people.actions.people_import` saves when it has none.
The format is described in ``putokaz/people/data/IMPORT.md``.
"""

import csv
import datetime
import functools
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.models import Organisation, User
from putokaz.core import locale_names
from putokaz.core.folding import fold
from putokaz.geo.lookup import MunicipalityIndex
from putokaz.people import jmbg
from putokaz.people.forms import SPELLINGS, OtherSpellingFormSet, PersonForm
from putokaz.people.models import Person, Relationship, Sex

# The columns in the order the report lists a row's errors. Only the names are required.
COLUMNS = (
    "household",
    "relationship",
    "given_name",
    "family_name",
    "other_spellings",
    "parent_name",
    "sex",
    "birth_date",
    "birth_date_estimated",
    "birth_place",
    "jmbg",
    "citizenship",
    "languages",
    "interpreter",
    "phone",
    "address",
    "municipality",
)
REQUIRED_COLUMNS = ("given_name", "family_name")
# The form's fields that a column of another name fills.
_COLUMN_OF_FIELD = {
    "needs_interpreter": "interpreter",
    "second_citizenship": "citizenship",
    NON_FIELD_ERRORS: "",
}
# The header is checked on the sheet's first row; data rows are numbered as a spreadsheet shows them.
HEADER_ROW = 1
_DELIMITERS = (",", ";", "\t")
_SEPARATOR_LINE = re.compile(r"sep=(.)")
_LIST_SEPARATOR = re.compile(r"[|,]")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SERBIAN_DATE = re.compile(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})\.?")
_YES = {"yes", "y", "da", "d", "ja", "true", "1", "x"}
_NO = {"no", "n", "ne", "nein", "false", "0"}
# Letters people write for the sex: M (muški, male), Ž/Z (ženski), F (female).
_SEX_LETTERS = {"m": Sex.MALE, "z": Sex.FEMALE, "f": Sex.FEMALE}
_CHUNK = 500  # numbers per query: SQLite takes a limited number of parameters


class FileError(Exception):
    """The file cannot be read as a table at all."""

    def __init__(self, error: ValidationError) -> None:
        super().__init__(error)
        self.error = error


@dataclass(frozen=True)
class RowError:
    """One problem: the row (as a spreadsheet numbers it; None for the whole file), the column
    (empty when the problem is the row's) and what is wrong, in the language active when
    :attr:`message` is read."""

    row: int | None
    column: str
    error: ValidationError

    @property
    def message(self) -> str:
        return " ".join(self.error.messages)


@dataclass
class PersonRow:
    """One valid row: its form and formsets, bound and checked, and its household."""

    row: int
    form: PersonForm
    formsets: list[Any]
    household: str = ""
    relationship: str = ""

    @property
    def jmbg(self) -> str:
        return str(self.form.cleaned_data.get("jmbg") or "")


@dataclass
class ImportPlan:
    organisation: Organisation
    people: list[PersonRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def households(self) -> dict[str, list[PersonRow]]:
        """The rows of each household by its key, the reference person first."""
        households: dict[str, list[PersonRow]] = {}
        for row in self.people:
            if row.household:
                households.setdefault(row.household, []).append(row)
        for rows in households.values():
            rows.sort(key=lambda row: row.relationship != Relationship.REFERENCE)
        return households


def find_organisation(value: str) -> Organisation:
    """The active organisation with the id ``value``, or with that name or short name in any
    language and either script; :class:`ValidationError` if there is none or several."""
    value = value.strip()
    active = Organisation.objects.active()
    if value.isdigit() and (by_id := active.filter(pk=int(value)).first()):
        return by_id
    wanted = fold(value)
    names = [
        f"{name}_{code.replace('-', '_')}"
        for name in ("name", "short_name")
        for code, _label in settings.LANGUAGES
    ]
    found = [
        organisation
        for organisation in active.only("pk", *names)
        if wanted and wanted in {fold(getattr(organisation, name) or "") for name in names}
    ]
    if not found:
        raise ValidationError(
            _("No active organisation has the id or name %(value)s."), params={"value": value}
        )
    if len(found) > 1:
        raise ValidationError(
            _("Several organisations are named %(value)s: give the id (%(ids)s)."),
            params={"value": value, "ids": ", ".join(str(o.pk) for o in found)},
        )
    return Organisation.objects.get(pk=found[0].pk)


def find_acting_user(email: str) -> User:
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise ValidationError(
            _("No active user has the e-mail address %(email)s."), params={"email": email}
        )
    return user


def registered_numbers(numbers: Iterable[str]) -> set[str]:
    """Those of ``numbers`` that a person in the database already has, whoever holds them:
    a JMBG is one person's, so a second file for them would split their history."""
    wanted = sorted({number for number in numbers if number})
    found: set[str] = set()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        found.update(Person.objects.filter(jmbg__in=chunk).values_list("jmbg", flat=True))
    return found


def read_table(content: bytes) -> list[tuple[int, list[str]]]:
    """The rows of the file with their numbers (the header is row 1), blank rows left out.

    UTF-8 with or without a byte-order mark; the delimiter is the comma, the semicolon
    (Serbian Excel) or the tab, whichever the header uses.
    """
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileError(
            ValidationError(
                _(
                    "The file is not UTF-8 text. Save it from the spreadsheet as "
                    "“CSV UTF-8” and import it again."
                )
            )
        ) from None
    header, _newline, rest = text.partition("\n")
    if announced := _SEPARATOR_LINE.fullmatch(header.rstrip("\r")):
        # Excel's "sep=;" line names the delimiter; Excel shows the header as row 1 after it.
        delimiter, text = announced.group(1), rest
    else:
        delimiter = max(_DELIMITERS, key=header.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, cells in enumerate(reader, start=HEADER_ROW):
            cells = [cell.strip() for cell in cells]
            if any(cells):
                rows.append((number, cells))
    except csv.Error:
        raise FileError(
            ValidationError(
                _("The file cannot be read as CSV after row %(row)d."),
                params={"row": len(rows) + 1},
            )
        ) from None
    return rows


def prepare(content: bytes, *, organisation: Organisation) -> ImportPlan:
    """Check every row of the CSV ``content`` as the registration page would for
    ``organisation``; the plan lists every error, and the people to save if there is none."""
    plan = ImportPlan(organisation=organisation)
    try:
        rows = read_table(content)
    except FileError as error:
        plan.errors.append(RowError(None, "", error.error))
        return plan
    if not rows:
        plan.errors.append(RowError(None, "", ValidationError(_("The file is empty."))))
        return plan
    (header_row, header), data_rows = rows[0], rows[1:]
    columns = _check_header(header_row, header, plan.errors)
    if plan.errors:
        return plan
    if not data_rows:
        plan.errors.append(
            RowError(None, "", ValidationError(_("The file has no people in it, only the header.")))
        )
        return plan
    places = MunicipalityIndex()
    checked = [
        _check_row(number, cells, columns, organisation, places, plan.errors)
        for number, cells in data_rows
    ]
    plan.people = [row.person for row in checked if row.person is not None]
    _check_households(checked, plan.errors)
    _check_numbers(checked, plan.errors)
    order = {name: position for position, name in enumerate(("", *COLUMNS))}
    plan.errors.sort(key=lambda e: (e.row or 0, order.get(e.column, len(order))))
    if plan.errors:
        plan.people = []
    return plan


def report(errors: list[RowError]) -> list[str]:
    """The errors as lines of text in the active language."""
    lines = []
    for error in errors:
        if error.row is None:
            lines.append(error.message)
        elif error.column:
            lines.append(
                gettext("Row %(row)d, column %(column)s: %(message)s")
                % {"row": error.row, "column": error.column, "message": error.message}
            )
        else:
            lines.append(
                gettext("Row %(row)d: %(message)s") % {"row": error.row, "message": error.message}
            )
    return lines


def summary_of_errors(errors: list[RowError]) -> str:
    return ngettext(
        "%(count)d error: nothing was imported.",
        "%(count)d errors: nothing was imported.",
        len(errors),
    ) % {"count": len(errors)}


# The header


def _column_name(cell: str) -> str:
    return cell.strip().lower().replace(" ", "_").replace("-", "_")


def _check_header(row: int, header: list[str], errors: list[RowError]) -> list[str]:
    """The column of each cell ("" for cells without a name), adding errors to ``errors``."""
    columns = [_column_name(cell) for cell in header]
    seen: set[str] = set()
    for name in columns:
        if not name:
            continue
        if name not in COLUMNS:
            errors.append(
                RowError(
                    row,
                    name,
                    ValidationError(
                        _("There is no column %(column)s. The columns are: %(columns)s."),
                        params={"column": name, "columns": ", ".join(COLUMNS)},
                    ),
                )
            )
        elif name in seen:
            errors.append(
                RowError(
                    row,
                    name,
                    ValidationError(
                        _("The column %(column)s is there twice."), params={"column": name}
                    ),
                )
            )
        seen.add(name)
    required = [*REQUIRED_COLUMNS, *(["relationship"] if "household" in seen else [])]
    for name in required:
        if name not in seen:
            errors.append(
                RowError(
                    row,
                    name,
                    ValidationError(
                        _("The column %(column)s is missing."), params={"column": name}
                    ),
                )
            )
    return columns


# One row


def _check_row(
    number: int,
    cells: list[str],
    columns: list[str],
    organisation: Organisation,
    places: MunicipalityIndex,
    errors: list[RowError],
) -> "_Checked":
    """The row checked by the page's form, its errors added to ``errors``."""
    found: list[RowError] = []

    def problem(column: str, error: ValidationError) -> None:
        found.append(RowError(number, column, error))

    values: dict[str, str] = {}
    for position, cell in enumerate(cells):
        name = columns[position] if position < len(columns) else ""
        if name:
            values[name] = cell
        elif cell:
            problem("", ValidationError(_("This row has a value in a column without a name.")))
    data: dict[str, Any] = {
        name: values.get(name, "")
        for name in ("given_name", "family_name", "parent_name", "birth_place", "jmbg", "phone")
    }
    data["address"] = values.get("address", "")
    for column, convert in _CONVERSIONS.items():
        try:
            data |= convert(values.get(column, ""), places)
        except ValidationError as error:
            problem(column, error)
    try:
        spellings = _spellings(values.get("other_spellings", ""))
    except ValidationError as error:
        problem("other_spellings", error)
        spellings = []
    data |= _formset_data(SPELLINGS, spellings)
    if len(typed := jmbg.normalize(data["jmbg"])) == 12 and typed.isdigit():
        problem(
            "jmbg",
            ValidationError(
                _(
                    "This JMBG has 12 digits: the spreadsheet probably dropped its leading 0. "
                    "Format the column as text and write the number again."
                )
            ),
        )

    person = Person(organisation=organisation)
    form = PersonForm(data, instance=person)
    formsets = [OtherSpellingFormSet(data, instance=person, prefix=SPELLINGS)]
    if not form.is_valid():
        # A value this module could not read is passed on empty; its error says enough.
        unread = {error.column for error in found}
        for name, messages in form.errors.as_data().items():
            column = _COLUMN_OF_FIELD.get(name, name)
            for message in messages if column not in unread else []:
                problem(column, message)
    for formset in formsets:
        if not formset.is_valid():
            for spelling_form in formset.forms:
                for messages in spelling_form.errors.as_data().values():
                    for message in messages:
                        problem("other_spellings", message)
            for message in formset.non_form_errors().as_data():
                problem("other_spellings", message)

    household, relationship = values.get("household", ""), values.get("relationship", "")
    if relationship:
        resolved = _choice(relationship, "relationship")
        if resolved is None:
            problem(
                "relationship",
                ValidationError(
                    _("There is no relationship %(value)s. Write one of: %(choices)s."),
                    params={"value": relationship, "choices": ", ".join(Relationship.values)},
                ),
            )
        relationship = resolved or ""
        if not household:
            problem(
                "household",
                ValidationError(_("A relationship needs the household's key in this column.")),
            )
    elif household:
        problem(
            "relationship",
            ValidationError(
                _(
                    "Give the relationship to the household's reference person "
                    "(reference for the reference person)."
                )
            ),
        )
    errors.extend(found)
    number_of_person = form.cleaned_data.get("jmbg", "") if "jmbg" not in form.errors else ""
    return _Checked(
        row=number,
        household=household,
        relationship=relationship,
        jmbg=number_of_person,
        person=None
        if found
        else PersonRow(
            row=number,
            form=form,
            formsets=formsets,
            household=household,
            relationship=relationship,
        ),
    )


@dataclass(frozen=True)
class _Checked:
    """What the checks of the whole file need to know of a row, valid or not."""

    row: int
    household: str
    relationship: str
    jmbg: str
    person: PersonRow | None


def _formset_data(prefix: str, rows: list[dict[str, str]]) -> dict[str, str]:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
    }
    for index, row in enumerate(rows):
        data |= {f"{prefix}-{index}-{name}": value for name, value in row.items()}
    return data


# Values as written in files, made into what the form takes


def _sex(value: str, places: Any) -> dict[str, str]:
    if not value:
        return {"sex": Sex.UNKNOWN}
    code = _SEX_LETTERS.get(fold(value)) or _choice(value, "sex")
    if code is None:
        raise ValidationError(
            _("Write the sex as female (Ž or F), male (M) or unknown; %(value)s is none of them."),
            params={"value": value},
        )
    return {"sex": code}


def _birth_date(value: str, places: Any) -> dict[str, str]:
    return {"birth_date": parse_date(value).isoformat() if value else ""}


def parse_date(value: str) -> datetime.date:
    """A date written YYYY-MM-DD or DD.MM.YYYY. (the final dot and spaces optional)."""
    if match := _ISO_DATE.fullmatch(value):
        year, month, day = (int(part) for part in match.groups())
    elif match := _SERBIAN_DATE.fullmatch(value):
        day, month, year = (int(part) for part in match.groups())
    else:
        raise ValidationError(
            _("%(value)s is not a date: write it as YYYY-MM-DD or DD.MM.YYYY."),
            params={"value": value},
        )
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValidationError(
            _("There is no day %(value)s in the calendar."), params={"value": value}
        ) from None


def _flag(name: str) -> Any:
    def convert(value: str, places: Any) -> dict[str, str]:
        folded = fold(value)
        if not folded or folded in _NO:
            return {name: "false"}
        if folded in _YES:
            return {name: "true"}
        raise ValidationError(
            _("Write yes or no (da or ne), or leave the cell empty; not %(value)s."),
            params={"value": value},
        )

    return convert


def _citizenship(value: str, places: Any) -> dict[str, str]:
    codes = [_country(item) for item in _items(value)]
    if len(codes) > 2:
        raise ValidationError(_("At most two citizenships can be recorded."))
    codes += ["", ""]
    return {"citizenship": codes[0], "second_citizenship": codes[1]}


def _languages(value: str, places: Any) -> dict[str, list[str]]:
    return {"languages": [_language(item) for item in _items(value)]}


def _municipality(value: str, places: MunicipalityIndex) -> dict[str, str]:
    place = places.find(value) if value else None
    return {"municipality": str(place.pk) if place else ""}


_CONVERSIONS = {
    "sex": _sex,
    "birth_date": _birth_date,
    "birth_date_estimated": _flag("birth_date_estimated"),
    "citizenship": _citizenship,
    "languages": _languages,
    "interpreter": _flag("needs_interpreter"),
    "municipality": _municipality,
}


def _items(value: str) -> list[str]:
    return [item.strip() for item in _LIST_SEPARATOR.split(value) if item.strip()]


def _spellings(value: str) -> list[dict[str, str]]:
    """Other spellings, ``given name / family name / where it is written so``, separated by |."""
    spellings = []
    for item in value.split("|"):
        if not item.strip():
            continue
        parts = [part.strip() for part in item.split("/", 2)]
        if len(parts) < 2:
            raise ValidationError(
                _(
                    "Write each other spelling as given name / family name, optionally "
                    "/ where it is written so, and separate spellings with |; not %(value)s."
                ),
                params={"value": item.strip()},
            )
        given, family, *source = parts
        spellings.append(
            {"given_name": given, "family_name": family, "source": source[0] if source else ""}
        )
    return spellings


def _country(value: str) -> str:
    """The country code for a code or a country's name in any of our languages (else
    ``value``, which the form then reports)."""
    if value.upper() in set(locale_names.country_codes()):
        return value.upper()
    return _names_to_codes("countries").get(fold(value), value)


def _language(value: str) -> str:
    by_code = {code.lower(): code for code in locale_names.SPOKEN_LANGUAGES}
    if value.lower() in by_code:
        return by_code[value.lower()]
    return _names_to_codes("languages").get(fold(value), value)


def _choice(value: str, kind: str) -> str | None:
    """The code of a choice (sex, relationship) written as its code or its label in any of
    our languages."""
    choices = Sex if kind == "sex" else Relationship
    if value.strip().lower() in choices.values:
        return value.strip().lower()
    return _names_to_codes(kind).get(fold(value))


@functools.cache
def _names_to_codes(kind: str) -> dict[str, str]:
    """Folded name in any of our languages → code, leaving out names that mean two things."""
    codes_by_name: dict[str, set[str]] = {}
    for language, _label in settings.LANGUAGES:
        with translation.override(language):
            if kind == "countries":
                pairs = [(c, locale_names.country_name(c)) for c in locale_names.country_codes()]
            elif kind == "languages":
                pairs = [(c, locale_names.language_name(c)) for c in locale_names.SPOKEN_LANGUAGES]
            else:
                choices = Sex.choices if kind == "sex" else Relationship.choices
                pairs = [(code, str(label)) for code, label in choices]
            for code, name in pairs:
                codes_by_name.setdefault(fold(name), set()).add(code)
    return {name: next(iter(codes)) for name, codes in codes_by_name.items() if len(codes) == 1}


# The rows together


def _check_households(rows: list[_Checked], errors: list[RowError]) -> None:
    """Each household key has exactly one reference person."""
    first_rows: dict[str, int] = {}
    references: dict[str, int] = {}
    for row in rows:
        if not row.household:
            continue
        first_rows.setdefault(row.household, row.row)
        if row.relationship != Relationship.REFERENCE:
            continue
        if row.household in references:
            errors.append(
                RowError(
                    row.row,
                    "relationship",
                    ValidationError(
                        _(
                            "Household %(household)s already has its reference person "
                            "on row %(row)d."
                        ),
                        params={"household": row.household, "row": references[row.household]},
                    ),
                )
            )
        else:
            references[row.household] = row.row
    for household, row_number in first_rows.items():
        if household not in references:
            errors.append(
                RowError(
                    row_number,
                    "household",
                    ValidationError(
                        _(
                            "Household %(household)s has no reference person: write reference "
                            "as the relationship of one of its members."
                        ),
                        params={"household": household},
                    ),
                )
            )


def _check_numbers(rows: list[_Checked], errors: list[RowError]) -> None:
    """A JMBG is on one row only, and belongs to nobody registered already."""
    first_rows: dict[str, int] = {}
    for row in rows:
        if not row.jmbg:
            continue
        if row.jmbg in first_rows:
            errors.append(
                RowError(
                    row.row,
                    "jmbg",
                    ValidationError(
                        _("The same JMBG is on row %(row)d."),
                        params={"row": first_rows[row.jmbg]},
                    ),
                )
            )
        else:
            first_rows[row.jmbg] = row.row
    for number in sorted(registered_numbers(first_rows), key=first_rows.__getitem__):
        errors.append(
            RowError(
                first_rows[number],
                "jmbg",
                ValidationError(_("A person with this JMBG is already registered in Putokaz.")),
            )
        )
