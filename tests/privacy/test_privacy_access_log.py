"""Every staff page that shows a person's details writes one *read* entry to the audit
log, at most once per official and record within the configured minutes; the
citizen's public tracking page, which shows no one, writes none."""

from __future__ import annotations

from datetime import date

import pytest

from danvan.audit.models import AuditEntry
from danvan.audit.selectors import verify_chain
from danvan.boards import services as boards
from danvan.boards.models import BoardKind
from danvan.decisions import services as decisions
from danvan.mediation import services as mediation
from danvan.reception.services import VisitInput, open_session, record_visit
from danvan.units.services import add_village
from tests.conftest import verified_client
from tests.privacy.conftest import PERSON, receive


def reads(**filters) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(kind=AuditEntry.Kind.READ, **filters).order_by("seq"))


def test_a_handler_opening_a_petition_writes_one_read_entry(tree, staff):
    petition = receive(tree.agency(tree.ba_dinh))
    client = verified_client(staff.handler)

    assert client.get(f"/staff/petitions/{petition.pk}/").status_code == 200

    [entry] = reads(action="petitions.view_petitioner")
    assert entry.actor_id == staff.handler.pk
    assert (entry.target_type, entry.target_id) == ("petitions.petition", str(petition.pk))
    assert entry.after == {"fields": ["petitioner_name", "content"]}
    assert entry.unit_id == petition.unit_id
    # The log cannot be edited later, so its label names the record, not the person.
    assert PERSON["petitioner_name"] not in entry.target_label
    assert entry.target_label == f"petition #{petition.pk}"
    # Reloading within the window adds nothing; another official is logged apart.
    client.get(f"/staff/petitions/{petition.pk}/")
    verified_client(staff.leader).get(f"/staff/petitions/{petition.pk}/")
    assert [e.actor_id for e in reads(action="petitions.view_petitioner")] == [
        staff.handler.pk,
        staff.leader.pk,
    ]
    assert verify_chain().ok


def test_with_no_window_every_opening_is_logged(tree, staff, settings):
    settings.DANVAN_PERSONAL_READ_LOG_MINUTES = 0
    petition = receive(tree.agency(tree.ba_dinh))
    client = verified_client(staff.handler)
    for _ in range(3):
        client.get(f"/staff/petitions/{petition.pk}/")
    assert len(reads(action="petitions.view_petitioner")) == 3


def test_a_refused_reader_leaves_no_read_entry(tree, staff, make_user):
    from danvan.accounts.roles import Role

    petition = receive(tree.agency(tree.ba_dinh))
    stranger = make_user(Role.CASE_HANDLER, tree.agency(tree.bac_ly))
    assert verified_client(stranger).get(f"/staff/petitions/{petition.pk}/").status_code == 403
    assert reads(action="petitions.view_petitioner") == []


def test_pages_without_a_person_write_nothing(tree, staff):
    anonymous = receive(
        tree.agency(tree.ba_dinh),
        petitioner_name="",
        petitioner_address="",
        petitioner_phone="",
        petitioner_email="",
        petitioner_citizen_id="",
        is_anonymous=True,
        kind="feedback",
    )
    denunciation = receive(tree.agency(tree.ba_dinh), kind="denunciation")
    client = verified_client(staff.handler)
    client.get(f"/staff/petitions/{anonymous.pk}/")
    client.get(f"/staff/petitions/{denunciation.pk}/")
    # A denouncer's identity is read only through its own audited form, never by the page.
    assert reads(actor_id=staff.handler.pk) == []


def test_a_citizen_following_their_own_case_needs_no_entry(tree, client):
    petition = receive(tree.agency(tree.ba_dinh), kind="denunciation")
    before = AuditEntry.objects.count()
    response = client.get(f"/cong-dan/tra-cuu/{petition.tracking_code}/")
    assert response.status_code == 200
    assert PERSON["petitioner_name"] not in response.content.decode()
    assert AuditEntry.objects.count() == before


def test_the_reception_register_page(tree, staff):
    agency = tree.agency(tree.ba_dinh)
    session = open_session(actor=staff.officer, agency=agency, kind="regular")
    empty = verified_client(staff.officer).get(f"/staff/reception/sessions/{session.pk}/")
    assert empty.status_code == 200
    assert reads() == []
    record_visit(
        actor=staff.officer,
        session=session,
        visit=VisitInput(full_name="Bùi Văn Tèo", content="Hỏi thủ tục", handling="explained"),
    )

    verified_client(staff.officer).get(f"/staff/reception/sessions/{session.pk}/")

    [entry] = reads(action="reception.view_register")
    assert (entry.target_type, entry.target_id) == ("reception.receptionsession", str(session.pk))
    assert entry.unit_id == tree.ba_dinh.pk


def test_the_household_register_and_a_household(tree, staff):
    village = add_village(actor=None, commune=tree.ba_dinh, name="Thôn Đông")
    household = decisions.register_household(
        actor=staff.officer, village=village, code="H001", head_name="Đào Văn Sáu"
    )
    client = verified_client(staff.officer)

    assert client.get(f"/staff/decisions/villages/{village.pk}/").status_code == 200
    assert client.get(f"/staff/decisions/households/{household.pk}/").status_code == 200

    actions = {(e.action, e.target_type, e.target_id) for e in reads()}
    assert actions == {
        ("decisions.view_household_register", "units.administrativeunit", str(village.pk)),
        ("decisions.view_household", "decisions.household", str(household.pk)),
    }
    assert all("Đào Văn Sáu" not in e.target_label for e in reads())


def test_a_mediation_case_with_its_parties(tree, staff):
    village = add_village(actor=None, commune=tree.ba_dinh, name="Thôn Nam")
    team = mediation.form_team(
        actor=staff.officer, village=village, name="Tổ hòa giải", formed_on=date(2024, 3, 1)
    )
    case = mediation.open_case(
        actor=staff.officer,
        team=team,
        received_on=date(2025, 3, 1),
        kind="land_boundary",
        summary="Tranh chấp ranh giới",
        parties=["Phạm Văn Giang", "Phạm Thị Hạnh"],
    )

    assert (
        verified_client(staff.officer).get(f"/staff/mediation/cases/{case.pk}/").status_code == 200
    )

    [entry] = reads(action="mediation.view_parties")
    assert entry.after == {"fields": ["parties"]}
    assert entry.unit_id == tree.ba_dinh.pk


def test_a_board_with_its_members(tree, staff):
    board = boards.create_board(
        actor=None,
        commune=tree.ba_dinh,
        kind=BoardKind.PEOPLES_INSPECTION,
        name="Ban thanh tra nhân dân",
        term_starts_on=date(2026, 1, 5),
        term_ends_on=date(2030, 12, 31),
    )
    boards.add_member(actor=None, board=board, full_name="Kiều Văn Tám", joined_on=date(2026, 1, 5))

    assert verified_client(staff.officer).get(f"/staff/boards/{board.pk}/").status_code == 200

    [entry] = reads(action="boards.view_members")
    assert entry.target_label == f"board #{board.pk}"


@pytest.mark.parametrize("minutes", [10, 0])
def test_the_helper_skips_nothing_personal(tree, staff, settings, minutes):
    from danvan.audit.personal import record_personal_data_read

    settings.DANVAN_PERSONAL_READ_LOG_MINUTES = minutes
    petition = receive(tree.agency(tree.ba_dinh))
    assert (
        record_personal_data_read(actor=staff.handler, action="x.view", target=petition, fields=[])
        is None
    )
    first = record_personal_data_read(
        actor=staff.handler, action="x.view", target=petition, fields=["a"]
    )
    again = record_personal_data_read(
        actor=staff.handler, action="x.view", target=petition, fields=["a"]
    )
    assert first is not None
    assert (again is None) == (minutes > 0)


def test_the_comments_page_logs_only_when_a_name_is_shown(tree, staff):
    from danvan.consultations.models import Comment, Consultation

    consultation = Consultation.objects.create(
        agency=tree.agency(tree.ba_dinh),
        unit=tree.ba_dinh,
        subject="other",
        title="Dự thảo quy ước",
        opens_on=date(2026, 3, 1),
        closes_on=date(2026, 3, 31),
    )
    Comment.objects.create(
        consultation=consultation, channel="portal", position="agree", text="Đồng ý"
    )
    client = verified_client(staff.officer)
    url = f"/staff/consultations/{consultation.pk}/comments/"

    assert client.get(url).status_code == 200
    assert reads() == []

    Comment.objects.create(
        consultation=consultation,
        channel="portal",
        position="disagree",
        text="Chưa đồng ý",
        author_name="Lưu Thị Chín",
    )
    assert client.get(url).status_code == 200
    [entry] = reads(action="consultations.view_comment_authors")
    assert entry.after == {"fields": ["author_name"]}
