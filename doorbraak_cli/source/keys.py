"""Keys: the user's age identity, the repository's recipients, and the per-case keys kept outside git.

**The user's identity** (``AGE-SECRET-KEY-1…``) lives in one file: ``$DOORBRAAK_AGE_KEY_FILE``,
else ``$SOPS_AGE_KEY_FILE``, else ``sleutel.txt`` in the user's private config folder
(platformdirs; folder 0700, file 0600). ``$SOPS_AGE_KEY`` (the key itself) is read too, as sops does.

**The repository's recipients** are the team's public keys (``age1…``) in the ``age`` entry of the
first creation rule of ``.sops.yaml`` at the repository's top.

**Per-case keys (crypto-shredding).** A case that doorbraak encrypts gets its own age identity. The
case file's data key is wrapped for that identity only, so the file in git (and every version of it
in the history) opens only with it. The identity itself is kept *outside git*, in the key folder
(``$DOORBRAAK_SLEUTELMAP``, else ``casussleutels/`` in the user's private data folder), as
``<recipient>.age``: an age file encrypted for the team's recipients. Reading a case goes
user identity → per-case identity → data key → values. ``doorbraak vergeet`` deletes the per-case
file; from then on no version of the case decrypts with any key the team holds.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_SECRET = re.compile(r"AGE-SECRET-KEY-1[0-9A-Z]+")
RECIPIENT = re.compile(r"\Aage1[0-9a-z]{50,}\Z")
MAX_KEY_FILE = 1024 * 1024


class KeyError_(Exception):
    """A key problem the user can fix; the message is Dutch."""


def identity_path() -> Path:
    explicit = os.environ.get("DOORBRAAK_AGE_KEY_FILE") or os.environ.get("SOPS_AGE_KEY_FILE")
    if explicit:
        return Path(explicit)
    from platformdirs import user_config_dir

    return Path(user_config_dir("doorbraak", appauthor=False)) / "sleutel.txt"


def key_folder() -> Path:
    explicit = os.environ.get("DOORBRAAK_SLEUTELMAP")
    if explicit:
        return Path(explicit)
    from platformdirs import user_data_dir

    return Path(user_data_dir("doorbraak", appauthor=False)) / "casussleutels"


def _secrets_in(text: str) -> list[str]:
    return _SECRET.findall(text)


def identities() -> list:
    """The user's age identities (pyrage objects); [] when there is no key."""
    from pyrage import x25519

    texts = []
    path = identity_path()
    try:
        if path.is_file() and path.stat().st_size <= MAX_KEY_FILE:
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        pass
    texts.append(os.environ.get("SOPS_AGE_KEY", ""))
    out = []
    for text in texts:
        for secret in _secrets_in(text):
            try:
                out.append(x25519.Identity.from_str(secret))
            except Exception:  # pyrage's own error type for a malformed key: skip it
                continue
    return out


def why_locked() -> str:
    """Why no key at hand opens an encrypted case, in Dutch, with what to do: there is no key, the key file holds
    no key, or the key does not open this case (its case key is not in the key folder)."""
    path = identity_path()
    if not has_identity():
        return (f"er is geen sleutel ({path} bestaat niet; maak er een met 'doorbraak sleutel maak', of wijs uw "
                "sleutel aan met DOORBRAAK_AGE_KEY_FILE)")
    if not identities():
        return (f"{path} bevat geen geldige age-sleutel (een regel 'AGE-SECRET-KEY-1…'); zet uw sleutel terug, of "
                "wijs hem aan met DOORBRAAK_AGE_KEY_FILE")
    return (f"uw sleutel ({path}) opent deze casus niet: de casussleutel staat niet in de sleutelmap {key_folder()} "
            "(zet DOORBRAAK_SLEUTELMAP op de gedeelde sleutelmap van het team), u staat niet bij de ontvangers, of "
            "de casus is gewist met 'doorbraak vergeet'")


def has_identity() -> bool:
    """Cheap: is there a key file or a key in the environment (without loading any crypto)?"""
    return bool(os.environ.get("SOPS_AGE_KEY")) or identity_path().is_file()


def make_identity(path: Path | None = None) -> tuple[Path, str]:
    """A new identity in its file (0600, never overwriting); returns the file and the public recipient."""
    from pyrage import x25519

    from .files import write_file

    path = path or identity_path()
    identity = x25519.Identity.generate()
    recipient = str(identity.to_public())
    text = f"# doorbraak: age-sleutel, gemaakt met 'doorbraak sleutel maak'\n# public key: {recipient}\n{identity}\n"
    write_file(path, text, overwrite=False, mode=0o600, private_folder=True)
    return path, recipient


def recipient_of(identity) -> str:
    return str(identity.to_public())


# --- the repository's recipients (.sops.yaml) ---------------------------------------------------


def repository_top(start) -> Path | None:
    folder = Path(os.path.abspath(start))
    if folder.is_file() or not folder.exists():
        folder = folder.parent
    for f in (folder, *folder.parents):
        if (f / ".git").exists():
            return f
    return None


def sops_config(start) -> Path | None:
    """``.sops.yaml`` at or above ``start``, up to the repository's top."""
    folder = Path(os.path.abspath(start))
    if not folder.is_dir():
        folder = folder.parent
    for f in (folder, *folder.parents):
        if (f / ".sops.yaml").is_file():
            return f / ".sops.yaml"
        if (f / ".git").exists():
            return None
    return None


def team_recipients(start) -> list[str]:
    """The recipients of the repository's first creation rule; [] when the repository is not encrypted."""
    from .yamlread import ReadError, read

    config = sops_config(start)
    if config is None:
        return []
    try:
        data = read(str(config)).data
    except ReadError:
        return []
    rules = data.get("creation_rules") if isinstance(data, dict) else None
    for rule in rules or []:
        if isinstance(rule, dict) and isinstance(rule.get("age"), str):
            return [r.strip() for r in rule["age"].replace("\n", ",").split(",") if r.strip()]
    return []


# --- per-case keys ---------------------------------------------------------------------------


def case_key_file(recipient: str) -> Path:
    if not RECIPIENT.match(recipient):
        raise KeyError_(f"'{recipient}' is geen age-ontvanger")
    return key_folder() / f"{recipient}.age"


def new_case_key(team: list[str], repository: Path | None) -> tuple:
    """A per-case identity, stored in the key folder encrypted for the team; returns (identity, recipient)."""
    import pyrage
    from pyrage import x25519

    from .files import write_file

    folder = key_folder().resolve()
    if repository is not None:
        top = repository.resolve()
        if folder == top or top in folder.parents:
            raise KeyError_(f"de sleutelmap {folder} ligt in de repository; zet DOORBRAAK_SLEUTELMAP op een map "
                            "buiten git (anders reizen de sleutels mee en helpt 'vergeet' niet)")
    if not team:
        raise KeyError_("de repository heeft geen ontvangers in .sops.yaml; maak haar met "
                        "'doorbraak init MAP --versleuteld --ontvanger AGE1…'")
    identity = x25519.Identity.generate()
    recipient = str(identity.to_public())
    try:
        publics = [x25519.Recipient.from_str(r) for r in team]
    except Exception:
        raise KeyError_("een ontvanger in .sops.yaml is geen geldige age-sleutel (age1…)") from None
    sealed = pyrage.encrypt(str(identity).encode("ascii"), publics, armored=True)
    write_file(case_key_file(recipient), sealed, overwrite=False, mode=0o600, private_folder=True)
    return identity, recipient


def case_identities(recipients, own: list) -> list:
    """The per-case identities for these recipients that the user's own identities can open."""
    import pyrage
    from pyrage import x25519

    out = []
    for r in recipients:
        try:
            path = case_key_file(r)
            if not path.is_file() or path.stat().st_size > MAX_KEY_FILE:
                continue
            secret = pyrage.decrypt(path.read_bytes(), own).decode("ascii", "replace")
        except (KeyError_, OSError, pyrage.DecryptError, ValueError, TypeError):
            continue
        for s in _secrets_in(secret):
            try:
                out.append(x25519.Identity.from_str(s))
            except Exception:
                continue
    return out


def forget_case_key(recipient: str) -> bool:
    """Delete a per-case key; True when there was one."""
    path = case_key_file(recipient)
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
