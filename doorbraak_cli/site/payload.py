"""What a worker keeps of each case for the site: a :class:`SiteEntry`, the case's summary beside its page part.

The payload of a site run (made by :class:`...site.work.SitePayload`) is the
case's name-free :class:`~...compute.portfolio.casesummary.CaseSummary` (so
the portfolio folds exactly as ``report``'s), and beside it, never in it, what
the site's pages need of the case (:class:`SitePage`). Both are typed and
immutable; the index keeps them as JSON and reads them back checked against
these declarations (a mismatch is a miss: the case is computed again).

Nothing here reads a file or the clock: the day and the mode come in the
run's :class:`...model.run.RunContext`.
"""

from __future__ import annotations

from typing import NamedTuple

from ..compute.portfolio.casesummary import CaseSummary, consistent
from ..compute.portfolio.shape import codec
from ..model.vocabulary import COMPARISONS, SCENARIOS

AMOUNTS = len(SCENARIOS) + len(COMPARISONS)  # the five amounts a list shows per case (and per domain)


class SitePage(NamedTuple):
    """What the site's pages need of a case beyond its summary."""

    peil: str  # the peildatum (ISO) of the run that made its page: a later run with another one may make it again
    regels: tuple[tuple[str, str, str, str], ...]  # per cited rule: (key, citation, grounds HTML, who decides),
    # the free texts passed through the same anonymiser as ``render --anoniem``
    reis: tuple[tuple[str, str], ...]  # the journey as (ISO date, event) (for the trend per quarter)
    bedragen: tuple[str, ...]  # the five amounts as every list shows them (numbers.euro)
    domeinen: tuple[tuple[str, tuple[str, ...]], ...]  # per domain its five amounts as shown
    titel: str | None  # with names only
    paginafout: str | None  # a house style's template failed on this case: the Dutch message
    pagina: str | None  # when the run writes a site: the digest of the finished page the worker wrote


class SiteEntry(NamedTuple):
    """A site run's payload of one case: its summary, and beside it its page part."""

    summary: CaseSummary
    site: SitePage


_CODEC = codec(SiteEntry)
SHAPE = _CODEC.shape  # part of the site's index key (site/work.work_key)


def entry_to_json(entry: SiteEntry) -> str:
    return _CODEC.to_json(entry)


def entry_from_json(text) -> SiteEntry | None:
    """A site payload read back, checked against its declarations; None (a miss) when it is not one."""
    entry = _CODEC.from_json(text)
    if entry is None or not consistent(entry.summary):
        return None
    page = entry.site
    if len(page.bedragen) != AMOUNTS or any(len(v) != AMOUNTS for _, v in page.domeinen):
        return None
    return entry


def anonymous_parts(analysis):
    """(the analysis the figures are made of, the analysis the page shows) of an anonymised site's case, with the
    case anonymised once: the figures' case has the texts the portfolio figures carry (rules, problem labels)
    through the anonymiser and the rest as it is (the figures never read a text); the page's is anonymised
    whole, as ``render --anoniem`` shows it."""
    from ..present.plan.anonymize import anonymous_analysis

    shown = anonymous_analysis(analysis)
    anonymous = shown.case
    case = analysis.case._replace(legitimiteit=anonymous.legitimiteit, problemen=anonymous.problemen)
    return analysis._replace(case=case), shown


def rule_details(case, plan: dict) -> tuple:
    """(key, citation, grounds HTML, who decides) per cited rule, the texts from the (anonymised) view."""
    from ..compute.portfolio.keys import rule_group

    out = []
    for rule, shown in zip(case.legitimiteit, plan["legitimiteit"]):
        if not rule.regel:
            continue
        answers = {q["veld"]: q["antwoord"] for q in shown["vragen"]}
        grounds = answers["uitzonderingsgronden"]
        out.append((rule_group(rule.regel, rule.regel_id), " ".join(rule.regel.split()),
                    str(grounds.html) if grounds else "", answers["wie_gaat_erover"].source))
    return tuple(out)


def page_and_extras(analysis, run, with_page: bool, templates: str | None = None,
                    shown=None) -> tuple[str | None, SitePage]:
    """(the case page without navigation, or None; the case's :class:`SitePage`, without ``pagina``).

    ``shown`` is the analysis the page shows, when it is not ``analysis`` (an anonymised site's, made once by
    :func:`anonymous_parts`).

    A house style's mistake on this case is kept in the payload (``paginafout``, the Dutch message): the case
    still counts, and the command says what went wrong rather than writing a site with a page missing. ``run``
    is the command's RunContext: the page's late measurements are as on its peildatum.
    """
    from ..present.numbers import euro
    from ..present.plan.templating import RenderError
    from . import casepage

    case = analysis.case
    r = analysis.result
    plan = casepage.view(analysis if shown is None else shown, run)
    page = failed = None
    if with_page:
        try:
            page = casepage.render(plan, templates)
        except RenderError as exc:
            failed = str(exc)
    # the amounts as every list shows them, formatted once here rather than in every run of the site
    shown = SitePage(run.peildatum.isoformat(), rule_details(case, plan),
                     tuple([(e.datum.isoformat(), e.gebeurtenis) for e in case.reis]),
                     tuple([euro(r.totals[s]) for s in SCENARIOS] + [euro(r.rendement[c]) for c in COMPARISONS]),
                     tuple([(d, tuple([euro(tot[s]) for s in SCENARIOS]
                                      + [euro(r.rendement_per_domein[d][c]) for c in COMPARISONS]))
                            for d, tot in r.per_domein.items()]),
                     None if run.anonymised else case.titel, failed, None)
    return page, shown
