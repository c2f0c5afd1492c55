"""Typed records and their JSON form, made from the records' declared fields: one declaration, one codec.

A record is a ``NamedTuple`` whose field annotations use only: ``str``, ``int``, ``bool``, :data:`Amount`,
another such record, ``X | None``, ``tuple[X, ...]`` (any length, bounded) and ``tuple[X, Y, ...]`` (fixed).
From those annotations :func:`codec` builds, once per record type,

* ``to_data``: the record as plain JSON data (a record and a tuple are arrays, in the declared order of their
  fields; an amount is its exact text ``"n"`` or ``"n/d"``). The names are not repeated in every line: what
  reads the data back has the same declaration, since the shape text below is part of the index's key;
* ``from_data``: what was read back (a cache entry, an index line) checked against the declaration and made
  into the record again. It trusts nothing: every type, length and amount is checked, and any mismatch
  raises :class:`Mismatch` (the caller treats that as a cache miss, never as a figure). Sizes are bounded by
  the caller, which reads only JSON texts of a bounded length;
* ``shape``: a text of every field's name and type, nested records included, that changes whenever a field
  is added, removed, renamed or retyped (the index's code fingerprint includes it).

Both functions are generated as Python source from the declarations (as ``dataclasses`` and
``namedtuple`` make theirs), once per process: a summary is written and read for every case of a
report, and straight-line code does that several times faster than walking the declarations each time.
The generated source holds only names from the declarations, never a value that was read.
"""

from __future__ import annotations

import json
import types
import typing
from typing import NewType

# An exact value as (numerator, denominator > 0), both ints: sums stay integer sums; a Fraction is made only
# where a figure is finished (``result``). In JSON its exact text, "n" or "n/d".
Amount = NewType("Amount", tuple)

MAX_JSON = 4_000_000  # characters of one record's JSON text read back (a case file is at most 2 MB)
MAX_DIGITS = 120  # of an amount's numerator or denominator; an int's size is bounded the same way
_INT_BOUND = 10 ** MAX_DIGITS
_AMOUNT_CHARS = 2 * MAX_DIGITS + 2


class Mismatch(ValueError):
    """What was read back does not have the declared shape."""


def amount_text(a) -> str:
    n, d = a
    return str(n) if d == 1 else f"{n}/{d}"


def read_amount(v) -> Amount:
    """An Amount from its exact text: ASCII digits only (no sign but a leading minus, no spaces or
    underscores, which ``int`` would take), bounded, the denominator positive."""
    if type(v) is not str or len(v) > _AMOUNT_CHARS or not v.isascii():
        raise Mismatch("amount")
    n, slash, d = v.partition("/")
    if not (n.isdigit() or (n[:1] == "-" and n[1:].isdigit())) or (slash and not d.isdigit()):
        raise Mismatch("amount")
    den = int(d) if slash else 1
    if den == 0 or len(n) > MAX_DIGITS + 1 or len(d) > MAX_DIGITS:
        raise Mismatch("amount")
    return (int(n), den)


class Codec(typing.NamedTuple):
    shape: str  # the declared shape as text
    to_data: object  # value -> JSON data
    from_data: object  # JSON data -> value; raises Mismatch

    def to_json(self, value) -> str:
        return json.dumps(self.to_data(value), ensure_ascii=False, separators=(",", ":"))

    def from_json(self, text):
        """The value of a JSON text read back, or None when it is not one (damaged, too large, of another
        shape): the caller treats that as a miss."""
        if type(text) is not str or len(text) > MAX_JSON:
            return None
        try:
            return self.from_data(json.loads(text))
        except (ValueError, RecursionError):  # json's errors and Mismatch are ValueErrors; too deep a nesting
            return None


_CODECS: dict = {}


def codec(record_type) -> Codec:
    """The codec of a record type (a NamedTuple of the declared forms above), made once per process."""
    c = _CODECS.get(record_type)
    if c is None:
        c = _CODECS[record_type] = _Compiler().compile(record_type)
    return c


def shape(record_type) -> str:
    """The text of a record type's declared fields and their types, nested records included."""
    return codec(record_type).shape


def _is_record(tp) -> bool:
    return isinstance(tp, type) and issubclass(tp, tuple) and hasattr(tp, "_fields")


def _parts(tp):
    """(kind, arguments) of a declared type."""
    if tp in (str, int, bool):
        return tp.__name__, ()
    if tp is Amount:
        return "Amount", ()
    if _is_record(tp):
        return "record", (tp,)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        return "optional", (args[0] if args[1] is type(None) else args[1],)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return "many", (args[0],)
    if origin is tuple and args:
        return "fixed", args
    raise TypeError(f"no JSON form for the declared type {tp!r}")


class _Compiler:
    """Generates the two functions of a record type as Python source, and its shape text."""

    def __init__(self):
        self.env = {"Mismatch": Mismatch, "read_amount": read_amount, "amount_text": amount_text,
                    "new": tuple.__new__, "INT_BOUND": _INT_BOUND}
        self.n = 0

    def name(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}{self.n}"

    def compile(self, tp) -> Codec:
        lines: list = []
        result = self.read(tp, "data", lines, "    ")
        reader = "def from_data(data):\n" + "\n".join(lines) + f"\n    return {result}\n"
        writer = f"def to_data(value):\n    return {self.write(tp, 'value')}\n"
        exec(compile(reader + writer, f"<codec of {tp.__name__}>", "exec"), self.env)  # source made from our declarations only
        return Codec(self.shape(tp), self.env["to_data"], self.env["from_data"])

    def shape(self, tp) -> str:
        kind, args = _parts(tp)
        if kind == "record":
            hints = typing.get_type_hints(tp)
            return tp.__name__ + "(" + ",".join(f"{f}:{self.shape(hints[f])}" for f in tp._fields) + ")"
        if kind == "optional":
            return self.shape(args[0]) + "|None"
        if kind == "many":
            return f"tuple[{self.shape(args[0])},...]"
        if kind == "fixed":
            return "tuple[" + ",".join(self.shape(a) for a in args) + "]"
        return kind

    def plain(self, tp) -> bool:
        """Whether a value is its own JSON data (json writes a tuple as an array): no Amount, no record in it."""
        kind, args = _parts(tp)
        if kind in ("str", "int", "bool"):
            return True
        if kind == "Amount":
            return False
        if kind == "record":
            hints = typing.get_type_hints(args[0])
            return all(self.plain(hints[f]) for f in args[0]._fields)
        return all(self.plain(a) for a in args)

    def write(self, tp, x: str) -> str:
        """An expression of the JSON data of the value of expression ``x`` (a name or an index into one)."""
        kind, args = _parts(tp)
        if self.plain(tp):
            return x
        if kind == "Amount":
            return f"amount_text({x})"
        if kind == "record":
            hints = typing.get_type_hints(args[0])
            return "[" + ", ".join(self.write(hints[f], f"{x}[{i}]") for i, f in enumerate(args[0]._fields)) + "]"
        if kind == "optional":
            return f"(None if {x} is None else {self.write(args[0], x)})"
        if kind == "many":
            if _parts(args[0])[0] == "Amount":  # the common arrays of amounts: no call per amount
                n, d = self.name("n"), self.name("d")
                return f"[str({n}) if {d} == 1 else f'{{{n}}}/{{{d}}}' for {n}, {d} in {x}]"
            e = self.name("e")
            return f"[{self.write(args[0], e)} for {e} in {x}]"
        return "[" + ", ".join(self.write(a, f"{x}[{i}]") for i, a in enumerate(args)) + "]"

    def read(self, tp, x: str, out: list, ind: str) -> str:
        """Statements (appended to ``out``) that check the data in the name ``x`` and make its value; returns
        the expression of that value."""
        kind, args = _parts(tp)
        if kind == "str":
            out.append(f"{ind}if type({x}) is not str: raise Mismatch('text')")
            return x
        if kind == "int":
            out.append(f"{ind}if type({x}) is not int or not -INT_BOUND < {x} < INT_BOUND: raise Mismatch('int')")
            return x
        if kind == "bool":
            out.append(f"{ind}if type({x}) is not bool: raise Mismatch('bool')")
            return x
        if kind == "Amount":
            return f"read_amount({x})"
        y = self.name("v")
        if kind == "optional":
            out.append(f"{ind}if {x} is None:\n{ind}    {y} = None\n{ind}else:")
            inner = self.read(args[0], x, out, ind + "    ")
            out.append(f"{ind}    {y} = {inner}")
            return y
        if kind == "many":
            out.append(f"{ind}if type({x}) is not list: raise Mismatch('array')")
            if _parts(args[0])[0] == "str":  # the common arrays of texts: one check, no loop of our own
                out.append(f"{ind}if not all([type(t) is str for t in {x}]): raise Mismatch('text')")
                return f"tuple({x})"
            e = self.name("e")
            out.append(f"{ind}{y} = []\n{ind}for {e} in {x}:")
            inner = self.read(args[0], e, out, ind + "    ")
            out.append(f"{ind}    {y}.append({inner})")
            return f"tuple({y})"
        if kind == "fixed":
            out.append(f"{ind}if type({x}) is not list or len({x}) != {len(args)}: raise Mismatch('array')")
            items = [self.name("i") for _ in args]
            out.append(f"{ind}{', '.join(items)}, = {x}")
            values = [self.read(a, i, out, ind) for a, i in zip(args, items)]
            return "(" + ", ".join(values) + ",)"
        record = args[0]
        hints = typing.get_type_hints(record)
        cls = self.name("R")
        self.env[cls] = record
        fields = record._fields
        out.append(f"{ind}if type({x}) is not list or len({x}) != {len(fields)}: raise Mismatch({record.__name__!r})")
        items = [self.name("f") for _ in fields]
        out.append(f"{ind}{', '.join(items)}, = {x}")
        values = [self.read(hints[f], item, out, ind) for f, item in zip(fields, items)]
        out.append(f"{ind}{y} = new({cls}, (" + ", ".join(values) + ",))")
        return y
