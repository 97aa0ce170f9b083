"""Time the casework pages with a national register, in-process (ORM, template and all).

    uv run python benchmarks/casework.py                       # SQLite, var/casework-bench.sqlite3
    uv run python benchmarks/casework.py --reuse               # measure again, without regenerating
    uv run python benchmarks/casework.py --database-url postgres://…/putokaz_casework_bench

1,000,000 people and 300,000 cases by default (``benchmarks/casework_data.py`` makes
them: 20 minutes or so). Without --reuse the database is made afresh: the SQLite file
(``--sqlite PATH``) is deleted, the PostgreSQL database given with --database-url is
created if missing and emptied; its name must contain "bench", so that the application's
own DATABASE_URL is never used (or wiped). With --reuse a database this script filled
before is measured again as it is.

Signed in as a case worker and as a supervisor of the biggest Center for Social Welfare,
it times the caseloads, the person search and the case page (target: p95 under 100 ms),
and checks that the case page makes as many queries for a long record as for a short one.
Prints median and p95 per scenario and, with --write, updates benchmarks/RESULTS.md.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.guide_search import cpu_model  # noqa: E402 - after the path is set

DEFAULT_SQLITE = ROOT / "var" / "casework-bench.sqlite3"
TARGET_MS = 100.0
MIN_RUNS = 50


def create_postgres_database(url: str) -> None:
    """Create the database ``url`` names if it does not exist (its user needs CREATEDB)."""
    import psycopg  # noqa: PLC0415 - only PostgreSQL runs need it
    from psycopg import sql  # noqa: PLC0415

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(
        host=parts.hostname or "localhost",
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    ) as maintenance:
        exists = maintenance.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django(url: str, *, reuse: bool) -> None:
    """Point Django at the benchmark's own database (never the environment's DATABASE_URL)."""
    if url.startswith("postgres"):
        create_postgres_database(url)
    else:
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        if not reuse:
            for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                stale.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = url  # overrides any DATABASE_URL of the app
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django  # noqa: PLC0415 - after the environment is set

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415

    if url.startswith("postgres") and not reuse:
        # Start from an empty schema, so migrations load the reference data again.
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    if url.startswith("postgres") and reuse:
        # A migration may have rewritten a table; autovacuum would analyze it soon enough.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def generation_file(url: str) -> Path:
    """Where the generation's sizes and times are kept, for --reuse runs to report."""
    name = urlsplit(url).path.rsplit("/", 1)[-1].removesuffix(".sqlite3")
    return ROOT / "var" / f"{name}.generation.json"


def generate(url: str, persons: int, cases: int) -> dict[str, Any]:
    from django.db import connection  # noqa: PLC0415

    from benchmarks import casework_data  # noqa: PLC0415 - needs Django set up

    if connection.vendor == "sqlite":
        # Loading only: a crash would mean generating again anyway.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-500000")
    started = time.perf_counter()
    summary = casework_data.generate(persons, cases)
    seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        # A live database has planner statistics and a visibility map (autovacuum);
        # a freshly loaded one not yet.
        analyze_started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        summary.seconds["VACUUM ANALYZE"] = time.perf_counter() - analyze_started
    connection.close()  # measure with the application's own connection settings
    info = {
        "persons": persons,
        "cases": cases,
        "seconds": round(seconds, 1),
        "steps": {name: round(s, 1) for name, s in summary.seconds.items()},
        "rows": summary.rows,
        "total_rows": summary.total_rows,
        "date": time.strftime("%Y-%m-%d"),
    }
    generation_file(url).write_text(json.dumps(info, indent=2))
    return info


def check_generated(persons: int, cases: int) -> None:
    from benchmarks import casework_data  # noqa: PLC0415 - needs Django set up
    from putokaz.cases.models import Case  # noqa: PLC0415
    from putokaz.people.models import Person  # noqa: PLC0415

    if not Case.objects.filter(public_id=casework_data.RICH_CASE).exists():
        sys.exit("--reuse: this database was not filled by benchmarks/casework.py")
    # The two benchmark cases add a family of six and one of two.
    found = (Person.objects.count() - 8, Case.objects.count() - 2)
    if found != (persons, cases):
        sys.exit(f"--reuse: the database holds {found[0]:,} people and {found[1]:,} cases")


@dataclass
class Scenario:
    name: str
    who: str  # "worker" or "supervisor"
    path: str
    queries: list[dict[str, str]]


def scenarios() -> list[Scenario]:
    from benchmarks import casework_data  # noqa: PLC0415 - needs Django set up
    from putokaz.accounts.models import User  # noqa: PLC0415
    from putokaz.cases.models import Case  # noqa: PLC0415
    from putokaz.people.models import Person  # noqa: PLC0415

    worker = User.objects.get(email=casework_data.CASE_WORKER)
    organisation = worker.memberships.get().organisation
    visible = Person.objects.filter(holders__organisation=organisation).exclude(jmbg="")
    jmbgs = list(visible.order_by("pk").values_list("jmbg", flat=True)[:4])
    place = str(organisation.municipalities.get().pk)
    latin = ["Jovanović", "Bajramović Sead", "Đorđević Milica", "Krasniqi Arben"]
    plain = ["Jovanovic", "Bajramovic sead", "Djordjevic milica", "Sacirovic"]
    cyrillic = ["Јовановић", "Бајрамовић Сеад", "Ђорђевић Милица", "Шаћировић"]
    prefixes = ["Petro", "Bajr", "Mil", "Kras"]
    numbers = [*jmbgs, "0101990710008"]
    rich = f"/cases/{casework_data.RICH_CASE}/"
    family = Case.objects.get(public_id=casework_data.RICH_CASE).household
    member = family.members.order_by("pk").first().person  # type: ignore[union-attr]
    people = [
        (label, words)
        for label, words in [
            ("Latin with diacritics", latin),
            ("Latin without diacritics", plain),
            ("Cyrillic", cyrillic),
            ("a prefix", prefixes),
            ("a JMBG", numbers),
        ]
    ]
    return [
        Scenario("caseload: mine", "worker", "/cases/", [{"view": "mine"}]),
        Scenario("caseload: mine, overdue", "worker", "/cases/", [{"view": "overdue"}]),
        Scenario(
            "caseload: mine, filtered",
            "worker",
            "/cases/",
            [
                {"view": "mine", "urgency": "urgent"},
                {"view": "mine", "case_type": "returnee", "status": "implementation"},
                {"view": "mine", "q": "Bajramović"},
            ],
        ),
        Scenario(
            "caseload: team, pages 1, 2, 10, 50",
            "supervisor",
            "/cases/",
            [{"view": "team", "page": str(page)} for page in (1, 2, 10, 50)],
        ),
        Scenario("caseload: team, overdue", "supervisor", "/cases/", [{"view": "overdue"}]),
        Scenario("caseload: team, due this week", "supervisor", "/cases/", [{"view": "week"}]),
        Scenario(
            "caseload: team, filtered",
            "supervisor",
            "/cases/",
            [
                {"view": "team", "status": "implementation", "urgency": "immediate"},
                {"view": "team", "municipality": place, "case_type": "crisis"},
                {"view": "overdue", "case_type": "returnee"},
            ],
        ),
        Scenario(
            "caseload: team, by name",
            "supervisor",
            "/cases/",
            [{"view": "team", "q": q} for q in ["Bajramović", "Јовановић", "Krasniqi"]],
        ),
        *(
            Scenario(f"person search: {label}", who, "/find/", [{"q": q} for q in words])
            for label, words in people
            for who in ("worker", "supervisor")
        ),
        Scenario("case page (long record)", "worker", rich, [{}]),
        Scenario("case page (long record)", "supervisor", rich, [{}]),
        # Not a target of the issue, but where a search result leads.
        Scenario("person page (member of that family)", "worker", member.get_absolute_url(), [{}]),
    ]


def clients() -> dict[str, Any]:
    from django.test import Client  # noqa: PLC0415

    from benchmarks import casework_data  # noqa: PLC0415 - needs Django set up
    from putokaz.accounts.models import User  # noqa: PLC0415

    signed_in = {}
    for who, email in (
        ("worker", casework_data.CASE_WORKER),
        ("supervisor", casework_data.SUPERVISOR),
    ):
        client = Client(HTTP_ACCEPT_LANGUAGE="sr-Latn")
        client.force_login(
            User.objects.get(email=email), backend="django.contrib.auth.backends.ModelBackend"
        )
        signed_in[who] = client
    return signed_in


def measure(rounds: int) -> dict[str, tuple[float, float, int]]:
    signed_in = clients()
    plan = scenarios()
    for scenario in plan:  # warm caches and connections first
        for params in scenario.queries:
            signed_in[scenario.who].get(scenario.path, params)
    results = {}
    for scenario in plan:
        client = signed_in[scenario.who]
        timings: list[float] = []
        while len(timings) < max(MIN_RUNS, rounds * len(scenario.queries)):
            for params in scenario.queries:
                started = time.perf_counter()
                response = client.get(scenario.path, params)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (scenario.name, params, response.status_code)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        who = "case worker" if scenario.who == "worker" else scenario.who
        results[f"{scenario.name} ({who})"] = (
            statistics.median(timings),
            p95,
            len(timings),
        )
    return results


def query_counts() -> dict[str, int]:
    """Queries per page; the case page's must not grow with the length of the record."""
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    from benchmarks import casework_data  # noqa: PLC0415 - needs Django set up

    signed_in = clients()
    pages = {
        "case page, long record (case worker)": ("worker", f"/cases/{casework_data.RICH_CASE}/"),
        "case page, short record (case worker)": ("worker", f"/cases/{casework_data.SMALL_CASE}/"),
        "case page, long record (supervisor)": ("supervisor", f"/cases/{casework_data.RICH_CASE}/"),
        "case page, short record (supervisor)": (
            "supervisor",
            f"/cases/{casework_data.SMALL_CASE}/",
        ),
        "caseload: mine (case worker)": ("worker", "/cases/?view=mine"),
        "caseload: team (supervisor)": ("supervisor", "/cases/?view=team"),
        "person search (case worker)": ("worker", "/find/?q=Bajramovi%C4%87"),
    }
    counts = {}
    for who, path in pages.values():  # the content types and the demo mark get cached
        signed_in[who].get(path)
    for name, (who, path) in pages.items():
        with CaptureQueriesContext(connection) as captured:
            response = signed_in[who].get(path)
        assert response.status_code == 200, (path, response.status_code)
        counts[name] = len(captured)
    for who in ("case worker", "supervisor"):
        long, short = (
            counts[f"case page, long record ({who})"],
            counts[f"case page, short record ({who})"],
        )
        assert long == short, (
            f"case page ({who}): {long} queries for a long record, {short} for a short one"
        )
    return counts


def data_description(info: dict[str, Any] | None) -> str:
    from django.db import connection  # noqa: PLC0415

    from benchmarks import casework_data  # noqa: PLC0415 - needs Django set up
    from putokaz.accounts.models import Organisation, Role, User  # noqa: PLC0415
    from putokaz.cases.models import Case  # noqa: PLC0415
    from putokaz.people.models import Household, Person, PersonNameKey  # noqa: PLC0415

    worker = User.objects.get(email=casework_data.CASE_WORKER)
    centre = worker.memberships.get().organisation
    staff = centre.memberships.filter(role=Role.CASE_WORKER).count()
    mine = Case.objects.assigned_to(worker)
    text = (
        f"{Person.objects.count():,} people ({PersonNameKey.objects.count():,} name keys, "
        f"{Household.objects.count():,} households), {Case.objects.count():,} cases "
        f"({Case.objects.open().count():,} open) in "
        f"{Organisation.objects.filter(kind=Organisation.Kind.CSW).count()} Centers for Social "
        f"Welfare. The case worker's and the supervisor's, the biggest, has "
        f"{Case.objects.filter(organisation=centre).count():,} cases "
        f"({Case.objects.filter(organisation=centre).open().count():,} open) and {staff} case "
        f"workers; the case worker has {mine.count()} cases ({mine.open().count()} open)."
    )
    if info:
        text += f" Generated in {info['seconds'] / 60:.0f} min ({info['date']})."
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            settings = [f"PostgreSQL {cursor.fetchone()[0].split()[0]}"]
            for name in ("shared_buffers", "work_mem", "jit"):
                cursor.execute(f"SHOW {name}")
                settings.append(f"{name} {cursor.fetchone()[0]}")
        text += " Server: " + ", ".join(settings) + "."
    return text


def write_results(
    database: str,
    persons: int,
    cases: int,
    results: dict[str, tuple[float, float, int]],
    counts: dict[str, int],
    description: str,
) -> None:
    path = ROOT / "benchmarks" / "RESULTS.md"
    header = f"## Casework, {persons:,} people and {cases:,} cases, {database}"
    lines = [
        header,
        "",
        f"`benchmarks/casework.py`, {time.strftime('%Y-%m-%d')}, {cpu_model()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}. Whole request in-process "
        "through Django's test client (middleware, session, queries, template, access log), "
        f"signed in as a case worker and as a supervisor. Target: p95 under {TARGET_MS:.0f} ms. "
        + description,
        "",
        "| scenario | runs | median ms | p95 ms | p95 under target |",
        "|---|---:|---:|---:|---|",
        *(
            f"| {name} | {n} | {median:.1f} | {p95:.1f} | {'yes' if p95 < TARGET_MS else '**no**'} |"
            for name, (median, p95, n) in results.items()
        ),
        "",
        "Queries per page (the case page's count is the same for a record of 3 assessments, "
        "4 goals with 12 actions, 12 notes and 8 tasks as for one of each):",
        "",
        "| page | queries |",
        "|---|---:|",
        *(f"| {name} | {count} |" for name, count in counts.items()),
        "",
    ]
    text = (
        path.read_text()
        if path.exists()
        else "# Benchmark results\n\nTargets come from the issues; each section is rewritten by its script.\n\n"
    )
    sections = text.split("\n## ")
    kept = [sections[0]] + [s for s in sections[1:] if not ("## " + s).startswith(header)]
    path.write_text("\n## ".join(kept).rstrip() + "\n\n" + "\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=300_000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--reuse", action="store_true", help="measure the database made before")
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    parser.add_argument(
        "--generate-only", action="store_true", help="make the database, measure later (--reuse)"
    )
    parser.add_argument("--sqlite", type=Path, default=DEFAULT_SQLITE, help="the SQLite file")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL database to create or empty and use; its name must contain 'bench'",
    )
    args = parser.parse_args()
    if args.database_url:
        if not args.database_url.startswith("postgres"):
            parser.error("--database-url takes a PostgreSQL URL; use --sqlite for SQLite")
        if "bench" not in urlsplit(args.database_url).path.rsplit("/", 1)[-1]:
            parser.error("the benchmark empties its database: give one whose name contains 'bench'")
        url = args.database_url
    else:
        url = f"sqlite:///{args.sqlite.resolve()}"
    database = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    if database == "PostgreSQL" and os.environ.get("PGOPTIONS"):
        database += f" (PGOPTIONS={os.environ['PGOPTIONS']})"
    setup_django(url, reuse=args.reuse)
    if args.reuse:
        check_generated(args.persons, args.cases)
        saved = generation_file(url)
        info = json.loads(saved.read_text()) if saved.exists() else None
    else:
        print(f"{database}: generating {args.persons:,} people and {args.cases:,} cases")
        info = generate(url, args.persons, args.cases)
        print(f"{database}: generated {info['total_rows']:,} rows in {info['seconds']:.0f} s")
    if args.generate_only:
        return
    description = data_description(info)
    print(description)
    counts = query_counts()
    results = measure(args.rounds)
    for name, (median, p95, n) in results.items():
        flag = "" if p95 < TARGET_MS else "   over target"
        print(f"  {name:<58} n={n:<4} median {median:6.1f} ms   p95 {p95:6.1f} ms{flag}")
    for name, count in counts.items():
        print(f"  {name:<58} {count} queries")
    if args.write:
        write_results(database, args.persons, args.cases, results, counts, description)


if __name__ == "__main__":
    main()
