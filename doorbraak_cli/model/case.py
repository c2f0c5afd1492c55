"""The typed, immutable model of a doorbraakplan and a price list.

Plain NamedTuples: immutable, cheap to create and quick to import (this
module is on the path of every ``calc``). Texts that may be written either as
one string or as a list are normalised to tuples of strings.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from .vocabulary import PLAN_STATUSES, STOPPED


class PriceItem(NamedTuple):
    id: str
    omschrijving: str
    prijs: Decimal
    eenheid: str
    domein: str
    bron: str
    toelichting: str
    lijst: str  # name of the price list it came from


class PriceList(NamedTuple):
    name: str  # the file stem, which a case names in `prijslijst:`
    path: str
    naam: str
    versie: str
    bron: str
    items: dict  # id -> PriceItem
    sha256: str = ""  # of the file's bytes
    shipped: bool = False  # shipped with the tool (else a repository's own list)


class PriceListRef(NamedTuple):
    """Where a case's prices came from: a price list it used, for provenance in every output."""

    naam: str  # the list's name (file stem)
    bestand: str  # the shipped file's name, or the repository list's path relative to the case's folder
    versie: str
    sha256: str
    herkomst: str  # "meegeleverd" (shipped with doorbraak) or "eigen" (the repository's own)


class Quantity(NamedTuple):
    value: Fraction  # in the unit of the line's price
    text: str  # as written ("3 x 6 maanden"); "" when omitted


_NO_QUANTITY = Quantity(Fraction(0), "")


class CostLine(NamedTuple):
    index: int  # position in rendement.posten
    post: str | None  # price-list id, or None for an inline line
    omschrijving: str
    prijs: Decimal
    eenheid: str
    domein: str
    bron: str
    huidig: Quantity
    dreigend: Quantity
    doorbraak: Quantity
    indicatief: bool
    toelichting: str
    # multi-year and uncertainty (all optional; the defaults leave the method's figures unchanged)
    eenmalig: bool = False  # occurs once, in year 1 (explicit, or by default from the unit)
    looptijd: Fraction | None = None  # years a recurring line lasts; None = the whole horizon
    kans: Fraction | None = None  # probability that this line's threat happens
    toerekening: Fraction = Fraction(1)  # share of this line's effect credited to the plan
    lijst: str = ""  # the price list its item came from; "" for a line with its own price
    gerealiseerd: Quantity | None = None  # what it really took after the breakthrough; None: unknown (not recorded)

    def quantity(self, scenario: str) -> Quantity:
        """A scenario's quantity (an omitted one is 0); for ``gerealiseerd`` see :attr:`realised`."""
        q = getattr(self, scenario)
        return _NO_QUANTITY if q is None else q

    @property
    def realised_known(self) -> bool:
        return self.gerealiseerd is not None

    @property
    def needs_realised(self) -> bool:
        """Whether an evaluation needs this line's realised quantity: a counted line with a planned quantity."""
        return not self.indicatief and bool(self.doorbraak.value)


class Breakthrough(NamedTuple):
    omschrijving: str
    leefgebied: str
    uitzondering: bool | None
    toelichting: str


class Rule(NamedTuple):
    regel: str
    bron: str
    bedoeling: str
    uitzonderingsgronden: str
    andere_regels: str
    wie_gaat_erover: str
    regel_id: str = ""  # a stable id of the rule, so that two wordings of it are one rule; "" when not given


class Action(NamedTuple):
    wie: str
    wat: str
    wanneer: str
    fase: str  # "doorbraak" | "daarna" | "" (unknown)


class JourneyEvent(NamedTuple):
    datum: date
    gebeurtenis: str
    bij: str
    toelichting: str


class BudgetItem(NamedTuple):
    bedrag: Decimal
    categorie: str
    omschrijving: str


class Perspective(NamedTuple):
    termijn: str
    kort: tuple
    lang: tuple


class Overview(NamedTuple):
    zelf: tuple
    ondersteuning: tuple
    behandeling: tuple


class Rendement(NamedTuple):
    periode: str
    posten: tuple  # of CostLine
    toelichting: str
    periode_jaren: Fraction = Fraction(1)  # the period the quantities cover, in years
    horizon: int = 1  # years to project
    kans: Fraction | None = None  # probability that the threatening scenario happens (whole case)
    disconto: Fraction | None = None  # yearly discount rate; None = no discounting (as in the book)


class ActionPlan(NamedTuple):
    acties: tuple  # of Action
    evaluatie: tuple
    vangnet: str


class Duration(NamedTuple):
    """A span of calendar time, as a follow-up measurement is due after the realisation: months or days."""

    text: str  # as written: "3 maanden"
    months: int = 0
    days: int = 0


class Realisation(NamedTuple):
    datum: date | None  # the day the breakthrough was realised
    uitkomst: str  # gelukt | deels | niet gelukt | "" (not said)
    toelichting: str
    metingen_na: tuple  # of Duration: when the follow-up measurements are due, counted from datum


class Measurement(NamedTuple):
    """A Positieve Gezondheid measurement: six scores from 0 to 10 (at most one decimal)."""

    datum: date
    scores: dict  # dimension -> Decimal
    door: str  # huishouden | regievoerder | samen
    toelichting: str


class Stop(NamedTuple):
    """Why and when a case stopped (``gestopt``), at any step: before the intake, after it, or after a plan."""

    datum: date | None
    reden: str  # one of vocabulary.STOP_REASONS
    toelichting: str


class Consent(NamedTuple):
    """The household's agreement with the plan, in its own words: the plan is theirs."""

    datum: date | None
    door: str
    in_eigen_woorden: str


class Case(NamedTuple):
    file: str
    id: str
    titel: str
    gemeente: str
    status: str
    regievoerder: str
    datum: date | None
    prijslijsten: tuple  # names of the price lists the case names (or the default ones)
    problemen: tuple
    vorig_plan: str
    situatieschets: str
    toekomstperspectief: Perspective
    overzicht: Overview
    doorbraken: tuple  # of Breakthrough
    legitimiteit: tuple  # of Rule
    betrokkenheid: str
    rendement: Rendement
    afweging: str
    actieplan: ActionPlan
    reis: tuple  # of JourneyEvent
    maatwerkbudget: tuple  # of BudgetItem
    bronnen: tuple = ()  # of PriceListRef: the price lists whose items the lines use, in the order named
    realisatie: Realisation | None = None
    metingen: tuple = ()  # of Measurement, by date
    instemming: Consent | None = None
    gestopt: Stop | None = None
    namen: tuple = ()  # the first names and pseudonyms its texts use (anonymised outputs replace them)
    verhaal_versleuteld: bool = False  # the story is encrypted and was not opened: its texts read '[versleuteld]'

    @property
    def evaluated(self) -> bool:
        """Whether there is anything to evaluate: a realisation or a measurement. A realised quantity without a
        realisation is warned about and counted nowhere."""
        return self.realisatie is not None or bool(self.metingen)

    def realised_lines(self) -> tuple:
        """(the lines an evaluation needs a realised quantity of, those of them without one): the counted lines with
        a planned (doorbraak) or a realised quantity. The realised cost is complete when the second is empty."""
        needed = tuple(line for line in self.rendement.posten if not line.indicatief
                       and (line.doorbraak.value or line.realised_known))
        return needed, tuple(line for line in needed if not line.realised_known)

    @property
    def has_plan(self) -> bool:
        """Whether the case has a plan with a cost-benefit analysis: submitted or later, or stopped after a plan
        was written (it has cost lines, or its journey says it was submitted)."""
        if self.status in PLAN_STATUSES:
            return True
        if self.status != STOPPED:
            return False
        return bool(self.rendement.posten) or any(e.gebeurtenis == "ingediend" for e in self.reis)
