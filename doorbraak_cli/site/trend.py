"""The trend per quarter: plans per status and their rendement (by ``datum``), and the journey's steps (by ``reis``).

A case counts in the quarter of its ``datum``; without one, in the quarter of
the first step of its journey; without either, under "zonder datum". Journey
steps count in the quarter in which they happened. Every figure links to the
quarter's page, to the section listing exactly those cases.
"""

from __future__ import annotations

from ..model.vocabulary import JOURNEY_EVENTS, STATUSES
from ..present.numbers import euro
from . import charts
from . import layout as lo
from .lists import DIMS, kba_count, money_cells, page, section, standard_table
from .model import NO_QUARTER, quarter_of

EVENT_LABELS = {"geevalueerd": "geëvalueerd"}


def statuses_of(model) -> list:
    seen = {c.s.head.status for c in model.cases}
    return [s for s in STATUSES if s in seen] + sorted(seen - set(STATUSES))


def events_by_quarter(model) -> dict:
    """{quarter: {event: [cases]}} from every case's journey (a case once per event and quarter); made once."""
    memo = model.memo.get("trend:events")
    if memo is not None:
        return memo
    out: dict = {}
    for c in model.cases:
        for iso, event in c.reis:
            members = out.setdefault(quarter_of(iso), {}).setdefault(event, [])
            if not members or members[-1] is not c:
                members.append(c)
    model.memo["trend:events"] = out
    return out


def event_order(events) -> list:
    return [e for e in JOURNEY_EVENTS if e in events] + sorted(e for e in events if e not in JOURNEY_EVENTS)


def quarter_range(first: str, last: str) -> list[str]:
    """Every quarter from ``first`` to ``last`` ('2024-K3' ... '2025-K2'), so a chart shows time evenly."""
    y, q = int(first[:4]), int(first[-1])
    out = []
    while (y, q) <= (int(last[:4]), int(last[-1])) and len(out) < 400:
        out.append(f"{y}-K{q}")
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    return out


def filled(rows, empty):
    """Chart rows for every quarter between the first and the last (a quarter without plans shows empty)."""
    if not rows:
        return rows
    have = dict(rows)
    return [(k, have.get(k, empty)) for k in quarter_range(rows[0][0], rows[-1][0])]


def shown(on_chart: int, total: int, what: str) -> str:
    """How many of the plans a trend chart shows: the ones without a date or journey have no place on its axis."""
    text = f"{on_chart} van de {total} {what}"
    return text + (f"; {total - on_chart} zonder datum staan alleen in de tabel." if total > on_chart else ".")


def blocks(ctx, root: str = "") -> list[str]:
    """The trend: two charts and their tables (``root``: the way from the page to the site's top folder)."""
    model = ctx.model
    quarters = list(model.groups["kwartaal"].values())
    statuses = statuses_of(model)
    status_rows, rend_rows, body, money = [], [], [], []
    dated = dated_kba = 0  # the plans on the charts' time axis (those without a date or journey are not)
    for g in quarters:
        cases = model.members(g)
        if not cases:
            continue  # a quarter with only journey steps: in the table of steps below
        counts = {}
        for c in cases:
            counts[c.s.head.status] = counts.get(c.s.head.status, 0) + 1
        rend = model.sums(cases, g.path)[3:]
        if g.key != NO_QUARTER:
            status_rows.append((g.key, counts))
            rend_rows.append((g.key, rend))
            dated += len(cases)
            dated_kba += kba_count(cases)  # the cases the sums count, as every money figure says
        href = f"{root}kwartaal/{g.slug}.html"
        body.append([lo.link(href, g.titel), *(lo.count(counts.get(s, 0), f"{href}#status-{s}") for s in statuses),
                     lo.count(len(cases), href)])
        money.append([lo.link(href, g.titel), *money_cells(ctx, cases, g.path, href)])
    kba_total = kba_count(model.cases)
    out = [lo.paragraph("Per kwartaal van de datum van het plan (zonder datum: de eerste stap van de reis): hoeveel "
                        "plannen nu in welke status staan, en hun rendement opgeteld.")]
    out.append(lo.figure(charts.stacked_quarters(filled(status_rows, {}), statuses, "Plannen per kwartaal, naar status")
                         + charts.legend((f"st-{s}" if s in charts.STATUS_COLOURS else "st-anders", s)
                                         for s in statuses),
                         "Plannen per kwartaal, gestapeld naar hun huidige status: "
                         + shown(dated, len(model.cases), "plannen")))
    out.append(lo.table("Plannen per kwartaal en status", ["Kwartaal", *statuses, "Totaal"], body,
                        range(1, len(statuses) + 2)))
    out.append('<div class="twee">'
               + lo.figure(charts.paired_quarters(filled(rend_rows, (0, 0)), ("direct", "reëel"),
                                                  "Rendement per kwartaal", lambda v: euro(v, False))
                           + charts.legend((("direct", "direct: t.o.v. huidige situatie"),
                                            ("reeel", "reëel: t.o.v. dreigend scenario"))),
                           "Rendement per kwartaal van "
                           + shown(dated_kba, kba_total, "plannen met een kosten-batenanalyse")
                           + " Boven de lijn rendement, eronder kosten.")
               + lo.table("Rendement per kwartaal", ["Kwartaal", "Met KBA", "Direct", "Reëel"], money, (1, 2, 3),
                          note="Bedragen over de plannen met een kosten-batenanalyse (Met KBA). Direct: t.o.v. de "
                               "huidige situatie; reëel: t.o.v. het dreigende scenario; positief is rendement, "
                               "negatief kosten.")
               + "</div>")
    events = events_by_quarter(model)
    if events:
        kinds = event_order({e for per in events.values() for e in per})
        rows = []
        for g in quarters:
            per = events.get(g.key)
            if not per:
                continue
            href = f"{root}kwartaal/{g.slug}.html"
            rows.append([lo.link(href, g.titel), *(lo.count(len(per.get(k, ())), f"{href}#reis-{k}") for k in kinds)])
        out.append(lo.table("Stappen van de reis per kwartaal (casussen)", ["Kwartaal",
                                                                           *(EVENT_LABELS.get(k, k) for k in kinds)],
                            rows, range(1, len(kinds) + 1),
                            note="Per kwartaal waarin de stap gezet is; een casus telt één keer per stap en kwartaal."))
    return out


def quarter_page(ctx, g) -> tuple[str, str]:
    model = ctx.model
    cases = model.members(g)
    secties = [section("casussen", "Alle plannen van dit kwartaal", standard_table(ctx, cases, f"{g.titel}: plannen"))]
    for s in statuses_of(model):
        these = [c for c in cases if c.s.head.status == s]
        if these:
            secties.append(section(f"status-{s}", f"Status {s}", standard_table(ctx, these, f"{g.titel}: {s}")))
    per = events_by_quarter(model).get(g.key, {})
    for k in event_order(per):
        secties.append(section(f"reis-{k}", f"Reis: {EVENT_LABELS.get(k, k)} in dit kwartaal",
                               standard_table(ctx, per[k], f"{g.titel}: {EVENT_LABELS.get(k, k)}")))
    if g.key == NO_QUARTER:
        lead = f"{lo.plural(len(cases), 'plan', 'plannen')} zonder datum en zonder reis."
    else:
        lead = (f"{lo.plural(len(cases), 'plan', 'plannen')} met een datum in {g.titel} (of, zonder datum, met de "
                "eerste stap van de reis in dit kwartaal), per status; daarna de stappen van de reis die in dit "
                "kwartaal gezet zijn.")
    return page(ctx, g, f"Kwartaal {g.titel}", [lead], secties)


def quarter_index(ctx) -> tuple[str, str]:
    from markupsafe import Markup

    title = DIMS["kwartaal"][1]
    pagina = ctx.frame(title, "../", "kwartaal", [(title, None)])
    html = lo.render("site/lijst.html.j2", pagina=pagina, lijst={
        "inleiding": ["Per kwartaal: de plannen naar status en hun rendement, en de stappen van de reis."],
        "kerncijfers": Markup(""), "secties": [section("trend", title, "".join(blocks(ctx, "../")))]})
    return "kwartaal/index.html", html

