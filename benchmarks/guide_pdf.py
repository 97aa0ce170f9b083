"""Time the printed guide of one municipality with many services (queries, texts, typesetting).

    uv run python benchmarks/guide_pdf.py                      # SQLite, 10,000 services
    uv run python benchmarks/guide_pdf.py --database-url postgres://…/putokaz_guidepdf_bench

The data is that of benchmarks/guide_search.py (its generator, same seed), with a document
to bring and a phone added to every service, as real entries have. The database is created
afresh; a PostgreSQL one must be named *bench* (it is emptied). Target: under 2 s for one
municipality. Prints median and p95 per scenario and, with --write, updates
benchmarks/RESULTS.md. The load average is recorded, since other work may share the machine.
"""

import argparse
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.guide_search import cpu_model, generate, setup_django  # noqa: E402

TARGET_MS = 2000.0
LANGUAGES = ["sr-latn", "sr-cyrl", "sq", "de"]


def add_documents_and_phones() -> None:
    from putokaz.directory.models import Phone, RequiredDocument, Service  # noqa: PLC0415

    ids = list(Service.objects.values_list("pk", flat=True))
    RequiredDocument.objects.bulk_create(
        (RequiredDocument(service_id=pk, document="Lična karta", document_sr_latn="Lična karta")
         for pk in ids),
        batch_size=1000,
    )  # fmt: skip
    Phone.objects.bulk_create(
        (Phone(service_id=pk, number=f"+381 11 {3000000 + n}") for n, pk in enumerate(ids)),
        batch_size=1000,
    )


def places() -> dict[str, Any]:
    """A municipality of median size, a Belgrade city municipality (with the city's services)
    and the City of Belgrade (with its 17 city municipalities): the biggest guide."""
    from putokaz.directory.guide_pdf import guide_entries  # noqa: PLC0415
    from putokaz.geo.models import Municipality  # noqa: PLC0415

    towns = list(
        Municipality.objects.select_related("parent").filter(kind=Municipality.Kind.MUNICIPALITY)[
            :40
        ]
    )
    towns.sort(key=lambda place: len(guide_entries(place)))
    by_name = Municipality.objects.select_related("parent")
    return {
        "municipality": towns[len(towns) // 2],
        "city municipality": by_name.get(name_sr_latn="Zemun"),
        "city (Belgrade, all of it)": by_name.get(code="RS110"),
    }


def measure(rounds: int) -> tuple[dict[str, tuple[float, float, int]], dict[str, str]]:
    from django.core.cache import cache  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    from putokaz.directory.guide_pdf import guide_entries, guide_pdf  # noqa: PLC0415

    client = Client()
    results: dict[str, tuple[float, float, int]] = {}
    sizes: dict[str, str] = {}
    for kind, place in places().items():
        pdf = guide_pdf(place, "sr-latn")  # warm: translations, Typst's fonts, connections
        pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
        count = len(guide_entries(place))
        sizes[kind] = (
            f"{place.name} ({place.code}): {count} services, {pages} pages, {len(pdf) // 1024} KB"
        )
        timings: list[float] = []
        for run in range(rounds):
            started = time.perf_counter()
            guide_pdf(place, LANGUAGES[run % len(LANGUAGES)])
            timings.append((time.perf_counter() - started) * 1000)
        results[f"{kind}: typeset (command, first download)"] = summary(timings)
        url = f"/guide/municipalities/{place.code}/guide.pdf?language=sr-Latn"
        cache.clear()
        etag = client.get(url)["ETag"]
        cached: list[float] = []
        not_modified: list[float] = []
        for _run in range(max(rounds, 20)):
            started = time.perf_counter()
            assert client.get(url).status_code == 200
            cached.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
            not_modified.append((time.perf_counter() - started) * 1000)
        results[f"{kind}: download again (cached)"] = summary(cached)
        results[f"{kind}: download again (304 Not Modified)"] = summary(not_modified)
    return results, sizes


def summary(timings: list[float]) -> tuple[float, float, int]:
    timings = sorted(timings)
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return statistics.median(timings), p95, len(timings)


def write_results(
    database: str,
    count: int,
    results: dict[str, tuple[float, float, int]],
    sizes: dict[str, str],
    load: tuple[float, float],
) -> None:
    path = ROOT / "benchmarks" / "RESULTS.md"
    header = f"## Printed guide, {count:,} services, {database}"
    lines = [
        header,
        "",
        f"`benchmarks/guide_pdf.py`, {time.strftime('%Y-%m-%d')}, {cpu_model()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; load average "
        f"{load[0]:.1f} before and {load[1]:.1f} after (the machine was shared with other work). "
        "The data of `guide_search.py` plus a document and a phone per service. Typeset: "
        "`guide_pdf()` (queries, texts, Typst), languages sr-Latn, sr-Cyrl, sq, de in turn; "
        "downloads through Django's test client. Target: under 2 s for one municipality. "
        "The City of Belgrade as a whole (its 17 city municipalities in one guide) is the "
        "biggest there is; like every guide it is typeset once per version and then served "
        "from the cache.",
        "",
        *(f"- {kind}: {size}" for kind, size in sizes.items()),
        "",
        "| scenario | runs | median ms | p95 ms | p95 under 2 s |",
        "|---|---:|---:|---:|---|",
        *(
            f"| {name} | {n} | {median:.1f} | {p95:.1f} | {'yes' if p95 < TARGET_MS else '**no**'} |"
            for name, (median, p95, n) in results.items()
        ),
        "",
    ]
    text = path.read_text()
    sections = text.split("\n## ")
    kept = [sections[0]] + [s for s in sections[1:] if not ("## " + s).startswith(header)]
    path.write_text("\n## ".join(kept).rstrip() + "\n\n" + "\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=20)
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
    add_documents_and_phones()
    if database == "PostgreSQL":
        from django.db import connection  # noqa: PLC0415

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"{database}: generated {args.services:,} services in {time.perf_counter() - started:.1f} s"
    )
    load_before = os.getloadavg()[0]
    results, sizes = measure(args.rounds)
    load = (load_before, os.getloadavg()[0])
    for kind, size in sizes.items():
        print(f"  {kind}: {size}")
    for name, (median, p95, n) in results.items():
        print(f"  {name:<60} n={n:<4} median {median:7.1f} ms   p95 {p95:7.1f} ms")
    print(f"  load average {load[0]:.1f} before, {load[1]:.1f} after")
    if args.write:
        write_results(database, args.services, results, sizes, load)


if __name__ == "__main__":
    main()
