"""The browser review's pages through Datasette's test client: the door, the calls with their
facets, search and pages, one call, redaction, escaping, the read-only log, errors."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote_plus

import pytest
from markupsafe import escape

from tests.test_web_support import (
    CUSTOMER,
    SCRIPT_NOTE,
    call_ids,
    cli_json,
    make_log,
    serve,
    sign_in,
    stop,
)


@pytest.fixture(scope="module")
def log(tmp_path_factory):
    return make_log(tmp_path_factory.mktemp("web"))


@pytest.fixture
async def served(log):
    ds, opened = serve(log.path)
    yield ds
    stop(ds, opened)


# -- the door ------------------------------------------------------------------------------------

STRANGERS_PAGES = [
    "/",
    "/-/stats",
    "/-/call/0",
    "/calls",
    "/calls/calls",
    "/calls.db",
    "/-/metadata",
    "/-/versions",
    "/-/plugins",
    "/-/password-tool",
    "/-/refused",
]


@pytest.mark.parametrize("path", STRANGERS_PAGES)
async def test_without_signing_in_every_page_sends_to_the_sign_in(served, path):
    answer = await served.client.get(path)
    assert answer.status_code == 302
    assert answer.headers["location"].startswith("/-/login?next=")


async def test_without_signing_in_data_is_refused(served):
    for path in ("/-/stats.json", "/-/call/0.json", "/calls.json", "/-/login.json"):
        assert (await served.client.get(path)).status_code == 401, path


async def test_a_wrong_password_signs_nobody_in(served):
    page = await served.client.get("/-/login")
    token = re.search(r'name="csrftoken" value="([^"]+)"', page.text).group(1)
    for name, password in (("lena", "not it at all"), ("nobody", "a long secret")):
        answer = await served.client.post(
            "/-/login",
            data={"name": name, "password": password, "csrftoken": token},
            cookies={"ds_csrftoken": page.cookies["ds_csrftoken"]},
        )
        assert answer.status_code == 401
        assert "Wrong name or password." in answer.text
        assert "ds_actor" not in answer.cookies


async def test_a_forged_sign_in_is_nobody(served):
    answer = await served.client.get("/", cookies={"ds_actor": "eyJhIjp7ImlkIjoicm9vdCJ9fQ.x.y"})
    assert answer.status_code == 302


async def test_a_lead_reaches_callmates_pages_only(served):
    lena = await sign_in(served, "lena")
    for path in ("/", "/-/stats", "/-/stats.json"):
        assert (await served.client.get(path, cookies=lena)).status_code == 200, path
    for path in ("/calls", "/calls/calls", "/calls?sql=select+1", "/-/metadata", "/calls.db"):
        answer = await served.client.get(path, cookies=lena)
        assert answer.status_code == 403, path
        assert "This page is for administrators." in answer.text


async def test_only_an_administrator_runs_sql(served):
    root = await sign_in(served, "root")
    answer = await served.client.get(
        "/calls.json?sql=select+count(*)+as+n+from+calls", cookies=root
    )
    assert answer.status_code == 200
    assert answer.json()["rows"][0][0] > 0
    # Even so the log is read only: no statement can change it.
    answer = await served.client.get("/calls.json?sql=delete+from+calls", cookies=root)
    assert answer.status_code == 400


async def test_signing_out_ends_the_sign_in(served):
    lena = await sign_in(served, "lena")
    page = await served.client.get("/", cookies=lena)
    token = re.search(r'name="csrftoken" value="([^"]+)"', page.text).group(1)
    out = await served.client.post(
        "/-/sign-out",
        data={"csrftoken": token},
        cookies={**lena, "ds_csrftoken": page.cookies.get("ds_csrftoken", "")},
    )
    assert out.status_code == 302
    assert out.cookies.get("ds_actor", "") == ""


# -- the calls -----------------------------------------------------------------------------------


async def test_calls_are_newest_first_in_keyset_pages_as_calls_list_gives_them(served, log):
    lena = await sign_in(served, "lena")
    listed = [
        c["id"]
        for c in cli_json(
            "calls", "list", "--db", str(log.path), "--limit", "100", "--format", "json"
        )
    ]
    first = await served.client.get("/", cookies=lena)
    assert call_ids(first.text) == listed[:50]
    older = html.unescape(re.search(r'href="([^"]+)" rel="next"', first.text).group(1))
    second = await served.client.get(older, cookies=lena)
    assert call_ids(second.text) == listed[50:100]
    newer = html.unescape(re.search(r'href="([^"]+)" rel="prev"', second.text).group(1))
    assert call_ids((await served.client.get(newer, cookies=lena)).text) == listed[:50]


async def test_a_search_means_what_calls_list_search_means(served, log):
    lena = await sign_in(served, "lena")
    for words in ("KULAKLIK", "iade İSTİYOR", "refund courier"):
        listed = cli_json(
            "calls",
            "list",
            "--db",
            str(log.path),
            "--search",
            words,
            "--limit",
            "50",
            "--format",
            "json",
        )
        page = await served.client.get("/", params={"search": words}, cookies=lena)
        assert page.status_code == 200
        assert call_ids(page.text) == [c["id"] for c in listed], words
        assert listed, words


def _facet(page: str, name: str) -> dict[str, int]:
    """A facet's values and counts, as its links give them."""
    found = re.findall(rf'[?&]{name}=([^"&]+)" data-count="(\d+)"', page)
    return {unquote_plus(html.unescape(v)): int(n) for v, n in found}


async def test_facets_count_as_the_statistics_do_and_filter_when_chosen(served, log):
    lena = await sign_in(served, "lena")
    stats = cli_json("stats", "--db", str(log.path), "--format", "json")
    page = (await served.client.get("/", cookies=lena)).text
    assert _facet(page, "agent") == {a["agent"]: a["calls"] for a in stats["agents"]}
    assert _facet(page, "outcome") == {k: v for k, v in stats["outcomes"].items() if v}
    # Choosing a checklist: every call listed ran it, and the count is its facet's.
    checklist, count = re.search(r'[?&]checklist=([^"&]+)" data-count="(\d+)"', page).groups()
    chosen = await served.client.get("/", params={"checklist": checklist}, cookies=lena)
    assert f'data-total="{count}"' in chosen.text
    ids = call_ids(chosen.text)
    listed = cli_json("calls", "list", "--db", str(log.path), "--limit", "0", "--format", "json")
    ran = {c["id"]: c["checklist"] for c in listed}
    assert ids and all(ran[i] == checklist for i in ids)
    # A day: the calls of that UTC day.
    day, count = re.search(r'[?&]day=([^"&]+)" data-count="(\d+)"', page).groups()
    chosen = await served.client.get("/", params={"day": day}, cookies=lena)
    assert f'data-total="{count}"' in chosen.text
    started = {c["id"]: c["started_at"] for c in listed}
    assert all(started[i].startswith(day) for i in call_ids(chosen.text))


async def test_a_bad_filter_is_one_sentence_and_no_stack_trace(served):
    lena = await sign_in(served, "lena")
    for params in (
        {"since": "the day after never"},
        {"outcome": "zzz"},
        {"search": "!!!"},
        {"day": "soon"},
    ):
        page = await served.client.get("/", params=params, cookies=lena)
        assert page.status_code == 400
        assert 'class="message-error problem"' in page.text
        assert "Traceback" not in page.text


# -- one call ------------------------------------------------------------------------------------


async def test_a_lead_without_the_right_sees_no_names(served, log):
    lena = await sign_in(served, "lena")
    page = (await served.client.get(f"/-/call/{log.crafted}", cookies=lena)).text
    assert "Özkan" not in page and "Işıl" not in page and "isil@example.com" not in page
    assert "[name]" in page and "[email]" in page
    listed = (await served.client.get("/", cookies=lena)).text
    assert "Özkan" not in listed and "[name]" in listed


async def test_a_lead_with_the_right_sees_them(served, log):
    mert = await sign_in(served, "mert")
    page = (await served.client.get(f"/-/call/{log.crafted}", cookies=mert)).text
    assert str(escape(CUSTOMER)) in page
    assert "isil@example.com" in page


async def test_a_note_holding_a_script_is_text(served, log):
    mert = await sign_in(served, "mert")
    page = (await served.client.get(f"/-/call/{log.crafted}", cookies=mert)).text
    assert "<script" not in page
    assert str(escape(SCRIPT_NOTE)) in page
    assert (
        "script-src 'none'"
        in (await served.client.get(f"/-/call/{log.crafted}", cookies=mert)).headers[
            "content-security-policy"
        ]
    )


async def test_a_call_says_what_calls_show_says(served, log):
    from click.testing import CliRunner

    from callmate.cli import cli

    mert = await sign_in(served, "mert")
    page = html.unescape((await served.client.get(f"/-/call/{log.crafted}", cookies=mert)).text)
    shown = CliRunner().invoke(cli, ["calls", "show", log.crafted, "--db", str(log.path)]).stdout
    facts = [line.strip().split(":", 1) for line in shown.splitlines()[1:] if line.startswith("  ")]
    for label, value in facts[:9]:  # the header: every fact and its value
        assert label.strip() in page and value.strip() in page, (label, value)
    record = cli_json("calls", "show", log.crafted, "--db", str(log.path), "--format", "json")
    for step in record["steps"]:
        assert step["title"] in page
    for note in record["notes"]:
        assert note["text"] in page
    # The events (the evaluations after them, which demo data adds, are not on the page yet).
    for line in shown.split("Events", 1)[1].split("\nEvaluations", 1)[0].splitlines():
        if line.strip():
            assert line.strip().split("  ", 1)[1] in page, line


async def test_a_call_by_the_start_of_its_id_and_an_unknown_one(served, log):
    lena = await sign_in(served, "lena")
    assert (await served.client.get(f"/-/call/{log.crafted[:8]}", cookies=lena)).status_code == 200
    missing = await served.client.get("/-/call/ffffffffffffffff", cookies=lena)
    assert missing.status_code == 404
    assert "no call with id" in missing.text


async def test_the_log_is_opened_read_only(served):
    database = served.get_database("calls")

    def write(conn):
        conn.execute("CREATE TABLE taken (x)")

    with pytest.raises(Exception, match="readonly|read-only|query_only"):
        await database.execute_fn(write)
    assert database.mode == "ro"
