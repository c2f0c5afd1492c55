"""`doorbraak site`: a static site of linked pages over a folder of cases.

Read as files (every page parsed): the figures are `report --format json`'s, every internal link and anchor
resolves, nothing points outside the site, no household name appears in an anonymised site (and a site with
names says so on every page), every page declares Dutch, a Content-Security-Policy, headings in order and
tables with captions. Then the folder rules and the incremental runs. tests/present/test_site_browser.py opens
the pages in Chromium.
"""

import gzip
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import casegen
import pytest
from conftest import ROOT, SAMPLES
from typer.testing import CliRunner

from doorbraak_cli.cli import app
from doorbraak_cli.commands import Io
from doorbraak_cli.commands import site as site_cmd
from doorbraak_cli.compute.portfolio.summary import Filters
from doorbraak_cli.site import build as site_build
from doorbraak_cli.site.layout import ANONYMOUS_NOTE, NAMES_NOTE
from doorbraak_cli.site.writer import MARKER

HOUSEHOLD = ("Esther", "Javairo", "Lars", "Klaas", "Derk Jan", "Willem", "Eveline")


def build(paths, out, **kw):
    err = io.StringIO()
    code = site_cmd.run(Io(io.StringIO(), err), [str(p) for p in paths], str(out), **kw)
    return code, err.getvalue()


def report_json(*args):
    result = CliRunner().invoke(app, ["report", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


class Page(HTMLParser):
    """What a test needs of a page: links, ids, headings, tables and captions, data values, lang and CSP."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.links, self.ids, self.heads, self.data, self.svgs = [], set(), [], [], []
        self.tables = self.captions = 0
        self.lang = self.csp = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src", "action", "formaction", "poster", "data"):
            if key in a and tag != "data":
                self.links.append((tag, a[key]))
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = a.get("content")
        elif re.fullmatch(r"h[1-6]", tag):
            self.heads.append(int(tag[1]))
        elif tag == "table":
            self.tables += 1
        elif tag == "caption":
            self.captions += 1
        elif tag == "data":
            self.data.append(a.get("value"))
        elif tag == "svg":
            self.svgs.append(a)


def pages_of(root):
    out = {}
    for folder, _, names in os.walk(root):
        for n in names:
            if n.endswith(".html"):
                p = os.path.join(folder, n)
                out[os.path.relpath(p, root).replace(os.sep, "/")] = open(p, encoding="utf-8").read()
    return out


@pytest.fixture(scope="module")
def samples_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    code, err = build([SAMPLES], out)
    assert code == 0, err
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("gen") / "casussen"
    casegen.generate(str(root), 180, seed=11)
    (root / "kapot-zqxnaam.yaml").write_text("schema: doorbraakplan/1\nid: [\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def corpus_site(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("gensite") / "site"
    code, err = build([corpus], out)
    assert code == 0, err
    assert "1 bestand is ongeldig" in err
    return out


# --- figures -------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["samples", "corpus"])
def test_figures_are_the_reports(which, request, corpus):
    site = request.getfixturevalue(f"{which}_site")
    src = SAMPLES if which == "samples" else corpus
    want = report_json(str(src))
    got = json.loads((site / "cijfers.json").read_text(encoding="utf-8"))
    assert len(got["ongeldig"]) == len(want["ongeldig"])
    got["ongeldig"] = want["ongeldig"] = []
    assert got == want
    shown = set(Page((site / "index.html").read_text(encoding="utf-8")).data)
    expected = {*want["totalen"].values(), *want["rendement"].values(),
                *(v for g in want["per_gemeente"].values() for v in g["totalen"].values()),
                *(v for d in want["per_domein"].values() for v in d.values()),
                *(f["bedrag"] for f in want["geldstromen"]), want["maatwerkbudget"]["totaal"],
                *(str(v) for v in want["per_status"].values())}
    # a comparison that is a cost is shown as 'Kosten t.o.v. ...' with its absolute value
    missing = {v for v in expected if v not in shown and v.lstrip("-") not in shown}
    assert not missing, missing


def test_list_totals_are_the_dashboard_figures(corpus_site, corpus):
    want = report_json(str(corpus))
    index = (corpus_site / "index.html").read_text(encoding="utf-8")
    for gemeente, figures in want["per_gemeente"].items():
        href = re.search(r'<a href="(gemeente/[^"]+)">' + re.escape(gemeente.replace("'", "&#x27;")) + "</a>", index)
        page = Page((corpus_site / href.group(1)).read_text(encoding="utf-8"))
        assert page.data[-5:-2] == list(figures["totalen"].values()), gemeente  # the footer of the table
        assert sum(1 for tag, h in page.links if h.startswith("../casus/")) == figures["aantal"]
    alle = Page((corpus_site / "lijst/alle.html").read_text(encoding="utf-8"))
    assert alle.data[-5:] == [*want["totalen"].values(), *want["rendement"].values()]


def test_a_lists_footer_label_spans_the_columns_that_name_a_case(corpus_site):
    """'Totaal over N casussen met een kosten-batenanalyse (van M)' under the column of case ids made that column
    as wide as the sentence, and pushed the comparisons off a laptop's screen (tests/present/test_site_browser.py
    measures it); the label spans Casus, Gemeente, Status and Datum, and the sums stay under their columns."""
    text = (corpus_site / "lijst/alle.html").read_text(encoding="utf-8")
    foot = text[text.index("<tfoot>"):text.index("</tfoot>")]
    assert re.match(r'<tfoot><tr><th scope="row" colspan="4">Totaal over \d+ casussen met een kosten-batenanalyse '
                    r"\(van \d+\)</th>(<td class=n><data value=\"-?[\d.]+\">[^<]+</data></td>){5}</tr>$", foot), foot


class Rows(HTMLParser):
    """Every table row of a page as a tuple of its cells' texts, and the whole page's text."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.rows, self.row, self.cell, self.text = set(), None, None, []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.add(tuple(self.row))
            self.row = None

    def handle_data(self, data):
        self.text.append(data)
        if self.cell is not None:
            self.cell.append(data)


def test_the_overview_shows_the_reports_own_sections(samples_site):
    """One source for each section (present/portfolio/tables.py): every table of the report, its header and every
    row as the report words them, and every paragraph, is on the overview; the overview adds links, charts and
    key figures, and leaves out only the names of invalid files."""
    from doorbraak_cli.present.portfolio import tables as rt

    result = CliRunner().invoke(app, ["report", "--format", "markdown", str(SAMPLES)])
    assert result.exit_code == 0, result.output
    page = Rows((samples_site / "index.html").read_text(encoding="utf-8"))
    shown = " ".join("".join(page.text).split())
    unescape = {"\\|": "|", "\\*": "*", "\\_": "_", "&lt;": "<", "&#33;": "!"}
    tables = paragraphs = 0
    for line in result.stdout.splitlines():
        for code, plain in unescape.items():
            line = line.replace(code, plain)
        if line.startswith("| ") and not line.startswith("| ---"):
            cells = tuple(c.strip() for c in line.strip("|").split(" | "))
            assert cells in page.rows, cells
            tables += 1
        elif line.startswith("**"):
            assert line.strip("*").replace("\n", " ") in shown, line
        elif line and not line.startswith(("#", "| ---")):
            assert " ".join(line.split()) in shown, line
            paragraphs += 1
    assert tables > 60 and paragraphs > 10  # the check read the whole report
    assert rt.Ref("x", ("gemeente", "y")) == "x"  # a figure the site links is plain text to the report


def test_rule_pages_show_every_exception_with_grounds_and_outcome(corpus_site, corpus):
    want = report_json(str(corpus))
    index = (corpus_site / "regel/index.html").read_text(encoding="utf-8")
    for rule in want["legitimiteit"]["regels"]:
        m = re.search(r'<a href="([^"]+)">' + re.escape(rule["regel"].replace("&", "&amp;")) + "</a>", index)
        assert m, rule["regel"]
        text = (corpus_site / "regel" / m.group(1)).read_text(encoding="utf-8")
        cases = set(re.findall(r'href="\.\./casus/([^"]+)"', text))
        assert len(cases) == rule["casussen"]
        assert 'id="met-uitzondering"' in text and "Uitzonderingsgronden" in text and "Uitkomst" in text
        assert casegen.NAME_MARK not in text


# --- links, privacy, structure --------------------------------------------------------------


def check_links(site):
    pages = pages_of(site)
    parsed = {p: Page(t) for p, t in pages.items()}
    assert "index.html" in parsed
    for path, page in parsed.items():
        for tag, target in page.links:
            parts = urlsplit(target)
            assert not parts.scheme and not parts.netloc, f"{path}: {tag} points outside: {target}"
            assert not target.startswith("/"), f"{path}: {target} only works on a server"
            file = os.path.normpath(os.path.join(os.path.dirname(path), unquote(parts.path))) if parts.path else path
            assert not file.startswith(".."), f"{path}: {target} leaves the site"
            assert (site / file).is_file(), f"{path}: {target} does not exist"
            if parts.fragment and file.endswith(".html"):
                assert parts.fragment in parsed[file.replace(os.sep, "/")].ids, f"{path}: {target}: no such anchor"
    return parsed


@pytest.mark.parametrize("which", ["samples", "corpus"])
def test_every_internal_link_resolves_and_nothing_points_outside(which, request):
    parsed = check_links(request.getfixturevalue(f"{which}_site"))
    assert len(parsed) > 20


def test_a_site_from_mangled_cases_is_whole(tmp_path):
    """Seeded random edits of the sample plans (casegen.mutate): whatever a file holds, the site is written, no
    file stops the run or gets an internal error, every link resolves and the figures are the report's."""
    import random

    from conftest import DATA

    rng = random.Random(20261126)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.yaml"))]
    texts.append((DATA / "minimaal.yaml").read_text(encoding="utf-8"))
    cases = tmp_path / "casussen"
    cases.mkdir()
    for i in range(150):
        text = re.sub(r"^id: .*$", f"id: verminkt-{i:03d}", rng.choice(texts), count=1, flags=re.M)
        (cases / f"c{i:03d}.yaml").write_bytes(casegen.mutate(rng, text).encode("utf-8", "surrogatepass"))
    for namen in (False, True):
        out = tmp_path / f"site-{namen}"
        code, err = build([cases], out, namen=namen, use_cache=False)
        assert code == 0 and "interne-fout" not in err, err
        check_links(out)
    want = report_json("--no-cache", str(cases))
    got = json.loads((out / "cijfers.json").read_text(encoding="utf-8"))
    assert got == want and 20 < want["aantal_casussen"] < 150 and want["ongeldig"]


def test_a_site_without_cases_is_complete_too(tmp_path):
    cases = tmp_path / "casussen"
    cases.mkdir()
    (cases / "kapot.yaml").write_text("schema: doorbraakplan/1\n", encoding="utf-8")
    out = tmp_path / "site"
    code, err = build([cases], out)
    assert code == 0 and "1 bestand is ongeldig" in err
    check_links(out)
    assert '<data value="0">0</data>' in (out / "index.html").read_text(encoding="utf-8")


def test_every_page_is_dutch_protected_and_well_formed(corpus_site):
    for path, text in pages_of(corpus_site).items():
        page = Page(text)
        assert page.lang == "nl", path
        assert page.csp and "default-src 'none'" in page.csp and "http" not in page.csp, path
        assert page.heads.count(1) == 1 and page.heads[0] == 1, path
        for a, b in zip(page.heads, page.heads[1:]):
            assert b <= a + 1, f"{path}: heading h{a} followed by h{b}"
        if not path.startswith("casus/"):
            assert page.tables == page.captions, f"{path}: a table without a caption"
            assert ANONYMOUS_NOTE.split(":")[0] in text, path
        for svg in page.svgs:
            assert svg.get("role") == "img" and (svg.get("aria-label") or svg.get("aria-labelledby")), path


def test_no_household_name_in_an_anonymised_site(samples_site, corpus_site):
    for site in (samples_site, corpus_site):
        for folder, _, names in os.walk(site):
            for n in names:  # the search index's files too, unpacked (see test_site_search)
                data = open(os.path.join(folder, n), "rb").read()
                text = (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).decode("utf-8", "replace")
                assert casegen.NAME_MARK.lower() not in text.lower(), n
                for name in HOUSEHOLD:
                    assert not re.search(rf"\b{name}\b", text, re.IGNORECASE), (n, name)


def test_a_site_with_names_says_so_on_every_page(tmp_path):
    out = tmp_path / "intern"
    code, err = build([SAMPLES], out, namen=True)
    assert code == 0 and "alleen voor intern gebruik" in err
    pages = pages_of(out)
    assert all(NAMES_NOTE in text for text in pages.values())
    assert any("Esther" in text for text in pages.values())  # the titles are there, as asked


def test_invalid_files_are_counted_not_named(corpus_site):
    text = (corpus_site / "index.html").read_text(encoding="utf-8")
    assert "1 bestand is ongeldig" in text and "kapot" not in text
    assert "kapot" not in (corpus_site / "cijfers.json").read_text(encoding="utf-8")


# --- the folder ------------------------------------------------------------------------------


def test_never_writes_into_a_folder_that_is_not_a_site(tmp_path):
    out = tmp_path / "eigen"
    out.mkdir()
    (out / "notities.txt").write_text("van mij", encoding="utf-8")
    code, err = build([SAMPLES], out)
    assert code == 1 and "niet leeg" in err and sorted(os.listdir(out)) == ["notities.txt"]
    code, err = build([SAMPLES], out, force=True)
    assert code == 0 and (out / "notities.txt").read_text(encoding="utf-8") == "van mij"
    (tmp_path / "bestand").write_text("x", encoding="utf-8")
    code, err = build([SAMPLES], tmp_path / "bestand")
    assert code == 1 and "bestand" in err


def test_a_second_run_writes_only_what_changed(tmp_path):
    cases = tmp_path / "casussen"
    casegen.generate(str(cases), 40, seed=3)
    out = tmp_path / "site"
    (out / "eigen").mkdir(parents=True)  # a file of the user's own inside the site survives every run
    assert build([cases], out, force=True)[0] == 0
    (out / "eigen" / "lees-mij.txt").write_text("blijft", encoding="utf-8")
    before = {p: t for p, t in pages_of(out).items()}
    code, err = build([cases], out)
    assert code == 0 and "; 0 geschreven" in err
    victim = sorted(cases.rglob("*.yaml"))[0]
    text = victim.read_text(encoding="utf-8")
    stopped = re.sub(r"^status: .*$", "status: gestopt", text, count=1, flags=re.M)
    victim.write_text(stopped + ("" if "\ngestopt:" in stopped else "gestopt:\n  reden: anders\n"), encoding="utf-8")
    code, err = build([cases], out)
    written = int(re.search(r"(\d+) geschreven", err).group(1))
    assert code == 0 and 0 < written < len(before) // 3, err
    cid = re.search(r"^id: (.*)$", text, re.M).group(1)
    page = (out / "casus" / f"{cid}.html").read_text(encoding="utf-8")
    assert "status-gestopt" in page
    victim.unlink()
    code, err = build([cases], out)
    assert code == 0 and "verwijderd" in err and not (out / "casus" / f"{cid}.html").exists()
    assert (out / "eigen" / "lees-mij.txt").read_text(encoding="utf-8") == "blijft"


# in a new interpreter, which may fork as the command line does (see test_report.FOLD_BESIDE)
SITE_BESIDE = """
import io, json, re, sys
from doorbraak_cli.batch import workers
from doorbraak_cli.commands import Io, report, site

folder, victim, out = sys.argv[1:4]
workers.BACKGROUND_FOLD_FROM = 1
codes = [site.run(Io(io.StringIO(), io.StringIO()), [folder], out, jobs=2)]
text = open(victim, encoding="utf-8").read()
text = re.sub(r"^status: .*$", "status: gestopt", text, count=1, flags=re.M)
open(victim, "w", encoding="utf-8").write(text + ("" if "\\ngestopt:" in text else "gestopt:\\n  reden: anders\\n"))
states = []
real = workers.BackgroundFold.result
workers.BackgroundFold.result = lambda self: states.append(real(self)) or states[-1]
codes.append(site.run(Io(io.StringIO(), io.StringIO()), [folder], out, jobs=2))
print(json.dumps({"codes": codes, "states": [s is not None for s in states],
                  "report": json.loads(report.answer([folder], "json", use_cache=False).out)}))
"""


def test_a_run_after_one_change_folds_the_index_beside_and_counts_as_the_report(tmp_path):
    """With many cases from the index and one changed, a forked process folds the index's cases while the run
    reads them for its lists; a later file with an id already used still gives the report's figures."""
    cases = tmp_path / "casussen"
    casegen.generate(str(cases), 40, seed=12)
    files = sorted(cases.rglob("*.yaml"))
    shutil.copy(files[1], cases / "zzz-kopie.yaml")
    out = tmp_path / "site"
    env = dict(os.environ, DOORBRAAK_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=str(ROOT))
    run = subprocess.run([sys.executable, "-c", SITE_BESIDE, str(cases), str(files[-1]), str(out)],
                         capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    assert got["codes"] == [0, 0] and got["states"] == [True]
    want = got["report"]
    figures = json.loads((out / "cijfers.json").read_text(encoding="utf-8"))
    figures["ongeldig"] = want["ongeldig"] = len(want["ongeldig"])  # an anonymised site names no file
    assert figures == want and want["ongeldig"] == 1 and want["aantal_casussen"] == 40


def test_a_run_that_was_stopped_is_redone(tmp_path):
    out = tmp_path / "site"
    assert build([SAMPLES], out)[0] == 0
    marker = json.loads((out / MARKER).read_text(encoding="utf-8"))
    marker["klaar"] = False
    (out / MARKER).write_text(json.dumps(marker), encoding="utf-8")
    (out / "index.html").write_text("half", encoding="utf-8")
    code, err = build([SAMPLES], out)
    assert code == 0 and "; 0 geschreven" not in err
    assert (out / "index.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_filters_as_the_report(corpus, tmp_path):
    f = Filters(["Tilburg", "Dongen"], ["goedgekeurd", "gerealiseerd", "afgesloten"], "2025-01-01")
    out = tmp_path / "gefilterd"
    assert build([corpus], out, filters=f)[0] == 0
    want = report_json(str(corpus), "-g", "Tilburg", "-g", "Dongen", "-s", "goedgekeurd", "-s", "gerealiseerd",
                       "-s", "afgesloten", "--sinds", "2025-01-01")
    got = json.loads((out / "cijfers.json").read_text(encoding="utf-8"))
    got["ongeldig"] = want["ongeldig"] = []
    assert got == want
    assert len(os.listdir(out / "casus")) == want["aantal_casussen"]
    assert "Alleen casussen met gemeente Tilburg of Dongen" in (out / "index.html").read_text(encoding="utf-8")


def test_same_site_without_cache_and_in_one_process(corpus, corpus_site, tmp_path):
    out = tmp_path / "zonder-cache"
    assert build([corpus], out, use_cache=False, jobs=1)[0] == 0
    assert pages_of(out) == pages_of(corpus_site)


def test_pages_lost_from_the_site_are_made_again(tmp_path):
    out = tmp_path / "site"
    assert build([SAMPLES], out)[0] == 0
    before = pages_of(out)
    shutil.rmtree(out / "casus")  # the index still knows every case: their pages are made again, not taken from it
    (out / "lijst" / "alle.html").write_text("bewerkt", encoding="utf-8")
    code, err = build([SAMPLES], out)
    assert code == 0 and pages_of(out) == before, err
    assert len(os.listdir(out / "casus")) == len(os.listdir(SAMPLES))
    again = tmp_path / "tweede"  # a second site from the same index: every page made here
    assert build([SAMPLES], again)[0] == 0 and pages_of(again) == before


def test_workers_leave_no_temporary_page_behind(tmp_path):
    cases = tmp_path / "casussen"
    casegen.generate(str(cases), 60, seed=9)
    first = sorted(cases.rglob("*.yaml"))[0]
    shutil.copy(first, cases / "dubbel.yaml")  # the same id twice: the second is not counted and gets no page
    out = tmp_path / "site"
    for _ in range(2):
        code, err = build([cases], out, jobs=2, filters=Filters(["Tilburg"]))
        assert code == 0, err
        assert not [n for n in os.listdir(out / "casus") if n.startswith(".tmp-")]
    code, err = build([cases], out, jobs=2, use_cache=False)  # every case computed, in workers that fold
    assert code == 0 and not [n for n in os.listdir(out / "casus") if n.startswith(".tmp-")]
    want = report_json(str(cases))
    got = json.loads((out / "cijfers.json").read_text(encoding="utf-8"))
    got["ongeldig"] = want["ongeldig"] = len(want["ongeldig"])
    assert got == want and want["ongeldig"] == 1  # the second file with the same id is counted once, as invalid
    assert len(os.listdir(out / "casus")) == want["aantal_casussen"]


@pytest.mark.parametrize("day", ["2020-06-01", "2031-01-01"])
def test_peildatum_as_the_report(tmp_path, day):
    """The evaluation's late measurements are those of `report --peildatum` on the same day."""
    import datetime

    probe = CliRunner().invoke(app, ["report", "--help"])
    if "--peildatum" not in probe.output:
        pytest.skip("report has no --peildatum (yet)")
    out = tmp_path / "site"
    assert build([SAMPLES], out, peildatum=datetime.date.fromisoformat(day))[0] == 0
    got = json.loads((out / "cijfers.json").read_text(encoding="utf-8"))
    assert got == report_json(str(SAMPLES), "--peildatum", day)


def test_text_from_a_case_never_acts(tmp_path):
    """A case's text is data: no script, tag or link target from it reaches a page."""
    from conftest import DATA

    evil = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&'
    text = (DATA / "minimaal.yaml").read_text(encoding="utf-8")
    text = text.replace("gemeente: Testdorp", f"gemeente: {json.dumps(evil)}")
    text = text.replace("regel: Urgentieprotocol, punt 7", f"regel: {json.dumps('Regel ' + evil)}")
    text = text.replace("uitzonderingsgronden: Geen; het college mag beredeneerd afwijken.",
                        "uitzonderingsgronden: " + json.dumps("[klik](javascript:alert(3)) " + evil))
    text = text.replace("wie_gaat_erover: college van B&W", f"wie_gaat_erover: {json.dumps(evil)}")
    text = text.replace("status: ingediend", f"status: ingediend\nproblemen: [{json.dumps(evil)}]")
    cases = tmp_path / "casussen"
    cases.mkdir()
    (cases / "casus.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    code, err = build([cases], out)
    assert code == 0, err
    pages = pages_of(out)
    assert len(pages) > 10
    for path, page in pages.items():
        assert "<script>" not in page and "<img" not in page, path
        for _, target in Page(page).links:
            assert not target.lower().startswith(("javascript:", "data:", "http")), (path, target)
        for m in re.finditer(r"<script\b[^>]*>", page):
            assert re.fullmatch(r'<script src="(\.\./)?(site|zoek)\.js" defer>', m.group(0)), (path, m.group(0))
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in p for p in pages.values())


def site_with_writers(program: str, corpus, out) -> None:
    """``site`` over ``corpus`` with two forked writers, in a fresh process that first runs ``program`` (which
    sets its own ``do_task``): this test process may have threads by now, and then doorbraak never forks."""
    program += "write.do_task = do_task\nfrom doorbraak_cli.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    done = subprocess.run([sys.executable, "-c", program, "site", str(corpus), "-o", str(out), "-q", "-j", "2"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr


def test_case_pages_written_by_forked_writers_are_the_same(corpus, corpus_site, tmp_path):
    """Many pages are written by forked processes (after the site is known); they must be the same files.

    In a fresh process: this test process may have threads by now, and then doorbraak never forks."""
    if not sys.platform.startswith("linux"):
        pytest.skip("SKIPPED LOUDLY: case pages are written by forked processes only on Linux")
    out = tmp_path / "parallel"
    writers = tmp_path / "writers.txt"  # the process ids that wrote case pages
    program = f"""
import functools, os, sys
from doorbraak_cli.site import write
write.PARALLEL_FROM = 10
original = write.do_task
@functools.wraps(original)
def do_task(job, i):
    if job[2][i][0] != "zoeken":  # the search index's parts come later, in writers of their own
        with open({str(writers)!r}, "a") as fh:
            fh.write(f"{{os.getpid()}}\\n")
    return original(job, i)
"""
    site_with_writers(program, corpus, out)
    assert len(set(writers.read_text().split())) == 2, "two forked writers wrote the case pages"
    assert pages_of(out) == pages_of(corpus_site)
    assert not [n for n in os.listdir(out / "casus") if n.startswith(".tmp-")]


def test_a_lost_forked_writer_never_fails_the_site(corpus, corpus_site, tmp_path):
    """A forked writer that dies (the OOM killer, a crash in a C library) breaks its pool: the tasks it did not
    finish are done in the run's own process, and the site is the same as ever."""
    if not sys.platform.startswith("linux"):
        pytest.skip("SKIPPED LOUDLY: case pages are written by forked processes only on Linux")
    out = tmp_path / "lost"
    program = """
import os, sys
from doorbraak_cli.site import write
write.PARALLEL_FROM = 10
parent, original = os.getpid(), write.do_task
def do_task(job, i):
    if os.getpid() != parent and i == 3:
        os._exit(3)
    return original(job, i)
"""
    site_with_writers(program, corpus, out)
    assert pages_of(out) == pages_of(corpus_site)


# --- a house style (--templates) ----------------------------------------------------------------


HOUSE = """{% extends "standaard/plan.html.j2" %}
{% block stijl_extra %}.huisstijl { color: #004c93; }{% endblock %}
{% block voet %}<p class="huisstijl">Gemeente Huisstijlstad, team Doorbraak</p>{{ super() }}{% endblock %}
"""


def test_a_house_style_is_used_for_every_case_page(tmp_path):
    style = tmp_path / "huisstijl"
    style.mkdir()
    (style / "plan.html.j2").write_text(HOUSE, encoding="utf-8")
    out = tmp_path / "site"
    code, err = build([SAMPLES], out, templates=str(style))
    assert code == 0, err
    pages = pages_of(out)
    cases = {p: t for p, t in pages.items() if p.startswith("casus/")}
    assert len(cases) == len(os.listdir(SAMPLES))
    for text in cases.values():
        assert "Gemeente Huisstijlstad, team Doorbraak" in text and ".huisstijl { color: #004c93; }" in text
        assert '<nav class="site"' in text and "nav.site {" in text  # the site's navigation and its style stay
    assert not any("Huisstijlstad" in t for p, t in pages.items() if not p.startswith("casus/"))
    # the house style changes: the next run rewrites the case pages, and only a second run after that writes nothing
    (style / "plan.html.j2").write_text(HOUSE.replace("Huisstijlstad", "Anderstad"), encoding="utf-8")
    code, err = build([SAMPLES], out, templates=str(style))
    assert code == 0 and all("Anderstad" in t for p, t in pages_of(out).items() if p.startswith("casus/"))
    assert build([SAMPLES], out, templates=str(style))[1].count("; 0 geschreven") == 1
    code, err = build([SAMPLES], out)  # and without it, the shipped style again
    assert code == 0 and not any("Anderstad" in t for t in pages_of(out).values())
    # the cache keeps one index per site (a new house style replaces it), in one flat folder named without paths
    from doorbraak_cli.source import cache

    index = list((cache.cache_dir() / "index").iterdir())
    assert len(index) == 2 and all(p.is_file() and "huisstijl" not in p.name for p in index), index


def test_a_house_style_that_replaces_the_title_block_keeps_the_navigation(tmp_path):
    style = tmp_path / "huisstijl"
    style.mkdir()
    (style / "plan.html.j2").write_text('{% extends "standaard/plan.html.j2" %}{% block kop %}<h1>Plan</h1>'
                                        "{% endblock %}", encoding="utf-8")
    out = tmp_path / "site"
    assert build([SAMPLES], out, templates=str(style))[0] == 0
    page = next(t for p, t in pages_of(out).items() if p.startswith("casus/"))
    assert page.index('<nav class="site"') < page.index("<h1>Plan</h1>")


@pytest.mark.parametrize("template, told", [
    ('{% extends "standaard/plan.html.j2" %}{% block voet %}{% if %}{% endblock %}', "plan.html.j2, regel 1"),
    ('{% extends "standaard/plan.html.j2" %}{% block voet %}{{ plan.bestaat_niet }}{% endblock %}',
     "de pagina kan niet gemaakt worden: fout in sjabloon"),
])
def test_a_mistake_in_a_house_style_is_told_and_writes_no_site(tmp_path, template, told):
    style = tmp_path / "huisstijl"
    style.mkdir()
    (style / "plan.html.j2").write_text(template, encoding="utf-8")
    out = tmp_path / "site"
    code, err = build([SAMPLES], out, templates=str(style))
    assert code == 1 and told in err, err
    assert "Traceback" not in err and not (out / "index.html").exists()


def test_a_house_style_folder_that_is_not_there(tmp_path):
    result = CliRunner().invoke(app, ["site", str(SAMPLES), "-o", str(tmp_path / "site"), "--templates",
                                      str(tmp_path / "geen")])
    assert result.exit_code == 1 and "sjablonenmap" in result.stderr and "bestaat niet" in result.stderr


def test_a_case_page_says_late_as_on_the_peildatum(tmp_path):
    # a third follow-up, due on 16 March 2022, not done: late on one peildatum, not yet due on the other
    text = (SAMPLES / "plan-5b-willem-gerealiseerd.yaml").read_text(encoding="utf-8")
    cases = tmp_path / "casussen"
    cases.mkdir()
    (cases / "plan.yaml").write_text(text.replace("metingen_na: [3 maanden, 12 maanden]",
                                                  "metingen_na: [3 maanden, 12 maanden, 24 maanden]"),
                                     encoding="utf-8")
    page = tmp_path / "site" / "casus" / "2020-voorbeeld-005b.html"
    for day, state in (("2022-01-01", "nog niet gedaan"), ("2022-06-01", "te laat"), ("2022-01-01", "nog niet gedaan")):
        code, err = build([cases], tmp_path / "site", peildatum=date.fromisoformat(day))
        assert code == 0, err
        assert f"Derde vervolgmeting: {state} (gepland 16 maart 2022)" in page.read_text(encoding="utf-8"), day
        figures = json.loads((tmp_path / "site" / "cijfers.json").read_text(encoding="utf-8"))
        assert len(figures["evaluatie"]["metingen_te_laat"]) == (state == "te laat")


def test_municipalities_that_fold_to_one_page_name_get_their_own_pages_and_links(tmp_path):
    # 'Súdwest-Fryslân' and 'Sudwest Fryslan' are two municipalities to report (they differ in more than case and
    # spaces); their page names fold alike, so the second gets another, and its cases' pages (made by workers, with
    # the name from the key alone) are made again
    cases = tmp_path / "casussen"
    cases.mkdir()
    text = (SAMPLES / "plan-5-willem.yaml").read_text(encoding="utf-8")
    names = ["Súdwest-Fryslân", "Sudwest Fryslan", "Súdwest-Fryslân", "Sudwest Fryslan"]
    for i, spelling in enumerate(names):
        (cases / f"plan-{i}.yaml").write_text(text.replace("id: 2020-voorbeeld-005", f"id: 2020-dorp-{i}")
                                              .replace("gemeente: Doorbraakdorp", f"gemeente: {spelling}"),
                                              encoding="utf-8")
    out = tmp_path / "site"
    code, err = build([cases], out, jobs=2)
    assert code == 0, err
    check_links(out)
    for i, spelling in enumerate(names):
        page = (out / "casus" / f"2020-dorp-{i}.html").read_text(encoding="utf-8")
        href = re.search(r'<p class="pad"><a href="../index.html">Overzicht</a> › <a href="\.\./(gemeente/[^"]+)">'
                         + re.escape(spelling) + "</a>", page).group(1)
        listed = (out / href).read_text(encoding="utf-8")
        assert f"2020-dorp-{i}.html" in listed and f"2020-dorp-{(i + 1) % 4}.html" not in listed
    assert not [n for n in os.listdir(out / "casus") if n.startswith(".tmp-")]


def test_a_site_whose_sources_did_not_change_is_left_as_it_is(corpus, tmp_path, monkeypatch):
    out = tmp_path / "site"
    code, first = build([corpus], out)
    assert code == 0
    before = pages_of(out)

    def no_load(*args, **kw):
        raise AssertionError("the cases were read again")

    with monkeypatch.context() as m:  # nothing changed: not one case is read, and the run says what a full one says
        m.setattr(site_build, "load", no_load)
        code, err = build([corpus], out)
        files = re.search(r"\((\d+) bestanden;", first).group(1)
        assert code == 0 and f"({files} bestanden; 0 geschreven)" in err and "1 bestand is ongeldig" in err
    # anything it is made of, or a page gone: the full run, and the site as it was
    (out / "lijst" / "alle.html").unlink()
    assert build([corpus], out)[0] == 0 and pages_of(out) == before
    assert build([corpus], out, peildatum=date(2031, 1, 1))[0] == 0
    assert build([corpus], out, namen=True)[0] == 0 and NAMES_NOTE in (out / "index.html").read_text(encoding="utf-8")
    marker = json.loads((out / MARKER).read_text(encoding="utf-8"))
    marker["ongeldig"] = "veel"  # a marker is input: what it says is checked
    (out / MARKER).write_text(json.dumps(marker), encoding="utf-8")
    code, err = build([corpus], out, namen=True)
    assert code == 0 and "1 bestand is ongeldig" in err


def test_a_link_put_where_a_worker_writes_a_page_is_not_followed(tmp_path):
    first = tmp_path / "eerst"
    assert build([SAMPLES], first)[0] == 0
    page = first / "casus" / "2020-voorbeeld-005.html"
    digest = hashlib.sha256(page.read_bytes()).hexdigest()
    out = tmp_path / "site"
    (out / "casus").mkdir(parents=True)
    victim = tmp_path / "van-iemand-anders.txt"
    victim.write_text("blijft", encoding="utf-8")
    # the name this run's worker writes that page under (site/work.py: pending_page)
    os.symlink(victim, out / "casus" / f".tmp-{os.getpid()}-pagina-{digest[:40]}.html")
    code, err = build([SAMPLES], out, force=True, use_cache=False)
    assert code == 0, err
    assert victim.read_text(encoding="utf-8") == "blijft"
    assert (out / "casus" / page.name).read_bytes() == page.read_bytes()  # the run made that page itself


def test_the_overview_shows_the_portfolios_positieve_gezondheid(samples_site):
    """One spider web of the six dimensions, first and latest measurement, saying how many households it counts."""
    index = (samples_site / "index.html").read_text(encoding="utf-8")
    section = index[index.index('id="evaluatie"'):]
    assert "Positieve Gezondheid van 1 huishouden met twee of meer metingen" in section
    webs = re.findall(r'<polygon class="meting" data-meting="([^"]+)" points="([^"]+)"', section)
    assert [label for label, _ in webs] == ["eerste meting, gemiddeld", "laatste meting, gemiddeld"]
    # plan-5b, the one household measured more than once: lichaamsfuncties 5 at the first measurement and 6,5 at
    # the last; that axis points straight up from the centre (280, 250), 160 px for a score of 10
    assert webs[0][1].split()[0] == "280.0,170.0" and webs[1][1].split()[0] == "280.0,146.0"
