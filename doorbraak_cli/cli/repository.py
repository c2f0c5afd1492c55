"""Commands around the case repository: prices, schema, init, textconv and import-prices."""

from __future__ import annotations

from enum import Enum
from typing import List, Optional

import typer

from ..commands import Io
from .app import command, done


class ListFormat(str, Enum):
    terminal = "terminal"
    json = "json"
    csv = "csv"


@command()
def prices(
    zoekterm: Optional[str] = typer.Argument(None, metavar="[ZOEKTERM]", help="Woorden om op te zoeken (id, omschrijving, eenheid, domein)."),
    lijst: Optional[List[str]] = typer.Option(None, "--lijst", "-l", metavar="NAAM", help="Alleen deze prijslijst(en)."),
    bij: Optional[str] = typer.Option(None, "--bij", metavar="CASUS", help="Zoek ook in de pricelists/-map boven dit casusbestand."),
    fmt: ListFormat = typer.Option(ListFormat.terminal, "--format", "-f", help="terminal, json of csv."),
) -> None:
    """Zoek posten in de prijslijsten, om het id te vinden voor 'post:' in een casus."""
    from ..commands import prices as cmd

    done(cmd.run(Io(), zoekterm, lijst, bij, fmt.value))


@command()
def schema(
    prijslijst: bool = typer.Option(False, "--prijslijst", help="Het schema van een prijslijst in plaats van een casus."),
) -> None:
    """Print het JSON Schema (draft 2020-12) van het casusformaat, voor editors en andere tools."""
    from ..commands import schema as cmd

    done(cmd.run(Io(), prijslijst))


@command()
def init(
    map_: Optional[str] = typer.Argument(None, metavar="[MAP]",
                                         help="Map van de casusrepository (standaard de huidige map; wordt gemaakt als die er niet is)."),
    repair: bool = typer.Option(False, "--repair", help="Zet ook opnieuw goed wat naar een verplaatste doorbraak of "
                                "schema wijst: de git-instelling voor 'git diff', de lokale pre-commit-hook en de "
                                "modeline (# yaml-language-server) van verplaatste casussen."),
    versleuteld: bool = typer.Option(False, "--versleuteld", help="Versleutel het verhaal van elke casus (SOPS met age); de cijfers blijven leesbaar."),
    ontvanger: Optional[List[str]] = typer.Option(None, "--ontvanger", metavar="AGE1…",
                                                  help="Publieke sleutel van een teamlid (herhaalbaar; standaard uw eigen sleutel)."),
) -> None:
    """Maak of vul een casusrepository aan: git, casussen/, pricelists/, het schema voor de editor, cijfers in git diff en pre-commit.

    Maakt alleen wat ontbreekt en overschrijft nooit iets; nog eens draaien verandert niets. Na het klonen draait
    iedereen het één keer: de git-instelling voor de cijfers in 'git diff' reist niet mee met een kloon. Met
    --repair zet het ook opnieuw goed wat na een verhuizing niet meer klopt (meldt 'doorbraak validate'
    modeline-kapot, of toont 'git diff' geen cijfers meer, dan is dit de oplossing).
    """
    from ..commands import init as cmd

    done(cmd.run(Io(), map_, repair=repair, versleuteld=versleuteld, ontvangers=ontvanger))


@command(hidden=True)
def textconv(
    bestand: str = typer.Argument(..., metavar="BESTAND", help="Het bestand dat git aanlevert (een versie van een casus)."),
) -> None:
    """Voor git diff: de tekst van een casus met daaronder de totalen en het rendement (ingesteld door 'doorbraak init').

    Mislukt nooit: een casus die niet doorrekent krijgt één regel met het aantal fouten.
    """
    from ..commands import textconv as cmd

    done(cmd.run(Io(), bestand))


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
    from ..commands import import_prices as cmd

    done(cmd.run(Io(), bestand, naam, output, force, blad))


class RetentionFormat(str, Enum):
    terminal = "terminal"
    json = "json"


class SleutelActie(str, Enum):
    maak = "maak"
    sops = "sops"


@command()
def sleutel(
    actie: SleutelActie = typer.Argument(..., metavar="maak|sops", help="maak: een nieuwe sleutel; sops: de sleutels voor sops zelf."),
) -> None:
    """Uw age-sleutel voor versleutelde casussen.

    'doorbraak sleutel maak' maakt uw sleutel (in uw eigen configuratiemap, alleen voor u leesbaar) en print de
    publieke sleutel; een andere plek: DOORBRAAK_AGE_KEY_FILE of SOPS_AGE_KEY_FILE. 'doorbraak sleutel sops'
    print de sleutels voor sops zelf: SOPS_AGE_KEY_CMD="doorbraak sleutel sops" sops edit CASUS.
    """
    from ..commands import sleutel as cmd

    done(cmd.run_make(Io()) if actie is SleutelActie.maak else cmd.run_sops(Io()))


@command()
def versleutel(
    paden: List[str] = typer.Argument(..., metavar="PAD...", help="Casusbestanden of mappen (recursief)."),
) -> None:
    """Versleutel het verhaal van bestaande casussen, ter plekke (de cijfers blijven leesbaar).

    Voorbeeld: doorbraak versleutel casussen/. Elke casus krijgt een eigen sleutel buiten git; een casus die al
    versleuteld is blijft zoals hij is. Opmerkingen en volgorde blijven staan.
    """
    from ..commands import versleutel as cmd

    done(cmd.run(Io(), paden))


@command()
def vergeet(
    casus: str = typer.Argument(..., metavar="CASUS", help="Het casusbestand."),
) -> None:
    """Wis het verhaal van een huishouden, ook uit alle versies in git (het recht op vergetelheid).

    Voorbeeld: doorbraak vergeet casussen/2026-tilburg-006.yaml. De casussleutel buiten git wordt verwijderd,
    zodat geen enkele versie in de geschiedenis nog opengaat; het bestand wordt een anonieme casus met alleen de
    cijfers. Versies die ook zonder die sleutel leesbaar zijn (van vóór de versleuteling) worden genoemd
    (exitcode 1). Zie SECURITY.md voor wat het team verder moet doen (back-ups, andere klonen).
    """
    from ..commands import vergeet as cmd

    done(cmd.run(Io(), casus))


@command()
def bewaartermijn(
    map_: Optional[str] = typer.Argument(None, metavar="[MAP]", help="De map met casussen (standaard de huidige map)."),
    fmt: RetentionFormat = typer.Option(RetentionFormat.terminal, "--format", "-f", help="terminal of json."),
    peildatum: Optional[str] = typer.Option(None, "--peildatum", metavar="JJJJ-MM-DD", help="De dag waarop wordt geteld (standaard vandaag)."),
) -> None:
    """Welke casussen langer bewaard worden dan de bewaartermijn (per status, in .doorbraak.yaml) toestaat.

    Voorbeeld: doorbraak bewaartermijn casussen. De termijn telt vanaf de laatste datum van de casus; wis een casus
    over de termijn met 'doorbraak vergeet'.
    """
    from ..commands import bewaartermijn as cmd
    from .app import date_option

    done(cmd.run(Io(), map_, fmt.value, date_option(peildatum, "--peildatum")))
