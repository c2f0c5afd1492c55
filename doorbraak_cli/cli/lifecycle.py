"""Commands that move one case through its life: status, stop, realisatie, instemming; and todo over a folder.

Each edits the case file the way ``meting`` does (only the change in the diff, read back and checked before
it is written, the file locked meanwhile); the work is in ``commands.<name>.run``.
"""

from __future__ import annotations

from enum import Enum
from typing import List, Optional

import typer

from ..commands import Io
from .app import command, done


class TodoFormat(str, Enum):
    text = "text"
    json = "json"


@command(example="""\
doorbraak status casussen/2026-tilburg-001.yaml ingediend --datum 2026-11-02 --bij "afdeling Wmo"
doorbraak status casussen/2026-tilburg-001.yaml goedgekeurd --datum 2026-11-16 --bij werktafel""")
def status(
    casus: str = typer.Argument(..., metavar="CASUS", help="Het casusbestand (.yaml)."),
    stap: str = typer.Argument(..., metavar="STATUS",
                               help="intake, ingediend, opgeschaald, goedgekeurd, afgewezen, gerealiseerd of "
                                    "geevalueerd (of afgesloten)."),
    datum: Optional[str] = typer.Option(None, "--datum", "-d", metavar="DATUM", help="Datum (JJJJ-MM-DD); standaard vandaag."),
    bij: Optional[str] = typer.Option(None, "--bij", metavar="WIE", help="Bij wie het plan ligt, of wie besliste."),
    toelichting: Optional[str] = typer.Option(None, "--toelichting", metavar="TEKST", help="Een korte toelichting."),
    force: bool = typer.Option(False, "--force", help="Ook een stap terug, gerealiseerd zonder goedkeuring, of een datum "
                               "vóór de laatste gebeurtenis."),
) -> None:
    """Zet de volgende stap van een casus: de status en een gebeurtenis in de reis.

    ingediend, goedgekeurd, afgewezen en gerealiseerd zetten ook de status; geevalueerd zet status afgesloten;
    intake en opgeschaald voegen alleen de gebeurtenis toe. Een stap terug (goedgekeurd na gerealiseerd),
    gerealiseerd voordat het plan goedgekeurd is, of een datum vóór de laatste gebeurtenis wordt geweigerd,
    tenzij met --force. Alleen de status en de nieuwe
    gebeurtenis veranderen in het bestand; een geweigerde stap laat het ongemoeid (exitcode 1).
    """
    from ..commands import status as cmd

    done(cmd.run(Io(), casus, stap, datum, bij, toelichting, force))


@command(example="""\
doorbraak stop casussen/2026-tilburg-001.yaml --reden situatie-verbeterd --datum 2027-02-01 \\
    --toelichting "Na een advies zelf een woning gevonden."
doorbraak stop casussen/2026-tilburg-002.yaml --reden geen-contact""")
def stop(
    casus: str = typer.Argument(..., metavar="CASUS", help="Het casusbestand (.yaml)."),
    reden: str = typer.Option(..., "--reden", "-r", metavar="REDEN",
                              help="situatie-verbeterd, geen-contact, wil-niet, elders-opgelost, adviesrol of anders."),
    datum: Optional[str] = typer.Option(None, "--datum", "-d", metavar="DATUM", help="Datum (JJJJ-MM-DD); standaard vandaag."),
    toelichting: Optional[str] = typer.Option(None, "--toelichting", metavar="TEKST", help="Een korte toelichting."),
    force: bool = typer.Option(False, "--force", help="Ook als de casus al gestopt is (reden of datum veranderen), "
                               "of bij een datum vóór de laatste gebeurtenis."),
) -> None:
    """Leg vast dat een casus stopt, bij elke stap: de reden, status gestopt en een gebeurtenis in de reis.

    Een casus die stopt vóór er een plan is, heeft verder niets nodig. De reden telt mee in de trechter van het
    rapport (per fase, per reden). Alleen de status en de toevoegingen veranderen in het bestand; een geweigerde
    stop laat het ongemoeid (exitcode 1).
    """
    from ..commands import stop as cmd

    done(cmd.run(Io(), casus, reden, datum, toelichting, force))


@command(example="""\
doorbraak realisatie casussen/2026-tilburg-001.yaml --datum 2027-03-16 --uitkomst gelukt \\
    --post 1=120 --post "Mutatie van een woning=1" --post 3="6 maanden\"""")
def realisatie(
    casus: str = typer.Argument(..., metavar="CASUS", help="Het casusbestand (.yaml)."),
    datum: str = typer.Option(..., "--datum", "-d", metavar="DATUM", help="De dag waarop de doorbraak gerealiseerd is."),
    uitkomst: Optional[str] = typer.Option(None, "--uitkomst", "-u", metavar="UITKOMST",
                                           help="gelukt, deels of niet gelukt."),
    post: Optional[List[str]] = typer.Option(None, "--post", "-p", metavar="NR=AANTAL",
                                             help="Wat een post echt nodig had: het nummer uit 'doorbraak calc' of de "
                                                  "omschrijving, = en het aantal ('6 maanden'). Herhaalbaar."),
    force: bool = typer.Option(False, "--force", help="Ook als het plan niet goedgekeurd of de casus gestopt is, of bij "
                               "een datum vóór de laatste gebeurtenis."),
) -> None:
    """Leg de realisatie vast: datum, uitkomst en per post het gerealiseerde aantal.

    Zet ook status gerealiseerd met een gebeurtenis 'gerealiseerd' in de reis (een casus die al gerealiseerd of
    afgesloten is, houdt zijn status). Een plan dat niet goedgekeurd is, wordt niet gerealiseerd (tenzij met
    --force). Zonder --post wordt op een terminal per post gevraagd, met het geplande
    aantal als voorstel; zonder terminal blijven de aantallen open (onbekend, niet nul).
    """
    from ..commands import realisatie as cmd

    done(cmd.run(Io(), casus, datum, uitkomst, list(post or ()), force))


@command(example="""\
doorbraak instemming casussen/2026-tilburg-001.yaml --datum 2026-10-30 --door Willem \\
    --citaat "Als ik ergens anders mag wonen, dan wil ik er iets van maken.\"""")
def instemming(
    casus: str = typer.Argument(..., metavar="CASUS", help="Het casusbestand (.yaml)."),
    datum: str = typer.Option(..., "--datum", "-d", metavar="DATUM", help="Datum van de instemming (JJJJ-MM-DD)."),
    door: Optional[str] = typer.Option(None, "--door", metavar="WIE", help="Wie instemde (pseudoniem of rol)."),
    citaat: Optional[str] = typer.Option(None, "--citaat", metavar="TEKST",
                                         help="De zin van het huishouden zelf over het plan."),
) -> None:
    """Leg de instemming van het huishouden vast, in eigen woorden: die zin staat bovenaan het plandocument."""
    from ..commands import instemming as cmd

    done(cmd.run(Io(), casus, datum, door, citaat))


@command(example="""\
doorbraak todo casussen
doorbraak todo casussen --format json""")
def todo(
    paths: Optional[List[str]] = typer.Argument(None, metavar="[MAP...]", help="Mappen met casussen (standaard de huidige)."),
    fmt: TodoFormat = typer.Option(TodoFormat.text, "--format", "-f", help="text of json."),
    peildatum: Optional[str] = typer.Option(None, "--peildatum", metavar="DATUM", help="Rekenen alsof het deze dag is."),
) -> None:
    """Eén werklijst over een map: wat er bij welke casus te doen is, het oudste eerst.

    Concepten ouder dan 30 dagen, ingediende plannen zonder besluit na 14 dagen, realisaties zonder
    gerealiseerde aantallen, metingen die eraan komen of te laat zijn (met hoe laat), gestopte casussen zonder
    reden, en bestanden die niet te lezen zijn. Exitcode 0, ook als er werk ligt.
    """
    from ..commands import todo as cmd
    from .app import date_option

    done(cmd.run(Io(), list(paths or ["."]), fmt.value, date_option(peildatum, "--peildatum")))
