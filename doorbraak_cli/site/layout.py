"""The frame of the site's pages and the small pieces of HTML they share: tables, amounts, links, key figures.

Every text is escaped here or by Jinja's autoescape; user text never becomes
a link target (links are made from page names, see :mod:`.slugs`). Amounts
are rounded by :mod:`..numbers` and carry their exact JSON value in a
``<data>`` element, so a script (or a test) can read the same figure as
``report --format json``.
"""

from __future__ import annotations

from ..present.numbers import amount_json, comparison_label, euro, plural  # noqa: F401  (lo.plural for the site's pages)
from ..present.safe import html_text as e

# the search (Pagefind) runs WebAssembly, in a worker when it can: 'wasm-unsafe-eval' and worker-src, nothing more
SITE_CSP = ("default-src 'none'; style-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; "
            "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'")
MENU = (("overzicht", "Overzicht", "index.html"), ("casussen", "Casussen", "lijst/alle.html"),
        ("gemeente", "Gemeenten", "gemeente/index.html"), ("domein", "Domeinen", "domein/index.html"),
        ("leefgebied", "Leefgebieden", "leefgebied/index.html"), ("regel", "Regels", "regel/index.html"),
        ("kwartaal", "Kwartalen", "kwartaal/index.html"))
ANONYMOUS_NOTE = ("Geanonimiseerd: casussen staan hier met hun id, zonder pseudoniem, regievoerder of namen van "
                  "betrokkenen; in de teksten zijn die namen vervangen door neutrale namen. Namen die alleen in de "
                  "lopende tekst staan, kunnen niet worden herkend: lees na voordat u iets deelt.")
NAMES_NOTE = ("Intern gebruik — deze pagina bevat namen: de pseudoniemen van huishoudens en de namen van "
              "regievoerders en betrokkenen. Deel haar niet buiten het team.")


def mode_note(namen: bool) -> str:
    """The line on every page that says what the site shows of people."""
    if namen:
        return f'<p class="intern" role="note"><strong>{e(NAMES_NOTE)}</strong></p>'
    return f'<p role="note">{e(ANONYMOUS_NOTE)}</p>'


def frame(model, titel: str, root: str, actief: str = "", kruimels=(), gemaakt: str = "", versie: str = "",
          filters: str = "") -> dict:
    """The ``pagina`` context of basis.html.j2."""
    from markupsafe import Markup

    crumbs = [("Overzicht", f"{root}index.html")] + list(kruimels) if root else list(kruimels)
    return {
        "titel": titel,
        "root": root,
        "csp": SITE_CSP,
        "menu": [{"label": label, "href": root + href, "actief": key == actief} for key, label, href in MENU],
        "modus": Markup(mode_note(model.namen)),
        "kruimels": crumbs,
        "gemaakt": gemaakt,
        "versie": versie,
        "filters": filters,
        "json": True,
    }


def render(template: str, **context) -> str:
    from .casepage import environment

    return environment().get_template(template).render(**context)


# --- pieces ------------------------------------------------------------------------------------


def amount(value, href: str | None = None, cents: bool = True) -> str:
    """An amount in Dutch notation with its exact JSON value: ``<data value="-3600.00">€ -3.600,00</data>``."""
    text = f'<data value="{amount_json(value)}">{e(euro(value, cents))}</data>'
    return f'<a href="{e(href)}">{text}</a>' if href else text


def count(n: int, href: str | None = None) -> str:
    text = f'<data value="{int(n)}">{int(n)}</data>'
    return f'<a href="{e(href)}">{text}</a>' if href and n else text


def link(href: str, text) -> str:
    return f'<a href="{e(href)}">{e(text)}</a>'


def comparison(value, against: str, href: str | None = None) -> tuple[str, str]:
    """(the method's label, the amount) of a comparison: 'Kosten t.o.v. …' shows the absolute value."""
    label, _ = comparison_label(value, against)
    shown = -value if label.startswith("Kosten") else value
    return label, amount(shown, href)


def table(caption: str, headers, rows, numeric=(), footer=(), filterable: bool = False, note: str = "",
          row_heads: bool = True, klasse: str = "") -> str:
    """A table: ``rows`` are lists of cell HTML (already escaped) or finished ``<tr>`` strings.

    The first cell of a row is its header (``th scope=row``) unless
    ``row_heads`` is false. ``numeric`` holds the indexes of right-aligned columns.
    """
    num = set(numeric)
    rows = list(rows) or [empty_row(len(headers), "Geen gegevens.")]
    head = "".join(f'<th scope="col"{" class=n" if i in num else ""}>{e(h)}</th>' for i, h in enumerate(headers))
    out = [f'<div class="tabel{" filterbaar" if filterable else ""}{" " + klasse if klasse else ""}">'
           f"<table><caption>{e(caption)}</caption><thead><tr>{head}</tr></thead><tbody>"]
    for row in rows:
        out.append(row if isinstance(row, str) else tr(row, num, row_heads))
    out.append("</tbody>")
    if footer:
        out.append("<tfoot>" + "".join(foot_tr(r, num) for r in footer) + "</tfoot>")
    out.append("</table></div>")
    if note:
        out.append(f'<p class="klein">{e(note)}</p>')
    return "".join(out)


def tr(cells, numeric=frozenset(), row_head: bool = True, classes: dict | None = None) -> str:
    """One row; ``numeric`` cells are right-aligned, ``classes`` gives other cells a class."""
    parts = ["<tr>"]
    for i, c in enumerate(cells):
        cls = " class=n" if i in numeric else (f' class="{classes[i]}"' if classes and i in classes else "")
        if i == 0 and row_head:
            parts.append(f'<th scope="row"{cls}>{c}</th>')
        else:
            parts.append(f"<td{cls}>{c}</td>")
    parts.append("</tr>")
    return "".join(parts)


def foot_tr(cells, numeric=frozenset()) -> str:
    """A footer row: its label spans the empty cells after it (the columns that name a case), so a long label
    ('Totaal over 18 casussen met een kosten-batenanalyse (van 21)') does not widen the first column."""
    span = next((i for i, c in enumerate(cells[1:], 1) if c != ""), len(cells))
    if span == 1:
        return tr(cells, numeric, True)
    rest = tr(cells[span:], frozenset(i - span for i in numeric if i >= span), row_head=False)
    return f'<tr><th scope="row" colspan="{span}">{cells[0]}</th>{rest[len("<tr>"):]}'


def empty_row(width: int, text: str = "Geen casussen.") -> str:
    return f'<tr><td colspan="{width}" class="leeg">{e(text)}</td></tr>'


def key_figures(items) -> str:
    """The cards at the top of a page: (label, value HTML, explanation, class)."""
    out = ['<ul class="kerncijfers">']
    for label, value, explanation, klasse in items:
        cls = f' class="{klasse}"' if klasse else ""
        out.append(f'<li{cls}><span class="label">{e(label)}</span><span class="waarde">{value}</span>'
                   + (f'<span class="uitleg">{e(explanation)}</span>' if explanation else "") + "</li>")
    out.append("</ul>")
    return "".join(out)


def figure(svg: str, caption: str) -> str:
    return f"<figure>{svg}<figcaption>{e(caption)}</figcaption></figure>" if svg else ""


def paragraph(text: str) -> str:
    return f"<p>{e(text)}</p>"


