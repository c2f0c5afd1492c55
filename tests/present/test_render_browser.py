"""End to end, as a reader would: the rendered HTML opened in a real headless Chromium.

Checks that the six step headings are visible, that the chart is drawn, that nothing is
loaded from outside the file and that a phone does not need to scroll sideways; then takes
screenshots (desktop and phone) and prints the page to PDF. Set DOORBRAAK_E2E_ARTIFACTS to
a folder to keep the PNGs and PDFs for looking at them.

Chromium comes from Debian's `chromium` package (.ci/run installs it). Where it is missing
the test is skipped, and says so loudly.
"""

import json
import re
import shutil
import struct
import subprocess

import pytest
from conftest import SAMPLES, chromium_or_skip, keep
from typer.testing import CliRunner

from doorbraak_cli.cli import app

STEPS = ["Stap 1 · Situatieschets", "Stap 2 · Toekomstperspectief", "Stap 3 · Overzicht", "Stap 4 · Doorbraak",
         "Stap 5 · Onderbouwen met de waardendriehoek", "Stap 6 · Actieplan"]

# Runs inside the page (a test-only copy of the document); writes its findings into the DOM for --dump-dom.
PROBE = """
<script>
(function () {
  function visible(el) {
    if (!el) return false;
    var r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && +s.opacity > 0;
  }
  var heads = Array.prototype.map.call(document.querySelectorAll('section.stap > h2'), function (h) {
    var r = h.getBoundingClientRect();
    return {text: h.textContent.replace(/\\s+/g, ' ').trim(), visible: visible(h), top: r.top + scrollY,
            inside: r.left >= 0 && r.right <= document.documentElement.clientWidth + 1};
  });
  var chart = document.querySelector('svg.grafiek');
  var bars = chart ? Array.prototype.map.call(chart.querySelectorAll('rect.staaf'), function (b) {
    var box = b.getBBox();
    return {scenario: b.getAttribute('data-scenario'), height: box.height, width: box.width,
            fill: getComputedStyle(b).fill};
  }) : [];
  var cr = chart ? chart.getBoundingClientRect() : {width: 0, height: 0};
  var out = {
    heads: heads,
    chart: {visible: visible(chart), width: cr.width, height: cr.height, bars: bars,
            labels: chart ? Array.prototype.map.call(chart.querySelectorAll('text'), function (t) {
              return t.textContent; }) : []},
    triangle: visible(document.querySelector('svg.driehoek')),
    resources: performance.getEntriesByType('resource').map(function (e) { return e.name; }),
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth
  };
  var pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"""


@pytest.fixture(scope="module")
def chromium():
    return chromium_or_skip("the browser end-to-end test of 'doorbraak render'")


def run_chromium(binary, profile, *args, timeout=90):
    cmd = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-extensions", "--hide-scrollbars", f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def png_size(path):
    with open(path, "rb") as fh:
        head = fh.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", head[16:24])


@pytest.fixture(scope="module")
def document(tmp_path_factory):
    folder = tmp_path_factory.mktemp("e2e")
    case = folder / "plan-6-eveline.yaml"
    shutil.copy(SAMPLES / "plan-6-eveline.yaml", case)
    result = CliRunner().invoke(app, ["render", str(case)])
    assert result.exit_code == 0, result.output
    return case.with_suffix(".html")


def probe(chromium, document, tmp_path, width, height):
    page = tmp_path / f"probe-{width}.html"
    page.write_text(document.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    done = run_chromium(chromium, tmp_path / f"profile-{width}", f"--window-size={width},{height}", "--dump-dom",
                        page.as_uri())
    m = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.S)
    assert m, f"the probe did not run; chromium said: {done.stderr[-2000:]}"
    import html

    return json.loads(html.unescape(m.group(1)))


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_headings_visible_chart_drawn_nothing_loaded(chromium, document, tmp_path, width, height):
    seen = probe(chromium, document, tmp_path, width, height)
    heads = seen["heads"]
    assert [h["text"] for h in heads] == STEPS, heads
    assert all(h["visible"] and h["inside"] for h in heads), heads
    tops = [h["top"] for h in heads]
    assert tops == sorted(tops), "the steps appear in the method's order"
    chart = seen["chart"]
    assert chart["visible"] and chart["width"] > 200 and chart["height"] > 100, chart
    bars = {b["scenario"]: b for b in chart["bars"]}
    assert set(bars) == {"huidig", "dreigend", "doorbraak"}
    # Eveline: nothing now, € 57.650 threatening, € 3.600 in the plan: the bars follow the totals
    assert bars["huidig"]["height"] == 0
    assert bars["dreigend"]["height"] > 10 * bars["doorbraak"]["height"] > 0
    assert {"€ 0", "€ 57.650", "€ 3.600"} <= set(chart["labels"])
    assert seen["triangle"]
    assert seen["resources"] == [], "the page must not load anything"
    assert seen["scrollWidth"] <= seen["clientWidth"] + 1, "no sideways scrolling of the page"


def test_screenshots_and_print_to_pdf(chromium, document, tmp_path):
    shots = []
    for name, size in (("desktop", "1280,2200"), ("telefoon", "390,1800")):
        shot = tmp_path / f"eveline-{name}.png"
        done = run_chromium(chromium, tmp_path / f"profile-{name}", f"--window-size={size}",
                            f"--screenshot={shot}", document.as_uri())
        assert shot.is_file(), done.stderr[-2000:]
        w, h = png_size(shot)
        assert (w, h) == tuple(int(x) for x in size.split(",")), (w, h)
        assert shot.stat().st_size > 20_000, "a blank screenshot is tiny"
        shots.append(shot)
    pdf = tmp_path / "eveline-chromium.pdf"
    done = run_chromium(chromium, tmp_path / "profile-pdf", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                        document.as_uri())
    assert pdf.is_file(), done.stderr[-2000:]
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        pages = [p for p in text.split("\f") if p.strip()]
        step_pages = [next(i for i, p in enumerate(pages) if s in p) for s in STEPS]
        assert step_pages == sorted(step_pages), f"the steps follow each other: {step_pages}"
        lines = [sum(1 for line in p.splitlines() if line.strip()) for p in pages]
        assert min(lines[:-1]) >= 15, f"no mostly blank page (a page per step): {lines}"
        assert "€ 57.650" in text and "€ 54.050,00" in text
    keep(*shots, pdf)
