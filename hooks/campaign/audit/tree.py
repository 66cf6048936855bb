"""The project tree fails closed: what could publish a gated file behind the plan's back is an error before
any build (`make build`, `make check`, `make publish`), with the file and line to fix.

- a symbolic link under docs/, podcast/, overrides/ or data/ (MkDocs follows links, so a link to a gated
  file or folder would publish it);
- a file outside the gated folders with the same bytes as a gated file (or the same audio, whatever its
  tags), named with the release it belongs to; or, other bytes, with the name of a hidden item's file (the build
  takes a file by its name for the item's: pages would leave it out and the audit refuse it), to rename;
- a Markdown include (pymdownx.snippets, including its auto_append) of a gated file, podcast/ or data/, or of
  a file that does not exist (the extension leaves it out silently: an editor's typo would lose the words), in a
  page or in a file included, to any depth: named at the line holding it, with the files that include that file;
- a file too big for the leak audit to read;
- a heading, nav label or title of something published now that contains the title of a release that is
  not live (shared wording must be declared under `shared_wording:` in the plan, never guessed).
"""
from __future__ import annotations

import hashlib
import os
import posixpath
import re
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..release.snapshot import Snapshot, Status
from ..source import content
from ..source.errors import Problem
from ..source.messages import CATALOGUE as M
from ..source.plan import GATED_DIRS, PLAN_FILE, files_of, mkdocs_config, outputs_of, page_url
from ..source.times import human
from . import containers
from .needles import AUDIO_EXTS, audio_digest
from .textnorm import norm

if TYPE_CHECKING:
    from pymdownx.snippets import SnippetPreprocessor

WATCHED = ("docs", "podcast", "overrides", "data")
PUBLISHED = ("docs", "overrides")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")


def _p(file: str, line: int, code: str, **values) -> Problem:
    return Problem(file, line, "", M[code](**values), fix=M[code].todo)


def _walk(root: Path, top: str):
    """(relative path, DirEntry) of everything under `top`, not following links."""
    start = root / top
    if not start.is_dir() or start.is_symlink():
        return
    stack = [top]
    while stack:
        rel = stack.pop()
        try:
            with os.scandir(root / rel) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        for e in entries:
            path = f"{rel}/{e.name}"
            yield path, e
            try:
                if e.is_dir(follow_symlinks=False):
                    stack.append(path)
            except OSError:
                pass


def _owner_of(snap: Snapshot) -> dict:
    return {f: r for r in snap.plan.releases for f in files_of(r)}


def _describe(r) -> str:
    return f"{r.kind} '{r.id}'"


def links_and_sizes(snap: Snapshot) -> list[Problem]:
    root = snap.plan.root
    named = set(_owner_of(snap))  # links the plan names are reported by the plan check
    out = []
    for top in WATCHED:
        if (root / top).is_symlink():
            out.append(_p(top, 1, "tree-link", target=os.readlink(root / top)))
            continue
        for rel, e in _walk(root, top):
            if e.is_symlink():
                if rel not in named:
                    out.append(_p(rel, 1, "tree-link", target=os.readlink(e.path)))
                continue
            if top in PUBLISHED and e.is_file(follow_symlinks=False):
                size = e.stat(follow_symlinks=False).st_size
                if size > containers.MAX_FILE:
                    out.append(_p(rel, 1, "tree-too-big", size=f"{size:,}", limit=f"{containers.MAX_FILE:,}"))
    return out


def copies(snap: Snapshot) -> list[Problem]:
    """Files outside the gated folders whose bytes (or audio) are a gated file's, or, other bytes, whose name is
    a hidden item's file's (the build takes a file by its name for the item's: Snapshot.hidden_target)."""
    root = snap.plan.root
    owner = _owner_of(snap)
    gated: dict[int, list[str]] = {}
    audio: dict[str, str] = {}
    for top in GATED_DIRS:
        for rel, e in _walk(root, top.rstrip("/")):
            if e.is_file(follow_symlinks=False):
                gated.setdefault(e.stat(follow_symlinks=False).st_size, []).append(rel)
    for rel in owner:  # plan files outside the gated folders (a survey wave in data/)
        p = root / rel
        if not rel.startswith(GATED_DIRS) and p.is_file() and not p.is_symlink():
            gated.setdefault(p.stat().st_size, []).append(rel)
    for rel in (r for rels in gated.values() for r in rels):
        if rel.lower().endswith(AUDIO_EXTS):
            d = audio_digest((root / rel).read_bytes())
            if d:
                audio.setdefault(d, rel)
    digests: dict[str, str] = {}
    out = []
    for top in PUBLISHED:
        for rel, e in _walk(root, top):
            if rel.startswith(GATED_DIRS) or not e.is_file(follow_symlinks=False):
                continue
            size = e.stat(follow_symlinks=False).st_size
            other = None
            if size in gated and size <= containers.MAX_FILE:
                data = (root / rel).read_bytes()
                h = hashlib.sha256(data).hexdigest()
                for g in gated[size]:
                    if g not in digests:
                        digests[g] = hashlib.sha256((root / g).read_bytes()).hexdigest()
                    if digests[g] == h:
                        other = g
                        break
            if other is None and audio and rel.lower().endswith(AUDIO_EXTS) and size <= containers.MAX_FILE:
                other = audio.get(audio_digest((root / rel).read_bytes()))
            if other is not None:
                r = owner.get(other)
                whose = f"a file of {_describe(r)}" if r else "a file in a gated folder"
                out.append(_p(rel, 1, "tree-copy", other=other, whose=whose))
            elif e.name in snap.hidden_names and rel not in owner and not e.name.endswith(".md"):  # a page: its address
                other, r = hidden_file_named(snap, e.name)
                out.append(_p(rel, 1, "tree-same-name", other=other, item=_describe(r), kind=r.kind,
                              until=until_words(snap, r)))
    return out


def hidden_file_named(snap: Snapshot, name: str):
    """(path, item) of the hidden item's file (or generated file) called `name` (Snapshot.hidden_names)."""
    r = snap.plan.by_id[snap.hidden_names[name]]
    return next(f for f in (*files_of(r), *outputs_of(r)) if posixpath.basename(f) == name), r


def _extensions(root: Path) -> list:
    return mkdocs_config(root).get("markdown_extensions") or []


def _snippets_config(root: Path) -> dict | None:
    for ext in _extensions(root):
        if ext == "pymdownx.snippets":
            return {}
        if isinstance(ext, dict) and "pymdownx.snippets" in ext:
            return ext["pymdownx.snippets"] or {}
    return None


def _include_lines(text: str):
    """(line, name) of each include in a text, read as pymdownx.snippets reads it (its own pattern): `--8<--
    "name"` and each name inside a `--8<--` block; an escaped marker (`;--8<--`), a name commented out in a
    block (`;name`) and an inline marker directly inside a block are no includes."""
    from pymdownx.snippets import SnippetPreprocessor  # here: only campaigns that include files need it (11 ms)

    block = False
    for n, line in enumerate(text.splitlines(), 1):
        m = SnippetPreprocessor.RE_ALL_SNIPPETS.match(line)
        if m:
            if m.group("escape") or (block and m.group("inline_marker")):
                continue
            if not m.group("inline_marker"):
                block = not block
                continue
            name = m.group("snippet")[1:-1].strip()
        elif block:
            name = line.strip()
        else:
            continue
        if name and not name.startswith(";"):
            yield n, name


def _snippet_names(snap: Snapshot):
    """(file, line, name) of every pymdownx.snippets include: mkdocs.yml's auto_append and the pages' lines
    (`--8<-- "name"` and the names inside a `--8<--` block); None when the extension is off."""
    root = snap.plan.root
    cfg = _snippets_config(root)
    if cfg is None:
        return None
    out = []
    for extra in cfg.get("auto_append") or []:
        out.append(("mkdocs.yml", _line_in(root / "mkdocs.yml", str(extra)), str(extra)))
    for rel in content.pages(snap.plan):
        text = content.read(root, rel)
        if text is not None:
            out.extend((rel, n, name) for n, name in _include_lines(text))
    return out


def _bases(root: Path, cfg: dict) -> list[str]:
    """The extension's base paths as the build gives them (mkdocs_adapter._snippets_from): from the
    campaign's folder."""
    bases = cfg.get("base_path", ["."])
    bases = [bases] if isinstance(bases, str) else list(bases or ["."])
    return [os.path.join(os.path.abspath(root), str(b)) for b in bases]


def _snippet_reader(root: Path, cfg: dict) -> SnippetPreprocessor | None:
    """The extension's own reader with the campaign's settings: which file an include name reads is its
    answer (line ranges and sections cut off, base paths in order, restrict_base_path)."""
    from pymdownx.snippets import SnippetExtension, SnippetPreprocessor

    try:
        options = SnippetExtension(**{**cfg, "base_path": _bases(root, cfg)}).getConfigs()
        return SnippetPreprocessor(options, _TabLength())
    except (KeyError, TypeError, ValueError):
        return None  # settings MkDocs itself refuses: its own error says so


class _TabLength:
    tab_length = 4  # all the reader needs of a Markdown instance (indenting what it includes)


def _where(root: Path, cfg: dict) -> str:
    """Where includes are read from, in an editor's words."""
    places = []
    root_abs = os.path.abspath(root)
    for base in _bases(root, cfg):
        rel = os.path.relpath(os.path.normpath(base), root_abs).replace(os.sep, "/")
        if rel == ".":
            places.append("the campaign folder (the one holding mkdocs.yml)")
        elif rel.startswith("../"):
            places.append(os.path.normpath(base))
        else:
            places.append(rel + ("/" if os.path.isdir(base) else ""))
    return " or ".join(places)


def _snippet_files(root: Path, name: str) -> list[tuple[str, Path]]:
    """(name as written, file) for each file an include can stand for, under each of the extension's base
    paths (a line range or section after ':' cut off)."""
    bases = _bases(root, _snippets_config(root) or {})
    if re.match(r"^[a-z][a-z0-9+.-]*://", name, re.I):
        return []
    candidates = [name, re.sub(r"(:-?\d*){1,2}$", "", name), name.split(":", 1)[0]]
    return [(cand, Path(os.path.normpath(os.path.join(base, cand)))) for base in bases for cand in candidates]


class _Include(NamedTuple):
    """One include a build reads, nested to any depth."""
    file: str  # the file holding it (from the campaign's folder): a page, mkdocs.yml (auto_append), an included file
    line: int
    name: str  # as written after `--8<--`
    via: tuple[tuple[str, int], ...]  # how the build reaches `file`: (file, line) of its include, out to a page
    gated: str | None  # what it pulls in when that is a gated file, podcast/ or data/ (refused)
    missing: bool  # no such file where includes are read from (the extension leaves it out silently)
    reads: str | None  # the file of the project it reads (from the campaign's folder), when it reads one


def _all_includes(snap: Snapshot) -> list[_Include]:
    """Every include a build reads: the pages' and mkdocs.yml's auto_append, and the includes inside included
    files of the project, to any depth (each file once, by the shortest way in; an included file that is a page
    is read as a page). What an include reads is the extension's own answer; what it refuses is not read on."""
    root = snap.plan.root
    names = _snippet_names(snap)
    if not names:
        return []
    cfg = _snippets_config(root)
    reader = _snippet_reader(root, cfg)
    root_real = root.resolve()
    owner = _owner_of(snap)
    forbidden = tuple(GATED_DIRS) + ("podcast/", "data/")

    def gated(name: str) -> str | None:
        for cand, p in _snippet_files(root, name):
            try:
                rel = p.resolve().relative_to(root_real).as_posix()
            except ValueError:
                if p.exists():
                    return f"{cand} (outside the project)"
                continue
            if p.exists():
                r = owner.get(rel)
                if r is not None:
                    return f"{rel}, a file of {_describe(r)}"
                if (rel + "/").startswith(forbidden) or rel.startswith(forbidden):
                    return f"{rel}, in a gated folder"
        return None

    out: list[_Include] = []
    queue = deque((file, line, name, ()) for file, line, name in names)
    seen = set(content.pages(snap.plan))  # their includes are listed as the pages' own
    while queue:
        file, line, name, via = queue.popleft()
        refused, missing, reads, found = gated(name), False, None, None
        if reader is not None:
            target = reader.parse_snippet_target(name)
            path = target["path"] if target else ""
            if not (reader.url_download and path.lower().startswith(("https://", "http://"))):
                found = reader.get_snippet_path(path) if path else None  # a web address is downloaded, not read
                missing = not found and not refused
        if found and os.path.isfile(found):
            try:
                reads = Path(found).resolve().relative_to(root_real).as_posix()
            except (OSError, ValueError):
                pass  # outside the campaign's folder: nothing an editor here writes
        out.append(_Include(file, line, name, via, refused, missing, reads))
        if refused or reads is None or reads in seen:
            continue
        seen.add(reads)
        text = content.read(root, reads)
        if text is not None:
            inside = ((file, line),) + via
            queue.extend((reads, n, inner, inside) for n, inner in _include_lines(text))
    return out


def _via(inc: _Include) -> str:
    """How a build reaches the file holding an include, in an editor's words ('' for a page's own include)."""
    if not inc.via:
        return ""
    return f" ({inc.file} is included from " + ", included from ".join(f"{f} line {n}" for f, n in inc.via) + ")"


def missing_includes(snap: Snapshot) -> list[Problem]:
    """Includes of a file that does not exist where includes are read from: the extension leaves them out
    silently (its check_paths is off), so a typo would lose the words. Pages, mkdocs.yml's auto_append, and the
    includes inside included files of the project (at their own lines)."""
    found = [inc for inc in _all_includes(snap) if inc.missing]
    if not found:
        return []
    where = _where(snap.plan.root, _snippets_config(snap.plan.root))
    return [_p(inc.file, inc.line, "include-missing", name=repr(inc.name), via=_via(inc), where=where)
            for inc in found]


def included_files(snap: Snapshot) -> list[str]:
    """Files inside the project that pages include, to any depth (their words reach the site as the page's
    own)."""
    return sorted({inc.reads for inc in _all_includes(snap) if inc.reads and not inc.gated})


def includes(snap: Snapshot) -> list[Problem]:
    """Markdown includes (pymdownx.snippets) that would pull a gated file, podcast/ or data/ into a page, named
    where the include is written (a page, mkdocs.yml, or an included file, with the files that include it)."""
    return [_p(inc.file, inc.line, "include-gated", target=inc.gated, via=_via(inc))
            for inc in _all_includes(snap) if inc.gated]


def refused_includes(snap: Snapshot) -> tuple[dict[str, set[str]], set[str]]:
    """What `includes` refuses, for a build to leave out (a build the tree check refused still runs, into a
    throwaway folder, so that one run names every other mistake; what an include would pull in is that one
    mistake): {file: its include lines as written} for pages and included files, and the names of mkdocs.yml's
    auto_append it refuses."""
    lines: dict[str, set[str]] = {}
    appended: set[str] = set()
    for inc in _all_includes(snap):
        if not inc.gated:
            continue
        if inc.file == "mkdocs.yml":
            appended.add(inc.name)
            continue
        text = content.read(snap.plan.root, inc.file)
        if text is not None and inc.line <= len(text.splitlines()):
            lines.setdefault(inc.file, set()).add(text.splitlines()[inc.line - 1])
    return lines, appended


def _line_in(path: Path, text: str) -> int:
    try:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if text in line:
                return n
    except OSError:
        pass
    return 1


def until_words(snap: Snapshot, r) -> str:
    """When an item that is not live stops being a secret, in an editor's words."""
    st = snap.statuses[r.id]
    if st is Status.HELD:
        return "until it is approved (held: no approved_by)"
    if st is Status.EXPIRED:
        return "again: it was taken down (for good)"
    return f"until {human(r.release, snap.plan.tz)}"


def _bounded_in(needle: str, hay: str) -> bool:
    i = hay.find(needle)
    while i >= 0:
        before = hay[i - 1] if i else " "
        j = i + len(needle)
        after = hay[j] if j < len(hay) else " "
        if not (before.isalnum() or before in "-_") and not (after.isalnum() or after in "-_"):
            return True
        i = hay.find(needle, i + 1)
    return False


def public_names(snap: Snapshot) -> list[tuple[str, int, str, str]]:
    """(file, line, what, text) of every name published now: live titles, theme titles, the campaign's
    title and strapline, the site name, nav labels, headings and front-matter titles of published pages."""
    plan, root = snap.plan, snap.plan.root
    out: list[tuple[str, int, str, str]] = []
    plan_path = root / PLAN_FILE
    for r in snap.live:
        out.append((PLAN_FILE, plan.lines.get(r.id, 1), f"the title of live {_describe(r)}", r.title))
    for t in plan.themes:
        out.append((PLAN_FILE, _line_in(plan_path, t.title), f"the theme title of '{t.id}'", t.title))
    named = [("the campaign title", plan.campaign.title), ("the strapline", plan.campaign.strapline)]
    named += [(f"the label of role '{r.id}'", r.label) for r in plan.roles]
    # The generated pages' titles and headings (texts:): names on published pages like any other.
    named += [(f"texts.{k}", v) for k, v in plan.texts if k.endswith(("_title", "_heading", "_text")) and isinstance(v, str)]
    for what, text in named:
        if text:
            out.append((PLAN_FILE, _line_in(plan_path, text), what, text))
    try:
        yml = (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    except OSError:
        yml = []
    in_nav = False
    for n, line in enumerate(yml, 1):
        if line.startswith("site_name:"):
            out.append(("mkdocs.yml", n, "the site name", line.split(":", 1)[1].strip().strip("\"'")))
        if re.match(r"^nav\s*:", line):
            in_nav = True
            continue
        if in_nav and line and not line[0].isspace() and not line.startswith("#"):
            in_nav = False
        m = re.match(r"""^\s*-\s*(["']?)(.+?)\1\s*:\s*(\S*)""", line) if in_nav else None
        if m:
            target = m.group(3).strip("\"'")
            page = url_of_page(target)
            if page is None or snap.hidden_target(page) is None:
                out.append(("mkdocs.yml", n, "the nav label", m.group(2)))
    by_source = {getattr(r, "source", None): r for r in plan.releases}
    for rel in content.pages(plan):
        r = by_source.get(rel)
        if r is not None and not snap.is_live(r.id):
            continue
        text = content.read(root, rel)
        if text is None:
            continue
        lines, code = text.splitlines(), content.code_lines(text)
        front = content.front_matter_end(text)  # its closing '---' underlines no heading
        for n, line in enumerate(lines, 1):
            if n <= front:
                if re.match(r"^title\s*:", line):
                    out.append((rel, n, "the page title", line.split(":", 1)[1].strip().strip("\"'")))
                continue
            if n in code:
                continue
            m = _HEADING.match(line)
            if m:
                out.append((rel, n, "the heading", m.group(1)))
            elif n > max(2, front + 1) and re.match(r"^\s{0,3}(=+|-+)\s*$", line) and lines[n - 2].strip():
                out.append((rel, n - 1, "the heading", lines[n - 2].strip()))
            elif n < 30 and re.match(r"^title\s*:", line):
                out.append((rel, n, "the page title", line.split(":", 1)[1].strip().strip("\"'")))
    return out


def url_of_page(target: str) -> str | None:
    if not target or "://" in target:
        return None
    return page_url("docs/" + target) if target.endswith(".md") else None


def shared_titles(snap: Snapshot) -> list[Problem]:
    """A published name containing the title of an item that is not live, unless declared shared."""
    hidden = [(norm(r.title), r) for r in snap.hidden]
    if not hidden:
        return []
    declared = [norm(t) for t in snap.plan.shared_wording]
    out = []
    for file, line, what, text in public_names(snap):
        name = norm(text)
        for title, r in hidden:
            if title and _bounded_in(title, name) and not any(title in d and d in name for d in declared):
                out.append(_p(file, line, "shared-title", what=what, text=repr(text), item=_describe(r),
                              title=repr(r.title), until=until_words(snap, r)))
    return out


# Files refused whole: what a build finds in them is that mistake (a copy's words are the gated file's; a link's
# target is left out of a build when it is gated, and named as itself otherwise; a file too big is not read).
# An include is not one of them: a build leaves the include out (refused_includes), and what else the page
# says is a mistake of its own.
_WHOLE_FILE = ("tree-link", "tree-copy", "tree-too-big")
_LEAKS = ("leak", "leak-drawing", "leak-named", "leak-same-name", "leak-unreadable")


def not_named(found: list[Problem], named: list[Problem]) -> list[Problem]:
    """What a build found that the problems named before it do not already say: one mistake, one message.
    No leak at a line they name, and nothing in a file they refuse whole (a link, a copy, a file too big: what
    the audit or MkDocs then find there is that same mistake)."""
    at = {(p.file, p.line) for p in named}
    whole = {p.file for p in named if any(M[c].pattern.match(p.message) for c in _WHOLE_FILE)}
    leak = [M[c].pattern for c in _LEAKS]
    return [p for p in found if p.file not in whole
            and not ((p.file, p.line) in at and any(x.match(p.message) for x in leak))]


def problems(snap: Snapshot) -> list[Problem]:
    """Every tree problem at once (the plan has loaded)."""
    whole = links_and_sizes(snap) + copies(snap)
    refused = {p.file for p in whole}  # a copy's heading is the gated file's: the copy is the one mistake
    return whole + includes(snap) + missing_includes(snap) + [p for p in shared_titles(snap) if p.file not in refused]


def before_build(snap: Snapshot) -> list[Problem]:
    """What stops any build before it starts (make build, publish, preview --output, preview-pack): pages
    MkDocs would silently mangle (unreadable front matter) and a tree that could publish a gated file behind
    the plan's back (links, copies, includes, shared titles), as of the build's instant."""
    return content.build_problems(snap.plan) + problems(snap)
