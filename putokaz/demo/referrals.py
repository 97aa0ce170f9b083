"""Demo referrals: Zemun's Center for Social Welfare refers returnee families to the NGO's
legal aid, at every step of the lifecycle, one of them overdue."""

import datetime

from django.utils import timezone

from putokaz.accounts.models import Organisation, User
from putokaz.cases.models import Case, CaseNote
from putokaz.directory.models import Service
from putokaz.notifications.models import Notification
from putokaz.referrals.models import Outcome, Referral, ReferralEvent, Section, Status
from putokaz.referrals.response_times import response_time_for

# (status reached, days ago it was sent, urgency)
STEPS = [
    (Status.SENT, 0, "urgent"),
    (Status.SENT, 8, "regular"),  # past its acknowledgement time
    (Status.ACKNOWLEDGED, 2, "regular"),
    (Status.ACCEPTED, 6, "regular"),
    (Status.IN_PROGRESS, 12, "urgent"),
    (Status.COMPLETED, 40, "regular"),
    (Status.DECLINED, 20, "regular"),
]
PATH = [Status.SENT, Status.ACKNOWLEDGED, Status.ACCEPTED, Status.IN_PROGRESS, Status.COMPLETED]


def _reference_name(case: Case) -> str:
    reference = case.household.reference_person() if case.household else None
    return reference.full_name if reference else ""


def load(organisations: dict[str, Organisation], workers: dict[str, User]) -> None:
    """Add the demo referrals once."""
    csw, ngo = organisations["csw-zemun"], organisations["ngo-roma"]
    if Referral.objects.filter(from_organisation=csw).exists():
        return
    service = Service.objects.filter(organisation=ngo, name_sr_latn__startswith="Besplatna").first()
    sender, receiver = workers["case-worker@putokaz.test"], workers["ngo-worker@putokaz.test"]
    cases = list(
        Case.objects.filter(organisation=csw, household__isnull=False)
        .exclude(status="closed")
        .order_by("pk")[: len(STEPS)]
    )
    now = timezone.now()
    for case, (status, days_ago, urgency) in zip(cases, STEPS, strict=False):
        sent_at = now - datetime.timedelta(days=days_ago, hours=2)
        limits = response_time_for(urgency)
        referral = Referral.objects.create(
            case=case,
            household=case.household,
            from_organisation=csw,
            referred_by=sender,
            to_organisation=ngo,
            to_service=service,
            reason="Porodici je potrebna pravna pomoć oko prijave prebivališta i ličnih karata.",
            needs=["documents"],
            urgency=urgency,
            consent_by="self",
            consent_name=_reference_name(case),
            consent_on=timezone.localdate(sent_at),
            consent_method="verbal",
            consent_witness="Ana Marković, CSR Zemun",
            shared_sections=[Section.IDENTITY, Section.CONTACT, Section.ASSESSMENT],
            status=status,
            sent_at=sent_at,
            acknowledge_due=limits.acknowledge_due(sent_at),
            complete_due=limits.complete_due(sent_at),
        )
        if case.household is not None:
            referral.consented_people.set([m.person for m in case.household.current_members()])
        note = CaseNote.objects.filter(case=case, confidential=False).first()
        if note is not None:
            referral.shared_notes.add(note)
        reached = (
            [Status.SENT, Status.DECLINED]
            if status == Status.DECLINED
            else PATH[: PATH.index(status) + 1]
        )
        at = sent_at
        for before, after in zip(["", *reached], reached, strict=False):
            ReferralEvent.objects.create(
                referral=referral,
                from_status=before,
                to_status=after,
                actor=sender if after == Status.SENT else receiver,
                organisation=csw if after == Status.SENT else ngo,
                at=at,
                note="Nismo nadležni za ovu opštinu." if after == Status.DECLINED else "",
            )
            at += datetime.timedelta(hours=20)
        fields: dict[str, object] = {}
        if status != Status.SENT:
            fields["acknowledged_at"] = sent_at + datetime.timedelta(hours=20)
        if status in (Status.ACCEPTED, Status.IN_PROGRESS, Status.COMPLETED, Status.DECLINED):
            fields["decided_at"] = sent_at + datetime.timedelta(hours=40)
            fields["handled_by"] = receiver if status != Status.DECLINED else None
        if status == Status.DECLINED:
            fields["decline_reason"] = "Nismo nadležni za ovu opštinu."
        if status == Status.COMPLETED:
            fields["completed_at"] = sent_at + datetime.timedelta(days=25)
            fields["outcome"] = Outcome.MET
            fields["outcome_note"] = "Prebivalište prijavljeno, lične karte izdate."
        Referral.objects.filter(pk=referral.pk).update(**fields)
        if status == Status.SENT:
            Notification.objects.create(
                user=receiver,
                kind="referral_received",
                params={
                    "from": str(csw),
                    "to": str(ngo),
                    "service": service.name if service else "",
                },
                url=referral.get_absolute_url(),
                emailed_at=now,
            )
