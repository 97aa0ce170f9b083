"""A report of neglect of a nine-year-old girl from her school, taken by a case worker of
the centre: it opens the sealed child-protection case."""

import datetime
from typing import Any

from django.utils import timezone

from putokaz.abuse import actions
from putokaz.abuse.models import AbuseReport
from putokaz.accounts.models import Organisation, User
from putokaz.people.tests.factories import PersonFactory


def abuse_report(organisation: Organisation, worker: User, **values: Any) -> AbuseReport:
    child = values.pop("child", None) or PersonFactory(
        organisation=organisation,
        given_name="Milica",
        family_name="Nikolić",
        birth_date=timezone.localdate() - datetime.timedelta(days=9 * 365),
    )
    fields: dict[str, Any] = {
        "reporter_kind": "school",
        "reporter_name": "Vesna Ilić, pedagog OŠ „Branko Radičević”",
        "reporter_contact": "011 123 4567",
        "received_at": timezone.now() - datetime.timedelta(hours=1),
        "received_how": "phone",
        "abuse_forms": ["neglect"],
        "description": "Devojčica dolazi gladna i u prljavoj odeći, roditelji se ne javljaju.",
        "risk_answers": ["earlier_reports"],
        "urgency": "urgent",
        **values,
    }
    return actions.report_receive(
        organisation=organisation, child=child, acting_user=worker, **fields
    )
