"""Professional-development points: those of each valid certificate, summed per professional
and year (the year the programme ended)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from putokaz.trainings.models import Certificate


@dataclass
class ProfessionalYear:
    name: str
    email: str
    year: int
    points: int = 0
    programmes: list[str] = field(default_factory=list)


def points_by_professional(certificates: Iterable[Certificate]) -> list[ProfessionalYear]:
    """One row per professional (their account, else their address) and year, newest year
    first, then by name. Revoked certificates count for nothing."""
    rows: dict[tuple[str, int], ProfessionalYear] = {}
    for certificate in certificates:
        if not certificate.is_valid:
            continue
        registration = certificate.registration
        event = registration.event
        who = f"user:{registration.user_id}" if registration.user_id else registration.email
        year = event.ends_on.year
        row = rows.get((who, year))
        if row is None:
            row = rows[(who, year)] = ProfessionalYear(
                registration.full_name, registration.email, year
            )
        row.points += certificate.points
        row.programmes.append(event.title)
    return sorted(rows.values(), key=lambda r: (-r.year, r.name.casefold(), r.email))


def points_per_year(certificates: Iterable[Certificate]) -> list[tuple[int, int]]:
    """(year, points) of one person's certificates, newest year first."""
    totals: dict[int, int] = defaultdict(int)
    for certificate in certificates:
        if certificate.is_valid:
            totals[certificate.registration.event.ends_on.year] += certificate.points
    return sorted(totals.items(), reverse=True)
