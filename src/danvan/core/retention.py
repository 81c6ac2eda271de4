"""Retention of personal data: the periods as data, and the job that anonymises records
whose period has run out (``danvan apply-retention``, and the daily worker task).

Anonymising replaces the names, addresses, phones, e-mails and ID numbers of the people
in a record (with their folded copies and keyed digests) by a marker or nothing, and
unlinks their accounts. It keeps what the statistics, the reports and the audit chain
count on: the rows themselves, their units, dates, kinds, statuses and outcomes. Nothing
is deleted. Each period runs from the day the record *ended* (the last step of a closed
case, the day a member left…), never from its creation. Every run is idempotent: an
anonymised row carries the marker and is not selected again. Rows are changed in
batches of ``DANVAN_RETENTION_BATCH``, a transaction each, so a large table never holds
one long lock and an interrupted run is finished by the next. One audit entry per run
gives the counts per record type.

The periods live in ``settings.DANVAN_RETENTION_DAYS`` (``DANVAN_RETENTION_<CODE>_DAYS``
in the environment); docs/personal-data.md explains each one and what is still to be
confirmed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils import timezone

from danvan.audit.services import record_write

# What replaces a name or a free text written by or about a person. IDs, phones and
# e-mails become empty instead: an empty value is "none given" everywhere, and a marker
# in an encrypted field would get a digest on the next key rotation.
MARK = "[đã ẩn danh]"


@dataclass(frozen=True)
class RetentionRule:
    code: str
    record: str  # what the rule applies to
    ends: str  # the day the period starts from
    basis: str  # why the data is held and why this long
    # cutoff → the rows still to anonymise (those whose period ended before it)
    select: Callable[[date], models.QuerySet[Any]]
    # ids of one batch → anonymised
    apply: Callable[[list[int]], None]

    @property
    def days(self) -> int:
        return int(settings.DANVAN_RETENTION_DAYS.get(self.code, 0))


# --- petitions -------------------------------------------------------------------------


def _petitions_due(cutoff: date) -> models.QuerySet[Any]:
    from danvan.petitions.models import OPEN_STATUSES, Petition, PetitionEvent

    last_step = (
        PetitionEvent.objects.filter(petition=OuterRef("pk"))
        .order_by("-effective_on")
        .values("effective_on")[:1]
    )
    # A family with an open paper, or one that moved after the cutoff, is still a live
    # matter: a repeat or second-instance complaint needs the earlier papers' people.
    live_families = Petition.objects.filter(
        Q(status__in=OPEN_STATUSES) | Q(events__effective_on__gte=cutoff),
        family__isnull=False,
    ).values("family_id")
    return (
        Petition.objects.exclude(status__in=OPEN_STATUSES)
        .exclude(content=MARK)
        .annotate(ended_on=Coalesce(Subquery(last_step), "closed_on", "received_on"))
        .filter(ended_on__lt=cutoff)
        .exclude(family_id__in=live_families)
    )


def _anonymise_petitions(ids: list[int]) -> None:
    from danvan.notifications.models import Delivery
    from danvan.open311.models import ServiceRequest
    from danvan.petitions.models import Petition, ProtectedIdentity
    from danvan.satisfaction.models import SatisfactionRating

    rows = Petition.objects.filter(pk__in=ids)
    rows.exclude(petitioner_name="").update(petitioner_name=MARK)
    rows.exclude(petitioner_address="").update(petitioner_address=MARK)
    rows.update(
        petitioner_phone="",
        petitioner_email="",
        petitioner_citizen_id="",
        petitioner_citizen_id_digest="",
        petitioner_key="",
        petitioner_user=None,
        content=MARK,
        content_folded="",
        # Open forms of this case are now stale (optimistic locking).
        version=models.F("version") + 1,
    )
    ProtectedIdentity.objects.filter(petition_id__in=ids).update(
        name="",
        address="",
        phone="",
        email="",
        citizen_id="",
        person_key="",
        phone_digest="",
        citizen_id_digest="",
        person_digest="",
    )
    SatisfactionRating.objects.filter(petition_id__in=ids).exclude(comment="").update(comment=MARK)
    Delivery.objects.filter(notice__petition_id__in=ids).update(address_hint="", last_error="")
    ServiceRequest.objects.filter(petition_id__in=ids).update(media_url="")


# --- reception register ----------------------------------------------------------------


def _visits_due(cutoff: date) -> models.QuerySet[Any]:
    from danvan.petitions.models import OPEN_STATUSES
    from danvan.reception.models import Visit

    return (
        Visit.objects.exclude(content=MARK)
        .annotate(visited_on=TruncDate("visited_at"))
        .filter(visited_on__lt=cutoff)
        # Kept while a petition made at the visit is still being handled.
        .exclude(petitions__status__in=OPEN_STATUSES)
    )


def _anonymise_visits(ids: list[int]) -> None:
    from danvan.reception.models import Visit

    rows = Visit.objects.filter(pk__in=ids)
    for visit in rows.only("pk", "representatives"):
        if visit.representatives:
            Visit.objects.filter(pk=visit.pk).update(
                representatives=[MARK] * len(visit.representatives)
            )
    rows.exclude(full_name="").update(full_name=MARK)
    rows.exclude(address="").update(address=MARK)
    rows.exclude(documents_provided="").update(documents_provided=MARK)
    rows.exclude(result_notes="").update(result_notes=MARK)
    rows.update(phone="", identity_document="", content=MARK)


# --- household register ----------------------------------------------------------------


def _households_due(cutoff: date) -> models.QuerySet[Any]:
    from danvan.audit.models import AuditEntry
    from danvan.decisions.models import Household, HouseholdVote

    # The register keeps no date of striking off; the audit entry of that step does.
    struck_off = (
        AuditEntry.objects.filter(
            action="decisions.household.deactivate",
            target_type="decisions.household",
            target_id=Cast(OuterRef("pk"), output_field=models.CharField()),
        )
        .order_by("-seq")
        .values("occurred_at")[:1]
    )
    recent_votes = HouseholdVote.objects.filter(cast_at__date__gte=cutoff).values("household_id")
    return (
        Household.objects.filter(is_active=False, created_at__date__lt=cutoff)
        .exclude(head_name=MARK)
        .annotate(struck_off_at=Subquery(struck_off))
        .filter(Q(struck_off_at__isnull=True) | Q(struck_off_at__date__lt=cutoff))
        .exclude(pk__in=recent_votes)
    )


def _anonymise_households(ids: list[int]) -> None:
    from danvan.decisions.models import Household

    Household.objects.filter(pk__in=ids).update(
        head_name=MARK, head_name_folded="", representative=None
    )


# --- people's boards -------------------------------------------------------------------


def _board_members_due(cutoff: date) -> models.QuerySet[Any]:
    from danvan.boards.models import BoardMember

    return (
        BoardMember.objects.exclude(full_name=MARK)
        .annotate(
            left=Coalesce("left_on", "board__dissolved_on", "board__term_ends_on"),
        )
        .filter(left__lt=cutoff)
    )


def _anonymise_board_members(ids: list[int]) -> None:
    from danvan.boards.models import BoardMember

    BoardMember.objects.filter(pk__in=ids).update(
        full_name=MARK,
        full_name_folded="",
        citizen_id="",
        citizen_id_digest="",
        phone="",
        user=None,
    )


# --- mediation -------------------------------------------------------------------------


def _mediation_cases_due(cutoff: date) -> models.QuerySet[Any]:
    from danvan.mediation.models import CaseStatus, MediationCase

    return MediationCase.objects.filter(status=CaseStatus.CLOSED, closed_on__lt=cutoff).exclude(
        summary=MARK
    )


def _anonymise_mediation_cases(ids: list[int]) -> None:
    from danvan.mediation.models import MediationCase, MediationSession

    for case in MediationCase.objects.filter(pk__in=ids).only("pk", "parties"):
        parties = case.parties if isinstance(case.parties, list) else []
        MediationCase.objects.filter(pk=case.pk).update(parties=[MARK] * len(parties))
    rows = MediationCase.objects.filter(pk__in=ids)
    rows.exclude(agreement="").update(agreement=MARK)
    rows.update(summary=MARK)
    MediationSession.objects.filter(case_id__in=ids).exclude(notes="").update(notes=MARK)


def _mediators_due(cutoff: date) -> models.QuerySet[Any]:
    from danvan.mediation.models import MediationMember

    return (
        MediationMember.objects.exclude(full_name=MARK)
        .annotate(left=Coalesce("left_on", "team__dissolved_on"))
        .filter(left__lt=cutoff)
        # Their cases name them as mediators: wait until those are anonymised too.
        .exclude(cases__status="open")
    )


def _anonymise_mediators(ids: list[int]) -> None:
    from danvan.mediation.models import MediationMember

    rows = MediationMember.objects.filter(pk__in=ids)
    rows.exclude(leave_reason="").update(leave_reason=MARK)
    rows.update(full_name=MARK)


# --- meetings and consultations --------------------------------------------------------


def _questions_due(cutoff: date) -> models.QuerySet[Any]:
    from danvan.dialogues.models import Question

    return (
        Question.objects.exclude(asked_by="")
        .exclude(asked_by=MARK)
        .annotate(
            ended=Coalesce(
                "meeting__held_on", "meeting__cancelled_on", TruncDate("meeting__scheduled_at")
            )
        )
        .filter(ended__lt=cutoff)
    )


def _anonymise_questions(ids: list[int]) -> None:
    from danvan.dialogues.models import Question

    Question.objects.filter(pk__in=ids).update(asked_by=MARK)


def _comments_due(cutoff: date) -> models.QuerySet[Any]:
    from danvan.consultations.models import Comment

    return (
        Comment.objects.filter(
            Q(author_user__isnull=False) | ~Q(author_name="") | ~Q(sender_hash="")
        )
        .exclude(author_name=MARK, author_user__isnull=True, sender_hash="")
        .annotate(
            ended=Coalesce(
                TruncDate("consultation__closed_at"),
                "consultation__published_on",
                "consultation__closes_on",
            )
        )
        .filter(ended__lt=cutoff)
    )


def _anonymise_comments(ids: list[int]) -> None:
    from danvan.consultations.models import Comment

    rows = Comment.objects.filter(pk__in=ids)
    rows.exclude(author_name="").update(author_name=MARK)
    rows.update(author_user=None, sender_hash="")


# --- keyed hashes of network addresses ---------------------------------------------------


def _submissions_due(cutoff: date) -> models.QuerySet[Any]:
    from danvan.portal.models import OnlineSubmission

    return OnlineSubmission.objects.exclude(sender_hash="").filter(created_at__date__lt=cutoff)


def _clear_submission_hashes(ids: list[int]) -> None:
    from danvan.portal.models import OnlineSubmission

    OnlineSubmission.objects.filter(pk__in=ids).update(sender_hash="")


def _comment_hashes_due(cutoff: date) -> models.QuerySet[Any]:
    from danvan.consultations.models import Comment

    return Comment.objects.exclude(sender_hash="").filter(created_at__date__lt=cutoff)


def _clear_comment_hashes(ids: list[int]) -> None:
    from danvan.consultations.models import Comment

    Comment.objects.filter(pk__in=ids).update(sender_hash="")


RULES: tuple[RetentionRule, ...] = (
    RetentionRule(
        code="petition",
        record="petitions, their denouncers' protected identities, ratings' comments, "
        "delivery hints and Open311 photo links",
        ends="the last step of the case, once every paper of its case family has ended",
        basis="Luật Khiếu nại 2011, Luật Tố cáo 2018, Luật Tiếp công dân 2013; "
        "archives schedule for complaint and denunciation files (to be confirmed)",
        select=_petitions_due,
        apply=_anonymise_petitions,
    ),
    RetentionRule(
        code="visit",
        record="lines of the citizen reception register",
        ends="the day of the visit, once no petition made at it is open",
        basis="Luật Tiếp công dân 2013, Art. 25 (register); archives schedule (to be confirmed)",
        select=_visits_due,
        apply=_anonymise_visits,
    ),
    RetentionRule(
        code="household",
        record="households struck off the register",
        ends="the day struck off, or its last vote if later",
        basis="Luật Thực hiện dân chủ ở cơ sở 2022, Art. 15–22",
        select=_households_due,
        apply=_anonymise_households,
    ),
    RetentionRule(
        code="board_member",
        record="members of people's boards",
        ends="the day the member left, or the board's dissolution or end of term",
        basis="Luật Thực hiện dân chủ ở cơ sở 2022, Art. 36–45",
        select=_board_members_due,
        apply=_anonymise_board_members,
    ),
    RetentionRule(
        code="mediation_case",
        record="closed mediation cases (parties, summary, agreement, session notes)",
        ends="the day the case was closed",
        basis="Luật Hòa giải ở cơ sở 2013 (to be confirmed)",
        select=_mediation_cases_due,
        apply=_anonymise_mediation_cases,
    ),
    RetentionRule(
        code="mediator",
        record="mediators who left their team",
        ends="the day they left, or the team's dissolution",
        basis="Luật Hòa giải ở cơ sở 2013 (to be confirmed)",
        select=_mediators_due,
        apply=_anonymise_mediators,
    ),
    RetentionRule(
        code="meeting_question",
        record="names of people who asked questions at dialogues and village meetings",
        ends="the day the meeting was held or cancelled",
        basis="Luật Thực hiện dân chủ ở cơ sở 2022, Art. 32–33",
        select=_questions_due,
        apply=_anonymise_questions,
    ),
    RetentionRule(
        code="consultation_comment",
        record="names, accounts and connection hashes of people who commented on drafts",
        ends="the day the consultation closed",
        basis="Luật Thực hiện dân chủ ở cơ sở 2022, Art. 25–28",
        select=_comments_due,
        apply=_anonymise_comments,
    ),
    RetentionRule(
        code="sender_hash",
        record="keyed hashes of portal senders' network addresses",
        ends="the day the petition was sent",
        basis="rate limits only need the last hour",
        select=_submissions_due,
        apply=_clear_submission_hashes,
    ),
    RetentionRule(
        code="comment_sender_hash",
        record="keyed hashes of commenters' network addresses",
        ends="the day the comment was sent",
        basis="rate limits only need the last hour",
        select=_comment_hashes_due,
        apply=_clear_comment_hashes,
    ),
)


def rule(code: str) -> RetentionRule:
    return next(r for r in RULES if r.code == code)


def apply_retention(
    *, today: date | None = None, dry_run: bool = False, batch_size: int | None = None
) -> dict[str, int]:
    """Anonymise every record past its period; the number of records per rule. With
    ``dry_run`` nothing changes and nothing is logged: the counts say what would be."""
    today = today or timezone.localdate()
    batch = max(1, batch_size or settings.DANVAN_RETENTION_BATCH)
    counts: dict[str, int] = {}
    for item in RULES:
        if item.days <= 0:
            continue
        cutoff = today - timedelta(days=item.days)
        if dry_run:
            counts[item.code] = item.select(cutoff).count()
            continue
        done = 0
        last = 0
        while True:
            with transaction.atomic():
                # Keyset batches: each one starts after the last id done, so a batch
                # never reads the rows before it again.
                ids = list(
                    item.select(cutoff)
                    .filter(pk__gt=last)
                    .order_by("pk")
                    .values_list("pk", flat=True)[:batch]
                )
                if not ids:
                    break
                item.apply(ids)
            last = ids[-1]
            done += len(ids)
        counts[item.code] = done
    if not dry_run:
        record_write(
            actor=None,
            action="privacy.apply_retention",
            after={"on": today, "counts": counts},
        )
    return counts
