"""``danvan rebuild-figures``: the check passes after normal use, names what someone
changed behind the services' back, the rebuild repairs it and is idempotent."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from danvan.accounts.roles import Role
from danvan.audit.models import AuditEntry
from danvan.figures.models import PetitionFact, UnitPeriodFigures
from danvan.figures.selectors import unit_figures
from danvan.figures.services import rebuild_figures
from danvan.petitions import services as petitions
from danvan.petitions.models import Petition
from tests.figures.conftest import reference_figures
from tests.petitions.conftest import receive_one

D = date.fromisoformat
YEAR = (D("2026-01-01"), D("2026-12-31"))


@pytest.fixture
def in_use(tree, staff):
    """A few petitions at two communes and the province, one decided."""
    for on in ("2026-03-02", "2026-03-16", "2026-04-01"):
        receive_one(staff, tree.agency(tree.ba_dinh), on=on)
    receive_one(None, tree.agency(tree.bac_ly), kind="feedback", on="2026-03-20")
    complaint = receive_one(None, tree.agency(tree.hanoi, "thanh_tra"), on="2026-03-03")
    petitions.classify(actor=None, petition=complaint, expected_version=complaint.version)
    complaint.refresh_from_db()
    petitions.accept(actor=None, petition=complaint, expected_version=complaint.version)
    return tree


def run(*args: str) -> tuple[int, str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("rebuild_figures", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue() + str(exc)
    return 0, out.getvalue(), err.getvalue()


def sql(statement: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_check_passes_after_normal_use(in_use):
    code, out, _err = run("--check")
    assert code == 0
    assert "OK: 5 đơn" in out
    report = rebuild_figures(actor=None, check=True)
    assert report.ok
    assert (report.petitions, report.differences) == (5, [])


def test_check_names_a_count_row_edited_by_sql_and_the_rebuild_repairs_it(in_use):
    table = UnitPeriodFigures._meta.db_table
    row = UnitPeriodFigures.objects.get(
        unit_path=in_use.ba_dinh.path, grain="m", period="2026-03-01"
    )
    sql(f"UPDATE {table} SET received = received + 7, cases = 0 WHERE id = %s", [row.pk])  # noqa: S608
    assert unit_figures(in_use.ba_dinh, start=YEAR[0], end=YEAR[1])["received"] == 10

    code, _out, err = run("--check")
    assert code == 1
    assert f"{in_use.ba_dinh.path} m 2026-03-01" in err
    assert "received 9≠2" in err
    assert "cases 0≠2" in err
    assert UnitPeriodFigures.objects.get(pk=row.pk).received == 9  # --check wrote nothing

    before = AuditEntry.objects.filter(action="figures.rebuild").count()
    code, out, _err = run()
    assert code == 0
    assert "1 dòng tổng hợp" in out
    assert AuditEntry.objects.filter(action="figures.rebuild").count() == before + 1
    assert unit_figures(in_use.ba_dinh, start=YEAR[0], end=YEAR[1]) == reference_figures(
        in_use.ba_dinh, start=YEAR[0], end=YEAR[1]
    )
    assert run("--check")[0] == 0
    # Idempotent: nothing left to write, and no audit entry for doing nothing.
    report = rebuild_figures(actor=None)
    assert (report.facts_written, report.rows_written) == (0, 0)
    assert AuditEntry.objects.filter(action="figures.rebuild").count() == before + 1


def test_check_finds_rows_added_or_deleted_and_facts_changed_or_missing(in_use):
    complaint = Petition.objects.get(agency__kind="thanh_tra")
    PetitionFact.objects.filter(pk=complaint.pk).update(accepted=False)
    feedback = Petition.objects.get(kind="feedback")
    PetitionFact.objects.filter(pk=feedback.pk).delete()
    UnitPeriodFigures.objects.filter(unit_path=in_use.ba_dinh.path, grain="h").delete()
    UnitPeriodFigures.objects.create(unit_path="VN/99/", grain="m", period=D("2026-01-01"))

    report = rebuild_figures(actor=None, check=True, limit=3)
    assert not report.ok
    assert report.difference_count == 2 + 3 + 1  # two facts, three halves, one stray row
    assert len(report.differences) == 3
    first, second = sorted([complaint.pk, feedback.pk])
    assert [d.key for d in report.differences[:2]] == [first, second]
    by_key = {d.key: d for d in report.differences}
    assert by_key[feedback.pk].stored is None  # the deleted fact
    assert by_key[feedback.pk].recounted.kind == "feedback"
    assert by_key[complaint.pk].stored.accepted is False
    assert by_key[complaint.pk].recounted.accepted is True
    half = report.differences[2]  # the first of the deleted halves
    assert half.key == (in_use.ba_dinh.path, "h", D("2026-03-01"))
    assert half.stored is None
    assert half.recounted[0] == 1
    assert str(half).startswith(f"{in_use.ba_dinh.path} h 2026-03-01")

    report = rebuild_figures(actor=None)
    assert report.facts_written == 2
    assert rebuild_figures(actor=None, check=True).ok
    assert not UnitPeriodFigures.objects.filter(unit_path="VN/99/").exists()
    assert unit_figures(in_use.nation, start=YEAR[0], end=YEAR[1]) == reference_figures(
        in_use.nation, start=YEAR[0], end=YEAR[1]
    )


def test_facts_of_deleted_petitions_are_taken_out(in_use):
    feedback = Petition.objects.get(kind="feedback")
    feedback.events.all().delete()
    feedback.clocks.all().delete()
    Petition.objects.filter(pk=feedback.pk).delete()
    assert not rebuild_figures(actor=None, check=True).ok
    rebuild_figures(actor=None, batch_size=2)
    assert not PetitionFact.objects.filter(pk=feedback.pk).exists()
    assert unit_figures(in_use.ninhbinh, start=YEAR[0], end=YEAR[1])["received"] == 0
    assert not UnitPeriodFigures.objects.filter(unit_path__startswith=in_use.ninhbinh.path)


def test_rebuild_from_nothing_gives_the_same_counts(in_use):
    before = (
        sorted(PetitionFact.objects.values_list()),
        sorted(
            UnitPeriodFigures.objects.values_list(
                *[f.attname for f in UnitPeriodFigures._meta.fields][1:]
            )
        ),
    )
    PetitionFact.objects.all().delete()
    UnitPeriodFigures.objects.all().delete()
    report = rebuild_figures(actor=None, batch_size=1)
    assert (report.petitions, report.facts_written) == (5, 5)
    after = (
        sorted(PetitionFact.objects.values_list()),
        sorted(
            UnitPeriodFigures.objects.values_list(
                *[f.attname for f in UnitPeriodFigures._meta.fields][1:]
            )
        ),
    )
    assert after == before


def test_rows_only_trusts_the_facts(in_use):
    UnitPeriodFigures.objects.all().delete()
    PetitionFact.objects.filter(kind="feedback").update(kind="complaint")
    assert run("--check", "--rows-only")[0] == 1
    code, _out, _err = run("--rows-only")
    assert code == 0
    assert run("--check", "--rows-only")[0] == 0
    assert run("--check")[0] == 1  # the edited fact is still wrong
    assert run()[0] == 0
    assert run("--check")[0] == 0


def test_only_a_system_administrator_may_rebuild(in_use, make_user, staff):
    admin = make_user(Role.SYSTEM_ADMIN)
    assert rebuild_figures(actor=admin, check=True).ok
    for actor in (staff.leader, staff.monitor):
        with pytest.raises(PermissionDenied):
            rebuild_figures(actor=actor)


@pytest.mark.parametrize("args", [["--batch-size", "0"], ["--show", "-1"]])
def test_bad_options_are_refused(tree, args):
    code, _out, err = run(*args)
    assert code == 2
    assert "--batch-size" in err


def test_an_empty_database_checks_out(db):
    assert run("--check")[0] == 0
    assert rebuild_figures(actor=None).ok
