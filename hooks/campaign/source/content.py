"""Checks on the Markdown pages themselves: front matter and alt text.

MkDocs silently ignores front matter it cannot read and then shows it as page text, so broken front
matter is an error here (the build stops on it too). Images without alt text fail WCAG 2.2 AA. Where a
page's code blocks are (`code_lines`, fenced and indented, as Python-Markdown reads them) is answered here
once for every reader of pages: alt text, word counts, make check's links, the tree check's headings.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from .errors import Problem
from .messages import CATALOGUE as M
from .plan import GATED_DIRS, Plan

SCAFFOLD_MARK = "TO WRITE"
WORDED_KINDS = ("article", "blog", "resource")  # pages editors write in full (min_words)
ROLE_KINDS = ("article", "resource")  # kinds listed on role pages
# MkDocs' own rule (mkdocs.utils.meta.YAML_RE): '---' on the first line, closed by '---' or '...'.
_FRONT = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)
# ![alt](src "title") and <img ...>
_MD_IMG = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)")
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.I | re.S)
_ALT = re.compile(r"""\balt\s*=\s*(["'])(.*?)\1""", re.I | re.S)
_SRC = re.compile(r"""\bsrc\s*=\s*["']([^"']*)["']""", re.I)
_FENCE = re.compile(r"^(```|~~~)")
# MkDocs' MultiMarkdown rule (mkdocs.utils.meta.META_RE) applied to a page's first line.
_EATEN = re.compile(r"[ ]{0,3}[A-Za-z0-9_-]+:[^\n]*")


def pages(plan: Plan) -> list[str]:
    """Every Markdown page an editor wrote: release pages (whatever their status) and evergreen pages."""
    out = {r.source for r in plan.releases if getattr(r, "source", None)}
    docs = plan.root / "docs"
    if docs.is_dir():
        for p in docs.rglob("*.md"):
            rel = p.relative_to(plan.root).as_posix()
            if not rel.startswith(GATED_DIRS) and not p.is_symlink() and p.is_file():
                out.add(rel)
    return sorted(out)


def read(root: Path, rel: str) -> str | None:
    try:
        return (root / rel).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None  # the plan loader reports unreadable release pages


def front_matter_end(text: str) -> int:
    """How many lines the front matter takes, its closing '---' included (0 without front matter)."""
    m = _FRONT.match(text.replace("\r\n", "\n"))
    return m.group(0).count("\n") if m else 0


def front_matter_problems(rel: str, text: str) -> list[Problem]:
    text = text.replace("\r\n", "\n")
    if not re.match(r"^-{3}[ \t]*\n", text):
        first = _EATEN.match(text)
        if first:  # MkDocs would drop the line silently (MultiMarkdown meta-data); the editor meant it as text
            return [Problem(rel, 1, "", M["first-line-eaten"](line=first.group(0).strip()[:60]),
                            fix=M["first-line-eaten"].todo)]
        return []
    m = _FRONT.match(text)
    if not m:
        return [Problem(rel, 1, "front matter", M["front-matter-unclosed"](), fix=M["front-matter-unclosed"].todo)]
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError as exc:
        # The context mark ("while parsing a flow sequence started here") points at the editor's line;
        # the problem mark is often the end of the block.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for 1-based, +1 for the opening '---'
        reason = getattr(exc, "problem", None) or "unreadable"
        return [Problem(rel, line, "front matter", M["front-matter-yaml"](reason=reason),
                        fix=M["front-matter-yaml"].todo)]
    if data is not None and not isinstance(data, dict):
        return [Problem(rel, 2, "front matter", M["front-matter-mapping"](), found=type(data).__name__,
                        fix=M["front-matter-mapping"].todo)]
    return []


# Where a block may continue indented (Python-Markdown's list items; admonition, pymdownx.details and tabbed
# blocks; footnotes): an indented block after a blank line there is more of it, not code.
_CONTINUED = re.compile(r"^(?:[*+-]|\d+[.)])(?:\s|$)|^(?:!!!|\?\?\?\+?|===)(?:\s|$)|^\[\^[^\]]+\]:")
_HTML_OPEN = re.compile(r"^<([A-Za-z][\w-]*)")
_MARKDOWN_ATTR = re.compile(r"""^<[^>]*\smarkdown(?:\s*=\s*["']?(?:1|block|span)["']?)?[\s/>]""", re.I)
_ATX = re.compile(r"^#{1,6}(?:\s|$)")
_MAY_HOLD_CODE = re.compile(r"^[ \t]*(?:```|~~~)|^(?: {4}| {0,3}\t)", re.M)
# Python-Markdown's block-level elements that hold content (markdown.util.BLOCK_LEVEL_ELEMENTS): raw HTML
# from such a tag to its end is no Markdown, so no code block either.
_HTML_BLOCKS = frozenset("""address article aside blockquote details div dl fieldset figcaption figure footer form
    h1 h2 h3 h4 h5 h6 header hgroup main menu nav ol p pre section table ul canvas colgroup dd body dt group html
    iframe li legend math map noscript output object option progress script style summary tbody td textarea tfoot th
    thead tr video""".split())


def code_lines(text: str) -> frozenset[int]:
    """The lines (from 1) of a page's code blocks, where nothing is a link, a picture or a heading: fenced
    (``` or ~~~, the fences included) and indented as Python-Markdown reads them: 4 spaces (a tab is 4) more than
    the list item or admonition the text is in, starting after a blank line (a line indented under a paragraph
    goes on with it), up to a line indented less; not inside raw HTML (`<div>` to `</div>`). Front matter is no
    code (and no text: MkDocs takes it out)."""
    if _MAY_HOLD_CODE.search(text) is None:
        return frozenset()  # most pages: no fence, no line indented 4
    out: set[int] = set()
    fenced = code = False
    start = True  # a block starts here (after a blank line, or the page's first line)
    level = 0  # where the content of the list item or admonition being continued starts (0: none)
    html: tuple[str, int] | None = None  # raw HTML being read: its tag and how deep
    front = front_matter_end(text)
    for n, line in enumerate(text.splitlines(), 1):  # numbered as the callers number them
        if n <= front:
            continue
        body = line.expandtabs(4)
        stripped = body.lstrip()
        indent = len(body) - len(stripped)
        if not stripped:
            start = True
            continue
        if fenced or (code and indent >= level + 4):
            out.add(n)
            fenced = fenced and not _FENCE.match(stripped)
            start = False
            continue
        code = False
        if html is not None:
            tag, depth = html
            depth += len(re.findall(rf"<{tag}\b", stripped, re.I)) - len(re.findall(rf"</{tag}\s*>", stripped, re.I))
            html = (tag, depth) if depth > 0 else None
        elif _FENCE.match(stripped):
            fenced = True
            out.add(n)
        elif start and indent >= level + 4:
            code = True
            out.add(n)
        else:
            if start and indent < level:  # a block indented less is outside the list items it was under
                level = indent // 4 * 4
            if _CONTINUED.match(stripped):
                level = indent // 4 * 4 + 4
            elif (start and indent < 4 and (m := _HTML_OPEN.match(stripped)) and m.group(1).lower() in _HTML_BLOCKS
                  and not _MARKDOWN_ATTR.search(stripped)):  # md_in_html: `<div markdown>` holds Markdown
                tag = m.group(1)
                depth = len(re.findall(rf"<{tag}\b", stripped, re.I)) - len(re.findall(rf"</{tag}\s*>", stripped, re.I))
                html = (tag, depth) if depth > 0 else None
        start = indent < 4 and _ATX.match(stripped) is not None  # a heading is a block of its own line
    return frozenset(out)


def alt_problems(rel: str, text: str) -> list[Problem]:
    out = []
    code = code_lines(text)
    for n, line in enumerate(text.splitlines(), 1):
        if n in code:
            continue
        for m in _MD_IMG.finditer(line):
            if not m.group(1).strip():
                out.append(Problem(rel, n, "", M["image-no-alt"](image=m.group(2) or "(no address)"),
                                   fix=M["image-no-alt"].todo))
        for tag in _HTML_IMG.findall(line):
            if not _ALT.search(tag):  # alt="" is a deliberate choice for decoration; no alt is not
                src = _SRC.search(tag)
                out.append(Problem(rel, n, "", M["image-no-alt"](image=src.group(1) if src else "(no address)"),
                                   fix=M["image-no-alt"].todo))
    return out


def build_problems(plan: Plan) -> list[Problem]:
    """What stops a build: unreadable front matter on any page."""
    out = []
    for rel in pages(plan):
        text = read(plan.root, rel)
        if text is not None:
            out.extend(front_matter_problems(rel, text))
    return out


def check_problems(plan: Plan) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) for make check: front matter, alt text, placeholder text left by make new."""
    errors, warnings = [], []
    for rel in pages(plan):
        text = read(plan.root, rel)
        if text is None:
            continue
        errors.extend(front_matter_problems(rel, text))
        errors.extend(alt_problems(rel, text))
        for n, line in enumerate(text.splitlines(), 1):
            if SCAFFOLD_MARK in line:
                warnings.append(Problem(rel, n, "", M["placeholder-left"](), fix=M["placeholder-left"].todo))
                break
    limit = plan.campaign.min_words
    for r in plan.releases:
        line = plan.lines.get(r.id, 1)
        if any(SCAFFOLD_MARK in str(getattr(r, k, None) or "") for k in ("summary", "author")):
            warnings.append(Problem("campaign_plan.yaml", line, "", M["placeholder-left"](),
                                    fix=M["placeholder-left"].todo))  # placeholders make new put in the entry
        if r.kind in WORDED_KINDS and limit:
            text = read(plan.root, r.source)
            count = word_count(text) if text is not None else limit
            if count < limit:
                warnings.append(Problem(r.source, 1, "", M["page-short"](count=count, limit=limit),
                                        fix=M["page-short"].todo))
        if plan.roles and r.kind in ROLE_KINDS and not r.roles:  # a campaign without roles has no role pages
            warnings.append(Problem("campaign_plan.yaml", line, "releases", M["roles-missing"](id=r.id),
                                    expected="one or more of " + ", ".join(role.id for role in plan.roles),
                                    fix=M["roles-missing"].todo))
    return errors, warnings


_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_MD_LINK_TARGET = re.compile(r"\]\([^)]*\)")


def word_count(text: str) -> int:
    """Words a reader reads: without front matter, code blocks, tags, images and link addresses."""
    text = text.replace("\r\n", "\n")
    skip = code_lines(text)
    front = front_matter_end(text)
    kept = [line for n, line in enumerate(text.split("\n"), 1) if n > front and n not in skip]
    text = _MD_IMG.sub(" ", "\n".join(kept))
    text = _MD_LINK_TARGET.sub("]", _HTML_IMG.sub(" ", re.sub(r"<[^>]+>", " ", text)))
    return len(_WORD.findall(text))
