"""Portfolio figures over many cases: pure functions, exact arithmetic, no I/O.

Two steps, so that the expensive one runs in parallel and can be cached:

1. :func:`summarize` turns one checked case and its :func:`~.calc.compute`
   result into a small JSON-able summary. It never re-derives a figure: the
   amounts are calc's own exact values, written as fraction strings
   (``"2357992/100"`` reduced, e.g. ``"589498/25"``, or ``"3380"``), never floats.
   A summary holds no pseudonym and no person's name (no ``titel``,
   ``regievoerder``, ``wie`` or ``bij``): cases are identified by id.
2. :func:`aggregate` folds summaries, one at a time and in file order, into
   the portfolio (Maatpact-style monitoring, see METHOD.md "Portfolio
   figures"). Sums stay exact (:class:`Sum` adds integers per denominator);
   only presenters round, half-up.
"""

from __future__ import annotations

import re
import unicodedata
from fractions import Fraction
from math import lcm

from .model import DOMEINEN, SCENARIOS, STATUSES

COMPARISONS = ("huidig", "dreigend")
DECISIONS = ("goedgekeurd", "afgewezen")
JOURNEY_EVENTS = ("aangemeld", "ingediend", "opgeschaald", "goedgekeurd", "afgewezen", "gerealiseerd", "geevalueerd",
                  "gestopt")
LEEFGEBIEDEN = ("wonen", "inkomen", "schulden", "zorg", "jeugd", "onderwijs", "werk", "veiligheid", "vervoer",
                "overig")
QUICK_DAYS = 14  # "decided within 14 days"
NO_GEMEENTE = "(geen gemeente)"
NO_CATEGORY = "(geen categorie)"
SUMMARY_VERSION = 1  # bump when the shape or meaning of a summary changes (cache entries then miss)


# --- exact values as strings ---------------------------------------------------


def frac_str(value) -> str:
    """An exact value as ``"n"`` or ``"n/d"`` (reduced); Decimal and int are exact too."""
    f = value if isinstance(value, Fraction) else Fraction(value)
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def parse_frac(text: str) -> Fraction:
    n, _, d = text.partition("/")
    return Fraction(int(n), int(d)) if d else Fraction(int(n))


class Sum:
    """An exact running sum of fraction strings: integers added per denominator.

    Adding ``"n/d"`` costs one split and one integer addition, so folding
    10,000 cases stays fast; :meth:`value` combines the few denominators once.
    """

    __slots__ = ("parts",)

    def __init__(self):
        self.parts: dict = {}

    def add(self, text: str) -> None:
        n, _, d = text.partition("/")
        den = int(d) if d else 1
        self.parts[den] = self.parts.get(den, 0) + int(n)

    def add_value(self, value: Fraction) -> None:
        self.parts[value.denominator] = self.parts.get(value.denominator, 0) + value.numerator

    def value(self) -> Fraction:
        return sum((Fraction(n, d) for d, n in self.parts.items()), Fraction(0))


def _sign(text: str) -> int:
    if text.startswith("-"):
        return -1
    return 0 if text in ("0", "0/1") else 1


def exact_sorted(texts) -> list[Fraction]:
    """Fraction strings sorted exactly, through integer keys over a common denominator."""
    pairs = []
    for t in texts:
        n, _, d = t.partition("/")
        pairs.append((int(n), int(d) if d else 1))
    if not pairs:
        return []
    common = lcm(*{d for _, d in pairs})
    pairs.sort(key=lambda p: p[0] * (common // p[1]))
    return [Fraction(n, d) for n, d in pairs]


def median(values: list) -> Fraction | None:
    """The median of sorted exact values (mean of the middle two for an even count)."""
    n = len(values)
    if not n:
        return None
    mid = n // 2
    return Fraction(values[mid]) if n % 2 else (Fraction(values[mid - 1]) + Fraction(values[mid])) / 2


def quantile(values: list, p: Fraction) -> Fraction | None:
    """The inclusive quantile (linear between closest ranks, as spreadsheets' QUARTILE.INC) of sorted values."""
    n = len(values)
    if not n:
        return None
    h = (n - 1) * p
    lo = int(h)
    if lo + 1 >= n:
        return Fraction(values[-1])
    return values[lo] + (h - lo) * (values[lo + 1] - values[lo])


# --- normalising free text -------------------------------------------------------

_ARTICLE = re.compile(r"\b(?:artikelen|artikel|artt|art)\b\.?")
_NON_WORD = re.compile(r"[^\w&]+")


def _fold(text: str) -> str:
    """Lower case without diacritics: 'Één' -> 'een'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def rule_key(text: str) -> str:
    """A rule citation normalised so that trivial spelling differences group together.

    Case, diacritics, whitespace and punctuation are ignored, and 'artikel',
    'artikelen', 'art.' and 'art' count as the same word:
    'Participatiewet, artikel 22a' == 'participatiewet art. 22a'.
    """
    t = _ARTICLE.sub(" art ", _fold(text))
    return " ".join(_NON_WORD.sub(" ", t).split())


_HEAD_END = re.compile(r"[;:,(]|\.\s|\s[-–—]\s")


def decider_head(text: str) -> str:
    """Who decides, without the explanation after it: 'College van B&W; in de uitvoering ...' -> 'College van B&W'."""
    head = _HEAD_END.split(text.strip(), maxsplit=1)[0].strip().rstrip(".")
    return " ".join(head.split())


def decider_key(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", _fold(decider_head(text))).split())


def tag_key(text: str) -> str:
    """Free tags (problems, budget categories) group case-insensitively, whitespace collapsed."""
    return " ".join(text.casefold().split())


# --- one case -------------------------------------------------------------------


def journey(case) -> dict | None:
    """What the plan's ``reis`` says: days from submission to the first decision, escalation, last step."""
    events = case.reis  # sorted by date (stable) by the builder
    if not events:
        return None
    submitted = None
    decided = None
    for ev in events:
        if submitted is None and ev.gebeurtenis == "ingediend":
            submitted = ev
        elif submitted is not None and decided is None and ev.gebeurtenis in DECISIONS:
            decided = ev
    return {
        "ingediend": submitted is not None,
        "besluit": decided.gebeurtenis if decided else None,
        "dagen": (decided.datum - submitted.datum).days if decided else None,
        "opgeschaald": any(ev.gebeurtenis == "opgeschaald" for ev in events),
        "laatste": events[-1].gebeurtenis,
    }


def summarize(case, result) -> dict:
    """The compact, name-free summary of one case (see the module docstring)."""
    per_domein = {}
    for d, tot in result.per_domein.items():
        comp = result.rendement_per_domein[d]
        per_domein[d] = [frac_str(tot[s]) for s in SCENARIOS] + [frac_str(comp[a]) for a in COMPARISONS]
    return {
        "id": case.id,
        "gemeente": case.gemeente,
        "status": case.status,
        "datum": case.datum.isoformat() if case.datum else None,
        "totalen": [frac_str(result.totals[s]) for s in SCENARIOS],
        "rendement": [frac_str(result.rendement[a]) for a in COMPARISONS],
        "per_domein": per_domein,
        "indicatief": [frac_str(result.indicative_totals[s]) for s in SCENARIOS],
        "indicatief_posten": len(result.indicative),
        "doorbraken": [[b.leefgebied, b.uitzondering] for b in case.doorbraken],
        "regels": [[rule_key(r.regel), " ".join(r.regel.split())] for r in case.legitimiteit if r.regel],
        "wie": [[decider_key(r.wie_gaat_erover), decider_head(r.wie_gaat_erover)]
                for r in case.legitimiteit if r.wie_gaat_erover],
        "budget": [[b.categorie, frac_str(b.bedrag)] for b in case.maatwerkbudget],
        "reis": journey(case),
        "problemen": list(case.problemen),
    }


# --- many cases ---------------------------------------------------------------------


class Filters:
    """Which cases count: ``gemeente`` and ``status`` (any of, case-insensitive) and ``sinds`` (on ``datum``)."""

    def __init__(self, gemeente=(), status=(), sinds: str | None = None):
        self.gemeente = tuple(gemeente or ())
        self.status = tuple(status or ())
        self.sinds = sinds
        self._g = {tag_key(g) for g in self.gemeente}
        self._s = {s.casefold() for s in self.status}

    def active(self) -> bool:
        return bool(self._g or self._s or self.sinds)

    def as_json(self) -> dict:
        return {"gemeente": list(self.gemeente), "status": list(self.status), "sinds": self.sinds}

    def match(self, s: dict) -> bool:
        if self._g and tag_key(s["gemeente"] or NO_GEMEENTE) not in self._g:
            return False
        if self._s and s["status"].casefold() not in self._s:
            return False
        if self.sinds and not (s["datum"] and s["datum"] >= self.sinds):
            return False
        return True


class _Counter(dict):
    def add(self, key, n: int = 1) -> None:
        self[key] = self.get(key, 0) + n


class _Spelled:
    """Counts per normalised key, remembering the most frequent spelling for display."""

    def __init__(self):
        self.cases = _Counter()
        self.spellings: dict = {}

    def add_case(self, pairs) -> None:
        seen = set()
        for key, text in pairs:
            if not key:
                continue
            sp = self.spellings.setdefault(key, _Counter())
            sp.add(text)
            if key not in seen:
                seen.add(key)
                self.cases.add(key)

    def ranked(self) -> list[tuple[str, int, int]]:
        """[(display text, cases, spellings)] by cases (desc), then text."""
        out = []
        for key, n in self.cases.items():
            sp = self.spellings[key]
            text = min(sp, key=lambda t: (-sp[t], t))
            out.append((text, n, len(sp)))
        out.sort(key=lambda r: (-r[1], _fold(r[0]), r[0]))
        return out


def _scenario_sums() -> dict:
    return {s: Sum() for s in SCENARIOS}


def aggregate(entries, filters: Filters | None = None) -> dict:
    """Fold ``(kind, file, payload)`` entries, in file order, into the portfolio.

    ``kind`` is "case" (payload: a summary), "fout" (payload: the first error,
    formatted) or "prijslijst" (a price list found among the cases: skipped).
    A case whose id was already used by an earlier file is listed as invalid.
    Amounts in the result are exact Fractions; presenters round them.
    """
    filters = filters or Filters()
    ongeldig = []
    prijslijsten = 0
    ids: dict = {}
    n = 0
    status_counts = _Counter()
    tot = _scenario_sums()
    comp_values = {a: [] for a in COMPARISONS}
    cheaper = {a: 0 for a in COMPARISONS}
    dom: dict = {}
    gem: dict = {}
    ind = _scenario_sums()
    ind_lines = ind_cases = 0
    leef = {}
    rules, deciders = _Spelled(), _Spelled()
    budget_total, budget_cats, budget_cases = Sum(), {}, 0
    reis_n = reis_submitted = reis_escalated = 0
    days = []
    decisions = _Counter()
    last_steps = _Counter()
    problems = _Spelled()
    for kind, file, payload in entries:
        if kind == "prijslijst":
            prijslijsten += 1
            continue
        if kind != "case":
            ongeldig.append({"bestand": file, "fout": payload})
            continue
        s = payload
        if s["id"] in ids:
            ongeldig.append({"bestand": file, "fout": f"{file}: fout[dubbel-id]: id: het id '{s['id']}' wordt ook "
                                                      f"gebruikt door {ids[s['id']]} (geef elke casus een eigen id)"})
            continue
        ids[s["id"]] = file
        if not filters.match(s):
            continue
        n += 1
        status_counts.add(s["status"])
        for sc, text in zip(SCENARIOS, s["totalen"]):
            tot[sc].add(text)
        for a, text in zip(COMPARISONS, s["rendement"]):
            comp_values[a].append(text)
            if _sign(text) > 0:
                cheaper[a] += 1
        for d, vals in s["per_domein"].items():
            acc = dom.get(d)
            if acc is None:
                acc = dom[d] = {"totalen": _scenario_sums(), "saldo": {a: Sum() for a in COMPARISONS},
                                "investering": {a: Sum() for a in COMPARISONS},
                                "opbrengst": {a: Sum() for a in COMPARISONS}, "casussen": 0}
            acc["casussen"] += 1
            for sc, text in zip(SCENARIOS, vals[:3]):
                acc["totalen"][sc].add(text)
            for a, text in zip(COMPARISONS, vals[3:]):
                acc["saldo"][a].add(text)
                sign = _sign(text)
                if sign < 0:
                    acc["investering"][a].add(text)
                elif sign > 0:
                    acc["opbrengst"][a].add(text)
        g = s["gemeente"] or NO_GEMEENTE
        gacc = gem.get(g)
        if gacc is None:
            gacc = gem[g] = {"aantal": 0, "totalen": _scenario_sums(), "rendement": {a: Sum() for a in COMPARISONS}}
        gacc["aantal"] += 1
        for sc, text in zip(SCENARIOS, s["totalen"]):
            gacc["totalen"][sc].add(text)
        for a, text in zip(COMPARISONS, s["rendement"]):
            gacc["rendement"][a].add(text)
        if s["indicatief_posten"]:
            ind_cases += 1
            ind_lines += s["indicatief_posten"]
            for sc, text in zip(SCENARIOS, s["indicatief"]):
                ind[sc].add(text)
        for leefgebied, uitzondering in s["doorbraken"]:
            acc = leef.setdefault(leefgebied or "overig", [0, 0])
            acc[0] += 1
            if uitzondering:
                acc[1] += 1
        rules.add_case(s["regels"])
        deciders.add_case(s["wie"])
        if s["budget"]:
            budget_cases += 1
        for cat, text in s["budget"]:
            key = tag_key(cat) or NO_CATEGORY
            budget_total.add(text)
            budget_cats.setdefault(key, Sum()).add(text)
        r = s["reis"]
        if r:
            reis_n += 1
            if r["ingediend"]:
                reis_submitted += 1
                decisions.add(r["besluit"] or "nog_geen_besluit")
            if r["dagen"] is not None:
                days.append(r["dagen"])
            if r["opgeschaald"]:
                reis_escalated += 1
            last_steps.add(r["laatste"])
        problems.add_case((tag_key(p), tag_key(p)) for p in s["problemen"])

    totals = {sc: tot[sc].value() for sc in SCENARIOS}
    sorted_comp = {a: exact_sorted(comp_values[a]) for a in COMPARISONS}
    domains = [d for d in DOMEINEN] + sorted(d for d in dom if d not in DOMEINEN)
    per_domein = {}
    for d in domains:
        acc = dom.get(d)
        if acc is None:
            zero = {a: Fraction(0) for a in COMPARISONS}
            per_domein[d] = {"totalen": {sc: Fraction(0) for sc in SCENARIOS}, "saldo": dict(zero),
                             "investering": dict(zero), "opbrengst": dict(zero), "casussen": 0}
        else:
            per_domein[d] = {"totalen": {sc: acc["totalen"][sc].value() for sc in SCENARIOS},
                             "saldo": {a: acc["saldo"][a].value() for a in COMPARISONS},
                             "investering": {a: acc["investering"][a].value() for a in COMPARISONS},
                             "opbrengst": {a: acc["opbrengst"][a].value() for a in COMPARISONS},
                             "casussen": acc["casussen"]}
    per_gemeente = {}
    for g in sorted(gem, key=lambda x: (x == NO_GEMEENTE, _fold(x), x)):
        acc = gem[g]
        per_gemeente[g] = {"aantal": acc["aantal"],
                           "totalen": {sc: acc["totalen"][sc].value() for sc in SCENARIOS},
                           "rendement": {a: acc["rendement"][a].value() for a in COMPARISONS}}
    n_doorbraken = sum(v[0] for v in leef.values())
    n_uitzondering = sum(v[1] for v in leef.values())
    leef_order = list(LEEFGEBIEDEN) + sorted(k for k in leef if k not in LEEFGEBIEDEN)
    budget_sum = budget_total.value()
    cats = sorted(((k, v.value()) for k, v in budget_cats.items()), key=lambda kv: (-kv[1], kv[0]))
    days.sort()
    return {
        "aantal_casussen": n,
        "filters": filters.as_json(),
        "ongeldig": ongeldig,
        "prijslijsten_overgeslagen": prijslijsten,
        "per_status": {st: status_counts.get(st, 0) for st in STATUSES}
                      | {st: c for st, c in sorted(status_counts.items()) if st not in STATUSES},
        "totalen": totals,
        "rendement": {a: sum_values(sorted_comp[a]) for a in COMPARISONS},  # the sum of calc's own comparisons
        "per_casus": {
            "gemiddeld": {a: (sum_values(sorted_comp[a]) / n if n else None) for a in COMPARISONS},
            "mediaan": {a: median(sorted_comp[a]) for a in COMPARISONS},
        },
        "goedkoper": {a: cheaper[a] for a in COMPARISONS},
        "per_domein": per_domein,
        "per_gemeente": per_gemeente,
        "indicatief": {"casussen": ind_cases, "posten": ind_lines,
                       "totalen": {sc: ind[sc].value() for sc in SCENARIOS}},
        "doorbraken": {
            "aantal": n_doorbraken,
            "met_uitzondering": n_uitzondering,
            "aandeel_uitzondering": Fraction(n_uitzondering, n_doorbraken) if n_doorbraken else None,
            "per_leefgebied": {k: {"aantal": leef[k][0], "met_uitzondering": leef[k][1],
                                   "aandeel_uitzondering": Fraction(leef[k][1], leef[k][0])}
                               for k in leef_order if k in leef},
        },
        "legitimiteit": {
            "regels": [{"regel": t, "casussen": c, "schrijfwijzen": w} for t, c, w in rules.ranked()],
            "wie_gaat_erover": [{"wie": t, "casussen": c, "schrijfwijzen": w} for t, c, w in deciders.ranked()],
        },
        "maatwerkbudget": {
            "casussen": budget_cases,
            "totaal": budget_sum,
            "per_categorie": [{"categorie": k, "bedrag": v, "aandeel": (v / budget_sum) if budget_sum else None}
                              for k, v in cats],
        },
        "reis": {
            "casussen_met_reis": reis_n,
            "ingediend": reis_submitted,
            "besloten": len(days),
            "dagen_tot_besluit": {
                "mediaan": median(days),
                "kwartiel_1": quantile(days, Fraction(1, 4)),
                "kwartiel_3": quantile(days, Fraction(3, 4)),
                "min": days[0] if days else None,
                "max": days[-1] if days else None,
            },
            "binnen_14_dagen": sum(1 for d in days if d <= QUICK_DAYS),
            "opgeschaald": reis_escalated,
            "besluiten": {k: decisions.get(k, 0) for k in (*DECISIONS, "nog_geen_besluit")},
            "laatste_stap": {k: last_steps[k] for k in JOURNEY_EVENTS if k in last_steps},
        },
        "problemen": [{"probleem": t, "casussen": c} for t, c, _ in problems.ranked()],
    }


def sum_values(values) -> Fraction:
    acc = Sum()
    for v in values:
        acc.add_value(v)
    return acc.value()
