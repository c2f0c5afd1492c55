"""The quick reading (rapidyaml) means exactly what the exact reader means, or steps aside."""

import random
from decimal import Decimal

import pytest
from conftest import ROOT, SAMPLES

from doorbraak_cli.check.case import check_file
from doorbraak_cli.source import fastyaml, yamlread

pytestmark = pytest.mark.skipif(not fastyaml.available(), reason="rapidyaml has no wheel for this platform")

FILES = sorted(SAMPLES.glob("*.yaml")) + sorted((ROOT / "pricelists").glob("*.yaml")) + [ROOT / "tests/data/minimaal.yaml"]


def _same(a, b) -> bool:
    """Equal, with the same types throughout (Decimal('6') is not Decimal('6.0'), 1 is not True)."""
    return repr(a) == repr(b) and a == b


def test_quick_reading_equals_the_exact_one():
    quick = 0
    for path in FILES:
        raw = path.read_bytes()
        text = yamlread.decode(raw, str(path))
        data = fastyaml.load(raw, text)
        if data is not None:
            quick += 1
            assert _same(data, yamlread.parse(text, str(path)).data), path.name
    assert quick >= len(FILES) // 2, "plain valid files take the quick path"


def test_exact_decimals_and_core_scalars():
    text = ("a: 1.050\nb: 12\nc: true\nd: null\ne:\nf: 2026-11-02\ng: yes\nh: 1e3\ni: 0o17\nj: .inf\nk: |\n  x\n"
            "l: 'tekst'\nm: [1, 2.50]\nn: {o: -4}\np: 1_000\nq: B&W, 50%\n")
    quick = fastyaml.load(text.encode(), text)
    assert quick is not None
    assert _same(quick, yamlread.parse(text, "t.yaml").data)
    assert quick["a"] == Decimal("1.050") and str(quick["a"]) == "1.050"


@pytest.mark.parametrize("text", [
    "a: '12'\nb: 12\n", "a: ~\nb: '~'\n", "a: ''\nb:\n", "a: 'true'\nb: true\n", "a: 007\nb: '007'\n",
    "a: [1, '2', \"3\"]\n", "a: |\n  - *De zorg*\n", "a: tekst met *nadruk*\n",
    "a: ': x'\nb: 'q\": r'\nc: {d: '\\\": e'}\n",  # texts holding what follows a key in the JSON
])
def test_quoted_or_not_means_the_same(text):
    quick = fastyaml.load(text.encode(), text)
    assert quick is not None
    assert _same(quick, yamlread.parse(text, "t.yaml").data)


@pytest.mark.parametrize("text", [
    "a: 6.\n", "a: .5\n", "a: +1\n", "a: 1\na: 2\n", "b: [x, *y]\n", "a:\n  - *x\n", "b: *nadruk* in tekst\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: 1\n---\nb: 1\n", "? [a]\n: 1\n", "a:\n\tb: 1\n",
    "- " * 200 + "x\n", "[" * 60 + "]" * 60 + "\n", "a: ]x\n", "a: @x\n", "a: > -\n  x\n", "a:\n  :  x\n",
    "a: 1\r\nb: 2\r\n", "a: x\x07\n", "- a\n- b\n", "x\n", "",
    "a:\u2028  b: 1\n", "a: [x,\u2029 y]\n",  # a line break to libyaml (YAML 1.1), text to ryml
    "a: {b: 1, b: 2}\n", "a:\n  - b: 1\n    b: 2\n", "a: ': x'\nb: 1\nb: ': y'\n",  # duplicate keys, deeper down
    'a: "\\ud800"\n', 'a: "x\\uD83D\\uDE00"\n', 'a: "\\U0000dc00"\n',  # a surrogate: ryml takes it, libyaml does not
])
def test_what_the_exact_reader_treats_specially_goes_to_it(text):
    assert fastyaml.load(text.encode(), text) is None
    try:
        expected = yamlread.parse(text, "t.yaml")
    except yamlread.ReadError as exc:
        with pytest.raises(yamlread.ReadError) as info:
            fastyaml.parse(text.encode(), "t.yaml")
        assert info.value.problem == exc.problem
    else:
        doc = fastyaml.parse(text.encode(), "t.yaml")
        assert _same(doc.data, expected.data) and doc.positions == expected.positions


def _mutations(seed: int, n: int):
    rnd = random.Random(seed)
    seeds = [p.read_text(encoding="utf-8") for p in FILES]
    alphabet = list("@`%&*!\t:-'\"[]{}#,?|>\n \\0123456789.eE+~") + [
        "  ", "\n  ", "- ", ": ", "|\n", ">-\n", "null", "~", "0.5", "007", ".5", "6.", "1e3", "\\u00e9", "\n#c\n"]
    for _ in range(n):
        t = rnd.choice(seeds)
        for _ in range(rnd.randint(1, 3)):
            i = rnd.randrange(len(t) + 1)
            op = rnd.random()
            if op < 0.3:
                t = t[:i] + t[i + 1:]
            elif op < 0.7:
                t = t[:i] + rnd.choice(alphabet) + t[i:]
            else:
                lines = t.split("\n")
                j = rnd.randrange(len(lines))
                if op < 0.85:
                    lines.insert(j, lines[j])
                else:
                    lines[j] = " " * rnd.randint(0, 3) + lines[j].lstrip(" ")
                t = "\n".join(lines)
        yield t


def _reference_scan(text: str) -> bool:
    """The scans of the quick reader as plain patterns (each with a class of characters first, as they were
    written before they were made quick): the quick reader must step aside exactly where these say so."""
    import re

    if any(s in text for s in ("\t", "\r", "\n---", "\n...", "\n%", "\ufeff", "\u2028", "\u2029")) \
            or text.startswith(("---", "...", "%")) or fastyaml._NOT_PRINTABLE.search(text):
        return True
    if text[0] in "&!]},@`%" or re.search(r"[&!\]}@`%,](?<=[\s,:?\-].)", text) or re.search(r"[\[{][&*!,@`%]", text):
        return True
    if ("? " in text or "?\n" in text or ":" in text[:1] or " :" in text or "-:" in text or "\n:" in text) \
            and re.search(r"\n[ ]*(?:-[ ]+)*[?:](?:[ ]|\n|\Z)", "\n" + text):
        return True
    for m in re.finditer(r"[|>](?![-+]?[1-9]?[ ]*(?:#[^\n]*)?(?:\n|\Z)|[1-9][-+][ ]*(?:#[^\n]*)?(?:\n|\Z))", text):
        i = j = m.start()
        while j > 0 and text[j - 1] == " ":
            j -= 1
        if j == 0 or text[j - 1] == "\n" or (text[j - 1] in ":?-" and j < i):
            return True
    for m in re.finditer(r"\.(?:(?<=[0-9]\.)(?![0-9])|(?<![0-9]\.)(?=[0-9]))", text):
        start = text.rfind("\n", 0, m.start()) + 1
        stop = text.find("\n", m.end())
        if re.search(r"(?:^|[:\[{,-])[ ]*[-+]?(?:[0-9]+\.|\.[0-9]+)(?:[eE][-+]?[0-9]+)?[ ]*(?:[,\]}#]|$)",
                     text[start:stop if stop >= 0 else len(text)]):
            return True
    return False


def test_the_quick_scans_decide_as_plain_patterns_do():
    """The scans start with one literal character, and skip a rare one's scan when it is absent: that only makes
    them quicker, never lets another text through (or stops one)."""
    texts = [t for t in _mutations(7, 6000) if t]
    texts += ["é: x\x85y\n", "a: \u00a0&x\n", "a: x\x9f\n", "a: x\ufffe\n", "?\n", ": x\n", "a:\n- :\n", "a: 1,\u3000,\n"]
    for text in texts:
        quick = fastyaml._special(text) or fastyaml._odd(text) or fastyaml._not_printable(text)
        assert quick == _reference_scan(text), text


def test_edited_files_are_never_read_differently():
    """Thousands of small edits of real files (a key deleted, a colon or bracket added, indentation changed): where
    the quick reading answers, the exact reader gives the very same data and no problem."""
    quick = 0
    for text in _mutations(20261204, 3000):
        data = fastyaml.load(text.encode(), text)
        if data is None:
            continue
        quick += 1
        doc = yamlread.parse(text, "t.yaml")  # raises (and fails the test) where the exact reader refuses the text
        assert _same(data, doc.data), text
    assert quick > 500


def test_a_syntax_error_prints_nothing(capfd):
    assert fastyaml.load(b"a: [1, 2\n", "a: [1, 2\n") is None
    assert fastyaml.load(b"a: +.5\n", "a: +.5\n") is None
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_a_problem_in_a_quick_read_file_has_its_line_and_column(tmp_path):
    text = (SAMPLES / "plan-6-eveline.yaml").read_text(encoding="utf-8").replace("status: ", "statsu: ", 1)
    f = tmp_path / "c.yaml"
    f.write_text(text, encoding="utf-8")
    assert fastyaml.load(text.encode(), text) is not None
    problems = check_file(str(f)).problems
    assert problems and all(p.line is not None for p in problems)
    assert problems == check_file(str(f), backend="libyaml").problems


def test_without_rapidyaml_the_exact_reader_does_it_all(monkeypatch):
    path = str(SAMPLES / "plan-6-eveline.yaml")
    quick = check_file(path)
    monkeypatch.setattr(fastyaml, "_binding", [None])
    assert fastyaml.load(b"a: 1\n", "a: 1\n") is None
    doc = fastyaml.read(path)
    assert doc.positions is not None
    assert check_file(path) == quick


def test_a_control_character_is_a_located_problem():
    """libyaml's reader refuses it with an offset, not a mark: that too is a Dutch problem with line and column."""
    with pytest.raises(yamlread.ReadError) as info:
        fastyaml.parse(b"a: 1\nb: x\x07\n", "t.yaml")
    p = info.value.problem
    assert (p.code, p.line, p.column) == ("yaml-syntax", 2, 5)
    assert "controle" in p.message


def test_a_report_reads_again_only_for_errors(monkeypatch):
    """The report keeps a case or its first error, never a warning: a case with only a warning is not read twice
    (and is the same case); a case with an error is, so its first error has its line and column."""
    from doorbraak_cli.check.case import check_data

    text = (ROOT / "tests/data/minimaal.yaml").read_text(encoding="utf-8").replace("        domein: Overig\n", "")
    expected = check_data(yamlread.parse(text, "c.yaml"))
    assert [p.code for p in expected.problems] == ["geen-domein"] and expected.case is not None
    exact = fastyaml.exact
    monkeypatch.setattr(fastyaml, "exact", lambda doc: pytest.fail("read twice"))
    quiet = check_data(fastyaml.parse(text.encode(), "c.yaml"), warnings_shown=False)
    assert quiet.case == expected.case
    monkeypatch.setattr(fastyaml, "exact", exact)
    shown = check_data(fastyaml.parse(text.encode(), "c.yaml"))
    assert shown.problems == expected.problems and shown.problems[0].line is not None
    bad = text.replace("status: ", "statsu: ", 1)
    checked = check_data(fastyaml.parse(bad.encode(), "c.yaml"), warnings_shown=False)
    assert checked.case is None and checked.errors[0] == check_data(yamlread.parse(bad, "c.yaml")).errors[0]
    assert checked.errors[0].line is not None


def test_with_stderr_closed_the_exact_reader_reads():
    """ryml's error printout is sent to the null device by setting fd 2 aside: without an fd 2 (``2>&-``) the file
    is still read (quickly or exactly), never an internal error."""
    import subprocess
    import sys

    code = ("import os; from doorbraak_cli.source import fastyaml; fastyaml.load(b'a: 1\\n', 'a: 1\\n'); "
            "os.close(2); print(fastyaml.load(b'a: 1\\n', 'a: 1\\n'), fastyaml.parse(b'a: 1\\n', 'x').data)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and out.stdout.strip() == "None {'a': 1}"
