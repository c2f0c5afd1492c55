"""The site in a real headless Chromium, as a reader opens it: from file://, and live from `doorbraak serve`.

Chromium is driven over its DevTools protocol on a pipe (``--remote-debugging-pipe``, no port, no network), so a
test sees every console message, script error, CSP report and request of a page, can run a line of JavaScript in
it, take screenshots and print it. Checked: no console message at all, no request outside the site's folder,
every link points at a file of the site, the table filter works and every page is complete without JavaScript,
no sideways scrolling on a laptop (1280) or a tablet (800), printing works, and a page open under `serve`
reloads itself when a case changes.

Chromium comes from Debian's `chromium` package. Where it is missing the tests are skipped, and say so loudly.
Set DOORBRAAK_E2E_ARTIFACTS to a folder to keep the screenshots and the PDF.
"""

import base64
import io
import json
import os
import re
import select
import shutil
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import casegen
import pytest
from conftest import SAMPLES, chromium_or_skip, keep

from doorbraak_cli.commands import Io
from doorbraak_cli.commands import serve as serve_cmd
from doorbraak_cli.commands import site as site_cmd

LINKS = "Array.from(document.querySelectorAll('a[href]'), a => a.href)"
NO_SIDEWAYS = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"


@pytest.fixture(scope="module")
def chromium():
    return chromium_or_skip("the browser tests of 'doorbraak site' and 'serve'")


class Browser:
    """Headless Chromium over the DevTools protocol on fds 3 and 4 (JSON messages ending in NUL)."""

    def __init__(self, binary, profile):
        r_in, self.w_in = os.pipe()
        self.r_out, w_out = os.pipe()

        def fds():  # the pipe's ends as fds 3 and 4 of the child, inheritable
            a, b = os.dup(r_in), os.dup(w_out)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-extensions", "--hide-scrollbars", "--remote-debugging-pipe", f"--user-data-dir={profile}",
             "about:blank"], preexec_fn=fds, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(r_in)
        os.close(w_out)
        self.buf = b""
        self.n = 0
        self.events: list = []

    def send(self, method, params=None, session=None):
        self.n += 1
        msg = {"id": self.n, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.w_in, json.dumps(msg).encode() + b"\0")
        return self.n

    def receive(self, timeout):
        end = time.monotonic() + timeout
        while b"\0" not in self.buf:
            left = end - time.monotonic()
            if left <= 0 or not select.select([self.r_out], [], [], left)[0]:
                return None
            chunk = os.read(self.r_out, 1 << 20)
            if not chunk:
                return None
            self.buf += chunk
        msg, _, self.buf = self.buf.partition(b"\0")
        return json.loads(msg)

    def call(self, method, params=None, session=None, timeout=60):
        i = self.send(method, params, session)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            msg = self.receive(end - time.monotonic())
            if msg is None:
                break
            if msg.get("id") == i:
                assert "error" not in msg, msg
                return msg.get("result", {})
            self.events.append(msg)
        raise TimeoutError(method)

    def wait_for(self, method, session, timeout=30):
        end = time.monotonic() + timeout
        for k, m in enumerate(self.events):
            if m.get("method") == method and m.get("sessionId") == session:
                del self.events[k]
                return m
        while time.monotonic() < end:
            m = self.receive(end - time.monotonic())
            if m is None:
                break
            if m.get("method") == method and m.get("sessionId") == session:
                return m
            self.events.append(m)
        raise TimeoutError(method)

    def tab(self, width=1280, height=900, scripts=True):
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        s = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", None, s)
        self.call("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1,
                                                         "mobile": False}, s)
        if not scripts:
            self.call("Emulation.setScriptExecutionDisabled", {"value": True}, s)
        return s

    def open(self, s, url):
        self.events = [m for m in self.events if m.get("sessionId") != s]
        self.call("Page.navigate", {"url": url}, s)
        self.wait_for("Page.loadEventFired", s)
        time.sleep(0.2)  # deferred scripts and late console messages
        self.drain(0.1)

    def drain(self, seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            m = self.receive(end - time.monotonic())
            if m is None:
                break
            self.events.append(m)

    def seen(self, s, *methods):
        return [m["params"] for m in self.events if m.get("sessionId") == s and m.get("method") in methods]

    def problems(self, s):
        """Every console message, script error and log entry (CSP reports, failed loads) of the tab."""
        out = [str(p.get("args")) for p in self.seen(s, "Runtime.consoleAPICalled")]
        out += [p["exceptionDetails"].get("text", "") for p in self.seen(s, "Runtime.exceptionThrown")]
        out += [f'{p["entry"].get("text", "")} {p["entry"].get("url", "")}' for p in self.seen(s, "Log.entryAdded")]
        return out

    def requests(self, s):
        return [p["request"]["url"] for p in self.seen(s, "Network.requestWillBeSent")]

    def js(self, s, expression):
        r = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}, s)
        assert "exceptionDetails" not in r, r
        return r["result"].get("value")

    def screenshot(self, s, path):
        data = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, s)["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def pdf(self, s, path):
        data = self.call("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True}, s)["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def close(self):
        self.proc.kill()
        self.proc.wait()
        os.close(self.w_in)
        os.close(self.r_out)


@pytest.fixture(scope="module")
def browser(chromium, tmp_path_factory):
    b = Browser(chromium, tmp_path_factory.mktemp("profiel"))
    yield b
    b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    cases = tmp_path_factory.mktemp("casussen")
    for f in SAMPLES.glob("*.yaml"):
        shutil.copy(f, cases / f.name)
    casegen.generate(str(cases / "gegenereerd"), 60, seed=21)
    out = tmp_path_factory.mktemp("site") / "site"
    err = io.StringIO()
    assert site_cmd.run(Io(io.StringIO(), err), [str(cases)], str(out)) == 0, err.getvalue()
    return out


def some_pages(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    pick = ["index.html", "lijst/alle.html", "regel/index.html", "kwartaal/index.html", "gemeente/index.html"]
    for pattern in (r'href="(gemeente/[^"#]+\.html)"', r'href="(regel/[^"#]+\.html)"', r'href="(domein/[^"#]+\.html)"',
                    r'href="(leefgebied/[^"#]+\.html)"', r'href="(status/[^"#]+\.html)"'):
        pick.append(re.search(pattern, index).group(1))
    pick.append("casus/" + sorted(os.listdir(site / "casus"))[0])
    pick.append("casus/2020-voorbeeld-006.html")
    return pick


def test_pages_open_cleanly_and_link_only_inside_the_site(browser, site):
    root = site.resolve().as_uri() + "/"
    s = browser.tab()
    for page in some_pages(site):
        browser.open(s, root + page)
        assert browser.problems(s) == [], page
        outside = [u for u in browser.requests(s) if not u.startswith(root)]
        assert outside == [], f"{page} asked for {outside}"
        for href in browser.js(s, LINKS):
            parts = urlsplit(href)
            assert href.startswith(root), f"{page} links outside the site: {href}"
            assert os.path.isfile(unquote(parts.path)), f"{page}: {href} does not exist"


def test_the_filter_works_and_every_page_is_complete_without_javascript(browser, site):
    root = site.resolve().as_uri() + "/"
    s = browser.tab()
    browser.open(s, root + "lijst/alle.html")
    total = browser.js(s, "document.querySelectorAll('.filterbaar tbody tr').length")
    assert total > 60 and browser.js(s, "!!document.querySelector('.filter input')")
    first = browser.js(s, "document.querySelector('.filterbaar tbody th').textContent")
    browser.js(s, f"(() => {{ const i = document.querySelector('.filter input'); i.value = {json.dumps(first)}; "
                  "i.dispatchEvent(new Event('input')); })()")
    time.sleep(0.4)
    shown = browser.js(s, "document.querySelectorAll('.filterbaar tbody tr:not(.verborgen)').length")
    assert shown == 1 and browser.problems(s) == []
    quiet = browser.tab(scripts=False)
    browser.open(quiet, root + "lijst/alle.html")
    assert browser.js(quiet, "document.querySelectorAll('.filterbaar tbody tr').length") == total
    assert browser.js(quiet, "document.querySelector('.filter')") is None  # no dead control without scripts
    browser.open(quiet, root + "index.html")
    assert browser.js(quiet, "document.querySelectorAll('section h2').length") >= 10


@pytest.mark.parametrize("width", [1280, 800])
def test_laptop_and_tablet_without_sideways_scrolling(browser, site, tmp_path, width):
    root = site.resolve().as_uri() + "/"
    s = browser.tab(width, 900)
    shots = []
    for page in ("index.html", "lijst/alle.html", some_pages(site)[6]):
        browser.open(s, root + page)
        scroll, client = browser.js(s, NO_SIDEWAYS)
        assert scroll <= client + 1, f"{page} at {width}: the page scrolls sideways ({scroll} > {client})"
        shot = tmp_path / f"site-{page.replace('/', '-')}-{width}.png"
        browser.screenshot(s, shot)
        assert shot.stat().st_size > 20_000
        shots.append(shot)
    keep(*shots)


def test_a_list_of_cases_shows_every_column_on_a_laptop(browser, site):
    """At 1280 px a list of cases shows all its columns, the comparisons too, without scrolling the table
    sideways: the footer's label ('Totaal over 61 casussen met een kosten-batenanalyse (van 67)') spans the columns
    that name a case instead of widening the first one, and a long column head may wrap."""
    index = (site / "index.html").read_text(encoding="utf-8")
    domain = re.search(r'href="(domein/[^"#]+\.html)"', index).group(1)
    s = browser.tab(1280, 900)
    for page in ("lijst/alle.html", some_pages(site)[5], domain):
        browser.open(s, site.resolve().as_uri() + "/" + page)
        wide = browser.js(s, "Array.from(document.querySelectorAll('.filterbaar'), t => [t.scrollWidth, "
                             "t.clientWidth]).filter(([w, c]) => w > c + 1)")
        assert wide == [], f"{page}: a table wider than the page ({wide})"
    browser.open(s, site.resolve().as_uri() + "/lijst/alle.html")
    assert "met een kosten-batenanalyse (van" in browser.js(s, "document.querySelector('.filterbaar tfoot').textContent")


def test_the_spider_web_on_the_overview_is_the_size_of_the_other_charts(browser, site, tmp_path):
    """The portfolio's Positieve Gezondheid is drawn as large as the report draws it, not the page's full width
    (its labels and legend were three times the size of the text around it)."""
    s = browser.tab(1280, 900)
    browser.open(s, site.resolve().as_uri() + "/index.html")
    width, label, text = browser.js(s, "(() => { const w = document.querySelector('svg.spinnenweb'); "
                                       "const t = Array.from(w.querySelectorAll('text')).find(x => /Meedoen/.test("
                                       "x.textContent)); return [w.getBoundingClientRect().width, "
                                       "t.getBoundingClientRect().height, parseFloat(getComputedStyle("
                                       "document.body).fontSize)]; })()")
    assert 300 <= width <= 460, width
    assert label <= 1.6 * text, (label, text)  # a label the size of the page's text, not a heading
    shot = tmp_path / "spinnenweb-overzicht.png"
    browser.screenshot(s, shot)
    keep(shot)


def test_the_overview_prints(browser, site, tmp_path):
    s = browser.tab()
    browser.open(s, site.resolve().as_uri() + "/index.html")
    pdf = tmp_path / "overzicht.pdf"
    browser.pdf(s, pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "Rendement" in text and "Trend per kwartaal" in text and "Zoek in deze tabel" not in text
    keep(pdf)


def test_an_open_page_under_serve_reloads_when_a_case_changes(browser, tmp_path):
    cases = tmp_path / "casussen"
    cases.mkdir()
    for name in ("plan-5-willem.yaml", "plan-6-eveline.yaml"):
        shutil.copy(SAMPLES / name, cases / name)
    out, err = io.StringIO(), io.StringIO()
    stop = threading.Event()
    done = []
    thread = threading.Thread(target=lambda: done.append(serve_cmd.run(Io(out, err), [str(cases)], port=0, poll=0.2,
                                                                       quiet=True, stop=stop)))
    thread.start()
    try:
        end = time.monotonic() + 60
        while not out.getvalue() and time.monotonic() < end and thread.is_alive():
            time.sleep(0.05)
        url = out.getvalue().strip()
        assert url.startswith("http://127.0.0.1:"), err.getvalue()
        s = browser.tab()
        browser.open(s, url)
        assert browser.problems(s) == []
        assert all(u.startswith(url) for u in browser.requests(s))
        assert browser.js(s, "document.querySelector('.kerncijfers .waarde').textContent.trim()") == "2"
        browser.js(s, "window.oudePagina = true")
        shutil.copy(SAMPLES / "plan-4-derk-jan.yaml", cases / "plan-4-derk-jan.yaml")  # a case is added
        browser.wait_for("Page.loadEventFired", s, timeout=30)
        time.sleep(0.3)
        assert browser.js(s, "window.oudePagina === undefined")  # the page reloaded itself
        assert browser.js(s, "document.querySelector('.kerncijfers .waarde').textContent.trim()") == "3"
    finally:
        stop.set()
        thread.join(30)
    assert done == [0]


def start_serve(cases, poll=0.2):
    """A running `serve` over ``cases`` in a thread: (url, stop, thread, done, err)."""
    out, err = io.StringIO(), io.StringIO()
    stop = threading.Event()
    done = []
    thread = threading.Thread(target=lambda: done.append(serve_cmd.run(Io(out, err), [str(cases)], port=0, poll=poll,
                                                                       quiet=True, stop=stop)))
    thread.start()
    end = time.monotonic() + 60
    while not out.getvalue() and time.monotonic() < end and thread.is_alive():
        time.sleep(0.05)
    url = out.getvalue().strip()
    assert url.startswith("http://127.0.0.1:"), err.getvalue()
    return url, stop, thread, done


def words_of_one_page(url, paths):
    """{page path: words (9 letters or more) of its text that no other of the pages has}."""
    from urllib.request import urlopen

    texts = {}
    for p in paths:
        html = urlopen(url + p).read().decode("utf-8")
        html = re.sub(r"<(style|script|svg)\b.*?</\1>", " ", html, flags=re.S)
        texts[p] = set(re.findall(r"[a-z]{9,}", re.sub(r"<[^>]+>", " ", html).lower()))
    return {p: sorted(w - set().union(*(t for q, t in texts.items() if q != p))) for p, w in texts.items()}


def test_search_under_serve_finds_the_one_case_with_a_word(browser, tmp_path):
    cases = tmp_path / "casussen"
    cases.mkdir()
    for name in ("plan-4-derk-jan.yaml", "plan-5-willem.yaml", "plan-6-eveline.yaml"):
        shutil.copy(SAMPLES / name, cases / name)
    url, stop, thread, done = start_serve(cases)
    try:
        s = browser.tab()
        browser.open(s, url + "lijst/alle.html")
        pages = sorted({h.split(url, 1)[1] for h in browser.js(s, LINKS) if "/casus/" in h})
        assert len(pages) == 3
        target = pages[1]
        word = words_of_one_page(url, pages)[target][0]
        for start in ("index.html", pages[0]):  # the frame's box and a case page's box
            browser.open(s, url + start)
            browser.js(s, "document.querySelector('.zoeken input').focus()")
            browser.call("Input.insertText", {"text": word}, s)
            found = []
            end = time.monotonic() + 30
            while time.monotonic() < end and not found:
                time.sleep(0.2)
                found = browser.js(s, "Array.from(document.querySelectorAll('.zoeken ol a'), a => a.href)")
            # that case's page, and no other case's (a precedent page may quote the case)
            assert [urlsplit(h).path for h in found if "/casus/" in h] == ["/" + target], (start, word, found)
            assert all(h.startswith(url) for h in found)
            said = browser.js(s, "document.querySelector('.zoeken output').textContent")
            assert re.match(rf"{len(found)} pagina('s)? gevonden", said), said
            assert browser.problems(s) == [], start
            assert all(u.startswith(url) for u in browser.requests(s))
            shot = tmp_path / f"zoeken-{start.replace('/', '-')}.png"
            browser.screenshot(s, shot)
            keep(shot)
        # a word on no page: Pagefind falls back to its longest start in the index ("a", as in "Persoon A", on every
        # page); the box shows no page found by one letter of it
        browser.js(s, "(() => { const i = document.querySelector('.zoeken input'); i.value = 'apotheekzzq'; "
                      "i.dispatchEvent(new Event('input')); })()")
        said = ""
        end = time.monotonic() + 30
        while time.monotonic() < end and said != "Niets gevonden.":
            time.sleep(0.2)
            said = browser.js(s, "document.querySelector('.zoeken output').textContent")
        assert said == "Niets gevonden." and browser.js(s, "document.querySelectorAll('.zoeken ol a').length") == 0
        assert "A" in browser.js(s, "document.body.innerText").split()  # there is an "A" to fall back on
        # a filter: every case of one status, without a word
        browser.js(s, "(() => { const i = document.querySelector('.zoeken input'); i.value = ''; "
                      "i.dispatchEvent(new Event('input')); })()")
        options = browser.js(s, "Array.from(document.querySelectorAll('.zoeken select'), x => x.getAttribute("
                                "'aria-label'))")
        assert options == ["Gemeente", "Status", "Leefgebied", "Domein"]
    finally:
        stop.set()
        thread.join(30)
    assert done == [0]


def test_more_results_than_a_screenful_are_shown_on_asking(browser, tmp_path):
    """A word on many pages shows the first 12 and a "Toon meer" button that shows the next ones."""
    cases = tmp_path / "casussen"
    casegen.generate(str(cases), 40, seed=5)
    url, stop, thread, done = start_serve(cases)
    count = "document.querySelectorAll('.zoeken ol a').length"
    said = "document.querySelector('.zoeken output').textContent"
    try:
        s = browser.tab()
        browser.open(s, url + "index.html")
        browser.js(s, "document.querySelector('.zoeken input').focus()")
        browser.call("Input.insertText", {"text": "gezin"}, s)
        end = time.monotonic() + 30
        while time.monotonic() < end and not browser.js(s, "!!document.querySelector('.zoek-meer button')"):
            time.sleep(0.2)
        assert browser.js(s, count) == 12, browser.js(s, said)
        assert re.fullmatch(r"(Ten minste )?\d+ pagina's gevonden.*", browser.js(s, said)), browser.js(s, said)
        first = browser.js(s, "Array.from(document.querySelectorAll('.zoeken ol a'), a => a.href)")
        browser.js(s, "document.querySelector('.zoek-meer button').click()")
        end = time.monotonic() + 30
        while time.monotonic() < end and browser.js(s, count) <= 12:
            time.sleep(0.2)
        now = browser.js(s, "Array.from(document.querySelectorAll('.zoeken ol a'), a => a.href)")
        assert len(now) == 24 and now[:12] == first and len(set(now)) == 24, now
        assert re.fullmatch(r"(Ten minste )?(2[4-9]|[3-9]\d) pagina's gevonden.*", browser.js(s, said)), browser.js(s, said)
        assert browser.problems(s) == []
        shot = tmp_path / "zoeken-meer.png"
        browser.screenshot(s, shot)
        keep(shot)
    finally:
        stop.set()
        thread.join(30)
    assert done == [0]


def test_the_search_box_opened_from_a_file_says_how_to_search(browser, site):
    s = browser.tab()
    for page in ("index.html", "casus/2020-voorbeeld-006.html"):
        browser.open(s, site.resolve().as_uri() + "/" + page)
        said = browser.js(s, "document.querySelector('.zoeken').textContent")
        assert "doorbraak serve" in said and browser.js(s, "document.querySelector('.zoeken input')") is None
        assert browser.problems(s) == []
