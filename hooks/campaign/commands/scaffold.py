"""`make new KIND=article TITLE="..." DATE=...`: a Markdown page and its plan entry, both or neither.

Values arrive through the environment (NEW_KIND, NEW_TITLE, NEW_DATE), never through a shell line, so a
title may hold quotes, `$` and `#`. The plan is edited with ruamel.yaml's round-trip mode, which keeps its
comments, quotes and blank lines; the new plan is validated in full before anything is kept.
"""
from __future__ import annotations

import io
import os
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString as Q
from ruamel.yaml.tokens import CommentToken

from ..source import plan as plan_mod
from ..source.content import SCAFFOLD_MARK
from ..source.errors import CampaignError, shown, shown_folder
from ..source.messages import CATALOGUE as M
from ..source.plan import PLAN_FILE
from ..source.times import TimeFormatError, human, parse_instant

FOLDERS = {"article": "docs/articles", "blog": "docs/blog", "resource": "docs/resources"}
PLAN_TMP = f".{PLAN_FILE}.new"

BODY = f"""\
{SCAFFOLD_MARK}: two or three short sentences saying what this is about and why it matters now.

## What this means for you

{SCAFFOLD_MARK}: what changes for the reader, in plain English. Short sentences, one idea each.

## What to do

{SCAFFOLD_MARK}: the steps to take, as a list.

- {SCAFFOLD_MARK}: first step.
- {SCAFFOLD_MARK}: second step.
"""


class NewError(Exception):
    pass


@dataclass(frozen=True)
class Request:
    kind: str
    title: str
    date: str


def slugify(title: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    if len(slug) > 60:
        slug = slug[:60].rsplit("-", 1)[0]
    return slug


def _yaml() -> YAML:
    y = YAML()  # round-trip
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap editors' long lines
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def request_from_env(env) -> Request:
    missing = [name for name in ("KIND", "TITLE", "DATE") if not env.get(f"NEW_{name}", "").strip()]
    if missing:
        raise NewError(M["new-needs"](name=" and ".join(missing)))
    kind = env["NEW_KIND"].strip()
    if kind not in FOLDERS:
        raise NewError(M["new-kind"](kind=kind))
    return Request(kind, env["NEW_TITLE"].strip(), env["NEW_DATE"].strip())


def entry(plan, req: Request, slug: str, source: str) -> CommentedMap:
    e = CommentedMap()
    e["id"] = slug
    e["kind"] = req.kind
    e["title"] = Q(req.title)
    e["summary"] = Q(f"{SCAFFOLD_MARK}: one sentence for listings and search.")
    if plan.themes:
        e["theme"] = plan.themes[0].id  # a placeholder the editor should confirm
    if req.kind == "blog":
        e["author"] = Q(f"{SCAFFOLD_MARK}: author's name (fictional names labelled on the about page)")
    e["source"] = source
    e["release"] = Q(req.date)
    return e


def new_plan_text(text: str, plan, req: Request, slug: str, source: str, when) -> str:
    """The plan with the new entry inserted before the first release that goes live later."""
    y = _yaml()
    doc = y.load(text)
    releases = doc.get("releases")
    if releases is None:
        from ruamel.yaml.comments import CommentedSeq
        releases = doc["releases"] = CommentedSeq()
    pos = len(releases)
    for i, item in enumerate(releases):
        existing = plan.by_id.get(item.get("id"))
        if existing is not None and existing.release > when:
            pos = i
            break
    new = entry(plan, req, slug, source)
    _keep_blank_lines(releases, pos, new)
    releases.insert(pos, new)
    out = io.StringIO()
    y.dump(doc, out)
    return out.getvalue()


def _trailing(item):
    """The comment after an entry's last key: where ruamel keeps the blank line that follows it."""
    return item.ca.items.get(list(item)[-1]) if len(item) else None


def _keep_blank_lines(releases, pos: int, new) -> None:
    """Entries are separated by blank lines (and comments), which ruamel keeps as a comment after the
    previous entry's last key. The new entry takes over what followed the entry before it (so a comment
    stays with the entry it introduces), and that entry keeps just the blank line."""
    if not any((c := _trailing(it)) and c[2] is not None and c[2].value.startswith("\n\n") for it in releases):
        return  # the plan has no blank lines between entries: add none

    def blank():
        return [None, None, CommentToken("\n\n", CommentMark(0), None), None]

    if pos == 0:
        new.ca.items[list(new)[-1]] = blank()
        return
    prev = releases[pos - 1]
    tail = _trailing(prev)
    if tail is not None:
        new.ca.items[list(new)[-1]] = tail
    elif pos < len(releases):
        new.ca.items[list(new)[-1]] = blank()
    prev.ca.items[list(prev)[-1]] = blank()


def create(root: Path, req: Request) -> tuple[str, int]:
    """Write the page and the plan entry; return (source, line). Raises NewError or CampaignError."""
    plan = plan_mod.load(root)  # refuse to add to a plan that is already broken
    slug = slugify(req.title)
    if len(req.title) < 4 or len(req.title) > 120 or not slug or "\n" in req.title:
        raise NewError(M["new-title"](title=repr(req.title), reason="4 to 120 characters on one line, "
                                      "with letters or digits"))
    try:
        when = parse_instant(req.date, plan.tz)
    except TimeFormatError as exc:
        err = exc.about("env-date")
        raise NewError(f"{err.message}; fix: {err.fix}") from None
    source = f"{FOLDERS[req.kind]}/{slug}.md"
    clashes = []
    if slug in plan.by_id:
        clashes.append(M["new-exists"](what=f"the id {slug!r}", where=f"{PLAN_FILE} line {plan.lines.get(slug, 1)}"))
    for r in plan.releases:
        if r.title.casefold() == req.title.casefold():
            clashes.append(M["new-exists"](what=f"the title {req.title!r}", where=f"release {r.id!r}"))
    if (root / source).exists() or (root / source).is_symlink():
        clashes.append(M["new-exists"](what=f"the file {source}", where="on disk"))
    if clashes:
        raise NewError("\n".join(clashes))

    plan_path = root / PLAN_FILE
    text = plan_path.read_text(encoding="utf-8")
    new_text = new_plan_text(text, plan, req, slug, source, when)
    page = root / source
    made_dir = not page.parent.exists()
    tmp_plan = root / PLAN_TMP
    wrote_tmp = False
    try:
        page.parent.mkdir(parents=True, exist_ok=True)
        with open(page, "x", encoding="utf-8") as f:  # "x": never overwrite an editor's file
            f.write(BODY)
        new_plan = plan_mod.parse(new_text, root)  # the whole plan, with the page now on disk
        with open(tmp_plan, "x", encoding="utf-8") as f:
            wrote_tmp = True
            f.write(new_text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp_plan, plan_path)  # atomic: the old plan or the new one, never half
        wrote_tmp = False
    except BaseException as exc:
        if page.is_file():
            page.unlink()
        if made_dir:
            try:
                page.parent.rmdir()
            except OSError:
                pass
        if wrote_tmp and tmp_plan.is_file():
            tmp_plan.unlink()
        if isinstance(exc, OSError):
            raise NewError(M["new-failed"](file=exc.filename or PLAN_FILE, reason=exc.strerror or str(exc))) from None
        raise
    return source, new_plan.lines.get(slug, 1)


def main(root: Path, env=None) -> int:
    env = os.environ if env is None else env
    try:
        req = request_from_env(env)
        source, line = create(root, req)
    except NewError as exc:
        print(f"make new: {exc}\nNothing was written.", file=sys.stderr)
        return 1
    except CampaignError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    plan = plan_mod.load(root)
    when = human(plan.by_id[slugify(req.title)].release, plan.tz)
    print(f"Created {shown(source)} and added release '{slugify(req.title)}' to {shown(PLAN_FILE)} (line {line}), "
          f"going live {when}.\nNext: write the page (replace every '{SCAFFOLD_MARK}'), check theme and summary "
          f"in the plan, then run make check{' ROOT=' + shown_folder() if shown_folder() else ''}.", file=sys.stderr)
    return 0
