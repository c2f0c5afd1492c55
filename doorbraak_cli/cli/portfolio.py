"""Commands over many cases: report and export."""

from __future__ import annotations

from enum import Enum
from typing import List, Optional

import typer

from ..commands import Io
from .app import command, complete_gemeente, complete_status, date_option, done, portfolio_filters


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
    paths: List[str] = typer.Argument(..., metavar="MAP...", help="Mappen (recursief) of casusbestanden."),
    fmt: Optional[ReportFormat] = typer.Option(None, "--format", "-f",
                                               help="terminal, markdown, html (één pagina met grafieken), json of csv "
                                                    "(standaard: volgens de extensie van -o, anders terminal)."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="BESTAND",
                                         help="Schrijf naar dit bestand (zonder: naar stdout)."),
    force: bool = typer.Option(False, "--force", help="Een bestaand bestand overschrijven."),
    gemeente: Optional[List[str]] = typer.Option(None, "--gemeente", "-g", metavar="GEMEENTE", help="Alleen deze gemeente (herhaalbaar).",
                                                  autocompletion=complete_gemeente),
    status: Optional[List[str]] = typer.Option(None, "--status", "-s", metavar="STATUS", help="Alleen deze status (herhaalbaar).",
                                                autocompletion=complete_status),
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
    from ..commands import report as cmd

    filters = portfolio_filters(gemeente, status, sinds)
    done(cmd.run(Io(), paths, fmt.value if fmt else None, output, force, filters, quiet=quiet,
                  use_cache=not no_cache, jobs=jobs, peildatum=date_option(peildatum, "--peildatum")))


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
    gemeente: Optional[List[str]] = typer.Option(None, "--gemeente", "-g", metavar="GEMEENTE", help="Alleen deze gemeente (herhaalbaar).",
                                                  autocompletion=complete_gemeente),
    status: Optional[List[str]] = typer.Option(None, "--status", "-s", metavar="STATUS", help="Alleen deze status (herhaalbaar).",
                                                autocompletion=complete_status),
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
    from ..commands import export as cmd

    filters = portfolio_filters(gemeente, status, sinds)
    done(cmd.run(Io(), paths, output, fmt.value if fmt else None, force=force, indicatief=indicatief,
                  filters=filters, quiet=quiet, use_cache=not no_cache, jobs=jobs, metingen=metingen))
