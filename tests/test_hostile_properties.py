"""Arbitrary text (controls, C1, bidi, markup, surrogates, huge) through every output meant for
people, and through the command line's options: no raw control character out, no exception, no
traceback; JSON gives back exactly what went in."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from callmate.cli import cli
from callmate.measures.figures import Adherence, AgentStats, DayCount, Stats, StepStats
from callmate.report import jsontext, text as formats
from callmate.report.export import csv_row, redact_record, write_csv, write_markdown
from callmate.report.stats_text import stats_text
from tests.test_hostile_terminal import RAW, hostile_log
from tests.test_safe_properties import ANY_TEXT, TEXT

FAST = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
SOME = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
VALUE = st.one_of(ANY_TEXT, st.none(), st.integers(), st.floats(allow_nan=False))


def harmless(out: str) -> None:
    found = RAW.search(out.replace("\r\n", "\n"))
    assert found is None, f"raw {found.group()!r}"
    out.encode("utf-8")  # always printable as UTF-8: no lone surrogate left


def call(texts: list[str], data: object) -> dict[str, object]:
    """A call in the shape of ``calls show --format json``, its text fields from ``texts``."""
    t = (texts * 12)[:12] if texts else [""] * 12
    return {
        "id": t[0] or "x",
        "started_at": t[1],
        "ended_at": None,
        "agent": t[2],
        "customer": t[3],
        "reference": t[4],
        "checklist": t[5],
        "checklist_version": "1",
        "language": "en",
        "at_fault": True,
        "escalated": False,
        "warnings": 1,
        "phrases_copied": 0,
        "notes_count": 1,
        "outcome": t[6] or None,
        "follow_up_at": t[7] or None,
        "difficulty": None,
        "summary": t[8],
        "status": "closed",
        "duration_seconds": 12.5,
        "steps": [
            {
                "id": t[9],
                "title": t[10],
                "status": t[11],
                "seconds": 3.0,
                "target_seconds": 2,
                "kind": "speak",
                "visits": 1,
                "started_at": None,
                "ended_at": None,
                "soft_target": False,
            }
        ],
        "notes": [{"at": t[1], "step_id": t[9], "text": t[3] + "\n" + t[8], "offset_seconds": 1.0}],
        "events": [
            {
                "at": t[1],
                "kind": t[6] or "phrase_copied",
                "data": data,
                "step_id": t[9],
                "offset_seconds": 2.0,
            }
        ],
        "adherence": {"score": 50.0, "in_order": 0.5},
    }


EVENT_DATA = st.one_of(
    st.dictionaries(ANY_TEXT, VALUE, max_size=3),
    ANY_TEXT,
    st.none(),
    st.integers(),
    st.fixed_dictionaries({"text": ANY_TEXT, "how": ANY_TEXT, "number": VALUE}),
)


@FAST
@given(st.lists(ANY_TEXT, min_size=1, max_size=12), EVENT_DATA)
def test_one_call_as_text_markdown_and_table_is_harmless(texts, data):
    record = call(texts, data)
    for out in (
        formats.call_text(record),
        formats.call_markdown(record),
        formats.table(formats.list_rows([record]), formats.LIST_HEAD, {3: 24}),
        *(v for _, v in formats.header_lines(record)),
        *(formats.event_text(e) for e in record["events"]),
    ):
        harmless(out)
    redacted = redact_record(record)
    harmless(formats.call_markdown(redacted))


@FAST
@given(st.lists(ANY_TEXT, min_size=1, max_size=12), EVENT_DATA, ANY_TEXT)
def test_exports_are_harmless_and_csv_reads_back_one_note_per_line(texts, data, title):
    record = call(texts, data)
    out = io.StringIO(newline="")
    write_csv([record], out)
    harmless(out.getvalue())
    csv.field_size_limit(1 << 24)  # a huge note, each hidden character a symbol of 8
    (row,) = list(csv.reader(io.StringIO(out.getvalue(), newline="")))[1:]
    assert len(row) == len(csv_row(record))
    assert len(row[-1].split("\n")) == len(record["notes"])
    md = io.StringIO()
    write_markdown([record], md, title)
    harmless(md.getvalue())


@FAST
@given(st.lists(ANY_TEXT, min_size=1, max_size=12), EVENT_DATA)
def test_json_is_harmless_and_exact(texts, data):
    """Exact, but for what JSON cannot hold: a number beyond any (infinity, which a hand-made
    log can store) is null, as ``jsontext.dumps`` says."""
    record = call(texts, data)
    text = jsontext.dumps(record)
    harmless(text)
    assert json.loads(text) == json.loads(json.dumps(finite(record)))


def finite(value):
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value


def test_infinity_in_a_log_is_null_in_json():
    record = call([""] * 12, {"seconds": math.inf, "text": "x"})
    assert json.loads(jsontext.dumps(record))["events"][0]["data"] == {"seconds": None, "text": "x"}


def made(cls: type, texts: list[str], **given: object) -> object:
    """A statistics dataclass with every text field from ``texts`` and figures for the rest
    (whatever fields it has today)."""
    values: dict[str, object] = {}
    for n, f in enumerate(dataclasses.fields(cls)):
        kind = str(f.type)
        if f.name in given:
            values[f.name] = given[f.name]
        elif kind.startswith("str"):
            values[f.name] = texts[n % len(texts)]
        elif "float" in kind:
            values[f.name] = 0.5
        elif "int" in kind:
            values[f.name] = 3
        elif "bool" in kind:
            values[f.name] = False
    return cls(**values)


@FAST
@given(st.lists(ANY_TEXT, min_size=1, max_size=6))
def test_statistics_text_is_harmless(texts):
    step = made(StepStats, texts)
    # fmt: off
    stats = made(
        Stats, texts, outcomes={texts[0]: 2, "unfinished": 1},
        adherence=Adherence(score=80.0, in_order=0.8), steps=(step,),
        agents=(made(AgentStats, texts[::-1]),), most_skipped=(step,),
        per_day=(DayCount(texts[-1], 3), DayCount("2026-11-02", 1)),
    )
    # fmt: on
    harmless(stats_text(stats, f"Statistics: {texts[0]}"))  # type: ignore[arg-type]


# -- the command line with arbitrary option values ------------------------------------------------


@pytest.fixture(scope="module")
def log(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("props") / "calls.db"
    hostile_log(path)
    return path


OPTION_TEXT = st.one_of(TEXT, st.sampled_from(["9999-12-31", "0001-01-01", "-1", "", " ", "0"]))


def cli_ok(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code in (0, 1, 2), (args, result.exception)
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    if result.exit_code == 0 and "json" not in args:
        harmless(result.output)
    return result.output


@SOME
@given(
    st.sampled_from(["--since", "--until", "--agent", "--outcome", "--search"]),
    OPTION_TEXT,
    st.sampled_from([("calls", "list"), ("stats",), ("export", "--format", "markdown")]),
)
def test_filter_options_with_any_text_never_end_in_a_traceback(log, option, value, command):
    cli_ok(*command, "--db", str(log), f"{option}={value}")


@SOME
@given(OPTION_TEXT)
def test_limit_and_id_with_any_text_never_end_in_a_traceback(log, value):
    cli_ok("calls", "list", "--db", str(log), f"--limit={value}")
    cli_ok("calls", "show", "--db", str(log), "--", value)
