"""The typed per-case summary: its JSON form reads back exactly, anything else reads back as a miss, and its
declared shape is part of the index's fingerprint.

The summaries come from the sample cases and generated ones, through the worker's own path (``process_file``).
"""

import copy
import json
from typing import NamedTuple, get_type_hints

import casegen
import pytest
from conftest import SAMPLES

from doorbraak_cli.batch import index as ix
from doorbraak_cli.batch.workers import Work, process_file
from doorbraak_cli.compute.portfolio import casesummary as cs
from doorbraak_cli.compute.portfolio.shape import codec
from doorbraak_cli.source.discover import find_files

REPORT = Work("report", cs.SummaryPayload())


@pytest.fixture(scope="module")
def summaries(tmp_path_factory):
    root = tmp_path_factory.mktemp("gen")
    casegen.generate(str(root), 120, seed=3)
    files, _ = find_files([str(root), str(SAMPLES)])
    out = []
    for f in files:
        _, kind, payload, text = process_file(f, REPORT)
        if kind == "case":
            out.append((payload, text))
    return out


def test_the_json_form_reads_back_as_the_summary_it_was(summaries):
    assert len(summaries) > 100
    for s, text in summaries:
        assert isinstance(s, cs.CaseSummary) and isinstance(s.head, cs.CaseHead)
        back = cs.from_json(text)
        assert back == s and type(back.head) is cs.CaseHead
        assert cs.to_json(back) == text
    # every kind of part occurs: a journey, a realisation (complete and incomplete), scores, flows, budgets
    assert any(s.reis for s, _ in summaries) and any(s.stromen for s, _ in summaries)
    assert any(s.evaluatie and s.evaluatie.gerealiseerd for s, _ in summaries)
    assert any(s.evaluatie and s.evaluatie.scores for s, _ in summaries)
    assert any(s.budget for s, _ in summaries) and any(s.break_even for s, _ in summaries)


def test_amounts_are_exact_texts_in_the_declared_order(summaries):
    s, text = next((s, t) for s, t in summaries if s.head.kba)
    data = json.loads(text)
    assert len(data) == len(cs.CaseSummary._fields) and len(data[0]) == len(cs.CaseHead._fields)
    totalen = data[cs.CaseSummary._fields.index("totalen")]
    assert all(isinstance(a, str) for a in totalen)
    n, d = s.totalen[0]
    assert totalen[0] == (str(n) if d == 1 else f"{n}/{d}")


def _index(path) -> list:
    """A path of field names (and array positions) into a summary, as positions into its JSON data."""
    out, tp = [], cs.CaseSummary
    for step in path:
        if isinstance(step, str):
            hints = get_type_hints(tp)
            out.append(tp._fields.index(step))
            tp = hints[step]
            tp = next((a for a in getattr(tp, "__args__", ()) if hasattr(a, "_fields")), tp)  # X | None
        else:
            out.append(step)
    return out


def _tampered(data, path, value):
    """A deep copy of JSON data with the item at ``path`` set to ``value`` (``DELETE`` removes it, ``APPEND``
    adds one more)."""
    out = copy.deepcopy(data)
    at = out
    keys = _index(path)
    for key in keys[:-1]:
        at = at[key]
    if value is DELETE:
        del at[keys[-1]]
    elif value is APPEND:
        at.append(1)
    else:
        at[keys[-1]] = value
    return out


DELETE, APPEND = object(), object()
WRONG = {  # name -> (path into the summary, the value put there)
    "a field missing": (("problemen",), DELETE),
    "a field too many": (("problemen",), APPEND),
    "a head field missing": (("head", "kba"), DELETE),
    "text where a bool is": (("head", "kba"), "ja"),
    "a number where a text is": (("head", "status"), 3),
    "null where a text is": (("head", "gemeente"), None),
    "an amount as a float": (("totalen", 0), 1.5),
    "an amount as a JSON number": (("totalen", 0), 15),
    "an amount as a pair": (("totalen", 0), [3, 2]),
    "an amount with a space": (("totalen", 0), " 12"),
    "an amount with an underscore": (("totalen", 0), "1_000"),
    "an amount with a plus": (("totalen", 0), "+12"),
    "an amount with Arabic digits": (("totalen", 0), "١٢"),
    "an amount over zero": (("totalen", 0), "12/0"),
    "an amount over a negative number": (("totalen", 0), "12/-5"),
    "an amount of too many digits": (("totalen", 0), "9" * 400),
    "an exponent": (("totalen", 0), "1e5"),
    "too few scenarios": (("totalen",), ["1", "2"]),
    "an object where an array is": (("totalen",), {"huidig": "1"}),
    "an object where a record is": (("head",), {"id": "x"}),
    "a bool where a count is": (("indicatief_posten",), True),
    "a negative count": (("indicatief_posten",), -1),
    "an unknown break-even kind": (("break_even_soort",), "soms"),
    "a funnel stage past the last": (("trechter", "stadium"), 9),
    "an unknown funnel state": (("trechter", "stand"), "weg"),
    "a pair of three": (("doorbraken",), [["wonen", True, "x"]]),
    "a domain with four amounts": (("per_domein",), [["Wmo", ["1", "2", "3", "4"]]]),
    "a payback year zero": (("terugverdiend", 0), 0),
}


@pytest.mark.parametrize("kind", sorted(WRONG))
def test_a_summary_of_another_shape_reads_back_as_a_miss(summaries, kind):
    text = next(t for s, t in summaries if s.head.kba and s.doorbraken and s.per_domein)
    path, value = WRONG[kind]
    bad = json.dumps(_tampered(json.loads(text), path, value), ensure_ascii=False)
    assert cs.from_json(bad) is None


def test_an_incomplete_or_inconsistent_realisation_reads_back_as_a_miss(summaries):
    s, text = next((s, t) for s, t in summaries if s.evaluatie and s.evaluatie.gerealiseerd)
    data = json.loads(text)
    assert cs.from_json(json.dumps(_tampered(data, ("evaluatie", "totalen"), None))) is None  # complete, no sums
    assert cs.from_json(json.dumps(_tampered(data, ("evaluatie", "scores"), [[1, 2]] * 3))) is None


@pytest.mark.parametrize("text", ["", "{", "null", "[]", '"tekst"', "1", "[" * 100_000 + "]" * 100_000,
                                  '{"head": ' * 5000 + "1" + "}" * 5000, None, b"{}", " " * 5_000_000])
def test_what_is_not_a_summary_at_all_reads_back_as_a_miss(text):
    assert cs.from_json(text) is None


def _with(name: str, fields) -> type:
    """A record type of that name with the given (field, type) list: a declaration as a change would make it."""
    return NamedTuple(name, fields)


def test_the_shape_changes_with_every_declared_field():
    hints = get_type_hints(cs.CaseSummary)
    fields = [(f, hints[f]) for f in cs.CaseSummary._fields]
    same = _with("CaseSummary", fields)
    assert cs.summary_shape(same) == cs.summary_shape(cs.CaseSummary)  # derived from the declaration alone
    added = _with("CaseSummary", [*fields, ("nieuw", int)])
    renamed = _with("CaseSummary", [("kop" if f == "head" else f, t) for f, t in fields])
    retyped = _with("CaseSummary", [(f, str if f == "indicatief_posten" else t) for f, t in fields])
    head_hints = get_type_hints(cs.CaseHead)
    head = _with("CaseHead", [*((f, head_hints[f]) for f in cs.CaseHead._fields), ("wijk", str)])
    nested = _with("CaseSummary", [(f, head if f == "head" else t) for f, t in fields])
    shapes = {cs.summary_shape(t) for t in (cs.CaseSummary, added, renamed, retyped, nested)}
    assert len(shapes) == 5


def test_the_index_fingerprint_follows_the_summary_shape(monkeypatch):
    hints = get_type_hints(cs.CaseSummary)
    added = NamedTuple("CaseSummary", [*((f, hints[f]) for f in cs.CaseSummary._fields), ("nieuw", int)])
    before = ix.code_fingerprint(), ix.output_key("report", {}, [])
    monkeypatch.setattr(ix, "summary_shape", lambda: cs.summary_shape(added))
    after = ix.code_fingerprint(), ix.output_key("report", {}, [])
    assert before[0] != after[0] and before[1] != after[1]
    assert ix.header("report")["code"] == after[0]


def test_a_codec_reads_back_its_own_record_types():
    class Inner(NamedTuple):
        a: str | None
        b: tuple[int, ...]

    class Outer(NamedTuple):
        inner: Inner
        items: tuple[tuple[str, Inner | None], ...]
        flag: bool

    c = codec(Outer)
    value = Outer(Inner(None, (1, 2)), (("x", Inner("y", ())), ("z", None)), False)
    assert c.from_data(json.loads(json.dumps(c.to_data(value)))) == value
    assert c.shape == "Outer(inner:Inner(a:str|None,b:tuple[int,...]),items:tuple[tuple[str,Inner(a:str|None," \
                      "b:tuple[int,...])|None],...],flag:bool)"


def test_the_site_and_export_payloads_read_back_only_whole(tmp_path):
    """The site's payload (its summary beside its page part) and export's rows are read back as the summary is:
    the same checks, and their own (five amounts shown per case and per domain; a score per dimension)."""
    import datetime

    from doorbraak_cli.model.run import RunContext
    from doorbraak_cli.present.export import ExportCase, ExportMeasurement, ExportPayload
    from doorbraak_cli.site.payload import SitePage, entry_from_json
    from doorbraak_cli.site.work import SitePayload, work_key

    site = Work(work_key(False), SitePayload(RunContext.of(datetime.date(2026, 11, 25))))
    export = Work("export", ExportPayload(), folds=False)
    files, _ = find_files([str(SAMPLES)])
    measured = next(f for f in files if "metingen:" in open(f, encoding="utf-8").read())
    _, _, entry, text = process_file(measured, site)
    assert entry_from_json(text) == entry and site.payload.from_json(text) == entry
    data = json.loads(text)
    shown = SitePage._fields.index("bedragen")
    data[1][shown] = data[1][shown][:4]
    assert entry_from_json(json.dumps(data)) is None
    data = json.loads(text)
    data[0][cs.CaseSummary._fields.index("break_even_soort")] = "soms"
    assert entry_from_json(json.dumps(data)) is None
    _, _, rows, text = process_file(measured, export)
    assert rows.metingen and export.payload.from_json(text) == rows
    data = json.loads(text)
    data[ExportCase._fields.index("metingen")][0][ExportMeasurement._fields.index("scores")].pop()
    assert export.payload.from_json(json.dumps(data)) is None
