"""A case's page in the site is the plan document as `render --anoniem` makes it, plus only the site's navigation,
its Content-Security-Policy and the navigation's style (site/casepage.py, templates/site/casus.html.j2)."""

import io
import re
import shutil

import pytest
from conftest import SAMPLES

from doorbraak_cli.commands import Io
from doorbraak_cli.commands import render as render_cmd
from doorbraak_cli.commands import site as site_cmd

CASES = sorted(p.name for p in SAMPLES.glob("*.yaml"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    for namen in (False, True):
        err = io.StringIO()
        assert site_cmd.run(Io(io.StringIO(), err), [str(SAMPLES)], str(root / str(namen)), namen=namen) == 0, \
            err.getvalue()
    return root


def rendered(name, anoniem):
    out = io.StringIO()
    assert render_cmd.run(Io(out, io.StringIO()), str(SAMPLES / name), "html", "-", anoniem=anoniem) == 0
    return out.getvalue()


def without_site_parts(page: str) -> str:
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n', "", page, count=1)
    page = re.sub(r"nav\.site \{.*?@media print \{ nav\.site \{ display: none; \} \}\n", "", page, count=1, flags=re.S)
    page = re.sub(r'<nav class="site".*?</nav>\n(<p class="intern"[^\n]*\n)?', "", page, count=1, flags=re.S)
    return re.sub(r"\n\s*\n", "\n", page)


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("namen", [False, True])
def test_the_plan_document_as_render_makes_it(built, name, namen):
    cid = re.search(r"^id: (\S+)", (SAMPLES / name).read_text(encoding="utf-8"), re.M).group(1)
    page = (built / str(namen) / "casus" / f"{cid}.html").read_text(encoding="utf-8")
    assert page.count('<nav class="site"') == 1 and "Content-Security-Policy" in page
    assert without_site_parts(page) == re.sub(r"\n\s*\n", "\n", rendered(name, anoniem=not namen))


def test_a_page_needs_no_other_file(built, tmp_path):
    """A case page stands alone (inline style and figures), as render's document does: copy it anywhere. Its one
    script is the site's search box, which a lone copy simply does not show."""
    from doorbraak_cli.site.nav import SEARCH_SCRIPT

    page = next((built / "False" / "casus").iterdir())
    lone = tmp_path / "los.html"
    shutil.copy(page, lone)
    text = lone.read_text(encoding="utf-8")
    assert text.count(SEARCH_SCRIPT) == 1
    text = text.replace(SEARCH_SCRIPT, "")
    assert "<link" not in text and "<script" not in text and "<img" not in text


RICH = """{%- macro m(x) -%}<i>{{ x }}</i>{{ x | length }}{%- endmacro -%}
<p title="{{ v }}">{{ v }} en {{ x.v }} of {{ v or "—" }}: {{ m(v) }}</p>
{% for i in items %}<li class="{{ 'a' if loop.first else 'b' }}">{{ loop.index }}. {{ i }}{% if not loop.last %}, {% endif %}</li>
{% endfor %}
{% set blok %}<b>{{ v }}</b> {{ items | join(", ") }}{% endset %}{{ blok }} {{ 3 }} {{ "<vast>" }} {{ none_value }}
{% block kop %}[{{ v }}]{{ x.v }}{% endblock %}"""


@pytest.mark.parametrize("value", ['<script>alert("x")</script>', "a & b 'c'", "\x1b]0;t\x07 \u202e", "gewoon"])
def test_the_site_environment_prints_what_jinja_prints(value):
    """site/casepage.py compiles templates its own way (values through html_output, the text and values of one
    output joined before they are yielded): the same characters as render's environment, escaping included."""
    from jinja2 import DictLoader

    from doorbraak_cli.present.plan.templating import template_env
    from doorbraak_cli.site.casepage import environment

    loader = DictLoader({"x.html.j2": RICH})
    context = {"v": value, "x": {"v": value}, "items": [value, "twee", 3], "none_value": None}
    ours = environment().overlay(loader=loader).get_template("x.html.j2").render(**context)
    theirs = template_env().overlay(loader=loader).get_template("x.html.j2").render(**context)
    assert ours == theirs
    assert "<script>" not in ours and "\x1b" not in ours
