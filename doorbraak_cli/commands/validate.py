"""``doorbraak validate``: check case files and price lists, report every problem on one line each."""

from __future__ import annotations

from ..batch.rules import split_rules
from ..check.case import check_file, duplicate_ids
from ..model.problem import sort_key
from ..present.safe import json_dumps, printable
from ..source.discover import find_files
from . import EXIT_INPUT, EXIT_OK, Io


def _check(path: str):
    """One file's check; a failure of ours on one file is that file's problem, and the other files are still
    checked (a pre-commit hook then shows every file's problems, not only the first).

    A case that passes is also computed as ``report`` computes it (the analysis and its summary): a case the
    report would leave out as invalid is never one that ``validate`` calls in order."""
    from ..check.case import Checked
    from ..model.problem import ERROR, Problem

    try:
        checked = check_file(path, full=True)
        if checked.case is not None:
            from ..compute.analysis import analyse
            from ..compute.portfolio.casesummary import summarize

            summarize(analyse(checked.case))
        return checked
    except Exception as exc:  # one file must not hide the others
        problem = Problem(ERROR, "interne-fout", path, None, None, (),
                          f"dit bestand kon niet verwerkt worden ({type(exc).__name__}); het rapport telt het als "
                          "ongeldig", "dit is een fout in doorbraak; meld het met het bestand (zonder namen)")
        return Checked(path, "case", None, (problem,))


def gemeente_spellings(results) -> list:
    """A warning for each case whose ``gemeente`` differs from another case's only in case or spaces: the report
    counts them as one municipality (under the most frequent spelling), so the file is worth correcting."""
    from ..compute.portfolio.keys import gemeente_key, spelling
    from ..model.problem import WARNING, Problem

    groups: dict = {}
    for r in results:
        name = r.case.gemeente if r.case is not None else None
        if name:
            groups.setdefault(gemeente_key(name), {}).setdefault(name, []).append(r.file)
    out = []
    for by_name in groups.values():
        if len(by_name) < 2:
            continue
        main = spelling({name: len(files) for name, files in by_name.items()})
        for name, files in by_name.items():
            if name != main:
                out.extend(Problem(WARNING, "gemeente-spelling", f, None, None, ("gemeente",),
                                   f"'{name}' is dezelfde gemeente als '{main}' in {len(by_name[main])} andere "
                                   f"{'casus' if len(by_name[main]) == 1 else 'casussen'}; het rapport telt ze samen "
                                   f"onder '{main}'", f"schrijf overal '{main}'") for f in files)
    return out


def run(io: Io, paths, strict: bool = False, fmt: str = "text") -> int:
    files, problems = find_files(paths)
    results = [_check(f) for f in files]
    for r in results:
        problems.extend(r.problems)
        if r.kind == "case":
            problems.extend(_modeline(r.file))
            from ..check import privacy

            problems.extend(privacy.check(r.file))
    problems.extend(duplicate_ids(results))
    problems.extend(gemeente_spellings(results))
    problems.extend(split_rules(results))  # one rule written two ways, in two files
    problems.sort(key=sort_key)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if fmt == "json":
        io.write(json_dumps({
            "bestanden": len(files),
            "fouten": errors,
            "waarschuwingen": warnings,
            "in_orde": errors == 0 and not (strict and warnings),
            "meldingen": [p.as_json() for p in problems],
        }, indent=2) + "\n")
    else:
        for p in problems:
            io.write(printable(p.format()) + "\n")
        noun = "bestand" if len(files) == 1 else "bestanden"
        summary = f"{len(files)} {noun} gecontroleerd: {errors} {'fout' if errors == 1 else 'fouten'}, " \
                  f"{warnings} {'waarschuwing' if warnings == 1 else 'waarschuwingen'}"
        io.write(summary + ("" if errors or warnings else " — alles in orde") + "\n")
    if errors or (strict and warnings) or not files:
        return EXIT_INPUT
    return EXIT_OK


def _modeline(file: str) -> list:
    """A warning when the editor's modeline leads to no schema (a moved case): the editor then checks nothing."""
    from ..model.problem import WARNING, Problem
    from ..source import modeline

    found = modeline.find(modeline.read_head(file))
    if found is None or not modeline.broken(file, found.ref):
        return []
    return [Problem(WARNING, "modeline-kapot", file, found.line, found.column, (),
                    f"de regel '# yaml-language-server: $schema=' wijst naar '{found.ref}', maar daar staat geen "
                    "schema (is de casus verplaatst?); de editor controleert de casus dan niet",
                    "voer 'doorbraak init --repair' uit in de casusrepository, of haal de regel weg")]
