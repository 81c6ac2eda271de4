"""Demo data: a year of work of a commune's People's Inspection Board and of one
Community Investment Supervision Board, written through the services."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

from danvan.boards import services
from danvan.boards.models import Board, BoardKind, BoardMember, Position, SupervisionVisit
from danvan.units.models import AdministrativeUnit, UnitLevel

PROJECT = "Bê tông hóa đường liên thôn Đông – Đoài"

INSPECTION_MEMBERS = [
    ("Nguyễn Văn Hùng", Position.HEAD),
    ("Trần Thị Lan", Position.DEPUTY),
    ("Lê Văn Thành", Position.MEMBER),
    ("Phạm Thị Hoa", Position.MEMBER),
    ("Hoàng Văn Nam", Position.MEMBER),
    ("Vũ Thị Mai", Position.MEMBER),
]
SUPERVISION_MEMBERS = [
    ("Đỗ Văn Bình", Position.HEAD),
    ("Bùi Thị Hằng", Position.DEPUTY),
    ("Ngô Văn Khải", Position.MEMBER),
    ("Đặng Thị Thu", Position.MEMBER),
    ("Dương Văn Long", Position.MEMBER),
]
PLANS = [
    "Kiểm tra việc công khai dự toán, quyết toán ngân sách xã; giám sát việc thu các khoản "
    "đóng góp của nhân dân.",
    "Giám sát việc xét duyệt danh sách hộ nghèo, hộ cận nghèo và chi trả trợ cấp xã hội.",
    "Giám sát việc giải quyết đơn thư, kiến nghị của công dân tại bộ phận một cửa.",
    "Kiểm tra việc quản lý, sử dụng nhà văn hóa thôn và các công trình công cộng.",
]
# (days after the start, board, place, findings, with a photo)
VISITS = [
    (
        35,
        "inspection",
        "Bộ phận tiếp nhận và trả kết quả UBND xã",
        "Niêm yết đủ thủ tục hành chính; sổ theo dõi hồ sơ ghi chưa đầy đủ ngày trả kết quả.",
        False,
    ),
    (
        80,
        "inspection",
        "Việc công khai quyết toán ngân sách năm trước",
        "Bảng niêm yết đặt ở vị trí khó thấy, thời gian niêm yết chưa đủ 30 ngày.",
        True,
    ),
    (
        130,
        "supervision",
        "Công trình đường liên thôn, đoạn qua thôn Đông",
        "Lớp đá dăm lót móng mỏng hơn thiết kế ở khoảng 40 m; đơn vị thi công đã ghi nhận.",
        True,
    ),
    (
        175,
        "inspection",
        "Xét duyệt danh sách hộ cận nghèo",
        "Danh sách đã được bình xét công khai tại hội nghị thôn; có 2 hộ đề nghị xem xét lại.",
        False,
    ),
    (
        230,
        "supervision",
        "Đổ bê tông mặt đường, đoạn qua thôn Đoài",
        "Mác bê tông đúng thiết kế, có mẫu thử; chưa làm rãnh thoát nước hai bên đường.",
        False,
    ),
    (
        290,
        "inspection",
        "Nhà văn hóa thôn Đông",
        "Mái tôn bị dột, một số bàn ghế hư hỏng; sổ theo dõi tài sản chưa cập nhật.",
        False,
    ),
    (
        320,
        "supervision",
        "Nghiệm thu hoàn thành đường liên thôn",
        "Công trình hoàn thành đúng tiến độ; còn 2 vị trí rãnh thoát nước chưa hoàn thiện.",
        False,
    ),
]
# (visit index or None, content, days from visit to sending, answer after days or None)
RECOMMENDATIONS: list[tuple[int | None, str, int, int | None]] = [
    (0, "Đề nghị bổ sung đầy đủ ngày trả kết quả trong sổ theo dõi hồ sơ.", 3, 8),
    (1, "Đề nghị niêm yết lại quyết toán ngân sách tại nơi dễ thấy, đủ 30 ngày.", 2, 10),
    (2, "Đề nghị yêu cầu đơn vị thi công bổ sung lớp đá dăm đúng thiết kế.", 1, 5),
    (3, "Đề nghị xem xét lại 2 hộ có ý kiến trong danh sách hộ cận nghèo.", 4, 14),
    (4, "Đề nghị bổ sung rãnh thoát nước hai bên đường theo hồ sơ thiết kế.", 2, 22),
    (5, "Đề nghị sửa chữa mái nhà văn hóa thôn Đông trước mùa mưa.", 3, 12),
]
ANSWERS = [
    "Bộ phận một cửa đã bổ sung sổ theo dõi, giao công chức văn phòng kiểm tra hằng tuần.",
    "UBND xã đã niêm yết lại tại bảng tin trụ sở từ ngày tiếp nhận kiến nghị.",
    "Đã yêu cầu nhà thầu bổ sung lớp đá dăm, Ban giám sát được mời kiểm tra lại.",
    "Đã tổ chức bình xét lại, bổ sung 1 hộ vào danh sách hộ cận nghèo.",
    "Đã đưa hạng mục rãnh thoát nước vào phụ lục hợp đồng, thi công trong tháng tới.",
    "Đã bố trí kinh phí sửa chữa mái nhà văn hóa từ nguồn chi thường xuyên.",
]
PENDING = "Đề nghị công khai danh sách các hộ đóng góp quỹ xây dựng đường liên thôn."
OVERDUE = "Đề nghị bàn giao hồ sơ hoàn công đường liên thôn cho thôn Đông và thôn Đoài quản lý."


def _png(seed: int) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (160, 120), (200, 200 - seed * 30, 160))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 60, 140, 100), fill=(120, 120, 120))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _quarters(start: date, n: int) -> list[tuple[int, int]]:
    year, quarter = start.year, (start.month - 1) // 3 + 1
    result = []
    for _ in range(n):
        result.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return result


def seed_demo(*, commune: AdministrativeUnit, staff: dict[str, Any], today: date) -> int:
    """Create the boards' year of activity ending on ``today``; 0 if already there."""
    if Board.objects.filter(commune=commune).exists():
        return 0
    officer, board_member = staff["officer"], staff["board_member"]
    leader, handler = staff["leader"], staff["handler"]
    start = today - timedelta(days=365)
    created = 0

    inspection = services.create_board(
        actor=officer,
        commune=commune,
        kind=BoardKind.PEOPLES_INSPECTION,
        name=f"Ban thanh tra nhân dân {commune.name}",
        term_starts_on=start - timedelta(days=20),
        # The term of the village heads elected with it, well within 5 years.
        term_ends_on=start - timedelta(days=20) + timedelta(days=5 * 365 - 30),
    )
    village = (
        AdministrativeUnit.objects.filter(parent=commune, level=UnitLevel.VILLAGE, is_active=True)
        .order_by("name_collation")
        .first()
    )
    supervision = services.create_board(
        actor=officer,
        commune=commune,
        kind=BoardKind.INVESTMENT_SUPERVISION,
        name="Ban giám sát đầu tư của cộng đồng công trình đường liên thôn",
        project_name=PROJECT,
        village=village,
        term_starts_on=start + timedelta(days=100),
    )
    created += 2
    members: dict[str, list[BoardMember]] = {"inspection": [], "supervision": []}
    for i, (name, position) in enumerate(INSPECTION_MEMBERS):
        # The head signs in with the demo board member's account, under its name.
        account = board_member if i == 0 else None
        members["inspection"].append(
            services.add_member(
                actor=officer,
                board=inspection,
                full_name=getattr(account, "full_name", "") or name,
                position=position,
                joined_on=inspection.term_starts_on,
                user=account,
            )
        )
    for name, position in SUPERVISION_MEMBERS:
        members["supervision"].append(
            services.add_member(
                actor=officer,
                board=supervision,
                full_name=name,
                position=position,
                joined_on=supervision.term_starts_on,
            )
        )
    created += len(INSPECTION_MEMBERS) + len(SUPERVISION_MEMBERS)

    for (year, quarter), content in zip(_quarters(start, 4), PLANS, strict=True):
        first_day = date(year, 3 * quarter - 2, 1)
        services.record_plan(
            actor=board_member,
            board=inspection,
            year=year,
            quarter=quarter,
            content=content,
            approved_on=max(first_day, inspection.term_starts_on),
        )
        created += 1

    boards = {"inspection": inspection, "supervision": supervision}
    visits: list[SupervisionVisit] = []
    for n, (offset, which, place, findings, with_photo) in enumerate(VISITS):
        visits.append(
            services.record_visit(
                actor=board_member,
                board=boards[which],
                visited_on=start + timedelta(days=offset),
                subject=place,
                findings=findings,
                participants=members[which][:3],
                photos=[_png(n % 3)] if with_photo else [],
                photo_names=[f"anh-giam-sat-{n + 1}.png"] if with_photo else [],
                today=today,
            )
        )
        created += 2 if with_photo else 1

    for (index, content, delay, answer_after), answer in zip(RECOMMENDATIONS, ANSWERS, strict=True):
        visit = visits[index] if index is not None else None
        sent_on = (visit.visited_on if visit else start) + timedelta(days=delay)
        recommendation = services.send_recommendation(
            actor=board_member,
            board=visit.board if visit else inspection,
            visit=visit,
            content=content,
            sent_on=sent_on,
            today=today,
        )
        created += 1
        if answer_after is None:
            continue
        answered_on = sent_on + timedelta(days=answer_after)
        recommendation = services.answer_recommendation(
            actor=leader if answer_after % 2 == 0 else handler,
            recommendation=recommendation,
            answer=answer,
            answered_on=answered_on,
            today=today,
        )
        checked_on = answered_on + timedelta(days=10)
        if checked_on <= today - timedelta(days=30):
            services.record_follow_up(
                actor=board_member,
                recommendation=recommendation,
                note="Đã kiểm tra lại, đã khắc phục.",
                on=checked_on,
                today=today,
            )
            services.close_recommendation(
                actor=board_member, recommendation=recommendation, closed_on=checked_on
            )
    # One awaiting its answer, and one the commune let pass the 15 days.
    services.send_recommendation(
        actor=board_member,
        board=supervision,
        visit=visits[6],
        content=PENDING,
        sent_on=today - timedelta(days=4),
        today=today,
    )
    services.send_recommendation(
        actor=board_member,
        board=supervision,
        visit=visits[6],
        content=OVERDUE,
        sent_on=today - timedelta(days=25),
        today=today,
    )
    created += 2
    return created
