"""Statutory deadline rules (quy định thời hạn), as seeded into ``DeadlineRule``.

Each row is one version of a rule: a case uses the version in force on the day its
clock started. Values and units were checked against the sources named in
``source_note``; "unconfirmed" means no source was found and the value comes from the
product brief. Fixing a value or a unit is a data change: add
a migration that corrects the row, or a new version with its own ``effective_from``.

``days`` is the base period; ``variants`` give other periods for complex cases
(``complex``), remote or difficult areas (``remote``, ``remote_complex``) and checks
at several locations (``several_locations``). ``direction="before"`` is a notice
period: the due date is the last day on which notice may be given.

=======================  ==========  ====================  =========  ===============  ===========
rule                     from        days                  unit       citation         checked
=======================  ==========  ====================  =========  ===============  ===========
complaint.filing         2012-07-01  90                    calendar   LKN Đ.9          value only
complaint.accept         2012-07-01  10                    calendar*  LKN Đ.27         confirmed
complaint.accept         2026-07-01  7                     working    NĐ 155/2026      unconfirmed
complaint.first          2012-07-01  30; complex 45;       calendar*  LKN Đ.28         confirmed
                                     remote 45 / 60
complaint.second_filing  2012-07-01  30; remote 45         calendar   LKN Đ.33         value only
complaint.second         2012-07-01  45; complex 60;       calendar*  LKN Đ.37         confirmed
                                     remote 60 / 70
denunciation.accept      2019-01-01  7; several places 10  working    LTC Đ.24         unconfirmed
denunciation.forward     2019-01-01  5                     working    LTC Đ.24         unconfirmed
denunciation.resolve     2019-01-01  30 + up to 2 × 30     calendar   LTC Đ.30         confirmed
reception.notify         2014-07-01  10                    working    LTCD Đ.28        unconfirmed
disclosure.publish       2023-07-01  5                     working    LDC Đ.12         unconfirmed
disclosure.posting       2023-07-01  30 (minimum)          calendar   LDC Đ.13         unconfirmed
consultation.min         2023-07-01  20 (minimum)          calendar   LDC Đ.28         unconfirmed
decision.report          2023-07-01  5                     working    LDC Đ.20         unconfirmed
inspection_board.reply   2023-07-01  15                    calendar   LDC Đ.36–40      unconfirmed
vote.notice              2023-07-01  2 before              calendar   LDC (not found)  unconfirmed
annual_meeting.notice    2023-07-01  5 before              calendar   LDC Đ.33         unconfirmed
=======================  ==========  ====================  =========  ===============  ===========

LKN = Luật Khiếu nại 2011 (02/2011/QH13); LTC = Luật Tố cáo 2018 (25/2018/QH14);
LTCD = Luật Tiếp công dân 2013 (42/2013/QH13); LDC = Luật Thực hiện dân chủ ở cơ sở
2022 (10/2022/QH15); NĐ 155/2026 = Nghị định 155/2026/NĐ-CP amending Nghị định
124/2020/NĐ-CP. "value only": the period was found in a secondary source, the article
number was not.

(*) Unit of complaint periods: the statute (Art. 27, 28, 37, quoted by the sources)
says "ngày" without "làm việc", which is read as calendar days with the Civil Code
roll-forward. The brief reports that implementing texts count these periods in
working days; no such text was found, so the stricter calendar reading is seeded
until a source confirms otherwise.

Minimum periods (posting, consultation) do not roll forward: they say how long
something must last, not by when an act must be done.
"""

from __future__ import annotations

from typing import Any

KHIEU_NAI = "Luật Khiếu nại 2011"
TO_CAO = "Luật Tố cáo 2018"
TIEP_CONG_DAN = "Luật Tiếp công dân 2013"
THDCCS = "Luật Thực hiện dân chủ ở cơ sở 2022"

_SRC_ART_27 = (
    "thuvienphapluat.vn, 'Thời gian thụ lý đơn khiếu nại và thời gian giải quyết đơn "
    "khiếu nại tối đa là bao lâu theo quy định pháp luật?' (quotes Art. 27)"
)
_SRC_ART_28_37 = (
    "thuvienphapluat.vn, 'Thời hạn thụ lý giải quyết khiếu nại là bao nhiêu ngày? "
    "Khiếu nại các quyết định nào thì không được thụ lý giải quyết?' (quotes Art. 28 "
    "and 37)"
)
_UNIT_NOTE = (
    " Unit unconfirmed: the statute says 'ngày' (calendar); implementing texts are "
    "reported to count working days, not found."
)

RULES: list[dict[str, Any]] = [
    {
        "rule_id": "complaint.filing",
        "effective_from": "2012-07-01",
        "effective_until": None,
        "title": "Thời hiệu khiếu nại",
        "days": 90,
        "unit": "calendar",
        "direction": "after",
        "starts_on": "ngày nhận được hoặc biết được quyết định hành chính, hành vi hành chính",
        "variants": {},
        "max_extensions": 0,
        "extension_days": 0,
        "roll_forward": True,
        "citation": f"{KHIEU_NAI}, Điều 9",
        "source_note": (
            "Value confirmed (secondary): luatsugiadinh.net.vn, 'Luật sư chuyên soạn đơn "
            "khởi kiện, khiếu nại' (90 days). Article number from the brief, not seen in "
            "a source."
        ),
    },
    {
        "rule_id": "complaint.accept",
        "effective_from": "2012-07-01",
        "effective_until": "2026-06-30",
        "title": "Thời hạn thụ lý giải quyết khiếu nại lần đầu",
        "days": 10,
        "unit": "calendar",
        "direction": "after",
        "starts_on": "ngày nhận được khiếu nại thuộc thẩm quyền",
        "variants": {},
        "max_extensions": 0,
        "extension_days": 0,
        "roll_forward": True,
        "citation": f"{KHIEU_NAI}, Điều 27",
        "source_note": f"Confirmed: {_SRC_ART_27}.{_UNIT_NOTE}",
    },
    {
        "rule_id": "complaint.accept",
        "effective_from": "2026-07-01",
        "effective_until": None,
        "title": "Thời hạn thụ lý giải quyết khiếu nại lần đầu",
        "days": 7,
        "unit": "working",
        "direction": "after",
        "starts_on": "ngày nhận được khiếu nại thuộc thẩm quyền",
        "variants": {},
        "max_extensions": 0,
        "extension_days": 0,
        "roll_forward": True,
        "citation": "Nghị định 155/2026/NĐ-CP sửa đổi Nghị định 124/2020/NĐ-CP",
        "source_note": (
            "Unconfirmed, reported in the brief; no source found for Nghị định 155/2026 "
            "or its effective date."
        ),
    },
    {
        "rule_id": "complaint.first",
        "effective_from": "2012-07-01",
        "effective_until": None,
        "title": "Thời hạn giải quyết khiếu nại lần đầu",
        "days": 30,
        "unit": "calendar",
        "direction": "after",
        "starts_on": "ngày thụ lý",
        "variants": {"complex": 45, "remote": 45, "remote_complex": 60},
        "max_extensions": 0,
        "extension_days": 0,
        "roll_forward": True,
        "citation": f"{KHIEU_NAI}, Điều 28",
        "source_note": f"Confirmed: {_SRC_ART_28_37}.{_UNIT_NOTE}",
    },
    {
        "rule_id": "complaint.second_filing",
        "effective_from": "2012-07-01",
        "effective_until": None,
        "title": "Thời hạn khiếu nại lần hai",
        "days": 30,
        "unit": "calendar",
        "direction": "after",
        "starts_on": (
            "ngày nhận được quyết định giải quyết lần đầu, hoặc ngày hết thời hạn giải "
            "quyết lần đầu mà khiếu nại không được giải quyết"
        ),
        "variants": {"remote": 45},
        "max_extensions": 0,
        "extension_days": 0,
        "roll_forward": True,
        "citation": f"{KHIEU_NAI}, Điều 33",
        "source_note": (
            "Values confirmed (secondary): luatsugiadinh.net.vn, 'Luật sư chuyên soạn đơn "
            "khởi kiện, khiếu nại' (30 days, 45 in remote areas). Article number from the "
            "brief, not seen in a source."
        ),
    },
    {
        "rule_id": "complaint.second",
        "effective_from": "2012-07-01",
        "effective_until": None,
        "title": "Thời hạn giải quyết khiếu nại lần hai",
        "days": 45,
        "unit": "calendar",
        "direction": "after",
        "starts_on": "ngày thụ lý",
        "variants": {"complex": 60, "remote": 60, "remote_complex": 70},
        "max_extensions": 0,
        "extension_days": 0,
        "roll_forward": True,
        "citation": f"{KHIEU_NAI}, Điều 37",
        "source_note": (
            f"Confirmed: {_SRC_ART_28_37}; Thanh tra tỉnh Lào Cai, thủ tục 'Giải quyết "
            f"khiếu nại lần hai tại cấp tỉnh'.{_UNIT_NOTE}"
        ),
    },
    {
        "rule_id": "denunciation.accept",
        "effective_from": "2019-01-01",
        "effective_until": None,
        "title": "Thời hạn xử lý ban đầu thông tin tố cáo",
        "days": 7,
        "unit": "working",
        "direction": "after",
        "starts_on": "ngày nhận được tố cáo",
        "variants": {"several_locations": 10},
        "max_extensions": 0,
        "extension_days": 0,
        "roll_forward": True,
        "citation": f"{TO_CAO}, Điều 24",
        "source_note": "Unconfirmed: values, unit and article from the brief; no source found.",
    },
    {
        "rule_id": "denunciation.forward",
        "effective_from": "2019-01-01",
        "effective_until": None,
        "title": "Thời hạn chuyển đơn tố cáo không thuộc thẩm quyền",
        "days": 5,
        "unit": "working",
        "direction": "after",
        "starts_on": "ngày nhận được tố cáo không thuộc thẩm quyền giải quyết",
        "variants": {},
        "max_extensions": 0,
        "extension_days": 0,
        "roll_forward": True,
        "citation": f"{TO_CAO}, Điều 24",
        "source_note": "Unconfirmed: value, unit and article from the brief; no source found.",
    },
    {
        "rule_id": "denunciation.resolve",
        "effective_from": "2019-01-01",
        "effective_until": None,
        "title": "Thời hạn giải quyết tố cáo",
        "days": 30,
        "unit": "calendar",
        "direction": "after",
        "starts_on": "ngày thụ lý tố cáo",
        "variants": {},
        "max_extensions": 2,
        "extension_days": 30,
        "roll_forward": True,
        "citation": f"{TO_CAO}, Điều 30",
        "source_note": (
            "Confirmed: luatdongduong.com.vn, 'Quy định pháp luật về thời hạn giải quyết "
            "tố cáo' (quotes Art. 30: 30 days; complex, one extension of at most 30 days; "
            "especially complex, two extensions of at most 30 days each). The law says "
            "'ngày' (calendar days)."
        ),
    },
    {
        "rule_id": "reception.notify",
        "effective_from": "2014-07-01",
        "effective_until": None,
        "title": (
            "Thời hạn thông báo kết quả xử lý khiếu nại, tố cáo, kiến nghị, phản ánh "
            "cho người đến trình bày"
        ),
        "days": 10,
        "unit": "working",
        "direction": "after",
        "starts_on": "ngày tiếp nhận khiếu nại, tố cáo, kiến nghị, phản ánh",
        "variants": {},
        "max_extensions": 0,
        "extension_days": 0,
        "roll_forward": True,
        "citation": f"{TIEP_CONG_DAN}, Điều 28",
        "source_note": "Unconfirmed: value, unit and article from the brief; no source found.",
    },
    {
        "rule_id": "disclosure.publish",
        "effective_from": "2023-07-01",
        "effective_until": None,
        "title": "Thời hạn công khai thông tin",
        "days": 5,
        "unit": "working",
        "direction": "after",
        "starts_on": "ngày văn bản, quyết định được ban hành",
        "variants": {},
        "max_extensions": 0,
        "extension_days": 0,
        "roll_forward": True,
        "citation": f"{THDCCS}, Điều 12",
        "source_note": "Unconfirmed: value, unit and article from the brief; no source found.",
    },
    {
        "rule_id": "disclosure.posting",
        "effective_from": "2023-07-01",
        "effective_until": None,
        "title": "Thời gian niêm yết công khai tối thiểu",
        "days": 30,
        "unit": "calendar",
        "direction": "after",
        "starts_on": "ngày niêm yết",
        "variants": {},
        "max_extensions": 0,
        "extension_days": 0,
        "roll_forward": False,
        "citation": f"{THDCCS}, Điều 13",
        "source_note": (
            "Unconfirmed: value from the brief ('at least 30 consecutive days'); the "
            "article (12 or 13) is not confirmed. A minimum duration, so no roll-forward."
        ),
    },
    {
        "rule_id": "consultation.min",
        "effective_from": "2023-07-01",
        "effective_until": None,
        "title": "Thời gian lấy ý kiến Nhân dân tối thiểu",
        "days": 20,
        "unit": "calendar",
        "direction": "after",
        "starts_on": "ngày bắt đầu lấy ý kiến",
        "variants": {},
        "max_extensions": 0,
        "extension_days": 0,
        "roll_forward": False,
        "citation": f"{THDCCS}, Điều 28",
        "source_note": (
            "Unconfirmed: value and article from the brief; no source found. A minimum "
            "duration, so no roll-forward."
        ),
    },
    {
        "rule_id": "decision.report",
        "effective_from": "2023-07-01",
        "effective_until": None,
        "title": "Thời hạn gửi kết quả bàn, biểu quyết của cộng đồng dân cư",
        "days": 5,
        "unit": "working",
        "direction": "after",
        "starts_on": "ngày kết thúc hội nghị hoặc kết thúc phát phiếu biểu quyết",
        "variants": {},
        "max_extensions": 0,
        "extension_days": 0,
        "roll_forward": True,
        "citation": f"{THDCCS}, Điều 20",
        "source_note": "Unconfirmed: value, unit and article from the brief; no source found.",
    },
    {
        "rule_id": "inspection_board.reply",
        "effective_from": "2023-07-01",
        "effective_until": None,
        "title": "Thời hạn trả lời kiến nghị của Ban Thanh tra nhân dân",
        "days": 15,
        "unit": "calendar",
        "direction": "after",
        "starts_on": "ngày nhận được kiến nghị của Ban Thanh tra nhân dân",
        "variants": {},
        "max_extensions": 0,
        "extension_days": 0,
        "roll_forward": True,
        "citation": f"{THDCCS}, Điều 36–40",
        "source_note": (
            "Unconfirmed: value from the brief; the exact article within Art. 36–40 was not found."
        ),
    },
    {
        "rule_id": "vote.notice",
        "effective_from": "2023-07-01",
        "effective_until": None,
        "title": "Thời hạn thông báo trước khi tổ chức bàn, biểu quyết",
        "days": 2,
        "unit": "calendar",
        "direction": "before",
        "starts_on": "ngày tổ chức hội nghị hoặc phát phiếu lấy ý kiến hộ gia đình",
        "variants": {},
        "max_extensions": 0,
        "extension_days": 0,
        "roll_forward": True,
        "citation": f"{THDCCS} (điều khoản chưa xác định)",
        "source_note": "Unconfirmed: value from the brief; article not found.",
    },
    {
        "rule_id": "annual_meeting.notice",
        "effective_from": "2023-07-01",
        "effective_until": None,
        "title": "Thời hạn thông báo trước hội nghị thôn, tổ dân phố cuối năm",
        "days": 5,
        "unit": "calendar",
        "direction": "before",
        "starts_on": "ngày họp hội nghị thôn, tổ dân phố cuối năm",
        "variants": {},
        "max_extensions": 0,
        "extension_days": 0,
        "roll_forward": True,
        "citation": f"{THDCCS}, Điều 33",
        "source_note": "Unconfirmed: value and article from the brief; no source found.",
    },
]

RULE_IDS: tuple[str, ...] = tuple(dict.fromkeys(row["rule_id"] for row in RULES))
