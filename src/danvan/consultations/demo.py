"""Demo data: a consultation open now with comments from the portal, and a past one with
about 120 comments from the portal and two village meetings, grouped, decided and
explained. Written through the services; idempotent."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from danvan.consultations import services
from danvan.consultations.models import Consultation, Decision
from danvan.consultations.selectors import majority_group, minimum_end
from danvan.units.models import AdministrativeUnit, Agency, AgencyKind, UnitLevel

DATA = Path(__file__).resolve().parent / "data"
OPEN_TITLE = "Lấy ý kiến Nhân dân về Kế hoạch tăng cường dân vận chính quyền năm nay"
PAST_TITLE = "Lấy ý kiến Nhân dân về Báo cáo tổng kết thực hiện Quy chế dân chủ ở cơ sở"
NAMES = ["Nguyễn Văn Hải", "", "Trần Thị Thu", "", "Lê Văn Dũng", "Phạm Thị Lan", ""]
REASONS = {
    Decision.PARTLY_ACCEPTED: "Tiếp thu một phần; nội dung còn lại thực hiện theo quy định "
    "hiện hành của cấp trên.",
    Decision.NOT_ACCEPTED: "Không tiếp thu vì vượt thẩm quyền của Ủy ban nhân dân xã; đã "
    "chuyển kiến nghị đến cơ quan có thẩm quyền.",
}


def _comments(articles: int, per_article: int, seed: int) -> list[tuple[int, str, str]]:
    """(article number from 1, position, text) of realistic comments."""
    from danvan.consultations.samples import labelled_comments

    comments, _labels = labelled_comments(articles=articles, per_article=per_article, seed=seed)
    return [(c.section_id or 1, c.position, c.text) for c in comments]


def _villages(commune: AdministrativeUnit) -> list[AdministrativeUnit]:
    return list(
        AdministrativeUnit.objects.filter(
            parent=commune, level=UnitLevel.VILLAGE, is_active=True
        ).order_by("name_collation")[:2]
    )


def seed_demo(*, commune: AdministrativeUnit, staff: dict[str, Any], today: date) -> int:
    agency = Agency.objects.filter(
        unit=commune, kind=AgencyKind.PEOPLES_COMMITTEE, is_active=True
    ).first()
    if agency is None or Consultation.objects.filter(unit=commune, title=PAST_TITLE).exists():
        return 0
    officer, leader = staff["officer"], staff["leader"]
    villages = _villages(commune)
    created = 0

    # A consultation open now, ten days left.
    opens_on = today - timedelta(days=10)
    current = services.create_consultation(
        actor=officer,
        agency=agency,
        subject="socio_economic",
        title=OPEN_TITLE,
        draft_title="Kế hoạch tăng cường công tác dân vận chính quyền",
        summary="Ủy ban nhân dân xã đề nghị bà con đọc và góp ý từng đoạn của dự thảo kế hoạch.",
        opens_on=opens_on,
        closes_on=max(minimum_end(opens_on), today + timedelta(days=10)),
        channels=["portal", "meeting", "suggestion_box"],
        villages=villages,
    )
    sections = services.import_draft(
        actor=officer, consultation=current, text=(DATA / "seed-0.txt").read_text("utf-8")
    )
    services.open_consultation(actor=None, consultation=current, today=opens_on)
    for n, (article, position, text) in enumerate(_comments(len(sections), 2, seed=10)):
        services.submit_comment(
            consultation=current,
            section=sections[article - 1] if n % 5 else None,
            position=position,
            text=text,
            key=uuid.uuid4(),
            author_name=NAMES[n % len(NAMES)],
            today=opens_on + timedelta(days=n % 10),
        )
        created += 1

    # A past consultation, explained.
    opens_on = today - timedelta(days=75)
    past = services.create_consultation(
        actor=officer,
        agency=agency,
        subject="democracy_rules",
        title=PAST_TITLE,
        draft_title="Báo cáo tổng kết và phương hướng thực hiện Quy chế dân chủ ở cơ sở",
        opens_on=opens_on,
        closes_on=minimum_end(opens_on) + timedelta(days=5),
        channels=["portal", "meeting"],
        villages=villages,
    )
    sections = services.import_draft(
        actor=officer, consultation=past, text=(DATA / "seed-2.txt").read_text("utf-8")
    )
    services.open_consultation(actor=None, consultation=past, today=opens_on)
    comments = _comments(len(sections), 20, seed=2)
    portal, meetings = comments[::3] + comments[1::3], comments[2::3]
    for n, (article, position, text) in enumerate(portal):
        services.submit_comment(
            consultation=past,
            section=sections[article - 1],
            position=position,
            text=text,
            key=uuid.uuid4(),
            author_name=NAMES[n % len(NAMES)],
            today=opens_on + timedelta(days=n % 20),
        )
        created += 1
    half = len(meetings) // 2
    for index, rows in enumerate((meetings[:half], meetings[half:])):
        village = villages[index] if index < len(villages) else None
        services.record_offline_batch(
            actor=officer,
            consultation=past,
            channel="meeting",
            held_on=opens_on + timedelta(days=7 + 5 * index),
            village=village,
            place=f"Nhà văn hóa {village.name}" if village else "Hội trường Ủy ban nhân dân xã",
            attendees=60 + 15 * index,
            rows=[
                services.OfflineRow(sections[a - 1], position, text, people=1 + (n % 4))
                for n, (a, position, text) in enumerate(rows)
            ],
            today=today,
        )
        created += len(rows)
    services.close_comments(actor=officer, consultation=past, today=today)
    groups = services.aggregate(actor=officer, consultation=past)
    by_section: dict[int | None, list[Any]] = {}
    for group in groups:
        by_section.setdefault(group.section_id, []).append(group)
    for index, group in enumerate(groups):
        majority = majority_group(by_section[group.section_id])
        if majority is not None and group.pk == majority.pk:
            # One article where the authority does not follow the majority, with reasons.
            decision = (
                Decision.PARTLY_ACCEPTED
                if group.section_id == groups[0].section_id
                else Decision.ACCEPTED
            )
        else:
            decision = [Decision.ACCEPTED, Decision.NOT_ACCEPTED, Decision.PARTLY_ACCEPTED][
                index % 3
            ]
        services.decide_group(
            actor=leader, group=group, decision=decision, explanation=REASONS.get(decision, "")
        )
    services.publish_explanation(
        actor=leader,
        consultation=past,
        signer_name=getattr(leader, "full_name", "") or "Nguyễn Văn Chủ",
        signer_title="CHỦ TỊCH",
        today=past.closes_on + timedelta(days=7),
    )
    return created + 2
