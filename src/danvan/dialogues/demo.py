"""Demo data: a year of meetings with the people in one commune, entered through the
services so that every rule and audit entry applies."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from danvan.dialogues import services
from danvan.dialogues.models import Meeting, MeetingKind
from danvan.units.models import AdministrativeUnit, UnitLevel

# (asked by, topic question, answer) for the chair's dialogue.
CHAIR_QUESTIONS = [
    (
        "Ông Nguyễn Văn Hải",
        "Đường liên thôn đoạn qua cánh đồng bị xuống cấp, nhiều ổ gà, mùa mưa đi lại rất khó "
        "khăn. Khi nào xã sửa chữa?",
        "Ủy ban nhân dân xã đã đưa tuyến đường vào kế hoạch duy tu năm nay; sẽ vá ổ gà trước mùa "
        "mưa và đề nghị cấp trên hỗ trợ kinh phí bê tông hóa.",
    ),
    (
        "Bà Trần Thị Lan",
        "Hồ sơ cấp giấy chứng nhận quyền sử dụng đất của gia đình tôi nộp đã lâu nhưng chưa có "
        "kết quả.",
        "Công chức địa chính sẽ rà soát hồ sơ, thông báo cụ thể giấy tờ còn thiếu và trả lời "
        "bằng văn bản cho gia đình.",
    ),
    (
        "Ông Lê Văn Tùng",
        "Bãi rác tự phát ở cuối thôn gây ô nhiễm, đề nghị xã có biện pháp xử lý.",
        "Xã sẽ tổ chức thu gom, dọn sạch bãi rác, đặt biển cấm đổ rác và giao thôn giám sát.",
    ),
    (
        "Bà Phạm Thị Hoa",
        "Việc bình xét hộ cận nghèo năm nay chưa công khai danh sách tại nhà văn hóa thôn.",
        "Danh sách bình xét sẽ được niêm yết công khai tại nhà văn hóa các thôn trong 7 ngày "
        "để nhân dân góp ý trước khi xã phê duyệt.",
    ),
    (
        "Ông Đỗ Văn Minh",
        "Thủ tục chứng thực tại bộ phận một cửa còn phải chờ lâu, đề nghị cải tiến.",
        "Bộ phận một cửa sẽ bố trí thêm một công chức vào buổi sáng và hướng dẫn nộp hồ sơ trực "
        "tuyến trên Cổng dịch vụ công.",
    ),
    (
        "Bà Vũ Thị Thu",
        "Hệ thống đèn chiếu sáng đường trục xã nhiều bóng bị hỏng.",
        "Xã giao Ban quản lý công trình công cộng kiểm tra, thay bóng hỏng trong tháng.",
    ),
    (
        "Ông Hoàng Văn Nam",
        "Chế độ cho người có công với cách mạng chi trả chậm so với quy định.",
        "Công chức văn hóa - xã hội sẽ làm việc với cơ quan bảo hiểm và bưu điện để chi trả "
        "đúng ngày quy định hằng tháng.",
    ),
    (
        "Bà Ngô Thị Mai",
        "Kênh mương nội đồng bị bồi lấp, ảnh hưởng tưới tiêu vụ xuân.",
        "Xã phối hợp hợp tác xã nông nghiệp tổ chức nạo vét kênh mương trước khi gieo cấy vụ xuân.",
    ),
]

# (content, owner, index of the question, days after the meeting due, days after the
# meeting done or None). The demo needs on-time, late, overdue and open commitments.
CHAIR_COMMITMENTS = [
    (
        "Vá ổ gà đường liên thôn đoạn qua cánh đồng",
        "Phó Chủ tịch UBND xã phụ trách kinh tế",
        0,
        30,
        25,
    ),
    (
        "Dọn sạch bãi rác tự phát cuối thôn và đặt biển cấm",
        "Công chức địa chính - môi trường",
        2,
        20,
        18,
    ),
    (
        "Niêm yết danh sách bình xét hộ cận nghèo tại nhà văn hóa các thôn",
        "Công chức văn hóa - xã hội",
        3,
        15,
        32,
    ),
    (
        "Trả lời bằng văn bản về hồ sơ cấp giấy chứng nhận quyền sử dụng đất",
        "Công chức địa chính - xây dựng",
        1,
        40,
        None,
    ),
    ("Thay bóng đèn hỏng trên đường trục xã", "Ban quản lý công trình công cộng", 5, 90, None),
    ("Nạo vét kênh mương nội đồng trước vụ xuân", "Hợp tác xã nông nghiệp", 7, 120, None),
]

VILLAGE_QUESTIONS = [
    ("Ông Bùi Văn Khánh", "Đề nghị lắp thêm đèn đường ở ngõ xóm."),
    ("Bà Đinh Thị Hằng", "Mức đóng góp quỹ xây dựng nhà văn hóa năm tới là bao nhiêu?"),
    ("Ông Tạ Văn Lực", "Đề nghị thôn tổ chức lịch thu gom rác hai lần mỗi tuần."),
]
VILLAGE_ANSWER = (
    "Trưởng thôn ghi nhận, sẽ tổng hợp báo cáo Ủy ban nhân dân xã và thông báo kết quả tại "
    "cuộc họp gần nhất."
)


def _year_end_day(today: date) -> date:
    """The December of the most recent year-end meetings (before ``today``)."""
    year = today.year if today >= date(today.year, 12, 20) else today.year - 1
    return date(year, 12, 10)


def seed_demo(*, commune: AdministrativeUnit, staff: dict[str, Any], today: date) -> int:
    """Create the demo meetings of ``commune`` once; returns the number of records."""
    if Meeting.objects.filter(commune=commune).exists():
        return 0
    officer, handler, leader = staff["officer"], staff["handler"], staff["leader"]
    created = 0
    villages = list(
        commune.children.filter(level=UnitLevel.VILLAGE, is_active=True).order_by("name_collation")
    )

    held_on = today - timedelta(days=60)
    dialogue = services.schedule_meeting(
        actor=officer,
        commune=commune,
        kind=MeetingKind.CHAIR_DIALOGUE,
        title=(
            f"Hội nghị đối thoại giữa Chủ tịch UBND {commune.name} với Nhân dân năm {held_on.year}"
        ),
        scheduled_at=services.at(held_on),
        place="Hội trường Ủy ban nhân dân xã",
        noticed_on=held_on - timedelta(days=15),
        agenda="1. Chủ tịch UBND xã báo cáo tình hình kinh tế - xã hội\n"
        "2. Nhân dân nêu ý kiến, kiến nghị\n3. Chủ tịch và các ngành trả lời, tiếp thu",
    )
    created += 1
    services.record_held(
        actor=handler,
        meeting=dialogue,
        held_on=held_on,
        attendance=142,
        households_represented=118,
        chaired_by="Chủ tịch UBND xã",
        minutes="Hội nghị diễn ra dân chủ, cởi mở; 8 ý kiến được nêu và trả lời trực tiếp.",
        today=today,
    )
    questions = []
    for index, (asked_by, content, answer) in enumerate(CHAIR_QUESTIONS):
        village = villages[index % len(villages)] if villages else None
        question = services.add_question(
            actor=officer, meeting=dialogue, content=content, asked_by=asked_by, village=village
        )
        services.answer_question(
            actor=leader,
            question=question,
            answer=answer,
            answered_by="Chủ tịch UBND xã",
            answered_on=held_on,
            today=today,
        )
        questions.append(question)
        created += 1
    for content, owner, q_index, due_days, done_days in CHAIR_COMMITMENTS:
        commitment = services.add_commitment(
            actor=handler,
            meeting=dialogue,
            content=content,
            owner=owner,
            question=questions[q_index],
            due_on=held_on + timedelta(days=due_days),
        )
        created += 1
        if done_days is not None and held_on + timedelta(days=done_days) <= today:
            services.complete_commitment(
                actor=handler,
                commitment=commitment,
                done_on=held_on + timedelta(days=done_days),
                result_note="Đã thực hiện xong, báo cáo Chủ tịch UBND xã.",
                today=today,
            )

    # Year-end meetings in all villages but the last, so the monitor shows one missing.
    first_day = _year_end_day(today)
    for offset, village in enumerate(villages[:-1]):
        day = first_day + timedelta(days=offset)
        meeting = services.schedule_meeting(
            actor=officer,
            commune=commune,
            kind=MeetingKind.YEAR_END_VILLAGE,
            village=village,
            title=f"Hội nghị {village.name} cuối năm {day.year}",
            scheduled_at=services.at(day, 19),
            place=f"Nhà văn hóa {village.name}",
            noticed_on=day - timedelta(days=7),
            agenda="1. Tổng kết công tác năm của thôn\n2. Bàn kế hoạch năm tới\n"
            "3. Ý kiến của cử tri",
        )
        services.record_held(
            actor=handler,
            meeting=meeting,
            held_on=day,
            attendance=60 + 7 * offset,
            households_represented=48 + 5 * offset,
            chaired_by=f"Trưởng {village.name}",
            today=today,
        )
        created += 1
        count = 2 + offset % 2
        first_question = None
        for asked_by, content in VILLAGE_QUESTIONS[:count]:
            question = services.add_question(
                actor=officer, meeting=meeting, content=content, asked_by=asked_by
            )
            services.answer_question(
                actor=officer,
                question=question,
                answer=VILLAGE_ANSWER,
                answered_by=f"Trưởng {village.name}",
                answered_on=day,
                today=today,
            )
            first_question = first_question or question
            created += 1
        due_on = day + timedelta(days=60)
        commitment = services.add_commitment(
            actor=handler,
            meeting=meeting,
            content="Lắp bổ sung đèn chiếu sáng ngõ xóm",
            owner=f"Trưởng {village.name}",
            question=first_question,
            due_on=due_on,
        )
        created += 1
        if due_on - timedelta(days=10) <= today:
            services.complete_commitment(
                actor=handler,
                commitment=commitment,
                done_on=due_on - timedelta(days=10),
                today=today,
            )
    return created
