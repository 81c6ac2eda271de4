"""The competent-agency rules: which body, why, and which registered agency."""

from __future__ import annotations

from typing import Any

import pytest

from danvan.topics import agency as rules
from danvan.topics.agency import competent_rule, detect_cues, suggest_agency
from danvan.units.models import Agency, AgencyKind
from danvan.units.services import add_village, create_agency


@pytest.mark.parametrize(
    ("topic", "kind", "text", "body"),
    [
        # A commune official's conduct: the commune chair (Luật Tố cáo, Art. 13(1)).
        (
            "officials_conduct",
            "denunciation",
            "Tôi tố cáo cán bộ địa chính xã đòi tiền bồi dưỡng khi đo đất.",
            "commune:ubnd",
        ),
        # The commune chair himself: one level up, the province since 2025.
        (
            "officials_conduct",
            "denunciation",
            "Tôi tố cáo ông Nguyễn Văn Bình, Chủ tịch UBND xã Tân Lập, nhận tiền của dân.",
            "province:ubnd",
        ),
        (
            "officials_conduct",
            "denunciation",
            "to cao pho chu tich xa Tan Lap nhan hoi lo cua nha thau",
            "province:ubnd",
        ),
        # Written to the chair, about another official: stays at the commune.
        (
            "officials_conduct",
            "denunciation",
            "Kính gửi: Chủ tịch UBND xã Tân Lập. Tôi tố cáo cán bộ tư pháp nhận phong bì. "
            "Đề nghị Chủ tịch xã xử lý nghiêm.",
            "commune:ubnd",
        ),
        # A complaint about the chair's own decision: the chair, first instance.
        (
            "land",
            "complaint",
            "Tôi khiếu nại quyết định thu hồi đất do Chủ tịch UBND xã ký.",
            "commune:ubnd",
        ),
        (
            "land",
            "complaint",
            "Tôi không đồng ý với quyết định giải quyết khiếu nại lần đầu về bồi thường, nay "
            "khiếu nại lần hai.",
            "province:ubnd",
        ),
        ("land", "petition", "Hàng xóm lấn chiếm ranh giới đất nhà tôi.", "commune:ubnd"),
        (
            "environment",
            "feedback",
            "Công ty TNHH Minh Long xả nước thải ra sông.",
            "province:so",
        ),
        ("environment", "feedback", "Trại lợn nhà ông Ba bốc mùi hôi.", "commune:ubnd"),
        # A complaint about an enterprise's pollution is still about the commune's act.
        (
            "environment",
            "complaint",
            "Tôi khiếu nại việc xã không xử lý công ty xả thải.",
            "commune:ubnd",
        ),
        (
            "infrastructure",
            "feedback",
            "Quốc lộ 1 đoạn qua xã có nhiều ổ gà.",
            "province:so",
        ),
        ("infrastructure", "petition", "Đường liên thôn xuống cấp.", "commune:ubnd"),
        (
            "officials_conduct",
            "denunciation",
            "Tố cáo chuyên viên Sở Xây dựng vòi tiền khi thẩm định hồ sơ.",
            "province:so",
        ),
        (
            "land",
            "complaint",
            "Tôi khiếu nại quyết định của Sở Nông nghiệp và Môi trường từ chối đăng ký đất.",
            "province:so",
        ),
        (
            "officials_conduct",
            "denunciation",
            "Tố cáo thanh tra viên trong đoàn thanh tra nhận quà.",
            "province:thanh_tra",
        ),
        ("social_policy", "complaint", "Mẹ tôi bị cắt trợ cấp.", "commune:ubnd"),
        ("public_services", "feedback", "Hồ sơ khai sinh trễ hẹn.", "commune:ubnd"),
        ("other", "feedback", "Hàng xóm hát karaoke khuya.", "commune:ubnd"),
        (None, "petition", "", "commune:ubnd"),
    ],
)
def test_competent_body(topic: str | None, kind: str, text: str, body: str) -> None:
    rule = competent_rule(topic=topic, kind=kind, text=text)
    assert rule.body == body
    assert rule.citation
    assert str(rule.reason)


def test_the_chair_cue_is_only_for_denunciations() -> None:
    text = "Ông Chủ tịch UBND xã chậm sửa đường liên thôn."
    assert "commune_head" in detect_cues(text)
    assert competent_rule(topic="infrastructure", kind="feedback", text=text).body == (
        "commune:ubnd"
    )


def test_denunciation_about_the_chair_cites_the_law_and_the_reform() -> None:
    rule = competent_rule(
        topic="officials_conduct",
        kind="denunciation",
        text="Tôi tố cáo Chủ tịch UBND xã ký khống hồ sơ.",
    )
    assert "Luật Tố cáo 2018" in rule.citation
    assert "Điều 13" in rule.citation
    assert "01/7/2025" in rule.citation


def test_table_is_well_formed() -> None:
    assert all(rule.body in rules.BODIES for rule in rules.RULES)
    assert all(not rule.cue or rule.cue in rules.CUES for rule in rules.RULES)
    last = rules.RULES[-1]
    assert not last.topics
    assert not last.kinds
    assert not last.cue


def test_resolves_to_the_agencies_of_the_commune_and_province(tree: Any) -> None:
    about_chair = suggest_agency(
        topic="officials_conduct",
        kind="denunciation",
        unit=tree.ba_dinh,
        text="Tố cáo Chủ tịch UBND phường Ba Đình nhận tiền.",
    )
    assert about_chair.body == "province:ubnd"
    assert about_chair.agency == tree.agency(tree.hanoi)
    assert about_chair.body_label == "Chair of the provincial People's Committee"
    about_official = suggest_agency(
        topic="officials_conduct",
        kind="denunciation",
        unit=tree.ba_dinh,
        text="Tố cáo cán bộ địa chính phường nhận tiền.",
    )
    assert about_official.agency == tree.agency(tree.ba_dinh)
    inspectorate = suggest_agency(
        topic="officials_conduct",
        kind="denunciation",
        unit=tree.ba_dinh,
        text="Tố cáo thanh tra viên của Thanh tra tỉnh nhận quà.",
    )
    assert inspectorate.agency == tree.agency(tree.hanoi, AgencyKind.INSPECTORATE)


def test_topic_object_or_code(tree: Any, topics: Any) -> None:
    by_object = suggest_agency(topic=topics["land"], kind="petition", unit=tree.bac_ly)
    by_code = suggest_agency(topic="land", kind="petition", unit=tree.bac_ly)
    assert by_object == by_code
    assert by_code.agency == tree.agency(tree.bac_ly)


def test_department_is_found_by_name_or_reported_missing(tree: Any) -> None:
    text = "Công ty cổ phần Sao Mai xả khói đen."
    missing = suggest_agency(topic="environment", kind="feedback", unit=tree.ba_dinh, text=text)
    assert missing.body == "province:so"
    assert missing.agency is None
    create_agency(
        actor=None, unit=tree.hanoi, kind="so", name="Sở Xây dựng Hà Nội", code="so-xd-01"
    )
    environment = create_agency(
        actor=None,
        unit=tree.hanoi,
        kind="so",
        name="Sở Nông nghiệp và Môi trường Hà Nội",
        code="so-nnmt-01",
    )
    found = suggest_agency(topic="environment", kind="feedback", unit=tree.ba_dinh, text=text)
    assert found.agency == environment
    road = suggest_agency(
        topic="infrastructure", kind="feedback", unit=tree.ba_dinh, text="Quốc lộ 32 hỏng."
    )
    assert road.agency is not None
    assert road.agency.name == "Sở Xây dựng Hà Nội"


def test_inactive_agencies_are_not_suggested(tree: Any) -> None:
    Agency.objects.filter(unit=tree.ba_dinh).update(is_active=False)
    assert suggest_agency(topic="land", kind="petition", unit=tree.ba_dinh).agency is None


def test_village_resolves_to_its_commune(tree: Any) -> None:
    village = add_village(actor=None, commune=tree.bac_ly, name="Thôn Đông")
    result = suggest_agency(topic="infrastructure", kind="petition", unit=village)
    assert result.agency == tree.agency(tree.bac_ly)


def test_province_unit_has_no_commune_agency(tree: Any) -> None:
    at_province = suggest_agency(topic="land", kind="petition", unit=tree.ninhbinh)
    assert at_province.body == "commune:ubnd"
    assert at_province.agency is None
    second = suggest_agency(
        topic="land",
        kind="complaint",
        unit=tree.ninhbinh,
        text="Khiếu nại lần hai quyết định giải quyết khiếu nại lần đầu.",
    )
    assert second.agency == tree.agency(tree.ninhbinh)
