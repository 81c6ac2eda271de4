"""The audit log is append-only and tamper-evident."""

from __future__ import annotations

import itertools
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from danvan.audit.models import AppendOnlyError, AuditEntry
from danvan.audit.selectors import verify_chain
from danvan.audit.services import record_read, record_write
from danvan.units.services import add_village


@pytest.fixture
def log(tree):
    for name in ("Thôn Một", "Thôn Hai", "Thôn Ba"):
        add_village(actor=None, commune=tree.bac_ly, name=name)
    return list(AuditEntry.objects.order_by("seq"))


def test_every_write_through_a_service_leaves_a_chained_entry(log, tree):
    villages = [e for e in log if e.action == "units.village.create"]
    assert [e.after["name"] for e in villages] == ["Thôn Một", "Thôn Hai", "Thôn Ba"]
    assert all(e.unit_id == tree.bac_ly.pk for e in villages)
    seqs = [e.seq for e in log]
    assert seqs == list(range(1, len(log) + 1))
    for previous, entry in itertools.pairwise(log):
        assert entry.prev_hash == previous.entry_hash


def test_verify_passes_on_a_clean_log(log):
    report = verify_chain()
    assert report.ok
    assert report.checked == len(log)
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert f"OK: {len(log)}" in out.getvalue()


def _raw(sql: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_verify_names_an_entry_edited_in_the_database(log):
    victim = log[-2]
    _raw(
        "UPDATE audit_auditentry SET after = %s WHERE id = %s",
        ['{"name": "Thôn Giả"}', victim.pk],
    )
    report = verify_chain()
    assert not report.ok
    assert [p.seq for p in report.problems] == [victim.seq]
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("audit", "verify", stdout=StringIO(), stderr=err)
    assert f"#{victim.seq}" in err.getvalue()
    assert "sửa" in err.getvalue()


def test_verify_detects_an_edited_actor_even_with_a_recomputed_hash_elsewhere(log):
    victim = log[0]
    _raw("UPDATE audit_auditentry SET actor_label = %s WHERE id = %s", ["someone else", victim.pk])
    assert [p.seq for p in verify_chain().problems] == [victim.seq]


def test_verify_detects_a_deleted_entry(log):
    victim = log[1]
    _raw("DELETE FROM audit_auditentry WHERE id = %s", [victim.pk])
    problems = verify_chain().problems
    assert problems
    assert problems[0].seq == victim.seq + 1
    assert "xóa" in problems[0].message


def test_verify_detects_a_deleted_last_entry(log):
    _raw("DELETE FROM audit_auditentry WHERE id = %s", [log[-1].pk])
    problems = verify_chain().problems
    assert [p.seq for p in problems] == [log[-1].seq]


def test_entries_cannot_be_changed_or_deleted_through_the_orm(log):
    entry = log[0]
    entry.reason = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert verify_chain().ok


def test_reads_of_confidential_fields_are_recorded_with_request_context(tree, make_user):
    from danvan.audit.context import RequestContext, reset_context, set_context

    reader = make_user()
    token = set_context(RequestContext(ip_address="10.0.0.7", user_agent="pytest", request_id="r1"))
    try:
        entry = record_read(
            actor=reader, action="accounts.citizen_id.read", target=reader, fields=["citizen_id"]
        )
    finally:
        reset_context(token)
    assert entry.kind == AuditEntry.Kind.READ
    assert (entry.actor_id, entry.ip_address, entry.request_id) == (reader.pk, "10.0.0.7", "r1")
    assert entry.after == {"fields": ["citizen_id"]}
    assert verify_chain().ok


def test_values_that_are_not_plain_json_still_verify(tree):
    import datetime
    import decimal
    import uuid

    record_write(
        actor=None,
        action="test.types",
        after={
            "when": datetime.datetime(2026, 2, 16, 8, 30, tzinfo=datetime.UTC),
            "day": datetime.date(2026, 2, 17),
            "amount": decimal.Decimal("1500000.50"),
            "id": uuid.UUID(int=7),
            "text": "Khiếu nại về đất đai",
        },
    )
    assert verify_chain().ok
