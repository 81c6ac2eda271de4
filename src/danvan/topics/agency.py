"""Suggest the competent agency (cơ quan có thẩm quyền) for a petition.

The answer comes from a rule table (``RULES``), read top to bottom: the first rule whose
topics, kinds and cue match gives the competent body as a descriptor
``"<level>:<agency kind>"`` (``commune:ubnd``, ``province:ubnd``, ``province:so``,
``province:thanh_tra``), the reason and its legal basis. Cues are facts read from the
text by the patterns in ``CUES`` (a second complaint, a denunciation of the commune's
chair, an enterprise, a provincial road…). The descriptor is then resolved to an
existing :class:`~danvan.units.models.Agency` of the petition's commune or province.

Since 1 July 2025 there is no district level: the powers the laws gave the district
chair go to the commune or the province. The table follows that split; each citation
names the article of the law as written and says where the reform moved the power.
This is advice for the reception officer, never a decision: the officer classifies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from danvan.dedup.matcher import normalize
from danvan.units.models import AdministrativeUnit, Agency, UnitLevel

COMPLAINT, DENUNCIATION, PETITION, FEEDBACK = "complaint", "denunciation", "petition", "feedback"

COMMUNE_UBND = "commune:ubnd"
PROVINCE_UBND = "province:ubnd"
PROVINCE_DEPARTMENT = "province:so"
PROVINCE_INSPECTORATE = "province:thanh_tra"
BODIES: dict[str, Promise] = {
    COMMUNE_UBND: _("Chair of the commune People's Committee"),
    PROVINCE_UBND: _("Chair of the provincial People's Committee"),
    PROVINCE_DEPARTMENT: _("Director of the competent provincial department (sở)"),
    PROVINCE_INSPECTORATE: _("Chief of the provincial inspectorate"),
}

# Patterns on the text as ``danvan.dedup.matcher.normalize`` leaves it: folded, the
# greeting line cut, shorthand spelled out ("UBND" → "uy ban nhan dan").
_PEOPLES_COMMITTEE = r"(?:uy ban nhan dan |uy ban |ub )?"
CUES: dict[str, tuple[str, ...]] = {
    # A complaint against the decision that settled a first complaint.
    "second_instance": (
        r"\bkhieu nai lan (?:hai|2|thu hai)\b",
        r"\bquyet dinh giai quyet khieu nai lan (?:dau|1|thu nhat)\b",
    ),
    # The chair or a vice-chair of a commune, ward or special zone.
    "commune_head": (
        rf"\b(?:pho )?chu tich {_PEOPLES_COMMITTEE}(?:xa|phuong|dac khu)\b",
        r"\b(?:ong|ba) (?:pho )?chu tich\b(?! (?:uy ban nhan dan |ub )?(?:tinh|thanh pho))",
    ),
    "inspectorate": (
        r"\bthanh tra vien\b",
        r"\bdoan thanh tra\b",
        r"\bchanh thanh tra\b",
        r"\bcan bo thanh tra\b",
        r"\bthanh tra tinh\b",
    ),
    "department": (
        r"\bso (?:nong nghiep|tai nguyen|xay dung|giao thong|y te|noi vu|tai chinh|tu phap|"
        r"cong thuong|giao duc|lao dong|van hoa|khoa hoc|ke hoach|dan toc)\b",
        r"\bgiam doc so\b",
    ),
    "enterprise": (
        r"\b(?:cong ty|doanh nghiep|nha may|xi nghiep|khu cong nghiep|cum cong nghiep)\b",
        r"\b(?:tnhh|co phan)\b",
    ),
    "provincial_road": (
        r"\b(?:quoc lo|tinh lo|duong tinh|duong cao toc)\b",
        r"\bql ?\d+\b",
    ),
}
# A person named right after these words is who the letter is sent to ("đề nghị Chủ
# tịch xã xem xét"), not who it is about; the cues about people skip such mentions.
_ADDRESSEE = re.compile(r"(?:\bgui|\bde nghi|\bkinh|\bbao cao|\bbao|\btrinh|\bxin|\bthua)\s*$")
_ABOUT_PEOPLE = frozenset({"commune_head", "inspectorate", "department"})
_COMPILED = {name: [re.compile(p) for p in patterns] for name, patterns in CUES.items()}


def detect_cues(text: str) -> frozenset[str]:
    """The names of the cues found in ``text``."""
    cleaned = normalize(text or "")
    found = set()
    for name, patterns in _COMPILED.items():
        for pattern in patterns:
            for match in pattern.finditer(cleaned):
                before = cleaned[max(0, match.start() - 20) : match.start()]
                if name in _ABOUT_PEOPLE and _ADDRESSEE.search(before):
                    continue
                found.add(name)
                break
            if name in found:
                break
    return frozenset(found)


@dataclass(frozen=True)
class AgencyRule:
    body: str
    reason: Promise
    citation: str
    topics: frozenset[str] = frozenset()  # empty: any topic (or none)
    kinds: frozenset[str] = frozenset()  # empty: any kind
    cue: str = ""  # a name in CUES, or "" for none needed
    # Folded words of the department's name, to pick it among the province's agencies.
    department: tuple[str, ...] = ()

    def matches(self, topic: str | None, kind: str, cues: frozenset[str]) -> bool:
        return (
            (not self.topics or topic in self.topics)
            and (not self.kinds or kind in self.kinds)
            and (not self.cue or self.cue in cues)
        )


def _rule(body: str, reason: Promise, citation: str, **match: Any) -> AgencyRule:
    for key in ("topics", "kinds"):
        if key in match:
            match[key] = frozenset(match[key].split())
    if "department" in match:
        match["department"] = tuple(match["department"].split("|"))
    return AgencyRule(body, reason, citation, **match)


RULES: tuple[AgencyRule, ...] = (
    _rule(
        PROVINCE_UBND,
        _(
            "A second complaint against the commune chair's decision on a first complaint "
            "goes one level up, which is the province since districts were abolished."
        ),
        "Luật Khiếu nại 2011, Điều 18 khoản 2 (thẩm quyền của cấp huyện, chuyển lên Chủ "
        "tịch UBND cấp tỉnh từ 01/7/2025) và Điều 21",
        kinds=COMPLAINT,
        cue="second_instance",
    ),
    _rule(
        PROVINCE_UBND,
        _(
            "A denunciation of the chair or a vice-chair of a commune People's Committee is "
            "settled one level up, by the provincial chair since districts were abolished."
        ),
        "Luật Tố cáo 2018, Điều 12 và Điều 13 khoản 2 (thẩm quyền của cấp huyện, chuyển lên "
        "Chủ tịch UBND cấp tỉnh từ 01/7/2025)",
        kinds=DENUNCIATION,
        cue="commune_head",
    ),
    _rule(
        PROVINCE_INSPECTORATE,
        _(
            "The letter is about the provincial inspectorate's own officials or decisions: "
            "its chief settles it as the head of that agency."
        ),
        "Luật Khiếu nại 2011, Điều 20 khoản 1; Luật Tố cáo 2018, Điều 12 khoản 1",
        kinds=f"{COMPLAINT} {DENUNCIATION}",
        cue="inspectorate",
    ),
    _rule(
        PROVINCE_DEPARTMENT,
        _(
            "The complaint is about a decision or act of a provincial department: its "
            "director settles the first complaint."
        ),
        "Luật Khiếu nại 2011, Điều 20 khoản 1",
        kinds=COMPLAINT,
        cue="department",
    ),
    _rule(
        PROVINCE_DEPARTMENT,
        _(
            "The denunciation is about an official of a provincial department: the head "
            "of the department that manages that official settles it."
        ),
        "Luật Tố cáo 2018, Điều 12 khoản 1 và Điều 13",
        kinds=DENUNCIATION,
        cue="department",
    ),
    _rule(
        PROVINCE_DEPARTMENT,
        _(
            "Pollution by an enterprise: the provincial department in charge of the "
            "environment, which permits and inspects enterprises, handles it with the commune."
        ),
        "Luật Bảo vệ môi trường 2020, Điều 41 (giấy phép môi trường); Luật Tố cáo 2018, "
        "Chương III (vi phạm về quản lý nhà nước trong các lĩnh vực)",
        topics="environment",
        kinds=f"{FEEDBACK} {PETITION} {DENUNCIATION}",
        cue="enterprise",
        department="nong nghiep va moi truong|tai nguyen va moi truong|moi truong",
    ),
    _rule(
        PROVINCE_DEPARTMENT,
        _(
            "National and provincial roads are managed above the commune: the provincial "
            "department of construction takes feedback about them."
        ),
        "Luật Đường bộ 2024 (35/2024/QH15), phân cấp quản lý quốc lộ, đường tỉnh",
        topics="infrastructure",
        kinds=f"{FEEDBACK} {PETITION}",
        cue="provincial_road",
        department="xay dung|giao thong",
    ),
    _rule(
        COMMUNE_UBND,
        _(
            "A first complaint against a decision or act of the commune People's Committee "
            "or its officials is settled by the commune chair."
        ),
        "Luật Khiếu nại 2011, Điều 17",
        kinds=COMPLAINT,
    ),
    _rule(
        COMMUNE_UBND,
        _(
            "A denunciation of a commune official's conduct in office is settled by the "
            "commune chair, who manages that official."
        ),
        "Luật Tố cáo 2018, Điều 13 khoản 1",
        topics="officials_conduct",
        kinds=DENUNCIATION,
    ),
    _rule(
        COMMUNE_UBND,
        _(
            "A denunciation of a breach of the rules in a field the commune manages is "
            "settled by the commune chair, who may sanction it."
        ),
        "Luật Tố cáo 2018, Chương III (vi phạm về quản lý nhà nước trong các lĩnh vực)",
        kinds=DENUNCIATION,
    ),
    _rule(
        COMMUNE_UBND,
        _(
            "Land matters start at the commune: it mediates land disputes and, since 2025, "
            "decides land recovery and compensation."
        ),
        "Luật Đất đai 2024, Điều 235 và Điều 236",
        topics="land",
    ),
    _rule(
        COMMUNE_UBND,
        _("The commune People's Committee manages the environment of its area."),
        "Luật Bảo vệ môi trường 2020 (trách nhiệm của Ủy ban nhân dân cấp xã)",
        topics="environment",
    ),
    _rule(
        COMMUNE_UBND,
        _(
            "Social support, poor-household lists and benefits for people with merit are "
            "reviewed and decided at the commune."
        ),
        "Nghị định 20/2021/NĐ-CP (trợ giúp xã hội); Nghị định 07/2021/NĐ-CP (chuẩn nghèo)",
        topics="social_policy",
    ),
    _rule(
        COMMUNE_UBND,
        _(
            "Feedback on administrative procedures and public services goes to the body "
            "that handles them: the commune for its one-stop shop."
        ),
        "Nghị định 20/2008/NĐ-CP (phản ánh, kiến nghị về quy định hành chính)",
        topics="public_services",
    ),
    _rule(
        COMMUNE_UBND,
        _(
            "Local roads, drainage, irrigation and building order in the commune are the "
            "commune People's Committee's business."
        ),
        "Luật Tổ chức chính quyền địa phương 2025 (nhiệm vụ của Ủy ban nhân dân cấp xã)",
        topics="infrastructure",
    ),
    _rule(
        COMMUNE_UBND,
        _("Petitions and feedback are handled first by the commune People's Committee."),
        "Luật Tiếp công dân 2013, Điều 28",
    ),
)


def competent_rule(*, topic: str | None, kind: str, text: str = "") -> AgencyRule:
    """The first rule of ``RULES`` that matches; the last one matches everything."""
    cues = detect_cues(text)
    return next(rule for rule in RULES if rule.matches(topic, kind, cues))


@dataclass(frozen=True)
class AgencySuggestion:
    agency: Agency | None  # None when no such agency is registered
    body: str  # the descriptor, e.g. "province:ubnd"
    body_label: str
    reason: str
    citation: str


def _unit_at(unit: AdministrativeUnit, level: str) -> AdministrativeUnit | None:
    wanted = UnitLevel.COMMUNE if level == "commune" else UnitLevel.PROVINCE
    if unit.level == wanted:
        return unit
    return unit.ancestors().filter(level=wanted).first()


def resolve(body: str, unit: AdministrativeUnit, department: tuple[str, ...] = ()) -> Agency | None:
    """The active agency of kind ``body`` in ``unit``'s commune or province."""
    level, kind = body.split(":", 1)
    target = _unit_at(unit, level)
    if target is None:
        return None
    agencies = list(
        Agency.objects.filter(unit=target, kind=kind, is_active=True).order_by("name", "pk")
    )
    for words in department:
        named = [a for a in agencies if words in a.name_folded]
        if named:
            return named[0]
    return agencies[0] if agencies else None


def suggest_agency(
    *, topic: Any, kind: str, unit: AdministrativeUnit, text: str = ""
) -> AgencySuggestion:
    """The competent agency for a petition of ``kind`` about ``topic`` in ``unit``.

    ``topic`` is a Topic, a topic code or None; ``text`` (the petition's subject and
    content) gives the cues. The reason never quotes the text.
    """
    code = getattr(topic, "code", topic)
    rule = competent_rule(topic=code, kind=kind, text=text)
    return AgencySuggestion(
        agency=resolve(rule.body, unit, rule.department),
        body=rule.body,
        body_label=str(BODIES[rule.body]),
        reason=str(rule.reason),
        citation=rule.citation,
    )
