"""``doorbraak sleutel``: the user's age key (``maak``) and the keys sops needs (``sops``)."""

from __future__ import annotations

from ..model.problem import os_reason
from . import EXIT_INPUT, EXIT_OK, Io


def run_make(io: Io) -> int:
    """Create the user's age identity (0600, never overwriting) and print its public recipient."""
    from ..source import keys

    path = keys.identity_path()
    if path.exists():
        io.message(f"{path}: er is al een sleutel; die wordt niet overschreven (de publieke sleutel staat in het "
                   "bestand, op de regel '# public key:')")
        return EXIT_INPUT
    try:
        path, recipient = keys.make_identity(path)
    except FileExistsError:
        io.message(f"{path}: er is al een sleutel; die wordt niet overschreven")
        return EXIT_INPUT
    except OSError as exc:
        io.message(f"{path}: kan de sleutel niet schrijven ({os_reason(exc)})")
        return EXIT_INPUT
    io.message(f"sleutel gemaakt: {path} (alleen voor u leesbaar; bewaar een kopie op een veilige plek)\n"
               "geef uw publieke sleutel aan wie de repository beheert (doorbraak init MAP --versleuteld "
               "--ontvanger …):")
    io.write(recipient + "\n")
    return EXIT_OK


def run_sops(io: Io) -> int:
    """For ``SOPS_AGE_KEY_CMD="doorbraak sleutel sops"``: the user's identities and every per-case key they open."""
    from ..source import keys

    own = keys.identities()
    if not own:
        io.message(f"geen sleutel gevonden ({keys.identity_path()}); maak er een met 'doorbraak sleutel maak'")
        return EXIT_INPUT
    folder = keys.key_folder()
    recipients = []
    if folder.is_dir():
        recipients = sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".age"))
    lines = [str(i) for i in own] + [str(i) for i in keys.case_identities(recipients, own)]
    io.write("".join(line + "\n" for line in lines))
    return EXIT_OK
