"""Narrative text: the short path for plain text gives byte for byte what markdown-it gives (present/plan/narrative).

Most text fields are plain sentences; the site renders thousands of plan documents, so those skip the parser.
"""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doorbraak_cli.present.plan.narrative import Narrative, markdown_html, plain

# characters that matter to Markdown, mixed with ordinary Dutch text
PIECES = list("abcXYZ éü€ .,;:!?'\"()/-+=1290&#*_[]<>|~\\`\n\t\u00a0\u2028\r") + [
    "  ", "\n\n", "\n\n\n", "&amp;", "&#33;", "&copy", "1. ", "1) ", "- ", "+ ", "* ", "# ", "> ", "    ", "B&W", "---",
    "***", "===", "http://x.nl", "<b>", "![x](y)", "[a](javascript:x)", "Participatiewet, artikel 18, lid 1",
    "Het gezin woont sinds maanden bij familie.", "art. 3", "€ 1.052,32", "zo'n", "\"quote\""]


def same(text: str) -> None:
    for inline in (False, True):
        assert Narrative(text, inline).html == markdown_html(Narrative(text).source, inline), (text, inline)


@given(st.lists(st.sampled_from(PIECES), max_size=25).map("".join))
@settings(max_examples=3000, deadline=None)
def test_same_as_markdown_it(text):
    same(text)


def test_many_random_texts_and_the_short_path_is_taken():
    rng = random.Random(13)
    taken = 0
    for _ in range(20_000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 30)))
        same(text)
        taken += plain(Narrative(text).source)
    assert taken > 1000  # the test exercises the short path, not only the fallback


@pytest.mark.parametrize("text", ["Een gewone zin.", "Regel een\nregel twee\n\nNieuwe alinea.", "College van B&W",
                                  'Zij zei: "nee".', "a\n\n\n\nb"])
def test_plain_texts(text):
    assert plain(text)
    same(text)


@pytest.mark.parametrize("text", ["- een lijst", "1. genummerd", "*nadruk*", "a  \nb", "&amp;", "# kop", "> citaat",
                                  "    code", "a\tb", "[link](x)", "x\\y", "tekst \nmeer"])
def test_markdown_takes_the_parser(text):
    assert not plain(text)
    same(text)
