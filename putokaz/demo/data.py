"""Invented organisations and one account per role for Belgrade, for trying Putokaz out.

Loading is idempotent: running it twice changes nothing. It refuses to write into
a database that holds real data (one that is not marked as a demo database).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from putokaz.accounts.models import Membership, Organisation, Role, User
from putokaz.core.models import Installation
from putokaz.demo import (
    abuse,
    casework,
    children,
    crisis,
    guide,
    referrals,
    trafficking,
    trainings,
)
from putokaz.geo.models import Municipality

PASSWORD = "putokaz-demo"  # noqa: S105 - published in the README on purpose


class NotADemoDatabase(Exception):
    pass


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    role: str
    organisation: str  # key into the organisations below


ACCOUNTS = [
    DemoAccount("case-worker@putokaz.test", "Jelena Petrović", Role.CASE_WORKER, "csw-zemun"),
    DemoAccount("supervisor@putokaz.test", "Марко Јовановић", Role.SUPERVISOR, "csw-zemun"),
    DemoAccount("org-admin@putokaz.test", "Ljiljana Đorđević", Role.ORG_ADMIN, "csw-zemun"),
    DemoAccount("ngo-worker@putokaz.test", "Sabina Ramić", Role.CASE_WORKER, "ngo-roma"),
    DemoAccount("editor@putokaz.test", "Elvira Jašarević", Role.EDITOR, "ngo-roma"),
    DemoAccount("trainer@putokaz.test", "Bekim Berisha", Role.TRAINER, "ngo-training"),
    DemoAccount("analyst@putokaz.test", "Dragana Nikolić", Role.ANALYST, "city-secretariat"),
    DemoAccount("admin@putokaz.test", "Nikola Stanković", Role.SYSTEM_ADMIN, "city-secretariat"),
]


def _other_organisations() -> dict[str, dict]:
    """Organisations with accounts but no entries in the guide."""
    return {
        "ngo-training": {
            "name_sr_latn": "Centar za obuke u socijalnoj zaštiti „Mreža” (demo)",
            "name_en": "Training Centre for Social Protection “Network” (demo)",
            "kind": Organisation.Kind.CIVIL,
            "municipalities": None,
        },
        "city-secretariat": {
            "name_sr_latn": "Sekretarijat za socijalnu zaštitu Grada Beograda (demo)",
            "name_en": "City of Belgrade Secretariat for Social Protection (demo)",
            "kind": Organisation.Kind.PUBLIC,
            "municipalities": None,
        },
        "intl": {
            "name_sr_latn": "Međunarodna organizacija za migracije, kancelarija u Beogradu (demo)",
            "name_en": "International Organization for Migration, Belgrade office (demo)",
            "kind": Organisation.Kind.INTERNATIONAL,
            "municipalities": None,
        },
    }


def ensure_demo_database() -> None:
    """Mark an empty database as a demo one; refuse a database with real data."""
    installation = Installation.objects.filter(pk=1).first()
    if installation is None:
        if User.objects.exists() or Organisation.objects.exists():
            raise NotADemoDatabase(
                _(
                    "This database already holds data and is not a demo database; no demo accounts were added."
                )
            )
        Installation(is_demo=True).save()
    elif not installation.is_demo:
        raise NotADemoDatabase(_("This is not a demo database; no demo accounts were added."))


@transaction.atomic
def load(*, households: int = casework.HOUSEHOLDS) -> list[DemoAccount]:
    ensure_demo_database()
    with translation.override("sr-latn"):  # names below are the Serbian Latin ones
        _load_organisations_and_accounts(households)
    return ACCOUNTS


def _load_organisations_and_accounts(households: int) -> None:
    belgrade = Municipality.objects.get(kind=Municipality.Kind.CITY, name_sr_latn="Beograd")
    city_municipalities = list(belgrade.city_municipalities.order_by("code"))
    # The directory (data/guide.toml): CSW departments, health centres, police, schools, NGOs.
    organisations = guide.load(city_municipalities)
    by_name = {m.name: m for m in city_municipalities}
    for key, spec in _other_organisations().items():
        organisation, _created = Organisation.objects.update_or_create(
            name_sr_latn=spec["name_sr_latn"],
            defaults={"name_en": spec["name_en"], "kind": spec["kind"]},
        )
        covered = (
            [by_name[n] for n in spec["municipalities"]]
            if spec["municipalities"]
            else city_municipalities
        )
        organisation.municipalities.set(covered)
        organisations[key] = organisation
    users: dict[str, User] = {}
    for account in ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user = User.objects.create_user(
                email=account.email,
                password=PASSWORD,
                full_name=account.full_name,
                is_staff=account.role == Role.SYSTEM_ADMIN,
                is_superuser=account.role == Role.SYSTEM_ADMIN,
            )
        Membership.objects.get_or_create(
            user=user,
            organisation=organisations[account.organisation],
            role=account.role,
            ended_at=None,
        )
        users[account.email] = user
    casework.load(organisations, city_municipalities, users, households=households)
    referrals.load(organisations, users)
    children.load(organisations, users)
    trafficking.load(organisations, users)
    abuse.load(organisations, users)
    crisis.load(organisations, users)
    trainings.load(organisations, users)
