"""A name the plan lists in 'namen', planted in every free-text field, appears in no anonymised output.

The outputs: render --anoniem (Markdown, HTML, Word) and the anonymised site (every page, cijfers.json,
the search data, the rule pages and every file name). The fields left as they are (SAFE, as SECURITY.md
lists them) are the ones the figures and the site's lists need: ids, statuses, dates, numbers, units,
domains and the method's fixed words.
"""

import gzip
import io
import zipfile

import pytest
from conftest import SAMPLES
from ruamel.yaml import YAML

from doorbraak_cli.commands import Io, render, site

NAME = "Zwanettje"
SAFE = {"schema", "id", "status", "datum", "gemeente", "prijslijst", "vorig_plan", "post", "eenheid", "domein",
        "leefgebied", "fase", "gebeurtenis", "uitkomst", "periode", "horizon", "disconto", "kans", "prijs", "huidig",
        "dreigend", "doorbraak", "gerealiseerd", "looptijd", "toerekening", "zekerheid", "metingen_na", "bedrag",
        "uitzondering", "eenmalig", "lichaamsfuncties", "mentaal_welbevinden", "zingeving", "kwaliteit_van_leven",
        "meedoen", "dagelijks_functioneren"}
SAMPLE_NAMES = ["plan-5b-willem-gerealiseerd.yaml", "plan-6-eveline.yaml", "plan-3-lars-en-klaas.yaml"]


def plant(text: str) -> tuple[str, int]:
    """The case with the name in every free-text value, listed in 'namen'; and how many values got it."""
    y = YAML(typ="rt")
    y.width = 4096
    data = y.load(text)
    count = [0]

    def walk(node, key=None, path=()):
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for k, v in list(items):
            field = k if isinstance(node, dict) else key
            if isinstance(v, (dict, list)):
                walk(v, field, path + (field,))
            elif isinstance(v, str) and field not in SAFE and not (field == "door" and "metingen" in path):
                node[k] = f"{v} ({NAME})" if field != "wanneer" else f"zodra {NAME} belt"
                count[0] += 1

    walk(data)
    data["namen"] = [NAME]
    out = io.StringIO()
    y.dump(data, out)
    return out.getvalue(), count[0]


@pytest.fixture
def planted(tmp_path):
    folder = tmp_path / "casussen"
    folder.mkdir()
    total = 0
    for name in SAMPLE_NAMES:
        text, n = plant((SAMPLES / name).read_text(encoding="utf-8"))
        (folder / name).write_text(text, encoding="utf-8")
        total += n
    assert total > 100  # every step's texts, the posts, the rules, the journey and the measurements
    return folder


def call(fn, *args, **kwargs):
    out, err = io.StringIO(), io.StringIO()
    return fn(Io(out, err), *args, **kwargs), out.getvalue(), err.getvalue()


def test_a_listed_name_is_in_no_anonymised_document(planted, tmp_path):
    for case in sorted(planted.glob("*.yaml")):
        code, named, _ = call(render.run, str(case), "markdown", "-")
        assert code == 0 and NAME in named  # it is there to be found
        for fmt in ("markdown", "html"):
            code, out, err = call(render.run, str(case), fmt, "-", anoniem=True)
            assert code == 0, err
            assert NAME not in out and NAME.lower() not in out.lower()
        target = tmp_path / f"{case.stem}.docx"
        assert call(render.run, str(case), "docx", str(target), anoniem=True)[0] == 0
        with zipfile.ZipFile(target) as z:
            assert not any(NAME.lower() in z.read(n).decode("utf-8", "replace").lower() for n in z.namelist())


def test_a_listed_name_is_nowhere_in_the_anonymised_site(planted, tmp_path):
    out = tmp_path / "site"
    code, _, err = call(site.run, [str(planted)], str(out), quiet=True)
    assert code == 0, err
    files = [p for p in out.rglob("*") if p.is_file()]
    assert any(p.name == "cijfers.json" for p in files) and any("regel" in p.parts for p in files)
    searched = []
    for p in files:
        assert NAME.lower() not in str(p.relative_to(out)).lower()
        data = p.read_bytes()
        if data[:2] == b"\x1f\x8b":  # the search index's parts are gzip-compressed: read what they hold
            data = gzip.decompress(data)
            searched.append(data)
        assert NAME.lower() not in data.decode("utf-8", "replace").lower(), p
    # the search index was read for real: the plans' words are in it (a word of Eveline's situation), the name is not
    assert any(b"restschuld" in d for d in searched)
