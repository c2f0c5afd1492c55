"""One reader, the same meaning on every YAML backend."""

import re
from decimal import Decimal

import pytest
from conftest import SAMPLES

from doorbraak_cli.check.case import check_data
from doorbraak_cli.compute.cost import compute
from doorbraak_cli.source import yamlread

BACKENDS = ("libyaml", "pyyaml", "ruamel")


def test_libyaml_is_available_here():
    assert yamlread.default_backend() == "libyaml"


@pytest.mark.parametrize("backend", BACKENDS)
def test_yaml_12_core_scalars(backend):
    text = ("a: yes\nb: no\nc: on\nd: 2026-11-02\ne: 1.5\nf: 12\ng: ~\nh: true\ni: '12'\nj: 0o17\nk: .inf\n"
            "l: 1_000\nm: 010\nn: 1e3\no: !!str 5\np: |\n  tekst\nq: -4\n")
    data = yamlread.parse(text, "t.yaml", backend).data
    assert data == {"a": "yes", "b": "no", "c": "on", "d": "2026-11-02", "e": Decimal("1.5"), "f": 12, "g": None,
                    "h": True, "i": "12", "j": "0o17", "k": ".inf", "l": "1_000", "m": 10, "n": Decimal("1E+3"),
                    "o": "5", "p": "tekst\n", "q": -4}
    assert isinstance(data["e"], Decimal)


@pytest.mark.parametrize("backend", BACKENDS)
def test_positions_are_one_based(backend):
    doc = yamlread.parse("a:\n  b: [1, 2]\n  c: x\n", "t.yaml", backend)
    assert doc.positions[("a", "b", 1)] == (2, 10)
    assert doc.key_positions[("a", "c")] == (3, 3)
    assert doc.positions[("a", "c")] == (3, 6)


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_backend_gives_the_same_document_and_figures(sample):
    text = sample.read_text(encoding="utf-8")
    docs = [yamlread.parse(text, str(sample), b) for b in BACKENDS]
    assert docs[0].data == docs[1].data == docs[2].data
    assert docs[0].positions == docs[1].positions == docs[2].positions
    results = [compute(check_data(d).case) for d in docs]
    assert results[0].totals == results[1].totals == results[2].totals
    assert results[0].rendement == results[1].rendement == results[2].rendement


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("text,code", [
    ("a: 1\na: 2\n", "dubbele-sleutel"),
    ("a: &x 1\nb: *x\n", "alias"),
    ("a: !!python/name:os.system\n", "yaml-label"),
    ("a: 1\n---\nb: 1\n", "meerdere-documenten"),
    ("? [a]\n: 1\n", "complexe-sleutel"),
    ("a:\n\tb: 1\n", "tab"),
    ("- " * 200 + "x\n", "te-diep"),
])
def test_every_backend_refuses_the_same(backend, text, code):
    with pytest.raises(yamlread.ReadError) as info:
        yamlread.parse(text, "t.yaml", backend)
    assert info.value.problem.code == code


# Every form the YAML parsers stop at with a message of their own that had no Dutch words: a directive, an escape, an
# anchor or alias without a name, a tag, a block scalar's header, a missing value.
_ODD_SYNTAX = [
    "%YAML 9.9\n---\na: 1\n", "%YAML 1.1\n%YAML 1.1\n---\na: 1\n", "%FOO\n---\na: 1\n", "%YAML 1.11111111111\n---\na: 1\n",
    "%YAML x\n---\na: 1\n", "%TAG !a! x\n%TAG !a! y\n---\na: 1\n", "%YAML 1.1 x\n---\na: 1\n", "%TAG x y\n---\na: 1\n",
    'a: "\\ud800"\n', 'a: "\\xZZ"\n', 'a: "\\uD83D\\uDE00"\n', "a: &\n", "a: *\n", "a: !<x\n", "a: !<%zz> b\n",
    "a: |0\n  x\n", "a: |x\n  x\n", "a: [,]\n", "a: {,}\n",
]
_ENGLISH = re.compile(r"\b(found|expected|while|scanning|parsing|did not|could not|directive|character|escape code)\b")


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("text", _ODD_SYNTAX)
def test_a_syntax_error_is_told_in_dutch_never_in_the_parsers_english(backend, text):
    try:
        yamlread.parse(text, "t.yaml", backend)
    except yamlread.ReadError as exc:
        problem = exc.problem
    else:  # PyYAML and ruamel.yaml pass an unknown directive by; libyaml, the reader in use, refuses them all
        assert backend != "libyaml" and text.startswith("%"), text
        return
    assert problem.code == "yaml-syntax", problem.format()
    assert problem.line is not None or backend != "libyaml", problem.format()
    assert not _ENGLISH.search(problem.message + " " + problem.hint), problem.format()


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("text", ['a: "\\ud800"\n', 'a: "x\\uD83D\\uDE00"\n', '"\\udc00": 1\n', 'a: ["\\U0000d800"]\n'])
def test_an_escaped_surrogate_is_refused_by_every_backend(backend, text):
    with pytest.raises(yamlread.ReadError) as info:
        yamlread.parse(text, "t.yaml", backend)
    assert info.value.problem.code == "yaml-syntax" and "\\u-escape" in info.value.problem.hint
