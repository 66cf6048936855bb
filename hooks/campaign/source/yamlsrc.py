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


def load_lazy(text: str, file: str) -> tuple[Located | None, list[Problem]]:
    """What `load` returns, read the fast way when possible: every line is then read (the full way)
    the first time a problem asks for one, so reports still carry exact lines."""
    fast = load_fast(text, file)
    if fast is None:
        return load(text, file)
    return _LinesOnDemand(fast.value, file, fast.lines, text), []


@dataclass
class _LinesOnDemand(Located):
    text: str = ""
    complete: bool = False

    def line(self, path: Path) -> int:
        if not self.complete:
            self.lines, self.complete = load(self.text, self.file)[0].lines, True
        return super().line(path)


_CONSTRUCT = yaml.constructor.SafeConstructor()  # YAML's own rules for ints, floats, bools, nulls


def _construct(node):
    """YAML's own value for a plain scalar, as SafeConstructor gives it. The constructor remembers every
    node it built (for aliases within one document); this one is shared by every load of the process, so
    it forgets them each time (under `make serve` it kept each rebuild's nodes, and their marks, for good)."""
    try:
        return _CONSTRUCT.construct_object(node)
    finally:
        _CONSTRUCT.constructed_objects.clear()
        _CONSTRUCT.recursive_objects.clear()


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
    return _construct(node)


# --- fast path -----------------------------------------------------------------------------------------

class NeedsFullLoad(Exception):
    """The fast reader met something only `load` reports properly (a problem, an alias, a bad document)."""


_STR_TAG = "tag:yaml.org,2002:str"
_TIME_TAG = "tag:yaml.org,2002:timestamp"
_RESOLVER = yaml.resolver.Resolver()
_NO_KEY = object()
_LINE_DEPTH = 2  # lines kept by the fast path: the top-level keys and each release (what a Plan keeps)


_TAGS: dict = {}  # (plain scalar, implicit) -> tag: every key of every release resolves the same way


def _scalar(ev):
    if ev.style:  # quoted or block text: always text, whatever the tag (as `_build`)
        return ev.value
    tag = ev.tag
    if tag is None or tag == "!":
        key = (ev.value, ev.implicit)
        tag = _TAGS.get(key)
        if tag is None:
            tag = _RESOLVER.resolve(yaml.ScalarNode, ev.value, ev.implicit)
            if len(_TAGS) < 4096:
                _TAGS[key] = tag
    if tag == _STR_TAG:
        return ev.value
    if tag == _TIME_TAG:
        return UnquotedTime(ev.value)
    return _construct(yaml.ScalarNode(tag, ev.value, ev.start_mark, ev.end_mark))


def load_fast(text: str, file: str) -> Located | None:
    """The same values as `load`, about 3x faster on a 10,000-release plan: built from the C parser's
    events without composing a node tree, keeping only the lines of keys and items at the top two
    levels. Returns None whenever `load` could report a problem (or for aliases and several documents):
    callers then use `load`, so every report still carries its exact line."""
    try:
        return _load_fast(text, file)
    except (NeedsFullLoad, yaml.YAMLError, ValueError, TypeError):
        return None


def _load_fast(text: str, file: str) -> Located:
    doc = Located(None, file)
    lines = doc.lines
    stack: list[list] = []  # [container, path or None (deeper than kept), pending key]
    root, documents = _NO_KEY, 0
    Scalar, MapStart, SeqStart = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    MapEnd, SeqEnd = yaml.MappingEndEvent, yaml.SequenceEndEvent
    loader = _Loader(text)
    try:
        # get_event returns None after the stream's end: the loop without yaml.parse's generator.
        for ev in iter(loader.get_event, None):
            cls = type(ev)
            if cls is Scalar:
                value = ev.value if ev.style else _scalar(ev)  # (quoted: text, as in _scalar)
            elif cls is MapStart:
                value = {}
            elif cls is SeqStart:
                value = []
            elif cls is MapEnd or cls is SeqEnd:
                frame = stack.pop()
                if frame[2] is not _NO_KEY:
                    raise NeedsFullLoad("a key without a value")
                continue
            elif cls is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise NeedsFullLoad("several documents")
                continue
            elif cls is yaml.AliasEvent:
                raise NeedsFullLoad("alias")
            else:  # stream start/end, document end
                continue
            # Place the value in its parent.
            if not stack:
                root, path = value, ()
                lines[()] = ev.start_mark.line + 1
            else:
                frame = stack[-1]
                container, ppath, key = frame
                if type(container) is dict:
                    if key is _NO_KEY:  # this event is a key
                        if cls is not Scalar:
                            raise NeedsFullLoad("a key that is not a plain word")
                        key = str(value)
                        if key in container:
                            raise NeedsFullLoad("a key twice")
                        frame[2] = key
                        if ppath is not None and len(ppath) < _LINE_DEPTH:
                            lines[ppath + (key,)] = ev.start_mark.line + 1
                        continue
                    container[key] = value
                    frame[2] = _NO_KEY
                    path = ppath + (key,) if ppath is not None and len(ppath) < _LINE_DEPTH else None
                else:
                    path = ppath + (len(container),) if ppath is not None and len(ppath) < _LINE_DEPTH else None
                    if path is not None:
                        lines.setdefault(path, ev.start_mark.line + 1)
                    container.append(value)
            if cls is not Scalar:
                stack.append([value, path, _NO_KEY])
    finally:
        loader.dispose()
    doc.value = None if root is _NO_KEY else root
    return doc
