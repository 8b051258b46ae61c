"""The browser review in a real browser: Playwright driving the system's Chromium (headless),
against ``callmate serve`` run as a lead would run it, on loopback, stopped by the test.

Every request the page makes must go to the served address: a request to another host fails the
test. ``CALLMATE_SCREENSHOTS=1`` saves the calls page as docs/web-review.png.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from callmate.cli import cli
from tests.test_web_support import PASSWORD, Log, cli_json, make_log

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DOCS = Path(__file__).resolve().parent.parent / "docs"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("CI"),
    reason="needs Chromium (apt-get install chromium), which .ci/run installs",
)


@pytest.fixture
def address(tmp_path) -> Iterator[tuple[str, Log]]:
    """``callmate serve`` on a log with a crafted call: its address, and the log."""
    log = make_log(tmp_path, calls=300)
    for name, rights in (("lena", []), ("mert", ["--names"])):
        typed = f"{PASSWORD}\n{PASSWORD}\n"
        assert (
            CliRunner().invoke(cli, ["serve", "password", name, *rights], input=typed).exit_code
            == 0
        )
    server = subprocess.Popen(
        [sys.executable, "-m", "callmate", "serve", "--db", str(log.path), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "LANG": "C.UTF-8"},
    )
    try:
        url = server.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), server.stderr.read()
        yield url, log
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=15)
        finally:
            server.kill()


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield launched
        launched.close()


def _page(browser, url: str):
    """A page that refuses (and remembers) every request to another host."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    elsewhere: list[str] = []

    def route(request_route):
        if request_route.request.url.startswith(url):
            request_route.continue_()
        else:
            elsewhere.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    return page, elsewhere


def _sign_in(page, url: str, name: str, password: str = PASSWORD) -> None:
    page.goto(url)
    page.fill("#name", name)
    page.fill("#password", password)
    page.click("form.sign-in button[type=submit]")


def test_a_lead_signs_in_facets_searches_opens_a_call_and_reads_a_chart(address, browser):
    url, log = address
    crafted = log.crafted
    page, elsewhere = _page(browser, url)
    # Refused without a password: every page leads to the sign-in, a wrong password too.
    page.goto(url + "-/stats")
    assert "/-/login" in page.url
    _sign_in(page, url, "lena", "not the password")
    assert page.locator(".problem").inner_text() == "Wrong name or password."
    _sign_in(page, url, "lena")
    assert page.locator("h1").inner_text() == "Calls"
    if os.environ.get("CALLMATE_SCREENSHOTS"):
        page.screenshot(path=str(DOCS / "web-review.png"))
    # A facet: one agent's calls only.
    agent = page.locator('.facet[data-facet="agent"] a').first
    name, count = agent.inner_text(), int(agent.get_attribute("data-count"))
    agent.click()
    assert int(page.locator(".total").get_attribute("data-total")) == count
    agents = page.locator("table.calls tbody tr td:nth-child(3)").all_inner_texts()
    assert agents and set(agents) == {name}
    page.click("text=Clear the filters")
    # A search with a Turkish word typed in capitals: kulaklık, as calls list --search finds it.
    page.fill('input[name="search"]', "KULAKLIK")
    page.click("form.filter button[type=submit]")
    shown = [row.get_attribute("data-call") for row in page.locator("tr[data-call]").all()]
    listed = cli_json(
        "calls", "list", "--db", str(log.path), "--search", "KULAKLIK", "--format", "json"
    )
    assert shown and shown == [c["id"] for c in listed]
    # Open the crafted call: the name redacted, the <script> note shown as text.
    page.goto(url + f"-/call/{crafted}")
    notes = page.locator(".note-text").all_inner_texts()
    assert any(n.startswith("<script>alert('owned')</script>") for n in notes), notes
    assert "Özkan" not in page.content() and "[name]" in page.locator("dl.facts").inner_text()
    # A chart's figures: the calls per day, each column with its day and count.
    page.goto(url + "-/stats")
    column = page.locator('svg[data-chart="calls_per_day"] rect.mark').last
    day, value = column.get_attribute("data-label"), float(column.get_attribute("data-value"))
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", day) and value >= 1
    assert column.locator("title").text_content() == f"{day}: {int(value)}"
    calls = page.locator('[data-figure="calls"]').get_attribute("data-value")
    assert int(calls) == 300
    assert not elsewhere, elsewhere


def test_a_lead_with_the_right_sees_the_name(address, browser):
    url, log = address
    crafted = log.crafted
    page, elsewhere = _page(browser, url)
    _sign_in(page, url, "mert")
    page.goto(url + f"-/call/{crafted}")
    assert "Işıl Özkan" in page.locator("dl.facts").inner_text()
    assert not elsewhere, elsewhere


def test_a_lead_scores_a_call_by_clicking_and_the_agent_reads_it(address, browser):
    url, log = address
    conn = sqlite3.connect(log.path)
    try:
        call_id, agent = conn.execute(
            "SELECT id, agent FROM calls WHERE id NOT IN (SELECT call_id FROM evaluations) "
            "ORDER BY started_at DESC LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    page, elsewhere = _page(browser, url)
    _sign_in(page, url, "lena")
    page.goto(url + f"-/call/{call_id}")
    page.click("a.score-link")
    assert page.url.endswith(f"/-/call/{call_id}/score")
    # The first choice of the form's last question, then a comment for the agent.
    last = page.locator("fieldset.question").last
    last.locator("input[type=radio]").first.check()
    page.fill("#comment", "Well held; restate sooner next time.")
    page.click("form.score button[type=submit]")
    assert page.locator(".saved").inner_text() == "Evaluation saved."
    assert "Evaluation by lena" in page.locator("section.evaluation h3").inner_text()
    said = CliRunner().invoke(cli, ["feedback", "--db", str(log.path), "--agent", agent])
    assert "Well held; restate sooner next time." in said.output
    assert not elsewhere, elsewhere
