"""The places read from the text (source/blockpos.py) are the exact reader's, or there are none."""

import random

import pytest
from conftest import SAMPLES

from doorbraak_cli.source import blockpos, fastyaml, yamlread

pytestmark = pytest.mark.skipif(not fastyaml.available(), reason="rapidyaml has no wheel for this platform")

WILLEM = (SAMPLES / "plan-5b-willem-gerealiseerd.yaml").read_text(encoding="utf-8")


def _located(text: str):
    quick = fastyaml.parse(text.encode("utf-8"), "t.yaml")
    if quick.positions is not None:
        return None, quick
    return blockpos.locate(quick, "metingen"), yamlread.parse(text, "t.yaml")


def _agrees(text: str) -> bool:
    """Every place found is the exact reader's; True when places were found."""
    found, exact = _located(text)
    if found is None:
        return False
    assert found.data == exact.data
    for path, place in found.positions.items():
        assert exact.positions[path] == place, path
    for path, place in found.key_positions.items():
        assert exact.key_positions[path] == place, path
    return True


LAYOUTS = [
    WILLEM,
    WILLEM.replace("  - datum: 2020-06-15", "  - datum: '2020-06-15'  "),
    WILLEM.replace("      meedoen: 3\n", '      meedoen: "3"\n'),
    WILLEM.replace("    door: samen\n", "    door: samen\n\n    # wie er bij was\n"),
    WILLEM + "vorig_plan: plan-5-willem.yaml\n",
    WILLEM.replace("metingen:\n", "metingen:   # drie metingen\n"),
]


@pytest.mark.parametrize("text", LAYOUTS)
def test_the_plain_layouts_are_located_as_the_exact_reader_places_them(text):
    assert _agrees(text)


def test_a_list_at_the_key_column_is_located():
    head, _, tail = WILLEM.partition("metingen:\n")
    body = "\n".join(line[2:] if line.startswith("  ") else line for line in tail.split("\n"))
    assert _agrees(head + "metingen:\n" + body)


@pytest.mark.parametrize("change", [
    ("    scores:\n      lichaamsfuncties: 6\n      mentaal_welbevinden: 6\n      zingeving: 6\n"
     "      kwaliteit_van_leven: 6,5\n      meedoen: 5\n      dagelijks_functioneren: 6\n",
     "    scores: {lichaamsfuncties: 6, mentaal_welbevinden: 6, zingeving: 6, kwaliteit_van_leven: '6,5', meedoen: 5,\n"
     "      dagelijks_functioneren: 6}\n"),  # a flow mapping
    ("    door: samen", "    door: &wie samen"),  # an anchor
    ("    door: samen", '    "door": samen'),  # a quoted key
    ("    door: samen", "    door:\n      samen"),  # a scalar on the next line
    ("      zingeving: 5", "      zingeving: [5]"),
    ("metingen:\n", "metingen: !!seq\n"),
    ("  - datum: 2020-06-15", "  -\n    datum: 2020-06-15"),
])
def test_any_other_layout_has_no_places(change):
    text = WILLEM.replace(*change, 1)
    assert text != WILLEM
    found, _ = _located(text)
    assert found is None


def test_edited_layouts_are_located_exactly_or_not_at_all():
    """Thousands of small edits of the measurements (indentation, a colon, a dash, a comment, quotes): wherever
    places are found, they are the exact reader's."""
    rnd = random.Random(26)
    start = WILLEM.index("metingen:")
    alphabet = [" ", "  ", "\n", "- ", ": ", "#", "'", '"', "x", "7", "\n    ", "\n  - ", ":", "-"]
    located = 0
    for _ in range(3000):
        t = WILLEM
        for _ in range(rnd.randint(1, 3)):
            i = rnd.randrange(start, len(t) + 1)
            t = t[:i] + rnd.choice(alphabet) + t[i + rnd.choice([0, 0, 1]):]
        try:
            yamlread.parse(t, "t.yaml")
        except yamlread.ReadError:
            continue
        located += _agrees(t)
    assert located > 300
