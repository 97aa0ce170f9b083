"""Time the public guide's search with many services, in-process (ORM, template and all).

    uv run python benchmarks/guide_search.py                      # SQLite, 10,000 services
    uv run python benchmarks/guide_search.py --database-url postgres://…/putokaz_bench

The database is created afresh: a temporary SQLite file, or the PostgreSQL database
given with --database-url, which is emptied; its name must contain "bench", so
that the application's own DATABASE_URL is never used (or wiped). Prints median and p95 per query kind and,
with --write, updates benchmarks/RESULTS.md.
"""

import argparse
import contextlib
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup_django(database_url: str | None) -> str:
    """Point Django at the benchmark's own database (never the environment's DATABASE_URL)."""
    if not database_url:
        database_url = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ["DATABASE_URL"] = database_url  # overrides any DATABASE_URL of the app
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django  # noqa: PLC0415 - after the environment is set

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    if database_url.startswith("postgres"):
        from django.db import connection  # noqa: PLC0415

        # Start from an empty schema, so migrations load the reference data again.
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    return database_url


WORDS = [
    "pomoć", "savetovalište", "dokumenta", "lična karta", "škola", "zdravlje", "posao", "porodica",
    "deca", "povratnici", "pravna", "smeštaj", "hrana", "obuka", "jezik", "prijava", "dom", "centar",
]  # fmt: skip


def generate(count: int) -> None:
    from putokaz.accounts.models import Organisation  # noqa: PLC0415
    from putokaz.directory.models import (  # noqa: PLC0415
        Location,
        Schedule,
        Service,
        ServiceAtLocation,
        ServiceLanguage,
        TaxonomyTerm,
    )
    from putokaz.geo.models import Municipality  # noqa: PLC0415

    rng = random.Random(2026)
    places = list(Municipality.objects.all())
    domains = list(TaxonomyTerm.objects.filter(taxonomy__code="domains"))
    groups = list(TaxonomyTerm.objects.filter(taxonomy__code="target-groups"))
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Organizacija {i}", name_sr_latn=f"Organizacija {i}", kind="civil")
        for i in range(max(count // 50, 1))
    )
    locations = Location.objects.bulk_create(
        Location(
            organisation=rng.choice(organisations),
            name=f"Kancelarija {i}",
            name_sr_latn=f"Kancelarija {i}",
            address=f"Ulica {i}",
            municipality=rng.choice(places),
        )
        for i in range(max(count // 5, 1))
    )
    services = []
    for i in range(count):
        words = rng.sample(WORDS, 4)
        service = Service(
            organisation=rng.choice(organisations),
            name=" ".join(words[:2]).capitalize() + f" {i}",
            name_sr_latn=" ".join(words[:2]).capitalize() + f" {i}",
            name_en=f"Service {i}",
            description=" ".join(words),
            description_sr_latn=" ".join(words) + " za porodice i decu.",
            publication="published" if rng.random() < 0.9 else "draft",
            is_free=rng.random() < 0.8,
            referral_required=rng.random() < 0.3,
        )
        service.search_text = service.build_search_text()
        services.append(service)
    Service.objects.bulk_create(services, batch_size=1000)
    ServiceAtLocation.objects.bulk_create(
        (ServiceAtLocation(service=s, location=rng.choice(locations)) for s in services),
        batch_size=1000,
    )
    Service.domains.through.objects.bulk_create(
        (
            Service.domains.through(service_id=s.pk, taxonomyterm_id=rng.choice(domains).pk)
            for s in services
        ),
        batch_size=1000,
    )
    Service.target_groups.through.objects.bulk_create(
        (
            Service.target_groups.through(service_id=s.pk, taxonomyterm_id=rng.choice(groups).pk)
            for s in services
        ),
        batch_size=1000,
    )
    Service.service_areas.through.objects.bulk_create(
        (
            Service.service_areas.through(service_id=s.pk, municipality_id=rng.choice(places).pk)
            for s in services
        ),
        batch_size=1000,
    )
    ServiceLanguage.objects.bulk_create(
        (ServiceLanguage(service=s, code=rng.choice(["sr", "rom", "de", "en"])) for s in services),
        batch_size=1000,
    )
    Schedule.objects.bulk_create(
        (
            Schedule(service=s, weekday=day, opens_at="08:00", closes_at="15:00")
            for s in services
            for day in (1, 3, 5)
        ),
        batch_size=2000,
    )


def scenarios() -> dict[str, list[dict[str, str]]]:
    from putokaz.geo.models import Municipality  # noqa: PLC0415

    codes = list(Municipality.objects.values_list("code", flat=True)[:40])
    return {
        "no filter (first page)": [{}],
        "one word": [{"q": w} for w in ["pomoc", "škola", "Центар", "dokumenta", "jezik"]],
        "two words, any script": [
            {"q": q} for q in ["pravna pomoć", "ЛИЧНА карта", "skola deca", "posao obuka"]
        ],
        "municipality": [{"municipality": c} for c in codes],
        "word + municipality + free": [
            {"q": "pomoc", "municipality": c, "free": "on"} for c in codes[:10]
        ],
        "area + group + language + open now": [
            {"domain": "health", "group": "returnees", "language": "rom", "open_now": "on"},
            {"domain": "social-protection", "group": "roma", "language": "sr"},
        ],
    }


def measure(rounds: int) -> dict[str, tuple[float, float, int]]:
    from django.test import Client  # noqa: PLC0415

    client = Client(HTTP_ACCEPT_LANGUAGE="sr-Latn")
    results = {}
    for queries in scenarios().values():  # warm caches and connections first
        for params in queries:
            client.get("/guide/services/", params)
    for name, queries in scenarios().items():
        timings: list[float] = []
        while len(timings) < max(50, rounds * len(queries)):  # at least 50 runs for a p95
            for params in queries:
                started = time.perf_counter()
                response = client.get("/guide/services/", params)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        results[name] = (statistics.median(timings), p95, len(timings))
    return results


def cpu_model() -> str:
    """The CPU's name from /proc/cpuinfo, else the machine type (not Linux)."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.machine()


def write_results(database: str, count: int, results: dict[str, tuple[float, float, int]]) -> None:
    path = ROOT / "benchmarks" / "RESULTS.md"
    header = f"## Guide search, {count:,} services, {database}"
    lines = [
        header,
        "",
        f"`benchmarks/guide_search.py`, {time.strftime('%Y-%m-%d')}, {cpu_model()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}. Whole request in-process through Django's "
        "test client (middleware, query, template), 90 % of services published.",
        "",
        "| query | runs | median ms | p95 ms |",
        "|---|---:|---:|---:|",
        *(
            f"| {name} | {n} | {median:.1f} | {p95:.1f} |"
            for name, (median, p95, n) in results.items()
        ),
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
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL database to empty and use; its name must contain 'bench'",
    )
    args = parser.parse_args()
    if args.database_url and "bench" not in args.database_url.rsplit("/", 1)[-1]:
        parser.error("the benchmark empties its database: give one whose name contains 'bench'")
    url = setup_django(args.database_url)
    database = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    started = time.perf_counter()
    generate(args.services)
    if database == "PostgreSQL":
        from django.db import connection  # noqa: PLC0415

        # A live database has planner statistics (autovacuum); a freshly loaded one not yet.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"{database}: generated {args.services:,} services in {time.perf_counter() - started:.1f} s"
    )
    results = measure(args.rounds)
    for name, (median, p95, n) in results.items():
        print(f"  {name:<40} n={n:<4} median {median:6.1f} ms   p95 {p95:6.1f} ms")
    if args.write:
        write_results(database, args.services, results)


if __name__ == "__main__":
    main()
