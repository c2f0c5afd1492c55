"""Commands over many cases: report, export, site and serve.

They share their arguments and filter options (the types below), so that a
filter means the same everywhere and completes the same way.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, List, Optional

import typer

from ..commands import Io
from .app import command, complete_gemeente, complete_status, date_option, done, portfolio_filters

Paths = Annotated[List[str], typer.Argument(metavar="MAP...", help="Mappen (recursief) of casusbestanden.")]
Gemeente = Annotated[Optional[List[str]], typer.Option(
    "--gemeente", "-g", metavar="GEMEENTE", help="Alleen deze gemeente (herhaalbaar).",
    autocompletion=complete_gemeente)]
Status = Annotated[Optional[List[str]], typer.Option(
    "--status", "-s", metavar="STATUS", help="Alleen deze status (herhaalbaar).", autocompletion=complete_status)]
Sinds = Annotated[Optional[str], typer.Option("--sinds", metavar="DATUM",
                                              help="Alleen plannen met datum vanaf JJJJ-MM-DD.")]
Peildatum = Annotated[Optional[str], typer.Option(
    "--peildatum", metavar="DATUM", help="De dag waarop de te late vervolgmetingen bepaald worden "
                                         "(JJJJ-MM-DD; standaard vandaag).")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Geen voortgangsbalk.")]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Niets uit de cache halen en niets bewaren.")]
Jobs = Annotated[Optional[int], typer.Option("--jobs", "-j", metavar="N", min=1,
                                             help="Aantal processen (standaard: aantal cores).")]
Namen = Annotated[bool, typer.Option("--namen", help="Met pseudoniemen en namen, voor intern gebruik (elke pagina "
                                                     "zegt dat).")]
Templates = Annotated[Optional[str], typer.Option(
    "--templates", metavar="MAP", help="Map met eigen sjablonen (huisstijl) voor de casuspagina's, zoals bij render: "
                                       "per bestandsnaam vóór de standaard.")]


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


@command()
def report(
    paths: Paths,
    fmt: Optional[ReportFormat] = typer.Option(None, "--format", "-f",
                                               help="terminal, markdown, html (één pagina met grafieken), json of csv "
                                                    "(standaard: volgens de extensie van -o, anders terminal)."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="BESTAND",
                                         help="Schrijf naar dit bestand (zonder: naar stdout)."),
    force: bool = typer.Option(False, "--force", help="Een bestaand bestand overschrijven."),
    gemeente: Gemeente = None,
    status: Status = None,
    sinds: Sinds = None,
    quiet: Quiet = False,
    no_cache: NoCache = False,
    jobs: Jobs = None,
    peildatum: Peildatum = None,
    verwachting: Optional[str] = typer.Option(
        None, "--verwachting", metavar="BEDRAG", help="Verwachte kosten per casus (bijvoorbeeld 15800 of "
                                                      "\"15.800,00\"), naast het gerealiseerde gemiddelde gezet."),
) -> None:
    """Portfoliocijfers over alle casussen in mappen: trechter, rendement, doorbraken, regels, budget, reis, evaluatie.

    Ongeldige bestanden worden genoemd en tellen nergens mee; namen en pseudoniemen komen er nooit in.

    Een herhaald rapport zonder gewijzigde bestanden komt uit de cache.
    """
    from ..commands import report as cmd

    filters = portfolio_filters(gemeente, status, sinds)
    done(cmd.run(Io(), paths, fmt.value if fmt else None, output, force, filters, quiet=quiet,
                 use_cache=not no_cache, jobs=jobs, peildatum=date_option(peildatum, "--peildatum"),
                 verwachting=verwachting))


@command()
def export(
    paths: Paths,
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="BESTAND",
                                         help="Schrijf naar dit bestand (zonder: naar stdout)."),
    fmt: Optional[ExportFormat] = typer.Option(None, "--format", "-f",
                                               help="csv, jsonl of parquet (standaard: volgens de extensie, anders csv)."),
    force: bool = typer.Option(False, "--force", help="Een bestaand bestand overschrijven."),
    indicatief: bool = typer.Option(False, "--indicatief", help="Ook indicatieve posten (kolom indicatief=true)."),
    metingen: bool = typer.Option(False, "--metingen", help="De metingen van Positieve Gezondheid in plaats van de "
                                  "kosten: id, gemeente, datum, volgnummer, door, dimensie, score."),
    gemeente: Gemeente = None,
    status: Status = None,
    sinds: Sinds = None,
    quiet: Quiet = False,
    no_cache: NoCache = False,
    jobs: Jobs = None,
) -> None:
    """Feitentabel voor analyse elders (DuckDB, Spark): één rij per casus × post × scenario.

    Kolommen: id, gemeente, status, datum, domein, post, omschrijving, prijs, eenheid, scenario, aantal, bedrag,
    exact en indicatief. Een casus met een evaluatie heeft ook rijen met scenario=gerealiseerd; --metingen geeft
    de metingen van Positieve Gezondheid als lange tabel.

    Bedragen zijn niet afgerond; alleen een bedrag zonder eindige decimale schrijfwijze (een derde) wordt op
    10 decimalen afgerond, met exact=false. Parquet vraagt de optionele extra 'parquet' (pyarrow).

    Een bestaand bestand wordt niet overschreven zonder --force.
    """
    from ..commands import export as cmd

    filters = portfolio_filters(gemeente, status, sinds)
    done(cmd.run(Io(), paths, output, fmt.value if fmt else None, force=force, indicatief=indicatief,
                  filters=filters, quiet=quiet, use_cache=not no_cache, jobs=jobs, metingen=metingen))


@command()
def site(
    paths: Paths,
    output: str = typer.Option(..., "--output", "-o", metavar="MAP",
                               help="De map voor de site: nieuw, leeg, of een eerdere site van doorbraak."),
    force: bool = typer.Option(False, "--force", help="Ook schrijven in een map die geen site van doorbraak is "
                                                      "(andere bestanden blijven staan)."),
    namen: Namen = False,
    gemeente: Gemeente = None,
    status: Status = None,
    sinds: Sinds = None,
    peildatum: Peildatum = None,
    templates: Templates = None,
    quiet: Quiet = False,
    no_cache: NoCache = False,
    jobs: Jobs = None,
) -> None:
    """Maak een statische site van de casussen: een overzicht, en een pagina per casus, gemeente, domein, leefgebied,
    status, kwartaal en regel.

    De site werkt vanaf de schijf (file://) en op elke webserver, en laadt niets van elders. Zonder --namen is hij
    geanonimiseerd, zoals render --anoniem. Een tweede keer schrijft alleen wat veranderd is; een map die geen site
    van doorbraak is, wordt zonder --force niet beschreven.
    """
    from ..commands import site as cmd

    filters = portfolio_filters(gemeente, status, sinds)
    done(cmd.run(Io(), paths, output, force, filters, namen, quiet=quiet, use_cache=not no_cache, jobs=jobs,
                 peildatum=date_option(peildatum, "--peildatum"), templates=templates))


@command()
def serve(
    paths: Paths,
    port: int = typer.Option(8000, "--port", "-p", metavar="POORT", min=0, max=65535,
                             help="De poort (0: een vrije poort)."),
    host: str = typer.Option("127.0.0.1", "--host", metavar="ADRES",
                             help="Luister op dit adres (standaard alleen deze computer)."),
    extern: bool = typer.Option(False, "--extern",
                                help="Nodig bij een --host die niet deze computer is: de casussen worden dan "
                                     "bereikbaar voor anderen op het netwerk."),
    namen: Namen = False,
    gemeente: Gemeente = None,
    status: Status = None,
    sinds: Sinds = None,
    peildatum: Peildatum = None,
    templates: Templates = None,
    no_cache: NoCache = False,
    jobs: Jobs = None,
    poll: float = typer.Option(1.0, "--poll", min=0.05, hidden=True, help="Seconden tussen twee keer kijken."),
) -> None:
    """Toon de site live op deze computer: een gewijzigde, nieuwe of verwijderde casus is meteen te zien.

    Alleen lezen: de server beantwoordt alleen GET en HEAD. Hij luistert alleen op 127.0.0.1, tenzij u een andere
    --host geeft met --extern. Ctrl-C stopt hem.
    """
    from ..commands import serve as cmd

    filters = portfolio_filters(gemeente, status, sinds)
    done(cmd.run(Io(), paths, port, host, extern, filters, namen, use_cache=not no_cache, jobs=jobs, poll=poll,
                 peildatum=date_option(peildatum, "--peildatum"), templates=templates))
