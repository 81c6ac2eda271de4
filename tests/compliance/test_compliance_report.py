"""The grassroots-democracy summary (TH-DCCS) reads the registers: disclosures on time,
votes, meetings and board answers per commune, summed up to the province."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from danvan.accounts.roles import Role
from danvan.disclosures.models import Form, Subject
from danvan.disclosures.services import publish_disclosure, record_disclosure
from danvan.reports.forms_catalog import get_form
from danvan.reports.periodic_periods import reporting_period
from danvan.reports.periodic_selectors import build_table
from danvan.units.services import add_village

DEMOCRACY = get_form("TH-DCCS", "1")
Q3 = reporting_period(kind="quarterly", year=2026, number=3)


def _disclose(tree: Any, actor: Any, commune: Any, decided: str, published: str) -> None:
    disclosure = record_disclosure(
        actor=actor,
        agency=tree.agency(commune),
        subject=Subject.FEES,
        title=f"Mức thu phí {decided}",
        decided_on=date.fromisoformat(decided),
    )
    publish_disclosure(
        actor=actor,
        disclosure=disclosure,
        published_on=date.fromisoformat(published),
        forms=[Form.NOTICE_BOARD, Form.LOUDSPEAKER],
        loudspeaker_days=3,
    )


def _rows(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["label"]: row["values"] for row in data["rows"]}


def test_disclosures_counted_per_commune_and_on_time(
    tree: Any, make_user: Callable[..., Any]
) -> None:
    assert DEMOCRACY is not None
    ba_dinh = make_user(Role.LEADER, tree.agency(tree.ba_dinh))
    ngoc_ha = make_user(Role.LEADER, tree.agency(tree.ngoc_ha))
    _disclose(tree, ba_dinh, tree.ba_dinh, "2026-07-01", "2026-07-03")  # on time
    _disclose(tree, ba_dinh, tree.ba_dinh, "2026-07-06", "2026-07-30")  # late
    _disclose(tree, ngoc_ha, tree.ngoc_ha, "2026-08-03", "2026-08-04")
    _disclose(tree, ngoc_ha, tree.ngoc_ha, "2026-05-04", "2026-05-05")  # before the quarter

    rows = _rows(build_table(form=DEMOCRACY, unit=tree.hanoi, period=Q3))
    assert (
        rows["Phường Ba Đình"]["disclosures"],
        rows["Phường Ba Đình"]["disclosures_on_time"],
    ) == (2, 1)
    assert (
        rows["Phường Ngọc Hà"]["disclosures"],
        rows["Phường Ngọc Hà"]["disclosures_on_time"],
    ) == (1, 1)
    assert rows["Tổng cộng"]["disclosures"] == 3
    assert rows["Tổng cộng"]["disclosures_on_time"] == 2
    assert rows["Tổng cộng"]["consultations"] == 0

    # In a commune's own report the villages have no row of their own figures: the
    # registers are the commune's, shown on its own row.
    add_village(actor=None, commune=tree.ba_dinh, name="Tổ dân phố 4")
    commune = build_table(form=DEMOCRACY, unit=tree.ba_dinh, period=Q3)
    own = next(r for r in commune["rows"] if r["role"] == "own")
    assert own["values"]["disclosures"] == 2
    total = next(r for r in commune["rows"] if r["role"] == "total")
    assert total["values"]["disclosures"] == 2


def test_the_dashboard_shows_disclosure_on_time_and_links_to_the_monitor(
    tree: Any, make_user: Callable[..., Any], client_for: Callable[..., Any]
) -> None:
    ba_dinh = make_user(Role.LEADER, tree.agency(tree.ba_dinh))
    _disclose(tree, ba_dinh, tree.ba_dinh, "2026-07-01", "2026-07-03")
    _disclose(tree, ba_dinh, tree.ba_dinh, "2026-07-06", "2026-07-30")
    leader = make_user(Role.LEADER, tree.agency(tree.hanoi), covers_subtree=True)
    response = client_for(leader).get(
        f"/staff/reports/unit/{tree.hanoi.pk}/?from=01/01/2026&to=31/12/2026"
    )
    assert response.status_code == 200
    cells = {c.key: c for c in response.context["board"].democracy}
    assert (cells["disclosures_on_time"].value, cells["disclosures_on_time"].detail) == (
        50.0,
        "1 / 2",
    )
    assert cells["board_answers"].value is None
    assert cells["disclosures_on_time"].url.startswith(f"/staff/compliance/{tree.hanoi.pk}/")
    # The nation's dashboard leaves them to the monitor.
    admin = make_user(Role.SYSTEM_ADMIN)
    national = client_for(admin).get(f"/staff/reports/unit/{tree.nation.pk}/")
    assert national.context["board"].democracy == []


def test_consultations_opened_in_the_quarter_are_counted(tree: Any) -> None:
    from danvan.consultations import services as consultations
    from tests.consultations.conftest import STRUCTURED, make_consultation

    assert DEMOCRACY is not None
    for opens_on, open_it in ((date(2026, 7, 1), True), (date(2026, 8, 3), False)):
        consultation = make_consultation(tree, opens_on=opens_on)
        consultations.import_draft(actor=None, consultation=consultation, text=STRUCTURED)
        if open_it:
            consultations.open_consultation(actor=None, consultation=consultation, today=opens_on)
    rows = _rows(build_table(form=DEMOCRACY, unit=tree.hanoi, period=Q3))
    # Only the one opened to the people counts; the other is still in preparation.
    assert rows["Phường Ba Đình"]["consultations"] == 1
    assert rows["Tổng cộng"]["consultations"] == 1
