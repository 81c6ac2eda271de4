"""Demo data: the mediation teams of a commune's villages and a year of their cases,
entered through the services so that every rule and audit entry applies."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from danvan.mediation import services
from danvan.mediation.models import CaseKind, MediationTeam, Outcome
from danvan.units.models import AdministrativeUnit, UnitLevel

MEMBER_NAMES = [
    ["Nguyễn Văn Thành", "Trần Thị Nga", "Lê Văn Bình", "Phạm Thị Yến"],
    ["Hoàng Văn Sơn", "Vũ Thị Hường", "Đặng Văn Toàn", "Bùi Thị Loan", "Đỗ Văn Quý"],
    ["Ngô Văn Hùng", "Dương Thị Tâm", "Lý Văn Phúc"],
    ["Phan Văn Lợi", "Mai Thị Thảo", "Trịnh Văn Dũng", "Cao Thị Huệ"],
    ["Tạ Văn Kiên", "Hà Thị Nhung", "Lương Văn Tài"],
]

PARTY_NAMES = [
    ("Nguyễn Văn An", "Nguyễn Văn Bắc"),
    ("Trần Văn Cường", "Lê Thị Dung"),
    ("Phạm Văn Giang", "Phạm Thị Hạnh"),
    ("Vũ Văn Hiếu", "Đỗ Thị Khuyên"),
    ("Hoàng Văn Long", "Ngô Văn Mạnh"),
    ("Bùi Thị Ngọc", "Đinh Văn Phong"),
]

# (days before today received, kind, summary, outcome or None while open, days to close)
CASES: list[tuple[int, str, str, str | None, int]] = [
    (
        340,
        CaseKind.LAND_BOUNDARY,
        "Tranh chấp ranh giới thửa đất vườn giữa hai hộ liền kề.",
        Outcome.SUCCESSFUL,
        14,
    ),
    (
        318,
        CaseKind.NEIGHBOURS,
        "Mâu thuẫn do nước thải sinh hoạt chảy sang nhà bên cạnh.",
        Outcome.SUCCESSFUL,
        7,
    ),
    (
        295,
        CaseKind.FAMILY,
        "Vợ chồng mâu thuẫn về việc chăm sóc cha mẹ già.",
        Outcome.SUCCESSFUL,
        21,
    ),
    (
        270,
        CaseKind.PROPERTY,
        "Tranh chấp khoản vay tiền mua giống, chưa trả đúng hẹn.",
        Outcome.UNSUCCESSFUL,
        30,
    ),
    (
        244,
        CaseKind.LAND_BOUNDARY,
        "Xây tường rào lấn sang lối đi chung của hai hộ.",
        Outcome.SUCCESSFUL,
        18,
    ),
    (
        220,
        CaseKind.NEIGHBOURS,
        "Tiếng ồn từ xưởng mộc gia đình ảnh hưởng hàng xóm.",
        Outcome.SUCCESSFUL,
        10,
    ),
    (
        198,
        CaseKind.FAMILY,
        "Anh em tranh chấp việc chia đất thừa kế của cha mẹ.",
        Outcome.REFERRED,
        35,
    ),
    (176, CaseKind.OTHER, "Gia súc phá hoại hoa màu của hộ bên cạnh.", Outcome.SUCCESSFUL, 5),
    (
        150,
        CaseKind.PROPERTY,
        "Tranh chấp tiền công xây dựng nhà giữa chủ nhà và thợ.",
        Outcome.SUCCESSFUL,
        12,
    ),
    (
        128,
        CaseKind.NEIGHBOURS,
        "Cây trồng sát ranh giới đổ lá, rễ làm nứt tường nhà bên.",
        Outcome.WITHDRAWN,
        6,
    ),
    (
        104,
        CaseKind.LAND_BOUNDARY,
        "Tranh chấp bờ thửa ruộng sau khi dồn điền đổi thửa.",
        Outcome.SUCCESSFUL,
        16,
    ),
    (80, CaseKind.FAMILY, "Mâu thuẫn mẹ chồng nàng dâu về sinh hoạt chung.", Outcome.SUCCESSFUL, 9),
    (
        58,
        CaseKind.NEIGHBOURS,
        "Tranh chấp lối thoát nước mưa giữa hai nhà.",
        Outcome.UNSUCCESSFUL,
        20,
    ),
    (
        36,
        CaseKind.PROPERTY,
        "Tranh chấp việc trả lại xe máy mượn bị hư hỏng.",
        Outcome.SUCCESSFUL,
        8,
    ),
    (15, CaseKind.LAND_BOUNDARY, "Tranh chấp mốc giới đất ao giữa hai hộ.", None, 0),
    (6, CaseKind.NEIGHBOURS, "Mâu thuẫn do chó thả rông cắn gia cầm nhà bên.", None, 0),
]


def seed_demo(*, commune: AdministrativeUnit, staff: dict[str, Any], today: date) -> int:
    """Create the demo mediation of ``commune`` once; returns the number of records."""
    if MediationTeam.objects.filter(commune=commune).exists():
        return 0
    officer, handler = staff["officer"], staff["handler"]
    villages = list(
        commune.children.filter(level=UnitLevel.VILLAGE, is_active=True).order_by("name_collation")
    )
    if not villages:
        return 0
    created = 0
    formed_on = date(today.year - 3, 3, 15)
    teams = []
    for index, village in enumerate(villages):
        team = services.form_team(
            actor=officer,
            village=village,
            name=f"Tổ hòa giải {village.name}",
            formed_on=formed_on,
            today=today,
        )
        created += 1
        names = MEMBER_NAMES[index % len(MEMBER_NAMES)]
        members = []
        for position, name in enumerate(names):
            members.append(
                services.add_member(
                    actor=officer,
                    team=team,
                    full_name=name,
                    joined_on=formed_on,
                    is_leader=position == 0,
                    today=today,
                )
            )
            created += 1
        if index == len(villages) - 1:
            # One member of the last team moved away: it now has two, below the minimum.
            services.remove_member(
                actor=officer,
                member=members[-1],
                left_on=today - timedelta(days=45),
                reason="Chuyển nơi cư trú",
                today=today,
            )
        teams.append((team, members))

    for number, (days_ago, kind, summary, outcome, days_to_close) in enumerate(CASES):
        team, members = teams[number % len(teams)]
        received_on = today - timedelta(days=days_ago)
        first, second = PARTY_NAMES[number % len(PARTY_NAMES)]
        parties = [first] if kind == CaseKind.OTHER else [first, second]
        case = services.open_case(
            actor=handler,
            team=team,
            received_on=received_on,
            kind=kind,
            summary=summary,
            parties=parties,
            mediators=[m for m in members[:2] if m.left_on is None],
            today=today,
        )
        created += 1
        if outcome == Outcome.WITHDRAWN:
            services.close_case(
                actor=handler,
                case=case,
                outcome=outcome,
                closed_on=received_on + timedelta(days=days_to_close),
                today=today,
            )
            continue
        session_days = [2] if outcome is None else [2, max(3, days_to_close)]
        if days_to_close > 14:
            session_days.insert(1, days_to_close // 2)
        for day in session_days:
            services.add_session(
                actor=handler,
                case=case,
                held_on=received_on + timedelta(days=day),
                notes="Hòa giải viên gặp gỡ, lắng nghe ý kiến các bên.",
                today=today,
            )
            created += 1
        if outcome is not None:
            services.close_case(
                actor=handler,
                case=case,
                outcome=outcome,
                closed_on=received_on + timedelta(days=days_to_close),
                agreement="Các bên thống nhất thỏa thuận, cam kết thực hiện."
                if outcome == Outcome.SUCCESSFUL
                else "",
                today=today,
            )
    return created
