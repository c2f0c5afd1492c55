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
   figures"). Sums stay exact (integers added per denominator);
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
SUMMARY_VERSION = 2  # bump when the shape or meaning of a summary changes (cache entries then miss)


# --- exact values as strings ---------------------------------------------------


def frac_str(value) -> str:
    """An exact value as ``"n"`` or ``"n/d"`` (reduced); Decimal and int are exact too."""
    f = value if isinstance(value, Fraction) else Fraction(value)
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def parse_frac(text: str) -> Fraction:
    n, _, d = text.partition("/")
    return Fraction(int(n), int(d)) if d else Fraction(int(n))


def _sign(text: str) -> int:
    """The sign of a reduced fraction string (zero is always written "0")."""
    if text[0] == "-":
        return -1
    return 0 if text == "0" else 1


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
    if text.isascii():
        return text.casefold()
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
        **outlook(result),
    }


def _plain_one_year(result) -> bool:
    rend = result.case.rendement
    if rend.kans is not None or rend.disconto or rend.horizon != 1 or rend.periode_jaren != 1:
        return False
    for r in result.lines:
        line = r.line
        if line.kans is not None or line.toerekening != 1 or (line.looptijd is not None and line.looptijd < 1):
            return False
    return True


def outlook(result) -> dict:
    """Issue 5 per case: break-even probability, payback years and money flows (against dreigend)."""
    from .flows import flows
    from .projection import project
    from .uncertainty import analyse

    if _plain_one_year(result):
        # The method's own case (no kans, toerekening, looptijd under a year, horizon, disconto, periode other
        # than a year): every line's adjusted amounts are its calc amounts, so the break-even follows from calc's
        # totals and the one projected year is calc's own year. Identical to the general path (a test keeps the
        # two in step) at a fraction of the cost, which matters at 10,000 cases.
        from .uncertainty import break_even

        be = break_even(result.totals)
        payback = {a: (1 if result.rendement[a] >= 0 else None) for a in COMPARISONS}
        horizon = 1
    else:
        be = analyse(result).break_even
        p = project(result)
        payback, horizon = p.payback, p.horizon
    if be.kans is not None:
        kind = "kans"
    else:
        kind = "altijd" if result.totals["doorbraak"] <= result.totals["huidig"] else "nooit"
    return {
        "break_even": frac_str(be.kans) if be.kans is not None else None,
        "break_even_soort": kind,
        "terugverdiend": [payback[a] for a in COMPARISONS],
        "horizon": horizon,
        "stromen": [[van, naar, frac_str(a)] for van, naar, a in flows(result, "dreigend").stromen],
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


def _add(acc: dict, text: str) -> None:
    """Add a fraction string to an exact sum kept as {denominator: numerator total}."""
    n, _, d = text.partition("/")
    den = int(d) if d else 1
    acc[den] = acc.get(den, 0) + int(n)


def _merge_groups(mine: dict, other: dict, count: str, parts) -> None:
    """Fold per-group figures (per domain, per municipality) of another state into this one."""
    for name, o in other.items():
        acc = mine.get(name)
        if acc is None:
            mine[name] = o
            continue
        acc[count] += o[count]
        for part in parts:
            for k, v in o[part].items():
                _merge_sum(acc[part][k], v)


def _merge_sum(into: dict, other: dict) -> None:
    for den, num in other.items():
        into[den] = into.get(den, 0) + num


def _value(acc: dict) -> Fraction:
    return sum((Fraction(n, d) for d, n in acc.items()), Fraction(0))


def _count(into: dict, key, n: int = 1) -> None:
    into[key] = into.get(key, 0) + n


def _merge_counts(into: dict, other: dict) -> None:
    for k, v in other.items():
        into[k] = into.get(k, 0) + v


def _spelled_add(sp: dict, pairs) -> None:
    """Count a case once per normalised key, and every spelling, for display of the most frequent one."""
    seen = set()
    cases, spellings = sp["cases"], sp["spellings"]
    for key, text in pairs:
        if not key:
            continue
        by_text = spellings.get(key)
        if by_text is None:
            by_text = spellings[key] = {}
        by_text[text] = by_text.get(text, 0) + 1
        if key not in seen:
            seen.add(key)
            cases[key] = cases.get(key, 0) + 1


def _spelled_merge(into: dict, other: dict) -> None:
    _merge_counts(into["cases"], other["cases"])
    for key, texts in other["spellings"].items():
        _merge_counts(into["spellings"].setdefault(key, {}), texts)


def _spelled_ranked(sp: dict) -> list[tuple[str, int, int]]:
    """[(display text, cases, spellings)] by cases (desc), then text."""
    out = []
    for key, n in sp["cases"].items():
        texts = sp["spellings"][key]
        text = min(texts, key=lambda t: (-texts[t], t))
        out.append((text, n, len(texts)))
    out.sort(key=lambda r: (-r[1], _fold(r[0]), r[0]))
    return out


def _sums(keys) -> dict:
    return {k: {} for k in keys}


class Accumulator:
    """The running portfolio of counted cases, as plain data (dicts, lists, ints, strings).

    ``add`` takes one summary (filtered here); ``merge`` adds the state of
    another accumulator, so that worker processes can fold their chunk and
    the parent only merges. Every operation is exact and order-independent:
    the result never depends on how the cases were split over workers.
    """

    def __init__(self, filters: Filters | None = None, state: dict | None = None):
        self.filters = filters or Filters()
        self.s = state if state is not None else self.empty()

    @staticmethod
    def empty() -> dict:
        return {
            "n": 0, "status": {}, "tot": _sums(SCENARIOS), "comp": {a: [] for a in COMPARISONS},
            "cheaper": {a: 0 for a in COMPARISONS}, "dom": {}, "gem": {},
            "ind": _sums(SCENARIOS), "ind_lines": 0, "ind_cases": 0, "leef": {},
            "rules": {"cases": {}, "spellings": {}}, "wie": {"cases": {}, "spellings": {}},
            "problems": {"cases": {}, "spellings": {}},
            "budget": {}, "budget_cats": {}, "budget_cases": 0,
            "reis_n": 0, "reis_submitted": 0, "reis_escalated": 0, "days": [], "decisions": {}, "last": {},
            "be": [], "be_kind": {}, "payback": {a: {} for a in COMPARISONS}, "flows": {},
        }

    def add(self, s: dict) -> bool:
        """Count one case summary if the filters let it through; True when counted."""
        if not self.filters.match(s):
            return False
        st = self.s
        st["n"] += 1
        _count(st["status"], s["status"])
        tot = st["tot"]
        h, d, b = s["totalen"]
        _add(tot["huidig"], h)
        _add(tot["dreigend"], d)
        _add(tot["doorbraak"], b)
        rh, rd = s["rendement"]
        comp, cheaper = st["comp"], st["cheaper"]
        comp["huidig"].append(rh)
        comp["dreigend"].append(rd)
        if _sign(rh) > 0:
            cheaper["huidig"] += 1
        if _sign(rd) > 0:
            cheaper["dreigend"] += 1
        dom = st["dom"]
        for name, vals in s["per_domein"].items():
            acc = dom.get(name)
            if acc is None:
                acc = dom[name] = {"casussen": 0, "tot": _sums(SCENARIOS), "saldo": _sums(COMPARISONS),
                                   "inv": _sums(COMPARISONS), "opb": _sums(COMPARISONS)}
            acc["casussen"] += 1
            t = acc["tot"]
            _add(t["huidig"], vals[0])
            _add(t["dreigend"], vals[1])
            _add(t["doorbraak"], vals[2])
            saldo, inv, opb = acc["saldo"], acc["inv"], acc["opb"]
            for a, text in (("huidig", vals[3]), ("dreigend", vals[4])):
                _add(saldo[a], text)
                if text[0] == "-":
                    _add(inv[a], text)
                elif text != "0":
                    _add(opb[a], text)
        g = s["gemeente"] or NO_GEMEENTE
        gacc = st["gem"].get(g)
        if gacc is None:
            gacc = st["gem"][g] = {"aantal": 0, "tot": _sums(SCENARIOS), "rend": _sums(COMPARISONS)}
        gacc["aantal"] += 1
        for sc, text in zip(SCENARIOS, s["totalen"]):
            _add(gacc["tot"][sc], text)
        for a, text in zip(COMPARISONS, s["rendement"]):
            _add(gacc["rend"][a], text)
        if s["indicatief_posten"]:
            st["ind_cases"] += 1
            st["ind_lines"] += s["indicatief_posten"]
            for sc, text in zip(SCENARIOS, s["indicatief"]):
                _add(st["ind"][sc], text)
        leef = st["leef"]
        for leefgebied, uitzondering in s["doorbraken"]:
            acc = leef.get(leefgebied or "overig")
            if acc is None:
                acc = leef[leefgebied or "overig"] = [0, 0]
            acc[0] += 1
            if uitzondering:
                acc[1] += 1
        _spelled_add(st["rules"], s["regels"])
        _spelled_add(st["wie"], s["wie"])
        if s["budget"]:
            st["budget_cases"] += 1
        for cat, text in s["budget"]:
            _add(st["budget"], text)
            _add(st["budget_cats"].setdefault(tag_key(cat) or NO_CATEGORY, {}), text)
        r = s["reis"]
        if r:
            st["reis_n"] += 1
            if r["ingediend"]:
                st["reis_submitted"] += 1
                _count(st["decisions"], r["besluit"] or "nog_geen_besluit")
            if r["dagen"] is not None:
                st["days"].append(r["dagen"])
            if r["opgeschaald"]:
                st["reis_escalated"] += 1
            _count(st["last"], r["laatste"])
        _spelled_add(st["problems"], [(tag_key(p), tag_key(p)) for p in s["problemen"]])
        _count(st["be_kind"], s["break_even_soort"])
        if s["break_even"] is not None:
            st["be"].append(s["break_even"])
        for a, year in zip(COMPARISONS, s["terugverdiend"]):
            _count(st["payback"][a], str(year) if year else "niet")
        for van, naar, text in s["stromen"]:
            _add(st["flows"].setdefault(f"{van}|{naar}", {}), text)
        return True

    def merge(self, other: dict) -> None:
        """Add the state of another accumulator (e.g. a worker's chunk)."""
        st = self.s
        st["n"] += other["n"]
        _merge_counts(st["status"], other["status"])
        for sc in SCENARIOS:
            _merge_sum(st["tot"][sc], other["tot"][sc])
            _merge_sum(st["ind"][sc], other["ind"][sc])
        for a in COMPARISONS:
            st["comp"][a].extend(other["comp"][a])
            st["cheaper"][a] += other["cheaper"][a]
        _merge_groups(st["dom"], other["dom"], "casussen", ("tot", "saldo", "inv", "opb"))
        _merge_groups(st["gem"], other["gem"], "aantal", ("tot", "rend"))
        for k in ("ind_lines", "ind_cases", "budget_cases", "reis_n", "reis_submitted", "reis_escalated"):
            st[k] += other[k]
        for k, v in other["leef"].items():
            acc = st["leef"].setdefault(k, [0, 0])
            acc[0] += v[0]
            acc[1] += v[1]
        for k in ("rules", "wie", "problems"):
            _spelled_merge(st[k], other[k])
        _merge_sum(st["budget"], other["budget"])
        for k, v in other["budget_cats"].items():
            _merge_sum(st["budget_cats"].setdefault(k, {}), v)
        st["days"].extend(other["days"])
        _merge_counts(st["decisions"], other["decisions"])
        _merge_counts(st["last"], other["last"])
        st["be"].extend(other["be"])
        _merge_counts(st["be_kind"], other["be_kind"])
        for a in COMPARISONS:
            _merge_counts(st["payback"][a], other["payback"][a])
        for k, v in other["flows"].items():
            _merge_sum(st["flows"].setdefault(k, {}), v)

    def result(self, ongeldig: list | None = None, prijslijsten: int = 0) -> dict:
        """The portfolio: exact Fractions for amounts (presenters round), counts, shares and days."""
        st = self.s
        n = st["n"]
        sorted_comp = {a: exact_sorted(st["comp"][a]) for a in COMPARISONS}
        comp_sum = {a: sum_values(sorted_comp[a]) for a in COMPARISONS}
        zero = Fraction(0)
        per_domein = {}
        for d in list(DOMEINEN) + sorted(d for d in st["dom"] if d not in DOMEINEN):
            acc = st["dom"].get(d)
            if acc is None:
                per_domein[d] = {"totalen": {sc: zero for sc in SCENARIOS}, "saldo": {a: zero for a in COMPARISONS},
                                 "investering": {a: zero for a in COMPARISONS},
                                 "opbrengst": {a: zero for a in COMPARISONS}, "casussen": 0}
            else:
                per_domein[d] = {"totalen": {sc: _value(acc["tot"][sc]) for sc in SCENARIOS},
                                 "saldo": {a: _value(acc["saldo"][a]) for a in COMPARISONS},
                                 "investering": {a: _value(acc["inv"][a]) for a in COMPARISONS},
                                 "opbrengst": {a: _value(acc["opb"][a]) for a in COMPARISONS},
                                 "casussen": acc["casussen"]}
        per_gemeente = {}
        for g in sorted(st["gem"], key=lambda x: (x == NO_GEMEENTE, _fold(x), x)):
            acc = st["gem"][g]
            per_gemeente[g] = {"aantal": acc["aantal"],
                               "totalen": {sc: _value(acc["tot"][sc]) for sc in SCENARIOS},
                               "rendement": {a: _value(acc["rend"][a]) for a in COMPARISONS}}
        leef = st["leef"]
        n_doorbraken = sum(v[0] for v in leef.values())
        n_uitzondering = sum(v[1] for v in leef.values())
        leef_order = list(LEEFGEBIEDEN) + sorted(k for k in leef if k not in LEEFGEBIEDEN)
        budget_sum = _value(st["budget"])
        cats = sorted(((k, _value(v)) for k, v in st["budget_cats"].items()), key=lambda kv: (-kv[1], kv[0]))
        days = sorted(st["days"])
        be = exact_sorted(st["be"])
        status_counts = st["status"]
        last = st["last"]
        return {
            "aantal_casussen": n,
            "filters": self.filters.as_json(),
            "ongeldig": list(ongeldig or ()),
            "prijslijsten_overgeslagen": prijslijsten,
            "per_status": {**{x: status_counts.get(x, 0) for x in STATUSES},
                           **{x: c for x, c in sorted(status_counts.items()) if x not in STATUSES}},
            "totalen": {sc: _value(st["tot"][sc]) for sc in SCENARIOS},
            "rendement": comp_sum,  # the sum of calc's own comparisons per case
            "per_casus": {
                "gemiddeld": {a: (comp_sum[a] / n if n else None) for a in COMPARISONS},
                "mediaan": {a: median(sorted_comp[a]) for a in COMPARISONS},
            },
            "goedkoper": dict(st["cheaper"]),
            "per_domein": per_domein,
            "per_gemeente": per_gemeente,
            "indicatief": {"casussen": st["ind_cases"], "posten": st["ind_lines"],
                           "totalen": {sc: _value(st["ind"][sc]) for sc in SCENARIOS}},
            "doorbraken": {
                "aantal": n_doorbraken,
                "met_uitzondering": n_uitzondering,
                "aandeel_uitzondering": Fraction(n_uitzondering, n_doorbraken) if n_doorbraken else None,
                "per_leefgebied": {k: {"aantal": leef[k][0], "met_uitzondering": leef[k][1],
                                       "aandeel_uitzondering": Fraction(leef[k][1], leef[k][0])}
                                   for k in leef_order if k in leef},
            },
            "legitimiteit": {
                "regels": [{"regel": t, "casussen": c, "schrijfwijzen": w} for t, c, w in _spelled_ranked(st["rules"])],
                "wie_gaat_erover": [{"wie": t, "casussen": c, "schrijfwijzen": w}
                                    for t, c, w in _spelled_ranked(st["wie"])],
            },
            "maatwerkbudget": {
                "casussen": st["budget_cases"],
                "totaal": budget_sum,
                "per_categorie": [{"categorie": k, "bedrag": v, "aandeel": (v / budget_sum) if budget_sum else None}
                                  for k, v in cats],
            },
            "reis": {
                "casussen_met_reis": st["reis_n"],
                "ingediend": st["reis_submitted"],
                "besloten": len(days),
                "dagen_tot_besluit": {
                    "mediaan": median(days),
                    "kwartiel_1": quantile(days, Fraction(1, 4)),
                    "kwartiel_3": quantile(days, Fraction(3, 4)),
                    "min": days[0] if days else None,
                    "max": days[-1] if days else None,
                },
                "binnen_14_dagen": sum(1 for d in days if d <= QUICK_DAYS),
                "opgeschaald": st["reis_escalated"],
                "besluiten": {k: st["decisions"].get(k, 0) for k in (*DECISIONS, "nog_geen_besluit")},
                "laatste_stap": {k: last[k] for k in JOURNEY_EVENTS if k in last},
            },
            "problemen": [{"probleem": t, "casussen": c} for t, c, _ in _spelled_ranked(st["problems"])],
            "break_even": {
                "casussen_met_kans": len(be),
                "mediaan": median(be),
                "kwartiel_1": quantile(be, Fraction(1, 4)),
                "kwartiel_3": quantile(be, Fraction(3, 4)),
                "altijd_rendabel": st["be_kind"].get("altijd", 0),
                "nooit_rendabel": st["be_kind"].get("nooit", 0),
            },
            "terugverdiend": {a: {"in_jaar": dict(sorted((int(k), v) for k, v in st["payback"][a].items() if k != "niet")),
                                  "niet_binnen_horizon": st["payback"][a].get("niet", 0)} for a in COMPARISONS},
            "geldstromen": [{"van": k.split("|")[0], "naar": k.split("|")[1], "bedrag": _value(v)}
                            for k, v in sorted(st["flows"].items(), key=lambda kv: (-_value(kv[1]), kv[0]))],
        }


def duplicate_error(file: str, case_id: str, first: str) -> str:
    return (f"{file}: fout[dubbel-id]: id: het id '{case_id}' wordt ook gebruikt door {first} "
            "(geef elke casus een eigen id)")


def aggregate(entries, filters: Filters | None = None) -> dict:
    """Fold ``(kind, file, payload)`` entries, in file order, into the portfolio.

    ``kind`` is "case" (payload: a summary), "fout" (payload: the first error,
    formatted) or "prijslijst" (a price list found among the cases: skipped).
    A case whose id an earlier file already used is listed as invalid.
    """
    acc = Accumulator(filters)
    ongeldig = []
    ids: dict = {}
    prijslijsten = 0
    for kind, file, payload in entries:
        if kind == "prijslijst":
            prijslijsten += 1
        elif kind != "case":
            ongeldig.append({"bestand": file, "fout": payload})
        elif payload["id"] in ids:
            ongeldig.append({"bestand": file, "fout": duplicate_error(file, payload["id"], ids[payload["id"]])})
        else:
            ids[payload["id"]] = file
            acc.add(payload)
    return acc.result(ongeldig, prijslijsten)


def sum_values(values) -> Fraction:
    acc: dict = {}
    for v in values:
        acc[v.denominator] = acc.get(v.denominator, 0) + v.numerator
    return _value(acc)
