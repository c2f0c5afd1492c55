"""Read, check and build: from a path to a Case and its problems.

The one entry point that every command uses, so that ``validate``, ``calc``,
``render`` and ``report`` always agree on what a file means::

    read (YAML with positions) -> schema -> build (semantic checks) -> six-step rules
"""

from __future__ import annotations

from typing import NamedTuple

from ..model.case import Case
from ..model.problem import ERROR, Problem, sort_key
from ..source import fastyaml, yamlread
from .located import Located


class Checked(NamedTuple):
    file: str
    kind: str  # "case" or "pricelist"
    case: Case | None  # None when the file has errors (or is a price list)
    problems: tuple  # of Problem, in file order
    story: str = ""  # "" a plain file; "versleuteld" (no key, or not unlocked) or "ontsleuteld" (source/sealed.py)

    @property
    def errors(self) -> list:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


def check_data(doc: yamlread.Document, full: bool = False, unlock: bool = False,
               warnings_shown: bool = True) -> Checked:
    """Check a parsed document; ``full`` forces the complete schema report.

    A quick reading (source/fastyaml.py) has no positions: when its check finds anything to say, the file is
    read exactly and checked again, so every problem carries its line and column. A caller that shows no
    warnings (the report, which keeps a case or its first error) says so with ``warnings_shown=False``: then only
    errors are worth the second reading.

    An encrypted (SOPS) file is opened first: with ``unlock`` and a key its story is read, else
    each encrypted text is the marker ``[versleuteld]``; the figures are the same either way."""
    if doc.positions is None:
        checked = _check(doc, full, unlock)
        if not (checked.problems if warnings_shown else checked.errors):
            return checked
        doc = fastyaml.exact(doc)
    return _check(doc, full, unlock)


def _check(doc: yamlread.Document, full: bool, unlock: bool) -> Checked:
    from . import pricelists

    story, why = "", ""
    if isinstance(doc.data, dict) and "sops" in doc.data:
        from ..source import sealed

        doc, story, why = sealed.open_document(doc, unlock)
    loc = Located(doc.file, doc.positions, doc.key_positions, doc.flow)
    if why:
        loc.error("versleuteling", (), f"het versleutelde verhaal kan niet geopend worden: {why}",
                  "vraag wie het bestand het laatst wijzigde; 'git log -p' laat zien wat er veranderde")
    data = doc.data
    if data is None:
        loc.error("leeg-bestand", (), "het bestand is leeg",
                  "maak een nieuwe casus met 'doorbraak new', of kijk in sample_cases/ voor een voorbeeld")
        return Checked(doc.file, "case", None, tuple(loc.problems))
    if not isinstance(data, dict):
        what = "een lijst" if isinstance(data, list) else "losse tekst of een getal"
        loc.error("geen-mapping", (), f"het bestand moet een mapping (sleutel: waarde) zijn, maar het is {what}",
                  "begin met 'schema: doorbraakplan/1' en de andere sleutels, zonder '- ' ervoor")
        return Checked(doc.file, "case", None, tuple(loc.problems))
    if pricelists.is_pricelist_file(doc.file, data):
        plist, problems = pricelists.load(doc.file)
        return Checked(doc.file, "pricelist", None, tuple(sorted(problems, key=sort_key)))
    from . import build, fastcheck, steps

    schema_ok = True
    if full or not fastcheck.is_valid(data, "case"):
        from ..model.vocabulary import DRAFT_STATUSES, STOPPED
        from . import schema

        before = len(loc.problems)
        # a stopped case may have stopped at any step: the six-step rules judge its steps (a plan written or not)
        schema.check(data, loc, "case", draft=data.get("status") in (*DRAFT_STATUSES, STOPPED))
        schema_ok = not any(p.is_error for p in loc.problems[before:])
    case = build.build(data, loc)
    if case is not None and schema_ok:
        steps.check(case, loc)
        if case.realisatie is not None or case.status in ("gerealiseerd", "afgesloten") or any(
                line.realised_known for line in case.rendement.posten):
            from . import evaluation

            evaluation.reviewer_rules(case, loc)
        # a draft's empty step is one warning, not one more for every key it lacks
        empty = {p.path[0] for p in loc.problems if p.code == "lege-stap" and p.path}
        loc.problems = [p for p in loc.problems
                        if not (p.code == "ontbrekende-sleutel" and not p.is_error and p.path and p.path[0] in empty)]
    problems = tuple(sorted(_unique(loc.problems), key=sort_key))
    ok = not any(p.severity == ERROR for p in problems)
    if case is not None and story:
        from ..source.sealed import LOCKED

        if story == LOCKED:  # every document of it says the texts are locked, not empty
            case = case._replace(verhaal_versleuteld=True)
    return Checked(doc.file, "case", case if ok else None, problems, story)


def _unique(problems) -> list:
    seen = set()
    out = []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


def check_file(path: str, full: bool = False, backend: str | None = None, unlock: bool = False) -> Checked:
    """Read and check one file; quickly where that is certain, unless a YAML ``backend`` is named."""
    try:
        doc = yamlread.read(path, backend) if backend else fastyaml.read(path)
    except yamlread.ReadError as exc:
        return Checked(path, "case", None, (exc.problem,))
    return check_data(doc, full, unlock)


def check_bytes(path: str, raw: bytes | None) -> Checked:
    """:func:`check_file` on the bytes of ``path`` that the caller already read (calc, which hashed them for its
    cache key): the file is not read twice. ``None``, or more than a case may hold: read and check it as usual."""
    if raw is None or len(raw) > yamlread.MAX_BYTES:
        return check_file(path)
    try:
        doc = fastyaml.parse(raw, path)
    except yamlread.ReadError as exc:
        return Checked(path, "case", None, (exc.problem,))
    return check_data(doc)


def duplicate_ids(results) -> list[Problem]:
    """Ids must be unique within a case repository."""
    seen: dict = {}
    out = []
    for r in results:
        if r.case is None:
            continue
        if r.case.id in seen:
            out.append(Problem(ERROR, "dubbel-id", r.file, None, None, ("id",),
                               f"het id '{r.case.id}' wordt ook gebruikt door {seen[r.case.id]}",
                               "geef elke casus een eigen id"))
        else:
            seen[r.case.id] = r.file
    return out
