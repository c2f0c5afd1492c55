"""``doorbraak render``: the plan document (Markdown, HTML or PDF) beside the case, never over it."""

from __future__ import annotations

import os
from pathlib import Path

from ..model.problem import display_name, os_reason
from . import EXIT_INPUT, EXIT_OK, EXIT_USAGE, Io, output_not_regular

FORMATS = {"markdown": ".md", "html": ".html", "pdf": ".pdf", "docx": ".docx"}


def output_path(case_path: str, fmt: str, output: str | None) -> Path | None:
    """Where to write: beside the case by default, in a folder, or exactly there; None = stdout."""
    if output == "-":
        return None
    ext = FORMATS[fmt]
    if output is None:
        return Path(case_path).with_suffix(ext)
    out = Path(output)
    if out.is_dir():
        return out / (Path(case_path).stem + ext)
    return out


def inside_repository(target: Path) -> bool:
    """Whether a file would land inside a git working tree (where it could be committed)."""
    folder = Path(os.path.abspath(target)).parent
    return any((f / ".git").exists() for f in (folder, *folder.parents))


def run(io: Io, case_path: str, fmt: str = "html", output: str | None = None, force: bool = False,
        anoniem: bool = False, templates: str | None = None) -> int:
    """The exit code: 0 written, 1 a problem with the input or the output file, 2 wrong use."""
    from ..check.case import check_file

    if templates is not None and not os.path.isdir(templates):
        io.message(f"doorbraak render: de sjablonenmap '{templates}' bestaat niet (geef met --templates een map "
                   "met bijvoorbeeld plan.html.j2)")
        return EXIT_USAGE
    checked = check_file(case_path, unlock=True)
    if checked.kind != "case":
        io.message(f"{display_name(case_path)}: dit is een prijslijst, geen casus; render maakt een document van een casus")
        return EXIT_INPUT
    if checked.case is None:
        for p in checked.errors:
            io.message(p.format())
        n = len(checked.errors)
        io.message(f"{display_name(case_path)}: geen document gemaakt: {n} {'fout' if n == 1 else 'fouten'} in de casus; "
                   "herstel ze eerst (zie 'doorbraak validate')")
        return EXIT_INPUT
    target = output_path(case_path, fmt, output)
    own = False
    if target is not None:
        if output_not_regular(io, target):
            return EXIT_INPUT
        if target.exists() and os.path.samefile(target, case_path):
            io.message(f"{display_name(str(target))}: dat is de casus zelf; kies met -o een ander bestand (ook --force overschrijft de "
                       "casus niet)")
            return EXIT_INPUT
        if target.exists() and not force:
            from ..source.ownmark import is_own

            if not is_own(target):  # a document render wrote itself, unchanged since: replaced without --force
                io.message(f"{display_name(str(target))}: bestaat al en is niet (of niet ongewijzigd) door doorbraak gemaakt; het wordt "
                           "niet overschreven: kies met -o een andere naam, of gebruik --force om het te vervangen")
                return EXIT_INPUT
            force = own = True
        if target.exists() and target.is_dir():
            io.message(f"{display_name(str(target))}: is een map; geef een bestandsnaam")
            return EXIT_INPUT
    if checked.story == "ontsleuteld" and target is not None and inside_repository(target):
        io.message(f"{target}: dit document bevat het ontsleutelde verhaal en zou in de repository komen; schrijf het "
                   "buiten de repository (-o PAD) of naar de terminal (-o -)")
        return EXIT_INPUT
    if checked.story == "versleuteld":
        from ..source.keys import why_locked

        io.message(f"{case_path}: het verhaal is versleuteld en {why_locked()}; het document toont de cijfers (de "
                   "teksten staan er als [versleuteld])")
    import datetime

    from ..compute.analysis import analyse
    from ..model.run import RunContext
    from ..present.plan.templating import TEMPLATE_FOR, RenderError, render_template
    from ..present.plan.view import build

    try:
        analysis = analyse(checked.case)
        view = build(analysis, RunContext.of(datetime.date.today(), anonymised=anoniem))
        if fmt == "docx":
            from ..present.plan.docx import to_docx

            data: str | bytes = to_docx(view, analysis, datetime.datetime.now(datetime.timezone.utc))
        else:
            text = render_template(TEMPLATE_FOR[fmt], {"plan": view}, templates)
            if fmt == "pdf":
                from ..present.plan.pdf import to_pdf

                data = to_pdf(text)
            else:
                data = text
    except RenderError as exc:
        io.message(f"doorbraak render: {exc}")
        return EXIT_INPUT
    if target is None:
        if isinstance(data, bytes):
            io.write_bytes(data)
        else:
            io.write(data)
        return EXIT_OK
    from ..source.files import write_file
    from ..source.ownmark import mark

    try:
        write_file(target, mark(data, fmt), overwrite=force)
    except FileExistsError:
        io.message(f"{display_name(str(target))}: bestaat al en wordt niet overschreven; gebruik --force om het te vervangen")
        return EXIT_INPUT
    except OSError as exc:
        io.message(f"{display_name(str(target))}: kan niet schrijven ({os_reason(exc)})")
        return EXIT_INPUT
    warnings = len(checked.warnings)
    note = f" (let op: {warnings} {'waarschuwing' if warnings == 1 else 'waarschuwingen'}; zie 'doorbraak validate')" \
        if warnings else ""
    io.message(f"{'vervangen' if own else 'geschreven'}: {display_name(str(target))}{note}")
    return EXIT_OK
