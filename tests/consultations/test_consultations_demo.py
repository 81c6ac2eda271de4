"""The demo data: an open consultation and an explained one, written once."""

from __future__ import annotations

from typing import Any

import pytest

from danvan.consultations.demo import OPEN_TITLE, PAST_TITLE, seed_demo
from danvan.consultations.models import Comment, Consultation, Phase
from danvan.units.services import add_village
from tests.consultations.conftest import TODAY, Staff

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent(tree: Any, staff: Staff) -> None:
    add_village(actor=None, commune=tree.ba_dinh, name="Thôn Đông")
    add_village(actor=None, commune=tree.ba_dinh, name="Thôn Đoài")
    people = {"officer": staff.officer, "handler": staff.handler, "leader": staff.leader}
    created = seed_demo(commune=tree.ba_dinh, staff=people, today=TODAY)
    assert created > 100
    current = Consultation.objects.get(title=OPEN_TITLE)
    assert current.phase == Phase.OPEN
    assert current.closes_on >= TODAY
    assert current.comments.exists()
    past = Consultation.objects.get(title=PAST_TITLE)
    assert past.phase == Phase.EXPLAINED
    assert past.explanation_pdf is not None
    assert 100 <= past.comments.count() <= 140
    assert past.batches.count() == 2
    assert not past.groups.filter(decision="").exists()
    count = Comment.objects.count()
    assert seed_demo(commune=tree.ba_dinh, staff=people, today=TODAY) == 0
    assert Comment.objects.count() == count
