"""One case's summary: the typed, immutable, name-free record every portfolio figure folds, and its JSON form.

This is the one place where the summary's fields and their types are declared. :func:`summarize` makes it
from a case's :class:`~..analysis.Analysis`; every figure's ``add`` (``compute/portfolio``), the site's model
and the filters read it; the batch index keeps it as JSON (:func:`to_json`), and reads it back with
:func:`from_json`, which checks every field against these declarations (a mismatch is a cache miss).

It holds no pseudonym and no person's name (no ``titel``, ``regievoerder``, ``wie`` or ``bij``): cases are
identified by id. Amounts are :data:`~.shape.Amount` pairs (numerator, denominator), the analysis' own exact
values; a figure makes Fractions only of its finished sums.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from ...model.vocabulary import COMPARISONS, DECISIONS, DIMENSIONS, SCENARIOS
from .evaluation import NO_OUTCOME, SCORES
from .funnel import STAGES, case_state
from .keys import decider_head, decider_key, rule_group
from .shape import Amount, codec, shape


class CaseHead(NamedTuple):
    """Who the case is, and whether the money figures count it: what the filters and ``base.counts_in`` read."""

    id: str
    gemeente: str
    status: str
    datum: str | None  # ISO date
    kba: bool  # it has a cost-benefit analysis (``Case.has_plan``): see base.counts_in


class CaseJourney(NamedTuple):
    """What the plan's ``reis`` says (``plans.journey``)."""

    ingediend: bool
    besluit: str | None  # the first decision after submission
    dagen: int | None  # days from submission to that decision
    opgeschaald: bool
    laatste: str  # the last event


class CaseEvaluation(NamedTuple):
    """The realisation: outcome, realised against planned, Positieve Gezondheid, open follow-ups."""

    uitkomst: str | None  # gelukt, deels, niet gelukt, niet vermeld; None without a realisation
    gerealiseerd: bool  # realised, and the realised cost is complete (every needed line known)
    onvolledig: tuple[int, int] | None  # realised but incomplete: (lines known, lines that need one)
    totalen: tuple[Amount, Amount] | None  # (gepland, gerealiseerd), when complete
    rendement: tuple[Amount, ...] | None  # realised, per comparison, when complete
    per_domein: tuple[tuple[str, Amount, Amount], ...] | None  # (domain, gepland, gerealiseerd), when complete
    scores: tuple[tuple[int, int], ...] | None  # (first, last) per SCORES: tenths, the mean of six in 60ths
    vervolg: tuple[tuple[str, str], ...]  # open follow-up measurements: (label, ISO due date)


class FunnelPlace(NamedTuple):
    """Where the case stands in the funnel (``funnel.case_state``)."""

    stadium: int  # index in funnel.STAGES of the last stage passed
    stand: str  # lopend, gestopt or afgesloten
    reden: str | None  # gestopt.reden


class CaseSummary(NamedTuple):
    head: CaseHead
    totalen: tuple[Amount, ...]  # per scenario (SCENARIOS)
    rendement: tuple[Amount, ...]  # per comparison (COMPARISONS)
    per_domein: tuple[tuple[str, tuple[Amount, ...]], ...]  # (domain, per scenario then per comparison)
    indicatief: tuple[Amount, ...]  # per scenario, the indicative lines (counted nowhere)
    indicatief_posten: int
    budget: tuple[tuple[str, Amount], ...]  # (categorie, bedrag) of the free maatwerkbudget
    doorbraken: tuple[tuple[str, bool | None], ...]  # (leefgebied, uitzondering)
    regels: tuple[tuple[str, str], ...]  # (group key, citation) per cited rule
    wie: tuple[tuple[str, str], ...]  # (key, who decides) per rule that names one
    reis: CaseJourney | None
    problemen: tuple[str, ...]
    break_even: Amount | None  # the break-even probability, when there is one
    break_even_soort: str  # kans, altijd or nooit
    terugverdiend: tuple[int | None, ...]  # per comparison: the year it pays back, None when not in the horizon
    stromen: tuple[tuple[str, str, Amount], ...]  # (from, to, amount) against the threatening scenario
    lijsten: tuple[tuple[str, str, str, str], ...]  # (naam, versie, sha256, herkomst) of the price lists used
    evaluatie: CaseEvaluation | None
    trechter: FunnelPlace

    def domain(self, name: str) -> tuple | None:
        """The five amounts of one domain, or None when the case has no cost in it."""
        for d, values in self.per_domein:
            if d == name:
                return values
        return None


def journey(case) -> CaseJourney | None:
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
    return CaseJourney(submitted is not None, decided.gebeurtenis if decided else None,
                       (decided.datum - submitted.datum).days if decided else None,
                       any(ev.gebeurtenis == "opgeschaald" for ev in events), events[-1].gebeurtenis)


def _evaluation(a) -> CaseEvaluation | None:
    e = a.evaluation
    if e is None:
        return None
    complete = e.complete  # realised, and every planned line says what it really took
    h = e.gezondheid
    return CaseEvaluation(
        (e.realisatie.uitkomst or NO_OUTCOME) if e.realisatie is not None else None,
        complete,
        (e.bekend, e.posten) if e.realised and not complete else None,
        (e.totalen["gepland"].as_integer_ratio(), e.totalen["gerealiseerd"].as_integer_ratio()) if complete else None,
        tuple([e.rendement[c].as_integer_ratio() for c in COMPARISONS]) if complete else None,
        tuple([(d, t["gepland"].as_integer_ratio(), t["gerealiseerd"].as_integer_ratio())
               for d, t in e.per_domein.items()])
        if complete else None,
        # first and last score in tenths (a score has one decimal at most); the mean of six as the sum in tenths
        None if h is None or len(h.metingen) < 2 else
        tuple([(int(h.dimensies[d][0] * 10), int(h.dimensies[d][1] * 10)) for d in DIMENSIONS])
        + ((int(h.gemiddelde[0] * 60), int(h.gemiddelde[1] * 60)),),
        tuple([(f.label, f.vervaldatum.isoformat()) for f in e.vervolg if f.gedaan is None and f.vervaldatum]))


def case_head(case) -> CaseHead:
    """Who a case is, and whether the money figures count it."""
    return CaseHead(case.id, case.gemeente, case.status, case.datum.isoformat() if case.datum else None,
                    case.has_plan)


@lru_cache(maxsize=4096)
def _rule(regel: str, regel_id: str) -> tuple:
    """(group key, citation) of a rule: the same few rules are cited in case after case."""
    return rule_group(regel, regel_id), " ".join(regel.split())


@lru_cache(maxsize=4096)
def _decider(text: str) -> tuple:
    return decider_key(text), decider_head(text)


def summarize(analysis) -> CaseSummary:
    """The compact, name-free summary of one analysed case (amounts: each exact value's ``as_integer_ratio``,
    which a Fraction, a Decimal and an int all give)."""
    case = analysis.case
    r = analysis.result
    totals = r.totals
    rules = case.legitimiteit
    per_domain = r.rendement_per_domein
    be = analysis.uncertainty.break_even
    if be.kans is not None:
        kind = "kans"
    else:
        kind = "altijd" if totals["doorbraak"] <= totals["huidig"] else "nooit"
    stage, stand, reden = case_state(case)
    return CaseSummary(
        case_head(case),
        tuple([totals[s].as_integer_ratio() for s in SCENARIOS]),
        tuple([r.rendement[c].as_integer_ratio() for c in COMPARISONS]),
        tuple([(d, tuple([tot[s].as_integer_ratio() for s in SCENARIOS]
                         + [per_domain[d][c].as_integer_ratio() for c in COMPARISONS]))
               for d, tot in r.per_domein.items()]),
        tuple([r.indicative_totals[s].as_integer_ratio() for s in SCENARIOS]),
        len(r.indicative),
        tuple([(b.categorie, b.bedrag.as_integer_ratio()) for b in case.maatwerkbudget]),
        tuple([(b.leefgebied, b.uitzondering) for b in case.doorbraken]),
        tuple([_rule(x.regel, x.regel_id) for x in rules if x.regel]),
        tuple([_decider(x.wie_gaat_erover) for x in rules if x.wie_gaat_erover]),
        journey(case),
        tuple(case.problemen),
        be.kans.as_integer_ratio() if be.kans is not None else None,
        kind,
        tuple([analysis.projection.payback[c] for c in COMPARISONS]),
        tuple([(van, naar, x.as_integer_ratio()) for van, naar, x in analysis.flows["dreigend"].stromen]),
        tuple([(x.naam, x.versie, x.sha256, x.herkomst) for x in case.bronnen]),
        _evaluation(analysis),
        FunnelPlace(stage, stand, reden))


# --- its JSON form ---------------------------------------------------------------------------------

_CODEC = codec(CaseSummary)


def summary_shape(record_type=CaseSummary) -> str:
    """The declared shape of the summary (every field's name and type, nested records included): part of the
    index's code fingerprint, so a summary of another shape is never read back."""
    return shape(record_type)


def to_json(s: CaseSummary) -> str:
    """The summary's JSON text: arrays in the declared order, amounts as exact texts (``shape.py``)."""
    return _CODEC.to_json(s)


def from_json(text) -> CaseSummary | None:
    """The summary from its JSON text, or None when the text is not one (damaged, of another shape, too
    large, or with values no case gives): the caller computes the case again."""
    s = _CODEC.from_json(text)
    return s if s is not None and consistent(s) else None


STANDS = frozenset({"lopend", "gestopt", "afgesloten"})
BREAK_EVEN_KINDS = frozenset({"kans", "altijd", "nooit"})


def consistent(s: CaseSummary) -> bool:
    """Whether what the summary's types cannot say holds too: lengths per scenario and comparison, the words
    of closed lists, a complete realisation with its amounts."""
    nc, ns = len(COMPARISONS), len(SCENARIOS)
    e = s.evaluatie
    ok = (len(s.totalen) == ns and len(s.rendement) == nc and len(s.indicatief) == ns
          and len(s.terugverdiend) == nc and all(len(v) == ns + nc for _, v in s.per_domein)
          and s.break_even_soort in BREAK_EVEN_KINDS and (s.break_even is None) == (s.break_even_soort != "kans")
          and s.indicatief_posten >= 0 and all(y is None or y > 0 for y in s.terugverdiend)
          and 0 <= s.trechter.stadium < len(STAGES) and s.trechter.stand in STANDS
          and all(a[1] > 0 for a in s.totalen + s.rendement + s.indicatief))
    if ok and s.reis is not None:
        ok = s.reis.dagen is None or s.reis.dagen >= 0
    if ok and e is not None:
        complete = e.totalen is not None and e.rendement is not None and e.per_domein is not None
        ok = (e.gerealiseerd == complete and (e.rendement is None or len(e.rendement) == nc)
              and (e.scores is None or len(e.scores) == len(SCORES))
              and (e.onvolledig is None or 0 <= e.onvolledig[0] <= e.onvolledig[1]))
    return ok


class SummaryPayload:
    """What ``report`` keeps of each case (a batch ``Work``'s payload): its summary, with its JSON form."""

    def __call__(self, analysis) -> CaseSummary:
        return summarize(analysis)

    def to_json(self, s: CaseSummary) -> str:
        return to_json(s)

    def from_json(self, text) -> CaseSummary | None:
        return from_json(text)

    def head(self, s: CaseSummary) -> CaseHead:
        return s.head

    def summary(self, s: CaseSummary) -> CaseSummary:
        return s


__all__ = ["Amount", "CaseEvaluation", "CaseHead", "CaseJourney", "CaseSummary", "FunnelPlace", "SummaryPayload",
           "from_json", "summarize", "to_json"]
