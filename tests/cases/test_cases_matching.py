"""Candidate matches at intake: each reason, the user's scope, what is left out, and the
protection of denouncers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from danvan.audit.models import AuditEntry
from danvan.cases import matching
from danvan.cases.models import LinkKind
from danvan.cases.services import confirm_link
from danvan.petitions import services as petitions
from danvan.petitions.models import Category, Petition, ProtectedIdentity
from danvan.petitions.services import PetitionDraft
from tests.cases.conftest import receive

pytestmark = pytest.mark.django_db

GRIEVANCE = (
    "Kính gửi: UBND phường Ba Đình. Tôi tên là Nguyễn Văn Bình, tổ 5. Ngày 12/3/2026, hộ ông "
    "Trần Văn Khải xây tường lấn sang thửa đất số 215 của gia đình tôi khoảng 3 m2. Tôi đã báo "
    "tổ trưởng nhưng chưa được giải quyết. Đề nghị phường kiểm tra, buộc tháo dỡ phần lấn chiếm."
)
# Retyped on a phone: no diacritics, typos, sentences in another order, another closing.
RETYPED = (
    "Toi ten la Nguyen Van Binh, to 5. Ho ong Tran Van Khai xay tuogn lan sang thua dat so 215 "
    "cua gia dinh toi khoang 3 m2 tu ngay 12/3/2026. De nghi phuong kiem tra, buoc thao do phan "
    "lan chiem. Toi da bao to truong nhung chua dc giai quyt. Tran trong cam on."
)
FLOODING = "Ngõ 12 phố Đội Cấn bị ngập nước mỗi khi mưa to, đề nghị phường nạo vét cống."
POOR_HOUSEHOLD = "Tôi đề nghị xem xét lại việc xét hộ cận nghèo năm 2026 của gia đình tôi ở tổ 9."
KARAOKE = "Quán karaoke ở tổ 7 hát to sau 23 giờ, ảnh hưởng giấc ngủ của người dân."
CITIZEN_ID = "001085012345"


def codes_for(user: Any, petition: Petition) -> dict[str, list[str]]:
    return {c.petition.tracking_code: c.codes for c in matching.candidates_for(user, petition)}


def test_same_citizen_id(tree, staff) -> None:
    commune = tree.agency(tree.ba_dinh)
    first = receive(
        commune, content=FLOODING, petitioner_name="Lê Văn Một", petitioner_citizen_id=CITIZEN_ID
    )
    second = receive(
        commune,
        content=POOR_HOUSEHOLD,
        petitioner_name="Lê Văn Hai",
        petitioner_citizen_id="001 085 012 345",
    )
    assert codes_for(staff.officer, second) == {first.tracking_code: ["person_id"]}


def test_same_phone(tree, staff) -> None:
    commune = tree.agency(tree.ba_dinh)
    first = receive(
        commune, content=FLOODING, petitioner_name="Lê Văn Một", petitioner_phone="0987 654 321"
    )
    second = receive(
        commune, content=KARAOKE, petitioner_name="Đào Thị Ba", petitioner_phone="+84987654321"
    )
    assert codes_for(staff.officer, second) == {first.tracking_code: ["person_phone"]}


def test_same_name_and_address_with_other_spelling(tree, staff) -> None:
    commune = tree.agency(tree.ba_dinh)
    first = receive(
        commune,
        content=FLOODING,
        petitioner_name="Ông Nguyễn Văn Bình",
        petitioner_address="Tổ 5, phường Ba Đình",
    )
    second = receive(
        commune,
        content=KARAOKE,
        petitioner_name="nguyen van binh",
        petitioner_address="to 5 - Phuong Ba Dinh",
    )
    # The same name alone (no address) is not the same person.
    third = receive(commune, content=POOR_HOUSEHOLD, petitioner_name="Nguyễn Văn Bình")
    assert codes_for(staff.officer, second) == {first.tracking_code: ["person_name"]}
    assert codes_for(staff.officer, third) == {}


def test_similar_content_retyped(tree, staff) -> None:
    commune = tree.agency(tree.ba_dinh)
    first = receive(commune, content=GRIEVANCE, petitioner_name="Nguyễn Văn Bình")
    receive(commune, content=FLOODING, petitioner_name="Người Khác")
    second = receive(commune, content=RETYPED, petitioner_name="Người Gõ Lại", on="2026-11-03")
    [candidate] = matching.candidates_for(staff.officer, second)
    assert candidate.petition == first
    assert candidate.codes == ["content"]
    assert candidate.content_score is not None
    assert candidate.content_score > 0.8
    assert "Similar content" in candidate.reasons[0].label


def test_same_subject_and_place(tree, staff) -> None:
    commune = tree.agency(tree.ba_dinh)
    roads = Category.objects.create(code="thu-duong-sa", name="Đường sá (thử)")
    other_field = Category.objects.create(code="thu-an-ninh", name="An ninh (thử)")
    point = {"latitude": Decimal("21.035000"), "longitude": Decimal("105.834000")}
    first = receive(commune, subject="Ổ gà", content=FLOODING, category=roads, **point)
    # About 100 m north: the same place.
    near = receive(
        commune,
        subject="Đường hỏng",
        content=KARAOKE,
        category=roads,
        latitude=Decimal("21.035900"),
        longitude=Decimal("105.834000"),
        petitioner_name="Người Thứ Hai",
    )
    # About 550 m away, and the same point in another field: not the same matter.
    far = receive(
        commune,
        subject="Mặt đường lún",
        content=POOR_HOUSEHOLD,
        category=roads,
        latitude=Decimal("21.040000"),
        longitude=Decimal("105.834000"),
        petitioner_name="Người Thứ Ba",
    )
    elsewhere = receive(
        commune,
        subject="Mất trộm",
        content=POOR_HOUSEHOLD,
        category=other_field,
        petitioner_name="Người Thứ Tư",
        **point,
    )
    found = codes_for(staff.officer, near)
    assert found == {first.tracking_code: ["place"]}
    assert far.tracking_code not in found
    assert elsewhere.tracking_code not in found


def test_same_place_written_differently(tree, staff) -> None:
    commune = tree.agency(tree.ba_dinh)
    first = receive(
        commune,
        subject="Ngập nước ngõ 12",
        content=FLOODING,
        location_address="Ngõ 12 phố Đội Cấn",
    )
    second = receive(
        commune,
        subject="Ngap nuoc ngo 12",
        content=KARAOKE,
        location_address="ngo 12, pho Doi Can",
        petitioner_name="Người Khác",
    )
    assert codes_for(staff.officer, second) == {first.tracking_code: ["place"]}


def test_several_reasons_rank_first(tree, staff) -> None:
    commune = tree.agency(tree.ba_dinh)
    content_only = receive(commune, content=GRIEVANCE, petitioner_name="Người Gửi Khác")
    both = receive(
        commune, content=GRIEVANCE, petitioner_name="Lê Văn Một", petitioner_citizen_id=CITIZEN_ID
    )
    new = receive(
        commune,
        content=RETYPED,
        petitioner_name="Lê Văn Một",
        petitioner_citizen_id=CITIZEN_ID,
        on="2026-11-04",
    )
    found = matching.candidates_for(staff.officer, new)
    assert [c.petition for c in found] == [both, content_only]
    assert found[0].codes == ["person_id", "content"]
    assert found[0].score > found[1].score
    assert matching.candidates_for(staff.officer, new, limit=1)[0].petition == both


def test_only_petitions_the_user_may_view(tree, staff) -> None:
    ba_dinh = receive(tree.agency(tree.ba_dinh), content=GRIEVANCE, petitioner_phone="0987654321")
    ngoc_ha = receive(tree.agency(tree.ngoc_ha), content=GRIEVANCE, petitioner_phone="0987654321")
    ninh_binh = receive(tree.agency(tree.bac_ly), content=GRIEVANCE, petitioner_phone="0987654321")
    new = receive(
        tree.agency(tree.ba_dinh), content=RETYPED, petitioner_phone="0987654321", on="2026-11-03"
    )
    assert set(codes_for(staff.officer, new)) == {ba_dinh.tracking_code}
    # The city's chair reaches both wards of Hà Nội, never Ninh Bình.
    assert set(codes_for(staff.province_leader, new)) == {
        ba_dinh.tracking_code,
        ngoc_ha.tracking_code,
    }
    assert ninh_binh.tracking_code not in codes_for(staff.province_leader, new)
    # Someone without a staff role sees nothing at all.
    assert matching.candidates_for(None, new) == []


def test_leaves_out_itself_its_parts_and_its_family(tree, staff) -> None:
    commune = tree.agency(tree.ba_dinh)
    parts = petitions.receive_petitions(
        actor=None,
        agency=commune,
        channel="post",
        drafts=[
            PetitionDraft(
                kind="complaint", subject="Phần 1", content=GRIEVANCE, petitioner_name="A"
            ),
            PetitionDraft(
                kind="petition", subject="Phần 2", content=GRIEVANCE, petitioner_name="A"
            ),
        ],
    )
    earlier = receive(commune, content=GRIEVANCE, petitioner_name="Người Khác", on="2026-11-01")
    found = codes_for(staff.officer, parts[0])
    assert set(found) == {earlier.tracking_code}
    confirm_link(actor=staff.officer, petition=parts[0], other=earlier, kind=LinkKind.RELATED)
    assert codes_for(staff.officer, Petition.objects.get(pk=parts[0].pk)) == {}


def test_match_between_recomputes_one_pair(tree, staff) -> None:
    commune = tree.agency(tree.ba_dinh)
    first = receive(commune, content=GRIEVANCE, petitioner_phone="0987654321")
    unrelated = receive(commune, content=KARAOKE, petitioner_name="Người Khác")
    new = receive(commune, content=RETYPED, petitioner_phone="0987654321", on="2026-11-03")
    match = matching.match_between(staff.officer, new, first)
    assert match is not None
    assert match.codes == ["person_phone", "content"]
    assert matching.match_between(staff.officer, new, unrelated) is None
    assert matching.match_between(staff.ngoc_ha_officer, new, first) is None


# ---------------------------------------------------------------------------------------
# Denouncers


def denunciation_and_complaint(tree: Any, staff: Any) -> tuple[Petition, Petition]:
    """A denunciation and a complaint by the same person, about different matters."""
    commune = tree.agency(tree.ba_dinh)
    complaint = receive(
        commune,
        content=FLOODING,
        petitioner_name="Hoàng Thị Hoa",
        petitioner_address="Tổ 8",
        petitioner_phone="0911222333",
        petitioner_citizen_id=CITIZEN_ID,
    )
    denunciation = receive(
        commune,
        kind="denunciation",
        subject="Tố cáo cán bộ",
        content="Cán bộ địa chính phường nhận tiền của người làm hồ sơ cấp sổ đỏ năm 2026.",
        petitioner_name="Hoàng Thị Hoa",
        petitioner_address="Tổ 8",
        petitioner_phone="0911222333",
        petitioner_citizen_id=CITIZEN_ID,
        on="2026-11-05",
    )
    assert denunciation.petitioner_name == ""
    assert denunciation.petitioner_phone == ""
    assert ProtectedIdentity.objects.filter(petition=denunciation).exists()
    return complaint, denunciation


def test_no_person_reason_without_the_right_to_read_the_identity(tree, staff) -> None:
    complaint, denunciation = denunciation_and_complaint(tree, staff)
    for user in (staff.officer, staff.handler, staff.province_leader):
        assert codes_for(user, complaint) == {}
        assert codes_for(user, denunciation) == {}
    # Nothing was read from the protected identity.
    assert not AuditEntry.objects.filter(action="petitions.read_denouncer_identity").exists()


def test_person_reasons_for_who_may_read_the_identity(tree, staff) -> None:
    complaint, denunciation = denunciation_and_complaint(tree, staff)
    p = petitions.classify(actor=None, petition=denunciation, expected_version=1)
    p = petitions.accept(actor=None, petition=p, expected_version=p.version)
    petitions.assign(actor=None, petition=p, handler=staff.handler, expected_version=p.version)
    both = ["person_id", "person_phone", "person_name"]
    assert codes_for(staff.handler, complaint) == {denunciation.tracking_code: both}
    # The commune's chair is the head of the handling agency.
    assert codes_for(staff.leader, complaint) == {denunciation.tracking_code: both}
    denunciation = Petition.objects.get(pk=denunciation.pk)
    assert codes_for(staff.handler, denunciation) == {complaint.tracking_code: both}
    # Reading the denouncer's identity to compare it is an audited read.
    assert AuditEntry.objects.filter(
        action="petitions.read_denouncer_identity",
        actor_id=staff.handler.pk,
        target_id=str(denunciation.pk),
    ).exists()
    # Other officers of the commune still get nothing.
    assert codes_for(staff.officer, complaint) == {}


def test_protected_candidate_still_offered_for_its_content(tree, staff) -> None:
    commune = tree.agency(tree.ba_dinh)
    denunciation = receive(
        commune,
        kind="denunciation",
        content=GRIEVANCE,
        petitioner_name="Hoàng Thị Hoa",
        petitioner_phone="0911222333",
    )
    complaint = receive(
        commune,
        content=RETYPED,
        petitioner_name="Hoàng Thị Hoa",
        petitioner_phone="0911222333",
        on="2026-11-03",
    )
    [candidate] = matching.candidates_for(staff.officer, complaint)
    assert candidate.petition == denunciation
    # Only the content: the score must not give away that the person is the same.
    assert candidate.codes == ["content"]
    assert candidate.score == matching.combined_score(candidate.reasons)
