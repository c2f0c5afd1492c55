"""Who pays, who profits: the money flows between legal domains.

Against a reference scenario (the threatening one by default), a domain whose
costs rise under the breakthrough *invests*; one whose costs fall *profits*.
The flow matrix spreads each investing domain's investment over the profiting
domains in proportion to what they save, so it reads as "the Participatiewet
invests € X, of which € Y ends up as a saving in the Wlz". Pure functions.

A flow never overstates: what flows from a domain never exceeds what it
invests, and what flows into one never exceeds what it saves. Only the smaller
of the two totals flows; the difference lands nowhere and is kept as the
net cost (more invested than saved) or net saving (more saved than invested).
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from ..model.vocabulary import domain_order
from .cost import Result
from .rational import difference, total

_ZERO = Fraction(0)


class DomainFlow(NamedTuple):
    domein: str
    investeert: Fraction  # >= 0: how much more this domain pays under the breakthrough
    profiteert: Fraction  # >= 0: how much less it pays
    netto: Fraction  # profiteert − investeert (= the domain's comparison)


class Flows(NamedTuple):
    against: str  # "dreigend" or "huidig"
    domains: tuple  # of DomainFlow, in the fixed domain order
    stromen: tuple  # of (van, naar, Fraction): investment of `van` that lands as saving in `naar`
    rest: Fraction = Fraction(0)  # what flows nowhere: > 0 net saving, < 0 net cost (saved − invested)


def flows(result: Result, against: str = "dreigend") -> Flows:
    domains = []
    for d in sorted(result.rendement_per_domein, key=domain_order):
        net = result.rendement_per_domein[d][against]
        if net.numerator < 0:  # the sign of a Fraction is its numerator's: no Fraction comparison made
            domains.append(DomainFlow(d, -net, _ZERO, net))
        else:
            domains.append(DomainFlow(d, _ZERO, net if net.numerator else _ZERO, net))
    invest = [x for x in domains if x.investeert.numerator > 0]
    profit = [x for x in domains if x.profiteert.numerator > 0]
    total_invest = total([x.investeert for x in invest])
    total_profit = total([x.profiteert for x in profit])
    stromen = []
    if total_profit and total_invest:
        # flow(i -> p) = min(I, P) × (inv_i / I) × (prof_p / P): row sums <= inv_i, column sums <= prof_p
        larger = max(total_invest, total_profit)
        for i in invest:
            for p in profit:
                stromen.append((i.domein, p.domein, i.investeert * p.profiteert / larger))
    return Flows(against, tuple(domains), tuple(stromen), difference(total_profit, total_invest))
