"""The ``doorbraak`` command line: options in, one command module per subcommand, an exit code out.

Each subcommand parses its options and calls ``commands.<name>.run(io, ...)``;
the command modules are imported inside the functions, so that each command
loads only what it needs (``calc`` stays close to the cost of starting the CLI).

Exit codes: 0 in orde; 1 fouten in de invoer (of waarschuwingen met --strict);
2 verkeerd gebruik van de opdracht; 3 interne fout; 130 afgebroken.
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import List, Optional

import typer

from .commands import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, Io
from .helptext import ClickException, DutchCommand, DutchGroup, UsageError, usage_error_nl

EPILOG = ("Exitcodes: 0 in orde · 1 fouten in de invoer (met --strict ook waarschuwingen) · "
          "2 verkeerd gebruik · 3 interne fout · 130 afgebroken.")

app = typer.Typer(
    name="doorbraak",
    cls=DutchGroup,
    help="Doorbraakplannen volgens de Doorbraakmethode: controleren, doorrekenen en rapporteren.",
    epilog=EPILOG,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _quiet_stdout() -> None:
    """The reader of our output has gone (``doorbraak export | head``): send what is left nowhere, quietly."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def command(name: str | None = None, hidden: bool = False):
    """A subcommand; a reader that stops reading (a broken pipe) is no error: exit 0, nothing more is written.
    Ctrl-C says "afgebroken" and exits 130."""
    import functools

    def register(fn):
        @functools.wraps(fn)
        def run(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except BrokenPipeError:
                _quiet_stdout()
                raise typer.Exit(EXIT_OK) from None
            except KeyboardInterrupt:
                sys.stderr.write("afgebroken\n")
                raise typer.Exit(EXIT_INTERRUPTED) from None

        return app.command(name, cls=DutchCommand, hidden=hidden)(run)

    return register


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


class RenderFormat(str, Enum):
    markdown = "markdown"
    html = "html"
    pdf = "pdf"
    docx = "docx"


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


def _done(code: int) -> None:
    if code:
        raise typer.Exit(code)


@command()
def validate(
    paths: List[str] = typer.Argument(..., metavar="PAD...", help="Casusbestanden of mappen (recursief)."),
    strict: bool = typer.Option(False, "--strict", help="Ook bij waarschuwingen mislukken (exitcode 1)."),
    fmt: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f", help="Uitvoer: text of json."),
) -> None:
    """Controleer casussen (en prijslijsten) tegen het zes-stappenformaat.

    Elke melding staat op één regel: bestand:regel:kolom: fout[code]: pad: wat er mis is (wat te doen).
    """
    from .commands import validate as cmd

    _done(cmd.run(Io(), paths, strict=strict, fmt=fmt.value))


@command()
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
    from .commands import calc as cmd

    _done(cmd.run(Io(), case, fmt.value, use_cache=not no_cache, jaren=jaren, gevoeligheid=gevoeligheid,
                  horizon=horizon))


@command()
def prices(
    zoekterm: Optional[str] = typer.Argument(None, metavar="[ZOEKTERM]", help="Woorden om op te zoeken (id, omschrijving, eenheid, domein)."),
    lijst: Optional[List[str]] = typer.Option(None, "--lijst", "-l", metavar="NAAM", help="Alleen deze prijslijst(en)."),
    bij: Optional[str] = typer.Option(None, "--bij", metavar="CASUS", help="Zoek ook in de pricelists/-map boven dit casusbestand."),
    fmt: ListFormat = typer.Option(ListFormat.terminal, "--format", "-f", help="terminal, json of csv."),
) -> None:
    """Zoek posten in de prijslijsten, om het id te vinden voor 'post:' in een casus."""
    from .commands import prices as cmd

    _done(cmd.run(Io(), zoekterm, lijst, bij, fmt.value))


@command()
def schema(
    prijslijst: bool = typer.Option(False, "--prijslijst", help="Het schema van een prijslijst in plaats van een casus."),
) -> None:
    """Print het JSON Schema (draft 2020-12) van het casusformaat, voor editors en andere tools."""
    from .commands import schema as cmd

    _done(cmd.run(Io(), prijslijst))


@command()
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
    from .commands import new as cmd

    _done(cmd.run(Io(), pad, titel, gemeente, regievoerder, van, no_input, templates))


@command()
def render(
    case: str = typer.Argument(..., metavar="CASUS", help="Het casusbestand (YAML)."),
    fmt: RenderFormat = typer.Option(RenderFormat.html, "--format", "-f",
                                     help="markdown, html, pdf of docx (Word, om te bewerken of te ondertekenen)."),
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
    from .commands import render as cmd

    _done(cmd.run(Io(), case, fmt.value, output, force, anoniem, templates))


def _date_option(value, option: str):
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-01-01",
                                 param_hint=option) from None


def _portfolio_filters(gemeente, status, sinds):
    from .commands import OptionError, portfolio_filters

    try:
        return portfolio_filters(gemeente, status, sinds)
    except OptionError as exc:
        raise typer.BadParameter(str(exc), param_hint=exc.option) from None


@command()
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
    peildatum: Optional[str] = typer.Option(None, "--peildatum", metavar="DATUM",
                                            help="De dag waarop het rapport de te late vervolgmetingen bepaalt "
                                                 "(JJJJ-MM-DD; standaard vandaag)."),
) -> None:
    """Portfoliocijfers over alle casussen in mappen: trechter, rendement, doorbraken, regels, budget, reis, evaluatie.

    Ongeldige bestanden worden genoemd en tellen nergens mee; namen en pseudoniemen komen er nooit in.

    Een herhaald rapport zonder gewijzigde bestanden komt uit de cache.
    """
    from .commands import report as cmd

    filters = _portfolio_filters(gemeente, status, sinds)
    _done(cmd.run(Io(), paths, fmt.value if fmt else None, output, force, filters, quiet=quiet,
                  use_cache=not no_cache, jobs=jobs, peildatum=_date_option(peildatum, "--peildatum")))


@command()
def export(
    paths: List[str] = typer.Argument(..., metavar="MAP...", help="Mappen (recursief) of casusbestanden."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="BESTAND",
                                         help="Schrijf naar dit bestand (zonder: naar stdout)."),
    fmt: Optional[ExportFormat] = typer.Option(None, "--format", "-f",
                                               help="csv, jsonl of parquet (standaard: volgens de extensie, anders csv)."),
    force: bool = typer.Option(False, "--force", help="Een bestaand bestand overschrijven."),
    indicatief: bool = typer.Option(False, "--indicatief", help="Ook indicatieve posten (kolom indicatief=true)."),
    metingen: bool = typer.Option(False, "--metingen", help="De metingen van Positieve Gezondheid in plaats van de "
                                  "kosten: id, gemeente, datum, volgnummer, door, dimensie, score."),
    gemeente: Optional[List[str]] = typer.Option(None, "--gemeente", "-g", metavar="GEMEENTE", help="Alleen deze gemeente (herhaalbaar)."),
    status: Optional[List[str]] = typer.Option(None, "--status", "-s", metavar="STATUS", help="Alleen deze status (herhaalbaar)."),
    sinds: Optional[str] = typer.Option(None, "--sinds", metavar="DATUM", help="Alleen plannen met datum vanaf JJJJ-MM-DD."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Geen voortgangsbalk."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Niets uit de cache halen en niets bewaren."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", metavar="N", min=1, help="Aantal processen (standaard: aantal cores)."),
) -> None:
    """Feitentabel voor analyse elders (DuckDB, Spark): één rij per casus × post × scenario.

    Kolommen: id, gemeente, status, datum, domein, post, omschrijving, prijs, eenheid, scenario, aantal, bedrag,
    exact en indicatief. Een casus met een evaluatie heeft ook rijen met scenario=gerealiseerd; --metingen geeft
    de metingen van Positieve Gezondheid als lange tabel.

    Bedragen zijn niet afgerond; alleen een bedrag zonder eindige decimale schrijfwijze (een derde) wordt op
    10 decimalen afgerond, met exact=false. Parquet vraagt de optionele extra 'parquet' (pyarrow).

    Een bestaand bestand wordt niet overschreven zonder --force.
    """
    from .commands import export as cmd

    filters = _portfolio_filters(gemeente, status, sinds)
    _done(cmd.run(Io(), paths, output, fmt.value if fmt else None, force=force, indicatief=indicatief,
                  filters=filters, quiet=quiet, use_cache=not no_cache, jobs=jobs, metingen=metingen))


@command()
def meting(
    casus: str = typer.Argument(..., metavar="CASUS", help="Het casusbestand (.yaml)."),
    datum: Optional[str] = typer.Option(None, "--datum", "-d", metavar="DATUM", help="Datum van de meting (JJJJ-MM-DD)."),
    lichaamsfuncties: Optional[str] = typer.Option(None, "--lichaamsfuncties", metavar="SCORE", help="Score 0–10."),
    mentaal_welbevinden: Optional[str] = typer.Option(None, "--mentaal-welbevinden", metavar="SCORE", help="Score 0–10."),
    zingeving: Optional[str] = typer.Option(None, "--zingeving", metavar="SCORE", help="Score 0–10."),
    kwaliteit_van_leven: Optional[str] = typer.Option(None, "--kwaliteit-van-leven", metavar="SCORE", help="Score 0–10."),
    meedoen: Optional[str] = typer.Option(None, "--meedoen", metavar="SCORE", help="Score 0–10."),
    dagelijks_functioneren: Optional[str] = typer.Option(None, "--dagelijks-functioneren", metavar="SCORE",
                                                         help="Score 0–10."),
    door: str = typer.Option("huishouden", "--door", metavar="WIE",
                             help="Wie de meting invulde: huishouden, regievoerder of samen."),
    toelichting: Optional[str] = typer.Option(None, "--toelichting", metavar="TEKST", help="Een korte toelichting."),
    vervang: bool = typer.Option(False, "--vervang", help="Vervang de meting die al op deze datum staat."),
) -> None:
    """Voeg een meting van Positieve Gezondheid toe aan een casus: zes scores van 0 tot en met 10.

    Alleen de nieuwe meting wordt aan het bestand toegevoegd; elke andere regel blijft zoals hij was. Een meting die
    niet klopt (een score van 11, een datum die niet bestaat, een tweede meting op dezelfde dag zonder --vervang)
    laat het bestand ongemoeid: exitcode 1. Op een terminal worden ontbrekende scores één voor één gevraagd, met
    uitleg bij elke dimensie; zonder terminal is een ontbrekende score verkeerd gebruik (exitcode 2).
    """
    from .commands import meting as cmd

    scores = {"lichaamsfuncties": lichaamsfuncties, "mentaal_welbevinden": mentaal_welbevinden,
              "zingeving": zingeving, "kwaliteit_van_leven": kwaliteit_van_leven, "meedoen": meedoen,
              "dagelijks_functioneren": dagelijks_functioneren}
    _done(cmd.run(Io(), casus, datum, scores, door=door, toelichting=toelichting, vervang=vervang))


@command()
def init(
    map_: Optional[str] = typer.Argument(None, metavar="[MAP]",
                                         help="Map van de casusrepository (standaard de huidige map; wordt gemaakt als die er niet is)."),
) -> None:
    """Maak of vul een casusrepository aan: git, casussen/, pricelists/, het schema voor de editor, cijfers in git diff en pre-commit.

    Maakt alleen wat ontbreekt en overschrijft nooit iets; nog eens draaien verandert niets. Na het klonen draait
    iedereen het één keer: de git-instelling voor de cijfers in 'git diff' reist niet mee met een kloon.
    """
    from .commands import init as cmd

    _done(cmd.run(Io(), map_))


@command(hidden=True)
def textconv(
    bestand: str = typer.Argument(..., metavar="BESTAND", help="Het bestand dat git aanlevert (een versie van een casus)."),
) -> None:
    """Voor git diff: de tekst van een casus met daaronder de totalen en het rendement (ingesteld door 'doorbraak init').

    Mislukt nooit: een casus die niet doorrekent krijgt één regel met het aantal fouten.
    """
    from .commands import textconv as cmd

    _done(cmd.run(Io(), bestand))



@command("import-prices")
def import_prices(
    bestand: str = typer.Argument(..., metavar="BESTAND", help="Het werkblad: .csv (gescheiden door ; of ,) of .xlsx."),
    naam: str = typer.Option(..., "--naam", "-n", metavar="NAAM",
                             help="Naam van de prijslijst (kleine letters, cijfers, streepjes); een casus noemt haar met 'prijslijst: NAAM'."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="BESTAND",
                                         help="Het YAML-bestand (standaard NAAM.yaml in de dichtstbijzijnde pricelists/-map)."),
    blad: Optional[str] = typer.Option(None, "--blad", metavar="BLAD", help="Welk blad van een .xlsx (standaard het eerste)."),
    force: bool = typer.Option(False, "--force", help="Een bestaande prijslijst vervangen."),
) -> None:
    """Maak een prijslijst van een werkblad met de kolommen id, omschrijving, prijs, eenheid, domein en bron.

    Prijzen in Nederlandse notatie worden begrepen (1.052,32 of € 1.052,32) en blijven exact. Elke foute rij wordt
    gemeld met haar rijnummer; is er één fout, dan wordt er niets geschreven. Een cel die met =, +, - of @ begint is
    tekst, nooit een formule.
    """
    from .commands import import_prices as cmd

    _done(cmd.run(Io(), bestand, naam, output, force, blad))



def _version(value: bool) -> None:
    if value:
        from . import __version__

        sys.stdout.write(f"doorbraak {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Toon de versie."),
) -> None:
    """Doorbraakplannen volgens de Doorbraakmethode."""


def main(argv: Optional[list] = None) -> int:
    """Entry point: never a traceback for the user, always a documented exit code."""
    import os

    from typer.main import get_command

    command = get_command(app)
    try:
        code = command.main(args=argv, prog_name="doorbraak", standalone_mode=False)
    except UsageError as exc:
        if type(exc).__name__ == "NoArgsIsHelpError" and exc.ctx is not None:  # no arguments: the help page
            sys.stdout.write(exc.ctx.get_help())
            return EXIT_USAGE
        where = exc.ctx.command_path if exc.ctx is not None else "doorbraak"
        sys.stderr.write(f"{where}: {usage_error_nl(exc.format_message())}\n")
        sys.stderr.write(f"Zie '{where} --help' voor de opties.\n")
        return EXIT_USAGE
    except ClickException as exc:
        sys.stderr.write(f"doorbraak: {exc.format_message()}\n")
        return exc.exit_code
    except (KeyboardInterrupt, typer.Abort):
        sys.stderr.write("afgebroken\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_OK
    except Exception as exc:
        if os.environ.get("DOORBRAAK_DEBUG"):
            raise
        sys.stderr.write(f"doorbraak: interne fout ({type(exc).__name__}: {exc}). Dit is een fout in doorbraak, niet in "
                         "uw bestand; meld het met de opdracht die u gaf (zet DOORBRAAK_DEBUG=1 voor details).\n")
        return EXIT_INTERNAL
    return code if isinstance(code, int) else EXIT_OK


def run() -> None:  # console script
    sys.exit(main())
