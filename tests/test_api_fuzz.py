"""Schemathesis drives every operation of /api/v1/ with generated input, as each persona:
the API never fails with a server error, and what it answers matches its own schema."""

from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from putokaz.accounts.models import Organisation, User
from putokaz.accounts.tests.factories import OrganisationFactory
from putokaz.cases import actions
from putokaz.crisis.tests.factories import intervention as crisis_intervention
from putokaz.geo.models import Municipality
from putokaz.people.tests.factories import PersonFactory
from putokaz.referrals.tests.factories import family_case, legal_aid_service, send
from putokaz.trainings.tests.factories import held_training

# Loaded from the application itself, as a client would (the schema is public; no data in it).
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Any:
    """Django closes a connection at the end of each request when it is not in autocommit
    mode — as the test's own transaction is. Its test client switches that off while it
    runs; the WSGI calls here go through the plain handler, so switch it off for them too."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def known(csw: Organisation, case_worker: User) -> dict[str, str]:
    """Records that exist, so that generated calls reach past the 404 of a random id."""
    person = PersonFactory(organisation=csw)
    case = actions.case_open(
        subject=person,
        organisation=csw,
        case_type="returnee",
        urgency="regular",
        reason="r",
        acting_user=case_worker,
    )
    referral = send(
        family_case(csw, case_worker), legal_aid_service(OrganisationFactory()), case_worker
    )
    csw.municipalities.add(Municipality.objects.get(name_sr_latn="Zemun"))
    return {
        "people": str(person.public_id),
        "cases": str(case.public_id),
        "referrals": str(referral.public_id),
        "events": str(held_training(case_worker).public_id),
        "crisis-interventions": str(crisis_intervention(csw, case_worker, person=person).public_id),
        # the reports of the worker's organisation and of the municipality it covers
        "code": Municipality.objects.get(name_sr_latn="Zemun").code,
        "pk": str(csw.pk),
    }


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_answers_every_generated_call_within_its_schema(
    case: Any, known: dict[str, str], case_worker: User
) -> None:
    token, _ = Token.objects.get_or_create(user=case_worker)
    collection = case.path.split("/")[3] if case.path.count("/") > 3 else ""
    if case.path_parameters and "public_id" in case.path_parameters and collection in known:
        case.path_parameters["public_id"] = known[collection]
    if collection == "reports" and case.path_parameters:
        for name in ("code", "pk"):
            if name in case.path_parameters:
                case.path_parameters[name] = known[name]
    response = case.call(headers={"Authorization": f"Token {token.key}"})
    # The rules live in the pages' forms, not in the schema: a schema-valid call may still
    # be refused with a 400 that explains why. What must never happen is a server error or
    # an answer that does not match the schema.
    case.validate_response(
        response,
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
