"""Time one search-before-create check against a register of stored persons (issue 9).

    uv run python benchmarks/dedupe/search_check.py                     # SQLite, 1,000,000 stored
    uv run python benchmarks/dedupe/search_check.py --reuse --write     # measure again, write RESULTS.md
    uv run python benchmarks/dedupe/search_check.py --database-url postgres://…/putokaz_search_bench

A synthetic register (``generate.py``: families of Serbian, Bosnian, Roma and Albanian
origin, each person registered one to five times with other spellings, typos, swapped
names and date errors) is stored as people, each with the blocking keys registration
gives them (``Person.match_records`` → ``matching.stored.stored_keys``); a few hundred
records of people who have other records are held back as the people being registered.
Each is checked as a case worker who may open every file would check them
(``putokaz.people.duplicates.possible_duplicates``: key lookup, scoring, visibility), and
the time of each check is taken. Target: p95 under 50 ms. Beside the time, how often the
person's own earlier record is among the matches shown (recall of the check).

Without --reuse the database is made afresh (its name must contain "bench"; the SQLite
default is var/search-check-bench.sqlite3).
"""

import argparse
import csv
import datetime
import platform
import random
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from benchmarks.casework import setup_django  # noqa: E402 - after the path is set
from benchmarks.guide_search import cpu_model  # noqa: E402

DEFAULT_SQLITE = ROOT / "var" / "search-check-bench.sqlite3"
TARGET_MS = 50.0
WORKER = "search-check@bench.test"
BATCH = 20_000


def stored_fields(row: dict[str, str]) -> dict[str, Any]:
    """A register row as registration would store it: a readable date (an estimate for a
    year alone), the sex as a choice, a JMBG only when valid."""
    from putokaz.people.matching.record import parse_birth_date, parse_sex, prepare  # noqa: PLC0415

    birth = parse_birth_date(row["birth_date"])
    day = None
    estimated = False
    if birth is not None:
        day = birth.as_date() or (datetime.date(birth.year, 1, 1) if not birth.month else None)
        estimated = birth.estimated
    sex = {"f": "female", "m": "male"}.get(parse_sex(row["sex"]), "unknown")
    number = (
        row["jmbg"]
        if prepare(record_id="", given_name="", family_name="", jmbg=row["jmbg"]).jmbg_valid
        else ""
    )
    return {
        "given_name": row["first_name"][:100],
        "family_name": row["last_name"][:100],
        "parent_name": row["father_name"][:100],
        "sex": sex,
        "birth_date": day,
        "birth_date_estimated": estimated,
        "birth_place": row["birth_place"][:150],
        "jmbg": number,
        "phone": row["phone"][:40],
    }


def load(register: Path, truth: Path, probes: int, seed: int) -> dict[str, Any]:
    """Store the register but for ``probes`` records held back; return the probes."""
    from django.db import connection, transaction  # noqa: PLC0415

    from putokaz.accounts.models import Membership, Organisation, Role, User  # noqa: PLC0415
    from putokaz.people.matching.stored import records, stored_keys  # noqa: PLC0415

    person_of = dict(csv.reader(truth.open(encoding="utf-8")))
    copies: dict[str, int] = {}
    for person in person_of.values():
        copies[person] = copies.get(person, 0) + 1
    rows = list(csv.DictReader(register.open(encoding="utf-8")))
    rng = random.Random(seed)
    eligible = [row["record_id"] for row in rows if copies[person_of[row["record_id"]]] >= 2]
    held = set(rng.sample(eligible, probes))
    organisation = Organisation.objects.create(name="CSW (search benchmark)", kind="csw")
    worker = User.objects.create_user(email=WORKER, password=None, full_name="Bench Worker")
    Membership.objects.create(user=worker, organisation=organisation, role=Role.CASE_WORKER)
    now = datetime.datetime.now(datetime.UTC)
    person_sql = (
        "INSERT INTO people_person (id, public_id, organisation_id, given_name, family_name, "
        "parent_name, sex, birth_date, birth_date_estimated, birth_place, jmbg, citizenships, "
        "languages, needs_interpreter, phone, address, created_at, updated_at) VALUES "
        "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '[]', '[]', false, %s, '', %s, %s)"
    )
    key_sql = "INSERT INTO people_personmatchkey (person_id, key, birth_year) VALUES (%s, %s, %s)"
    holder_sql = (
        "INSERT INTO people_personholder (person_id, organisation_id, reason, since) "
        "VALUES (%s, %s, 'registered', %s)"
    )
    started = time.perf_counter()
    stored_record_of: dict[int, str] = {}
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX person_match_key_idx")
        pk = 0
        people: list[tuple[Any, ...]] = []
        keys: list[tuple[Any, ...]] = []
        holders: list[tuple[Any, ...]] = []

        def flush() -> None:
            with transaction.atomic():
                cursor.executemany(person_sql, people)
                cursor.executemany(holder_sql, holders)
                cursor.executemany(key_sql, keys)
            people.clear()
            keys.clear()
            holders.clear()

        for row in rows:
            if row["record_id"] in held:
                continue
            pk += 1
            fields = stored_fields(row)
            stored_record_of[pk] = row["record_id"]
            people.append(
                (
                    pk, uuid.uuid4().hex if connection.vendor == "sqlite" else uuid.uuid4(),
                    organisation.pk, fields["given_name"], fields["family_name"],
                    fields["parent_name"], fields["sex"], fields["birth_date"],
                    fields["birth_date_estimated"], fields["birth_place"], fields["jmbg"],
                    fields["phone"], now, now,
                )
            )  # fmt: skip
            holders.append((pk, organisation.pk, now))
            keys.extend((pk, key, year) for key, year in stored_keys(records(fields)))
            if len(people) >= BATCH:
                flush()
                if pk % 200_000 < BATCH:
                    print(f"  {pk:,} people stored ({time.perf_counter() - started:.0f} s)")
        flush()
        print(f"  indexing the keys ({time.perf_counter() - started:.0f} s)")
        cursor.execute(
            "CREATE INDEX person_match_key_idx ON people_personmatchkey (key, birth_year, person_id)"
        )
        if connection.vendor == "postgresql":
            cursor.execute("SELECT setval(pg_get_serial_sequence('people_person', 'id'), %s)", [pk])
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM people_personmatchkey")
        key_count = cursor.fetchone()
    seconds = time.perf_counter() - started
    print(f"  {pk:,} people, {key_count[0]:,} keys in {seconds:.0f} s")
    return {
        "probes": [row for row in rows if row["record_id"] in held],
        "person_of": person_of,
        "stored_record_of": stored_record_of,
        "people": pk,
        "keys": key_count[0],
        "load_seconds": seconds,
    }


def probe_data(row: dict[str, str]) -> dict[str, Any]:
    """A held-back record as the registration form would hold it."""
    return stored_fields(row)


def measure(data: dict[str, Any], rounds: int) -> dict[str, float]:
    from django.db import connection  # noqa: PLC0415

    from putokaz.accounts.models import User  # noqa: PLC0415
    from putokaz.people.duplicates import possible_duplicates  # noqa: PLC0415
    from putokaz.people.models import Person  # noqa: PLC0415

    worker = User.objects.get(email=WORKER)
    probes = data["probes"]
    person_of = data["person_of"]
    record_of_pk = data["stored_record_of"]
    times: list[float] = []
    found = 0
    shown = 0
    for round_number in range(rounds):
        for row in probes:
            form = probe_data(row)
            started = time.perf_counter()
            check = possible_duplicates(worker, form)
            times.append((time.perf_counter() - started) * 1000)
            if round_number == 0:
                shown += len(check.candidates)
                pks = [candidate.person.pk for candidate in check.candidates]
                true_person = person_of[row["record_id"]]
                if any(person_of.get(record_of_pk.get(pk, ""), "") == true_person for pk in pks):
                    found += 1
    connection.close()
    times.sort()
    return {
        "median": statistics.median(times),
        "p95": times[int(len(times) * 0.95) - 1],
        "max": times[-1],
        "checks": len(times),
        "recall": found / len(probes),
        "shown": shown / len(probes),
        "stored": Person.objects.count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000, help="people stored")
    parser.add_argument("--probes", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", default=f"sqlite:///{DEFAULT_SQLITE}")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    options = parser.parse_args()
    if "bench" not in options.database_url:
        sys.exit("the benchmark database's name must contain 'bench'")
    setup_django(options.database_url, reuse=options.reuse)
    import generate  # noqa: PLC0415 - needs Django set up

    folder = ROOT / "var" / f"search-check-{options.records}-{options.seed}"
    register, truth = folder / "persons.csv", folder / "truth.csv"
    if not register.exists():
        generate.generate(options.records + options.probes, options.seed, folder)
    if options.reuse:
        data = reused(register, truth, options.probes, options.seed)
    else:
        data = load(register, truth, options.probes, options.seed)
    results = measure(data, options.rounds)
    from django.db import connection  # noqa: PLC0415

    database = connection.vendor
    print(
        f"{database}: {results['stored']:,} people stored; {results['checks']} checks: "
        f"median {results['median']:.1f} ms, p95 {results['p95']:.1f} ms, max {results['max']:.1f} ms; "
        f"the person's own earlier record shown for {results['recall']:.1%} of them "
        f"({results['shown']:.1f} matches shown on average)"
    )
    if options.write:
        write_results(database, data, results)


def reused(register: Path, truth: Path, probes: int, seed: int) -> dict[str, Any]:
    """The probes of a database loaded before: the same held-back records (same seed),
    and the stored people's record ids by their order of loading."""
    from putokaz.people.models import PersonMatchKey  # noqa: PLC0415

    person_of = dict(csv.reader(truth.open(encoding="utf-8")))
    copies: dict[str, int] = {}
    for person in person_of.values():
        copies[person] = copies.get(person, 0) + 1
    rows = list(csv.DictReader(register.open(encoding="utf-8")))
    eligible = [row["record_id"] for row in rows if copies[person_of[row["record_id"]]] >= 2]
    held = set(random.Random(seed).sample(eligible, probes))
    stored_ids = [row["record_id"] for row in rows if row["record_id"] not in held]
    return {
        "probes": [row for row in rows if row["record_id"] in held],
        "person_of": person_of,
        "stored_record_of": dict(enumerate(stored_ids, start=1)),
        "people": len(stored_ids),
        "keys": PersonMatchKey.objects.count(),
        "load_seconds": None,
    }


def write_results(database: str, data: dict[str, Any], results: dict[str, float]) -> None:
    from django.db import connection  # noqa: PLC0415

    if database == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
    else:
        import sqlite3  # noqa: PLC0415

        version = f"SQLite {sqlite3.sqlite_version}"
    heading = "## Search-before-create: one check against the stored persons"
    path = ROOT / "benchmarks" / "RESULTS.md"
    text = path.read_text(encoding="utf-8")
    intro = (
        f"{heading}\n\n`benchmarks/dedupe/search_check.py`, {time.strftime('%Y-%m-%d')}, "
        f"{cpu_model()}, 2 cores, Python {platform.python_version()}. A synthetic register "
        f"(`generate.py`, seed 2026) stored as {data['people']:,} people with "
        f"{data['keys']:,} blocking keys; {len(data['probes'])} records of people who have "
        "other records held back and checked, as a case worker who may open every file, "
        "with `possible_duplicates` (key lookup, scoring, visibility), twice each. "
        f"Target: p95 under {TARGET_MS:.0f} ms.\n\n"
        "| database | people | checks | median ms | p95 ms | max ms | own earlier record shown |\n"
        "|---|---:|---:|---:|---:|---:|---:|\n"
    )
    line = (
        f"| {version} | {results['stored']:,} | {results['checks']} | {results['median']:.1f} | "
        f"{results['p95']:.1f} | {results['max']:.1f} | {results['recall']:.1%} |\n"
    )
    if heading in text:
        start = text.index(heading)
        end = text.find("\n## ", start + len(heading))
        end = len(text) if end < 0 else end + 1
        kept = [
            row + "\n"
            for row in text[start:end].splitlines()
            if row.startswith("| ")
            and not row.startswith(("| database", f"| {version.split()[0]}"))
        ]
        text = text[:start] + intro + "".join(kept) + line + "\n" + text[end:]
    else:
        text = text.rstrip("\n") + "\n\n" + intro + line
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
