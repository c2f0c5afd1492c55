"""What a worker keeps of each case for the site: the ``site`` part of its payload, and its page.

The payload of a site run (made by :class:`...site.work.SitePayload`) is the
case's name-free :func:`summary <...compute.portfolio.summary.summarize>` (so
the portfolio folds exactly as ``report``'s) with one more key, ``site``:

* ``regels``: per cited rule ``[key, citation, grounds (HTML), who decides]``,
  the free texts passed through the same anonymiser as ``render --anoniem``;
* ``reis``: the journey as ``[date, event]`` pairs (for the trend per quarter);
* ``bedragen`` and ``domeinen``: the case's amounts as every list shows them;
* with names only: ``titel``;
* ``peil``: the peildatum of the run that made its page (the index keeps the
  payload, and with it the page's digest, for later runs: a later run with
  another peildatum makes the page again where that changes what it says);
* when a house style's template failed on this case: ``paginafout``;
* ``pagina``: when the run writes a site, the digest of the finished page the
  worker wrote (see ``site/work.py``).

Nothing here reads a file or the clock: the day and the mode come in the
run's :class:`...model.run.RunContext`.
"""

from __future__ import annotations


def anonymous_texts(case):
    """The case with the texts the portfolio figures carry (rules, problem labels) through the anonymiser; the
    rest stays as it is: the case page anonymises itself, and the figures never read a text."""
    from ..present.plan.anonymize import anonymize

    anonymous = anonymize(case)
    return case._replace(legitimiteit=anonymous.legitimiteit, problemen=anonymous.problemen)


def rule_details(case, plan: dict) -> list:
    """[key, citation, grounds HTML, who decides] per cited rule, the texts from the (anonymised) view."""
    from ..compute.portfolio.keys import rule_group

    out = []
    for rule, shown in zip(case.legitimiteit, plan["legitimiteit"]):
        if not rule.regel:
            continue
        answers = {q["veld"]: q["antwoord"] for q in shown["vragen"]}
        grounds = answers["uitzonderingsgronden"]
        out.append([rule_group(rule.regel, rule.regel_id), " ".join(rule.regel.split()), str(grounds.html) if grounds else "",
                    answers["wie_gaat_erover"].source])
    return out


def page_and_extras(analysis, run, with_page: bool, templates: str | None = None) -> tuple[str | None, dict]:
    """(the case page without navigation, or None; the ``site`` part of the payload).

    A house style's mistake on this case is kept in the payload (``paginafout``, the Dutch message): the case
    still counts, and the command says what went wrong rather than writing a site with a page missing. ``run``
    is the command's RunContext: the page's late measurements are as on its peildatum.
    """
    from ..model.vocabulary import COMPARISONS, SCENARIOS
    from ..present.numbers import euro
    from ..present.plan.templating import RenderError
    from . import casepage

    case = analysis.case
    r = analysis.result
    plan = casepage.view(analysis, run)
    extras = {"peil": run.peildatum.isoformat(),
              "regels": rule_details(case, plan),
              "reis": [[e.datum.isoformat(), e.gebeurtenis] for e in case.reis],
              # the amounts as every list shows them, formatted once here rather than in every run of the site
              "bedragen": [euro(r.totals[s]) for s in SCENARIOS] + [euro(r.rendement[c]) for c in COMPARISONS],
              "domeinen": {d: [euro(tot[s]) for s in SCENARIOS] + [euro(r.rendement_per_domein[d][c])
                                                                  for c in COMPARISONS]
                           for d, tot in r.per_domein.items()}}
    if not run.anonymised:
        extras["titel"] = case.titel
    page = None
    if with_page:
        try:
            page = casepage.render(plan, templates)
        except RenderError as exc:
            extras["paginafout"] = str(exc)
    return page, extras
