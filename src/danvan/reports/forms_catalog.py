"""The statistics forms (biểu mẫu) of the periodic reports, as data.

One ``FormDefinition`` per form and version: its code, title, the circular that issued it,
the column headers as a tree (groups of numbered columns) and, for every column, where
its number comes from (``Source``). The circulars change every few years, so a new
layout is a new definition here, not new code.

A column whose number the platform cannot produce yet is ``Unsupported`` with the reason
printed under the table: such a cell stays empty rather than holding a guess. Column
titles and notes are the Vietnamese text of the forms (official documents are Vietnamese
whatever the interface language); each form also has an English name for the interface.

Layouts: 01/TCD and 01/XLD follow Thông tư 02/2021/TT-TTCP, the layout known in detail
(01/2024 and 06/2025 kept the form codes; add their layouts as new versions once the
appendices are confirmed). TH-KQXL and TH-DCCS are the platform's own summary tables,
printed as such, not statutory forms.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from danvan.figures.selectors import FIGURE_NAMES

# --- where a column's number comes from --------------------------------------------


@dataclass(frozen=True)
class Figures:
    """The sum of figures of ``danvan.figures.selectors`` (keys of ``Figures.counts``)."""

    names: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"kind": "figures", "names": list(self.names)}


@dataclass(frozen=True)
class Reception:
    """A count of ``reports.periodic_selectors.RECEPTION_COUNTS``."""

    name: str

    def to_json(self) -> dict[str, Any]:
        return {"kind": "reception", "name": self.name}


@dataclass(frozen=True)
class Ratings:
    """The number of satisfaction ratings given in the period."""

    def to_json(self) -> dict[str, Any]:
        return {"kind": "ratings"}


@dataclass(frozen=True)
class Percent:
    """100 × numerator / denominator, both keys of other columns of the form; computed
    per row (the total row from the totals), never summed."""

    numerator: str
    denominator: str

    def to_json(self) -> dict[str, Any]:
        return {"kind": "percent", "numerator": self.numerator, "denominator": self.denominator}


@dataclass(frozen=True)
class Democracy:
    """A count of ``compliance.selectors.DEMOCRACY_COUNTS``, summed over the communes of
    the row (none for a village: the registers are kept per commune)."""

    name: str

    def to_json(self) -> dict[str, Any]:
        return {"kind": "democracy", "name": self.name}


@dataclass(frozen=True)
class Unsupported:
    """No data for this column yet; ``reason`` is printed under the table."""

    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"kind": "unsupported", "reason": self.reason}


Source = Figures | Reception | Ratings | Democracy | Percent | Unsupported


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    source: Source
    note: str = ""  # printed under the table: how the column is counted

    @property
    def supported(self) -> bool:
        return not isinstance(self.source, Unsupported)


@dataclass(frozen=True)
class Group:
    title: str
    children: tuple[Column | Group, ...]


@dataclass(frozen=True)
class FormDefinition:
    code: str  # "01/TCD"
    version: str  # "2021"
    name: Promise  # for the interface
    title: str  # the form's own heading, in Vietnamese
    summary: str  # the report's summary line (trích yếu) before the period
    circular: str  # "" for the platform's own tables
    valid_from: date
    subject: str  # reception | handling | results | democracy: the narrative outline
    headers: tuple[Column | Group, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def key(self) -> str:
        return f"{self.code}@{self.version}"

    @property
    def statutory(self) -> bool:
        return bool(self.circular)

    @property
    def columns(self) -> list[Column]:
        return list(_leaves(self.headers))

    def needs(self) -> set[str]:
        """The kinds of source the form reads ("figures", "reception", "ratings",
        "democracy")."""
        kinds = {column.source.to_json()["kind"] for column in self.columns}
        return kinds & {"figures", "reception", "ratings", "democracy"}

    def layout(self) -> dict[str, Any]:
        """The form as plain JSON, kept with each report so that a report re-renders
        the same way after the catalogue has changed."""
        return {
            "code": self.code,
            "version": self.version,
            "title": self.title,
            "summary": self.summary,
            "circular": self.circular,
            "subject": self.subject,
            "headers": [_node_json(node) for node in self.headers],
            "columns": [
                {
                    "key": column.key,
                    "number": number,
                    "title": column.title,
                    "source": column.source.to_json(),
                    "supported": column.supported,
                    "note": column.note,
                }
                for number, column in enumerate(self.columns, start=1)
            ],
            "notes": list(self.notes),
        }


def _leaves(nodes: tuple[Column | Group, ...]) -> Iterator[Column]:
    for node in nodes:
        if isinstance(node, Group):
            yield from _leaves(node.children)
        else:
            yield node


def _node_json(node: Column | Group) -> dict[str, Any]:
    if isinstance(node, Group):
        return {"title": node.title, "children": [_node_json(child) for child in node.children]}
    return {"title": node.title, "key": node.key}


# --- reasons printed for empty columns ----------------------------------------------

NO_CASES = (
    "Sổ tiếp công dân chưa gắn lượt tiếp với vụ việc nên chưa đếm được số vụ việc "
    "(lần đầu, nhiều lần)."
)
NO_CARRY_OVER = "Hệ thống chưa tổng hợp số đơn kỳ trước chuyển sang."
NO_SIGNERS = "Chưa có số liệu tổng hợp đơn theo số người đứng tên."
NO_ELIGIBILITY = "Chưa có số liệu tổng hợp đơn đã xử lý, đơn đủ điều kiện xử lý."
NO_STATUS = (
    "Chưa có số liệu tổng hợp theo tình trạng giải quyết (lần đầu, nhiều lần, đang giải "
    "quyết, chưa giải quyết)."
)
NO_COMPETENCE_SPLIT = "Chưa có số liệu đơn thuộc thẩm quyền tách theo loại đơn."
NO_GUIDANCE = "Chưa có số liệu tổng hợp đơn đã hướng dẫn, đã đôn đốc."
NO_REPLIES = "Hệ thống chưa ghi nhận văn bản phúc đáp đối với đơn đã chuyển."

ON_RECEIVED = "Tính trên toàn bộ đơn tiếp nhận trong kỳ."
CASES_NOTE = "Đơn đã chuyển cơ quan có thẩm quyền không tính là vụ việc tại nơi chuyển."
AS_OF_ISSUE = "Tính tại thời điểm lập báo cáo."


def _reception_block(prefix: str, *, sessions: bool) -> tuple[Column | Group, ...]:
    """Visits, people, cases and groups of one kind of reception (form 01/TCD)."""
    cases = Group(
        "Vụ việc",
        (
            Column(f"{prefix}_cases_first", "Lần đầu", Unsupported(NO_CASES)),
            Column(f"{prefix}_cases_repeat", "Nhiều lần", Unsupported(NO_CASES)),
        ),
    )
    group_cases = Group(
        "Vụ việc",
        (
            Column(f"{prefix}_group_cases_first", "Lần đầu", Unsupported(NO_CASES)),
            Column(f"{prefix}_group_cases_repeat", "Nhiều lần", Unsupported(NO_CASES)),
        ),
    )
    head: tuple[Column | Group, ...] = (
        (Column(f"{prefix}_sessions", "Kỳ tiếp", Reception(f"{prefix}_sessions")),)
        if sessions
        else ()
    )
    return (
        *head,
        Column(f"{prefix}_visits", "Lượt", Reception(f"{prefix}_visits")),
        Column(f"{prefix}_people", "Người", Reception(f"{prefix}_people")),
        cases,
        Group(
            "Đoàn đông người",
            (
                Column(f"{prefix}_groups", "Số đoàn", Reception(f"{prefix}_groups")),
                Column(f"{prefix}_group_people", "Người", Reception(f"{prefix}_group_people")),
                group_cases,
            ),
        ),
    )


RECEPTION_2021 = FormDefinition(
    code="01/TCD",
    version="2021",
    name=_("01/TCD – citizen reception"),
    title="TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN",
    summary="Kết quả công tác tiếp công dân",
    circular="Thông tư số 02/2021/TT-TTCP",
    valid_from=date(2021, 5, 10),
    subject="reception",
    headers=(
        Group(
            "Tổng số",
            (
                Column("visits", "Lượt", Reception("visits")),
                Column("people", "Người", Reception("people")),
                Column("cases", "Vụ việc", Unsupported(NO_CASES)),
            ),
        ),
        Group("Tiếp thường xuyên", _reception_block("regular", sessions=False)),
        Group(
            "Tiếp định kỳ và đột xuất của Thủ trưởng",
            (
                Group("Thủ trưởng trực tiếp tiếp", _reception_block("head", sessions=True)),
                Group("Ủy quyền tiếp", _reception_block("delegated", sessions=True)),
            ),
        ),
    ),
    notes=(
        "Đoàn đông người: lượt tiếp từ 05 người trở lên. Tiếp đột xuất được tính vào tiếp "
        "của Thủ trưởng (trực tiếp hoặc ủy quyền theo ghi nhận của buổi tiếp).",
    ),
)


HANDLING_2021 = FormDefinition(
    code="01/XLD",
    version="2021",
    name=_("01/XLD – handling of petitions"),
    title="TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN KHIẾU NẠI, TỐ CÁO, KIẾN NGHỊ, PHẢN ÁNH",
    summary="Kết quả công tác xử lý đơn khiếu nại, tố cáo, kiến nghị, phản ánh",
    circular="Thông tư số 02/2021/TT-TTCP",
    valid_from=date(2021, 5, 10),
    subject="handling",
    headers=(
        Group(
            "Tiếp nhận",
            (
                Column("total", "Tổng số đơn", Unsupported(NO_CARRY_OVER)),
                Group(
                    "Đơn kỳ trước chuyển sang",
                    (
                        Column(
                            "prev_many", "Đơn có nhiều người đứng tên", Unsupported(NO_CARRY_OVER)
                        ),
                        Column("prev_one", "Đơn một người đứng tên", Unsupported(NO_CARRY_OVER)),
                        Column("prev_other", "Đơn khác", Unsupported(NO_CARRY_OVER)),
                    ),
                ),
                Group(
                    "Đơn tiếp nhận trong kỳ",
                    (
                        Column("new_many", "Đơn có nhiều người đứng tên", Unsupported(NO_SIGNERS)),
                        Column("new_one", "Đơn một người đứng tên", Unsupported(NO_SIGNERS)),
                        Column("new_other", "Đơn khác", Unsupported(NO_SIGNERS)),
                    ),
                ),
            ),
        ),
        Column("handled", "Đơn đã xử lý", Unsupported(NO_ELIGIBILITY)),
        Group(
            "Đơn đủ điều kiện xử lý",
            (
                Column("eligible", "Số đơn", Unsupported(NO_ELIGIBILITY)),
                Column("eligible_cases", "Số vụ việc", Unsupported(NO_ELIGIBILITY)),
            ),
        ),
        Group(
            "Phân loại theo nội dung",
            (
                Column("complaint", "Khiếu nại", Figures(("complaint",)), note=ON_RECEIVED),
                Column("denunciation", "Tố cáo", Figures(("denunciation",)), note=ON_RECEIVED),
                Column(
                    "petition_feedback",
                    "Kiến nghị, phản ánh",
                    Figures(("petition", "feedback")),
                    note=ON_RECEIVED,
                ),
            ),
        ),
        Group(
            "Theo tình trạng giải quyết",
            (
                Group(
                    "Đã được giải quyết",
                    (
                        Column("resolved_first", "Lần đầu", Unsupported(NO_STATUS)),
                        Column("resolved_repeat", "Nhiều lần", Unsupported(NO_STATUS)),
                    ),
                ),
                Column("in_progress", "Đang giải quyết", Unsupported(NO_STATUS)),
                Column("not_started", "Chưa giải quyết", Unsupported(NO_STATUS)),
            ),
        ),
        Group(
            "Kết quả xử lý đơn",
            (
                Group(
                    "Đơn thuộc thẩm quyền",
                    (
                        Column("competent", "Tổng", Figures(("within_competence",))),
                        Column("competent_kn", "Khiếu nại", Unsupported(NO_COMPETENCE_SPLIT)),
                        Column("competent_tc", "Tố cáo", Unsupported(NO_COMPETENCE_SPLIT)),
                        Column(
                            "competent_knpa",
                            "Kiến nghị, phản ánh",
                            Unsupported(NO_COMPETENCE_SPLIT),
                        ),
                    ),
                ),
                Group(
                    "Đơn không thuộc thẩm quyền",
                    (
                        Column("not_competent", "Tổng", Unsupported(NO_GUIDANCE)),
                        Column("guided", "Hướng dẫn", Unsupported(NO_GUIDANCE)),
                        Column("forwarded", "Chuyển đơn", Figures(("forwarded",))),
                        Column("urged", "Đôn đốc giải quyết", Unsupported(NO_GUIDANCE)),
                    ),
                ),
            ),
        ),
        Column("replies", "Số văn bản phúc đáp nhận được do chuyển đơn", Unsupported(NO_REPLIES)),
    ),
)


RESULTS_V1 = FormDefinition(
    code="TH-KQXL",
    version="1",
    name=_("Summary of petitions handled and resolved"),
    title=(
        "TỔNG HỢP KẾT QUẢ TIẾP NHẬN, XỬ LÝ VÀ GIẢI QUYẾT ĐƠN KHIẾU NẠI, TỐ CÁO, KIẾN NGHỊ, PHẢN ÁNH"
    ),
    summary="Kết quả tiếp nhận, xử lý và giải quyết đơn khiếu nại, tố cáo, kiến nghị, phản ánh",
    circular="",
    valid_from=date(2021, 5, 10),
    subject="results",
    headers=(
        Group(
            "Đơn tiếp nhận trong kỳ",
            (
                Column("received", "Tổng số đơn", Figures(("received",))),
                Column("cases", "Số vụ việc", Figures(("cases",)), note=CASES_NOTE),
                Column("repeated", "Đơn gửi nhiều lần", Figures(("repeated",))),
                Column("complaint", "Khiếu nại", Figures(("complaint",))),
                Column("denunciation", "Tố cáo", Figures(("denunciation",))),
                Column("petition", "Kiến nghị", Figures(("petition",))),
                Column("feedback", "Phản ánh", Figures(("feedback",))),
            ),
        ),
        Group(
            "Xử lý đơn",
            (
                Column("within_competence", "Thuộc thẩm quyền", Figures(("within_competence",))),
                Column("forwarded", "Đã chuyển cơ quan có thẩm quyền", Figures(("forwarded",))),
            ),
        ),
        Group(
            "Giải quyết",
            (
                Column("accepted", "Đã thụ lý", Figures(("accepted",))),
                Column("resolved", "Đã giải quyết", Figures(("resolved",))),
                Column("resolved_on_time", "Đúng thời hạn", Figures(("resolved_on_time",))),
                Column(
                    "on_time_rate",
                    "Tỷ lệ đúng thời hạn (%)",
                    Percent("resolved_on_time", "resolved"),
                ),
            ),
        ),
        Column(
            "overdue_now",
            "Quá hạn chưa giải quyết",
            Figures(("overdue_now",)),
            note=AS_OF_ISSUE,
        ),
    ),
    notes=(
        "Biểu tổng hợp của hệ thống, không thay thế các biểu 01/KQGQ, 03/KQGQ. Các cột tính "
        "trên đơn tiếp nhận trong kỳ; đơn chuyển đến được tính tại cơ quan giải quyết.",
    ),
)


DEMOCRACY_V1 = FormDefinition(
    code="TH-DCCS",
    version="1",
    name=_("Grassroots democracy summary"),
    title="TỔNG HỢP KẾT QUẢ THỰC HIỆN DÂN CHỦ Ở CƠ SỞ",
    summary="Kết quả thực hiện dân chủ ở cơ sở",
    circular="",
    valid_from=date(2023, 7, 1),  # Luật Thực hiện dân chủ ở cơ sở 2022 in force
    subject="democracy",
    headers=(
        Group(
            "Tiếp công dân",
            (
                Column(
                    "leader_sessions",
                    "Kỳ tiếp định kỳ của Thủ trưởng",
                    Reception("leader_sessions"),
                ),
                Column("visits", "Lượt tiếp", Reception("visits")),
                Column("people", "Người", Reception("people")),
                Column("group_visits", "Đoàn đông người", Reception("group_visits")),
            ),
        ),
        Group(
            "Đơn khiếu nại, tố cáo, kiến nghị, phản ánh",
            (
                Column("received", "Tiếp nhận", Figures(("received",))),
                Column("resolved", "Đã giải quyết", Figures(("resolved",))),
                Column("resolved_on_time", "Đúng thời hạn", Figures(("resolved_on_time",))),
            ),
        ),
        Group(
            "Đánh giá sự hài lòng",
            (Column("ratings", "Lượt đánh giá", Ratings()),),
        ),
        Group(
            "Công khai thông tin",
            (
                Column("disclosures", "Nội dung đã công khai", Democracy("disclosures")),
                Column(
                    "disclosures_on_time", "Công khai đúng hạn", Democracy("disclosures_on_time")
                ),
            ),
        ),
        Group(
            "Nhân dân bàn và quyết định",
            (Column("decisions", "Nội dung đã bàn, quyết định", Democracy("decisions")),),
        ),
        Group(
            "Nhân dân tham gia ý kiến",
            (Column("consultations", "Dự thảo đã lấy ý kiến", Democracy("consultations")),),
        ),
        Group(
            "Nhân dân kiểm tra, giám sát",
            (
                Column("dialogues", "Hội nghị đối thoại", Democracy("dialogues")),
                Column(
                    "board_recommendations",
                    "Kiến nghị của Ban Thanh tra nhân dân",
                    Democracy("board_recommendations"),
                ),
                Column(
                    "board_answered_on_time",
                    "Đã trả lời đúng hạn",
                    Democracy("board_answered_on_time"),
                ),
            ),
        ),
    ),
    notes=(
        "Biểu tổng hợp của hệ thống theo Luật Thực hiện dân chủ ở cơ sở năm 2022; các cột "
        "lấy từ số liệu của hệ thống. Công khai đúng hạn: trong 05 ngày làm việc kể từ ngày "
        "ban hành; kiến nghị trả lời đúng hạn: trong 15 ngày; số liệu dân chủ cơ sở tính "
        "theo xã, không tách theo thôn.",
    ),
)


FORMS: tuple[FormDefinition, ...] = (RECEPTION_2021, HANDLING_2021, RESULTS_V1, DEMOCRACY_V1)
_BY_KEY = {form.key: form for form in FORMS}


def form_by_key(key: str) -> FormDefinition | None:
    return _BY_KEY.get(key)


def get_form(code: str, version: str) -> FormDefinition | None:
    return _BY_KEY.get(f"{code}@{version}")


def form_in_force(code: str, *, on: date) -> FormDefinition | None:
    """The latest version of ``code`` that was in force ``on`` that date."""
    versions = [f for f in FORMS if f.code == code and f.valid_from <= on]
    return max(versions, key=lambda f: f.valid_from, default=None)


def form_codes() -> list[str]:
    """Each code once, in catalogue order."""
    return list(dict.fromkeys(form.code for form in FORMS))


def check_catalogue() -> None:
    """Keys unique within each form, every figure known, percentages over real columns
    (run by the test suite, so a mistake in the data never reaches an issued report)."""
    for form in FORMS:
        keys = [column.key for column in form.columns]
        if len(keys) != len(set(keys)):
            raise ValueError(f"{form.key}: duplicate column keys")
        for column in form.columns:
            source = column.source
            if isinstance(source, Figures) and not set(source.names) <= set(FIGURE_NAMES):
                raise ValueError(f"{form.key}: unknown figure in {column.key}")
            if isinstance(source, Percent) and not {source.numerator, source.denominator} <= set(
                keys
            ):
                raise ValueError(f"{form.key}: percentage of unknown columns in {column.key}")
    if len(_BY_KEY) != len(FORMS):
        raise ValueError("duplicate form versions")
