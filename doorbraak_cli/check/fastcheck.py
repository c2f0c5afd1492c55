"""A quick yes/no schema check for the common case: a valid file.

The validators are compiled ahead of time from the shipped JSON Schemas with
fastjsonschema (see tools/make_schema.py), which costs a fraction of importing
jsonschema. When this check says "no", the caller runs the full check in
:mod:`.schema` to report every error in Dutch. Tests keep the two in step.
"""

from __future__ import annotations


def is_valid(data, kind: str = "case") -> bool:
    try:
        if kind == "case":
            from ..schema._fast_doorbraakplan_1 import validate
        else:
            from ..schema._fast_prijslijst_1 import validate
    except ImportError:  # pragma: no cover - fastjsonschema missing: use the full check
        return False
    try:
        validate(data)
    except Exception:  # JsonSchemaValueException: the full check will say what and where
        return False
    return True
