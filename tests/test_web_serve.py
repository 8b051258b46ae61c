"""``callmate serve`` and ``callmate serve password``: who may sign in, kept hashed; no server
without a lead; loopback unless asked; the address printed; stopped by Ctrl+C."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import urllib.request

import pytest
from click.testing import CliRunner

from callmate.cli import cli
from callmate.cli.serve import is_loopback
from callmate.web import leads
from tests.test_web_support import PASSWORD, make_log


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_a_password_is_asked_twice_and_kept_hashed_in_a_private_file():
    result = run("serve", "password", "lena", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    path = leads.leads_file()
    text = path.read_text(encoding="utf-8")
    assert PASSWORD not in text and "pbkdf2_sha256$" in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    lead = leads.load()["lena"]
    assert leads.check_password(lead, PASSWORD) and not leads.check_password(lead, "nope")
    assert not lead.names and not lead.admin


def test_a_short_password_or_two_that_differ_are_asked_again():
    typed = f"short\nshort\n{PASSWORD}\nother one\n{PASSWORD}\n{PASSWORD}\n"
    result = run("serve", "password", "mert", "--names", "--admin", input=typed)
    assert result.exit_code == 0, result.output
    assert "at least 8 characters" in result.output
    lead = leads.load()["mert"]
    assert lead.names and lead.admin and leads.check_password(lead, PASSWORD)


def test_leads_are_listed_and_removed():
    run("serve", "password", "lena", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert run("serve", "leads").output.split() == ["lena", "-"]
    assert run("serve", "remove", "lena").exit_code == 0
    assert leads.load() == {}
    missing = run("serve", "remove", "lena")
    assert missing.exit_code == 1 and "no team lead called 'lena'" in missing.output
    turkish = run("--lang", "tr", "serve", "remove", "lena")
    assert turkish.exit_code == 1 and "'lena' adında bir takım lideri yok" in turkish.output


def test_a_name_that_cannot_be_typed_is_refused():
    result = run("serve", "password", "two words", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 1
    assert "one word" in result.output


def test_nothing_is_served_before_a_lead_has_a_password(tmp_path):
    log = make_log(tmp_path, calls=20)
    for host in ("127.0.0.1", "0.0.0.0"):
        result = run("serve", "--db", str(log.path), "--host", host, "--port", "0")
        assert result.exit_code == 1
        assert "set a password first with `callmate serve password NAME`" in result.output
        assert "Traceback" not in result.output


def test_a_missing_log_is_one_line(tmp_path):
    run("serve", "password", "lena", input=f"{PASSWORD}\n{PASSWORD}\n")
    result = run("serve", "--db", str(tmp_path / "none.db"), "--port", "0")
    assert result.exit_code == 1
    assert "no call log at" in result.output
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.5.0.1", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("::", False),
        ("example.org", False),
    ],
)
def test_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_serve_prints_its_address_listens_on_loopback_and_stops_on_ctrl_c(tmp_path):
    log = make_log(tmp_path, calls=20)
    run("serve", "password", "lena", input=f"{PASSWORD}\n{PASSWORD}\n")
    server = subprocess.Popen(
        [sys.executable, "-m", "callmate", "serve", "--db", str(log.path), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    try:
        address = server.stdout.readline().strip()
        assert address.startswith("http://127.0.0.1:"), server.stderr.read()
        with urllib.request.urlopen(address + "-/login", timeout=10) as answer:
            assert answer.status == 200
    finally:
        server.send_signal(signal.SIGINT)
        try:
            code = server.wait(timeout=15)
        finally:
            server.kill()
    assert code == 0, server.stderr.read()
    assert "Traceback" not in server.stderr.read()
