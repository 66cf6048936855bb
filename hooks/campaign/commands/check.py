"""`make check`: everything an editor can get wrong, reported at once, without touching site/.

Plan (and data, through the plan loader), page content, links to pages that are not live yet over the
whole timeline from now on, the cadence, held items, then a strict build into a temporary folder with
MkDocs' warnings and broken internal links. Warnings go to stderr and leave the exit code 0; any error
makes it 1. Our messages are printed here, never through MkDocs' logger, so --strict fails only on
MkDocs' own warnings.
"""
from __future__ import annotations

import bisect
import html
import logging
import posixpath
import re
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..audit import tree
from ..mkdocs_adapter import _PAGE_ERROR, LEAK_ABORT, BuildFailed, LeakFound, build_into
from ..release.snapshot import Snapshot, Status
from ..render.listings import generated_pages
from ..source import clock, content
from ..source import plan as plan_mod
from ..source.errors import CampaignError, Problem
from ..source.links import broken_links, page_dir, site_path
from ..source.messages import CATALOGUE as M
from ..source.plan import GATED_DIRS, PLAN_FILE, Plan, page_url, url_of
from ..source.times import human

# A Markdown link or image: `[text](address`, `[text][id]`, `[text] [id]`, `[id][]` or `[id]` (a shortcut, when
# the page defines it), text with brackets one deep (`[![alt](pic.svg)](page.md)`) and over lines of a paragraph.
_TEXT = r"(?:[^\[\]\\\n]|\\.|\n(?![ \t]*\n)|\[(?:[^\[\]\\\n]|\\.|\n(?![ \t]*\n))*\])*"
_BRACKETS = re.compile(r"(?<!\\)(!?)\[(" + _TEXT + r")\](?:\(\s*<?([^)\s>]+)|[ ]?\[([^\[\]]*)\])?")
# A link definition (`[id]: address`, the address maybe on the next line), as Python-Markdown reads one.
_DEFINITION = re.compile(r"^[ ]{0,3}\[([^\]]*)\][ ]*:[ ]*\n?[ ]*<?([^\s>]+)>?.*$", re.M)
# A link or picture written as HTML in the page (Markdown passes it through), maybe over lines.
_HTML_A = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*(["'])(.*?)\1[^>]*>(.*?)</a\s*>""", re.I | re.S)
_HTML_IMG = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*(["'])(.*?)\1[^>]*>""", re.I | re.S)
_ALT = re.compile(r"""\balt\s*=\s*(["'])(.*?)\1""", re.I | re.S)
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_TAG = re.compile(r"<[^>]*>")


@dataclass
class Report:
    errors: list[Problem]
    warnings: list[Problem]

    @property
    def code(self) -> int:
        return 1 if self.errors else 0

    def __post_init__(self):
        self.errors = list(dict.fromkeys(self.errors))
        self.warnings = list(dict.fromkeys(self.warnings))

    def text(self) -> str:
        lines = [f"warning: {w}" for w in self.warnings]
        if self.errors:
            n = len(self.errors)
            lines.append(f"{n} problem{'s' if n != 1 else ''} found:")
            lines += [str(e) for e in self.errors]
        lines.append(f"make check: {len(self.errors)} error(s), {len(self.warnings)} warning(s)")
        return "\n".join(lines) + "\n"


def _p(file: str, line: int, path: str, code: str, **values) -> Problem:
    return Problem(file, line, path, M[code](**values), fix=M[code].todo)


# --- links to pages that are not live -------------------------------------------------------------

def _ref_id(text: str) -> str:
    return " ".join(text.split()).lower()  # ids match whatever their case and spacing, as in Python-Markdown


def _links(text: str):
    """(line, "link" or "image", text shown, address, how the address is given) for every link and image in a
    page outside code blocks and code spans, in the order of the page: Markdown inline and reference-style
    (`[text][id]`, `[id][]`, `[id]` with `[id]: address` elsewhere in the page), and HTML (`<a href>`,
    `<img src>`). A reference is at the line of its use, where the page shows it (the definition shows nothing,
    and one used twice is shown twice); "how" names the definition's line then, else it is ''."""
    code = content.code_lines(text)
    prose = ["" if n in code else _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
             for n, line in enumerate(text.splitlines(), 1)]
    joined = "\n".join(prose)
    starts = [0]
    for line in prose:
        starts.append(starts[-1] + len(line) + 1)

    def at(pos: int) -> tuple[int, int]:
        n = bisect.bisect_right(starts, pos)
        return n, pos - starts[n - 1]

    defined: dict[str, tuple[str, int]] = {}
    for m in _DEFINITION.finditer(joined):  # the last definition of an id wins, as in Python-Markdown
        defined[_ref_id(m.group(1))] = (m.group(2), at(m.start())[0])
    body = _DEFINITION.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), joined)
    found = []

    def scan(start: int, end: int) -> None:
        pos = start
        while (m := _BRACKETS.search(body, pos, end)) is not None:
            kind = "image" if m.group(1) else "link"
            label, ref = m.group(2), m.group(4)
            href, via, stop = m.group(3), "", m.end()
            if href is None:
                name = ref if ref and ref.strip() else label
                if _ref_id(name) not in defined and ref is not None:  # `[a] [b]`, b undefined: `[a]`, then `[b]`
                    name, stop = label, m.end(2) + 1
                if _ref_id(name) in defined:
                    href, line = defined[_ref_id(name)]
                    via = f"[{' '.join(name.split())}] on line {line}"
            if href is not None:
                found.append((*at(m.start()), kind, " ".join(label.split()), href, via))
            if "[" in label:  # a picture (or a link) inside the text
                scan(m.start(2), m.end(2))
            pos = stop

    scan(0, len(body))
    for m in _HTML_A.finditer(body):
        label = html.unescape(" ".join(_TAG.sub(" ", m.group(3)).split()))
        found.append((*at(m.start()), "link", label, html.unescape(m.group(2)).strip(), ""))
    for m in _HTML_IMG.finditer(body):
        alt = _ALT.search(m.group(0))
        label = html.unescape(" ".join(alt.group(2).split())) if alt else ""
        found.append((*at(m.start()), "image", label, html.unescape(m.group(2)).strip(), ""))
    for n, _col, kind, label, href, via in sorted(found, key=lambda f: f[:2]):
        yield n, kind, label, href, via


class _Targets:
    """The release a link in a page leads to: by its Markdown file, or by the address it resolves to (a page of
    the site, relative or by the site's own absolute address, with or without its trailing slash or
    index.html, or a file of the release), as the build's rewriting finds it (Snapshot.hidden_target)."""

    def __init__(self, plan: Plan):
        self.root = plan.root
        self.site_url = plan_mod.site_url(plan.root)
        self.by_source = {r.source: r for r in plan.releases if getattr(r, "source", None)}
        self.by_url = {u: r for r in plan.releases if (u := url_of(r)) is not None}
        self.by_name = {posixpath.basename(f): r for r in plan.releases
                        for f in (*plan_mod.files_of(r), *plan_mod.outputs_of(r)) if not f.endswith(".md")}

    def __call__(self, src: str, href: str):
        path = href.split("#", 1)[0].split("?", 1)[0]
        if not path:
            return None
        local = not (re.match(r"^[a-z][a-z0-9+.-]*:", path, re.I) or path.startswith("//"))
        if local and path.endswith(".md"):  # a link to the Markdown file, as MkDocs recommends
            docs_rel = src.removeprefix("docs/")
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(docs_rel), path))
            return self.by_source.get("docs/" + joined)
        site = site_path(path, page_dir(page_url(src)), self.site_url)  # a link to the page's address
        if site is None:
            return None
        parts = site.split("/")
        for i in range(1, len(parts) + 1):  # the page, or a folder or file inside a page's folder
            r = self.by_url.get("/".join(parts[:i]) + "/")
            if r is not None:
                return r
        r = self.by_name.get(posixpath.basename(site))
        if r is not None and local and self._evergreen(src, path, site):
            return None  # a file of its own with a release's file's name: the tree check names it (tree-same-name)
        return r

    def _evergreen(self, src: str, path: str, site: str) -> bool:
        """Whether a link leads to a file an editor publishes outside the gated folders: from the page's
        Markdown file (as MkDocs resolves it), or by its address (docs/ or overrides/)."""
        files = [posixpath.normpath(posixpath.join(posixpath.dirname(src), path))]
        files += [f"{top}/{site}" for top in tree.PUBLISHED]
        published = tuple(top + "/" for top in tree.PUBLISHED)
        return any(f.startswith(published) and not f.startswith(GATED_DIRS) and (self.root / f).is_file()
                   for f in files)


def _generated(snap: Snapshot) -> set[str]:
    """Docs-relative paths of the pages the hooks generate (they exist in no folder)."""
    eps = {f"podcast/{r.id}.md" for r in snap.plan.releases if r.kind == "episode"}
    return {p.src_uri for p in generated_pages(snap, "")} | {"podcast/index.md"} | eps


def _missing_page(plan: Plan, src: str, href: str, generated: set[str]) -> bool:
    """A link to a Markdown file that does not exist. The strict build checks live pages; this also
    catches pages that are not live yet."""
    path = href.split("#", 1)[0].split("?", 1)[0]
    if not path.endswith(".md") or re.match(r"^[a-z][a-z0-9+.-]*:", path, re.I) or path.startswith("/"):
        return False
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(src), path))
    return not (plan.root / joined).is_file() and joined.removeprefix("docs/") not in generated


def _hidden_windows(plan: Plan, source, target, now: datetime) -> list[tuple[datetime, datetime | None]]:
    """Intervals from now on during which `source` is live and `target` is not (None: for good)."""
    ra = plan.campaign.require_approval
    if source is None:
        live = (now, None)  # evergreen pages are always live
    else:
        if ra and not source.approved_by:
            return []
        live = (max(now, source.release), source.until)
    if ra and not target.approved_by:
        hidden = [(live[0], None)]
    else:
        hidden = [(live[0], target.release)]
        if target.until is not None:
            hidden.append((target.until, None))
    out = []
    for a, b in hidden:
        start = max(a, live[0])
        end = min([t for t in (b, live[1]) if t is not None], default=None)
        if end is None or start < end:
            out.append((start, end))
    return out


def future_links(snap: Snapshot) -> tuple[list[Problem], list[Problem]]:
    plan, now = snap.plan, snap.now
    generated = _generated(snap)
    target_of = _Targets(plan)
    errors, warnings = [], []
    ra = plan.campaign.require_approval
    by_source = {r.source: r for r in plan.releases if getattr(r, "source", None)}
    for src in content.pages(plan):
        text = content.read(plan.root, src)
        if text is None:
            continue
        source = by_source.get(src)
        checked_by_build = source is None or snap.is_live(source.id)
        for line, kind, label, href, via in _links(text):
            if kind == "link" and not checked_by_build and _missing_page(plan, src, href, generated):
                errors.append(_p(src, line, "", "link-broken", ref=repr(href)))
                continue
            target = target_of(src, href)
            if target is None or target is source:
                continue
            for start, end in _hidden_windows(plan, source, target, now):
                if end is not None:
                    until = human(end, plan.tz)
                elif ra and not target.approved_by:
                    until = "it is approved (held: no approved_by)"
                else:
                    until = "for good (it is taken down)"
                what = getattr(target, "source", None) or url_of(target) or f"{target.kind} '{target.id}'"
                where = f"'{target.title}' ({what}{', through ' + via if via else ''})"
                values = dict(target=where, since=human(start, plan.tz), until=until)
                if kind == "image":  # the build leaves the picture out: nothing of it shows, its alt text neither
                    warnings.append(_p(src, line, "", "future-image", image=repr(href), **values))
                elif target.title.casefold() in label.casefold():
                    # The window starts now when this page is live now: then the build fails today.
                    code = "future-link-title-now" if start <= now else "future-link-title"
                    errors.append(_p(src, line, "", code, **values))
                else:
                    warnings.append(_p(src, line, "", "future-link", **values))
    return errors, warnings


# --- cadence and sign-off -------------------------------------------------------------------------

def cadence(plan: Plan) -> list[Problem]:
    limit = plan.campaign.max_releases_per_week
    if not limit:
        return []
    weeks: dict[tuple[int, int], list] = defaultdict(list)
    for r in plan.releases:
        if plan.campaign.require_approval and not r.approved_by:
            continue  # held items are never published
        y, w, _ = r.release.astimezone(plan.tz).isocalendar()
        weeks[(y, w)].append(r)
    out = []
    for (y, w), items in sorted(weeks.items()):
        if len(items) > limit:
            first = items[0]
            out.append(_p(PLAN_FILE, plan.lines.get(first.id, 1), "releases", "cadence",
                          count=len(items), week=f"{y}-W{w:02d}", ids=", ".join(r.id for r in items),
                          limit=limit))
    return out


def held(snap: Snapshot) -> list[Problem]:
    plan = snap.plan
    return [_p(PLAN_FILE, plan.lines.get(r.id, 1), "", "held", id=r.id,
               release=human(r.release, plan.tz))
            for r in plan.releases if snap.statuses[r.id] is Status.HELD]


# --- the strict build -----------------------------------------------------------------------------

class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        if record.getMessage() != LEAK_ABORT and not record.getMessage().startswith(_PAGE_ERROR):
            self.messages.append(record.getMessage())  # a page MkDocs cannot read: BuildFailed names its line


def strict_build(snap: Snapshot) -> list[Problem]:
    """Build into a temporary folder (never site/) with --strict; report MkDocs' warnings and broken links."""
    plan = snap.plan
    src_of = {url_of(r): r.source for r in snap.live if getattr(r, "source", None)}
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    out: list[Problem] = []
    # MkDocs' own lines would repeat what the report says (with file and line): mute them here.
    try:
        with tempfile.TemporaryDirectory(prefix="campaign-check-") as tmp:
            site = Path(tmp) / "site"
            try:
                st = build_into(plan.root, plan, snap.now, site, strict=True, quiet=True, keep_caches=False)
            except LeakFound as exc:
                out.extend(exc.problems)
            except BuildFailed as exc:
                if exc.problem is not None:
                    out.append(exc.problem)
                elif not collect.messages:
                    out.append(_p("mkdocs.yml", 1, "", "build-failed", reason=str(exc)))
            else:
                for page, ref in broken_links(site, st.site_url):
                    url = posixpath.dirname(page) + "/" if page.endswith("index.html") else page
                    file = src_of.get(url.lstrip("/") if url != "/" else "", f"site/{page}")
                    line = 1 if file.startswith("site/") else _line_of(plan.root / file, ref)
                    out.append(_p(file, line, "", "link-broken", ref=repr(ref)))
    finally:
        logger.removeHandler(collect)
    for m in collect.messages:
        doc = re.match(r"Doc file '([^']+)'", m)  # MkDocs names the page docs-relative
        file = f"docs/{doc.group(1)}" if doc else "mkdocs.yml"
        link = re.search(r"link '([^']+)'", m)
        line = _line_of(plan.root / file, link.group(1)) if doc and link else 1
        out.append(_p(file, line, "", "mkdocs-warning", warning=" ".join(x.strip() for x in m.splitlines())[:400]))
    return out


def _line_of(path: Path, text: str) -> int:
    """The first line of the page that holds a link MkDocs complained about (1 when it cannot be found)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    for pattern in (f"]({text}", f"\"{text}\"", f"'{text}'", text):  # a Markdown link, an HTML attribute, text
        for n, line in enumerate(lines, 1):
            if pattern in line:
                return n
    return 1


def run(root: Path, now_env: dict | None = None, build: bool = True) -> Report:
    try:
        plan = plan_mod.load(root)
    except CampaignError as exc:
        return Report(list(exc.problems), [])
    now = clock.campaign_now(plan.tz, now_env)
    snap = Snapshot(plan, now)
    errors, warnings = content.check_problems(plan)
    e, w = future_links(snap)
    errors += e + tree.problems(snap)
    warnings += w + cadence(plan) + held(snap)
    if build:
        # The strict build finds what only a build shows (MkDocs' warnings, broken links, the leak audit);
        # a mistake already named (a link's text showing a title, a heading, an include) is not reported twice.
        errors += tree.not_named(strict_build(snap), errors)
    return Report(errors, warnings)


def main(root: Path, build: bool = True) -> int:
    report = run(root, build=build)
    sys.stderr.write(report.text())
    return report.code
