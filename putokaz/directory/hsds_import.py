"""Check an Open Referral HSDS 3.0 dataset against the directory and plan its import.

Nothing is saved here: :func:`prepare` maps every record of a
:class:`~putokaz.directory.hsds_reading.Reading` to the directory's rows, in one language,
and lists every error (an invalid record: then nothing may be imported) and every notice
(what Putokaz has no place for, which is not imported, said record by record, field by
field). :func:`putokaz.directory.actions.services_import` saves a plan without errors.

- Organisations are matched by their HSDS id (our public UUID), or else created, by a system
  administrator only; an existing organisation's details are not changed.
- Services are matched by id (our UUID): created as drafts (published with ``publish``),
  updated, or left alone when the file says what the directory already says. A service
  edited here after the file's ``last_modified`` is not overwritten unless asked
  (``on_conflict``).
- Locations, phones, opening hours, languages, documents, service areas and taxonomy terms
  come with their services; municipalities are found from the address's city (its region
  and district telling places of one name apart) and from the service area's name.
- Text is written in the import's language. A new record imported in another language
  than Serbian gets the text as its Serbian text too, until someone translates it; Serbian
  Cyrillic is kept as Latin (the Cyrillic derives from it) unless it does not transliterate
  back the same.
"""

import datetime
import re
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.models import Organisation, User
from putokaz.core import languages
from putokaz.core.content_translation import set_in_language
from putokaz.core.folding import fold
from putokaz.core.validators import validate_phone
from putokaz.directory import hsds
from putokaz.directory.forms import SERBIA_LATITUDE, SERBIA_LONGITUDE, ScheduleFormSet
from putokaz.directory.hsds_plan import ImportPlan, LocationPlan, OnConflict, ServicePlan
from putokaz.directory.hsds_reading import Reading
from putokaz.directory.hsds_tables import Finding, Row, tables
from putokaz.directory.models import (
    Location,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    Taxonomy,
    TaxonomyTerm,
)
from putokaz.geo.lookup import MunicipalityIndex, Places
from putokaz.geo.models import Municipality

if TYPE_CHECKING:  # django-stubs' name for text, translated now or when shown
    from django_stubs_ext import StrOrPromise


def _fields_of(text: str) -> dict[str, set[str]]:
    """``object: field field …`` lines (a line without a colon goes on) as a mapping."""
    found: dict[str, set[str]] = {}
    table = ""
    for line in text.strip().splitlines():
        if ":" in line:
            table, line = (part.strip() for part in line.split(":"))
        found.setdefault(table, set()).update(line.split())
    return found


# The fields of each HSDS object that go somewhere in Putokaz (or that it checks, as ids and
# links); a value in any other field is reported as not kept.
_KEPT = _fields_of(
    """
    organization: id name alternate_name description email website
    service: id organization_id name alternate_name description url email status
        interpretation_services application_process fees_description eligibility_description
        minimum_age maximum_age assured_date assurer_email last_modified
    location: id location_type organization_id name description transportation latitude
        longitude
    address: id location_id address_1 address_2 city region state_province postal_code country
        address_type
    accessibility: id location_id description
    phone: id service_id location_id number extension type description
    schedule: id service_id wkst freq byday opens_at closes_at notes
    service_area: id service_id name
    required_document: id service_id document
    language: id service_id name code note
    service_at_location: id service_id location_id description
    attribute: id link_id link_type link_entity taxonomy_term_id
    """
)
# Objects Putokaz keeps nothing of; taxonomies and terms are matched to its own.
_NOT_HELD = (
    "program",
    "contact",
    "funding",
    "cost_option",
    "organization_identifier",
    "metadata",
    "meta_table_description",
)
# The HSDS field a model field's error is about.
_COLUMN_OF_FIELD = {
    "service": {"verified_on": "assured_date"},
    "location": {},
    "organization": {"short_name": "alternate_name"},
}
_PHONE_KINDS = set(Phone.Kind.values)
_WEEKDAYS = {code: day for day, code in hsds.WEEKDAYS.items()}
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?", re.I)
_NOT_KEPT = _("Putokaz has no place for this field: not kept.")


def prepare(
    reading: Reading,
    *,
    language: str,
    acting_user: User,
    publish: bool = False,
    on_conflict: OnConflict = OnConflict.REFUSE,
) -> ImportPlan:
    """The plan for importing ``reading`` in ``language`` as ``acting_user``: what would be
    created and changed, and every error and notice, in the order of the files."""
    plan = ImportPlan(language=language, publish=publish)
    plan.errors.extend(reading.errors)
    plan.notices.extend(reading.notices)
    if plan.errors:  # records that break the schema are not mapped any further
        return plan
    with translation.override(language):
        _Planner(reading, plan, acting_user, on_conflict).run()
    if plan.errors:
        plan.services, plan.organisations, plan.locations, plan.phones = [], [], [], []
    return plan


class _Reason:
    """An error's messages, written out in the language active when shown."""

    def __init__(self, error: ValidationError) -> None:
        self.error = error

    def __str__(self) -> str:
        return " ".join(self.error.messages)


class _Planner:
    def __init__(
        self, reading: Reading, plan: ImportPlan, user: User, on_conflict: OnConflict
    ) -> None:
        self.data = reading.dataset
        self.plan = plan
        self.user = user
        self.on_conflict = on_conflict
        self.language = plan.language
        self.places = MunicipalityIndex()
        self.organisations: dict[str, Organisation] = {}  # HSDS id → ours or one to create
        self.locations: dict[str, LocationPlan] = {}
        self.services: dict[str, ServicePlan] = {}

    # Findings

    def error(self, row: Row, column: str, error: "ValidationError | StrOrPromise") -> None:
        self.plan.errors.append(Finding.about(row, column, _as_error(error)))

    def notice(self, row: Row, column: str, error: "ValidationError | StrOrPromise") -> None:
        self.plan.notices.append(Finding.about(row, column, _as_error(error)))

    def not_kept_fields(self, row: Row) -> None:
        for column, value in row.values.items():
            if column not in _KEPT[row.table] and value not in ("", None):
                self.notice(row, column, ValidationError(_NOT_KEPT))

    def model_errors(self, row: Row, error: ValidationError) -> None:
        """A model's validation errors, each on the HSDS field it is about."""
        columns = _COLUMN_OF_FIELD.get(row.table, {})
        for name, messages in error.message_dict.items():
            base = _base_field(name)
            column = "" if base == NON_FIELD_ERRORS else columns.get(base, base)
            for message in messages:
                self.error(row, column, message)

    # The whole file

    def run(self) -> None:
        for table in _NOT_HELD:
            for row in self.data.of(table):
                self.notice(row, "", _("Putokaz does not keep this kind of record: not imported."))
        self.terms = self._match_terms()
        existing = Service.objects.filter(
            pk__in=[_uuid(row.id) for row in self.data.of("service")]
        ).select_related("organisation")
        self.existing = {str(service.pk): service for service in existing}
        for row in self.data.of("service"):
            self._service(row)
        for row in self.data.of("organization"):
            self._organisation_notices(row)
        self._locations()
        for service_plan in self.services.values():
            self._service_children(service_plan)
        self._phones()
        self._conflicts()
        self.plan.services = list(self.services.values())
        self.plan.locations = list(self.locations.values())

    # Organisations

    def _organisation(self, hsds_id: str) -> Organisation | None:
        """Ours with this public id, or a new one made from the file's record."""
        if hsds_id in self.organisations:
            return self.organisations[hsds_id]
        ours = Organisation.objects.filter(uuid=_uuid(hsds_id)).first()
        if ours is None:
            row = self.data.get("organization", hsds_id)
            if row is None:
                return None
            ours = self._new_organisation(row)
        self.organisations[hsds_id] = ours
        return ours

    def _new_organisation(self, row: Row) -> Organisation:
        organisation = Organisation(uuid=_uuid(row.id), kind=Organisation.Kind.CIVIL)
        kind = _kind_named(row.values.get("description", ""))
        if kind:
            organisation.kind = kind
        else:
            self.notice(
                row,
                "description",
                _(
                    "Putokaz keeps no description of an organisation, only its kind: it is "
                    "recorded as a civil-society organisation; correct it on the organisation's "
                    "page if it is not one."
                ),
            )
        set_in_language(
            organisation, "name", row.values.get("name", ""), self.language, creating=True
        )
        set_in_language(
            organisation,
            "short_name",
            row.values.get("alternate_name", ""),
            self.language,
            creating=True,
        )
        organisation.email = row.values.get("email", "")
        organisation.website = row.values.get("website", "")
        try:
            organisation.full_clean(exclude=["uuid"], validate_unique=False)
        except ValidationError as error:
            self.model_errors(row, error)
        if not self.user.is_system_admin:
            self.error(
                row,
                "",
                _(
                    "There is no such organisation in Putokaz, and only a system administrator "
                    "may add organisations."
                ),
            )
        self.plan.organisations.append(organisation)
        return organisation

    def _organisation_notices(self, row: Row) -> None:
        organisation = self.organisations.get(row.id)
        if organisation is None:
            if not Organisation.objects.filter(uuid=_uuid(row.id)).exists():
                self.notice(
                    row, "", _("No service of the file is offered by it: it was not added.")
                )
            return
        self.not_kept_fields(row)
        if organisation.pk is None:
            return
        differing = [
            column
            for column, ours in (
                ("name", organisation.name),
                ("alternate_name", organisation.short_name),
                ("email", organisation.email),
                ("website", organisation.website),
            )
            if row.values.get(column) not in (None, "", ours or "")
        ]
        if differing:
            self.notice(
                row,
                ", ".join(differing),
                _(
                    "The organisation is in Putokaz already: its details are kept as they are "
                    "there, not as in the file."
                ),
            )

    # Services

    def _service(self, row: Row) -> None:
        existing = self.existing.get(row.id)
        organisation_id = row.values.get("organization_id")
        organisation = self._organisation(organisation_id) if organisation_id else None
        if organisation_id and organisation is None:
            self.error(
                row,
                "organization_id",
                _("The file has no organisation %(id)s, nor does Putokaz.")
                % {"id": organisation_id},
            )
            return
        if existing is not None:
            if organisation is not None and existing.organisation != organisation:
                self.error(
                    row,
                    "organization_id",
                    _("In Putokaz this service belongs to another organisation (%(name)s).")
                    % {"name": existing.organisation},
                )
                return
            organisation = existing.organisation
        if organisation is None:
            self.error(
                row, "organization_id", _("A service needs the organisation that offers it.")
            )
            return
        if organisation.pk is not None and not self.user.has_perm(
            "directory.edit_services", organisation
        ):
            self.error(
                row,
                "organization_id",
                _(
                    "Only the organisation's administrators and guide editors may change its "
                    "entries."
                ),
            )
            return
        self.not_kept_fields(row)
        creating = existing is None
        service = existing or Service(id=_uuid(row.id))
        service.organisation = organisation
        changed = creating
        values = row.values
        for name in (
            "name",
            "alternate_name",
            "description",
            "interpretation_services",
            "application_process",
            "eligibility_description",
            "fees_description",
        ):
            changed |= set_in_language(service, name, values.get(name, ""), self.language, creating)
        changed |= _set(service, "url", values.get("url", ""))
        changed |= _set(service, "email", values.get("email", ""))
        changed |= _set(service, "status", values.get("status", Service.Status.ACTIVE))
        for name in ("minimum_age", "maximum_age"):
            age = values.get(name)
            if age is not None and (not float(age).is_integer() or age < 0):
                self.error(row, name, _("Write the age in whole years."))
                continue
            changed |= _set(service, name, int(age) if age is not None else None)
        if creating:
            service.is_free = not values.get("fees_description")
        if values.get("assured_date"):
            checked = _date(values["assured_date"])
            if checked is None:
                self.error(row, "assured_date", _("This is not a date (YYYY-MM-DD)."))
            elif checked != service.verified_on:
                service.verified_on, service.verified_by = checked, None
                changed = True
        elif service.verified_on is not None:
            service.verified_on, service.verified_by = None, None
            changed = True
        email = values.get("assurer_email")
        if email and email != organisation.email:
            self.notice(
                row,
                "assurer_email",
                _(
                    "Putokaz publishes the organisation's e-mail address as the checker's: not kept."
                ),
            )
        modified = None
        if values.get("last_modified"):
            modified = _datetime(values["last_modified"])
            if modified is None:
                self.error(row, "last_modified", _("This is not a date and time (ISO 8601)."))
        try:
            service.full_clean(
                exclude=["id", "organisation", "verified_by"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            self.model_errors(row, error)
        self.services[row.id] = ServicePlan(
            row=row,
            service=service,
            creating=creating,
            changed=changed,
            modified=modified,
            seen_at=None if creating else service.updated_at,
        )

    def _given(self, row: Row, name: str) -> bool:
        """Whether the file says what ``row`` has under ``name`` (its phones, its opening
        hours …): then what it does not list goes. A JSON object without the property, or a
        package without the object's CSV file, says nothing, and ours stay."""
        if self.data.read_tables is not None:
            return tables()[row.table].children[name].table in self.data.read_tables
        return name in row.given

    def _service_children(self, plan: ServicePlan) -> None:
        service, row = plan.service, plan.row
        current = _CurrentChildren(service, plan.creating)

        def given(name: str) -> bool:
            return plan.creating or self._given(row, name)

        if given("service_areas"):
            plan.areas = self._areas(plan)
            plan.changed |= _ids(service.service_areas.all()) != _ids(plan.areas)
        else:
            plan.areas = list(service.service_areas.all())
        if given("attributes"):
            plan.domains, plan.target_groups = self._terms(plan)
            plan.changed |= _ids(service.domains.all()) != _ids(plan.domains)
            plan.changed |= _ids(service.target_groups.all()) != _ids(plan.target_groups)
        else:
            plan.domains = list(service.domains.all())
            plan.target_groups = list(service.target_groups.all())
        parts: list[tuple[str, Callable[[ServicePlan, Any], list[Any]], dict[str, Any], str]] = [
            ("schedules", self._schedules, current.schedules, "schedules"),
            ("languages", self._languages, current.languages, "languages"),
            ("required_documents", self._documents, current.documents, "documents"),
            ("service_at_locations", self._links, current.links, "links"),
        ]
        for name, build, kept, into in parts:
            if given(name):
                wanted = build(plan, kept)
                plan.changed |= bool(set(kept) - {str(item.pk) for item in wanted})
            else:
                wanted = list(kept.values())
            setattr(plan, into, wanted)
        plan.phones_given = given("phones")
        if self.plan.publish and not service.is_published:
            service.publication = Service.Publication.PUBLISHED
            plan.changed = True

    def _areas(self, plan: ServicePlan) -> list[Municipality]:
        areas: list[Municipality] = []
        for row in self._children("service_area", "service_id", plan.row.id):
            self.not_kept_fields(row)
            place = self._area(row, plan.service.id)
            if place is not None and place not in areas:
                areas.append(place)
        return areas

    def _terms(self, plan: ServicePlan) -> tuple[list[TaxonomyTerm], list[TaxonomyTerm]]:
        domains: list[TaxonomyTerm] = []
        groups: list[TaxonomyTerm] = []
        for row in self.data.of("attribute"):
            if row.values.get("link_id") != plan.row.id:
                continue
            self.not_kept_fields(row)
            term = self.terms.get(str(row.values.get("taxonomy_term_id", "")))
            if term is None:
                self.notice(
                    row,
                    "taxonomy_term_id",
                    _("The term is not one of Putokaz's domains or target groups: not kept."),
                )
                continue
            kept = domains if term.taxonomy.code == "domains" else groups
            if term not in kept:
                kept.append(term)
        return domains, groups

    def _documents(
        self, plan: ServicePlan, current: dict[str, RequiredDocument]
    ) -> list[RequiredDocument]:
        documents = []
        rows = self._children("required_document", "service_id", plan.row.id)
        for position, row in enumerate(rows):
            self.not_kept_fields(row)
            document = current.get(row.id) or RequiredDocument(id=_uuid(row.id))
            new = document.service_id is None
            changed = set_in_language(
                document, "document", row.values.get("document", ""), self.language, new
            )
            changed |= _set(document, "position", position)
            self._check_model(row, document, exclude=["id", "service"])
            documents.append(document)
            plan.changed |= new or changed
        return documents

    def _links(
        self, plan: ServicePlan, current: dict[str, ServiceAtLocation]
    ) -> list[ServiceAtLocation]:
        links: list[ServiceAtLocation] = []
        for row in self._children("service_at_location", "service_id", plan.row.id):
            self.not_kept_fields(row)
            location = self.locations.get(str(row.values.get("location_id", "")))
            if location is None:
                continue  # said when the location was looked at
            if any(link.location_id == location.location.pk for link in links):
                self.notice(row, "location_id", _("The service is at this location already."))
                continue
            link = current.get(row.id) or ServiceAtLocation(id=_uuid(row.id))
            new = link.service_id is None
            changed = _set(link, "location_id", location.location.pk)
            link.location = location.location
            changed |= set_in_language(
                link, "description", row.values.get("description", ""), self.language, new
            )
            self._check_model(row, link, exclude=["id", "service", "location"])
            links.append(link)
            plan.changed |= new or changed or location.changed
        return links

    def _children(self, table: str, column: str, parent_id: str) -> list[Row]:
        return [row for row in self.data.of(table) if row.values.get(column) == parent_id]

    def _area(self, row: Row, service_id: uuid.UUID) -> Municipality | None:
        for place in self.places.by_code.values():
            if hsds.area_id(service_id, place) == row.id:
                return place
        try:
            return self._place(str(row.values.get("name", "")))
        except ValidationError as error:
            self.notice(
                row,
                "",
                ValidationError(_("Not kept: %(reason)s"), params={"reason": _Reason(error)}),
            )
            return None

    def _place(self, name: str, *, region: str = "", district: str = "") -> Municipality:
        """The municipality ``name`` means; a region (a city municipality's city) and a
        district tell apart places of one name; without them a city wins over its city
        municipality of the same name (Vranje, Požarevac, Užice)."""
        found = self.places.candidates(name)
        if len(found) > 1 and district:
            found = [p for p in found if _names(p.district, district)] or found
        if len(found) > 1 and region:
            found = [p for p in found if p.parent and _names(p.parent, region)] or found
        if len(found) > 1 and not region:
            cities = [p for p in found if p.parent_id is None]
            if len(cities) == 1 and all(p.parent_id in (None, cities[0].pk) for p in found):
                found = cities
        if not found:
            return self.places.find(name)  # raises: no such place
        if len(found) > 1:
            raise ValidationError(
                _("%(value)s names several places: write the code of one (%(places)s)."),
                params={"value": name, "places": Places(found)},
            )
        return found[0]

    def _schedules(self, plan: ServicePlan, current: dict[str, Schedule]) -> list[Schedule]:
        schedules = []
        for row in self._children("schedule", "service_id", plan.row.id):
            self.not_kept_fields(row)
            values = row.values
            days = [day.strip().upper() for day in str(values.get("byday", "")).split(",")]
            days = [day for day in days if day]
            if values.get("freq", "WEEKLY") != "WEEKLY" or not days:
                self.notice(row, "", _("Putokaz keeps weekly opening hours only: not kept."))
                continue
            unknown = [day for day in days if day not in _WEEKDAYS]
            if unknown:
                self.error(
                    row,
                    "byday",
                    ValidationError(
                        _("%(value)s is not a day of the week (MO, TU, WE, TH, FR, SA, SU)."),
                        params={"value": ", ".join(unknown)},
                    ),
                )
                continue
            opens, closes = _time(values.get("opens_at")), _time(values.get("closes_at"))
            for column, moment in (("opens_at", opens), ("closes_at", closes)):
                if moment is None:
                    self.error(
                        row, column, _("Write the time as HH:MM (with its offset from UTC).")
                    )
            if opens is None or closes is None:
                continue
            for day in days:
                # One row per day: the HSDS id for one day, ids derived from it for several.
                key = row.id if len(days) == 1 else str(uuid.uuid5(_uuid(row.id), day))
                schedule = current.get(key) or Schedule(id=_uuid(key))
                new = schedule.service_id is None
                changed = _set(schedule, "weekday", _WEEKDAYS[day])
                changed |= _set(schedule, "opens_at", opens)
                changed |= _set(schedule, "closes_at", closes)
                changed |= set_in_language(
                    schedule, "notes", values.get("notes", ""), self.language, new
                )
                self._check_model(row, schedule, exclude=["id", "service"])
                schedules.append(schedule)
                plan.changed |= new or changed
        self._check_overlaps(plan, schedules)
        return schedules

    def _check_overlaps(self, plan: ServicePlan, schedules: list[Schedule]) -> None:
        """The opening hours checked as the service editor checks them (no overlaps)."""
        data = {"hours-TOTAL_FORMS": str(len(schedules)), "hours-INITIAL_FORMS": "0"}
        for index, schedule in enumerate(schedules):
            data |= {
                f"hours-{index}-weekday": str(schedule.weekday),
                f"hours-{index}-opens_at": f"{schedule.opens_at:%H:%M}",
                f"hours-{index}-closes_at": f"{schedule.closes_at:%H:%M}",
            }
        formset = ScheduleFormSet(data, instance=Service(), prefix="hours")
        if not formset.is_valid():
            for message in formset.non_form_errors():
                self.error(plan.row, "schedules", message)

    def _languages(
        self, plan: ServicePlan, current: dict[str, ServiceLanguage]
    ) -> list[ServiceLanguage]:
        kept: list[ServiceLanguage] = []
        for row in self._children("language", "service_id", plan.row.id):
            self.not_kept_fields(row)
            code = str(row.values.get("code", "")).strip()
            if not code:
                self.notice(row, "code", _("Putokaz keeps a language by its code: not kept."))
                continue
            if any(language.code == code for language in kept):
                self.notice(row, "code", _("The service has this language already."))
                continue
            language = current.get(row.id) or ServiceLanguage(id=_uuid(row.id))
            new = language.service_id is None
            changed = _set(language, "code", code)
            changed |= _set(language, "note", row.values.get("note", ""))
            self._check_model(row, language, exclude=["id", "service"])
            kept.append(language)
            plan.changed |= new or changed
        return kept

    def _check_model(self, row: Row, instance: models.Model, *, exclude: list[str]) -> None:
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            self.model_errors(row, error)

    # Locations

    def _locations(self) -> None:
        """The locations the file's services are offered at."""
        wanted: dict[str, Row] = {}
        for link in self.data.of("service_at_location"):
            location_id = str(link.values.get("location_id", ""))
            service_id = str(link.values.get("service_id", ""))
            if service_id not in self.services:
                self.notice(link, "service_id", _("The file has no such service: not imported."))
                continue
            row = self.data.get("location", location_id)
            if row is None:
                ours = Location.objects.filter(pk=_uuid(location_id)).first()
                if ours is None:
                    self.error(
                        link, "location_id", _("Neither the file nor Putokaz has this location.")
                    )
                else:
                    self.locations[location_id] = LocationPlan(
                        link, ours, creating=False, changed=False, from_file=False
                    )
                continue
            wanted.setdefault(location_id, row)
        service_of = {
            str(link.values.get("location_id")): self.services[str(link.values["service_id"])]
            for link in reversed(self.data.of("service_at_location"))
            if str(link.values.get("service_id", "")) in self.services
        }
        for row in self.data.of("location"):
            if row.id not in wanted:
                self.notice(
                    row,
                    "",
                    _(
                        "No service of the file is offered here: Putokaz keeps locations with "
                        "their services, so it was not imported."
                    ),
                )
                continue
            plan = self._location(row, service_of[row.id].service.organisation)
            if plan is not None:
                self.locations[row.id] = plan

    def _location(self, row: Row, organisation: Organisation) -> LocationPlan | None:
        values = row.values
        if values.get("location_type") == "virtual":
            self.notice(
                row, "location_type", _("Putokaz keeps physical places only: not imported.")
            )
            return None
        existing = Location.objects.filter(pk=_uuid(row.id)).first()
        addresses = self._children("address", "location_id", row.id)
        addresses.sort(key=lambda address: address.values.get("address_type") != "physical")
        if not addresses and existing is None:
            self.notice(
                row,
                "addresses",
                _("A location needs its address, street and municipality: not imported."),
            )
            return None
        address, others = (addresses[0], addresses[1:]) if addresses else (None, [])
        for other in others:
            self.notice(other, "", _("Putokaz keeps one address per location: not kept."))
        if address is not None and str(address.values.get("country", "")).upper() != "RS":
            self.notice(
                row,
                "",
                ValidationError(
                    _(
                        "Putokaz keeps places in Serbia only, and this one is in %(country)s: "
                        "not imported."
                    ),
                    params={"country": address.values.get("country", "?")},
                ),
            )
            for part in [*addresses, *self._children("accessibility", "location_id", row.id)]:
                self.notice(part, "", _("Its location was not imported."))
            return None
        self.not_kept_fields(row)
        if address is not None:
            self.not_kept_fields(address)
        if values.get("organization_id"):
            found = self._organisation(str(values["organization_id"]))
            if found is None:
                self.error(
                    row,
                    "organization_id",
                    _("The file has no organisation %(id)s, nor does Putokaz.")
                    % {"id": values["organization_id"]},
                )
                return None
            organisation = found
        place = None
        if address is not None:
            try:
                place = self._place(
                    str(address.values.get("city", "")),
                    region=str(address.values.get("region", "")),
                    district=str(address.values.get("state_province", "")),
                )
            except ValidationError as error:
                for message in error.messages:
                    self.error(address, "city", message)
                return None
        if organisation.pk is not None and not self.user.has_perm(
            "directory.edit_services", organisation
        ):
            self.error(
                row,
                "organization_id",
                _(
                    "Only the organisation's administrators and guide editors may change its "
                    "entries."
                ),
            )
            return None
        if existing is not None and existing.organisation_id != organisation.pk:
            self.error(
                row,
                "organization_id",
                _("In Putokaz this location belongs to another organisation (%(name)s).")
                % {"name": existing.organisation},
            )
            return None
        creating = existing is None
        location = existing or Location(id=_uuid(row.id))
        location.organisation = organisation
        changed = creating
        for name in ("name", "description", "transportation"):
            changed |= set_in_language(
                location, name, values.get(name, ""), self.language, creating
            )
        if address is not None and place is not None:  # else ours stays
            street = ", ".join(
                str(address.values[part])
                for part in ("address_1", "address_2")
                if address.values.get(part)
            )
            changed |= _set(location, "address", street)
            changed |= _set(location, "postal_code", address.values.get("postal_code", ""))
            changed |= _set(location, "municipality_id", place.pk)
            location.municipality = place
        latitude, longitude = values.get("latitude"), values.get("longitude")
        position: list[float | None] = [latitude, longitude]
        if (latitude is None) != (longitude is None):
            column = "longitude" if longitude is None else "latitude"
            self.error(row, column, _("Give both the latitude and the longitude, or neither."))
            position = [None, None]
        elif (
            latitude is not None
            and longitude is not None
            and not (
                SERBIA_LATITUDE[0] <= latitude <= SERBIA_LATITUDE[1]
                and SERBIA_LONGITUDE[0] <= longitude <= SERBIA_LONGITUDE[1]
            )
        ):
            self.error(
                row,
                "latitude",
                _(
                    "This point is outside Serbia. Check the numbers, and that latitude "
                    "and longitude are not swapped."
                ),
            )
            position = [None, None]
        for column, degrees in zip(("latitude", "longitude"), position, strict=True):
            value = None if degrees is None else Decimal(str(degrees)).quantize(Decimal("0.000001"))
            changed |= _set(location, column, value)
        if creating or self._given(row, "accessibility"):
            access = []
            for item in self._children("accessibility", "location_id", row.id):
                self.not_kept_fields(item)
                if item.values.get("description"):
                    access.append(str(item.values["description"]))
            changed |= set_in_language(
                location, "accessibility", "; ".join(access), self.language, creating
            )
        try:
            location.full_clean(
                exclude=["id", "organisation", "municipality"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            on_address = {"address": "address_1", "postal_code": "postal_code"}
            for name, messages in error.message_dict.items():
                base = _base_field(name)
                target, column = (
                    (address or row, on_address[base]) if base in on_address else (row, base)
                )
                for message in messages:
                    self.error(target, column, message)
        return LocationPlan(
            row, location, creating, changed, phones_given=creating or self._given(row, "phones")
        )

    # Phones

    def _phones(self) -> None:
        rows = self.data.of("phone")
        existing = {str(p.pk): p for p in Phone.objects.filter(pk__in=[_uuid(r.id) for r in rows])}
        for row in rows:
            values = row.values
            service = self.services.get(str(values.get("service_id", "")))
            location = self.locations.get(str(values.get("location_id", "")))
            if location is not None and not location.from_file:
                location = None
            if service is None and location is None:
                self.notice(
                    row, "", _("Putokaz keeps the phones of services and locations only: not kept.")
                )
                continue
            self.not_kept_fields(row)
            phone = existing.get(row.id) or Phone(id=_uuid(row.id))
            new = phone.pk is None or row.id not in existing
            changed = _set(phone, "service_id", service.service.pk if service else None)
            changed |= _set(phone, "location_id", location.location.pk if location else None)
            phone.service = service.service if service else None
            phone.location = location.location if location else None
            number = str(values.get("number", "")).strip().strip("\"'").strip()
            changed |= _set(phone, "number", number)
            try:
                validate_phone(number)
            except ValidationError as error:
                self.error(row, "number", error)
            extension = values.get("extension")
            if extension is not None and (not float(extension).is_integer() or extension < 0):
                self.error(row, "extension", _("Write the extension as a whole number."))
                extension = None
            changed |= _set(phone, "extension", int(extension) if extension is not None else None)
            kind = str(values.get("type", "") or Phone.Kind.VOICE).lower()
            if kind not in _PHONE_KINDS:
                self.notice(
                    row,
                    "type",
                    ValidationError(
                        _("Putokaz has no phone type %(value)s: kept as a phone."),
                        params={"value": kind},
                    ),
                )
                kind = Phone.Kind.VOICE
            changed |= _set(phone, "kind", kind)
            changed |= set_in_language(
                phone, "description", values.get("description", ""), self.language, new
            )
            self._check_model(row, phone, exclude=["id", "service", "location", "number"])
            self.plan.phones.append(phone)
            if new or changed:
                for owner in self._owners_of(phone):
                    owner.changed = True
        # Phones of the file's services and locations that the file no longer lists.
        services = [p.service.pk for p in self.services.values() if p.phones_given]
        locations = [
            p.location.pk for p in self.locations.values() if p.from_file and p.phones_given
        ]
        for gone in Phone.objects.filter(
            models.Q(service_id__in=services) | models.Q(location_id__in=locations)
        ).exclude(pk__in=[phone.id for phone in self.plan.phones]):
            for owner in self._owners_of(gone):
                owner.changed = True

    def _owners_of(self, phone: Phone) -> list[ServicePlan]:
        """The services a phone belongs to: its own, or those at its location."""
        owners = [p for p in self.services.values() if p.service.pk == phone.service_id]
        if phone.location_id:
            owners += [
                p
                for p in self.services.values()
                if any(link.location_id == phone.location_id for link in p.links)
            ]
            for location in self.locations.values():
                if location.location.pk == phone.location_id:
                    location.changed = True
        return owners

    # Taxonomy

    def _match_terms(self) -> dict[str, TaxonomyTerm]:
        """The file's term ids that are ours: by id, or by code in one of our taxonomies."""
        ours = {str(term.pk): term for term in TaxonomyTerm.objects.select_related("taxonomy")}
        by_code = {term.code: term for term in ours.values()}
        taxonomies = {str(t.pk): t.code for t in Taxonomy.objects.all()}
        for row in self.data.of("taxonomy"):
            if row.id not in taxonomies:
                self.notice(row, "", _("Putokaz keeps its own taxonomy: not imported."))
        matched = {}
        for row in self.data.of("taxonomy_term"):
            term = ours.get(row.id)
            taxonomy = str(row.values.get("taxonomy", ""))
            if term is None and (
                taxonomy in taxonomies.values()
                or str(row.values.get("taxonomy_id", "")) in taxonomies
            ):
                term = by_code.get(str(row.values.get("code", "")))
            if term is None:
                self.notice(
                    row,
                    "",
                    _("The term is not one of Putokaz's domains or target groups: not imported."),
                )
            else:
                matched[row.id] = term
        for row in self.data.of("attribute"):
            term_id = str(row.values.get("taxonomy_term_id", ""))
            if term_id in ours and term_id not in matched:
                matched[term_id] = ours[term_id]
            if row.values.get("link_id") not in {r.id for r in self.data.of("service")}:
                self.notice(
                    row,
                    "link_id",
                    _("Putokaz keeps the taxonomy terms of services only: not kept."),
                )
        return matched

    # Newer here than in the file

    def _conflicts(self) -> None:
        for plan in self.services.values():
            if plan.creating or not plan.changed:
                continue
            ours = plan.service.updated_at
            if plan.modified is not None and ours <= plan.modified:
                continue
            reason = ValidationError(
                _("Changed in Putokaz on %(ours)s, later than the file's version (%(theirs)s).")
                if plan.modified
                else _(
                    "Changed in Putokaz on %(ours)s; the file does not say when its version was "
                    "changed (last_modified)."
                ),
                params={
                    "ours": _moment(ours),
                    "theirs": _moment(plan.modified) if plan.modified else "",
                },
            )
            if self.on_conflict == OnConflict.OVERWRITE:
                continue
            if self.on_conflict == OnConflict.SKIP:
                plan.skipped = True
                self.notice(
                    plan.row,
                    "last_modified",
                    ValidationError(
                        _("%(reason)s Kept as it is in Putokaz."),
                        params={"reason": _Reason(reason)},
                    ),
                )
                for link in plan.links:
                    location = self.locations.get(str(link.location_id))
                    if location is not None and not location.creating:
                        location.skipped = True
            else:
                self.error(
                    plan.row,
                    "last_modified",
                    ValidationError(
                        _(
                            "%(reason)s Not overwritten: import with --skip-newer to leave "
                            "it, or with --overwrite-newer to replace it."
                        ),
                        params={"reason": _Reason(reason)},
                    ),
                )


class _CurrentChildren:
    """A service's rows in Putokaz now, by id; for a new service, none."""

    def __init__(self, service: Service, creating: bool) -> None:
        self.schedules: dict[str, Schedule] = {}
        self.languages: dict[str, ServiceLanguage] = {}
        self.documents: dict[str, RequiredDocument] = {}
        self.links: dict[str, ServiceAtLocation] = {}
        if creating:
            return
        self.schedules = {str(s.pk): s for s in service.schedules.all()}
        self.languages = {str(s.pk): s for s in service.languages.all()}
        self.documents = {str(s.pk): s for s in service.required_documents.all()}
        self.links = {str(s.pk): s for s in service.service_at_locations.all()}


# Values


def _set(instance: models.Model, name: str, value: Any) -> bool:
    """Set a field; whether that changed it."""
    if value is None and isinstance(getattr(instance, name, None), str):
        value = ""
    changed = getattr(instance, name, None) != value
    setattr(instance, name, value)
    return changed


def _suffix(language: str) -> str:
    return language.replace("-", "_")


def _ids(items: Any) -> set[Any]:
    return {item.pk for item in items}


def _base_field(name: str) -> str:
    for code in languages.codes():
        suffix = "_" + _suffix(code)
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return name


def _kind_named(description: Any) -> str | None:
    """The kind of organisation whose name (in any of our languages) ``description`` is."""
    wanted = fold(str(description or ""))
    if not wanted:
        return None
    for code in languages.codes():
        with translation.override(code):
            for kind, label in Organisation.Kind.choices:
                if fold(str(label)) == wanted:
                    return str(kind)
    return None


def _names(place: Any, name: str) -> bool:
    wanted = fold(name)
    return bool(wanted) and wanted in {
        fold(getattr(place, "name_sr_latn", "") or ""),
        fold(getattr(place, "name_sr_cyrl", "") or ""),
    }


def _uuid(value: Any) -> uuid.UUID:
    return uuid.UUID(str(value))


def _date(value: Any) -> datetime.date | None:
    try:
        return parse_date(str(value)[:10])
    except ValueError:
        return None


def _datetime(value: Any) -> datetime.datetime | None:
    try:
        moment = parse_datetime(str(value))
    except ValueError:
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _time(value: Any) -> datetime.time | None:
    """A time of day in Belgrade: HH:MM[:SS], an offset from UTC turned into Belgrade time."""
    match = _TIME.fullmatch(str(value or "").strip())
    if not match:
        return None
    hours, minutes, seconds, offset = match.groups()
    try:
        moment = datetime.time(int(hours), int(minutes), int(seconds or 0))
    except ValueError:
        return None
    if not offset:
        return moment
    if offset.upper() == "Z":
        shift = datetime.timedelta(0)
    else:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        shift = sign * datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    # Hours are a clock time all year: Belgrade's winter or summer offset means Belgrade's
    # clock (a file written in July imports the same in January); another is converted.
    year = timezone.localdate().year
    belgrade = {
        timezone.localtime(datetime.datetime(year, month, 1, 12, tzinfo=datetime.UTC)).utcoffset()
        for month in (1, 7)
    }
    if shift in belgrade:
        return moment
    today = timezone.localdate()
    zone = datetime.timezone(shift)
    return timezone.localtime(datetime.datetime.combine(today, moment, zone)).time()


def _moment(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _as_error(error: "ValidationError | StrOrPromise") -> ValidationError:
    return error if isinstance(error, ValidationError) else ValidationError(error)
