"""pydantic's validation errors in editors' words, the same for the plan and every data file:
`file:LINE: key.path: what is wrong; expected ...; found ...; fix: ...`."""
from __future__ import annotations

import difflib
import functools
from collections.abc import Callable
from types import SimpleNamespace
from typing import Annotated

from pydantic import TypeAdapter, ValidationError

from . import yamlsrc
from .errors import Problem

TYPE_WORDS = {
    "string_type": "text", "int_type": "a whole number", "int_parsing": "a whole number",
    "bool_type": "true or false", "bool_parsing": "true or false",
    "tuple_type": "a list", "list_type": "a list", "model_type": "a set of keys", "dict_type": "a set of keys",
    "greater_than": "a number above 0", "greater_than_equal": "a number of 0 or more",
    "too_short": "at least one entry",
}


def show(value) -> str | None:
    """A found value, short enough for one line of an error message."""
    if value is None:
        return None
    text = repr(str(value)) if isinstance(value, str) else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def from_pydantic(exc: ValidationError, doc: yamlsrc.Located, *,
                  allowed_keys: Callable[[tuple], list[str]],
                  is_id: Callable[[tuple], bool], id_example: str,
                  clean_loc: Callable[[list], tuple] = tuple,
                  special: Callable[[str, tuple, str], Problem | None] | None = None) -> list[Problem]:
    """One Problem per error. `allowed_keys(loc)` feeds "did you mean"; `is_id(loc)` says where a pattern
    error means a malformed id; `special(type, loc, path)` lets a caller word an error of its own."""
    out = []
    rel = doc.file
    errors = exc.errors(include_url=False)
    inner = {tuple(e["loc"])[:n] for e in errors for n in range(len(e["loc"]))}
    for err in errors:
        if err["type"] == "too_short" and tuple(err["loc"]) in inner:
            continue  # pydantic counts a list whose entries failed as empty: the entries' errors say it all
        loc = clean_loc(list(err["loc"]))
        path, line = yamlsrc.key_path(loc), doc.line(loc)
        found = show(err.get("input"))
        etype, ctx = err["type"], err.get("ctx") or {}
        own = special(etype, loc, path) if special else None
        if own is not None:
            out.append(own)
        elif etype == "campaign":
            out.append(Problem(rel, line, path, ctx["message"], ctx.get("expected") or None, found, ctx.get("fix")))
        elif etype == "missing":
            out.append(Problem(rel, line, path, f"the required key {loc[-1]!r} is missing", fix=f"add '{loc[-1]}:' here"))
        elif etype == "extra_forbidden":
            allowed = allowed_keys(loc[:-1])
            near = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
            hint = f"did you mean '{near[0]}'?" if near else f"remove it; allowed here: {', '.join(allowed)}"
            out.append(Problem(rel, line, path, f"unknown key {loc[-1]!r}", fix=hint))
        elif etype == "string_pattern_mismatch" and is_id(loc):
            out.append(Problem(rel, line, path, "not a valid id", "lower-case letters, digits and single hyphens",
                               found, f"write it like '{id_example}'"))
        elif etype == "literal_error":
            out.append(Problem(rel, line, path, "not an allowed value", ctx.get("expected"), found,
                               "use one of the expected values"))
        elif etype in TYPE_WORDS:
            out.append(Problem(rel, line, path, "wrong type of value" if etype != "too_short" else "this list is empty",
                               TYPE_WORDS[etype], found, "put text in double quotes" if etype == "string_type" else None))
        else:
            out.append(Problem(rel, line, path, err["msg"][0].lower() + err["msg"][1:], found=found))
    return out


@functools.cache
def _field_adapter(model: type, name: str) -> TypeAdapter:
    info = model.model_fields[name]
    annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return TypeAdapter(annotation)


def partial(model: type, raw, context: dict | None = None) -> SimpleNamespace | None:
    """The fields of `raw` that validate on their own, as attributes (None for the rest): what the
    cross-checks can still read of an entry that failed validation, so one bad field hides nothing else.
    Only used once a plan has failed, so the per-field adapters cost nothing on the good path."""
    if not isinstance(raw, dict):
        return None
    values = {}
    for name, info in model.model_fields.items():
        if name not in raw:
            values[name] = None if info.is_required() else info.get_default(call_default_factory=True)
            continue
        try:
            values[name] = _field_adapter(model, name).validate_python(raw[name], context=context)
        except ValidationError:
            values[name] = None
    return SimpleNamespace(**values)
