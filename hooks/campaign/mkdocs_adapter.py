"""The one module that knows MkDocs: it applies the release gate to MkDocs' files, nav and pages,
adds the generated pages, and runs the leak audit after the build.

How the gate works with MkDocs 1.6.1 (checked in its source):
- `on_files`: files of non-live items become InclusionLevel.EXCLUDED (not built, not in search or
  sitemap); live release pages become NOT_IN_NAV (releases are reached through hubs, not the nav).
- `on_nav`: an explicit nav entry still creates a Page for an excluded file, so the nav is pruned.
- `on_page_content`: MkDocs still turns a Markdown link to an excluded page into its real URL, so such
  links are replaced by their text (the audit then fails if that text reveals the target's title).
- `on_post_build`: the audit scans every output file.
"""
from __future__ import annotations

import gc
import logging
import os
import re
import shutil
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from html import escape, unescape
from pathlib import Path
from urllib.parse import quote

from jinja2 import BaseLoader, TemplateNotFound
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from .audit import tree
from .audit import parallel
from .audit.auditor import audit_site
from .release.snapshot import Snapshot
from .render import ical, site_pages, theme_html
from .render.common import byline
from .render.status import PREVIEW_MARKER
from .source import clock
from .source import plan as plan_mod
from .source import plancache
from .source.errors import CampaignError
from .source.links import page_dir, site_path
from .source.plan import GATED_DIRS, Plan
from .source.swap import swap_in
from .source.times import TimeFormatError, fmt

log = logging.getLogger("mkdocs.hooks.campaign")


@dataclass
class BuildState:
    snapshot: Snapshot
    by_src: dict = field(default_factory=dict)  # docs-relative source -> live item
    page_titles: set = field(default_factory=set)
    release_pages: set = field(default_factory=set)  # generated pages of releases (episodes)
    bylines: dict = field(default_factory=dict)  # source -> byline added once the page is rendered
    verbatim: set = field(default_factory=set)  # site paths copied unchanged from the theme package
    audit_seconds: float = 0.0
    audit_cpu_seconds: float = 0.0  # CPU time of the audit, its worker's too (make bench compares it with the build)
    audit_end_cpu: float = 0.0  # the part of it this process spent in on_post_build (and keeping the caches)
    audit_early_cpu: dict = field(default_factory=dict)  # event -> the part in it (starting and feeding the worker)
    allowed: frozenset = frozenset()  # shared wording the audit accepted (kept for a rollback's re-audit)
    site_url: str | None = None
    preview: str | None = None  # "Preview as of ..." label, or None for a real build
    findings: list = field(default_factory=list)  # what the leak audit found (the build then fails)
    keep: object = None  # writes the caches (audit's needles, the checked plan): once the whole build succeeded
    driven: bool = False  # started by build_into (which calls `keep` itself), not by plain mkdocs build/serve
    # (site path, source file) of every file MkDocs was given, and the project's root: `sources` is made
    # from them only when a message needs it (resolving 10,000 paths took a quarter of a second per build).
    source_files: list = field(default_factory=list)
    root: Path | None = None
    byline_after: bool | None = None  # _byline_after(config), worked out at the first page (all plugins loaded)
    mailto_to: str | None = None  # campaign.feedback_email as a mailto: address, escaped once a build
    repair_pages: bool = True  # Material's markup repaired after rendering (False: its templates were patched)
    refused_lines: dict = field(default_factory=dict)  # page -> its includes of gated files (tree.refused_includes)
    worker: parallel.Worker | None = None  # the audit reading files as they are written (audit/parallel.py)
    index_sent: int = 0  # search index entries the worker has been given
    audit_parallel: bool = False  # the audit's answer came from its worker (it read files as they were written)

    @cached_property
    def sources(self) -> dict:
        """Site path -> the project file it comes from (for messages), for files inside the project."""
        out = {}
        for dest_uri, abs_src_path in self.source_files:
            try:
                out[dest_uri] = Path(abs_src_path).resolve().relative_to(self.root).as_posix()
            except ValueError:
                pass
        return out


# Set by `build_site` so a build started from our CLI reuses the plan it already checked.
_PRESET: tuple[Plan, datetime] | None = None
_STATE: BuildState | None = None


def state() -> BuildState:
    if _STATE is None:
        raise PluginError("campaign hooks: on_config did not run")
    return _STATE


# --- events ---------------------------------------------------------------------------------------

_GC = threading.Lock()  # _release runs in a timer's thread too (make serve)
_BUILDS = 0  # builds started in this process (on_config)
_HELD: int | None = None  # the build whose objects _hold left out of the collector's passes
_SERVING = False  # this process is `mkdocs serve` (on_startup): it rebuilds after every save
IDLE = 1.0  # seconds after a served build before the collection _release makes (see on_post_build)


def on_startup(command, dirty):
    global _SERVING
    _SERVING = command == "serve"


def on_shutdown():
    """The server stops (make serve restarts it when the plan is saved, and waits for it): what is alive is
    left out of the collector's passes as the interpreter ends, as it is while a build holds it."""
    gc.freeze()


def _hold() -> None:
    """Leave every object alive now out of the cyclic garbage collector's passes until the build ends.
    MkDocs keeps every page's Markdown, HTML and contents until then, and the hooks the plan and its
    snapshot: each full collection walked all of them again (three in a build of 1,000 releases, 0.05 s,
    against one of 0.01 s in plain MkDocs). Reference counting still frees what is dropped."""
    global _HELD
    with _GC:
        gc.freeze()
        _HELD = _BUILDS


def _release(build: int | None = None) -> None:
    """Objects held by _hold collectable again, and the last build's cycles collected now (make serve's
    process, before the next build holds what is alive again). `build`: only if what is held is that build's
    (a release timed after it must not let go of what a later build holds)."""
    global _HELD
    with _GC:
        if _HELD is not None and build in (None, _HELD):
            _HELD = None
            gc.unfreeze()
            gc.collect()


def _release_when_idle() -> None:
    """make serve: the editor's page is shown once the build returns, and the full collection _release makes
    (0.015-0.02 s of a 0.55 s rebuild at 100 releases) need not come between a save and the
    page. It is made a second later, while the editor reads; a save sooner makes it at the next build's start."""
    timer = threading.Timer(IDLE, _release, (_BUILDS,))
    timer.daemon = True
    timer.start()


def on_config(config):
    global _STATE, _BUILDS
    _release()
    _BUILDS += 1
    if _PRESET is not None:
        plan, now = _PRESET
    else:  # plain `mkdocs build`/`serve`: load and check here
        root = Path(config.config_file_path).parent
        try:
            plan = plan_mod.load(root)
            now = clock.campaign_now(plan.tz)
        except CampaignError as exc:
            raise PluginError(exc.report()) from None
        except TimeFormatError as exc:
            raise PluginError(f"{exc.message}; fix: {exc.fix}") from None
    snap = Snapshot(plan, now)
    # Sitemap dates and gzip mtimes come from SOURCE_DATE_EPOCH: tie them to the last change instant.
    os.environ["SOURCE_DATE_EPOCH"] = str(snap.source_date_epoch)
    # A preview (make preview / serve with a DATE) is marked on every page and by a marker file that
    # make publish refuses.
    preview = config.extra.get("campaign_preview") or os.environ.get("CAMPAIGN_PREVIEW") or None
    _STATE = BuildState(snap, site_url=config.site_url, preview=preview, driven=_PRESET is not None)
    config.extra["campaign_now"] = fmt(now, plan.tz)
    config.extra["campaign_preview"] = preview
    # What the templates show of the plan (the footer band: overrides/partials/copyright.html).
    config.extra["campaign"] = {"title": plan.campaign.title, "strapline": plan.campaign.strapline}
    config.extra["campaign_feeds"] = site_pages.feed_links(snap)  # overrides/main.html: <link rel="alternate">
    # A nav entry for a generated page this campaign does not have (its data file is absent, or the plan has
    # no item of its kind) names a page that is not built: drop it here, before MkDocs reads the nav (it
    # would warn, and --strict fail). Other missing pages still warn.
    if config.nav:
        config.nav = _without(config.nav, site_pages.unbuilt_pages(snap))
    _snippets_from(config, Path(config.config_file_path).parent)
    # Includes of gated files: the tree check refuses them before any build; a build it refused still runs
    # (into a throwaway folder, to name every other mistake in one run) and leaves them out.
    _STATE.refused_lines, appended = tree.refused_includes(snap)
    snippets = config.mdx_configs.get("pymdownx.snippets")
    if appended and snippets and snippets.get("auto_append"):
        snippets["auto_append"] = [a for a in snippets["auto_append"] if str(a) not in appended]
    if snippets is not None and _STATE.refused_lines and "pymdownx.snippets" in config.markdown_extensions:
        _leave_out_nested(config, _STATE.refused_lines, Path(config.config_file_path).parent)
    return config


def _snippets_from(config, root: Path) -> None:
    """pymdownx.snippets reads a relative base_path from the working folder; the tree check
    (audit/tree.includes) judges includes in the campaign's folder, the one holding mkdocs.yml (as MkDocs
    reads docs_dir). Make them the same folder: `make build ROOT=examples/x` runs in the engine's folder, and
    would otherwise include that folder's files (another campaign's gated pages) unchecked."""
    if "pymdownx.snippets" not in config.markdown_extensions:
        return
    options = config.mdx_configs.setdefault("pymdownx.snippets", {})
    bases = options.get("base_path", ["."])
    bases = [bases] if isinstance(bases, str) else list(bases or ["."])
    options["base_path"] = [os.path.join(os.path.abspath(root), str(b)) for b in bases]


def _leave_out_nested(config, refused: dict[str, set[str]], root: Path) -> None:
    """Refused includes inside included files (tree.refused_includes) are left out where the extension reads
    those files: its reader, less those lines (`process_snippet_lines`, which pymdownx.snippets offers for this:
    the lines of each included file before the includes in them are read). A page's own lines are left out in
    on_page_markdown."""
    from pymdownx.snippets import SnippetExtension, SnippetPreprocessor  # only in a build the tree check refused

    drop = {os.path.realpath(root / rel): {line.strip() for line in lines} for rel, lines in refused.items()}

    class Reader(SnippetPreprocessor):
        def process_snippet_lines(self, lines, target):
            left_out = None if target["is_url"] else drop.get(os.path.realpath(target["snippet"]))
            if not left_out:
                return lines
            notation = self.get_syntax_mask(lines, is_section=target["section"] is not None)
            return ["" if note and line.strip() in left_out else line for line, note in zip(lines, notation)]

    class Snippets(SnippetExtension):
        def extendMarkdown(self, md):
            self.md = md
            md.registerExtension(self)
            md.preprocessors.register(Reader(self.getConfigs(), md), "snippet", 32)

    i = config.markdown_extensions.index("pymdownx.snippets")
    config.markdown_extensions[i] = Snippets(**config.mdx_configs["pymdownx.snippets"])


def _without(nav: list, drop: set[str]) -> list:
    """mkdocs.yml's nav less the entries whose file is in `drop`, and sections left empty by that."""
    out = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) and len(entry) == 1 else entry
        if isinstance(value, str) and value in drop:
            continue
        if isinstance(value, list):
            children = _without(value, drop)
            if not children:
                continue
            entry = {next(iter(entry)): children}
        out.append(entry)
    return out


def on_files(files, config):
    st = state()
    snap = st.snapshot
    # Files copied verbatim from the installed theme package cannot carry plan data: the audit skips
    # them. The project's own overrides/ and docs/ are editors' files and are always scanned.
    ours = {os.path.abspath(d) for d in (config.docs_dir, config.theme.custom_dir) if d}
    theme_dirs = tuple(os.path.join(os.path.abspath(d), "") for d in config.theme.dirs
                       if os.path.abspath(d) not in ours)
    st.verbatim = {f.dest_uri for f in files if not f.is_documentation_page() and f.abs_src_path
                   and os.path.abspath(f.abs_src_path).startswith(theme_dirs)
                   and not f.abs_src_path.endswith((".html", ".xml"))}
    st.root = Path(config.config_file_path).parent.resolve()
    linked = _linked_under(os.path.abspath(config.docs_dir))
    for f in files:
        if f.abs_src_path and linked(f.abs_src_path) and (not st.driven or _gated_target(st.root, snap, f.abs_src_path)):
            # tree.py refuses every link before a build; make check's strict build (and make build's, into a
            # throwaway folder) runs on regardless, and must not publish (nor report as leaks) a gated file a
            # link points to: the link is that mistake. A link to an editor's file is audited as that file
            # there. A plain `mkdocs build` (no tree check before it) publishes no link at all.
            f.inclusion = InclusionLevel.EXCLUDED
    st.source_files = [(f.dest_uri, f.abs_src_path) for f in files if f.abs_src_path]
    read = plan_mod.pages_read()
    for f in list(files):
        rel = "docs/" + f.src_uri
        if not rel.startswith(GATED_DIRS):
            continue
        item = snap.live_files.get(rel)
        if item is None:
            f.inclusion = InclusionLevel.EXCLUDED  # not live, or not in the plan: fail closed
        else:
            f.inclusion = InclusionLevel.NOT_IN_NAV
            if rel == getattr(item, "source", None):
                st.by_src[f.src_uri] = item
                _read_already(f, read)
    site_url = config.site_url or "http://localhost/"
    for path, source in site_pages.media_files(snap):
        files.append(File.generated(config, path, abs_src_path=str(source), inclusion=InclusionLevel.NOT_IN_NAV))
    # The feeds' <language> (an RFC 5646 tag: podcast apps show it): the campaign's own, or its theme's language.
    language = str(config.extra.get("feed_language") or config.theme.get("language") or "en")
    for path, data in site_pages.data_files(snap, site_url, config.site_name, config.extra.get("podcast") or {}, language):
        files.append(File.generated(config, path, content=data, inclusion=InclusionLevel.NOT_IN_NAV))
    if st.preview:
        files.append(File.generated(config, PREVIEW_MARKER, inclusion=InclusionLevel.NOT_IN_NAV,
                                    content=f"{st.preview}. This folder is a preview: never publish it.\n"))
    for src_uri, markdown in site_pages.markdown_pages(snap, config.site_name):
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)  # generated pages win: editors do not write listings
        inclusion = InclusionLevel.UNDEFINED if site_pages.in_nav(src_uri) else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, src_uri, content=markdown, inclusion=inclusion))
    _hold()
    cpu, allowed = time.process_time(), frozenset(snap.plan.shared_wording)
    if parallel.nothing_kept(snap, allowed, str(st.root)) and parallel.parallel_ok():
        # After _hold: the worker's garbage collector leaves what is held now alone (and so unshared).
        try:
            st.worker = parallel.Worker(snap, allowed, str(st.root), frozenset(st.verbatim))
        except Exception:  # cannot fork (no memory, a process limit...): the build audits the site itself
            st.worker = None
    _audit_spent(st, "on_files", time.process_time() - cpu)
    return files


def _read_already(f: File, read: dict[str, str]) -> None:
    """A release page's text as the plan's check read it (plan.pages_read), handed to MkDocs: it would read
    the file again in text mode (30 us a page, against 6 us for the check's bytes). The setter drops the
    file's path, which the build still names it by (messages, the audit): put back."""
    text = read.get(f.abs_src_path) if f.abs_src_path else None
    if text is not None:
        path = f.abs_src_path
        f.content_string = text
        f.abs_src_path = path


def _gated_target(root: Path, snap: Snapshot, path: str) -> bool:
    """Whether a file reached through a link is a gated file, a plan item's, in podcast/ or data/, or outside
    the project (nothing an editor of this project would fix)."""
    try:
        rel = Path(path).resolve().relative_to(root).as_posix()
    except (OSError, ValueError):
        return True
    return rel.startswith((*GATED_DIRS, "podcast/", "data/")) or rel in snap.hidden_files or rel in snap.live_files


def _linked_under(top: str):
    """A test: is this path under `top` reached through a symbolic link (the file or a folder on its way)?"""
    seen: dict[str, bool] = {}

    def linked(path: str) -> bool:
        path = os.path.abspath(path)
        if not path.startswith(os.path.join(top, "")):
            return False
        if path not in seen:
            parent = os.path.dirname(path)
            seen[path] = os.path.islink(path) or (parent != top and linked(parent))
        return seen[path]

    return linked


def on_nav(nav: Navigation, config, files):
    snap = state().snapshot

    def keep(item) -> bool:
        if isinstance(item, Page):
            return not item.file.inclusion.is_excluded()
        if isinstance(item, Link):
            target = site_path(item.url, "", config.site_url)
            return target is None or snap.hidden_target(target) is None
        if isinstance(item, Section):
            item.children = [c for c in item.children if keep(c)]
            return bool(item.children)
        return True

    nav.items = [i for i in nav.items if keep(i)]
    pages = []

    def collect(items):
        for i in items:
            if isinstance(i, Page):
                pages.append(i)
            elif isinstance(i, Section):
                collect(i.children)

    collect(nav.items)
    nav.pages = pages
    for prev, cur in zip([None, *pages], pages):
        cur.previous_page = prev
        if prev is not None:
            prev.next_page = cur
    if pages:
        pages[-1].next_page = None
    return nav


def on_page_markdown(markdown: str, page: Page, config, files):
    st = state()
    src = page.file.src_uri
    refused = st.refused_lines.get("docs/" + src)
    if refused:  # an include of a gated file (tree.refused_includes), left out
        markdown = "\n".join("" if line in refused else line for line in markdown.split("\n"))
    if src.startswith("podcast/") and src != "podcast/index.md":
        ep = st.snapshot.plan.by_id.get(src.removeprefix("podcast/").removesuffix(".md"))
        if ep is not None:
            page.meta["title"] = escape(f"Episode {ep.number}: {ep.title}")
            st.release_pages.add(src)
        return markdown
    item = st.by_src.get(src)
    if item is None:
        return markdown
    # MkDocs and Material put page.title and the description into HTML (and the search index, which
    # Material's search shows as HTML) without escaping: plan text must arrive escaped.
    page.meta["title"] = escape(item.title)
    if item.summary:
        page.meta.setdefault("description", escape(item.summary))
    line = byline(st.snapshot, item, page.file.url)
    if st.byline_after is None:
        st.byline_after = _byline_after(config)
    if markdown.strip() and st.byline_after:
        st.bylines[src] = line  # added to the rendered page (on_page_content): the same page, sooner
        return byline_later(markdown)
    return line + "\n\n" + markdown


# Markdown extensions under which the byline (one line of HTML) written before a page's Markdown renders as
# itself, a blank line, and the page rendered alone (no heading of the page comes first then): so the
# byline is added after rendering, sparing Markdown's HTML parser a block per page (0.1-0.15 ms).
# tests/test_byline.py renders pages both ways through MkDocs. Other extensions: rendered with it.
BYLINE_AFTER = frozenset({"toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html"})


def _byline_after(config) -> bool:
    """Whether the byline may be added after rendering: only these Markdown extensions, and no plugin but
    these hooks sees the page's Markdown or its rendered content (one would see it without the byline)."""
    events = getattr(config.plugins, "events", None) or {}
    return (all(isinstance(e, str) and e in BYLINE_AFTER for e in config.markdown_extensions)
            and len(events.get("page_markdown", ())) == 1 and len(events.get("page_content", ())) == 1)


# Python-Markdown blanks a line of spaces and tabs only where a line comes before it: on a page's first line
# they stay, so the line starts a paragraph that the next line continues even if indented by four (code
# after the byline). MkDocs drops one such line where front matter is not (two, or one after front matter).
_FIRST_LINE_BLANK = re.compile(r"\A[ \t]+(?=\r|\n)")


def byline_later(markdown: str) -> str:
    """The page's Markdown to render when with_byline adds the byline afterwards: as it reads after the
    byline and a blank line (a first line of spaces and tabs only is blank there)."""
    return _FIRST_LINE_BLANK.sub("", markdown, count=1)


def with_byline(html: str, line: str, page: Page) -> str:
    """What rendering `line` + a blank line + the page's Markdown gives, from the page's byline_later(Markdown)
    rendered alone."""
    page._title_from_render = None  # the byline, not a heading, is the first thing on the page
    return f"{line}\n\n{html}" if html else line


_A = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S | re.I)
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_ATTR = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']*)["']""", re.I)
# Every quoted attribute value (found from its '=', which the regex engine skips to quickly): a superset of
# the href/src values _ATTR reads, for a cheap first look.
_VALUE = re.compile(r"""=\s*["']([^"']*)["']""")


def on_page_content(html: str, page: Page, config, files):
    st = state()
    line = st.bylines.pop(page.file.src_uri, None)
    if line is not None:
        html = with_byline(html, line, page)
    snap = st.snapshot
    if not snap.may_reference_hidden("\n".join([page.file.url, *_VALUE.findall(html)])):
        return html  # most pages: no link or image here can lead to a hidden page or file
    base = page_dir(page.file.url)

    def hidden(tag: str) -> bool:
        m = _ATTR.search(tag)
        target = site_path(m.group(1), base, config.site_url) if m else None
        return target is not None and snap.hidden_target(target) is not None

    html = _A.sub(lambda m: m.group(2) if hidden(m.group(1)) else m.group(0), html)
    return _IMG.sub(lambda m: "" if hidden(m.group(0)) else m.group(0), html)


def on_page_context(context, page: Page, config, nav):
    st, title, src = state(), page.title, page.file.src_uri  # (page.title is worked out on every read)
    if title and src not in st.by_src and src not in st.release_pages:
        st.page_titles.add(str(title))
    context["campaign_feedback"] = _feedback(config.site_name, unescape(str(title)) if title else None)
    return context


def on_template_context(context, template_name: str, config):
    if template_name.endswith(".html"):  # 404.html: served for any address, so it names no page
        context["campaign_feedback"] = _feedback(config.site_name, None)
    return context


def _feedback(site_name: str, page_title: str | None) -> dict | None:
    """The addresses of the "Tell us" line (overrides/partials/feedback.html): a mailto: whose subject names
    the page (only pages that are live are built; a preview names none, as it may be of the future), and
    the organisation's form (the plan checks it is on the intranet's own host)."""
    st = state()
    c = st.snapshot.plan.campaign
    if not (c.feedback_email or c.feedback_form):
        return None
    subject = f"{site_name}: {page_title}" if page_title and not st.preview else site_name
    mailto = None
    if c.feedback_email:
        if st.mailto_to is None:
            st.mailto_to = quote(c.feedback_email, safe="@")
        mailto = f"mailto:{st.mailto_to}?subject={quote(subject, safe='')}"
    return {"mailto": mailto, "form": c.feedback_form}


def on_env(env, config, files):
    """Material's templates patched as they are loaded (render/theme_html.TEMPLATE_PATCHES), so pages need no
    repair after rendering; where a patch does not apply, every page is repaired after rendering instead."""
    st = state()
    _hold()  # every page read and converted: kept until it is written
    patched = {}
    for name in theme_html.TEMPLATE_PATCHES:
        try:
            source, filename, uptodate = env.loader.get_source(env, name)
        except TemplateNotFound:
            return env
        text = theme_html.patch_template(name, source)
        if text is None:
            return env
        patched[name] = (text, filename, uptodate)
    if PATCH_TEMPLATES:
        env.loader = _PatchedTemplates(env.loader, patched)
        st.repair_pages = False
    return env


PATCH_TEMPLATES = True  # False: Material's templates as they are, every page repaired after rendering (tests)


class _PatchedTemplates(BaseLoader):
    """The theme's template loader, with the patched sources of the templates in `patched`."""

    def __init__(self, inner: BaseLoader, patched: dict):
        self.inner = inner
        self.patched = patched

    def get_source(self, environment, template):
        found = self.patched.get(template)
        return found if found is not None else self.inner.get_source(environment, template)

    def list_templates(self):
        return self.inner.list_templates()


def on_post_page(output: str, page: Page, config):
    st = state()
    if st.worker is not None:
        cpu = time.process_time()
        st.worker.page(config.site_dir, page.file.dest_uri)
        entries = _search_entries(config)
        if entries is not None:  # the page's sections in the search index, read by the worker too
            st.worker.index(entries[st.index_sent:])
            st.index_sent = len(entries)
        _audit_spent(st, "on_post_page", time.process_time() - cpu)
    return theme_html.fix_page_html(output) if st.repair_pages else output


def _audit_spent(st: BuildState, event: str, cpu: float) -> None:
    st.audit_cpu_seconds += cpu
    st.audit_early_cpu[event] = st.audit_early_cpu.get(event, 0.0) + cpu


def _search_entries(config) -> list | None:
    """The entries the search plugin has gathered for its index so far (Material's, or MkDocs' own)."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        entries = getattr(index, "entries", None) if index is not None else None
        if entries is None and index is not None:
            entries = getattr(index, "_entries", None)
        if isinstance(entries, list):
            return entries
    return None


def on_post_template(output: str, template_name: str, config):
    # 404.html is a theme template, not a page: it gets the same repairs.
    return theme_html.fix_page_html(output) if template_name.endswith(".html") and state().repair_pages else output


def on_post_build(config):
    theme_html.neutralise_assets(Path(config.site_dir))
    st = state()
    snap = st.snapshot
    # Only declared shared wording is allowed (the plan's shared_wording:); nothing is guessed.
    allowed = frozenset(snap.plan.shared_wording)
    started, cpu = time.perf_counter(), time.process_time()
    worker = st.worker
    findings = worker.finish(config.site_dir, frozenset(st.verbatim)) if worker is not None else None
    if findings is None:
        _end_worker()  # none, or it could not finish: the build audits its site itself
        worker = None
        # make serve rebuilds in this process after every save, and the timer every minute: files read clean last
        # time are not read again (audit/memo.py, audit_site).
        findings, auditor = audit_site(snap, allowed, Path(config.site_dir), st.verbatim, str(st.root))
        keep_audit = auditor.keep
    else:
        keep_audit = worker.keep
        st.audit_parallel = True
    st.audit_seconds = time.perf_counter() - started
    st.audit_end_cpu = time.process_time() - cpu
    st.audit_cpu_seconds += st.audit_end_cpu  # (and the worker's, once it has ended: _end_worker)
    st.allowed = allowed
    if findings or st.preview:
        _end_worker()  # keeps nothing
    if findings:
        st.findings = findings
        raise PluginError(LEAK_ABORT)
    # The caches (the audit's needles, the checked plan, the calendars' zones) go to disk only for a build that succeeds and is not a
    # preview (of another instant: its needles would replace this campaign's). build_into keeps them once MkDocs
    # has finished (a strict build can still fail after this event); plain `mkdocs build`/`serve` (make serve's
    # rebuilds) here.
    if not st.preview:
        plan = snap.plan

        def keep():
            cpu, started = time.process_time(), time.perf_counter()
            keep_audit()  # the audit's caches: its time is the audit's (make bench reports it so)
            st.audit_end_cpu += time.process_time() - cpu
            st.audit_cpu_seconds += time.process_time() - cpu
            _end_worker()  # (it ended once it had kept them: its CPU time counted now)
            st.audit_seconds += time.perf_counter() - started
            plancache.keep(plan)
            ical.keep(plan.root)

        st.keep = keep
        if not st.driven:
            keep()
    if _SERVING and not st.driven:
        _release_when_idle()


LEAK_ABORT = "leak audit failed (the problems are listed with the files and lines to fix)"


# --- driving a build from the CLI -----------------------------------------------------------------

class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (tests capture it). The leak audit's abort is not
    printed here: the command prints each finding with its source file and line instead."""

    def filter(self, record):
        if record.getMessage().startswith(_PAGE_ERROR):
            return False  # build_into reports it with the page's line (page_unreadable)
        return not _QUIET and record.getMessage() != LEAK_ABORT and super().filter(record)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


def on_build_error(error):
    global _LAST_ERROR
    _release()
    _LAST_ERROR = error
    _end_worker()


def _end_worker() -> None:
    """End the build's audit worker, keeping nothing (unless it has kept the caches already); its CPU time is
    the audit's."""
    if _STATE is not None and _STATE.worker is not None:
        worker, _STATE.worker = _STATE.worker, None
        worker.close()
        _STATE.audit_cpu_seconds += worker.cpu


_LAST_ERROR: BaseException | None = None
_QUIET = False
_PAGE_ERROR = "Error reading page '"  # how MkDocs logs a page it cannot read, before the exception leaves build()
_PAGE_ERROR_AT = re.compile(r"at '(.{1,60}?)(?:\\n|')")


class _PageErrors(logging.Handler):
    """The page MkDocs names when it cannot read one (Python's HTML parser fails on '<![ ...'): the exception
    itself does not say which."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.page: str | None = None

    def emit(self, record):
        message = record.getMessage()
        if message.startswith(_PAGE_ERROR):
            self.page = message[len(_PAGE_ERROR):].split("'", 1)[0]


def page_unreadable(root: Path, docs_dir: str, page: str, exc: BaseException):
    """The problem to report for a page MkDocs could not read: its file, the line the error points at (the
    first line holding the text the error quotes; else 1), and the reason."""
    from .source.errors import Problem
    from .source.messages import CATALOGUE as M

    try:
        rel = Path(docs_dir).resolve().relative_to(root.resolve()).as_posix() + "/" + page
    except ValueError:  # docs_dir outside the project
        rel = (Path(docs_dir) / page).as_posix()
    reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
    line = 1
    quoted = _PAGE_ERROR_AT.search(str(exc))
    if quoted:
        try:
            lines = (root / rel).read_text(encoding="utf-8", errors="replace").splitlines()  # rel may be absolute
        except OSError:
            lines = []
        line = next((n for n, text in enumerate(lines, 1) if quoted.group(1).strip() in text), 1)
    return Problem(rel, line, "", M["page-unreadable"](reason=reason), fix=M["page-unreadable"].todo)


def _log_to_stderr(level=logging.WARNING):
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_campaign", False) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        handler._campaign = True
        logger.addHandler(handler)
    logger.setLevel(level)


def build_into(root: Path, plan: Plan, now: datetime, out_dir: Path, *, strict: bool = False,
               extra: dict | None = None, quiet: bool = False, keep_caches: bool = True) -> BuildState:
    """Build the site as of `now` into `out_dir` (which it creates). Raises BuildFailed. `quiet`: MkDocs'
    log lines are not printed (make check reports them itself, with file and line). `keep_caches`: a
    successful build writes the audit's caches into the project (make check passes False: it writes nothing)."""
    global _PRESET, _LAST_ERROR, _STATE, _QUIET
    _log_to_stderr()
    _QUIET = quiet
    _LAST_ERROR = None
    _STATE = None
    cfg = load_config(str(root / "mkdocs.yml"), site_dir=str(out_dir), strict=strict)
    if extra:
        cfg.extra.update(extra)
    _PRESET = (plan, now)
    pages = _PageErrors()
    logging.getLogger("mkdocs").addHandler(pages)
    built = False
    try:
        cfg.plugins.on_startup(command="build", dirty=False)
        mkdocs_build(cfg)
        built = True
    except Abort as exc:
        if _STATE is not None and _STATE.findings:
            from .audit.locate import leak_problems

            raise LeakFound(leak_problems(_STATE.snapshot, _STATE.findings, _STATE.sources)) from None
        raise BuildFailed(str(_LAST_ERROR or exc)) from None
    except Exception as exc:  # a page MkDocs cannot read: named with its line, never a traceback
        if pages.page is None:
            raise
        problem = page_unreadable(root, cfg.docs_dir, pages.page, exc)
        raise BuildFailed(f"{problem.file}:{problem.line}: {problem}", problem) from None
    finally:
        _PRESET = None
        logging.getLogger("mkdocs").removeHandler(pages)
        cfg.plugins.on_shutdown()
        if not built:
            _end_worker()
    try:
        st = state()
        if keep_caches and st.keep is not None:
            st.keep()
    finally:
        _end_worker()  # a build that failed after its audit, or make check: keeps nothing
    return st


class BuildFailed(Exception):
    def __init__(self, message: str, problem=None):
        super().__init__(message)
        self.problem = problem  # a Problem at the editor's file and line, when the failure has one


class LeakFound(BuildFailed):
    """The leak audit found traces of items that are not live; `problems` name the editors' lines."""

    def __init__(self, problems: list):
        self.problems = problems
        n = len(problems)
        super().__init__(f"the leak audit found {n} problem{'s' if n != 1 else ''}:\n" + "\n".join(str(p) for p in problems))


def served_path(root: Path) -> str:
    """The path of `site_url` (e.g. /campaigns/spot-it/): where `mkdocs serve` mounts the site, so the URL
    to open. Read with MkDocs' own YAML loader (it knows !ENV), without loading plugins or hooks."""
    from urllib.parse import urlsplit

    from mkdocs.utils.yaml import yaml_load

    try:
        with open(root / "mkdocs.yml", encoding="utf-8") as fh:
            cfg = yaml_load(fh) or {}
    except (OSError, ValueError):
        return "/"
    path = urlsplit(str(cfg.get("site_url") or "/")).path
    return ("/" + path.lstrip("/")).rstrip("/") + "/"


def publish_dir(root: Path, plan: Plan, now: datetime, site: Path, **kw) -> BuildState:
    """Build beside `site`, audit, and only then replace `site` (a real directory). On any failure the
    old `site` is left exactly as it was."""
    # Absolute: MkDocs reads a relative site_dir from the folder of mkdocs.yml, not from here.
    site = (site if site.is_absolute() else root / site).absolute()
    tmp = site.parent / f".{site.name}.building-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        st = build_into(root, plan, now, tmp, **kw)
        if site.is_symlink() or site.is_file():
            site.unlink()
        if site.exists():
            shutil.rmtree(swap_in(tmp, site), ignore_errors=True)  # site/ is the old folder or the new, never none
        else:
            tmp.rename(site)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return st
