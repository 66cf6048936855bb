"""YAML read with line numbers, so every problem can say `file:LINE: key.path`.

PyYAML composes the node tree (C parser when available); we build plain values ourselves so that we
keep each key's line, refuse duplicate keys (PyYAML silently keeps the last) and can tell a quoted time
from an unquoted one (which YAML would turn into a date object).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import yaml

try:  # the C parser is ~10x faster on a 10,000-release plan
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader

from .errors import Problem

Path = tuple  # of str keys and int indexes


class UnquotedTime(str):
    """A plain (unquoted) YAML scalar that YAML would read as a date or timestamp."""


@dataclass
class Located:
    """A YAML document as plain values, with the line of every key and list item."""

    value: object
    file: str
    lines: dict = field(default_factory=dict)

    def line(self, path: Path) -> int:
        # Walk up to the nearest located ancestor (a missing key is reported at its parent).
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


def key_path(path: Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def load(text: str, file: str) -> tuple[Located | None, list[Problem]]:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 1
        what = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(file, line, "", f"this is not valid YAML ({what})",
                              fix="check the indentation and that text containing ': ' or '#' is in quotes")]
    doc = Located(None, file)
    problems: list[Problem] = []
    doc.value = _build(node, (), doc, problems) if node is not None else None
    return doc, problems


_CONSTRUCT = yaml.constructor.SafeConstructor()  # YAML's own rules for ints, floats, bools, nulls


def _build(node, path: Path, doc: Located, problems: list[Problem]):
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for knode, vnode in node.value:
            key = _build(knode, path + ("<key>",), doc, problems)
            if isinstance(key, list | dict):
                problems.append(Problem(doc.file, knode.start_mark.line + 1, key_path(path),
                                        "a key must be a plain word", fix="remove the brackets around the key"))
                continue
            key = str(key)
            if key in out:
                problems.append(Problem(
                    doc.file, knode.start_mark.line + 1, key_path(path + (key,)),
                    f"the key {key!r} appears twice here (first on line {doc.lines[path + (key,)]})",
                    fix="keep one of them"))
                continue
            doc.lines[path + (key,)] = knode.start_mark.line + 1
            out[key] = _build(vnode, path + (key,), doc, problems)
        doc.lines.pop(path + ("<key>",), None)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), doc, problems) for i, item in enumerate(node.value)]
    # Scalar: quoted scalars are always text; plain ones get YAML's type, except dates, which we mark.
    if node.style or node.tag == "tag:yaml.org,2002:str":
        return node.value
    if node.tag == "tag:yaml.org,2002:timestamp":
        return UnquotedTime(node.value)
    return _CONSTRUCT.construct_object(node)
