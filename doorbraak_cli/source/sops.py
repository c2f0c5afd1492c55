"""The SOPS file format: per-value AES-256-GCM, a data key wrapped for age recipients, a MAC.

This module reads and writes exactly what the ``sops`` tool reads and writes
(YAML store, ``encrypted_regex``, ``mac_only_encrypted``), so a case that
``doorbraak`` encrypted opens with ``sops decrypt``/``sops edit`` and a case
that ``sops`` encrypted with the repository's ``.sops.yaml`` opens here. The
cryptography is not ours: AES-GCM comes from ``cryptography``, age from
``pyrage``; this module only arranges their inputs the way SOPS does:

* a value ``v`` at key path ``k1 > k2 > ... > kn`` (list positions are not part
  of the path) becomes ``ENC[AES256_GCM,data:…,iv:…,tag:…,type:str|int|float|bool|time]``,
  sealed with the file's 32-byte data key, a 32-byte random nonce and the
  additional data ``k1:k2:...:kn:``; an empty string stays empty, as in SOPS;
* a value is encrypted when any key on its path matches ``encrypted_regex``;
* the MAC is SHA-512 (upper-case hex) over the plain values in file order,
  with ``mac_only_encrypted`` only over the encrypted ones (after a fixed
  prefix); it is sealed with the data key and the ``lastmodified`` time as
  additional data;
* the data key is age-encrypted (ASCII armour) for each recipient.

Every function takes and returns plain data as :mod:`.yamlread` builds it
(dicts in file order, lists, str, int, Decimal, bool, None). The heavy
imports happen inside the functions, so reading a plain case never loads them.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from decimal import Decimal

# The keys whose values tell a household's story (see SECURITY.md). Every other key stays readable,
# so the figures (posts, statuses, dates, scores) compute without a key. A breakthrough's text is
# written under 'wat' in an encrypted case: 'omschrijving' is also a post's label, which stays readable.
ENCRYPTED_KEYS = ("situatieschets", "toekomstperspectief", "overzicht", "wat", "wie", "wanneer", "bedoeling",
                  "uitzonderingsgronden", "andere_regels", "betrokkenheid", "afweging", "toelichting",
                  "evaluatie", "vangnet", "instemming", "namen", "regievoerder")
ENCRYPTED_REGEX = "^(" + "|".join(ENCRYPTED_KEYS) + ")$"
SOPS_VERSION = "3.11.0"  # the format version written in the metadata (the sops release it was checked with)
LOCKED = "[versleuteld]"  # what a reader without the key sees in place of an encrypted text
ERASED = "[gewist]"  # what 'doorbraak vergeet' leaves in place of an erased text

_MAC_ONLY_PREFIX = hashlib.sha256(b"sops").digest()  # SOPS: MACOnlyEncryptedInitialization
_ENC = re.compile(r"\AENC\[AES256_GCM,data:([A-Za-z0-9+/=]*),iv:([A-Za-z0-9+/=]+),tag:([A-Za-z0-9+/=]+),type:([a-z0-9]+)\]\Z")
_DATE = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")
_MIDNIGHT = re.compile(r"\A(\d{4}-\d{2}-\d{2})T00:00:00Z\Z")


class SopsError(Exception):
    """A SOPS file that cannot be opened or written; the message is Dutch."""


def is_sealed(data) -> bool:
    """Whether parsed data is a SOPS file (a mapping with a ``sops`` metadata mapping)."""
    return isinstance(data, dict) and isinstance(data.get("sops"), dict)


def is_encrypted(value) -> bool:
    return isinstance(value, str) and value.startswith("ENC[AES256_GCM,")


def matches(path, regex: str) -> bool:
    """SOPS's rule: a value is encrypted when any key on its path matches (list positions are no keys)."""
    pattern = re.compile(regex)
    return any(isinstance(p, str) and pattern.search(p) for p in path)


def leaves(data, path=()):
    """Every (parent, index, path, value) of the scalars in file order, ``sops`` metadata excluded."""
    if isinstance(data, dict):
        for k, v in data.items():
            if not path and k == "sops":
                continue
            if isinstance(v, (dict, list)):
                yield from leaves(v, path + (k,))
            else:
                yield data, k, path + (k,), v
    elif isinstance(data, list):
        for i, v in enumerate(data):
            if isinstance(v, (dict, list)):
                yield from leaves(v, path + (i,))
            else:
                yield data, i, path + (i,), v


def _aad(path) -> bytes:
    return (":".join(p for p in path if isinstance(p, str)) + ":").encode("utf-8")


def _go_float(d) -> str:
    """Go's strconv.FormatFloat(f, 'f', -1, 64): the shortest digits that read back, never an exponent."""
    text = format(Decimal(repr(float(d))), "f")
    return text


def plain_bytes(value) -> tuple[bytes, str]:
    """A value as SOPS encodes it, with its type name (a bare date is a time to sops, at midnight UTC)."""
    if isinstance(value, str) and _DATE.match(value):
        return (value + "T00:00:00Z").encode(), "time"
    if isinstance(value, bool):
        return (b"True" if value else b"False"), "bool"
    if isinstance(value, int):
        return str(value).encode(), "int"
    if isinstance(value, Decimal):
        return _go_float(value).encode(), "float"
    return str(value).encode("utf-8"), "str"


def encrypt_value(value, key: bytes, path) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if value == "" or value is None:
        return value
    data, kind = plain_bytes(value)
    iv = os.urandom(32)
    sealed = AESGCM(key).encrypt(iv, data, _aad(path))
    b64 = base64.b64encode
    return (f"ENC[AES256_GCM,data:{b64(sealed[:-16]).decode()},iv:{b64(iv).decode()},"
            f"tag:{b64(sealed[-16:]).decode()},type:{kind}]")


def decrypt_value(text: str, key: bytes, aad: bytes):
    """The plain value and the bytes it adds to the MAC; SopsError when it does not authenticate."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    m = _ENC.match(text)
    if not m:
        raise SopsError("een versleutelde waarde heeft niet de vorm ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]")
    try:
        data, iv, tag = (base64.b64decode(g, validate=True) for g in m.group(1, 2, 3))
        plain = AESGCM(key).decrypt(iv, data + tag, aad)
    except (InvalidTag, ValueError):
        raise SopsError("een versleutelde waarde klopt niet bij de sleutel of is veranderd") from None
    kind = m.group(4)
    s = plain.decode("utf-8", "replace")
    if kind == "str" or kind == "comment":
        return s, plain
    if kind in ("int", "int64"):
        return int(s), plain
    if kind == "float":
        return Decimal(s), plain
    if kind == "bool":
        return s.lower() == "true", plain
    if kind == "time":
        midnight = _MIDNIGHT.match(s)
        return (midnight.group(1) if midnight else s), plain
    raise SopsError(f"een versleutelde waarde heeft een onbekend type '{kind}'")


def mac_bytes(value) -> bytes:
    """What a plain (unencrypted) value adds to a MAC over all values."""
    return plain_bytes(value)[0]


def value_type(text: str) -> str:
    """The type an encrypted value declares (str, int, float, bool, time, …)."""
    return text[text.rfind("type:") + 5:-1] if text.endswith("]") and "type:" in text else ""


def _metadata(data) -> dict:
    meta = data.get("sops")
    if not isinstance(meta, dict):
        raise SopsError("het 'sops'-blok ontbreekt of is geen mapping")
    return meta


def stanzas(data) -> list[tuple[str, str]]:
    """The (recipient, armoured encrypted data key) pairs of the file's age recipients."""
    meta = _metadata(data)
    groups = meta.get("age") or []
    for group in meta.get("key_groups") or []:
        if isinstance(group, dict):
            groups = groups + (group.get("age") or [])
    out = []
    for s in groups:
        if isinstance(s, dict) and isinstance(s.get("recipient"), str) and isinstance(s.get("enc"), str):
            out.append((s["recipient"], s["enc"]))
    return out


def data_key(data, identities) -> bytes | None:
    """The file's data key, unwrapped with one of the age identities; None when none of them fits."""
    import pyrage

    for _recipient, enc in stanzas(data):
        try:
            key = pyrage.decrypt(enc.encode("utf-8"), list(identities))
        except (pyrage.DecryptError, ValueError, TypeError):
            continue
        if len(key) == 32:
            return key
    return None


def wrap_key(key: bytes, recipients) -> list:
    import pyrage
    from pyrage import x25519

    out = []
    for r in recipients:
        try:
            public = x25519.Recipient.from_str(r)
        except Exception:  # pyrage raises its own error types for a malformed recipient
            raise SopsError(f"'{r}' is geen geldige age-ontvanger (age1…)") from None
        armoured = pyrage.encrypt(key, [public], armored=True).decode("ascii")
        out.append({"recipient": r, "enc": armoured if armoured.endswith("\n") else armoured + "\n"})
    return out


def decrypt(data, key: bytes, added_in_plain: bool = False) -> dict:
    """A copy of ``data`` without ``sops``, every encrypted value opened and the MAC checked.

    ``added_in_plain``: plain values under narrative keys (text typed into an encrypted file, before
    ``doorbraak versleutel``) are left out of the MAC, so the MAC checks what was encrypted before."""
    import copy

    meta = _metadata(data)
    regex = meta.get("encrypted_regex") or ""
    mac_only = meta.get("mac_only_encrypted") is True
    out = copy.deepcopy({k: v for k, v in data.items() if k != "sops"})
    h = hashlib.sha512()
    if mac_only:
        h.update(_MAC_ONLY_PREFIX)
    for parent, index, path, value in list(leaves(out)):
        if value is None:
            continue
        encrypted = matches(path, regex) if regex else True
        if encrypted and is_encrypted(value):
            parent[index], plain = decrypt_value(value, key, _aad(path))
            h.update(plain)
        elif encrypted and added_in_plain and value != "":
            continue
        elif encrypted or not mac_only:
            h.update(mac_bytes(value))
    stored = meta.get("mac")
    last = meta.get("lastmodified")
    if not isinstance(stored, str) or not isinstance(last, str):
        raise SopsError("het 'sops'-blok mist 'mac' of 'lastmodified'")
    want, _ = decrypt_value(stored, key, last.encode("utf-8"))
    if want != h.hexdigest().upper():
        raise SopsError("de MAC klopt niet: een versleutelde waarde is buiten sops of doorbraak om veranderd")
    return out


def compute_mac(plain, regex: str, mac_only: bool) -> str:
    h = hashlib.sha512()
    if mac_only:
        h.update(_MAC_ONLY_PREFIX)
    for _p, _i, path, value in leaves(plain):
        if value is None:
            continue
        if not mac_only or matches(path, regex):
            h.update(plain_bytes(value)[0])
    return h.hexdigest().upper()


def metadata(key: bytes, recipients, plain, lastmodified: str, regex: str = ENCRYPTED_REGEX) -> dict:
    """The ``sops`` block for ``plain`` (before encryption): wrapped keys, the sealed MAC, the rules."""
    mac = compute_mac(plain, regex, True)
    return {
        "age": wrap_key(key, recipients),
        "lastmodified": lastmodified,
        "mac": _seal_mac(mac, key, lastmodified),
        "encrypted_regex": regex,
        "mac_only_encrypted": True,
        "version": SOPS_VERSION,
    }


def _seal_mac(mac: str, key: bytes, lastmodified: str) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    iv = os.urandom(32)
    sealed = AESGCM(key).encrypt(iv, mac.encode(), lastmodified.encode("utf-8"))
    b64 = base64.b64encode
    return (f"ENC[AES256_GCM,data:{b64(sealed[:-16]).decode()},iv:{b64(iv).decode()},"
            f"tag:{b64(sealed[-16:]).decode()},type:str]")


def new_key() -> bytes:
    return os.urandom(32)
