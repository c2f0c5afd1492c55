"""A quick first reading of plain, valid YAML with rapidyaml; anything else goes to the exact reader.

rapidyaml (C++) parses a case in a fraction of the time our event builder on
libyaml takes, and emits the tree as JSON text that the C JSON decoder turns
into data. It is used only where it is certain to mean what the exact reader
(:mod:`.yamlread`) means; everywhere else :func:`load` answers ``None`` and
the caller reads the file with the exact reader, which gives the located
problem (``file:line:column``) or the same data. So:

* scalars keep their source text: a number arrives as the JSON number text
  ryml copies from the file (``1.050``) and is read by the same YAML 1.2
  core rules (:func:`.yamlread.plain_int`, :func:`.yamlread.plain_decimal`):
  an exact Decimal, never a float;
* where a value's meaning depends on whether it was quoted (a text that the
  core rules would turn into a number, null or boolean: ``'2020'`` or ``~``),
  the data is read from ryml's tree instead, which knows the quoting;
* what the exact reader refuses or treats specially never takes this path:
  anchors, aliases and tags (``&``, ``!`` where a node can start, or marked
  in ryml's tree), a
  document marker or directive, tabs, carriage returns, control characters,
  a duplicate key, deep nesting, too many nodes, a root that is not a mapping;
* ryml reports a syntax error by printing to stderr (then raising): that
  output is sent to the null device while it parses.

There are no positions: a reading from here has ``positions is None``, and a
check that finds any problem reads the file again exactly (check/case.py).

The binding is loaded without its Python wrapper (``ryml/__init__`` imports
``deprecation`` and ``packaging``: about 20 ms, more than the parse saves in a
``calc``): the extension module alone costs about 2 ms. When rapidyaml is not
installed (no wheel for the platform) or its binding does not look as
expected, :func:`load` always answers ``None``: the tool still works, on the
exact reader alone.
"""

from __future__ import annotations

import json
import os
import re
import threading

from .yamlread import MAX_DEPTH, MAX_EVENTS, Document, decode, plain_decimal, plain_int, read_bytes, resolve_plain
from .yamlread import parse as exact_parse

# Texts that can mean something else to the exact reader, or that it refuses with a located problem.
# Every scan below starts with one literal character (re then looks for it in C, several times faster than for a
# class of characters), or is a substring test; a scan for a rare character runs only when the character is there.
_SPECIAL_CHARS = ("\t", "\r", "\ufeff", "\u2028", "\u2029")
_SPECIAL_LINE = re.compile(r"\n(?:---|\.\.\.|%)")  # a document marker or directive on a line of its own
# An anchor, alias or tag starts a node, so it follows a space, a line break or a flow indicator ("B&W" does not);
# so does a character that cannot start a plain scalar, which libyaml refuses and ryml may take as text ("]x").
# (An alias, "*name", is found in ryml's tree instead: "*nadruk*" in a text block is common and harmless.)
_NODE_START_CHARS = "&!]},@`%"
_NODE_START = tuple((c, re.compile(re.escape(c) + r"(?<=[\s,:?\-].)")) for c in _NODE_START_CHARS)
_FLOW_START = tuple((c, re.compile(re.escape(c) + r"[&*!,@`%]")) for c in "[{")
# Forms where ryml is more lenient than libyaml, or rewrites a number in its JSON ("6." becomes 6.0, ".5" 0.5):
# an explicit key or a value without a key ("? ", ": " first on a line), a block scalar header that is not one
# ("> -"), a number with a leading or trailing decimal point.
_KEYLESS_COLON = re.compile(r":(?<=[ \-\n]:)")  # ":" after a space, "-" or line break
_KEYLESS = re.compile(r"\n[ ]*(?:-[ ]+)*[?:](?:[ ]|\n|\Z)")  # searched in "\n" + text
_HEADER_TAIL = r"(?![-+]?[1-9]?[ ]*(?:#[^\n]*)?(?:\n|\Z)|[1-9][-+][ ]*(?:#[^\n]*)?(?:\n|\Z))"
_NOT_A_HEADER = (re.compile(r"\|" + _HEADER_TAIL), re.compile(">" + _HEADER_TAIL))
_POINT = re.compile(r"\.(?:(?<=[0-9]\.)(?![0-9])|(?<![0-9]\.)(?=[0-9]))")  # "6." or ".5" somewhere
_POINT_NUMBER = re.compile(r"(?:^|[:\[{,-])[ ]*[-+]?(?:[0-9]+\.|\.[0-9]+)(?:[eE][-+]?[0-9]+)?[ ]*(?:[,\]}#]|$)")


def _special(text: str) -> bool:
    """Whether the text has what the exact reader refuses or treats specially wherever it is: a tab, a carriage
    return, a BOM inside the text, a Unicode line or paragraph separator (a line break to libyaml, not to ryml), a
    document marker or directive."""
    return any(c in text for c in _SPECIAL_CHARS) or text.startswith(("---", "...", "%")) \
        or _SPECIAL_LINE.search(text) is not None


def _odd(text: str) -> bool:
    """Whether the text has a form that the quick reading leaves to the exact reader (see the patterns above)."""
    if text[0] in _NODE_START_CHARS:
        return True
    for c, pattern in _NODE_START:
        if c in text and pattern.search(text):
            return True
    for c, pattern in _FLOW_START:
        if c in text and pattern.search(text):
            return True
    if (text[0] == ":" or ("?" in text and ("? " in text or "?\n" in text)) or _KEYLESS_COLON.search(text)) \
            and _KEYLESS.search("\n" + text):
        return True
    for pattern in _NOT_A_HEADER:
        for m in pattern.finditer(text):  # a header only where a value starts: "(OTS) > 1 jaar" is text
            i = j = m.start()
            while j > 0 and text[j - 1] == " ":
                j -= 1
            if j == 0 or text[j - 1] == "\n" or (text[j - 1] in ":?-" and j < i):
                return True
    for m in _POINT.finditer(text):  # a number only as a whole scalar: "onder de 27." is text
        start = text.rfind("\n", 0, m.start()) + 1
        stop = text.find("\n", m.end())
        if _POINT_NUMBER.search(text[start:stop if stop >= 0 else len(text)]):
            return True
    return False


# What libyaml does not take as printable (and NEL, BOM): a positive class. In an ASCII text only the C0 controls
# and DEL can be there, and deleting every other byte of its encoding (in C) shows whether one is.
_NOT_PRINTABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")
_ASCII_PRINTABLE = bytes([10, *range(32, 127)])
_SURROGATE_ESCAPE = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F]")  # "\ud800": an escape of half a character


def _not_printable(text: str) -> bool:
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _ASCII_PRINTABLE))
    return _NOT_PRINTABLE.search(text) is not None


_DEEP_INDENT = re.compile(r"\n {" + str(2 * MAX_DEPTH) + ",}")
MAX_BRACKETS = 2 * MAX_DEPTH  # more '[' or '{' than this: deep flow nesting may be meant; read exactly

_binding: list = []  # [module or None], loaded once


def _load_binding():
    """The rapidyaml extension module, or None."""
    if _binding:
        return _binding[0]
    module = None
    try:
        import importlib.machinery
        import importlib.util

        spec = importlib.util.find_spec("ryml")  # finds the package without running its __init__
        folder = spec.submodule_search_locations[0] if spec and spec.submodule_search_locations else None
        names = [n for n in os.listdir(folder) if n.startswith("_ryml.") and n.endswith((".so", ".pyd"))] if folder else []
        if names:
            path = os.path.join(folder, names[0])
            loader = importlib.machinery.ExtensionFileLoader("ryml._ryml", path)
            mod = importlib.util.module_from_spec(importlib.util.spec_from_file_location("ryml._ryml", path,
                                                                                         loader=loader))
            loader.exec_module(mod)
            needed = ("new_Tree", "delete_Tree", "parse_csubstr", "emit_json_malloc", "Tree_root_id", "Tree_size",
                      "Tree_is_map", "Tree_is_stream", "Tree_is_doc", "Tree_type", "Tree_first_child", "Tree_next_sibling",
                      "Tree_key", "Tree_val", "cvar", "VALQUO", "MAP", "SEQ", "KEYREF", "VALTAG")
            if all(hasattr(mod, n) for n in needed):
                _register(mod)
                module = mod
    except Exception:  # no wheel for this platform, another layout, a broken install: the exact reader does it all
        module = None
    _binding.append(module)
    return module


def _register(mod) -> None:
    """Give the binding's tree and exception types their destructors, as its wrapper does: without them SWIG
    prints a "memory leak" note on stdout for every tree and error it frees."""
    base = None
    for name in ("ExceptionBasic", "ExceptionParse", "ExceptionVisit", "Tree"):
        parent = Exception if name == "ExceptionBasic" else base if name.startswith("Exception") else object
        cls = type(name, (parent,), {"__swig_destroy__": getattr(mod, f"delete_{name}")})
        getattr(mod, f"{name}_swigregister")(cls)
        if name == "ExceptionBasic":
            base = cls


def available() -> bool:
    return _load_binding() is not None


class _Unsure(Exception):
    """The quick reading cannot be sure it means what the exact reader means."""


class _Quoted(_Unsure):
    """A text in the JSON that may have been a plain scalar: whether it was quoted is in ryml's tree."""


def _unique_keys(pairs):
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Unsure
    return out


def _constant(text: str):
    raise _Unsure  # NaN, Infinity: never from ryml's JSON for a plain file


_WORDS = frozenset(("~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"))
_NUMBER_FIRST = frozenset("0123456789+-.")


def _settled(value, depth: int) -> int:
    """The number of keys in the mappings of ``value``. Raise _Quoted when a text could have been a plain scalar
    that the core rules resolve (a number, null or boolean: only those start with a digit, sign or point, or are
    one of a few words), _Unsure when nesting is deep."""
    if depth > MAX_DEPTH:
        raise _Unsure
    keys = 0
    if value.__class__ is dict:
        keys = len(value)
        value = value.values()
    for v in value:
        if v.__class__ is str:
            if not v or v in _WORDS or (v[0] in _NUMBER_FIRST and resolve_plain(v) is not v):
                raise _Quoted
        elif v.__class__ is dict or v.__class__ is list:
            keys += _settled(v, depth + 1)
    return keys


def _special_nodes(mod, tree) -> bool:
    """Whether any node has an anchor, alias or tag (ryml marks them in the node's type)."""
    bad = mod.KEYREF | mod.VALREF | mod.KEYANCH | mod.VALANCH | mod.KEYTAG | mod.VALTAG
    node_type = mod.Tree_type
    return any(node_type(tree, i) & bad for i in range(mod.Tree_size(tree)))


def _walk(mod, tree, node: int, depth: int):
    """The data of a node, read from ryml's tree: slower than its JSON, but it knows which scalars were quoted."""
    if depth > MAX_DEPTH:
        raise _Unsure
    t = mod.Tree_type(tree, node)
    if t & mod.MAP or t & mod.SEQ:
        out: dict | list = {} if t & mod.MAP else []
        child = mod.Tree_first_child(tree, node)
        none = mod.cvar.NONE
        while child != none:
            value = _walk(mod, tree, child, depth + 1)
            if isinstance(out, dict):
                key = mod.Tree_key(tree, child)
                if key is None:
                    raise _Unsure
                key = str(key, "utf-8")
                if key in out:
                    raise _Unsure
                out[key] = value
            else:
                out.append(value)
            child = mod.Tree_next_sibling(tree, child)
        return out
    value = mod.Tree_val(tree, node)
    if value is None:
        if t & mod.VALQUO:
            raise _Unsure
        return None
    text = str(value, "utf-8")
    return text if t & mod.VALQUO else resolve_plain(text)


_null_fd: list = []
_stderr_lock = threading.Lock()  # threads (serve) must not swap fd 2 at the same time: one could keep the null device


def _quiet_json(mod, raw: bytes, tree):
    """ryml's parse and JSON emission with the C++ library's own error printout sent to the null device; None on an
    error. The error (and SWIG's note when it frees it) is dropped before stderr is given back."""
    out = None
    with _stderr_lock:
        try:
            if not _null_fd:
                _null_fd.append(os.open(os.devnull, os.O_WRONLY))
            saved = os.dup(2)
        except OSError:  # no stderr to set aside (closed), no null device: the exact reader does it
            return None
        try:
            os.dup2(_null_fd[0], 2)
            try:
                mod.parse_csubstr(raw, tree)
                root = mod.Tree_root_id(tree)
                if mod.Tree_size(tree) <= MAX_EVENTS and mod.Tree_is_map(tree, root) \
                        and not (mod.Tree_is_stream(tree, root) or mod.Tree_is_doc(tree, root)):
                    out = mod.emit_json_malloc(tree, root)
            except Exception:
                out = None
        finally:
            os.dup2(saved, 2)
            os.close(saved)
    return out


def load(raw: bytes, text: str):
    """The data of a YAML mapping, exactly as the exact reader reads it; or None: read it exactly instead.

    ``raw`` is the file's UTF-8 bytes and ``text`` their decoding (by :func:`.yamlread.decode`)."""
    mod = _load_binding()
    if mod is None or not text or _special(text):
        return None
    if ("\\u" in text or "\\U" in text) and _SURROGATE_ESCAPE.search(text):  # ryml writes it as bytes; libyaml refuses
        return None
    if _odd(text) or _not_printable(text) or _DEEP_INDENT.search(text) \
            or text.count("[") + text.count("{") > MAX_BRACKETS:
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        tree = mod.new_Tree()
    except Exception:
        return None
    try:
        out = _quiet_json(mod, raw, tree)  # None: a syntax error or an odd root; the exact reader says what
        if out is None:
            return None
        if ("*" in text or "&" in text or "!" in text) and _special_nodes(mod, tree):  # aliases, anchors, tags
            return None
        data = json.loads(out, parse_float=plain_decimal, parse_int=plain_int, parse_constant=_constant)
        if not isinstance(data, dict):
            return None
        try:
            # a duplicate key: the JSON writes '": ' after every key (and only in a text that starts with ': ' or
            # holds '\": '), so the mappings read hold fewer keys than that; then each mapping is checked as read
            if _settled(data, 1) != out.count('": '):
                data = json.loads(out, parse_float=plain_decimal, parse_int=plain_int, parse_constant=_constant,
                                  object_pairs_hook=_unique_keys)
        except _Quoted:  # a quoted '2020' or '': the tree says which texts were quoted
            data = _walk(mod, tree, mod.Tree_root_id(tree), 1)
        return data
    except (_Unsure, ValueError, RecursionError, TypeError, UnicodeDecodeError):
        return None
    finally:
        mod.delete_Tree(tree)


def parse(raw: bytes, file: str) -> Document:
    """A :class:`.yamlread.Document` of the bytes: quick (``positions`` None) when that is certain, else exact.

    Raises :class:`.yamlread.ReadError` as the exact reader does."""
    text = decode(raw, file)
    data = load(raw, text)
    if data is None:
        return exact_parse(text, file)
    return Document(file, data, None, None, frozenset(), text)


def parse_text(text: str, file: str) -> Document:
    """:func:`parse` of text made here (meting's new text, which it bounds itself), as :func:`.yamlread.parse`
    takes it."""
    data = load(text.encode("utf-8"), text)
    if data is None:
        return exact_parse(text, file)
    return Document(file, data, None, None, frozenset(), text)


def read(path: str) -> Document:
    """Read and parse one file, quickly when that is certain; raise :class:`.yamlread.ReadError`."""
    return parse(read_bytes(path), path)


def exact(doc: Document) -> Document:
    """The exact reading (with positions) of a document; itself when it already is one."""
    if doc.positions is not None or doc.source is None:
        return doc
    return exact_parse(doc.source, doc.file)
