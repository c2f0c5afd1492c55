"""Commands on one case: validate, calc, render, new and meting."""

from __future__ import annotations

from enum import Enum
from typing import List, Optional

import typer

from ..commands import Io
from .app import command, complete_gemeente, done


class CheckFormat(str, Enum):
    text = "text"
    json = "json"


class CalcFormat(str, Enum):
    terminal = "terminal"
    markdown = "markdown"
    json = "json"
    csv = "csv"


class RenderFormat(str, Enum):
    markdown = "markdown"
    html = "html"
    pdf = "pdf"
    docx = "docx"


@command()
def validate(
    paths: List[str] = typer.Argument(..., metavar="PAD...", help="Casusbestanden of mappen (recursief)."),
    strict: bool = typer.Option(False, "--strict", help="Ook bij waarschuwingen mislukken (exitcode 1)."),
    fmt: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f", help="Uitvoer: text of json."),
) -> None:
    """Controleer casussen (en prijslijsten) tegen het zes-stappenformaat.

    Elke melding staat op één regel: bestand:regel:kolom: fout[code]: pad: wat er mis is (wat te doen).
    """
    from ..commands import validate as cmd

    done(cmd.run(Io(), paths, strict=strict, fmt=fmt.value))


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
    from ..commands import calc as cmd

    done(cmd.run(Io(), case, fmt.value, use_cache=not no_cache, jaren=jaren, gevoeligheid=gevoeligheid,
                  horizon=horizon))


@command()
def render(
    case: str = typer.Argument(..., metavar="CASUS", help="Het casusbestand (YAML)."),
    fmt: RenderFormat = typer.Option(RenderFormat.html, "--format", "-f",
                                     help="markdown, html, pdf of docx (Word, om te bewerken of te ondertekenen)."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="PAD",
                                         help="Uitvoerbestand of map (standaard naast de casus; '-' is stdout)."),
    force: bool = typer.Option(False, "--force", help="Ook een bestand vervangen dat render niet zelf maakte (nooit de casus zelf)."),
    anoniem: bool = typer.Option(False, "--anoniem", help="Pseudoniem, regievoerder en betrokkenen vervangen door neutrale namen."),
    templates: Optional[str] = typer.Option(None, "--templates", metavar="MAP",
                                            help="Map met eigen sjablonen (huisstijl); per bestandsnaam vóór de standaard."),
) -> None:
    """Maak het plandocument: alle zes stappen, de kosten-batentabel, kassabonnen, grafiek en waardendriehoek.

    HTML is één los bestand (ook op een telefoon leesbaar, met een A4-afdrukopmaak); PDF wordt met
    WeasyPrint van dezelfde HTML gemaakt (installeer de pdf-extra). Een document dat render zelf maakte
    (en dat sindsdien niet veranderde) wordt gewoon vervangen; elk ander bestand alleen met --force.
    """
    from ..commands import render as cmd

    done(cmd.run(Io(), case, fmt.value, output, force, anoniem, templates))


@command()
def new(
    pad: Optional[str] = typer.Argument(None, metavar="[PAD]",
                                        help="Map (het bestand krijgt het id als naam) of bestandsnaam op .yaml; standaard de huidige map."),
    titel: Optional[str] = typer.Option(None, "--titel", "-t", metavar="PSEUDONIEM", help="Pseudoniem van het huishouden (nooit een echte volledige naam)."),
    gemeente: Optional[str] = typer.Option(None, "--gemeente", "-g", metavar="GEMEENTE", help="Gemeente; bepaalt ook het id.",
                                           autocompletion=complete_gemeente),
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
    from ..commands import new as cmd

    done(cmd.run(Io(), pad, titel, gemeente, regievoerder, van, no_input, templates))


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
    door: Optional[str] = typer.Option(None, "--door", metavar="WIE",
                             help="Wie de meting invulde: huishouden (standaard), regievoerder of samen; --vervang houdt wat er stond."),
    toelichting: Optional[str] = typer.Option(None, "--toelichting", metavar="TEKST", help="Een korte toelichting."),
    vervang: bool = typer.Option(False, "--vervang", help="Vervang de meting die al op deze datum staat."),
) -> None:
    """Voeg een meting van Positieve Gezondheid toe aan een casus: zes scores van 0 tot en met 10.

    Alleen de nieuwe meting wordt aan het bestand toegevoegd; elke andere regel blijft zoals hij was. Een meting die
    niet klopt (een score van 11, een datum die niet bestaat of na vandaag ligt, een tweede meting op dezelfde dag
    zonder --vervang) laat het bestand ongemoeid: exitcode 1. Op een terminal worden ontbrekende scores één voor één gevraagd, met
    uitleg bij elke dimensie; zonder terminal is een ontbrekende score verkeerd gebruik (exitcode 2).
    """
    from ..commands import meting as cmd

    scores = {"lichaamsfuncties": lichaamsfuncties, "mentaal_welbevinden": mentaal_welbevinden,
              "zingeving": zingeving, "kwaliteit_van_leven": kwaliteit_van_leven, "meedoen": meedoen,
              "dagelijks_functioneren": dagelijks_functioneren}
    done(cmd.run(Io(), casus, datum, scores, door=door, toelichting=toelichting, vervang=vervang))
