"""``render --anoniem``: neutral labels instead of the names a plan gives, for learning sessions.

What is replaced, everywhere in the plan's texts:

* the pseudonym (``titel``) by ``Huishouden A`` as the document's title; in the texts a family name
  ("Familie Van Berkel") by ``Huishouden A`` and a title of several people ("Esther en Javairo") by
  ``Persoon A en Persoon B``, so a verb after it still agrees; each name in it by ``Persoon A``, …;
* the ``regievoerder`` by ``Regievoerder``;
* every ``wie`` of the action plan (and ``bij`` of the journey) by
  ``Betrokkene 1``, ``Betrokkene 2``, … (the same text gets the same label,
  also where it recurs in other texts); a role cannot be told apart from a
  name, so none is kept. A ``wie`` that names only the household keeps its
  ``Persoon`` label, one that names the regievoerder becomes ``Regievoerder``.

* each name the plan lists in ``namen`` (first names and pseudonyms used in
  its texts) by its own ``Persoon`` label.

This applies to every free-text field (the posts' and rules' texts included); the
fields that anonymised outputs show as they are (id, gemeente, status, dates,
amounts, units, domains, leefgebied, fase, events) are listed in SECURITY.md.
Names that appear only inside free text and in none of these fields cannot
be recognised; the document says so, so that the author checks before sharing.
The figures are untouched: anonymising changes text, never amounts.
"""

from __future__ import annotations

import re

from ...compute.analysis import Analysis, with_texts
from ...model.case import Case
from ...source.sops import ERASED, LOCKED

HOUSEHOLD = "Huishouden A"
DIRECTOR = "Regievoerder"
FAMILY_WORDS = ("familie", "gezin", "fam.", "huishouden")
NOT_NAMES = {"en", "de", "het", "van", "der", "den", "ter", "familie", "gezin", "huishouden", "mevrouw", "meneer",
             "mw", "dhr", "met"}
_PARTS = re.compile(r"\s+en\s+|\s*[,&+/]\s*")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# What an encrypted case shows without its key, and an erased one: no name, so never replaced by a label (or every
# locked text of the plan would read 'Regievoerder').
MARKERS = (LOCKED, ERASED)


def _letters(i: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def name_tokens(text: str) -> list[str]:
    """The words of a name that identify someone: 'Familie Van Berkel' -> ['Berkel']."""
    out = []
    for word in _WORD.findall(text):
        if word.lower() in NOT_NAMES or len(word) < 2 or word in out:
            continue
        out.append(word)
    return out


class Anonymizer:
    """Maps the names the plan gives to neutral labels, and applies them to any text."""

    def __init__(self, case: Case):
        self.case = case
        self.replacements: list[str] = []  # the names, longest first
        self.names: dict[str, str] = {}  # name -> its label
        self.compiled: dict[str, re.Pattern] = {}
        self.labels: dict[str, str] = {}
        self.count = 0
        titel = "" if case.titel.strip() in MARKERS else case.titel.strip()
        parts = [p.strip() for p in _PARTS.split(titel) if p.strip()]
        family = any(titel.lower().startswith(w) for w in FAMILY_WORDS)
        if family:
            self._add(titel, HOUSEHOLD)
        elif len(parts) != 1:  # "Esther en Javairo hebben …": two people stay two ("Persoon A en Persoon B hebben")
            self._add(titel, " en ".join(f"Persoon {_letters(i)}" for i in range(len(parts))))
        if family:
            for word in name_tokens(titel):
                self._add(word, HOUSEHOLD)
        else:
            for i, part in enumerate(parts):
                label = f"Persoon {_letters(i)}"
                self._add(part, label)
                for word in name_tokens(part):
                    self._add(word, label)
        if case.regievoerder.strip():
            self._add(case.regievoerder, DIRECTOR)
        # the names the plan lists in 'namen' (first names, pseudonyms used in its texts): each its own label
        persons = 0 if family else len(parts)
        for name in case.namen:
            if name.strip() and name.strip() not in self.names:
                self._add(name, f"Persoon {_letters(persons)}")
                persons += 1

    def _add(self, text: str, label: str) -> None:
        text = text.strip()
        if not text or text in self.names or text in MARKERS:
            return
        self.names[text] = label
        self.replacements.append(text)
        # longest first, so that a full title wins over the names in it
        self.replacements.sort(key=lambda t: -len(t))

    def _pattern(self, text: str) -> re.Pattern:
        """Compiled only when the name occurs in a text at all (most names from wie/bij never do)."""
        compiled = self.compiled.get(text)
        if compiled is None:
            # also the Dutch possessive: "Evelines", "Derk Jans", "Thomas'"
            compiled = self.compiled[text] = re.compile(r"(?<!\w)" + re.escape(text) + r"(?P<bezit>'s|’s|s|')?(?!\w)")
        return compiled

    def text(self, value: str) -> str:
        for name in self.replacements:
            if name in value:
                label = self.names[name]
                value = self._pattern(name).sub(lambda m, label=label: label + ("'s" if m.group("bezit") else ""), value)
        return value

    def person(self, value: str) -> str:
        """A ``wie``/``bij`` field: always a neutral label (the same text, the same label).

        It is the household's own label when the field names only them, and
        ``Regievoerder`` when it names the regievoerder; anyone else becomes
        ``Betrokkene N``: a role cannot be told apart from a name, so nothing
        is left to chance.
        """
        raw = value.strip()
        if not raw or raw in MARKERS:
            return value
        if raw in self.labels:
            return self.labels[raw]
        replaced = self.text(raw)
        if "regievoerder" in raw.lower() or replaced == DIRECTOR:
            label = DIRECTOR
        elif re.fullmatch(r"(Huishouden A|Persoon [A-Z]+)((\s+en\s+|\s*,\s*)(Persoon [A-Z]+))*", replaced):
            label = replaced
        else:
            self.count += 1
            label = f"Betrokkene {self.count}"
        self.labels[raw] = label
        if len(raw) > 2:
            self._add(raw, label)  # the same words elsewhere in the plan get the same label
        return label


def anonymize(case: Case) -> Case:
    """A copy of the case with the names replaced; amounts and structure unchanged."""
    a = Anonymizer(case)
    # label every person field first, so that their names are replaced in all texts below
    acties = tuple(_changed(x, wie=a.person(x.wie)) for x in case.actieplan.acties)
    reis = tuple(_changed(e, bij=a.person(e.bij)) for e in case.reis)
    if case.instemming:
        a.person(case.instemming.door)
    t = a.text

    def texts(items) -> tuple:
        out = tuple([t(x) for x in items])
        return items if out == items else out

    tp = case.toekomstperspectief
    ov = case.overzicht
    rend = case.rendement
    return case._replace(
        titel=HOUSEHOLD,
        namen=(),
        problemen=texts(case.problemen),
        regievoerder=DIRECTOR if case.regievoerder else "",
        situatieschets=t(case.situatieschets),
        toekomstperspectief=_changed(tp, termijn=t(tp.termijn), kort=texts(tp.kort), lang=texts(tp.lang)),
        overzicht=_changed(ov, zelf=texts(ov.zelf), ondersteuning=texts(ov.ondersteuning),
                           behandeling=texts(ov.behandeling)),
        doorbraken=tuple(_changed(b, omschrijving=t(b.omschrijving), toelichting=t(b.toelichting))
                         for b in case.doorbraken),
        legitimiteit=tuple(_changed(r, regel=t(r.regel), bron=t(r.bron), bedoeling=t(r.bedoeling),
                                    uitzonderingsgronden=t(r.uitzonderingsgronden), andere_regels=t(r.andere_regels),
                                    wie_gaat_erover=t(r.wie_gaat_erover))
                           for r in case.legitimiteit),
        betrokkenheid=t(case.betrokkenheid),
        rendement=_changed(rend, toelichting=t(rend.toelichting), posten=tuple(
            _changed(line, omschrijving=t(line.omschrijving), toelichting=t(line.toelichting), bron=t(line.bron))
            for line in rend.posten)),
        afweging=t(case.afweging),
        actieplan=_changed(
            case.actieplan,
            acties=tuple(_changed(x, wat=t(x.wat), wanneer=t(x.wanneer)) for x in acties),
            evaluatie=texts(case.actieplan.evaluatie),
            vangnet=t(case.actieplan.vangnet)),
        reis=tuple(_changed(e, toelichting=t(e.toelichting)) for e in reis),
        maatwerkbudget=tuple(_changed(m, omschrijving=t(m.omschrijving), categorie=t(m.categorie))
                             for m in case.maatwerkbudget),
        realisatie=_changed(case.realisatie, toelichting=t(case.realisatie.toelichting)) if case.realisatie else None,
        metingen=tuple(_changed(m, toelichting=t(m.toelichting)) for m in case.metingen),
        instemming=_changed(case.instemming, door=a.person(case.instemming.door),
                            in_eigen_woorden=t(case.instemming.in_eigen_woorden))
        if case.instemming else None,
    )


def _changed(record, **values):
    """``record._replace(**values)``, or the record itself when every value is the one it has (most records of a
    plan name nobody): the same case, with fewer copies made."""
    for key, value in values.items():
        if getattr(record, key) != value:
            return record._replace(**values)
    return record


class AnonymousAnalysis(Analysis):
    """The analysis of an anonymised case (made by :func:`anonymous_analysis`): what an anonymised output shows
    as it is, without anonymising it again."""

    __slots__ = ()


def anonymous_analysis(a: Analysis) -> AnonymousAnalysis:
    """The analysis of the anonymised case: the figures as they are (anonymising changes text, never amounts:
    ``compute.analysis.with_texts``), every text through the anonymiser. An analysis that already is one is
    returned as it is."""
    if isinstance(a, AnonymousAnalysis):
        return a
    return AnonymousAnalysis(*with_texts(a, anonymize(a.case)))
