"""The ``doorbraak`` command line: parse options, call the library, pick a presenter.

Library modules are imported inside the commands, so that each command loads
only what it needs (``calc`` stays close to the cost of starting the CLI).

Exit codes: 0 in orde; 1 fouten in de invoer (of waarschuwingen met --strict);
2 verkeerd gebruik van de opdracht; 3 interne fout; 130 afgebroken.
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import List, Optional

import typer

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130

EPILOG = ("Exitcodes: 0 in orde · 1 fouten in de invoer (met --strict ook waarschuwingen) · "
          "2 verkeerd gebruik · 3 interne fout · 130 afgebroken.")

app = typer.Typer(
    name="doorbraak",
    help="Doorbraakplannen volgens de Doorbraakmethode: controleren, doorrekenen en rapporteren.",
    epilog=EPILOG,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class CalcFormat(str, Enum):
    terminal = "terminal"
    markdown = "markdown"
    json = "json"
    csv = "csv"


class CheckFormat(str, Enum):
    text = "text"
    json = "json"


class ListFormat(str, Enum):
    terminal = "terminal"
    json = "json"
    csv = "csv"


def _out(text: str) -> None:
    sys.stdout.write(text)


def _emit(out: str, err: str, code: int) -> None:
    """Write a library run's output and messages, then exit with its code."""
    sys.stderr.write(err)
    sys.stdout.write(out)
    if code:
        raise typer.Exit(code)


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _console():
    """A rich console; wide when the output is a file or pipe, so tables never squeeze."""
    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=120)
    return console


@app.command()
def validate(
    paths: List[str] = typer.Argument(..., metavar="PAD...", help="Casusbestanden of mappen (recursief)."),
    strict: bool = typer.Option(False, "--strict", help="Ook bij waarschuwingen mislukken (exitcode 1)."),
    fmt: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f", help="Uitvoer: text of json."),
) -> None:
    """Controleer casussen (en prijslijsten) tegen het zes-stappenformaat.

    Elke melding staat op één regel: bestand:regel:kolom: fout[code]: pad: wat er mis is (wat te doen).
    """
    from .check import check_file, duplicate_ids, find_files
    from .problems import sort_key

    files, problems = find_files(paths)
    results = [check_file(f, full=True) for f in files]
    for r in results:
        problems.extend(r.problems)
    problems.extend(duplicate_ids(results))
    problems.sort(key=sort_key)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if fmt == CheckFormat.json:
        import json

        _out(json.dumps({
            "bestanden": len(files),
            "fouten": errors,
            "waarschuwingen": warnings,
            "in_orde": errors == 0 and not (strict and warnings),
            "meldingen": [p.as_json() for p in problems],
        }, ensure_ascii=False, indent=2) + "\n")
    else:
        for p in problems:
            _out(p.format() + "\n")
        noun = "bestand" if len(files) == 1 else "bestanden"
        summary = f"{len(files)} {noun} gecontroleerd: {errors} {'fout' if errors == 1 else 'fouten'}, " \
                  f"{warnings} {'waarschuwing' if warnings == 1 else 'waarschuwingen'}"
        _out(summary + ("" if errors or warnings else " — alles in orde") + "\n")
    if errors or (strict and warnings) or not files:
        raise typer.Exit(EXIT_INPUT)


@app.command()
def calc(
    case: str = typer.Argument(..., metavar="CASUS", help="Het casusbestand (YAML)."),
    fmt: CalcFormat = typer.Option(CalcFormat.terminal, "--format", "-f",
                                   help="terminal (kassabon en tabellen), markdown, json of csv."),
    jaren: bool = typer.Option(False, "--jaren", help="Toon het rendement per jaar en cumulatief, met het terugverdienjaar."),
    horizon: Optional[int] = typer.Option(None, "--horizon", metavar="JAREN", min=1, max=50,
                                          help="Aantal jaren voor --jaren (standaard 'horizon' uit de casus, anders 1)."),
    gevoeligheid: bool = typer.Option(False, "--gevoeligheid", help="Toon hoe het rendement verandert met de aantallen "
                                      "in het dreigende scenario (−50% … +50%) en met de kans daarop."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Niet uit de cache halen en niets bewaren."),
) -> None:
    """Reken het rendement door: kassabon per scenario, de scenariotabel en wie investeert/profiteert.

    Een ongewijzigde casus (met dezelfde prijslijsten) wordt uit de cache gehaald; --no-cache rekent altijd opnieuw.
    """
    from .calcrun import run

    options = {"jaren": jaren, "gevoeligheid": gevoeligheid, "horizon": horizon} if fmt != CalcFormat.json else {"horizon": horizon}
    out, err, code = run(case, fmt.value, use_cache=not no_cache, **options)
    _emit(out, err, code)


@app.command()
def prices(
    zoekterm: Optional[str] = typer.Argument(None, metavar="[ZOEKTERM]", help="Woorden om op te zoeken (id, omschrijving, eenheid, domein)."),
    lijst: Optional[List[str]] = typer.Option(None, "--lijst", "-l", metavar="NAAM", help="Alleen deze prijslijst(en)."),
    bij: Optional[str] = typer.Option(None, "--bij", metavar="CASUS", help="Zoek ook in de pricelists/-map boven dit casusbestand."),
    fmt: ListFormat = typer.Option(ListFormat.terminal, "--format", "-f", help="terminal, json of csv."),
) -> None:
    """Zoek posten in de prijslijsten, om het id te vinden voor 'post:' in een casus."""
    from . import pricelist
    from .fmt import amount_json, euro

    items, problems = pricelist.all_items(bij, lijst or None)
    for p in problems:
        _err(p.format())
    if zoekterm:
        items = [i for i in items if pricelist.matches(i, zoekterm)]
    if fmt == ListFormat.json:
        import json

        _out(json.dumps([{"id": i.id, "omschrijving": i.omschrijving, "prijs": amount_json(i.prijs), "eenheid": i.eenheid,
                          "domein": i.domein, "prijslijst": i.lijst, "bron": i.bron} for i in items],
                        ensure_ascii=False, indent=2) + "\n")
    elif fmt == ListFormat.csv:
        import csv

        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(["id", "omschrijving", "prijs", "eenheid", "domein", "prijslijst", "bron"])
        for i in items:
            w.writerow([i.id, i.omschrijving, amount_json(i.prijs), i.eenheid, i.domein, i.lijst, i.bron])
    else:
        from rich import box
        from rich.table import Table

        lists = sorted({i.lijst for i in items})
        t = Table(box=box.SIMPLE_HEAVY, title=f"{len(items)} posten" + (f" met '{zoekterm}'" if zoekterm else ""),
                  caption="uit " + ", ".join(lists) if lists else None)
        t.add_column("id", no_wrap=True)
        t.add_column("omschrijving", ratio=1, min_width=24, overflow="fold")
        t.add_column("prijs", justify="right", no_wrap=True)
        t.add_column("eenheid")
        t.add_column("domein", no_wrap=True)
        for i in items:
            t.add_row(i.id, i.omschrijving, euro(i.prijs), i.eenheid, i.domein)
        _console().print(t)
    if any(p.is_error for p in problems):
        raise typer.Exit(EXIT_INPUT)
    if not items:
        _err("geen posten gevonden" + (f" met '{zoekterm}'; probeer een korter woord" if zoekterm else ""))
        raise typer.Exit(EXIT_INPUT)


@app.command()
def schema(
    prijslijst: bool = typer.Option(False, "--prijslijst", help="Het schema van een prijslijst in plaats van een casus."),
) -> None:
    """Print het JSON Schema (draft 2020-12) van het casusformaat, voor editors en andere tools."""
    from .resources import CASE_SCHEMA, PRICELIST_SCHEMA

    _out((PRICELIST_SCHEMA if prijslijst else CASE_SCHEMA).read_text(encoding="utf-8"))


@app.command()
def new(
    pad: Optional[str] = typer.Argument(None, metavar="[PAD]",
                                        help="Map (het bestand krijgt het id als naam) of bestandsnaam op .yaml; standaard de huidige map."),
    titel: Optional[str] = typer.Option(None, "--titel", "-t", metavar="PSEUDONIEM", help="Pseudoniem van het huishouden (nooit een echte volledige naam)."),
    gemeente: Optional[str] = typer.Option(None, "--gemeente", "-g", metavar="GEMEENTE", help="Gemeente; bepaalt ook het id."),
    regievoerder: Optional[str] = typer.Option(None, "--regievoerder", "-r", metavar="NAAM", help="De regievoerder van het plan."),
    van: Optional[str] = typer.Option(None, "--van", metavar="CASUS", help="Begin een vervolgplan op deze casus."),
    no_input: bool = typer.Option(False, "--no-input", help="Nooit vragen; ontbreekt de titel, dan exitcode 1."),
    templates: Optional[str] = typer.Option(None, "--templates", metavar="MAP", help="Map met een eigen nieuwe-casus.yaml.j2."),
) -> None:
    """Maak een nieuwe casus met hulpvragen bij elke stap (status concept); overschrijft nooit een bestand.

    Het id wordt jaar-gemeente-NNN, met het eerste vrije nummer in de map. Ontbreken titel, gemeente of
    regievoerder, dan wordt erom gevraagd, maar alleen op een terminal en zonder --no-input; zonder vragen
    is alleen de titel verplicht (gemeente en regievoerder blijven dan leeg, validate waarschuwt).
    Met --van CASUS: een vervolgplan dat de inhoud overneemt, met vorig_plan, status concept en zonder reis.
    """
    from .scaffold import new_command

    code = new_command(pad, titel, gemeente, regievoerder, van, no_input, templates)
    if code:
        raise typer.Exit(code)


class RenderFormat(str, Enum):
    markdown = "markdown"
    html = "html"
    pdf = "pdf"


@app.command()
def render(
    case: str = typer.Argument(..., metavar="CASUS", help="Het casusbestand (YAML)."),
    fmt: RenderFormat = typer.Option(RenderFormat.html, "--format", "-f", help="markdown, html of pdf."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="PAD",
                                         help="Uitvoerbestand of map (standaard naast de casus; '-' is stdout)."),
    force: bool = typer.Option(False, "--force", help="Een bestaand uitvoerbestand vervangen (nooit de casus zelf)."),
    anoniem: bool = typer.Option(False, "--anoniem", help="Pseudoniem, regievoerder en betrokkenen vervangen door neutrale namen."),
    templates: Optional[str] = typer.Option(None, "--templates", metavar="MAP",
                                            help="Map met eigen sjablonen (huisstijl); per bestandsnaam vóór de standaard."),
) -> None:
    """Maak het plandocument: alle zes stappen, de kosten-batentabel, kassabonnen, grafiek en waardendriehoek.

    HTML is één los bestand (ook op een telefoon leesbaar, met een A4-afdrukopmaak); PDF wordt met
    WeasyPrint van dezelfde HTML gemaakt (installeer de pdf-extra). Een bestaand bestand wordt niet
    overschreven zonder --force.
    """
    from .document import render_command

    code = render_command(case, fmt.value, output, force, anoniem, templates)
    if code:
        raise typer.Exit(code)


class ReportFormat(str, Enum):
    terminal = "terminal"
    markdown = "markdown"
    html = "html"
    json = "json"
    csv = "csv"


class ExportFormat(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


def _portfolio_filters(gemeente, status, sinds):
    """The --gemeente/--status/--sinds filters of report and export, checked."""
    from .model import STATUSES
    from .portfolio import Filters

    for s in status or ():
        if s.lower() not in STATUSES:
            raise typer.BadParameter(f"onbekende status '{s}'; kies uit: {', '.join(STATUSES)}", param_hint="--status")
    if sinds is not None:
        from datetime import date

        try:
            date.fromisoformat(sinds)
        except ValueError:
            raise typer.BadParameter(f"'{sinds}' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-01-01",
                                     param_hint="--sinds") from None
    return Filters(gemeente or (), status or (), sinds)


@app.command()
def report(
    paths: List[str] = typer.Argument(..., metavar="MAP...", help="Mappen (recursief) of casusbestanden."),
    fmt: Optional[ReportFormat] = typer.Option(None, "--format", "-f",
                                               help="terminal, markdown, html (één pagina met grafieken), json of csv "
                                                    "(standaard: volgens de extensie van -o, anders terminal)."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="BESTAND",
                                         help="Schrijf naar dit bestand (zonder: naar stdout)."),
    force: bool = typer.Option(False, "--force", help="Een bestaand bestand overschrijven."),
    gemeente: Optional[List[str]] = typer.Option(None, "--gemeente", "-g", metavar="GEMEENTE", help="Alleen deze gemeente (herhaalbaar)."),
    status: Optional[List[str]] = typer.Option(None, "--status", "-s", metavar="STATUS", help="Alleen deze status (herhaalbaar)."),
    sinds: Optional[str] = typer.Option(None, "--sinds", metavar="DATUM", help="Alleen plannen met datum vanaf JJJJ-MM-DD."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Geen voortgangsbalk."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Niets uit de cache halen en niets bewaren."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", metavar="N", min=1, help="Aantal processen (standaard: aantal cores)."),
) -> None:
    """Portfoliocijfers over alle casussen in mappen: trechter, rendement, doorbraken, regels, budget, reis.

    Ongeldige bestanden worden genoemd en tellen nergens mee; namen en pseudoniemen komen er nooit in.

    Een herhaald rapport zonder gewijzigde bestanden komt uit de cache.
    """
    from .reportrun import report_command

    filters = _portfolio_filters(gemeente, status, sinds)
    out, err, code = report_command(paths, fmt.value if fmt else None, output, force, filters, quiet=quiet,
                                    use_cache=not no_cache, jobs=jobs)
    _emit(out, err, code)


@app.command()
def export(
    paths: List[str] = typer.Argument(..., metavar="MAP...", help="Mappen (recursief) of casusbestanden."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="BESTAND",
                                         help="Schrijf naar dit bestand (zonder: naar stdout)."),
    fmt: Optional[ExportFormat] = typer.Option(None, "--format", "-f",
                                               help="csv, jsonl of parquet (standaard: volgens de extensie, anders csv)."),
    force: bool = typer.Option(False, "--force", help="Een bestaand bestand overschrijven."),
    indicatief: bool = typer.Option(False, "--indicatief", help="Ook indicatieve posten (kolom indicatief=true)."),
    gemeente: Optional[List[str]] = typer.Option(None, "--gemeente", "-g", metavar="GEMEENTE", help="Alleen deze gemeente (herhaalbaar)."),
    status: Optional[List[str]] = typer.Option(None, "--status", "-s", metavar="STATUS", help="Alleen deze status (herhaalbaar)."),
    sinds: Optional[str] = typer.Option(None, "--sinds", metavar="DATUM", help="Alleen plannen met datum vanaf JJJJ-MM-DD."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Geen voortgangsbalk."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Niets uit de cache halen en niets bewaren."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", metavar="N", min=1, help="Aantal processen (standaard: aantal cores)."),
) -> None:
    """Feitentabel voor analyse elders (DuckDB, Spark): één rij per casus × post × scenario.

    Kolommen: id, gemeente, status, datum, domein, post, omschrijving, prijs, eenheid, scenario, aantal, bedrag,
    exact en indicatief.

    Bedragen zijn niet afgerond; alleen een bedrag zonder eindige decimale schrijfwijze (een derde) wordt op
    10 decimalen afgerond, met exact=false. Parquet vraagt de optionele extra 'parquet' (pyarrow).

    Een bestaand bestand wordt niet overschreven zonder --force.
    """
    from .export import run as run_export

    filters = _portfolio_filters(gemeente, status, sinds)
    out, err, code = run_export(paths, output, fmt.value if fmt else None, force=force, indicatief=indicatief,
                                filters=filters, quiet=quiet, use_cache=not no_cache, jobs=jobs)
    _emit(out, err, code)


def _version(value: bool) -> None:
    if value:
        from . import __version__

        _out(f"doorbraak {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Toon de versie."),
) -> None:
    """Doorbraakplannen volgens de Doorbraakmethode."""


_USAGE_MESSAGES = (
    (r"Missing argument '(?P<a>[^']+)'", "het argument {a} ontbreekt"),
    (r"Missing option '(?P<a>[^']+)'", "de optie {a} ontbreekt"),
    (r"No such option: (?P<a>\S+?)(?: \(Possible options: (?P<c>[^)]+)\)| Did you mean (?P<c2>\S+?)\?)?$",
     "onbekende optie {a}"),
    (r"No such command '(?P<a>[^']+)'\.(?: Did you mean '(?P<c>[^']+)'\?)?", "onbekende opdracht '{a}'"),
    (r"Invalid value for (?P<a>.+?): '(?P<v>.*)' is not one of (?P<b>.+)\.$", "ongeldige waarde voor {a}: '{v}'"),
    (r"Invalid value for (?P<a>.+?): (?P<v>.+)$", "ongeldige waarde voor {a}: {v}"),
    (r"Got unexpected extra argument(?:s|\(s\))? \((?P<a>.+)\)", "onverwacht extra argument: {a}"),
    (r"Option '(?P<a>[^']+)' requires an argument", "de optie {a} heeft een waarde nodig"),
    (r"Option '(?P<a>[^']+)' does not take a value", "de optie {a} neemt geen waarde"),
)


def _usage_error_nl(message: str) -> str:
    """Click's usage errors, in Dutch, with its suggestion kept."""
    import re

    for pattern, dutch in _USAGE_MESSAGES:
        m = re.search(pattern, message)
        if m:
            parts = {k: (v or "") for k, v in m.groupdict().items()}
            text = dutch.format(**parts)
            suggestion = parts.get("c") or parts.get("c2")
            if suggestion:
                text += f" (bedoelde u {suggestion}?)"
            elif parts.get("b"):
                text += f" (kies uit: {parts['b'].replace(chr(39), '')})"
            return text
    return f"verkeerd gebruik: {message}"


def main(argv: Optional[list] = None) -> int:
    """Entry point: never a traceback for the user, always a documented exit code."""
    import os

    from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
    from typer.exceptions import Abort
    from typer.main import get_command

    command = get_command(app)
    args = sys.argv[1:] if argv is None else list(argv)
    if not args or "-h" in args or "--help" in args:  # only help pays for the Dutch labels
        from . import helptext

        helptext.install(command)
    try:
        code = command.main(args=argv, prog_name="doorbraak", standalone_mode=False)
    except NoArgsIsHelpError as exc:
        _out(exc.format_message() + "\n")
        return EXIT_USAGE
    except UsageError as exc:
        where = exc.ctx.command_path if exc.ctx is not None else "doorbraak"
        _err(f"{where}: {_usage_error_nl(exc.format_message())}")
        _err(f"Zie '{where} --help' voor de opties.")
        return EXIT_USAGE
    except ClickException as exc:
        _err(f"doorbraak: {exc.format_message()}")
        return exc.exit_code
    except (KeyboardInterrupt, Abort):
        _err("afgebroken")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        except OSError:
            pass
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if os.environ.get("DOORBRAAK_DEBUG"):
            raise
        _err(f"doorbraak: interne fout ({type(exc).__name__}: {exc}). Dit is een fout in doorbraak, niet in uw bestand; "
             "meld het met de opdracht die u gaf (zet DOORBRAAK_DEBUG=1 voor details).")
        return EXIT_INTERNAL
    return code if isinstance(code, int) else EXIT_OK


def run() -> None:  # console script
    sys.exit(main())
