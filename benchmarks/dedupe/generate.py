"""A synthetic register of people with known truth, for ``benchmarks/dedupe/run.py``.

Families (parents and children sharing a family name, the father's name, a place of
birth and a phone; some twins) of Serbian, Bosnian, Roma and Albanian origin are drawn
with common names (casework_data's lists, Zipf-like weights, and Bosnian ones here),
and each person is registered one to five times, by different offices, each copy
written as registers write it: in Cyrillic or Latin, with or without diacritics, in
the spelling of German, English or Albanian papers, with a typo, given and family name
swapped, a married or double family name, day and month of birth swapped, a date a few
days or a digit off, only a year (an estimate), no JMBG or one with a wrong digit, a
missing father's name, place or sex. The truth (``record_id → person``) is written
beside the register. Everything is drawn from one seeded generator: the same seed and
size give the same files.

    uv run python benchmarks/dedupe/generate.py --records 100000 --seed 1 --out var/dedupe-bench
"""

import argparse
import csv
import datetime
import random
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from casework_data import FEMALE, MALE, family_names  # noqa: E402

from putokaz.core.transliteration import latin_to_cyrillic  # noqa: E402
from putokaz.people.jmbg import check_digit  # noqa: E402

COLUMNS = ["record_id", "first_name", "last_name", "father_name", "sex", "birth_date", "birth_place", "jmbg", "phone"]  # fmt: skip

BOSNIAN_MALE = [
    "Emir", "Adnan", "Haris", "Amel", "Kenan", "Mirza", "Edin", "Alen", "Nermin", "Senad",
    "Damir", "Elvir", "Jasmin", "Dino", "Tarik", "Armin", "Almir", "Samir", "Eldin", "Ismet",
    "Muhamed", "Enes", "Faruk", "Suad", "Hamza",
]  # fmt: skip
BOSNIAN_FEMALE = [
    "Amra", "Lejla", "Selma", "Aida", "Merima", "Ajla", "Emina", "Amina", "Sabina", "Alma",
    "Lamija", "Belma", "Dženana", "Azra", "Naida", "Edina", "Medina", "Elma", "Hana", "Ilma",
]  # fmt: skip
BOSNIAN_FAMILY = [
    "Hodžić", "Begić", "Mujić", "Hadžić", "Delić", "Kovačević", "Omerović", "Halilović",
    "Hasanović", "Mehmedović", "Čaušević", "Salihović", "Ibrahimović", "Spahić", "Softić",
    "Husić", "Zukić", "Muratović", "Šehić", "Avdić", "Hrustić", "Alić", "Ahmetović",
    "Kadrić", "Mešić", "Džafić", "Karić", "Bešić", "Šabanović", "Smajić", "Jusufović",
    "Hadžiahmetović", "Bećirović", "Fazlić", "Ćatić", "Pašić", "Selimović", "Imamović",
]  # fmt: skip

ORIGINS = ["serbian", "roma", "bosnian", "albanian"]
ORIGIN_WEIGHTS = [40, 35, 12, 13]
PLACES = [
    "Beograd", "Niš", "Novi Sad", "Kragujevac", "Leskovac", "Vranje", "Subotica", "Novi Pazar",
    "Kraljevo", "Čačak", "Šabac", "Smederevo", "Pančevo", "Zemun", "Prokuplje", "Bujanovac",
    "Preševo", "Priština", "Prizren", "Peć", "Sarajevo", "Tuzla", "Zenica", "Bihać", "Skoplje",
    "Kuršumlija", "Aleksinac", "Pirot", "Zaječar", "Valjevo", "Užice", "Sjenica", "Tutin",
    "Vladičin Han", "Surdulica", "Medveđa", "Obrenovac", "Mladenovac", "Lazarevac",
]  # fmt: skip
GERMAN_PLACES = {"Niš": "Nisch", "Beograd": "Belgrad", "Priština": "Pristina", "Peć": "Petsch"}

# Serbian Latin for Albanian spellings (registers in Serbia write Albanian names so).
ALBANIAN_TO_SERBIAN = [
    ("xh", "dž"), ("gj", "đ"), ("sh", "š"), ("zh", "ž"), ("dh", "d"), ("th", "t"),
    ("ll", "l"), ("rr", "r"), ("q", "ć"), ("ç", "č"), ("ë", "e"), ("y", "i"), ("x", "dz"),
]  # fmt: skip
# German phonetic spellings of Serbian sounds (the residence permit's Dschordschewitsch).
GERMAN_PHONETIC = [
    ("dž", "dsch"), ("đ", "dsch"), ("č", "tsch"), ("ć", "tsch"), ("š", "sch"), ("ž", "sch"),
    ("c", "z"), ("v", "w"), ("z", "s"),
]  # fmt: skip
ENGLISH = [("dž", "dzh"), ("đ", "dj"), ("č", "ch"), ("ć", "ch"), ("š", "sh"), ("ž", "zh")]
KEYBOARD = "qwertzuiopasdfghjklyxcvbnm"


@dataclass(frozen=True)
class Person:
    person_id: int
    origin: str
    given: str
    family: str
    father: str
    female: bool
    birth: datetime.date
    place: str
    jmbg: str
    phone: str
    maiden: str = ""


def zipf_choice(rng: random.Random, items: list[str], exponent: float = 0.9) -> str:
    weights = [1 / (rank + 1) ** exponent for rank in range(len(items))]
    return rng.choices(items, weights)[0]


def names_of(origin: str) -> tuple[list[str], list[str], list[str]]:
    return NAMES[origin]


def _longer_tail(common: list[str], stems: list[str], endings: list[str]) -> list[str]:
    """A community's common family names, then a long tail of its stems with other
    endings (Marković, Markov, Markovski …): a national register has thousands of names."""
    tail = [stem.removesuffix("ić") + ending for ending in endings for stem in stems]
    return list(dict.fromkeys(common + tail))


def _names() -> dict[str, tuple[list[str], list[str], list[str]]]:
    slavic_stems = [
        name.removesuffix("ović").removesuffix("ević") for name in family_names("serbian")
    ]
    roma_stems = [name.removesuffix("ović").removesuffix("ević") for name in family_names("roma")]
    bosnian_stems = [name.removesuffix("ović").removesuffix("ević") for name in BOSNIAN_FAMILY]
    return {
        "serbian": (
            MALE["serbian"],
            FEMALE["serbian"],
            _longer_tail(
                family_names("serbian"), slavic_stems, ["ić", "ov", "ovski", "ičić", "anović"]
            ),
        ),
        "roma": (
            MALE["roma"],
            FEMALE["roma"],
            _longer_tail(family_names("roma"), roma_stems, ["ić", "ov", "i", "anović"]),
        ),
        "bosnian": (
            BOSNIAN_MALE,
            BOSNIAN_FEMALE,
            _longer_tail(
                BOSNIAN_FAMILY, bosnian_stems + roma_stems[:20], ["ović", "ić", "agić", "bašić"]
            ),
        ),
        "albanian": (
            MALE["albanian"],
            FEMALE["albanian"],
            _longer_tail(
                family_names("albanian"),
                [n.rstrip("aeiu") for n in family_names("albanian")],
                ["aj", "ku", "llari"],
            ),
        ),
    }


NAMES = _names()


def make_jmbg(rng: random.Random, birth: datetime.date, female: bool) -> str:
    serial = rng.randrange(500, 1000) if female else rng.randrange(0, 500)
    region = rng.choice(
        ["71", "72", "73", "74", "75", "76", "77", "78", "79", "80", "91", "17", "18"]
    )
    first = f"{birth.day:02d}{birth.month:02d}{birth.year % 1000:03d}{region}{serial:03d}"
    return first + str(check_digit(first))


def make_families(rng: random.Random, target_people: int) -> list[Person]:
    people: list[Person] = []
    while len(people) < target_people:
        origin = rng.choices(ORIGINS, ORIGIN_WEIGHTS)[0]
        male, female, family = names_of(origin)
        surname = zipf_choice(rng, family, 0.5)
        place = zipf_choice(rng, PLACES, 0.5)
        phone = f"06{rng.randrange(10)}{rng.randrange(10**6, 10**7)}"
        father_birth = datetime.date(rng.randrange(1945, 1995), 1, 1) + datetime.timedelta(
            rng.randrange(365)
        )
        grandfather = zipf_choice(rng, male)
        father = _person(
            rng,
            len(people),
            origin,
            zipf_choice(rng, male),
            surname,
            grandfather,
            False,
            father_birth,
            place,
            phone,
        )
        people.append(father)
        if rng.random() < 0.8:
            mother_birth = father_birth + datetime.timedelta(rng.randrange(-2000, 2000))
            maiden = zipf_choice(rng, family, 0.5)
            people.append(
                replace(
                    _person(
                        rng,
                        len(people),
                        origin,
                        zipf_choice(rng, female),
                        surname,
                        zipf_choice(rng, male),
                        True,
                        mother_birth,
                        zipf_choice(rng, PLACES, 0.5),
                        phone,
                    ),
                    maiden=maiden,
                )
            )
        child_birth = father_birth + datetime.timedelta(rng.randrange(18 * 365, 30 * 365))
        for _child in range(rng.choices(range(7), [10, 15, 25, 20, 15, 10, 5])[0]):
            if child_birth.year > 2024:
                break
            is_female = rng.random() < 0.5
            given = zipf_choice(rng, female if is_female else male)
            people.append(
                _person(
                    rng,
                    len(people),
                    origin,
                    given,
                    surname,
                    father.given,
                    is_female,
                    child_birth,
                    place,
                    phone,
                )
            )
            if rng.random() < 0.03:  # a twin: everything the same but the given name
                twin_female = rng.random() < 0.5
                twin_given = zipf_choice(rng, female if twin_female else male)
                if twin_given != given:
                    people.append(
                        _person(
                            rng,
                            len(people),
                            origin,
                            twin_given,
                            surname,
                            father.given,
                            twin_female,
                            child_birth,
                            place,
                            phone,
                        )
                    )
            child_birth += datetime.timedelta(rng.randrange(300, 2500))
    return people


def _person(rng: random.Random, person_id: int, origin: str, given: str, family: str, father: str, female: bool, birth: datetime.date, place: str, phone: str) -> Person:  # fmt: skip
    has_jmbg = rng.random() < 0.6
    return Person(
        person_id, origin, given, family, father, female, birth, place,
        make_jmbg(rng, birth, female) if has_jmbg else "", phone,
    )  # fmt: skip


def _replace_all(text: str, table: list[tuple[str, str]]) -> str:
    out = []
    index = 0
    lower = text.lower()
    while index < len(text):
        for source, target in table:
            if lower.startswith(source, index):
                piece = target if text[index].islower() else target.capitalize()
                out.append(piece)
                index += len(source)
                break
        else:
            out.append(text[index])
            index += 1
    return "".join(out)


def strip_diacritics(text: str, dj: bool) -> str:
    text = text.replace("đ", "dj" if dj else "d").replace("Đ", "Dj" if dj else "D")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def writing_style(rng: random.Random, origin: str) -> str:
    """How one register writes every name of a record."""
    if origin == "albanian":
        return rng.choices(["albanian", "serbian", "cyrillic", "plain"], [45, 30, 15, 10])[0]
    styles = ["as_is", "cyrillic", "plain_dj", "plain_d", "german", "english", "romani"]
    weights = [38, 22, 10, 10, 10, 5, 5 if origin == "roma" else 0]
    return rng.choices(styles, weights)[0]


def spelling(name: str, style: str) -> str:
    """The name as a register writing in ``style`` writes it."""
    if (
        style in {"serbian", "cyrillic"} and any(letter in name.lower() for letter in "qxçëy")
    ) or style == "serbian":
        name = _replace_all(name, ALBANIAN_TO_SERBIAN)
    if style == "cyrillic":
        return latin_to_cyrillic(name)
    if style == "plain":
        return strip_diacritics(name.replace("ë", "e"), dj=False)
    if style in {"plain_dj", "plain_d"}:
        return strip_diacritics(name, dj=style == "plain_dj")
    if style == "german":
        return _replace_all(name, GERMAN_PHONETIC)
    if style == "english":
        return _replace_all(name, ENGLISH)
    if style == "romani":
        # Romani spellings: a silent h dropped, lj as l.
        return name.replace("h", "").replace("H", "").replace("lj", "l").replace("Lj", "L")
    return name


def typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    index = rng.randrange(1, len(text))
    kind = rng.random()
    if kind < 0.3:
        return text[:index] + text[index + 1 :]
    if kind < 0.55:
        return text[:index] + rng.choice(KEYBOARD) + text[index:]
    if kind < 0.8:
        return text[:index] + rng.choice(KEYBOARD) + text[index + 1 :]
    if index < len(text) - 1:
        return text[:index] + text[index + 1] + text[index] + text[index + 2 :]
    return text


def birth_date(rng: random.Random, birth: datetime.date) -> str:
    roll = rng.random()
    if roll < 0.74:
        date = birth
    elif roll < 0.79 and birth.day <= 12 and birth.day != birth.month:
        return f"{birth.year}-{birth.day:02d}-{birth.month:02d}"  # day and month swapped
    elif roll < 0.84:
        date = birth + datetime.timedelta(rng.choice([-3, -2, -1, 1, 2, 3]))
    elif roll < 0.87:
        digits = list(birth.strftime("%Y%m%d"))
        position = rng.choice([3, 7])
        digits[position] = str((int(digits[position]) + rng.choice([1, 9])) % 10)
        text = "".join(digits)
        return f"{text[:4]}-{text[4:6]}-{text[6:]}"
    elif roll < 0.92:
        return str(birth.year + rng.choice([0, 0, 0, -1, 1]))  # only a year, estimated
    elif roll < 0.95:
        return f"01.01.{birth.year + rng.choice([0, -1, 1])}."
    else:
        return ""
    return date.strftime("%d.%m.%Y.") if rng.random() < 0.4 else date.isoformat()


def record_of(rng: random.Random, person: Person, record_id: str) -> list[str]:
    style = writing_style(rng, person.origin)
    given = spelling(person.given, style)
    family_name = person.family
    if person.female and person.maiden and rng.random() < 0.3:
        family_name = person.maiden if rng.random() < 0.5 else f"{person.family}-{person.maiden}"
    family = spelling(family_name, style)
    if rng.random() < 0.08:
        given = typo(rng, given)
    if rng.random() < 0.08:
        family = typo(rng, family)
    if rng.random() < 0.05:
        given, family = family, given
    father = spelling(person.father, style) if rng.random() < 0.55 else ""
    if father and rng.random() < 0.05:
        father = typo(rng, father)
    sex_roll = rng.random()
    sex = (
        ""
        if sex_roll < 0.1
        else rng.choice(["Ž", "F", "ženski"] if person.female else ["M", "muški"])
    )
    place = ""
    if rng.random() < 0.65:
        place = person.place
        if style == "cyrillic":
            place = latin_to_cyrillic(place)
        elif style in {"german", "english", "plain_dj"}:
            place = GERMAN_PLACES.get(place, strip_diacritics(place, dj=True))
    jmbg = person.jmbg if person.jmbg and rng.random() < 0.6 else ""
    if jmbg and rng.random() < 0.03:
        position = rng.randrange(7, 12)
        jmbg = jmbg[:position] + str((int(jmbg[position]) + 1) % 10) + jmbg[position + 1 :]
    phone = ""
    if rng.random() < 0.35:
        phone = (
            person.phone
            if rng.random() < 0.7
            else f"06{rng.randrange(10)}{rng.randrange(10**6, 10**7)}"
        )
        if rng.random() < 0.5:
            phone = "+381 " + phone[1:3] + " " + phone[3:]
    return [
        record_id,
        given,
        family,
        father,
        sex,
        birth_date(rng, person.birth),
        place,
        jmbg,
        phone,
    ]


COPIES: list[int] = [1, 2, 3, 4, 5]
COPY_WEIGHTS: list[float] = [55, 25, 12, 5, 3]


def generate(
    records: int, seed: int, out: Path, progress: Callable[[str], None] = print
) -> tuple[Path, Path]:
    """Write ``persons.csv`` (the register) and ``truth.csv`` (record_id, person_id)."""
    rng = random.Random(seed)
    mean_copies = sum(c * w for c, w in zip(COPIES, COPY_WEIGHTS, strict=True)) / sum(COPY_WEIGHTS)
    people = make_families(rng, int(records / mean_copies * 1.1) + 10)
    out.mkdir(parents=True, exist_ok=True)
    register, truth = out / "persons.csv", out / "truth.csv"
    rows: list[tuple[float, list[str], int]] = []
    written = 0
    for person in people:
        for _copy in range(rng.choices(COPIES, COPY_WEIGHTS)[0]):
            if written >= records:
                break
            rows.append((rng.random(), record_of(rng, person, f"r{written:07d}"), person.person_id))
            written += 1
    rows.sort(key=lambda row: row[0])  # registers are not in family order
    with (
        register.open("w", encoding="utf-8", newline="") as handle,
        truth.open("w", encoding="utf-8", newline="") as truth_handle,
    ):
        writer, truth_writer = csv.writer(handle), csv.writer(truth_handle)
        writer.writerow(COLUMNS)
        truth_writer.writerow(["record_id", "person_id"])
        for _order, row, person_id in rows:
            writer.writerow(row)
            truth_writer.writerow([row[0], person_id])
    progress(f"{written:,} records of {len(people):,} people in {register}")
    return register, truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("var/dedupe-bench"))
    options = parser.parse_args()
    generate(options.records, options.seed, options.out)


if __name__ == "__main__":
    main()
