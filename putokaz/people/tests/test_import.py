"""Importing people and households from CSV: every row checked as the page would, all or nothing."""

import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext

from putokaz import cli
from putokaz.accounts.models import Organisation, User
from putokaz.audit.models import AccessLog, Action
from putokaz.geo.models import Municipality
from putokaz.people import actions, importing
from putokaz.people.models import Household, HouseholdMember, Person, PersonHolder, Relationship
from putokaz.people.tests.factories import PersonFactory, jmbg_for

pytestmark = pytest.mark.django_db

EXAMPLE = Path(importing.__file__).parent / "data" / "import-example.csv"
HEADER = "household,relationship,given_name,family_name,sex,birth_date,jmbg,address,municipality"
MILAN = jmbg_for(datetime.date(1980, 1, 15), serial=101)
ANA = jmbg_for(datetime.date(1982, 6, 30), serial=602)


def csv_file(tmp_path: Path, *lines: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "people.csv"
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


def run(
    path: Path, user: User, organisation: Organisation | str, **options: Any
) -> tuple[str, str]:
    """Run the command; its output, and the message it failed with ("" if it did not)."""
    out = io.StringIO()
    target = organisation if isinstance(organisation, str) else str(organisation.pk)
    options.setdefault("lang", "en")
    try:
        call_command(
            "import_people", str(path), organisation=target, user=user.email, stdout=out, **options
        )
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), ""


def nothing_saved() -> bool:
    return not (
        Person.objects.exists()
        or Household.objects.exists()
        or AccessLog.objects.filter(action=Action.CREATE).exists()
    )


def test_the_example_file_imports_its_people_and_households(
    case_worker: User, csw: Organisation
) -> None:
    out, failure = run(EXAMPLE, case_worker, csw)
    assert failure == ""
    assert "The file was imported." in out
    assert "People: 6" in out and "Households: 2" in out
    assert Person.objects.count() == 6 and Household.objects.count() == 2

    senad = Person.objects.get(given_name="Senad")
    household = Household.objects.get(members__person=senad)
    assert household.reference_person() == senad
    assert household.organisation == csw and household.created_by == case_worker
    assert household.address == "Cara Dušana 12"
    assert household.municipality == Municipality.objects.get(code="70157")  # Zemun
    relationships = {m.person.given_name: m.relationship for m in household.members.all()}
    assert relationships == {
        "Senad": Relationship.REFERENCE,
        "Jasmina": Relationship.SPOUSE,
        "Luka": Relationship.CHILD,
        "Amina": Relationship.CHILD,
    }
    assert senad.birth_date == datetime.date(1984, 3, 12) and senad.sex == "male"
    assert senad.languages == ["sr", "rom", "de"] and senad.citizenships == ["RS"]
    assert [s.family_name for s in senad.other_spellings.all()] == ["Ramitsch"]
    luka = Person.objects.get(given_name="Luka")
    assert luka.citizenships == ["RS", "DE"]

    # Cyrillic everywhere: sex, country, language, municipality and yes/no in Cyrillic.
    djordje = Person.objects.get(given_name="Ђорђе")
    assert djordje.sex == "male" and djordje.citizenships == ["RS"]
    assert djordje.languages == ["sr"] and djordje.municipality == Municipality.objects.get(
        code="79022"
    )
    assert Household.objects.get(members__person=djordje).reference_person() == djordje

    ahmad = Person.objects.get(given_name="Ahmad")
    assert ahmad.birth_date_estimated and ahmad.needs_interpreter
    assert ahmad.languages == ["fa-AF", "ps", "en"] and not ahmad.memberships.exists()

    # Found by search in any spelling, as after registration on the page.
    jasmina = Person.objects.get(given_name="Jasmina")
    assert list(Person.objects.visible_to(case_worker).search("ramitsch jasmina")) == [jasmina]
    assert list(Person.objects.visible_to(case_worker).search("djordje markovic")) == [djordje]


def test_imported_people_are_held_logged_and_in_history_as_if_registered_on_the_page(
    case_worker: User, csw: Organisation
) -> None:
    run(EXAMPLE, case_worker, csw)
    for person in Person.objects.all():
        assert person.organisation == csw and person.created_by == case_worker
        assert PersonHolder.objects.get(person=person).organisation == csw
        assert AccessLog.objects.get(
            action=Action.CREATE, object_id=str(person.pk), content_type__model="person"
        ).purpose == ("import import-example.csv")
        first = person.history.earliest()
        assert first.history_user == case_worker
        assert first.history_change_reason == "import import-example.csv"
    for household in Household.objects.all():
        assert AccessLog.objects.filter(
            actor=case_worker,
            action=Action.CREATE,
            object_id=str(household.pk),
            content_type__model="household",
            organisation=csw,
        ).exists()
        assert household.history.earliest().history_user == case_worker
    member = HouseholdMember.objects.first()
    assert member is not None and member.history.earliest().history_user == case_worker


def test_semicolons_a_byte_order_mark_and_serbian_dates_are_read(
    tmp_path: Path, case_worker: User, csw: Organisation
) -> None:
    path = csv_file(
        tmp_path,
        HEADER.replace(",", ";"),
        f"P1;reference;Milan;Petrović;M;15.01.1980.;{MILAN};Glavna 1;Zemun",
        f"P1;spouse;Ana;Petrović;Ž;30. 6. 1982;{ANA};Glavna 1;Zemun",
        ";;;;;;;;",  # the empty rows spreadsheets leave at the end
        encoding="utf-8-sig",
    )
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    _out, failure = run(path, case_worker, csw)
    assert failure == ""
    assert Person.objects.get(given_name="Milan").birth_date == datetime.date(1980, 1, 15)
    assert Person.objects.get(given_name="Ana").birth_date == datetime.date(1982, 6, 30)
    assert Household.objects.get().members.count() == 2


def test_excels_separator_line_names_the_delimiter(
    tmp_path: Path, case_worker: User, csw: Organisation
) -> None:
    path = csv_file(
        tmp_path, "sep=;", "given_name;family_name;birth_date", "Milan;X;1.2.1990.", ";;"
    )
    assert run(path, case_worker, csw)[1] == ""
    assert Person.objects.get().birth_date == datetime.date(1990, 2, 1)
    path = csv_file(tmp_path, "sep=;", "given_name;family_name", ";X")
    assert run(path, case_worker, csw)[0].startswith("Row 2, column given_name:")


def test_a_jmbg_that_lost_its_leading_zero_in_a_spreadsheet_says_so(
    tmp_path: Path, case_worker: User, csw: Organisation
) -> None:
    number = jmbg_for(datetime.date(2013, 9, 5), serial=201)
    assert number.startswith("0")
    path = csv_file(tmp_path, "given_name,family_name,jmbg", f"Luka,Ramić,{number[1:]}")
    out, _failure = run(path, case_worker, csw)
    assert out.splitlines() == [
        "Row 2, column jmbg: This JMBG has 12 digits: the spreadsheet probably dropped its "
        "leading 0. Format the column as text and write the number again."
    ]


def test_commas_and_iso_dates_are_read(
    tmp_path: Path, case_worker: User, csw: Organisation
) -> None:
    path = csv_file(
        tmp_path,
        HEADER,
        f'P1,reference,Milan,"Petrović",male,1980-01-15,{MILAN},"Glavna 1, stan 3",70157',
    )
    assert run(path, case_worker, csw)[1] == ""
    assert Person.objects.get().address == "Glavna 1, stan 3"


def test_a_cyrillic_municipality_name_is_found(
    tmp_path: Path, case_worker: User, csw: Organisation
) -> None:
    path = csv_file(tmp_path, "given_name,family_name,municipality", "Milan,Petrović,Земун")
    assert run(path, case_worker, csw)[1] == ""
    assert Person.objects.get().municipality == Municipality.objects.get(code="70157")


def test_a_wrong_check_digit_is_reported_and_nothing_is_saved(
    tmp_path: Path, case_worker: User, csw: Organisation
) -> None:
    wrong = MILAN[:12] + str((int(MILAN[12]) + 1) % 10)
    path = csv_file(
        tmp_path,
        HEADER,
        f"P1,reference,Milan,Petrović,M,1980-01-15,{wrong},Glavna 1,Zemun",
        f"P1,spouse,Ana,Petrović,Ž,1982-06-30,{ANA},Glavna 1,Zemun",
    )
    out, failure = run(path, case_worker, csw)
    assert out.splitlines() == [
        "Row 2, column jmbg: This JMBG's check digit does not match: "
        "please check the number for a typo."
    ]
    assert failure == "1 error: nothing was imported."
    assert nothing_saved()


def test_a_day_that_does_not_exist_is_reported(
    tmp_path: Path, case_worker: User, csw: Organisation
) -> None:
    path = csv_file(tmp_path, "given_name,family_name,birth_date", "Milan,Petrović,31.02.2001.")
    out, failure = run(path, case_worker, csw)
    assert out.splitlines() == [
        "Row 2, column birth_date: There is no day 31.02.2001. in the calendar."
    ]
    assert failure and nothing_saved()


def test_a_date_in_another_form_is_reported(
    tmp_path: Path, case_worker: User, csw: Organisation
) -> None:
    path = csv_file(tmp_path, "given_name,family_name,birth_date", "Milan,Petrović,01/02/2001")
    out, _failure = run(path, case_worker, csw)
    assert "01/02/2001 is not a date: write it as YYYY-MM-DD or DD.MM.YYYY." in out


def test_the_pages_rules_apply_a_birth_date_in_the_future_or_unlike_the_jmbgs(
    tmp_path: Path, case_worker: User, csw: Organisation
) -> None:
    path = csv_file(
        tmp_path,
        "given_name,family_name,birth_date,jmbg",
        "Milan,Petrović,01.01.2999.,",
        f"Ana,Petrović,01.01.1982.,{ANA}",
    )
    out, _failure = run(path, case_worker, csw)
    assert out.splitlines() == [
        "Row 2, column birth_date: The date of birth cannot be in the future.",
        "Row 3, column jmbg: The JMBG gives 30.06.1982. as the date of birth, which differs "
        "from the date of birth entered.",
    ]
    assert nothing_saved()


def test_an_unknown_municipality_is_reported(
    tmp_path: Path, case_worker: User, csw: Organisation
) -> None:
    path = csv_file(tmp_path, "given_name,family_name,municipality", "Milan,Petrović,Atlantida")
    out, failure = run(path, case_worker, csw)
    assert out.splitlines() == [
        "Row 2, column municipality: No municipality has the code or name Atlantida."
    ]
    assert failure and nothing_saved()


def test_a_name_of_two_places_asks_for_the_code(
    tmp_path: Path, case_worker: User, csw: Organisation
) -> None:
    path = csv_file(tmp_path, "given_name,family_name,municipality", "Milan,Petrović,Palilula")
    out, _failure = run(path, case_worker, csw)
    assert "Palilula names several places: write the code of one" in out
    assert "70203 Palilula (city municipality, Beograd)" in out
    assert "71323 Palilula (city municipality, Niš)" in out


def test_a_missing_name_is_reported_for_its_row(
    tmp_path: Path, case_worker: User, csw: Organisation
) -> None:
    path = csv_file(tmp_path, "given_name,family_name", "Milan,Petrović", ",Petrović")
    out, failure = run(path, case_worker, csw)
    assert out.splitlines() == ["Row 3, column given_name: This field is required."]
    assert failure == "1 error: nothing was imported." and nothing_saved()


def test_the_same_jmbg_twice_in_the_file_is_an_error(
    tmp_path: Path, case_worker: User, csw: Organisation
) -> None:
    path = csv_file(
        tmp_path,
        "given_name,family_name,jmbg",
        f"Milan,Petrović,{MILAN}",
        "Ana,Petrović,",
        f"Milan,Petrovic,{MILAN[:6]} {MILAN[6:]}",  # typed with a space: the same number
    )
    out, _failure = run(path, case_worker, csw)
    assert out.splitlines() == ["Row 4, column jmbg: The same JMBG is on row 2."]
    assert nothing_saved()


def test_a_jmbg_already_registered_is_an_error_whoever_holds_the_file(
    tmp_path: Path, case_worker: User, csw: Organisation, outsider_org: Organisation
) -> None:
    PersonFactory(organisation=outsider_org, jmbg=MILAN, birth_date=datetime.date(1980, 1, 15))
    path = csv_file(tmp_path, "given_name,family_name,jmbg", "Ana,Petrović,", f"Milan,P,{MILAN}")
    out, _failure = run(path, case_worker, csw)
    assert out.splitlines() == [
        "Row 3, column jmbg: A person with this JMBG is already registered in Putokaz."
    ]
    assert Person.objects.count() == 1


def test_every_error_of_the_file_is_listed_in_row_and_column_order(
    tmp_path: Path, case_worker: User, csw: Organisation
) -> None:
    path = csv_file(
        tmp_path,
        "given_name,family_name,sex,birth_date,jmbg,municipality,interpreter",
        "Milan,Petrović,M,1980-01-15,,Zemun,ne",
        ",,X,31.02.2001.,123,Atlantida,maybe",
    )
    out, failure = run(path, case_worker, csw)
    columns = [line.split(":")[0] for line in out.splitlines()]
    assert columns == [
        "Row 3, column given_name",
        "Row 3, column family_name",
        "Row 3, column sex",
        "Row 3, column birth_date",
        "Row 3, column jmbg",
        "Row 3, column interpreter",
        "Row 3, column municipality",
    ]
    assert failure == "7 errors: nothing was imported."


def test_households_need_exactly_one_reference_person(
    tmp_path: Path, case_worker: User, csw: Organisation
) -> None:
    path = csv_file(
        tmp_path,
        "household,relationship,given_name,family_name",
        "A,child,Luka,Ramić",
        "A,spouse,Jasmina,Ramić",
        "B,reference,Milan,Petrović",
        "B,reference,Ana,Petrović",
        ",child,Mila,Petrović",
        "C,,Senad,Ramić",
        "D,cousin,Zoran,Ilić",
    )
    out, _failure = run(path, case_worker, csw)
    assert out.splitlines() == [
        "Row 2, column household: Household A has no reference person: write reference as "
        "the relationship of one of its members.",
        "Row 5, column relationship: Household B already has its reference person on row 4.",
        "Row 6, column household: A relationship needs the household's key in this column.",
        "Row 7, column household: Household C has no reference person: write reference as "
        "the relationship of one of its members.",
        "Row 7, column relationship: Give the relationship to the household's reference "
        "person (reference for the reference person).",
        "Row 8, column household: Household D has no reference person: write reference as "
        "the relationship of one of its members.",
        "Row 8, column relationship: There is no relationship cousin. Write one of: "
        + ", ".join(Relationship.values)
        + ".",
    ]
    assert nothing_saved()


def test_relationships_may_be_written_in_serbian(
    tmp_path: Path, case_worker: User, csw: Organisation
) -> None:
    path = csv_file(
        tmp_path,
        "household,relationship,given_name,family_name",
        "A,nosilac domaćinstva,Jasmina,Ramić",
        "A,дете,Luka,Ramić",
    )
    assert run(path, case_worker, csw)[1] == ""
    household = Household.objects.get()
    assert household.reference_person() == Person.objects.get(given_name="Jasmina")
    assert household.members.get(person__given_name="Luka").relationship == Relationship.CHILD


def test_an_unknown_or_missing_column_stops_before_the_rows(
    tmp_path: Path, case_worker: User, csw: Organisation
) -> None:
    path = csv_file(tmp_path, "given_name,surname", ",Petrović")
    out, failure = run(path, case_worker, csw)
    assert out.splitlines() == [
        "Row 1, column surname: There is no column surname. The columns are: "
        + ", ".join(importing.COLUMNS)
        + ".",
        "Row 1, column family_name: The column family_name is missing.",
    ]
    assert failure == "2 errors: nothing was imported."


def test_a_file_that_is_not_utf8_gets_a_clear_message(
    tmp_path: Path, case_worker: User, csw: Organisation
) -> None:
    path = csv_file(tmp_path, "given_name;family_name", "Đorđe;Čolić", encoding="cp1250")
    out, failure = run(path, case_worker, csw)
    assert out.splitlines() == [
        "The file is not UTF-8 text. Save it from the spreadsheet as “CSV UTF-8” and "
        "import it again."
    ]
    assert failure == "1 error: nothing was imported."


def test_the_report_is_in_the_language_asked_for(
    tmp_path: Path, case_worker: User, csw: Organisation
) -> None:
    wrong = MILAN[:12] + str((int(MILAN[12]) + 1) % 10)
    path = csv_file(tmp_path, "given_name,family_name,jmbg", f",Petrović,{wrong}")
    english, english_failure = run(path, case_worker, csw, lang="en")
    assert english.splitlines() == [
        "Row 2, column given_name: This field is required.",
        "Row 2, column jmbg: This JMBG's check digit does not match: please check the number "
        "for a typo.",
    ]
    assert english_failure == "2 errors: nothing was imported."

    serbian, _failure = run(path, case_worker, csw, lang="sr-Latn")
    default = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_people",
            str(path),
            organisation=str(csw.pk),
            user=case_worker.email,
            stdout=default,
        )
    with translation.override("sr-latn"):
        row = gettext("Row %(row)d, column %(column)s: %(message)s")
        expected = [
            row % {"row": 2, "column": "given_name", "message": "Ovo polje se mora popuniti."},
            row
            % {
                "row": 2,
                "column": "jmbg",
                "message": "Kontrolna cifra ovog JMBG-a se ne slaže: "
                "proverite da li je broj ispravno upisan.",
            },
        ]
    assert serbian.splitlines() == default.getvalue().splitlines() != english.splitlines()
    assert serbian.splitlines() == expected


def test_a_dry_run_checks_the_file_and_saves_nothing(case_worker: User, csw: Organisation) -> None:
    out, failure = run(EXAMPLE, case_worker, csw, dry_run=True)
    assert failure == ""
    assert out.splitlines() == [
        "The file is valid; nothing was saved (dry run).",
        "People: 6",
        "Households: 2",
    ]
    assert nothing_saved()


def test_an_outsider_may_not_import_into_another_organisation(
    tmp_path: Path, outsider: User, csw: Organisation
) -> None:
    out, failure = run(EXAMPLE, outsider, csw)
    assert failure == "Only the organisation's case workers and supervisors may register people."
    assert out == "" and nothing_saved()
    # Not even a dry run: its checks would say which JMBGs are registered.
    assert run(EXAMPLE, outsider, csw, dry_run=True)[1] == failure


def test_the_organisation_is_found_by_its_name_in_either_script(
    case_worker: User, csw: Organisation
) -> None:
    assert run(EXAMPLE, case_worker, "Центар за социјални рад Земун", dry_run=True)[1] == ""
    assert run(EXAMPLE, case_worker, "centar za socijalni rad zemun", dry_run=True)[1] == ""
    _out, failure = run(EXAMPLE, case_worker, "Centar za socijalni rad Kragujevac")
    assert (
        failure == "No active organisation has the id or name Centar za socijalni rad Kragujevac."
    )


def test_an_unknown_user_or_language_is_refused(case_worker: User, csw: Organisation) -> None:
    with pytest.raises(CommandError, match=r"No active user has the e-mail address nobody@x\.rs"):
        call_command(
            "import_people", str(EXAMPLE), organisation=str(csw.pk), user="nobody@x.rs", lang="en"
        )
    # An unknown report language: the refusal comes in the default language, Serbian Latin.
    with pytest.raises(CommandError, match="Ne postoji jezik xx"):
        call_command(
            "import_people",
            str(EXAMPLE),
            organisation=str(csw.pk),
            user=case_worker.email,
            lang="xx",
        )


def test_the_action_refuses_an_outsider_and_a_plan_with_errors(
    tmp_path: Path, case_worker: User, outsider: User, csw: Organisation
) -> None:
    plan = importing.prepare(EXAMPLE.read_bytes(), organisation=csw)
    assert plan.is_valid
    with pytest.raises(PermissionDenied):
        actions.people_import(plan=plan, acting_user=outsider)
    bad = importing.prepare(b"given_name,family_name\n,X\n", organisation=csw)
    with pytest.raises(ValidationError):
        actions.people_import(plan=bad, acting_user=case_worker)
    assert nothing_saved()


def test_a_jmbg_registered_between_the_check_and_the_import_stops_it(
    case_worker: User, csw: Organisation
) -> None:
    plan = importing.prepare(EXAMPLE.read_bytes(), organisation=csw)
    PersonFactory(organisation=csw, jmbg="1203984711230", birth_date=datetime.date(1984, 3, 12))
    with pytest.raises(ValidationError):
        actions.people_import(plan=plan, acting_user=case_worker)
    assert Person.objects.count() == 1 and not Household.objects.exists()


def test_the_console_command_takes_the_name_with_a_hyphen(capsys: Any) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["putokaz", "import-people", "--help"])
    assert exit_.value.code == 0
    assert "--organisation" in capsys.readouterr().out
