"""The site's search index (Pagefind, doorbraak_cli/site/search.py), read as files and from `serve`.

Checked: the index covers the case pages, the precedent pages and the overview and nothing else, with the four
filters; an anonymised site's index holds no name its pages do not (and a site with names does find them, so the
check can fail); a run after one changed case makes only that case's part of the index again; `serve` answers
the same bundle. tests/present/test_site_browser.py searches in Chromium.
"""

import gzip
import html
import io
import json
import os
import re
import shutil
import threading
import time
from urllib.request import urlopen

import casegen
import pytest
from conftest import SAMPLES

from doorbraak_cli.commands import Io
from doorbraak_cli.commands import serve as serve_cmd
from doorbraak_cli.commands import site as site_cmd
from doorbraak_cli.site import search

HOUSEHOLD = ("Esther", "Javairo", "Lars", "Klaas", "Derk Jan", "Willem", "Eveline")

pytestmark = pytest.mark.skipif(search.executable() is None, reason="pagefind-bin is not installed")


def build(paths, out, **kw):
    err = io.StringIO()
    code = site_cmd.run(Io(io.StringIO(), err), [str(p) for p in paths], str(out), **kw)
    assert code == 0, err.getvalue()
    return err.getvalue()


def index_text(out) -> dict:
    """{path: text} of every file of the search index, Pagefind's compressed files unpacked."""
    texts = {}
    for folder, _, names in os.walk(out / search.FOLDER):
        for n in names:
            data = (out / folder / n).read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            texts[os.path.relpath(os.path.join(folder, n), out)] = data.decode("utf-8", "replace")
    return texts


def fragments(out) -> list:
    """Every indexed page's record: {url, content, filters, meta …}."""
    found = []
    for path, text in index_text(out).items():
        if path.endswith(".pf_fragment"):
            found.append(json.loads(text[text.index("{"):]))
    return found


@pytest.fixture(scope="module")
def samples_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("zoeksite") / "site"
    build([SAMPLES], out)
    return out


def test_the_index_holds_the_case_precedent_and_overview_pages_with_their_filters(samples_site):
    pages = {f["url"]: f for f in fragments(samples_site)}
    cases = sorted(p.name for p in (samples_site / "casus").glob("*.html"))
    rules = sorted(p.name for p in (samples_site / "regel").glob("*.html"))
    assert sorted(u for u in pages if u.startswith("/casus/")) == [f"/casus/{n}" for n in cases]
    assert sorted(u for u in pages if u.startswith("/regel/")) == sorted(
        "/regel/" if n == "index.html" else f"/regel/{n}" for n in rules)
    assert "/" in pages and len(pages) == len(cases) + len(rules) + 1  # no list page, no other page
    one = pages["/casus/2020-voorbeeld-006.html"]
    assert set(one["filters"]) == {"gemeente", "status", "leefgebied", "domein"}
    assert one["meta"]["title"].startswith("Plan 2020-voorbeeld-006 · ")
    assert "Alle casussen" not in one["content"]  # the navigation is not content
    manifest = json.loads((samples_site / search.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["format"] == search.FORMAT and manifest["delen"]
    for part in manifest["delen"]:
        assert (samples_site / search.FOLDER / part / "pagefind.js").is_file()


def test_an_anonymised_index_holds_no_name_its_pages_do_not(samples_site, tmp_path):
    for path, text in index_text(samples_site).items():
        assert casegen.NAME_MARK.lower() not in text.lower(), path
        for name in HOUSEHOLD:
            assert not re.search(rf"\b{name}\b", text, re.IGNORECASE), (path, name)
    words = set()
    for f in fragments(samples_site):  # and every word of a page's record is on that page
        rel = f["url"].lstrip("/")
        page = (samples_site / (rel + "index.html" if rel.endswith("/") or not rel else rel)).read_text("utf-8")
        shown = html.unescape(re.sub(r"<[^>]+>", "", page))
        words |= {w for w in re.findall(r"\w{4,}", f["content"]) if w not in shown}
    assert not words, sorted(words)[:20]
    inside = tmp_path / "intern"
    build([SAMPLES], inside, namen=True)  # the same check finds the names in a site that shows them
    assert any("Esther" in text for text in index_text(inside).values())


def test_a_run_after_one_change_makes_only_that_part_again(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "CASES_PER_PART", 10)
    cases = tmp_path / "casussen"
    casegen.generate(str(cases), 60, seed=5)
    out = tmp_path / "site"
    build([cases], out)
    parts = json.loads((out / search.MANIFEST).read_text(encoding="utf-8"))["delen"]
    assert len([p for p in parts if p.startswith("casus-")]) == 8 and "overzicht" in parts
    rule_parts = {p for p in parts if p.startswith("regel-")}
    assert len(rule_parts) > 2  # the precedent pages spread over parts of their own
    before = {p: (os.stat(p).st_ino, p.read_bytes()) for p in (out / search.FOLDER).rglob("*") if p.is_file()}
    victim = sorted(cases.rglob("*.yaml"))[7]
    text = victim.read_text(encoding="utf-8")
    victim.write_text(text.replace("\n", "\n# een opmerking\n", 1) + "\n", encoding="utf-8")  # no change on a page
    assert "0 geschreven" in build([cases], out)
    victim.write_text(text.replace("situatieschets: |\n  ", "situatieschets: |\n  Kwispelzoekwoord ", 1),
                      encoding="utf-8")  # a word on its page, and so in its part of the index
    build([cases], out)
    cid = re.search(r"^id: (.*)$", text, re.M).group(1)
    mine = search.part_of(f"casus/{cid}.html", 8)
    after = {p: (os.stat(p).st_ino, p.read_bytes()) for p in (out / search.FOLDER).rglob("*") if p.is_file()}
    changed = {p.relative_to(out / search.FOLDER).parts[0] for p in after if before.get(p) != after[p]}
    assert changed == {mine, "delen.json"}  # the overview and the precedents do not show that text
    found = [f for f in fragments(out) if f["url"] == f"/casus/{cid}.html"]
    assert len(found) == 1 and "Kwispelzoekwoord" in found[0]["content"]
    assert not [p for p in before if p not in after and mine not in str(p)]

    # a new status changes the overview and the pages of the rules this case cites: their parts, and no other
    before = after
    victim.write_text(re.sub(r"^status: .*$", "status: afgewezen", victim.read_text(encoding="utf-8"), count=1,
                             flags=re.M), encoding="utf-8")
    build([cases], out)
    page = (out / "casus" / f"{cid}.html").read_text(encoding="utf-8")
    cited = {search.part_of(f"regel/{name}", 8) for name in set(re.findall(r'href="\.\./regel/([^"/]+\.html)"', page))
             if name != "index.html"}
    after = {p: (os.stat(p).st_ino, p.read_bytes()) for p in (out / search.FOLDER).rglob("*") if p.is_file()}
    changed = {p.relative_to(out / search.FOLDER).parts[0] for p in after if before.get(p) != after[p]}
    assert cited and changed == {mine, "overzicht", "delen.json"} | cited
    assert rule_parts - cited  # the precedents of other rules were not indexed again


def test_serve_answers_the_same_index(tmp_path):
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
        while not out.getvalue() and time.monotonic() < end:
            time.sleep(0.05)
        url = out.getvalue().strip()
        manifest = json.loads(urlopen(url + "zoeken/delen.json").read())
        with urlopen(url + f"zoeken/{manifest['delen'][0]}/pagefind-worker.js") as r:
            assert "wasm-unsafe-eval" in r.headers["Content-Security-Policy"] and r.read()
        with urlopen(url + f"zoeken/{manifest['delen'][0]}/pagefind-entry.json") as r:
            assert json.loads(r.read())["languages"]
        written = tmp_path / "site"
        build([cases], written)
        assert manifest["delen"] == json.loads((written / search.MANIFEST).read_text(encoding="utf-8"))["delen"]
    finally:
        stop.set()
        thread.join(30)
    assert done == [0]


PAGE = (b'<html lang="nl"><head><title>t</title><style>p { x: "<div>" }</style></head><body>'
        b'<nav data-pagefind-ignore><span data-pagefind-filter="status:x"></span><script src="z.js"></script>menu</nav>'
        b'<header><h1>Kop &amp; <em>titel</em></h1></header>'
        b'<p>woord</p><div class="a" data-pagefind-ignore="all"><div><p>binnen</p></div><dl><dt>x</dt></dl>'
        b'<div>nog</div><span data-pagefind-filter="status:verborgen"></span></div><p>na &lt;b&gt;</p>'
        b'<table data-pagefind-ignore="all"><tr><td>\xe2\x82\xac 5</td></tr></table>'
        b'<p data-pagefind-ignore-not="x">blijft</p><ul data-pagefind-ignore="all"><li>open, niet gesloten'
        b'</body></html>')


def test_a_page_is_cut_to_what_pagefind_reads():
    copy = search.cut(PAGE)
    assert copy == (b'<html lang="nl"><head><title>t</title></head><body><nav data-pagefind-ignore>'
                    b'<span data-pagefind-filter="status:x"></span>menu</nav><header><h1>Kop &amp; <em>titel</em></h1>'
                    b'</header><p>woord</p><p>na &lt;b&gt;</p><p data-pagefind-ignore-not="x">blijft</p>'
                    b'<ul data-pagefind-ignore="all"><li>open, niet gesloten</body></html>')
    # only ever cut: the copy is the page with pieces left out, so it holds nothing the page does not
    rest = iter(PAGE)
    assert all(byte in rest for byte in copy)
    text = b'<p>Zij schreef data-pagefind-ignore="all" in haar verhaal</p>'  # in text, not in a tag: no cut
    assert search.cut(text) == text
    # '<header' is no '<head', and the text cut leaves the header's title
    assert search.cut(copy, search.IGNORED, search.NOT_TEXT).startswith(b"<html lang=\"nl\"><body><header><h1>")


def test_a_pages_record_is_its_title_filters_and_the_text_a_reader_sees():
    rec = search.record("casus/a.html", PAGE)
    assert rec == {"url": "/casus/a.html", "language": "nl", "meta": {"title": "Kop & titel"},
                   "filters": {"status": ["x"]},  # not the one inside an element Pagefind does not read at all
                   "content": "Kop & titel woord na <b> blijft open, niet gesloten"}
    assert search.record("regel/index.html", PAGE)["url"] == "/regel/"
    assert search.record("index.html", PAGE)["url"] == "/"
    titled = PAGE.replace(b"<body>", b'<body><span data-pagefind-meta="title:Eigen &#34;titel&#34;"></span>')
    assert search.record("x.html", titled)["meta"] == {"title": 'Eigen "titel"'}


def pagefind_reads_html(pages: dict) -> dict:
    """{url: fragment} as Pagefind makes them from the pages as HTML files (its own reading: the oracle)."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for rel, data in pages.items():
            path = os.path.join(tmp, "site", *rel.split("/"))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as fh:
                fh.write(data)
        subprocess.run([search.executable(), "--site", os.path.join(tmp, "site"), "--output-path",
                        os.path.join(tmp, "out"), "--silent"], check=True, capture_output=True)
        found = {}
        for name in os.listdir(os.path.join(tmp, "out", "fragment")):
            text = gzip.decompress(open(os.path.join(tmp, "out", "fragment", name), "rb").read()).decode("utf-8")
            f = json.loads(text[text.index("{"):])
            found[f["url"]] = f
        return found


ELEMENTS = ("<!DOCTYPE html><html lang='nl'><head><title>t</title></head><body><main><p>aaa</p>" + "".join(
    f"<{e}>w{e}</{e}> " for e in ("nav", "footer", "header", "aside", "form", "noscript", "label", "template",
                                  "button", "figure", "textarea", "details", "address", "table", "dialog", "time"))
    + "<svg><text>wsvg</text></svg><select><option>wopt</option></select><blockquote>wbq<footer>wbqf</footer>"
    "</blockquote><span hidden>whidden</span><h1>wh1</h1></main><footer>wlaatst</footer></body></html>").encode()


def test_the_records_give_pagefind_what_it_reads_of_the_pages_itself(samples_site):
    """Every searchable page of a site, given to Pagefind as a record, is indexed as Pagefind indexes the page as
    HTML: the same URL, title, filters and text (Pagefind adds a full stop after a block of text)."""
    rels = sorted(p.relative_to(samples_site).as_posix() for p in samples_site.rglob("*.html"))
    pages = {rel: (samples_site / rel).read_bytes() for rel in rels if search.searchable(rel)}
    assert len(pages) > 15
    ours = {f["url"]: f for f in fragments(samples_site)}
    # and the elements Pagefind never takes text from, or does, wherever a page (or a house style) has them
    pages["casus/elementen.html"] = ELEMENTS
    ours["/casus/elementen.html"] = search.record("casus/elementen.html", ELEMENTS)
    oracle = pagefind_reads_html(pages)
    assert set(ours) == set(oracle)
    for url, want in oracle.items():
        got = ours[url]
        assert got["meta"]["title"] == want["meta"]["title"], url
        assert {k: sorted(v) for k, v in got["filters"].items()} == {k: sorted(v) for k, v in want["filters"].items()}
        # the same text; Pagefind puts no space between inline elements ('<span>Casussen</span><span>2</span>'
        # gives 'Casussen2'), the record does, as the page shows them
        assert re.sub(r"\W+", "", got["content"]) == re.sub(r"\W+", "", want["content"]), url


def test_a_case_page_is_indexed_by_its_words_not_its_amounts(samples_site):
    one = {f["url"]: f for f in fragments(samples_site)}["/casus/2020-voorbeeld-006.html"]
    page = (samples_site / "casus" / "2020-voorbeeld-006.html").read_text(encoding="utf-8")
    figures = ("KASSABON", "Subtotaal", "Huidig totaal", "Totale kosten per scenario", "Break-even")
    assert all(f in page for f in figures)
    assert not [f for f in figures if f in one["content"]]  # receipts, tables, charts: figures, not words
    assert "Geanonimiseerd" not in one["content"]  # the same notice on every page finds every page
    # the method's labels are on every plan: they are not what one plan is found by
    labels = ("Situatieschets", "Actieplan", "Wat is de bedoeling van de regel?", "Korte termijn", "Vangnet")
    assert all(label in page for label in labels)
    assert not [label for label in labels if label in one["content"]]
    situatie = re.search(r'id="stap-1">.*?</h2>\s*<p>(.*?)</p>', page, re.S).group(1)
    assert " ".join(html.unescape(situatie).split()) in one["content"]  # the plan's own words are


def _page(title: str, words: str) -> bytes:
    return (f'<!doctype html><html lang="nl"><head><title>{title}</title></head>'
            f'<body><main data-pagefind-body><h1>{title}</h1><p>{words}</p></main></body></html>').encode()


def test_a_served_sites_next_index_makes_only_the_changed_part_again(tmp_path, monkeypatch):
    """serve's search job keeps its parts for the next version of the site (search.save_parts / load_parts): a
    changed case page makes its own part again and nothing else, the bundle is the one a job from scratch makes,
    and a kept part that does not read back whole is made again rather than served."""
    pages = {"index.html": _page("Overzicht", "alle casussen"), "casus/a.html": _page("A", "fietsenmaker"),
             "casus/b.html": _page("B", "bakkerij")}
    kept = tmp_path / "delen"
    kept.mkdir()
    made = search.load_parts(str(kept))
    assert made == {}
    search.bundle(pages, 2, made)
    search.save_parts(str(kept), made)
    assert sorted(n.split("--")[0] for n in os.listdir(kept)) == ["casus-00", "overzicht"]

    indexed = []
    real = search.index
    monkeypatch.setattr(search, "index", lambda pages, *a: indexed.append(sorted(pages)) or real(pages, *a))
    pages["casus/b.html"] = _page("B", "banketbakkerij")
    made = search.load_parts(str(kept))
    again = search.bundle(pages, 2, made)
    assert indexed == [["casus/a.html", "casus/b.html"]]  # the overview's part was kept
    search.save_parts(str(kept), made)
    assert len(os.listdir(kept)) == 2  # the old part of the cases is gone
    monkeypatch.undo()
    assert again == search.bundle(pages, 2, {})

    # a kept part that lost a file is no part: it is made again
    overview = next(kept.glob("overzicht--*"))
    os.remove(overview / "pagefind-entry.json")
    (kept / "overzicht--zz").mkdir()  # and a folder of another name is not read
    assert set(search.load_parts(str(kept))) == {"casus-00"}
