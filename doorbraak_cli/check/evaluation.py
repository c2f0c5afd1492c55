"""After the decision: the realisation, the Positieve Gezondheid measurements and the household's consent.

Read from the checked data into typed records, with the rules a reviewer of an
evaluation expects: every measurement has a date and all six dimensions, each
scored 0 to 10 with at most one decimal; measurements are in date order; a plan
that says it is realised has a ``realisatie``; and a realisation says, for every
planned line, what was really used (an omitted ``gerealiseerd`` is unknown, never 0).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..model.case import Consent, Duration, Measurement, Realisation
from ..model.problem import shown
from ..model.vocabulary import DEFAULT_FOLLOW_UPS, DIMENSIONS, MEASURED_BY, OUTCOMES
from .fields import as_date, as_list, as_map, as_text
from .located import Located
from .quantity import parse_term

_MONTHS = {"maand": 1, "kwartaal": 3, "jaar": 12}
_DAYS = {"dag": 1, "week": 7}
MAX_SCORE = Decimal(10)


MAX_FOLLOW_UP_MONTHS = 50 * 12  # a follow-up measurement later than this is a typing error


def parse_duration(text) -> Duration | None:
    """'3 maanden', '3 mnd.', '1 jr', '6 weken', '90 dagen' -> Duration; None when it is none of those.

    The units are the quantities' own (check/quantity.py), read by the calendar: a month is a month."""
    term = parse_term(text)
    if term is None:
        return None
    n, unit = term
    if unit in _MONTHS:
        return Duration(text.strip(), months=n * _MONTHS[unit])
    return Duration(text.strip(), days=n * _DAYS[unit])


def parse_score(value) -> Decimal:
    """A score of 0 to 10 with at most one decimal: 7, 7.5, "7,5". Raises ValueError with a Dutch message."""
    if isinstance(value, bool) or value is None:
        raise ValueError("geen score")
    if isinstance(value, int):
        d = Decimal(value)
    elif isinstance(value, Decimal):
        d = value
    elif isinstance(value, str) and re.fullmatch(r"\s*[0-9]+([.,][0-9]+)?\s*", value):
        try:
            d = Decimal(value.strip().replace(",", "."))
        except InvalidOperation:
            raise ValueError("geen score") from None
    else:
        raise ValueError("geen score")
    if not (0 <= d <= MAX_SCORE):
        raise ValueError("buiten 0 tot en met 10")
    if d.as_tuple().exponent < -1 and d != d.quantize(Decimal("0.1")):
        raise ValueError("meer dan één decimaal")
    return d.quantize(Decimal("0.1"))


def realisation(data: dict, loc: Located) -> Realisation | None:
    raw = data.get("realisatie")
    if not isinstance(raw, dict):
        return None
    path = ("realisatie",)
    follow = []
    texts = raw.get("metingen_na") if isinstance(raw.get("metingen_na"), list) else list(DEFAULT_FOLLOW_UPS)
    for i, t in enumerate(texts):
        d = parse_duration(t)
        if d is None:
            loc.error("ongeldige-termijn", path + ("metingen_na", i), f"'{t}' is geen termijn",
                      "schrijf een heel aantal dagen, weken, maanden of jaren, bijvoorbeeld '3 maanden'")
        elif d.months > MAX_FOLLOW_UP_MONTHS or d.days > MAX_FOLLOW_UP_MONTHS * 31:
            loc.error("ongeldige-termijn", path + ("metingen_na", i), f"'{t}' is te lang voor een vervolgmeting",
                      f"hooguit {MAX_FOLLOW_UP_MONTHS // 12} jaar na de realisatie, bijvoorbeeld '12 maanden'")
        else:
            follow.append(d)
    uitkomst = as_text(raw.get("uitkomst"))
    return Realisation(as_date(raw.get("datum"), loc, path + ("datum",)), uitkomst if uitkomst in OUTCOMES else "",
                       as_text(raw.get("toelichting")), tuple(follow))


def measurements(data: dict, loc: Located) -> tuple:
    """The measurements with a valid date and six valid scores, sorted by date (a warning when they were not)."""
    out = []
    for i, raw in enumerate(as_list(data.get("metingen"))):
        raw = as_map(raw)
        path = ("metingen", i)
        datum = as_date(raw.get("datum"), loc, path + ("datum",))
        scores = {}
        raw_scores = as_map(raw.get("scores"))
        for dim in DIMENSIONS:
            if dim not in raw_scores:
                continue  # the schema names the missing dimension
            try:
                scores[dim] = parse_score(raw_scores[dim])
            except ValueError as exc:
                loc.error("ongeldige-score", path + ("scores", dim),
                          f"de score voor {dim.replace('_', ' ')} is {shown(raw_scores[dim])}: {exc}",
                          "geef een score van 0 tot en met 10, met hooguit één decimaal (bijvoorbeeld 7 of 6,5)")
        door = as_text(raw.get("door")) or "huishouden"
        if datum is not None and len(scores) == len(DIMENSIONS) and door in MEASURED_BY:
            out.append((i, Measurement(datum, scores, door, as_text(raw.get("toelichting")))))
    dates = [m.datum for _, m in out]
    if dates != sorted(dates):
        first = next(i for (i, m), (_, n) in zip(out, out[1:]) if n.datum < m.datum)
        loc.warn("metingen-volgorde", ("metingen", first + 1), "de metingen staan niet op datum",
                 "zet ze in de volgorde waarin ze gedaan zijn; doorbraak telt ze op datum")
    dup = sorted({m.datum for _, m in out if dates.count(m.datum) > 1})
    if dup:
        loc.warn("dubbele-meting", ("metingen",), f"meer dan één meting op {', '.join(d.isoformat() for d in dup)}",
                 "houd één meting per dag; doorbraak meting --vervang vervangt een meting")
    return tuple(m for _, m in sorted(out, key=lambda im: (im[1].datum, im[0])))


def consent(data: dict, loc: Located) -> Consent | None:
    raw = data.get("instemming")
    if not isinstance(raw, dict):
        return None
    return Consent(as_date(raw.get("datum"), loc, ("instemming", "datum")), as_text(raw.get("door")),
                   as_text(raw.get("in_eigen_woorden")))


def reviewer_rules(case, loc: Located) -> None:
    """Warnings a reviewer of an evaluation gives: a realised status without realisatie, planned lines whose
    realised quantity is unknown (the realised cost is then incomplete), realised quantities without a realisation
    (counted nowhere)."""
    posten = ("waardendriehoek", "rendement", "posten")
    if case.status in ("gerealiseerd", "afgesloten") and case.realisatie is None:
        loc.warn("realisatie-ontbreekt", ("status",), f"het plan heeft status '{case.status}', maar er staat geen realisatie",
                 "voeg 'realisatie:' toe met de datum waarop de doorbraak gerealiseerd is (en de uitkomst)")
    if case.realisatie is None:
        for line in case.rendement.posten:
            if line.realised_known:
                loc.warn("gerealiseerd-zonder-realisatie", posten + (line.index, "gerealiseerd"),
                         f"bij '{line.omschrijving}' staat wat er gerealiseerd is, maar de casus heeft geen realisatie; "
                         "het telt nergens mee",
                         "voeg 'realisatie:' toe met de datum waarop de doorbraak gerealiseerd is")
        return
    for line in case.rendement.posten:
        if line.needs_realised and not line.realised_known:
            loc.warn("gerealiseerd-ontbreekt", posten + (line.index,),
                     f"bij '{line.omschrijving}' staat niet wat er echt gebruikt is; de gerealiseerde kosten van de "
                     "casus zijn daardoor onvolledig (onbekend is geen 0)",
                     "voeg 'gerealiseerd: <aantal>' toe, in dezelfde eenheid en over dezelfde periode als het plan "
                     "('gerealiseerd: 0' als er niets nodig was)")
