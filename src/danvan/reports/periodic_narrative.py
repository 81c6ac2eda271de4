"""The narrative (phần thuyết minh) of a periodic report: a first text written from the
table, which officers edit before issuing.

Quarterly and monthly reports carry a short paragraph on the figures; the six-month,
nine-month and year reports add the outline of a "sơ kết, tổng kết" report (results,
assessment, tasks ahead, proposals), with bracketed prompts that must be replaced before
the report can be issued. The text is Vietnamese, the language of official documents,
whatever the interface language.
"""

from __future__ import annotations

import re
from typing import Any

from danvan.core.text import normalize_text
from danvan.reports.periodic_periods import PeriodKind

MAX_NARRATIVE_CHARS = 30_000
# A prompt left for the officer: "[Nêu … …]" (brackets around text ending with "…").
PLACEHOLDER_RE = re.compile(r"\[[^\[\]]*…\]")
OUTLINE_KINDS = frozenset({PeriodKind.SIX_MONTHLY, PeriodKind.NINE_MONTHLY, PeriodKind.YEARLY})


def number_vi(value: Any) -> str:
    """1234 → "1.234", 87.5 → "87,5" (Vietnamese separators); empty for no value."""
    if value is None:
        return ""
    if isinstance(value, float):
        whole, _dot, fraction = f"{value:,.1f}".partition(".")
        return f"{whole.replace(',', '.')},{fraction}"
    return f"{int(value):,}".replace(",", ".")


def clean_narrative(text: str) -> str:
    """NFC, one paragraph per line, no empty lines."""
    lines = (normalize_text(line) for line in (text or "").splitlines())
    return "\n".join(line for line in lines if line)


def paragraphs(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def placeholders_left(text: str) -> list[str]:
    return PLACEHOLDER_RE.findall(text)


class _Numbers:
    """The total row's counts, written the Vietnamese way; 0 for a column the form does
    not have or has no data for, so each subject's text works with any version of it."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values

    def count(self, *keys: str) -> int:
        return sum(self.values.get(key) or 0 for key in keys)

    def __getitem__(self, key: str) -> str:
        return number_vi(self.count(key))


def _total(data: dict[str, Any]) -> _Numbers:
    return _Numbers(next(row["values"] for row in data["rows"] if row["role"] == "total"))


def _reception(n: _Numbers, place: str, span: str) -> list[str]:
    groups = number_vi(n.count("regular_groups", "head_groups", "delegated_groups"))
    return [
        f"{span}, trên địa bàn {place} đã tiếp {n['visits']} lượt với {n['people']} người "
        "đến khiếu nại, tố cáo, kiến nghị, phản ánh; trong đó tiếp thường xuyên "
        f"{n['regular_visits']} lượt, {groups} đoàn đông người.",
        f"Thủ trưởng trực tiếp tiếp công dân {n['head_sessions']} kỳ, {n['head_visits']} "
        f"lượt; ủy quyền tiếp {n['delegated_sessions']} kỳ, {n['delegated_visits']} lượt.",
    ]


def _handling(n: _Numbers, place: str, span: str) -> list[str]:
    received = number_vi(n.count("complaint", "denunciation", "petition_feedback"))
    return [
        f"{span}, trên địa bàn {place} đã tiếp nhận {received} đơn, gồm {n['complaint']} "
        f"đơn khiếu nại, {n['denunciation']} đơn tố cáo, {n['petition_feedback']} đơn kiến "
        f"nghị, phản ánh; {n['competent']} đơn thuộc thẩm quyền giải quyết; đã chuyển "
        f"{n['forwarded']} đơn đến cơ quan có thẩm quyền.",
    ]


def _results(n: _Numbers, place: str, span: str, facts: dict[str, Any]) -> list[str]:
    rate = n.values.get("on_time_rate")
    on_time = f" (đạt {number_vi(rate)}%)" if rate is not None else ""
    return [
        f"{span}, trên địa bàn {place} đã tiếp nhận {n['received']} đơn (khiếu nại "
        f"{n['complaint']}, tố cáo {n['denunciation']}, kiến nghị {n['petition']}, phản ánh "
        f"{n['feedback']}); đã thụ lý {n['accepted']} đơn, đã giải quyết {n['resolved']} đơn, "
        f"trong đó {n['resolved_on_time']} đơn đúng thời hạn{on_time}. Tại thời điểm lập báo "
        f"cáo còn {n['overdue_now']} đơn quá hạn chưa giải quyết.",
        *_satisfaction(facts),
    ]


def _satisfaction(facts: dict[str, Any]) -> list[str]:
    ratings, index = facts.get("satisfaction_ratings"), facts.get("satisfaction_index")
    if not ratings or index is None:
        return []
    return [
        f"Người dân đã gửi {number_vi(ratings)} lượt đánh giá sự hài lòng; chỉ số hài lòng "
        f"đạt {number_vi(float(index))}/100."
    ]


def _democracy(n: _Numbers, place: str, span: str, facts: dict[str, Any]) -> list[str]:
    return [
        f"{span}, trên địa bàn {place}: Thủ trưởng tiếp công dân định kỳ "
        f"{n['leader_sessions']} kỳ; đã tiếp {n['visits']} lượt với {n['people']} người, "
        f"{n['group_visits']} đoàn đông người; tiếp nhận {n['received']} đơn, đã giải quyết "
        f"{n['resolved']} đơn, trong đó {n['resolved_on_time']} đơn đúng thời hạn.",
        *_satisfaction(facts),
        f"Đã công khai {n['disclosures']} nội dung, trong đó {n['disclosures_on_time']} nội "
        f"dung đúng hạn; nhân dân bàn và quyết định {n['decisions']} nội dung; tổ chức "
        f"{n['dialogues']} hội nghị đối thoại, hội nghị thôn, tổ dân phố; Ban Thanh tra nhân "
        f"dân có {n['board_recommendations']} kiến nghị, đã được trả lời đúng hạn "
        f"{n['board_answered_on_time']} kiến nghị; lấy ý kiến Nhân dân đối với "
        f"{n['consultations']} dự thảo.",
    ]


_OUTLINE = (
    ("II. ĐÁNH GIÁ CHUNG", "[Nêu ưu điểm, tồn tại, hạn chế và nguyên nhân…]"),
    ("III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", "[Nêu các nhiệm vụ trọng tâm…]"),
    ("IV. KIẾN NGHỊ, ĐỀ XUẤT", "[Nêu kiến nghị, đề xuất (nếu có)…]"),
)


def default_narrative(*, data: dict[str, Any], unit_name: str) -> str:
    """The first text of a report's narrative, from its table."""
    totals = _total(data)
    period = data["period"]
    span = (
        f"Trong {period['title']} (từ ngày {_dmy(period['start'])} đến ngày {_dmy(period['end'])})"
    )
    subject = data["form"]["subject"]
    facts = data.get("facts", {})
    if subject == "reception":
        body = _reception(totals, unit_name, span)
    elif subject == "handling":
        body = _handling(totals, unit_name, span)
    elif subject == "results":
        body = _results(totals, unit_name, span, facts)
    else:
        body = _democracy(totals, unit_name, span, facts)
    if period["kind"] not in OUTLINE_KINDS:
        return "\n".join(body)
    lines = ["I. KẾT QUẢ THỰC HIỆN", *body]
    for heading, prompt in _OUTLINE:
        lines += [heading, prompt]
    return "\n".join(lines)


def _dmy(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"
