"""The plan document: one view-model, computed once from a Case and its Result, fed to templates.

``render`` goes::

    check_file -> compute -> build (this view-model) -> template (Markdown or HTML) -> [PDF]

Every figure comes from the :class:`~.calc.Result` and is formatted by
:mod:`.fmt` (Dutch notation, half-up), so the document shows exactly what
``calc`` shows. Narrative fields are Markdown, rendered by markdown-it-py with
raw HTML disabled; links and images in user text become plain text, so the
HTML never loads or points at anything outside itself. HTML templates run
with autoescape on; the Markdown output escapes ``<`` so that a ``<script>``
in a case stays text in every renderer.

Heavy libraries (jinja2, markdown-it-py, WeasyPrint) are imported inside the
functions, so that importing this module costs nothing.
"""

from __future__ import annotations

import os
import re
import sys
from datetime import date
from pathlib import Path

from .calc import COMPARISONS, Result
from .files import write_file
from .fmt import comparison_label, euro
from .model import SCENARIO_LABELS, SCENARIOS, Case

FORMATS = {"markdown": ".md", "html": ".html", "pdf": ".pdf"}
TEMPLATE_FOR = {"markdown": "plan.md.j2", "html": "plan.html.j2", "pdf": "plan.html.j2"}

STEPS = (
    (1, "situatieschets", "Situatieschets"),
    (2, "toekomstperspectief", "Toekomstperspectief"),
    (3, "overzicht", "Overzicht"),
    (4, "doorbraak", "Doorbraak"),
    (5, "waardendriehoek", "Onderbouwen met de waardendriehoek"),
    (6, "actieplan", "Actieplan"),
)
FIVE_QUESTIONS = (
    ("regel", "Waar staat de regel?"),
    ("bedoeling", "Wat is de bedoeling van de regel?"),
    ("uitzonderingsgronden", "Welke uitzonderingsgronden zijn er?"),
    ("andere_regels", "Welke andere regels zijn van toepassing?"),
    ("wie_gaat_erover", "Wie gaat erover?"),
)
OVERVIEW_QUESTIONS = (
    ("A", "zelf", "Wat kan het huishouden zelf doen?"),
    ("B", "ondersteuning", "Waarbij is (langere tijd) ondersteuning nodig?"),
    ("C", "behandeling", "Wat moet eenmalig opgelost of behandeld worden?"),
)
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")
NOT_FILLED = "Nog niet ingevuld."


class RenderError(Exception):
    """A problem the user can fix; the message is Dutch and complete."""


# --- text ------------------------------------------------------------------


_MD = None


def _markdown():
    """markdown-it-py, CommonMark with tables; no raw HTML; links and images shown as text."""
    global _MD
    if _MD is None:
        from markdown_it import MarkdownIt
        from markdown_it.common.utils import escapeHtml

        md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
        md.enable(["table", "strikethrough"])

        def link_open(self, tokens, idx, options, env):
            token = tokens[idx]
            env.setdefault("_links", []).append("" if token.markup == "autolink" else (token.attrGet("href") or ""))
            return '<span class="link">'

        def link_close(self, tokens, idx, options, env):
            href = env.get("_links", [""]).pop() if env.get("_links") else ""
            return "</span>" + (f' <span class="url">({escapeHtml(href)})</span>' if href else "")

        def image(self, tokens, idx, options, env):
            token = tokens[idx]
            alt = self.renderInlineAsText(token.children or [], options, env)
            src = token.attrGet("src") or ""
            return f'<span class="afbeelding">[{escapeHtml(alt)}]</span> <span class="url">({escapeHtml(src)})</span>'

        md.add_render_rule("link_open", link_open)
        md.add_render_rule("link_close", link_close)
        md.add_render_rule("image", image)
        _MD = md
    return _MD


def md_escape(text: str) -> str:
    """User text for the Markdown output: no raw HTML, and no image a viewer would fetch.

    ``![`` becomes ``&#33;[``: a character reference never forms Markdown
    syntax, so an image turns into an exclamation mark and a plain link.
    """
    return text.replace("<", "&lt;").replace("![", "&#33;[")


def cell(text: str) -> str:
    """User text for a Markdown table cell."""
    return md_escape(str(text)).replace("|", "\\|").replace("\r", "").replace("\n", " ")


def md_row(cells, bold: bool = False) -> str:
    """One Markdown table row; empty cells stay empty, others optionally bold."""
    out = []
    for c in cells:
        text = cell(c)
        out.append(f"**{text}**" if bold and text else text)
    return "| " + " | ".join(out) + " |"


class Narrative:
    """A text field written in Markdown, for both outputs: ``.html`` (safe markup) and ``.md``."""

    __slots__ = ("source", "inline")

    def __init__(self, source: str, inline: bool = False):
        self.source = (source or "").strip()
        self.inline = inline

    def __bool__(self) -> bool:
        return bool(self.source)

    def __str__(self) -> str:
        return self.source

    @property
    def html(self):
        from markupsafe import Markup

        md = _markdown()
        out = md.renderInline(self.source, {}) if self.inline else md.render(self.source, {})
        return Markup(out)

    @property
    def md(self) -> str:
        return md_escape(self.source)


def date_nl(value) -> str:
    """``2026-11-02`` (date or ISO text) -> ``2 november 2026``; other text as it is."""
    if isinstance(value, str):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                return value
        else:
            return value
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


# --- the view-model ----------------------------------------------------------


def _table(t) -> dict:
    """A present.tables.Table as plain data for templates."""
    return {
        "titel": t.title,
        "koppen": [h.split("\n") for h in t.headers],
        "rijen": [list(r) for r in t.rows],
        "voet": [list(r) for r in t.footer],
        "numeriek": list(t.numeric),
    }


def _receipt(result: Result, against: str) -> dict:
    """The book's two closing receipts: 'directe kosten/baten' and 'verwacht voordeel/meerkosten'."""
    value = result.rendement[against]
    label, amount = comparison_label(value, against)
    positive = value >= 0
    if against == "huidig":
        title = "Directe baten" if positive else "Directe kosten"
    else:
        title = "Verwacht voordeel" if positive else "Verwachte meerkosten"
    first, second = (against, "doorbraak") if positive else ("doorbraak", against)
    return {
        "titel": title,
        "regels": [(f"Subtotaal {SCENARIO_LABELS[first].lower()}", euro(result.totals[first])),
                   (f"Subtotaal {SCENARIO_LABELS[second].lower()}", "− " + euro(result.totals[second]))],
        "totaal": (label, amount),
        "positief": positive,
    }


def _text_bars(result: Result, width: int = 32) -> list[str]:
    """The bar chart as text, for the Markdown output."""
    highest = max(result.totals.values())
    label_w = max(len(SCENARIO_LABELS[s]) for s in SCENARIOS)
    out = []
    for s in SCENARIOS:
        v = result.totals[s]
        n = 0 if highest <= 0 or v <= 0 else max(1, round(float(v / highest) * width))
        out.append(f"{SCENARIO_LABELS[s]:<{label_w}} │{'█' * n:<{width}} {euro(v, cents=False)}")
    return out


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip(" ,;:") + "…"


def _corners(case: Case, result: Result) -> dict:
    """Where each value of the triangle stands, in a few words and a state (ok / letop / open)."""
    from .present.svg import Corner

    rules = case.legitimiteit
    if rules:
        lines = [f"{len(rules)} {'regel' if len(rules) == 1 else 'regels'} onderzocht"]
        if any(b.uitzondering for b in case.doorbraken):
            lines.append("uitzondering nodig")
        elif case.doorbraken and all(b.uitzondering is False for b in case.doorbraken):
            lines.append("past binnen de regels")
        deciders = [r.wie_gaat_erover for r in rules if r.wie_gaat_erover]
        if deciders:
            lines.append("beslist: " + _short(deciders[0].split(";")[0].split(":")[0], 34))
        state = "ok" if len(deciders) == len(rules) else "letop"
        if len(deciders) < len(rules):
            lines.append("niet overal staat wie erover gaat")
    else:
        lines, state = ["nog geen regels uitgezocht"], "open"
    legit = Corner("legitimiteit", "Legitimiteit", state, tuple(lines))
    if case.betrokkenheid:
        betr = Corner("betrokkenheid", "Betrokkenheid", "ok", ("hypothese beschreven",))
    else:
        betr = Corner("betrokkenheid", "Betrokkenheid", "open", ("nog geen hypothese",))
    if result.lines:
        label, amount = comparison_label(result.rendement["dreigend"], "dreigend", cents=False)
        kind = label.split()[0]  # Rendement | Kosten
        rend = Corner("rendement", "Rendement", "ok" if kind == "Rendement" else "letop",
                      (f"{kind.lower()} {amount} t.o.v. dreigend scenario",))
    else:
        rend = Corner("rendement", "Rendement", "open", ("nog geen kostenposten",))
    afw = Corner("afweging", "Afweging", "ok" if case.afweging else "open",
                 ("gemaakt",) if case.afweging else ("nog niet gemaakt",))
    return {"legitimiteit": legit, "betrokkenheid": betr, "rendement": rend, "afweging": afw}


def _actions(actions) -> list[dict]:
    return [{"wie": a.wie, "wat": Narrative(a.wat, inline=True), "wanneer": date_nl(a.wanneer)} for a in actions]


def build(result: Result, anoniem: bool = False, today: date | None = None) -> dict:
    """The whole document as plain data: strings, lists, Narratives and (safe) SVG markup."""
    from markupsafe import Markup

    from . import __version__
    from .present import svg, tables

    case = result.case
    if anoniem:
        from .anonymize import anonymize

        case = anonymize(case)
    today = today or date.today()

    steps = [{"nr": nr, "key": key, "naam": name, "kop": f"Stap {nr} · {name}", "anker": f"stap-{nr}"}
             for nr, key, name in STEPS]
    tp = case.toekomstperspectief
    rules = []
    for i, r in enumerate(case.legitimiteit, 1):
        answers = []
        for field, question in FIVE_QUESTIONS:
            text = getattr(r, field)
            answers.append({"nr": len(answers) + 1, "vraag": question, "veld": field,
                            "antwoord": Narrative(text, inline=field == "regel")})
        rules.append({"nr": i, "regel": r.regel, "bron": r.bron, "vragen": answers})

    comparisons = []
    for against in COMPARISONS:
        label, amount = comparison_label(result.rendement[against], against, cents=False)
        comparisons.append({"label": label, "bedrag": amount, "positief": label.startswith("Rendement")})
    bars = [svg.Bar(s, SCENARIO_LABELS[s], result.totals[s], euro(result.totals[s], cents=False)) for s in SCENARIOS]
    chart_title = "Totale kosten per scenario: " + "; ".join(f"{b.label} {b.shown}" for b in bars)
    corners = _corners(case, result)
    acties = case.actieplan.acties

    rendement = {
        "periode": case.rendement.periode,
        "toelichting": Narrative(case.rendement.toelichting),
        "heeft_posten": bool(result.lines or result.indicative),
        "tabel": _table(tables.scenario_table(result)),
        "compact": _table(tables.compact_scenario_table(result)),
        "indicatief": _table(tables.scenario_table(result, indicative=True)) if result.indicative else None,
        "vergelijkingen": comparisons,
        "bonnen": [_receipt(result, against) for against in COMPARISONS],
        "totalen": [{"key": s, "label": SCENARIO_LABELS[s], "bedrag": euro(result.totals[s], cents=False)}
                    for s in SCENARIOS],
        "grafiek": Markup(svg.bar_chart(bars, chart_title, "Staafdiagram van de totale kosten van de drie scenario's.")),
        "grafiek_tekst": _text_bars(result),
        "domeinen": _table(tables.domain_table(result)) if result.per_domein else None,
        "wie_betaalt": tables.who_pays(result),
    }
    # beyond the book's one year, and with kans/toerekening: the same presenters as calc --jaren
    from .present import outlook

    if result.case.rendement.horizon > 1:
        rendement["jaren"] = _table(outlook.years_table(result))
        rendement["terugverdiend"] = outlook.payback_lines(result)
    else:
        rendement["jaren"], rendement["terugverdiend"] = None, []
    rendement["verwacht"] = outlook.expected_lines(result)
    rendement["break_even"] = outlook.break_even_text(result)
    from .flows import flows

    money = flows(result, "dreigend")
    if any(d.investeert or d.profiteert for d in money.domains):
        rows = [svg.FlowBar(d.domein, d.investeert, d.profiteert, euro(d.investeert, cents=False),
                            euro(d.profiteert, cents=False)) for d in money.domains]
        rendement["geldstromen"] = {
            "tabel": _table(outlook.flows_table(result)),
            "grafiek": Markup(svg.flow_chart(rows, "Wie betaalt, wie profiteert t.o.v. het dreigende scenario",
                                             "Per domein: links wat het investeert, rechts wat het bespaart.")),
            "stromen": outlook.flow_lines(result),
        }
    else:
        rendement["geldstromen"] = None

    budget = None
    if case.maatwerkbudget:
        total = sum((b.bedrag for b in case.maatwerkbudget), start=0)
        budget = {"posten": [{"bedrag": euro(b.bedrag), "categorie": b.categorie, "omschrijving": b.omschrijving}
                             for b in case.maatwerkbudget], "totaal": euro(total)}

    return {
        "titel": case.titel,
        "id": case.id,
        "gemeente": case.gemeente,
        "regievoerder": case.regievoerder,
        "status": case.status,
        "datum": date_nl(case.datum),
        "vorig_plan": case.vorig_plan,
        "problemen": list(case.problemen),
        "prijslijsten": list(case.prijslijsten),
        "anoniem": anoniem,
        "gemaakt": date_nl(today),
        "versie": __version__,
        "stappen": steps,
        "situatieschets": Narrative(case.situatieschets),
        "toekomstperspectief": {
            "termijn": tp.termijn,
            "kort": [Narrative(x) for x in tp.kort],
            "lang": [Narrative(x) for x in tp.lang],
        },
        "overzicht": [{"letter": letter, "vraag": question,
                       "punten": [Narrative(x, inline=True) for x in getattr(case.overzicht, key)]}
                      for letter, key, question in OVERVIEW_QUESTIONS],
        "doorbraken": [{"nr": i, "omschrijving": Narrative(b.omschrijving, inline=True),
                        "leefgebied": b.leefgebied,
                        "uitzondering": {True: "ja", False: "nee"}.get(b.uitzondering, ""),
                        "toelichting": Narrative(b.toelichting)}
                       for i, b in enumerate(case.doorbraken, 1)],
        "legitimiteit": rules,
        "betrokkenheid": Narrative(case.betrokkenheid),
        "afweging": Narrative(case.afweging),
        "rendement": rendement,
        "driehoek": Markup(svg.value_triangle(corners, "De waardendriehoek: waar elke waarde staat")),
        "driehoek_tekst": [{"label": c.label, "stand": c.state, "tekst": "; ".join(c.lines)} for c in corners.values()],
        "actieplan": {
            "voor": _actions(a for a in acties if a.fase == "doorbraak"),
            "daarna": _actions(a for a in acties if a.fase == "daarna"),
            "zonder_fase": _actions(a for a in acties if a.fase not in ("doorbraak", "daarna")),
            "evaluatie": [Narrative(date_nl(x), inline=True) for x in case.actieplan.evaluatie],
            "vangnet": Narrative(case.actieplan.vangnet),
        },
        "reis": [{"datum": date_nl(e.datum), "gebeurtenis": e.gebeurtenis, "bij": e.bij,
                  "toelichting": Narrative(e.toelichting, inline=True)} for e in case.reis],
        "maatwerkbudget": budget,
        "niet_ingevuld": NOT_FILLED,
    }


# --- templates ----------------------------------------------------------------


def template_env(override: str | None = None, autoescape: bool = True):
    """A sandboxed Jinja environment: the --templates folder first, then the shipped templates.

    The shipped ones stay reachable as ``standaard/<name>``, so a house style
    can ``{% extends "standaard/plan.html.j2" %}`` and replace only a block.
    """
    from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    from .resources import data_dir

    shipped = FileSystemLoader(str(data_dir("templates")))
    loaders = [FileSystemLoader(override)] if override else []
    loaders += [shipped, PrefixLoader({"standaard": shipped})]
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=(lambda name: bool(name) and name.endswith((".html.j2", ".html", ".htm"))) if autoescape else False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters["cel"] = cell
    env.filters["md"] = md_escape
    env.filters["mdrij"] = md_row
    return env


def render_template(name: str, context: dict, override: str | None = None) -> str:
    """Render one template; a template mistake becomes a RenderError naming file and line."""
    import jinja2

    env = template_env(override)
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or exc.name or name
        raise RenderError(f"fout in sjabloon {where}, regel {exc.lineno}: {exc.message}") from exc
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"sjabloon '{exc.name}' niet gevonden") from exc
    except jinja2.TemplateError as exc:
        raise RenderError(f"fout in sjabloon {name}: {exc}") from exc


def to_pdf(html: str) -> bytes:
    """The same HTML, printed to PDF by WeasyPrint; nothing is fetched from anywhere."""
    try:
        import weasyprint
    except ImportError as exc:
        raise RenderError("voor PDF is WeasyPrint nodig, en dat is niet geïnstalleerd. Installeer de pdf-extra: "
                          "pip install 'doorbraak[pdf]' (of in een checkout: pip install -e '.[pdf]'); "
                          "of maak HTML met --format html en druk die af") from exc
    except OSError as exc:  # the Python package is there, but Pango (a system library) is not
        raise RenderError(f"WeasyPrint kan niet starten ({exc}); installeer Pango (Debian: apt-get install "
                          "libpango-1.0-0 libpangoft2-1.0-0), of maak HTML met --format html") from exc
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher = _no_fetch_fetcher(weasyprint)
    return weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()


def _no_fetch_fetcher(weasyprint):
    """A URL fetcher that refuses every URL (the document is self-contained by design)."""
    urls = getattr(weasyprint, "urls", None)
    base = getattr(urls, "URLFetcher", None)
    if base is not None and isinstance(base, type):
        class NoFetch(base):  # WeasyPrint >= 66
            def fetch(self, url, headers=None):
                raise ValueError(f"doorbraak laadt niets van buiten het document: {url}")

        return NoFetch()

    def no_fetch(url, *args, **kwargs):  # older WeasyPrint: a plain function
        raise ValueError(f"doorbraak laadt niets van buiten het document: {url}")

    return no_fetch


# --- files ---------------------------------------------------------------------

def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def output_path(case_path: str, fmt: str, output: str | None) -> Path | None:
    """Where to write: beside the case by default, in a folder, or exactly there; None = stdout."""
    if output == "-":
        return None
    ext = FORMATS[fmt]
    if output is None:
        return Path(case_path).with_suffix(ext)
    out = Path(output)
    if out.is_dir():
        return out / (Path(case_path).stem + ext)
    return out


def render_command(case_path: str, fmt: str, output: str | None, force: bool, anoniem: bool,
                   templates: str | None) -> int:
    """``doorbraak render``: the exit code (0 written, 1 problem with the input or the output file, 2 usage)."""
    from .calc import compute
    from .check import check_file

    if templates is not None and not os.path.isdir(templates):
        _err(f"doorbraak render: de sjablonenmap '{templates}' bestaat niet (geef met --templates een map "
             "met bijvoorbeeld plan.html.j2)")
        return 2
    checked = check_file(case_path)
    if checked.kind != "case":
        _err(f"{case_path}: dit is een prijslijst, geen casus; render maakt een document van een casus")
        return 1
    if checked.case is None:
        for p in checked.errors:
            _err(p.format())
        n = len(checked.errors)
        _err(f"{case_path}: geen document gemaakt: {n} {'fout' if n == 1 else 'fouten'} in de casus; "
             "herstel ze eerst (zie 'doorbraak validate')")
        return 1
    target = output_path(case_path, fmt, output)
    if target is not None:
        if target.exists() and os.path.samefile(target, case_path):
            _err(f"{target}: dat is de casus zelf; kies met -o een ander bestand (ook --force overschrijft de casus niet)")
            return 1
        if target.exists() and not force:
            _err(f"{target}: bestaat al en wordt niet overschreven; kies met -o een andere naam, "
                 "of gebruik --force om het te vervangen")
            return 1
        if target.exists() and target.is_dir():
            _err(f"{target}: is een map; geef een bestandsnaam")
            return 1
    try:
        result = compute(checked.case)
        view = build(result, anoniem=anoniem)
        text = render_template(TEMPLATE_FOR[fmt], {"plan": view}, templates)
        data: str | bytes = to_pdf(text) if fmt == "pdf" else text
    except RenderError as exc:
        _err(f"doorbraak render: {exc}")
        return 1
    if target is None:
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        return 0
    try:
        write_file(target, data, overwrite=force)
    except FileExistsError:
        _err(f"{target}: bestaat al en wordt niet overschreven; gebruik --force om het te vervangen")
        return 1
    except OSError as exc:
        _err(f"{target}: kan niet schrijven ({exc.strerror or exc})")
        return 1
    warnings = len(checked.warnings)
    note = f" (let op: {warnings} {'waarschuwing' if warnings == 1 else 'waarschuwingen'}; zie 'doorbraak validate')" \
        if warnings else ""
    _err(f"geschreven: {target}{note}")
    return 0
