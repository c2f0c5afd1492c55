"""`doorbraak serve`: the site's pages live, on loopback, read-only, following the case files.

A real process (``python -m doorbraak_cli serve``) on a free port: it answers the pages with the figures of
`report`, refuses every method but GET and HEAD, every path that is not a page and every Host that is not its own;
it picks up a changed, added and removed case; Ctrl-C stops it with "afgebroken" and exit 130. In-process: the
refusal of another --host without --extern, and the warning with it. tests/present/test_site_browser.py checks that
an open page reloads itself.
"""

import hashlib
import http.client
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest
from conftest import ROOT, SAMPLES
from typer.testing import CliRunner

from doorbraak_cli.cli import app
from doorbraak_cli.commands import Io
from doorbraak_cli.commands import serve as serve_cmd


def folder_hash(folder):
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(str(p).encode() + p.read_bytes())
    return h.hexdigest()


class Served:
    def __init__(self, cases, *args, env=None):
        env = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
        self.proc = subprocess.Popen([sys.executable, "-m", "doorbraak_cli", "serve", str(cases), "--port", "0",
                                      "--poll", "0.2", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, env=env, cwd=ROOT)
        line = self.proc.stdout.readline().strip()
        assert line.startswith("http://127.0.0.1:"), (line, self.proc.stderr.read() if self.proc.poll() else "")
        self.url = line
        self.port = int(line.rsplit(":", 1)[1].strip("/"))

    def request(self, method, path, headers=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        c.putrequest(method, path, skip_host=bool(headers and "Host" in headers))
        for k, v in (headers or {}).items():
            c.putheader(k, v)
        c.endheaders()
        r = c.getresponse()
        body = r.read()
        c.close()
        return r.status, dict(r.getheaders()), body

    def get(self, path):
        status, headers, body = self.request("GET", path)
        return status, body.decode("utf-8", "replace")

    def wait_for(self, check, timeout=20):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if check():
                return True
            time.sleep(0.1)
        return False

    def stop(self, sig=signal.SIGINT):
        self.proc.send_signal(sig)
        try:
            out, err = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise
        return self.proc.returncode, err


@pytest.fixture
def cases(tmp_path):
    root = tmp_path / "casussen"
    root.mkdir()
    for name in ("plan-3-lars-en-klaas.yaml", "plan-5-willem.yaml", "plan-6-eveline.yaml"):
        shutil.copy(SAMPLES / name, root / name)
    return root


@pytest.fixture
def served(cases):
    s = Served(cases)
    yield s
    if s.proc.poll() is None:
        s.stop()


def test_pages_and_figures(served, cases):
    status, headers, body = served.request("GET", "/")
    text = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html") and 'lang="nl"' in text
    assert "default-src 'none'" in headers["Content-Security-Policy"] and headers["Cache-Control"] == "no-store"
    assert headers["X-Content-Type-Options"] == "nosniff" and '<script src="/_live.js"' in text
    for path in re.findall(r'href="([a-z]+/[^"#]+\.html)"', text)[:30]:
        assert served.get("/" + path)[0] == 200, path
    status, page = served.get("/casus/2020-voorbeeld-006.html")
    assert status == 200 and "Stap 1 · Situatieschets" in page and "Eveline" not in page
    status, figures = served.get("/cijfers.json")
    want = json.loads(CliRunner().invoke(app, ["report", "-f", "json", str(cases)]).stdout)
    assert status == 200 and json.loads(figures) == want
    status, headers, body = served.request("HEAD", "/index.html")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 1000
    assert served.get("/gemeente/")[0] == 200  # a folder is its index page


def test_read_only_and_nothing_outside_the_site(served, cases):
    before = folder_hash(cases)
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"):
        status, headers, _ = served.request(method, "/index.html")
        assert status == 405 and headers["Allow"] == "GET, HEAD", method
    for path in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd", "/casus/../../x",
                 "/plan-5-willem.yaml", "/casus/%00.html", "/.doorbraak-site.json", "/casus\\..\\x"):
        assert served.get(path)[0] == 404, path
    status, _, _ = served.request("GET", "/", {"Host": "aanvaller.example"})
    assert status == 421  # a page elsewhere cannot read it through a DNS trick
    assert folder_hash(cases) == before


def test_a_changed_added_and_removed_case_is_picked_up(served, cases):
    version = served.get("/_versie")[1]
    eveline = cases / "plan-6-eveline.yaml"
    eveline.write_text(eveline.read_text(encoding="utf-8").replace("status: ingediend", "status: goedgekeurd"),
                       encoding="utf-8")
    assert served.wait_for(lambda: served.get("/_versie")[1] != version)
    assert "status-goedgekeurd" in served.get("/casus/2020-voorbeeld-006.html")[1]
    assert served.get("/status/goedgekeurd.html")[0] == 200
    shutil.copy(SAMPLES / "plan-4-derk-jan.yaml", cases / "plan-4-derk-jan.yaml")
    assert served.wait_for(lambda: served.get("/casus/2020-voorbeeld-004.html")[0] == 200)
    assert json.loads(served.get("/cijfers.json")[1])["aantal_casussen"] == 4
    (cases / "plan-5-willem.yaml").unlink()
    assert served.wait_for(lambda: json.loads(served.get("/cijfers.json")[1])["aantal_casussen"] == 3)
    assert served.get("/casus/2020-voorbeeld-005.html")[0] == 404


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_stops_cleanly(served, sig):
    code, err = served.stop(sig)  # Ctrl-C, or a service manager's stop
    assert code == 130 and "afgebroken" in err and "Traceback" not in err


def test_another_host_needs_extern_and_warns(cases):
    out, err = io.StringIO(), io.StringIO()
    assert serve_cmd.run(Io(out, err), [str(cases)], port=0, host="0.0.0.0") == 2
    assert "--extern" in err.getvalue() and out.getvalue() == ""
    stop = threading.Event()
    out, err = io.StringIO(), io.StringIO()
    result = []
    t = threading.Thread(target=lambda: result.append(serve_cmd.run(Io(out, err), [str(cases)], port=0, host="0.0.0.0",
                                                                    extern=True, poll=0.1, stop=stop)))
    t.start()
    end = time.monotonic() + 30
    while not out.getvalue() and time.monotonic() < end:
        time.sleep(0.05)
    stop.set()
    t.join(30)
    assert result == [0] and "bereikbaar vanaf andere computers" in err.getvalue() and "gevoelige" in err.getvalue()


def test_a_port_in_use_is_a_clear_message(cases):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        port = sock.getsockname()[1]
        err = io.StringIO()
        assert serve_cmd.run(Io(io.StringIO(), err), [str(cases)], port=port) == 1
        assert "andere poort" in err.getvalue()


def test_page_names():
    assert serve_cmd.page_name("/") == "index.html"
    assert serve_cmd.page_name("/regel/?x=1") == "regel/index.html"
    assert serve_cmd.page_name("/casus/a%20b.html") == "casus/a b.html"
    for bad in ("/../x", "/a/../b", "x", "/a//b", "/a\\b", "/%2e%2e/x", "/.//x"):
        assert serve_cmd.page_name(bad) is None, bad


def test_a_changed_price_list_outside_the_served_folder_is_picked_up(tmp_path):
    # a case repository: the price lists at its root, the cases served from a folder below it
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "pricelists").mkdir()
    served_folder = repo / "team"
    served_folder.mkdir()
    shutil.copy(SAMPLES / "plan-5-willem.yaml", served_folder)
    shipped = ROOT / "pricelists" / "maatschappelijke-prijslijst-2017.yaml"
    local = repo / "pricelists" / shipped.name
    shutil.copy(shipped, local)
    s = Served(served_folder)
    try:
        version = s.get("/_versie")[1]
        before = json.loads(s.get("/cijfers.json")[1])
        text = local.read_text(encoding="utf-8")
        prices = re.findall(r"^(\s*prijs: )(\d+)", text, re.M)
        assert prices
        local.write_text(re.sub(r"^(\s*prijs: )(\d+)", lambda m: f"{m.group(1)}{int(m.group(2)) * 3}", text,
                                flags=re.M), encoding="utf-8")
        assert s.wait_for(lambda: s.get("/_versie")[1] != version)
        after = json.loads(s.get("/cijfers.json")[1])
        assert after["aantal_casussen"] == before["aantal_casussen"] and after != before
    finally:
        s.stop()


def test_a_house_style_is_served_and_followed(cases, tmp_path):
    style = tmp_path / "huisstijl"
    style.mkdir()
    plan = style / "plan.html.j2"
    plan.write_text('{% extends "standaard/plan.html.j2" %}{% block voet %}<p>Huisstijl een</p>{% endblock %}',
                    encoding="utf-8")
    s = Served(cases, "--templates", str(style))
    try:
        assert "Huisstijl een" in s.get("/casus/2020-voorbeeld-006.html")[1]
        plan.write_text(plan.read_text(encoding="utf-8").replace("een", "twee"), encoding="utf-8")
        assert s.wait_for(lambda: "Huisstijl twee" in s.get("/casus/2020-voorbeeld-006.html")[1])
    finally:
        s.stop()


def test_the_search_index_is_made_in_the_background_from_the_start(cases, tmp_path):
    """At 10,000 cases the index takes a minute: serve starts making it in a process of its own as soon as the site
    is ready (site/searchjob.py), not when the first search asks; the job ends with the server."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    s = Served(cases, env={"TMPDIR": str(scratch)})
    try:
        assert s.wait_for(lambda: any(scratch.glob("doorbraak-zoeken-serve-*/klaar")), timeout=120), \
            "the index was made before any search asked for it"
        status, headers, body = s.request("GET", "/zoeken/delen.json")
        manifest = json.loads(body)
        assert status == 200 and manifest["delen"]
        status, _, _ = s.request("GET", f"/zoeken/{manifest['delen'][0]}/pagefind-entry.json")
        assert status == 200
        assert not list(scratch.glob("doorbraak-zoeken-serve-*")), "read once, then gone"
        (cases / "plan-5-willem.yaml").unlink()  # a new version: its index is made again, from the start
        assert s.wait_for(lambda: any(scratch.glob("doorbraak-zoeken-serve-*")), timeout=60)
    finally:
        assert s.stop()[0] == 130
    assert not list(scratch.glob("doorbraak-zoeken-serve-*")), "the job ended with the server, its folder gone"
