"""Every write of household decisions: registering households, running a vote, sending
and answering its result (Luật 10/2022/QH15, Art. 15–22)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.accounts.selectors import holders_of
from danvan.accounts.validators import normalize_phone
from danvan.audit.services import record_write
from danvan.calendar.selectors import get_calendar
from danvan.core.permissions import require_perm
from danvan.core.text import fold, normalize_text
from danvan.decisions import thresholds
from danvan.decisions.models import (
    CitizenInitiative,
    CommunityDecision,
    DecisionForm,
    DecisionStatus,
    Household,
    HouseholdVote,
    Subject,
    VoteChannel,
    VoteChoice,
)
from danvan.decisions.rules import ANSWER_ROLES
from danvan.notifications.services import notify
from danvan.units.models import AdministrativeUnit, AgencyKind, UnitLevel

NOTICE_DAYS = 2  # Art. 17: households are told at least 2 days ahead
BOARD_MIN, BOARD_MAX = 3, 5  # counting board of 3 to 5 people
RESULT_WORKING_DAYS = 5  # Art. 20: result to the commune within 5 working days
ANSWER_WORKING_DAYS = 5  # the commune recognises or refuses within 5 working days
INITIATIVE_MONTHS = 3  # Art. 16: support must be gathered within 3 months


def _check_village(village: AdministrativeUnit) -> None:
    if village.level != UnitLevel.VILLAGE or not village.is_active:
        raise ValidationError(_("Choose a village in force."))


@transaction.atomic
def register_household(
    *,
    actor: Any,
    village: AdministrativeUnit,
    code: str,
    head_name: str,
    representative: Any = None,
) -> Household:
    require_perm(
        actor,
        "decisions.manage_decisions",
        village,
        message=_("You may not register households of this village."),
    )
    _check_village(village)
    code = normalize_text(code).strip()
    head_name = normalize_text(head_name).strip()
    if not code or not head_name:
        raise ValidationError(_("Give the household code and the name of its head."))
    if Household.objects.filter(village=village, code=code).exists():
        raise ValidationError({"code": _("This village already has a household with this code.")})
    household = Household.objects.create(
        village=village,
        code=code,
        head_name=head_name,
        head_name_folded=fold(head_name),
        representative=representative,
    )
    record_write(
        actor=actor,
        action="decisions.household.create",
        target=household,
        after={"code": code, "village": village.code, "has_account": representative is not None},
        unit_id=village.pk,
    )
    return household


@transaction.atomic
def deactivate_household(*, actor: Any, household: Household) -> Household:
    """Strike a household off the register (moved away, merged): it no longer counts
    towards the bar of votes opened from now on, and may not vote."""
    require_perm(
        actor,
        "decisions.manage_decisions",
        household,
        message=_("You may not change the households of this village."),
    )
    household = Household.objects.select_for_update().get(pk=household.pk)
    if not household.is_active:
        raise ValidationError(_("This household is already struck off the register."))
    household.is_active = False
    household.save(update_fields=["is_active"])
    record_write(
        actor=actor,
        action="decisions.household.deactivate",
        target=household,
        before={"is_active": True},
        after={"is_active": False},
        unit_id=household.village_id,
    )
    return household


def _account_by_phone(raw: str) -> User | None:
    """The active account with this phone number, or None; raises on a malformed number."""
    phone = normalize_phone(raw)
    return User.objects.filter(phone=phone, is_active=True).first()


def _represented_elsewhere(user: User, *, exclude_pk: int | None = None) -> Household | None:
    # One person belongs to one household: a second link would give them two votes.
    others = Household.objects.filter(representative=user, is_active=True)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    return others.select_related("village").first()


@transaction.atomic
def set_representative(*, actor: Any, household: Household, phone: str) -> Household:
    """Link the household to the account registered with ``phone`` so that its
    representative can vote online; an empty ``phone`` removes the link."""
    require_perm(
        actor,
        "decisions.manage_decisions",
        household,
        message=_("You may not change the households of this village."),
    )
    household = Household.objects.select_for_update().get(pk=household.pk)
    if not household.is_active:
        raise ValidationError(_("This household is struck off the register."))
    before = household.representative_id
    phone = normalize_text(phone or "")
    user: User | None = None
    if phone:
        try:
            user = _account_by_phone(phone)
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages}) from None
        if user is None:
            raise ValidationError({"phone": _("No account is registered with this phone number.")})
        other = _represented_elsewhere(user, exclude_pk=household.pk)
        if other is not None:
            raise ValidationError(
                {
                    "phone": _("This account already represents household %(code)s of %(village)s.")
                    % {"code": other.code, "village": other.village.name}
                }
            )
    household.representative = user
    household.save(update_fields=["representative"])
    record_write(
        actor=actor,
        action="decisions.household.representative",
        target=household,
        before={"representative": before},
        after={"representative": user.pk if user else None},
        unit_id=household.village_id,
    )
    return household


MAX_HOUSEHOLDS_PER_IMPORT = 2000
_HEADER_WORDS = {"code", "ma", "ma ho", "ma so", "household code"}


def _csv_text(data: bytes | str) -> str:
    if isinstance(data, str):
        text = data
    else:
        # Spreadsheets save UTF-8 (often with a BOM); old Vietnamese software saves cp1258.
        for encoding in ("utf-8-sig", "cp1258"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValidationError(
                _("The file is not UTF-8 text. Save it as CSV UTF-8 and try again.")
            )
    # A NUL byte means a binary file; PostgreSQL cannot store one in a text column.
    if "\x00" in text:
        raise ValidationError(_("This is not a CSV text file."))
    return text


def _delimiter(text: str) -> str:
    # Spreadsheets set to Vietnamese separate columns with ";" since "," is the decimal mark.
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "," in first:
        return ","
    if ";" in first:
        return ";"
    return "\t" if "\t" in first else ","


@transaction.atomic
def import_households_csv(
    *, actor: Any, village: AdministrativeUnit, data: bytes | str
) -> list[Household]:
    """Register many households from CSV rows ``code, head name[, representative phone]``
    (a header row is recognised and skipped). Every row is checked first: if any row is
    bad, nothing is saved and every problem is reported with its line number."""
    require_perm(
        actor,
        "decisions.manage_decisions",
        village,
        message=_("You may not register households of this village."),
    )
    _check_village(village)
    text = _csv_text(data)
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    existing = set(Household.objects.filter(village=village).values_list("code", flat=True))
    errors: list[str] = []
    rows: list[tuple[str, str, User | None]] = []
    seen: dict[str, int] = {}
    accounts: dict[int, int] = {}
    first = True
    for cells in reader:
        line = reader.line_num
        cells = [normalize_text(cell) for cell in cells]
        if not any(cells):
            continue
        if first and fold(cells[0]) in _HEADER_WORDS:
            first = False
            continue
        first = False
        code = cells[0]
        head_name = cells[1] if len(cells) > 1 else ""
        phone = cells[2] if len(cells) > 2 else ""
        if len(cells) > 3 and any(cells[3:]):
            errors.append(
                _("Line %(line)d: too many columns (code, head name, phone).") % {"line": line}
            )
            continue
        if not code:
            errors.append(_("Line %(line)d: the household code is empty.") % {"line": line})
        elif len(code) > 40:
            errors.append(_("Line %(line)d: the household code is too long.") % {"line": line})
        elif code in seen:
            errors.append(
                _("Line %(line)d: code %(code)s is already on line %(first)d of the file.")
                % {"line": line, "code": code, "first": seen[code]}
            )
        elif code in existing:
            errors.append(
                _("Line %(line)d: the village already has a household with code %(code)s.")
                % {"line": line, "code": code}
            )
        else:
            seen[code] = line
        if not head_name:
            errors.append(_("Line %(line)d: the name of the head is empty.") % {"line": line})
        elif len(head_name) > 200:
            errors.append(_("Line %(line)d: the name of the head is too long.") % {"line": line})
        user: User | None = None
        if phone:
            try:
                user = _account_by_phone(phone)
            except ValidationError:
                user = None
            if user is None:
                errors.append(
                    _("Line %(line)d: no account is registered with phone %(phone)s.")
                    % {"line": line, "phone": phone}
                )
            elif user.pk in accounts:
                errors.append(
                    _("Line %(line)d: phone %(phone)s is already given on line %(first)d.")
                    % {"line": line, "phone": phone, "first": accounts[user.pk]}
                )
            elif (other := _represented_elsewhere(user)) is not None:
                errors.append(
                    _("Line %(line)d: phone %(phone)s already represents household %(code)s.")
                    % {"line": line, "phone": phone, "code": other.code}
                )
            else:
                accounts[user.pk] = line
        rows.append((code, head_name, user))
    if not rows and not errors:
        errors.append(_("The file has no households."))
    if len(rows) > MAX_HOUSEHOLDS_PER_IMPORT:
        errors.append(_("Too many rows (at most %(n)d).") % {"n": MAX_HOUSEHOLDS_PER_IMPORT})
    if errors:
        raise ValidationError(errors)
    created = [
        Household.objects.create(
            village=village,
            code=code,
            head_name=head_name,
            head_name_folded=fold(head_name),
            representative=user,
        )
        for code, head_name, user in rows
    ]
    record_write(
        actor=actor,
        action="decisions.household.import",
        target=village,
        after={
            "created": [h.code for h in created],
            "with_account": sum(1 for h in created if h.representative_id),
        },
        unit_id=village.pk,
    )
    return created


def _clean_board(members: list[str]) -> list[str]:
    board = [normalize_text(name).strip() for name in members]
    board = [name for name in board if name]
    if not BOARD_MIN <= len(board) <= BOARD_MAX:
        raise ValidationError({"counting_board": _("The counting board has 3 to 5 members.")})
    return board


@transaction.atomic
def create_decision(
    *,
    actor: Any,
    village: AdministrativeUnit,
    subject: str,
    title: str,
    form: str,
    noticed_on: date,
    opens_at: datetime,
    closes_at: datetime,
    counting_board: list[str],
) -> CommunityDecision:
    require_perm(
        actor,
        "decisions.manage_decisions",
        village,
        message=_("You may not put matters to the households of this village."),
    )
    _check_village(village)
    errors: dict[str, str] = {}
    if subject not in Subject.values:
        errors["subject"] = _("Choose one of the subjects of the law.")
    if form not in DecisionForm.values:
        errors["form"] = _("Choose a meeting, a household ballot or an online vote.")
    elif form == DecisionForm.ONLINE and subject != Subject.OTHER:
        # Art. 17: only "other matters" may be decided online.
        errors["form"] = _("Only other matters may be decided by an online vote.")
    title = normalize_text(title).strip()
    if not title:
        errors["title"] = _("Give a title.")
    if closes_at <= opens_at:
        errors["closes_at"] = _("The vote must close after it opens.")
    if timezone.localdate(opens_at) - noticed_on < timedelta(days=NOTICE_DAYS):
        errors["noticed_on"] = _("Households must be told at least 2 days before the vote.")
    if errors:
        raise ValidationError(errors)
    board = _clean_board(counting_board)
    decision = CommunityDecision.objects.create(
        village=village,
        subject=subject,
        title=title,
        form=form,
        noticed_on=noticed_on,
        opens_at=opens_at,
        closes_at=closes_at,
        counting_board=board,
        created_by=actor,
    )
    record_write(
        actor=actor,
        action="decisions.decision.create",
        target=decision,
        after={
            "village": village.code,
            "subject": subject,
            "form": form,
            "noticed_on": noticed_on.isoformat(),
            "opens_at": opens_at.isoformat(),
            "closes_at": closes_at.isoformat(),
            "board": board,
        },
        unit_id=village.pk,
    )
    return decision


def _lock(decision: CommunityDecision) -> CommunityDecision:
    # Votes, closing and answers serialise on the decision row.
    return CommunityDecision.objects.select_for_update().get(pk=decision.pk)


def _require_status(decision: CommunityDecision, *allowed: str) -> None:
    if decision.status not in allowed:
        raise ValidationError(
            _("This cannot be done while the decision is %(status)s.")
            % {"status": decision.get_status_display()}
        )


@transaction.atomic
def open_decision(
    *, actor: Any, decision: CommunityDecision, now: datetime | None = None
) -> CommunityDecision:
    require_perm(
        actor,
        "decisions.manage_decisions",
        decision,
        message=_("You may not open this vote."),
    )
    decision = _lock(decision)
    _require_status(decision, DecisionStatus.DRAFT)
    # The households counted are those registered and active at this moment; the
    # opening time lets a household registered later be told it does not vote.
    decision.opened_at = now or timezone.now()
    total = Household.objects.filter(
        village=decision.village, is_active=True, created_at__lte=decision.opened_at
    ).count()
    if total == 0:
        raise ValidationError(_("Register the households of the village first."))
    decision.status = DecisionStatus.OPEN
    decision.households_total = total
    decision.threshold = thresholds.threshold_for(decision.subject)
    decision.save(update_fields=["status", "opened_at", "households_total", "threshold"])
    record_write(
        actor=actor,
        action="decisions.decision.open",
        target=decision,
        after={"households_total": total, "threshold": decision.threshold},
        unit_id=decision.village_id,
    )
    if decision.form == DecisionForm.ONLINE:
        # Representatives with an account are told their household may now vote.
        notify(
            recipients=User.objects.filter(
                households__village=decision.village, households__is_active=True
            ),
            topic="decisions.vote_open",
            title=_("Your household is asked to vote: %(title)s") % {"title": decision.title},
            body=_("Voting closes at %(when)s.")
            % {"when": timezone.localtime(decision.closes_at).strftime("%H:%M %d/%m/%Y")},
            url=reverse("decision-votes:vote", args=[decision.pk]),
        )
    return decision


def _has_voted(decision: CommunityDecision, household: Household) -> bool:
    return HouseholdVote.objects.filter(decision=decision, household=household).exists()


def _record_vote(
    *,
    actor: Any,
    decision: CommunityDecision,
    household: Household,
    choice: str,
    channel: str,
    now: datetime | None,
) -> HouseholdVote:
    now = now or timezone.now()
    decision = _lock(decision)
    if decision.status != DecisionStatus.OPEN or not decision.opens_at <= now < decision.closes_at:
        raise ValidationError(_("Votes are accepted only while the vote is open."))
    if choice not in VoteChoice.values:
        raise ValidationError({"choice": _("Choose agree, disagree or abstain.")})
    household = Household.objects.get(pk=household.pk)
    if household.village_id != decision.village_id or not household.is_active:
        raise ValidationError(_("This household does not vote in this village."))
    if decision.opened_at is not None and household.created_at > decision.opened_at:
        raise ValidationError(_("This household was registered after the vote opened."))
    if _has_voted(decision, household):
        raise ValidationError(_("This household has already voted."))
    try:
        # The unique constraint catches a concurrent second vote the check above missed.
        with transaction.atomic():
            vote = HouseholdVote.objects.create(
                decision=decision,
                household=household,
                choice=choice,
                channel=channel,
                entered_by=actor,
                cast_at=now,
            )
    except IntegrityError:
        raise ValidationError(_("This household has already voted.")) from None
    record_write(
        actor=actor,
        action=f"decisions.vote.{channel}",
        target=vote,
        after={"decision": decision.pk, "household": household.code, "choice": choice},
        unit_id=decision.village_id,
    )
    return vote


@transaction.atomic
def enter_paper_vote(
    *,
    actor: Any,
    decision: CommunityDecision,
    household: Household,
    choice: str,
    now: datetime | None = None,
) -> HouseholdVote:
    """A ballot (or a vote at the meeting) counted by the board and entered by staff."""
    require_perm(
        actor,
        "decisions.manage_decisions",
        decision,
        message=_("You may not enter votes for this village."),
    )
    return _record_vote(
        actor=actor,
        decision=decision,
        household=household,
        choice=choice,
        channel=VoteChannel.PAPER,
        now=now,
    )


@transaction.atomic
def cast_online_vote(
    *,
    actor: Any,
    decision: CommunityDecision,
    household: Household,
    choice: str,
    now: datetime | None = None,
) -> HouseholdVote:
    """The representative of a household votes for it online."""
    # Judge by the stored household, not by what the caller holds in memory.
    household = Household.objects.get(pk=household.pk)
    require_perm(
        actor,
        "decisions.cast_online_vote",
        household,
        message=_("You may vote online only for your own household."),
    )
    if decision.form != DecisionForm.ONLINE:
        raise ValidationError(_("This matter is not decided online."))
    return _record_vote(
        actor=actor,
        decision=decision,
        household=household,
        choice=choice,
        channel=VoteChannel.ONLINE,
        now=now,
    )


@transaction.atomic
def close_decision(
    *, actor: Any, decision: CommunityDecision, minutes: str = "", now: datetime | None = None
) -> CommunityDecision:
    """Stop the vote, count it and apply the threshold of Art. 21."""
    require_perm(
        actor,
        "decisions.manage_decisions",
        decision,
        message=_("You may not close this vote."),
    )
    now = now or timezone.now()
    decision = _lock(decision)
    _require_status(decision, DecisionStatus.OPEN)
    counts = dict.fromkeys(VoteChoice.values, 0)
    for choice in HouseholdVote.objects.filter(decision=decision).values_list("choice", flat=True):
        counts[choice] += 1
    total = decision.households_total or 0
    result = thresholds.outcome(decision.subject, agree=counts[VoteChoice.AGREE], total=total)
    closed_on = timezone.localdate(now)
    decision.status = DecisionStatus.CLOSED
    decision.votes_agree = counts[VoteChoice.AGREE]
    decision.votes_disagree = counts[VoteChoice.DISAGREE]
    decision.votes_abstain = counts[VoteChoice.ABSTAIN]
    decision.passed = result.passed
    decision.minutes = normalize_text(minutes).strip()
    decision.closed_at = now
    decision.send_due_on = get_calendar().add_working_days(closed_on, RESULT_WORKING_DAYS).due
    decision.save()
    record_write(
        actor=actor,
        action="decisions.decision.close",
        target=decision,
        after={
            **counts,
            "households_total": total,
            "threshold": result.threshold,
            "passed": result.passed,
            "citation": result.citation,
            "send_due_on": decision.send_due_on.isoformat(),
        },
        unit_id=decision.village_id,
    )
    return decision


@transaction.atomic
def send_result(*, actor: Any, decision: CommunityDecision, sent_on: date) -> CommunityDecision:
    """The village sends the result to the commune; late sending is recorded, not refused."""
    require_perm(
        actor,
        "decisions.manage_decisions",
        decision,
        message=_("You may not record the sending of this result."),
    )
    decision = _lock(decision)
    _require_status(decision, DecisionStatus.CLOSED)
    closed_at, send_due_on = decision.closed_at, decision.send_due_on
    if closed_at is None or send_due_on is None:  # both are set when the vote is counted
        raise ValidationError(_("This vote has not been counted."))
    if sent_on < timezone.localdate(closed_at):
        raise ValidationError({"sent_on": _("The result cannot be sent before the vote closed.")})
    decision.status = DecisionStatus.SENT
    decision.sent_on = sent_on
    decision.sent_late = sent_on > send_due_on
    decision.answer_due_on = get_calendar().add_working_days(sent_on, ANSWER_WORKING_DAYS).due
    decision.save(update_fields=["status", "sent_on", "sent_late", "answer_due_on"])
    record_write(
        actor=actor,
        action="decisions.decision.send",
        target=decision,
        after={
            "sent_on": sent_on.isoformat(),
            "late": decision.sent_late,
            "answer_due_on": decision.answer_due_on.isoformat(),
        },
        unit_id=decision.village_id,
    )
    # The commune's leaders have 5 working days to recognise or refuse the result.
    commune = decision.village.parent
    committee = (
        commune.agencies.filter(kind=AgencyKind.PEOPLES_COMMITTEE).first() if commune else None
    )
    if committee is not None:
        notify(
            recipients=holders_of(committee, ANSWER_ROLES),
            topic="decisions.result_sent",
            title=_("A village's vote awaits recognition: %(title)s") % {"title": decision.title},
            body=_("Recognise or refuse it by %(due)s.")
            % {"due": decision.answer_due_on.strftime("%d/%m/%Y")},
            url=reverse("decisions:detail", args=[decision.pk]),
        )
    return decision


@transaction.atomic
def answer_result(
    *,
    actor: Any,
    decision: CommunityDecision,
    recognised: bool,
    answered_on: date,
    reason: str = "",
) -> CommunityDecision:
    """The commune chair recognises the result or refuses it in writing, with reasons."""
    require_perm(
        actor,
        "decisions.answer_results",
        decision,
        message=_("Only the commune's leader may recognise or refuse this result."),
    )
    decision = _lock(decision)
    _require_status(decision, DecisionStatus.SENT)
    received_on, answer_due_on = decision.sent_on, decision.answer_due_on
    if received_on is None or answer_due_on is None:  # both are set when the result is sent
        raise ValidationError(_("This result has not been sent."))
    reason = normalize_text(reason).strip()
    if not recognised and not reason:
        raise ValidationError({"reason": _("Give the reasons for refusing the result.")})
    if answered_on < received_on:
        raise ValidationError({"answered_on": _("The answer cannot precede the result.")})
    decision.status = DecisionStatus.RECOGNISED if recognised else DecisionStatus.REFUSED
    decision.answered_on = answered_on
    decision.answered_late = answered_on > answer_due_on
    decision.answer_reason = reason
    decision.save(update_fields=["status", "answered_on", "answered_late", "answer_reason"])
    record_write(
        actor=actor,
        action="decisions.decision.answer",
        target=decision,
        after={
            "status": decision.status,
            "answered_on": answered_on.isoformat(),
            "late": decision.answered_late,
        },
        reason=reason,
        unit_id=decision.village_id,
    )
    return decision


def _add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day if it has fewer days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has 28 days


@transaction.atomic
def propose_initiative(
    *, actor: Any, village: AdministrativeUnit, title: str, proposed_on: date
) -> CitizenInitiative:
    require_perm(
        actor,
        "decisions.manage_decisions",
        village,
        message=_("You may not record initiatives of this village."),
    )
    _check_village(village)
    title = normalize_text(title).strip()
    if not title:
        raise ValidationError({"title": _("Give a title.")})
    initiative = CitizenInitiative.objects.create(
        village=village,
        title=title,
        proposed_on=proposed_on,
        valid_until=_add_months(proposed_on, INITIATIVE_MONTHS),
    )
    record_write(
        actor=actor,
        action="decisions.initiative.create",
        target=initiative,
        after={"village": village.code, "valid_until": initiative.valid_until.isoformat()},
        unit_id=village.pk,
    )
    return initiative


@transaction.atomic
def add_initiative_support(
    *, actor: Any, initiative: CitizenInitiative, household: Household, on: date
) -> CitizenInitiative:
    """Record one household's support (signed on paper, entered by staff)."""
    require_perm(
        actor,
        "decisions.manage_decisions",
        initiative,
        message=_("You may not record support for this initiative."),
    )
    initiative = CitizenInitiative.objects.select_for_update().get(pk=initiative.pk)
    if not initiative.proposed_on <= on <= initiative.valid_until:
        raise ValidationError(_("This initiative is no longer open for support."))
    if household.village_id != initiative.village_id or not household.is_active:
        raise ValidationError(_("This household does not belong to the village."))
    if initiative.supporters.filter(pk=household.pk).exists():
        raise ValidationError(_("This household already supports the initiative."))
    initiative.supporters.add(household)
    total = Household.objects.filter(village_id=initiative.village_id, is_active=True).count()
    supporters = initiative.supporters.count()
    if initiative.supported_on is None and thresholds.initiative_supported(
        supporters=supporters, total=total
    ):
        initiative.supported_on = on
        initiative.save(update_fields=["supported_on"])
    record_write(
        actor=actor,
        action="decisions.initiative.support",
        target=initiative,
        after={"household": household.code, "supporters": supporters, "households": total},
        unit_id=initiative.village_id,
    )
    return initiative
