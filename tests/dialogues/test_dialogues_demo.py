from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from danvan.accounts.roles import Role
from danvan.dialogues.demo import seed_demo
from danvan.dialogues.models import Commitment, Meeting, MeetingKind, Question
from danvan.dialogues.selectors import compliance_counts
from danvan.units.services import add_village

TODAY = date(2026, 6, 15)


def test_seed_demo_makes_a_year_of_meetings_once(tree: Any, make_user: Callable[..., Any]) -> None:
    for name in ("Thôn Đông", "Thôn Tây", "Thôn Nam", "Thôn Bắc", "Thôn Trung"):
        add_village(actor=None, commune=tree.bac_ly, name=name)
    agency = tree.agency(tree.bac_ly)
    staff = {
        "officer": make_user(Role.RECEPTION_OFFICER, agency),
        "handler": make_user(Role.CASE_HANDLER, agency),
        "leader": make_user(Role.LEADER, agency),
    }
    created = seed_demo(commune=tree.bac_ly, staff=staff, today=TODAY)
    records = Meeting.objects.count() + Question.objects.count() + Commitment.objects.count()
    assert created == records
    assert seed_demo(commune=tree.bac_ly, staff=staff, today=TODAY) == 0
    assert Meeting.objects.count() + Question.objects.count() + Commitment.objects.count() == (
        records
    )
    dialogue = Meeting.objects.get(kind=MeetingKind.CHAIR_DIALOGUE)
    assert dialogue.questions.count() == 8
    assert all(q.answer for q in dialogue.questions.all())
    year_end = Meeting.objects.filter(kind=MeetingKind.YEAR_END_VILLAGE)
    assert year_end.count() == 4
    assert {m.held_on.year for m in year_end if m.held_on} == {2025}
    counts = compliance_counts(
        under=tree.ninhbinh, start=date(2025, 6, 16), end=TODAY, today=TODAY
    )[tree.bac_ly.pk]
    assert counts["chair_dialogues"] == 1
    assert counts["villages_met"] == 4
    assert counts["commitments_done_late"] == 1
    assert counts["commitments_overdue"] == 1
    assert counts["commitments_open"] == 2
    assert counts["commitments_done"] == counts["commitments"] - 4


def test_pages_render_the_demo_data(
    tree: Any, make_user: Callable[..., Any], client_for: Callable[[Any], Any]
) -> None:
    from django.urls import reverse
    from django.utils import timezone

    for name in ("Thôn Đông", "Thôn Tây", "Thôn Nam"):
        add_village(actor=None, commune=tree.bac_ly, name=name)
    agency = tree.agency(tree.bac_ly)
    officer = make_user(Role.RECEPTION_OFFICER, agency)
    staff = {"officer": officer, "handler": officer, "leader": make_user(Role.LEADER, agency)}
    seed_demo(commune=tree.bac_ly, staff=staff, today=timezone.localdate())
    client = client_for(officer)
    urls = [reverse("dialogues:list"), reverse("dialogues:tracker", args=[tree.bac_ly.pk])]
    urls += [reverse("dialogues:detail", args=[m.pk]) for m in Meeting.objects.all()]
    for url in urls:
        assert client.get(url).status_code == 200, url
