"""The checked plan, kept between loads: in memory (a `make serve` rebuild) and on disk (the next build).

Checking a 10,000-release plan (YAML, models, cross-checks, data files) takes most of a second; the result
depends only on bytes, so it is kept under a digest of the bytes of every input that check reads:

- the key: the plan, mkdocs.yml, data/partners.yaml, data/champions.yaml and data/survey.yaml (each file's
  bytes, or that it is absent), the project's folder, the checking code (every module of campaign/source)
  and the versions of Python, pydantic and PyYAML;
- dependencies found by the check itself, recorded with the entry and compared on every load: each survey
  wave file a release names, and the tz database file of the plan's timezone.

Never a time: neither the clock nor a file's mtime is part of it. What the check reads from the rest of the
project (that each release's page, audio, transcript, picture and media are there, readable and within the
limits, no stray file in a gated folder, the button's page) is checked again on every load by the caller
(`plan.load`), so pages and media are never trusted from the cache: a problem there means a full check.

Only a plan that passed is kept, and on disk only once a build with it succeeded and is not a preview (`keep`,
called with the audit's caches: mkdocs_adapter). The disk copy
(one file per project) lives in `.cache/campaign/` in the project's folder: outside `site/`, never
published, ignored by git; a file that cannot be read or written is ignored (the plan is then checked as
without a cache).
"""
from __future__ import annotations

import copyreg
import hashlib
import importlib.util
import io
import os
import pickle
import sys
from collections import OrderedDict
from pathlib import Path
from types import MappingProxyType

CACHE_DIR = Path(".cache") / "campaign"
CACHE_FILE = "plan.pickle"
KEY_FILES = ("campaign_plan.yaml", "mkdocs.yml", "data/partners.yaml", "data/champions.yaml", "data/survey.yaml")
_FORMAT = 1
_MEMORY_ROOTS = 8  # projects kept in memory (tests load many; a server one)
_memory: OrderedDict = OrderedDict()  # resolved root -> [key, deps, plan, written to disk]
_code: str | None = None


def _digest(data: bytes | None) -> str:
    return "absent" if data is None else hashlib.blake2b(data, digest_size=20).hexdigest()


def file_bytes(path: Path) -> bytes | None:
    """The file's bytes, or None when it is not a file (as `path.is_file()` reads it)."""
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def _code_digest(folder: Path | None = None) -> str:
    """The checking code: every module of campaign/source (or of `folder`), and the libraries whose rules it
    applies. Read once per process for campaign/source (a server restarts when the hooks change)."""
    global _code
    if folder is None and _code is not None:
        return _code
    h = hashlib.blake2b(digest_size=20)
    h.update(library_versions().encode())
    h.update(sys.version.encode())
    for path in sorted((folder or Path(__file__).parent).glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    if folder is None:
        _code = h.hexdigest()
    return h.hexdigest()


_CHECKING_LIBRARIES = (("pydantic", "pydantic"), ("pydantic_core", "pydantic_core"), ("PyYAML", "yaml"))
_versions: str | None = None


def library_versions() -> str:
    """'name version' of each library whose rules the check applies, as installed: the version in the name of
    its dist-info folder beside the package, found without importing it (pydantic's import alone is 35 ms of a
    build whose plan comes from the cache, which never needs it); failing that, what the imported library says."""
    global _versions
    if _versions is None:
        lines = []
        for dist, module in _CHECKING_LIBRARIES:
            spec = importlib.util.find_spec(module)
            found = _dist_version(dist, spec.submodule_search_locations or ()) if spec is not None else None
            if found is None:  # (not installed as a wheel: ask the library itself)
                found = str(getattr(importlib.import_module(module), "VERSION" if module == "pydantic" else "__version__"))
            lines.append(f"{dist} {found}\n")
        _versions = "".join(lines)
    return _versions


def _dist_version(dist: str, locations) -> str | None:
    """The version in the one `<dist>-<version>.dist-info` folder beside the package's folder, or None."""
    want = dist.lower() + "-"  # (a wheel's dist-info name: the project's name with '_' for '-', a '-', its version)
    for location in locations:
        try:
            names = os.listdir(os.path.dirname(location))
        except OSError:
            continue
        hits = [n for n in names if n.lower().startswith(want) and n.endswith(".dist-info")]
        if len(hits) == 1:
            return hits[0][len(want):-len(".dist-info")]
    return None


def key(root: Path, plan_bytes: bytes) -> str:
    """The digest of the fixed inputs of the plan's check (see the module's docstring)."""
    h = hashlib.blake2b(digest_size=20)
    h.update(f"format {_FORMAT}\0{_code_digest()}\0{root}\0{root.resolve()}\0".encode())
    for rel in KEY_FILES:
        data = plan_bytes if rel == KEY_FILES[0] else file_bytes(root / rel)
        h.update(f"{rel}\0{_digest(data)}\0".encode())
    return h.hexdigest()


def tz_file(name: str) -> Path | None:
    """The tz database file zoneinfo reads for `name` (system folders first, then the tzdata package)."""
    import zoneinfo

    if not name or name.startswith("/") or ".." in name.split("/"):
        return None
    for base in zoneinfo.TZPATH:
        path = Path(base) / name
        if path.is_file():
            return path
    try:
        from importlib.resources import files

        path = Path(str(files("tzdata.zoneinfo").joinpath(name)))
    except (ImportError, ModuleNotFoundError, TypeError, ValueError):
        return None
    return path if path.is_file() else None


def dependencies(plan) -> tuple[tuple[str, str], ...]:
    """(file, digest) of the inputs the check found through the plan: survey waves, the timezone's file."""
    root = plan.root
    out = [(rel, _digest(file_bytes(root / rel))) for rel in sorted({r.data for r in plan.releases if r.kind == "survey"})]
    tzpath = tz_file(str(plan.tz))
    out.append((f"tz:{plan.tz}", _digest(file_bytes(tzpath) if tzpath else None)))
    return tuple(out)


def _deps_hold(plan, deps) -> bool:
    root = plan.root
    for rel, digest in deps:
        if rel.startswith("tz:"):
            path = tz_file(rel[3:])
            data = file_bytes(path) if path else None
        else:
            data = file_bytes(root / rel)
        if _digest(data) != digest:
            return False
    return True


def _proxy(mapping: dict) -> MappingProxyType:
    return MappingProxyType(mapping)


class _Pickler(pickle.Pickler):
    dispatch_table = copyreg.dispatch_table.copy()
    dispatch_table[MappingProxyType] = lambda m: (_proxy, (dict(m),))


def _path(root: Path) -> Path:
    return root / CACHE_DIR / CACHE_FILE


def get(root: Path, plan_bytes: bytes):
    """The plan checked earlier from these very inputs, or None. The caller still checks the project's
    other files (plan.load)."""
    try:
        k = key(root, plan_bytes)
    except OSError:  # an input that cannot be read: the check reports it
        return None
    where = str(root.resolve())
    entry = _memory.get(where)
    if entry is not None and entry[0] == k and _deps_hold(entry[2], entry[1]):
        _memory.move_to_end(where)
        return entry[2]
    try:
        with open(_path(root), "rb") as fh:
            head = pickle.load(fh)
            if not (isinstance(head, tuple) and len(head) == 3 and head[0] == _FORMAT and head[1] == k):
                return None
            plan = pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError, TypeError,
            ValueError):
        return None
    if not _deps_hold(plan, head[2]):
        return None
    _remember(where, [k, head[2], plan, True])
    return plan


def put(root: Path, plan_bytes: bytes, plan) -> None:
    """Keep a plan that passed its check, in memory (`keep` writes it to disk once a build used it)."""
    try:
        entry = [key(root, plan_bytes), dependencies(plan), plan, False]
    except OSError:
        return
    _remember(str(root.resolve()), entry)


def keep(plan) -> None:
    """Write `plan`, as kept in memory by the load that gave it, to its project's cache folder (when it can
    be written): called once a build with it has succeeded, so a failed build, make check, new or schedule
    write nothing."""
    entry = _memory.get(str(plan.root.resolve()))
    if entry is not None and entry[2] is plan and not entry[3]:
        _write(plan.root, entry)


def write_file(path: Path, data: bytes) -> None:
    """Write a cache file whole or not at all, whoever reads it meanwhile (every cache in CACHE_DIR);
    raises OSError, leaving no temporary file behind."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise


def _write(root: Path, entry: list) -> None:
    k, deps, plan, _ = entry
    try:
        buf = io.BytesIO()
        p = _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
        p.dump((_FORMAT, k, deps))
        p.clear_memo()  # two pickles, each read on its own
        p.dump(plan)
        write_file(_path(root), buf.getvalue())
        entry[3] = True
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass  # a read-only project, or a plan that cannot be kept: the next build checks it again


def _remember(where: str, entry: list) -> None:
    _memory[where] = entry
    _memory.move_to_end(where)
    while len(_memory) > _MEMORY_ROOTS:
        _memory.popitem(last=False)


def forget() -> None:
    """Drop what is kept in memory (the disk copy stays): the next load reads it or checks again."""
    _memory.clear()
