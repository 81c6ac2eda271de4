"""The retention job: records past their period lose the people in them and keep what
the statistics and the audit chain need; nothing is deleted; runs are idempotent."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from danvan.audit.models import AuditEntry
from danvan.audit.selectors import verify_chain
from danvan.boards import services as boards
from danvan.boards.models import BoardKind, BoardMember
from danvan.cases.models import CaseFamily
from danvan.consultations.models import Comment
from danvan.core.retention import MARK, RULES, apply_retention
from danvan.decisions import services as decisions
from danvan.decisions.models import Household
from danvan.figures.models import PetitionFact
from danvan.mediation import services as mediation
from danvan.mediation.models import MediationCase, MediationMember
from danvan.petitions import services as petitions
from danvan.petitions.models import Petition, ProtectedIdentity, Status
from danvan.portal.models import OnlineSubmission
from danvan.reception.models import Visit
from danvan.reception.services import VisitInput, open_session, record_visit
from danvan.satisfaction.models import SatisfactionRating
from danvan.units.services import add_village
from tests.privacy.conftest import PERSON, receive

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
# 15 years after the spring of 2026: every closed case of that spring is past its period.
LATER = date(2041, 6, 1)


def withdrawn(staff, petition: Petition, on: str = "2026-03-05") -> Petition:
    return petitions.withdraw(
        actor=staff.officer,
        petition=petition,
        expected_version=petition.version,
        reason="Công dân rút đơn",
        effective_on=date.fromisoformat(on),
    )


def runs() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action="privacy.apply_retention").order_by("seq"))


@pytest.fixture
def agency(tree):
    return tree.agency(tree.ba_dinh)


def test_a_closed_petition_past_its_period_loses_the_person_and_keeps_its_figures(
    tree, staff, agency
):
    petition = withdrawn(staff, receive(agency))
    fact_before = PetitionFact.objects.filter(petition_id=petition.pk).values().first()
    assert petition.petitioner_citizen_id_digest
    assert petition.petitioner_key

    counts = apply_retention(today=LATER)

    assert counts["petition"] == 1
    after = Petition.objects.get(pk=petition.pk)
    assert after.petitioner_name == MARK
    assert after.petitioner_address == MARK
    assert after.content == MARK
    for name in (
        "petitioner_phone",
        "petitioner_email",
        "petitioner_citizen_id",
        "petitioner_citizen_id_digest",
        "petitioner_key",
        "content_folded",
    ):
        assert getattr(after, name) == "", name
    # What the statistics count is untouched, and the row still exists.
    for name in ("tracking_code", "kind", "channel", "status", "received_on", "closed_on"):
        assert getattr(after, name) == getattr(petition, name), name
    assert (after.agency_id, after.unit_id, after.unit_path) == (
        petition.agency_id,
        petition.unit_id,
        petition.unit_path,
    )
    assert after.version == petition.version + 1
    assert PetitionFact.objects.filter(petition_id=petition.pk).values().first() == fact_before
    # Nothing of the person is left anywhere in the stored row.
    stored = str(Petition.objects.filter(pk=petition.pk).values().first())
    for value in ("Quỳnhhoa", "Hòe Nhai", "246", "quynhhoa", "001190012345", "lấn lối"):
        assert value not in stored, value


def test_open_and_recent_petitions_are_kept(tree, staff, agency):
    still_open = receive(agency, on="2020-01-06")
    recent = withdrawn(staff, receive(agency), on="2026-03-05")

    # 15 years after March 2026 minus a day: the withdrawn case is not yet due.
    counts = apply_retention(today=date(2041, 2, 1))

    assert counts["petition"] == 0
    assert Petition.objects.get(pk=still_open.pk).petitioner_name == PERSON["petitioner_name"]
    assert Petition.objects.get(pk=recent.pk).petitioner_name == PERSON["petitioner_name"]
    # The open one stays even long after.
    apply_retention(today=date(2060, 1, 1))
    assert Petition.objects.get(pk=still_open.pk).petitioner_name == PERSON["petitioner_name"]
    assert Petition.objects.get(pk=recent.pk).petitioner_name == MARK


def test_a_paper_whose_case_family_is_still_open_is_kept(tree, staff, agency):
    old = withdrawn(staff, receive(agency))
    repeat = receive(agency, on="2026-04-01")
    family = CaseFamily.objects.get(pk=repeat.family_id)
    Petition.objects.filter(pk=old.pk).update(family=family)

    apply_retention(today=LATER)

    assert Petition.objects.get(pk=old.pk).petitioner_name == PERSON["petitioner_name"]


def test_a_denouncers_protected_identity_is_emptied(tree, staff, agency):
    denunciation = withdrawn(staff, receive(agency, kind="denunciation"))
    identity = ProtectedIdentity.objects.get(petition=denunciation)
    assert identity.name == PERSON["petitioner_name"]
    assert identity.person_digest

    apply_retention(today=LATER)

    identity = ProtectedIdentity.objects.get(petition=denunciation)
    for name in (
        "name",
        "address",
        "phone",
        "email",
        "citizen_id",
        "person_key",
        "phone_digest",
        "citizen_id_digest",
        "person_digest",
    ):
        assert getattr(identity, name) == "", name
    assert Petition.objects.get(pk=denunciation.pk).kind == "denunciation"


def test_a_rating_comment_goes_with_its_case(tree, staff, agency):
    petition = withdrawn(staff, receive(agency))
    SatisfactionRating.objects.create(
        petition=petition,
        unit=petition.unit,
        unit_path=petition.unit_path,
        score=4,
        comment="Cán bộ Hùng nhiệt tình",
        rated_on=date(2026, 3, 10),
    )
    apply_retention(today=LATER)
    rating = SatisfactionRating.objects.get(petition=petition)
    assert (rating.score, rating.comment) == (4, MARK)


def test_runs_are_idempotent_and_each_run_is_audited_once(tree, staff, agency):
    for _ in range(3):
        withdrawn(staff, receive(agency))
    before = len(runs())

    first = apply_retention(today=LATER, batch_size=2)
    second = apply_retention(today=LATER, batch_size=2)

    assert first["petition"] == 3
    assert second["petition"] == 0
    entries = runs()[before:]
    assert len(entries) == 2
    assert entries[0].actor_id is None
    assert entries[0].after["counts"]["petition"] == 3
    assert entries[1].after["counts"]["petition"] == 0
    assert set(entries[0].after["counts"]) == {r.code for r in RULES}
    assert Petition.objects.count() == 3
    assert verify_chain().ok


def test_a_dry_run_counts_and_changes_nothing(tree, staff, agency):
    petition = withdrawn(staff, receive(agency))
    before = AuditEntry.objects.count()

    counts = apply_retention(today=LATER, dry_run=True)

    assert counts["petition"] == 1
    assert AuditEntry.objects.count() == before
    assert Petition.objects.get(pk=petition.pk).petitioner_name == PERSON["petitioner_name"]
    assert apply_retention(today=LATER)["petition"] == 1


def test_a_period_of_zero_turns_a_rule_off(tree, staff, agency, settings):
    petition = withdrawn(staff, receive(agency))
    settings.DANVAN_RETENTION_DAYS = {**settings.DANVAN_RETENTION_DAYS, "petition": 0}

    counts = apply_retention(today=LATER)

    assert "petition" not in counts
    assert Petition.objects.get(pk=petition.pk).petitioner_name == PERSON["petitioner_name"]


def test_the_period_counts_from_the_end_not_from_creation(tree, staff, agency, settings):
    settings.DANVAN_RETENTION_DAYS = {**settings.DANVAN_RETENTION_DAYS, "petition": 30}
    # Received in 2020, withdrawn on 1 March 2026: 30 days later is 31 March.
    petition = withdrawn(staff, receive(agency, on="2020-01-06"), on="2026-03-01")

    assert apply_retention(today=date(2026, 3, 31))["petition"] == 0
    assert apply_retention(today=date(2026, 4, 1))["petition"] == 1
    assert Petition.objects.get(pk=petition.pk).petitioner_name == MARK


def test_reception_register_lines(tree, staff, agency):
    session = open_session(
        actor=staff.officer, agency=agency, kind="regular", held_on=date(2026, 3, 2)
    )
    result = record_visit(
        actor=staff.officer,
        session=session,
        visit=VisitInput(
            full_name="Bùi Văn Tèo",
            content="Hỏi về thủ tục cấp sổ đỏ",
            handling="explained",
            address="Thôn Đông",
            phone="0903 555 777",
            identity_document="001077001122",
            people_count=6,
            representatives=["Bùi Văn Tèo", "Lý Thị Mơ"],
            visited_at=datetime(2026, 3, 2, 9, 0, tzinfo=HCM),
        ),
    )

    apply_retention(today=LATER)

    visit = Visit.objects.get(pk=result.visit.pk)
    assert (visit.full_name, visit.address, visit.content) == (MARK, MARK, MARK)
    assert (visit.phone, visit.identity_document) == ("", "")
    assert visit.representatives == [MARK, MARK]
    assert (visit.people_count, visit.handling, visit.register_number) == (
        6,
        "explained",
        result.visit.register_number,
    )


def test_households_struck_off_long_ago(tree, staff, make_user):
    village = add_village(actor=None, commune=tree.ba_dinh, name="Thôn Bắc")
    kept = decisions.register_household(
        actor=staff.officer, village=village, code="H001", head_name="Đào Văn Sáu"
    )
    gone = decisions.register_household(
        actor=staff.officer, village=village, code="H002", head_name="Mai Thị Bảy"
    )
    decisions.deactivate_household(actor=staff.officer, household=gone)

    counts = apply_retention(today=date.today().replace(year=date.today().year + 6))

    assert counts["household"] == 1
    assert Household.objects.get(pk=gone.pk).head_name == MARK
    assert Household.objects.get(pk=gone.pk).code == "H002"
    # An active household is the current register: never anonymised.
    assert Household.objects.get(pk=kept.pk).head_name == "Đào Văn Sáu"


def test_board_members_who_left(tree, staff):
    board = boards.create_board(
        actor=None,
        commune=tree.ba_dinh,
        kind=BoardKind.PEOPLES_INSPECTION,
        name="Ban thanh tra nhân dân",
        term_starts_on=date(2026, 1, 5),
        term_ends_on=date(2030, 12, 31),
    )
    member = boards.add_member(
        actor=None,
        board=board,
        full_name="Kiều Văn Tám",
        joined_on=date(2026, 1, 5),
        citizen_id="001088009999",
        phone="0904 111 333",
    )

    # The term ends on 31/12/2030; 5 × 365 days later (two leap days in between) the
    # member's details go.
    assert apply_retention(today=date(2035, 12, 29))["board_member"] == 0
    assert apply_retention(today=date(2036, 1, 2))["board_member"] == 1
    member = BoardMember.objects.get(pk=member.pk)
    assert (member.full_name, member.citizen_id, member.citizen_id_digest, member.phone) == (
        MARK,
        "",
        "",
        "",
    )


def test_closed_mediation_cases_and_their_mediators(tree, make_user):
    from danvan.accounts.roles import Role

    officer = make_user(Role.RECEPTION_OFFICER, tree.agency(tree.ba_dinh))
    village = add_village(actor=None, commune=tree.ba_dinh, name="Thôn Nam")
    team = mediation.form_team(
        actor=officer, village=village, name="Tổ hòa giải", formed_on=date(2024, 3, 1)
    )
    mediators = [
        mediation.add_member(actor=officer, team=team, full_name=name, joined_on=date(2024, 3, 1))
        for name in ("Ông Một", "Bà Hai", "Ông Ba")
    ]
    case = mediation.open_case(
        actor=officer,
        team=team,
        received_on=date(2025, 3, 1),
        kind="land_boundary",
        summary="Tranh chấp ranh giới giữa hai nhà",
        parties=["Phạm Văn Giang", "Phạm Thị Hạnh"],
        mediators=mediators[:2],
    )
    mediation.add_session(actor=officer, case=case, held_on=date(2025, 3, 5), notes="Hai bên")
    mediation.close_case(
        actor=officer,
        case=case,
        outcome="successful",
        closed_on=date(2025, 3, 10),
        agreement="Ông Giang lùi tường 20 cm",
    )

    counts = apply_retention(today=date(2035, 3, 11))

    assert counts["mediation_case"] == 1
    case = MediationCase.objects.get(pk=case.pk)
    assert case.parties == [MARK, MARK]
    assert (case.summary, case.agreement, case.outcome, case.kind) == (
        MARK,
        MARK,
        "successful",
        "land_boundary",
    )
    assert case.sessions.get().notes == MARK
    # Serving mediators keep their names.
    assert counts["mediator"] == 0
    assert MediationMember.objects.get(pk=mediators[0].pk).full_name == "Ông Một"


def test_network_address_hashes_are_cleared_after_90_days(tree):
    import uuid
    from datetime import timedelta

    from danvan.consultations.models import Consultation

    OnlineSubmission.objects.create(key=uuid.uuid4(), sender_hash="a" * 64)
    consultation = Consultation.objects.create(
        agency=tree.agency(tree.ba_dinh),
        unit=tree.ba_dinh,
        subject="other",
        title="Dự thảo",
        opens_on=date(2026, 3, 1),
        closes_on=date(2099, 3, 31),
    )
    Comment.objects.create(
        consultation=consultation, channel="portal", position="agree", text="Ý kiến",
        sender_hash="c" * 64,
    )  # fmt: skip
    today = date.today()

    counts = apply_retention(today=today)
    assert (counts["sender_hash"], counts["comment_sender_hash"]) == (0, 0)
    counts = apply_retention(today=today + timedelta(days=91))
    assert (counts["sender_hash"], counts["comment_sender_hash"]) == (1, 1)
    assert OnlineSubmission.objects.get().sender_hash == ""
    assert Comment.objects.get().sender_hash == ""
    # The consultation is still open: the comment itself is untouched.
    assert Comment.objects.get().text == "Ý kiến"


def test_comment_authors_after_the_consultation(tree, staff):
    from danvan.consultations.models import Consultation

    consultation = Consultation.objects.create(
        agency=tree.agency(tree.ba_dinh),
        unit=tree.ba_dinh,
        subject="other",
        title="Dự thảo quy ước",
        opens_on=date(2026, 3, 1),
        closes_on=date(2026, 3, 31),
    )
    comment = Comment.objects.create(
        consultation=consultation,
        channel="portal",
        position="agree",
        text="Đồng ý",
        author_name="Lưu Thị Chín",
        sender_hash="b" * 64,
    )
    apply_retention(today=date(2031, 4, 2))
    comment = Comment.objects.get(pk=comment.pk)
    assert (comment.author_name, comment.sender_hash, comment.text) == (MARK, "", "Đồng ý")


def test_the_command_reports_counts_and_a_dry_run_writes_nothing(tree, staff, agency, settings):
    settings.DANVAN_RETENTION_DAYS = {**settings.DANVAN_RETENTION_DAYS, "petition": 1}
    petition = withdrawn(staff, receive(agency))
    out = io.StringIO()

    call_command("apply_retention", "--dry-run", stdout=out)

    assert "petition: Sẽ ẩn danh 1" in out.getvalue()
    assert Petition.objects.get(pk=petition.pk).petitioner_name == PERSON["petitioner_name"]
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "petition: Đã ẩn danh 1" in out.getvalue()
    assert Petition.objects.get(pk=petition.pk).petitioner_name == MARK


def test_the_daily_worker_task_runs_the_job(tree, staff, agency, settings):
    from danvan.petitions.tasks import watch_deadlines_task

    settings.DANVAN_RETENTION_DAYS = {**settings.DANVAN_RETENTION_DAYS, "petition": 1}
    petition = withdrawn(staff, receive(agency))

    settings.DANVAN_RETENTION_DAILY = False
    watch_deadlines_task.call()
    assert Petition.objects.get(pk=petition.pk).petitioner_name == PERSON["petitioner_name"]

    settings.DANVAN_RETENTION_DAILY = True
    watch_deadlines_task.call()
    assert Petition.objects.get(pk=petition.pk).petitioner_name == MARK
    assert Petition.objects.get(pk=petition.pk).status == Status.WITHDRAWN


def test_audit_entries_of_changes_name_the_record_not_the_person(tree, staff, agency):
    # The log cannot be edited after retention anonymises the row: its labels must not
    # hold what the row will lose.
    village = add_village(actor=None, commune=tree.ba_dinh, name="Thôn Nam")
    household = decisions.register_household(
        actor=staff.officer, village=village, code="H009", head_name="Lương Văn Chín"
    )
    petition = receive(agency, subject="Đơn của bà Quỳnhhoa về lối đi")
    entries = AuditEntry.objects.filter(
        target_id__in=[str(household.pk), str(petition.pk)],
        target_type__in=["decisions.household", "petitions.petition"],
    )
    labels = set(entries.values_list("target_label", flat=True))
    assert labels == {f"household #{household.pk}", f"petition #{petition.pk}"}
    # Records that hold no one's name keep their usual label.
    assert AuditEntry.objects.filter(
        target_type="units.administrativeunit", target_label="Thôn Nam"
    ).exists()
