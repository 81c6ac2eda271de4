"""``danvan deadline compute | add | rules``: JSON on stdout, exit code 2 on bad input."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_add_prints_the_deadline_across_tet(deadline_cli):
    payload = deadline_cli("add", "--days", "10", "--unit", "working", "--start", "2026-02-11")
    assert payload["due"] == "2026-03-04"
    assert payload["rule"] is None
    assert payload["citation"] is None
    assert payload["unit"] == "working"
    skipped = {day["date"]: day["reason"] for day in payload["skipped"]}
    assert [f"2026-02-{d}" for d in range(14, 23)] == sorted(skipped)[:9]
    assert skipped["2026-02-16"] == "Giao thừa Tết Nguyên Đán"


def test_compute_prints_rule_variant_and_citation(deadline_cli):
    payload = deadline_cli(
        "compute", "--rule", "complaint.first", "--start", "2026-03-02", "--complex", "--remote"
    )
    assert payload["rule"] == "complaint.first"
    assert payload["version"] == "2012-07-01"
    assert payload["citation"] == "Luật Khiếu nại 2011, Điều 28"
    assert (payload["variant"], payload["days"], payload["due"]) == (
        "remote_complex",
        60,
        "2026-05-04",
    )


def test_compute_with_extensions(deadline_cli):
    payload = deadline_cli(
        "compute", "--rule", "denunciation.resolve", "--start", "2026-03-02", "--very-complex"
    )
    assert (payload["extensions"], payload["days"], payload["due"]) == (2, 90, "2026-06-01")
    payload = deadline_cli(
        "compute", "--rule", "denunciation.resolve", "--start", "2026-03-02", "--extensions", "1"
    )
    assert (payload["extensions"], payload["days"]) == (1, 60)


def test_rules_lists_every_version(deadline_cli):
    payload = deadline_cli("rules")
    versions = [(row["rule"], row["version"]) for row in payload]
    assert ("complaint.accept", "2012-07-01") in versions
    assert ("complaint.accept", "2026-07-01") in versions
    assert len({rule for rule, _version in versions}) == 16
    resolve = next(row for row in payload if row["rule"] == "denunciation.resolve")
    assert (resolve["max_extensions"], resolve["extension_days"]) == (2, 30)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compute", "--rule", "complaint.third", "--start", "2026-03-02"], "complaint.third"),
        (["compute", "--rule", "complaint.first", "--start", "2026-02-30"], "2026-02-30"),
        (["compute", "--rule", "complaint.first", "--start", "02/03/2026"], "YYYY-MM-DD"),
        (
            [
                "compute",
                "--rule",
                "denunciation.resolve",
                "--start",
                "2026-03-02",
                "--extensions",
                "3",
            ],
            "at most 2 extensions",
        ),
        (
            [
                "compute",
                "--rule",
                "complaint.first",
                "--start",
                "2026-03-02",
                "--extensions",
                "two",
            ],
            "two",
        ),
        (["compute", "--rule", "denunciation.resolve", "--start", "2010-01-04"], "not yet"),
        (["add", "--days", "-3", "--unit", "working", "--start", "2026-02-11"], "negative"),
        (["add", "--days", "10", "--unit", "weeks", "--start", "2026-02-11"], "weeks"),
        (["add", "--days", "10", "--unit", "working", "--start", "1999-12-31"], "2000"),
    ],
)
def test_bad_input_exits_with_code_2(args, message):
    with pytest.raises(CommandError, match=message) as caught:
        call_command("deadline", *args)
    assert caught.value.returncode == 2
    assert "\n" not in str(caught.value)


def test_all_bad_inputs_are_reported_together():
    with pytest.raises(CommandError) as caught:
        call_command("deadline", "add", "--days", "-1", "--unit", "hours", "--start", "tomorrow")
    text = str(caught.value)
    assert "--days" in text
    assert "--unit" in text
    assert "--start" in text


def test_console_script_prints_utf8_json_and_clean_errors(danvan_script):
    run = danvan_script
    # A Latin-1 terminal must still get UTF-8 JSON with the Vietnamese reasons.
    ok = run(
        "add",
        "--days",
        "10",
        "--unit",
        "working",
        "--start",
        "2026-02-11",
        PYTHONIOENCODING="latin-1",
    )
    assert ok.returncode == 0, ok.stderr.decode()
    payload = json.loads(ok.stdout.decode("utf-8"))
    assert payload["due"] == "2026-03-04"
    assert "Tết Nguyên Đán" in {day["reason"] for day in payload["skipped"]}

    for args in (
        ["compute", "--rule", "complaint.third", "--start", "2026-03-02"],
        ["add", "--days", "10", "--unit", "working", "--start", "2026-02-30"],
        ["add", "--days", "-3", "--unit", "working", "--start", "2026-02-11"],
        ["compute", "--rule", "denunciation.resolve", "--start", "2026-03-02", "--extensions", "3"],
        ["compute", "--start", "2026-03-02"],
        [
            "compute",
            "--rule",
            "denunciation.resolve",
            "--start",
            "2026-03-02",
            "--complex",
            "--very-complex",
        ],
        ["add", "--days", "10"],
        [],
    ):
        result = run(*args)
        stderr = result.stderr.decode("utf-8")
        assert result.returncode == 2, (args, stderr)
        assert result.stdout == b"", args
        assert "Traceback" not in stderr, args
        assert stderr.strip(), args
