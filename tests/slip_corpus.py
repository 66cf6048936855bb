"""The editor-slip corpus: honest mistakes an editor makes in a copy of the default campaign, as data.

Targets are picked from the plan at each instant, never by title: the first item of each kind that is not
live then (by release), an item whose title has an apostrophe, an expired item, and live items to edit.
A case names the targets it needs; where the plan has none of them at an instant, the case is not run there.

Each case: a name, its class (1 shared wording, 2 copies outside the gated folders, 3 text variants,
4 needles, 5 containers, C control), a one-line description, `apply(project, ctx)` (edits the copy as
the editor would), `blame(ctx)` (the editor's files, any one of which a failing build must name),
`control` (must build cleanly), `must_fail` (a file nobody can read: the build must stop and name it),
and `quick` (also in `make test`'s subset)."""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import slip_files as F
from slip_scanner import _md_text, _vtt_cues, load_plan, norm, sentences, slugify, word_count

SITE_URL = "https://intranet.example/campaigns/spot-it/"
PREVIEW_URL = "http://127.0.0.1:8000/campaigns/spot-it/"


# ------------------------------------------------------------------------------------------------ targets

@dataclass
class Item:
    id: str
    kind: str
    title: str
    url: str | None
    source: str | None
    status: str
    entry: dict

    @property
    def stem(self) -> str:
        return Path(self.source).stem if self.source else self.id

    @property
    def summary(self) -> str:
        return str(self.entry.get("summary") or self.title)

    def get(self, key: str, default=None):
        return self.entry.get(key, default)


@dataclass
class Ctx:
    now: str
    root: Path  # the original project (read-only)
    items: dict[str, Item]  # role -> item
    distinct: dict[str, list[str]] = field(default_factory=dict)  # item id -> distinctive body sentences

    def __getattr__(self, role: str) -> Item:
        try:
            return self.__dict__["items"][role]
        except KeyError:
            raise AttributeError(role) from None

    def sentences(self, role: str, n: int = 2) -> list[str]:
        return self.distinct.get(self.items[role].id, [])[:n]


_NUMBER_WORDS = r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+)\b"
_UK_WORDS = r"\b(?:recognis\w*|organis\w*|centre|behaviour|neighbour\w*|colour|programme|defence|offence|travelled|judgement)\b"


def _first(items: list[Item], pred: Callable[[Item], bool]) -> Item | None:
    return next((i for i in items if pred(i)), None)


def make_ctx(now: str, schedule: list[dict], root: Path) -> Ctx:
    plan = load_plan(root)
    entries = {e["id"]: e for e in plan["releases"]}
    shared = [norm(s) for s in plan.get("shared_wording") or []]
    items = [Item(s["id"], s["kind"], s["title"], s.get("url"), s.get("source"), s["status"], entries[s["id"]])
             for s in schedule]  # sorted by release (the contract)
    hidden = [i for i in items if i.status != "live"]
    live = [i for i in items if i.status == "live"]
    roles: dict[str, Item | None] = {
        "article": _first(hidden, lambda i: i.kind == "article"),
        "article2": ([i for i in hidden if i.kind == "article"][1:2] or [None])[0],
        "blog": _first(hidden, lambda i: i.kind == "blog"),
        "resource": _first(hidden, lambda i: i.kind == "resource"),
        "episode": _first(hidden, lambda i: i.kind == "episode" and i.get("audio") and i.get("transcript")),
        "sign": _first(hidden, lambda i: i.kind == "sign" and i.get("image")),
        "event": _first(hidden, lambda i: i.kind == "event" and i.get("place")
                        and sum(1 for e in entries.values() if e.get("place") == i.get("place")) == 1),
        "survey": _first(hidden, lambda i: i.kind == "survey" and i.get("data")),
        "expired": _first(hidden, lambda i: i.status == "expired"),
        "apostrophe": _first(hidden, lambda i: "'" in i.title),
        "apostrophe_summary": _first(hidden, lambda i: "'" in str(i.get("summary") or "")),
        "hyphen": _first(hidden, lambda i: re.search(r"\w-\w", i.title) is not None),
        "colon": _first(hidden, lambda i: ": " in i.title and word_count(i.title.split(": ", 1)[1]) >= 6),
        "live_article": ([i for i in live if i.kind == "article"][-1:] or [None])[0],
        "live_article2": ([i for i in live if i.kind == "article"][-2:-1] or [None])[0],
        "live_blog": ([i for i in live if i.kind == "blog"][-1:] or [None])[0],
        "live_event": ([i for i in live if i.kind == "event"][-1:] or [None])[0],
        "live_episode": ([i for i in live if i.kind == "episode"][-1:] or [None])[0],
        "live_sign": ([i for i in live if i.kind == "sign"][-1:] or [None])[0],
        # for the red team's cases (tests/slip_corpus_red.py): titles an editor's tools write another way
        "and_title": _first(hidden, lambda i: " and " in i.title and word_count(i.title) >= 4),
        "number_title": _first(hidden, lambda i: re.search(_NUMBER_WORDS, i.title.lower()) is not None),
        "uk_title": _first(hidden, lambda i: re.search(_UK_WORDS, i.title.lower()) is not None),
        "article_title": _first(hidden, lambda i: re.match(r"(?:the|a|an) ", i.title.lower()) is not None
                                and word_count(i.title) >= 5),
        "link_event": _first(hidden, lambda i: i.kind == "event" and re.search(r"https?://[^\s/]+/\S", str(i.get("booking"))) is not None),
    }
    # body sentences that no other page has and no shared wording covers: pasting one reveals the item
    others = {p: norm(p.read_text(encoding="utf-8", errors="replace")) for p in (root / "docs").rglob("*.md")}
    distinct: dict[str, list[str]] = {}
    for it in hidden:
        if not it.source or not it.source.endswith(".md"):
            continue
        own = root / it.source
        _, blocks = _md_text(own.read_text(encoding="utf-8"))
        keep = []
        for s in sentences(blocks, 10):
            n = norm(s)
            if any(n in sh or sh in n for sh in shared):
                continue
            if any(n in text for p, text in others.items() if p != own):
                continue
            if re.search(r"[\[\]*_`<>|#]", s):  # plain prose only: what an editor would paste
                continue
            keep.append(s)
        distinct[it.id] = keep
    return Ctx(now, root, {k: v for k, v in roles.items() if v is not None}, distinct)


# ------------------------------------------------------------------------------------------------ editing the copy

class Edit:
    """What an editor does to the files of one copy."""

    def __init__(self, root: Path):
        self.root = root

    def p(self, rel: str) -> Path:
        return self.root / rel

    def read(self, rel: str) -> str:
        return self.p(rel).read_text(encoding="utf-8")

    def write(self, rel: str, data: str | bytes) -> None:
        path = self.p(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")

    def append(self, rel: str, text: str) -> None:
        old = self.read(rel)
        self.write(rel, old.rstrip("\n") + "\n\n" + text.rstrip("\n") + "\n")

    def copy(self, src: str, dst: str) -> None:
        self.p(dst).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.p(src), self.p(dst))

    def symlink(self, link: str, target: str) -> None:
        self.p(link).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, self.p(link))

    def front_matter(self, rel: str, meta: dict) -> None:
        lines = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in meta.items())
        self.write(rel, f"---\n{lines}---\n\n" + self.read(rel))

    # -- the plan, edited as text (an editor's YAML stays as it is around the change)
    def _block(self, text: str, iid: str) -> tuple[int, int]:
        m = re.search(rf"^  - id: {re.escape(iid)}\s*$", text, re.M)
        if not m:
            raise KeyError(iid)
        nxt = re.search(r"^  - id: ", text[m.end():], re.M)
        return m.start(), (m.end() + nxt.start()) if nxt else len(text)

    def plan_field(self, iid: str, key: str, value: str) -> None:
        text = self.read("campaign_plan.yaml")
        a, b = self._block(text, iid)
        block = text[a:b]
        line = f"    {key}: {json.dumps(value, ensure_ascii=False)}"
        m = re.search(rf"^    {key}:.*$", block, re.M)
        if m:
            block = block[:m.start()] + line + block[m.end():]
        else:
            t = re.search(r"^    title:.*$", block, re.M)
            block = block[:t.end()] + "\n" + line + block[t.end():]
        self.write("campaign_plan.yaml", text[:a] + block + text[b:])

    def plan_release(self, yaml_block: str) -> None:
        text = self.read("campaign_plan.yaml").rstrip("\n")
        self.write("campaign_plan.yaml", text + "\n\n" + yaml_block.rstrip("\n") + "\n")

    def plan_shared(self, phrase: str) -> None:
        text = self.read("campaign_plan.yaml")
        text = text.replace("shared_wording:\n", f"shared_wording:\n  - {json.dumps(phrase, ensure_ascii=False)}\n", 1)
        self.write("campaign_plan.yaml", text)

    def plan_text(self, key: str, value: str) -> None:
        text = self.read("campaign_plan.yaml")
        new, n = re.subn(rf"^  {key}:.*$", f"  {key}: {json.dumps(value, ensure_ascii=False)}", text, count=1, flags=re.M)
        assert n, key
        self.write("campaign_plan.yaml", new)

    def new_live_article(self, iid: str, title: str, body: str, summary: str | None = None) -> None:
        self.write(f"docs/articles/{iid}.md", body)
        extra = f"    summary: {json.dumps(summary, ensure_ascii=False)}\n" if summary else ""
        self.plan_release(f"  - id: {iid}\n    kind: article\n    title: {json.dumps(title, ensure_ascii=False)}\n{extra}"
                          f"    roles: [police-staff]\n    source: docs/articles/{iid}.md\n    release: \"2026-09-08 09:00\"\n")

    # -- mkdocs.yml
    def nav_add(self, label: str, target: str) -> None:
        text = self.read("mkdocs.yml").rstrip("\n")
        self.write("mkdocs.yml", text + f"\n  - {json.dumps(label, ensure_ascii=False)}: {target}\n")

    def nav_rename(self, old: str, new: str) -> None:
        text = self.read("mkdocs.yml")
        new_text = text.replace(f"  - {old}:", f"  - {json.dumps(new, ensure_ascii=False)}:", 1)
        assert new_text != text, old
        self.write("mkdocs.yml", new_text)

    def extension(self, lines: str) -> None:
        text = self.read("mkdocs.yml")
        self.write("mkdocs.yml", text.replace("markdown_extensions:\n", "markdown_extensions:\n" + lines.rstrip("\n") + "\n", 1))


# ------------------------------------------------------------------------------------------------ text variants

def _longest_word(t: str) -> tuple[int, int]:
    best = max(re.finditer(r"[A-Za-z]{4,}", t), key=lambda m: len(m.group()))
    return best.start(), best.end()


def _inside_longest(t: str, ch: str) -> str:
    a, b = _longest_word(t)
    mid = (a + b) // 2
    return t[:mid] + ch + t[mid:]


def _ligature(t: str) -> str:
    for plain, lig in (("ffi", "\ufb03"), ("fi", "\ufb01"), ("fl", "\ufb02"), ("ff", "\ufb00")):
        if plain in t:
            return t.replace(plain, lig)
    a, b = _longest_word(t)  # no ligature to make: fullwidth letters (an East Asian keyboard's input)
    return t[:a] + "".join(chr(ord(c) + 0xFEE0) for c in t[a:b]) + t[b:]


def _word_paste(t: str) -> str:
    t = re.sub(r"(^|\s)'", "\\1\u2018", t).replace("'", "\u2019")
    t = re.sub(r'"([^"]*)"', "\u201c\\1\u201d", t)
    t = t.replace(": ", ":\u00a0").replace(" - ", " \u2013 ").replace("...", "\u2026")
    words = t.split(" ")
    return " ".join(words[:2]) + "\u00a0" + " ".join(words[2:]) if len(words) > 2 else t


def _split_em(t: str) -> str:
    w = t.split(" ")
    k = max(1, len(w) // 2)
    return "<em>" + " ".join(w[:k]) + "</em> " + " ".join(w[k:])


def _split_mid(t: str) -> str:
    a, b = _longest_word(t)
    mid = (a + b) // 2
    return t[:mid] + "<span>" + t[mid:b] + "</span>" + t[b:]


def _md_emph(t: str) -> str:
    w = t.split(" ")
    return "*" + w[0] + "* " + " ".join(w[1:]) if len(w) > 1 else f"*{t}*"


def _md_bold_mid(t: str) -> str:
    a, b = _longest_word(t)
    mid = (a + b) // 2
    return t[:a] + "**" + t[a:mid] + "**" + t[mid:]


def _md_escape(t: str) -> str:
    return re.sub(r"([!().\-])", r"\\\1", t)


def _linewrap(t: str) -> str:
    w = t.split(" ")
    k = len(w) // 2
    return " ".join(w[:k]) + "\n" + " ".join(w[k:])


VARIANTS: dict[str, Callable[[str], str]] = {
    "soft-hyphen": lambda t: _inside_longest(t, "\u00ad"),
    "zero-width-space": lambda t: _inside_longest(t, "\u200b"),
    "word-joiner": lambda t: _inside_longest(t, "\u2060"),
    "bom-inside": lambda t: _inside_longest(t, "\ufeff"),
    "nbsp": lambda t: t.replace(" ", "\u00a0"),
    "narrow-nbsp": lambda t: t.replace(" ", "\u202f"),
    "double-space": lambda t: t.replace(" ", "  "),
    "tab-space": lambda t: t.replace(" ", "\t", 2),
    "curly-apostrophe": lambda t: t.replace("'", "\u2019"),
    "word-paste": _word_paste,
    "entity-rsquo": lambda t: t.replace("'", "&rsquo;"),
    "entity-decimal": lambda t: t.replace("'", "&#8217;"),
    "entity-hex": lambda t: t.replace("'", "&#x2019;"),
    "entity-nbsp": lambda t: t.replace(" ", "&nbsp;"),
    "entity-letters": lambda t: "".join(f"&#{ord(c)};" if c in "aeiou" else c for c in t),
    "split-em": _split_em,
    "split-mid-word": _split_mid,
    "markdown-emphasis": _md_emph,
    "markdown-bold-mid-word": _md_bold_mid,
    "markdown-escapes": _md_escape,
    "upper-case": lambda t: t.upper(),
    "title-case": lambda t: t.title(),
    "line-wrapped": _linewrap,
    "ligature-or-fullwidth": _ligature,
    "entity-shy": lambda t: _inside_longest(t, "&shy;"),
    "br-inside": lambda t: t.replace(" ", "<br>", 1) if ": " not in t else t.replace(": ", ":<br>", 1),
    "punctuation-changed": lambda t: t.replace(": ", " - ").replace("'", "").replace(",", " -"),
    "no-punctuation": lambda t: re.sub(r"[^\w\s]", "", t),
    "hyphen-dropped": lambda t: re.sub(r"(\w)-(\w)", r"\1 \2", t),
}


# ------------------------------------------------------------------------------------------------ cases

@dataclass
class Case:
    name: str
    cls: str
    what: str
    apply: Callable[[Edit, Ctx], None]
    blame: Callable[[Ctx], tuple[str, ...]]
    needs: tuple[str, ...] = ()
    control: bool = False
    must_fail: bool = False
    quick: bool = False
    needs_distinct: str | None = None  # a role whose distinctive sentences the case pastes
    hides: tuple[str, ...] = ()  # roles of live items the case takes down (their needles are looked for too)

    def applicable(self, ctx: Ctx) -> bool:
        if not all(r in ctx.items for r in self.needs):
            return False
        return not self.needs_distinct or bool(ctx.sentences(self.needs_distinct, 1))


CASES: list[Case] = []
CLASSES = {"1": "shared wording", "2": "copies outside gated folders", "3": "text variants", "4": "needles",
           "5": "containers", "C": "control"}


def case(name: str, cls: str, what: str, blame, needs=(), **kw):
    """Register `apply` as a case; `blame` is a tuple of paths or a function of ctx."""
    def deco(fn):
        b = blame if callable(blame) else (lambda ctx, _b=tuple(blame) if not isinstance(blame, str) else (blame,): _b)
        CASES.append(Case(name, cls, what, fn, b, tuple(needs), **kw))
        return fn
    return deco


PLAN = "campaign_plan.yaml"
MK = "mkdocs.yml"

# ================================================================================================ 1 shared wording

@case("coming-soon-page", "1", "a new evergreen page docs/coming-soon.md: '# Coming soon: <title>'",
      "docs/coming-soon.md", ["article"], quick=True)
def _(e: Edit, c: Ctx):
    e.write("docs/coming-soon.md", f"# Coming soon: {c.article.title}\n\nWatch this space next month.\n")


@case("evergreen-heading", "1", "a heading on about.md naming a coming blog", "docs/about.md", ["blog"])
def _(e, c):
    e.append("docs/about.md", f"## {c.blog.title}\n\nA colleague's story, coming soon.")


@case("evergreen-h3-next-episode", "1", "help.md: '### Next episode: <episode title>'", "docs/help.md", ["episode"])
def _(e, c):
    e.append("docs/help.md", f"### Next episode: {c.episode.title}\n\nListen on the podcast page when it is out.")


@case("nav-label-new-page", "1", "mkdocs.yml nav entry 'Coming soon: <title>' for a new page", MK, ["article"], quick=True)
def _(e, c):
    e.write("docs/coming-up.md", "# Coming up\n\nWhat the campaign publishes next.\n")
    e.nav_add(f"Coming soon: {c.article.title}", "coming-up.md")


@case("nav-label-renamed", "1", "an existing nav label renamed to include a coming resource's title", MK, ["resource"])
def _(e, c):
    e.nav_rename("Help", f"Help and {c.resource.title}")


@case("live-title-contains", "1", "a new live article titled 'Before <embargoed title>'", PLAN, ["article"], quick=True)
def _(e, c):
    e.new_live_article("getting-ready", f"Before {c.article.title}", "What to read first, while you wait.\n")


@case("live-title-edited", "1", "a live article's title edited to trail the next one", PLAN, ["live_article", "article2"])
def _(e, c):
    e.plan_field(c.live_article.id, "title", f"{c.live_article.title}, and next: {c.article2.title}")


@case("live-event-title", "1", "a live event retitled to name a coming episode", PLAN, ["live_event", "episode"])
def _(e, c):
    e.plan_field(c.live_event.id, "title", f"Preview of {c.episode.title}")


@case("front-matter-title", "1", "a new page whose front-matter title is a coming blog's title", "docs/notes/story.md", ["blog"])
def _(e, c):
    e.write("docs/notes/story.md", f"---\ntitle: {json.dumps(c.blog.title)}\n---\n\nA colleague tells their story.\n")


@case("bold-mention", "1", "about.md paragraph: '**Coming soon:** <sign title>'", "docs/about.md", ["sign"])
def _(e, c):
    e.append("docs/about.md", f"**Coming soon:** {c.sign.title}, the next object in the gallery.")


@case("texts-heading", "1", "texts.more_heading (a generated page's heading) in the plan names the next article", PLAN, ["article"])
def _(e, c):
    e.plan_text("more_heading", f"Signs, training and {c.article.title}")


@case("theme-summary", "1", "a theme summary in the plan names a coming resource", PLAN, ["resource"])
def _(e, c):
    text = e.read(PLAN)
    e.write(PLAN, text.replace('    summary: "Children who go missing',
                               f'    summary: "Read {c.resource.title} soon. Children who go missing', 1))


@case("role-description", "1", "a role description in the plan names a coming episode", PLAN, ["episode"])
def _(e, c):
    text = e.read(PLAN)
    e.write(PLAN, text.replace('    description: "Investigators,', f'    description: "Listen to {c.episode.title}. Investigators,', 1))


@case("live-summary-mentions", "1", "a live article's summary: 'Read this before <title>'", PLAN, ["live_article", "article"])
def _(e, c):
    e.plan_field(c.live_article.id, "summary", f"Read this before {c.article.title}.")


@case("live-sign-meaning", "1", "a live sign's meaning names a coming blog", PLAN, ["live_sign", "blog"])
def _(e, c):
    e.plan_field(c.live_sign.id, "meaning", f"{c.live_sign.get('meaning')} See also {c.blog.title}.")


@case("champion-about", "1", "data/champions.yaml: a champion's 'about' names the blog they are writing",
      "data/champions.yaml", ["blog"])
def _(e, c):
    text = e.read("data/champions.yaml")
    e.write("data/champions.yaml", re.sub(r'(    about: ")', lambda m: m.group(1) + f"Writing {c.blog.title}. ", text, count=1))


@case("site-description", "1", "mkdocs.yml site_description trails the next article", MK, ["article"])
def _(e, c):
    text = e.read(MK)
    e.write(MK, re.sub(r"^site_description: .*$", f"site_description: {json.dumps('This month: ' + c.article.title)}",
                       text, count=1, flags=re.M))


@case("admonition-title", "1", "help.md: !!! note \"Coming soon: <title>\"", "docs/help.md", ["article"])
def _(e, c):
    e.append("docs/help.md", f'!!! note "Coming soon: {c.article.title}"\n\n    Look out for it on the home page.')


@case("table-of-upcoming", "1", "about.md: a Markdown table of what comes next (titles and dates)", "docs/about.md",
      ["article", "blog", "episode"])
def _(e, c):
    rows = "".join(f"| {i.title} | {i.entry['release'][:10]} |\n" for i in (c.article, c.blog, c.episode))
    e.append("docs/about.md", "## Coming up\n\n| What | When |\n|---|---|\n" + rows)


@case("link-title-attribute", "1", "a link's title attribute (tooltip) holds a coming title", "docs/help.md", ["blog"])
def _(e, c):
    e.append("docs/help.md", f'See [what is new](whats-new.md "Next: {c.blog.title}") each week.')


@case("expired-title-mention", "1", "about.md still mentions an item that has been taken down", "docs/about.md", ["expired"])
def _(e, c):
    e.append("docs/about.md", f"Missed it? {c.expired.title} was a highlight of the season.")


@case("feedback-prompt", "1", "mkdocs.yml extra.feedback.prompt (on every page) trails the next article", MK, ["article"])
def _(e, c):
    text = e.read(MK)
    e.write(MK, text.replace('    prompt: "Tell us:"', f'    prompt: {json.dumps("Before " + c.article.title + ", tell us:")}', 1))


@case("copyright-line", "1", "mkdocs.yml copyright line names the next episode", MK, ["episode"])
def _(e, c):
    text = e.read(MK)
    e.write(MK, re.sub(r"^copyright: .*$", f"copyright: {json.dumps('Coming soon: ' + c.episode.title)}", text, count=1, flags=re.M))


@case("footer-template", "1", "the footer template (overrides/partials/copyright.html) edited to trail a blog",
      "overrides/partials/copyright.html", ["blog"])
def _(e, c):
    e.append("overrides/partials/copyright.html", f"<p>Coming soon: {html.escape(c.blog.title)}</p>")


# ================================================================================================ 2 copies

def _src(c: Ctx, role: str) -> str:
    return c.items[role].source


@case("copy-to-drafts", "2", "a byte copy of an embargoed article at docs/drafts/<same name>.md",
      lambda c: (f"docs/drafts/{c.article.stem}.md",), ["article"], quick=True)
def _(e, c):
    e.copy(c.article.source, f"docs/drafts/{c.article.stem}.md")


@case("copy-to-notes-renamed", "2", "a copy of an embargoed blog renamed docs/notes/next-week.md", "docs/notes/next-week.md", ["blog"])
def _(e, c):
    e.copy(c.blog.source, "docs/notes/next-week.md")


@case("copy-with-title-heading", "2", "a copy under docs/drafts/ with '# <title>' added on top", "docs/drafts/preview.md", ["article"])
def _(e, c):
    e.write("docs/drafts/preview.md", f"# {c.article.title}\n\n" + e.read(c.article.source))


@case("copy-edited", "2", "a copy with its first paragraph cut and a DRAFT line added (bytes differ)",
      lambda c: (f"docs/drafts/{c.article.stem}-draft.md",), ["article"], quick=False)
def _(e, c):
    body = e.read(c.article.source).split("\n\n", 1)[-1]
    e.write(f"docs/drafts/{c.article.stem}-draft.md", "DRAFT - not for sharing yet.\n\n" + body)


@case("copy-as-txt-download", "2", "the article saved as a .txt download under docs/downloads/",
      lambda c: (f"docs/downloads/{c.article.stem}.txt",), ["article"])
def _(e, c):
    e.copy(c.article.source, f"docs/downloads/{c.article.stem}.txt")


@case("copy-as-html-download", "2", "the article exported to HTML under docs/downloads/",
      lambda c: (f"docs/downloads/{c.article.stem}.html",), ["article"])
def _(e, c):
    import markdown
    e.write(f"docs/downloads/{c.article.stem}.html", f"<!doctype html><title>{html.escape(c.article.title)}</title>\n"
            + markdown.markdown(e.read(c.article.source)))


@case("copy-crlf", "2", "a copy saved with Windows line ends (CRLF)", lambda c: (f"docs/drafts/{c.blog.stem}.md",), ["blog"])
def _(e, c):
    e.write(f"docs/drafts/{c.blog.stem}.md", e.read(c.blog.source).replace("\n", "\r\n").encode("utf-8"))


@case("copy-front-matter-added", "2", "a copy with front matter added (title: Draft)", "docs/notes/draft.md", ["resource"])
def _(e, c):
    e.write("docs/notes/draft.md", "---\ntitle: Draft\n---\n\n" + e.read(c.resource.source))


@case("copy-resource-to-root", "2", "a resource copied next to the evergreen pages as a 'printable' page",
      lambda c: (f"docs/{c.resource.stem}-printable.md",), ["resource"])
def _(e, c):
    e.copy(c.resource.source, f"docs/{c.resource.stem}-printable.md")


@case("copy-in-gated-folder", "2", "a second version of a blog beside it in docs/blog/ (no plan entry)",
      lambda c: (f"docs/blog/{c.blog.stem}-v2.md",), ["blog"], quick=True)
def _(e, c):
    e.copy(c.blog.source, f"docs/blog/{c.blog.stem}-v2.md")


@case("backup-tilde-in-gated-folder", "2", "an editor's backup file <name>.md~ left in docs/articles/",
      lambda c: (f"docs/articles/{c.article.stem}.md~",), ["article"])
def _(e, c):
    e.copy(c.article.source, f"docs/articles/{c.article.stem}.md~")


@case("windows-copy-name", "2", "Explorer's 'name - Copy.md' left in docs/articles/",
      lambda c: (f"docs/articles/{c.article.stem} - Copy.md",), ["article"])
def _(e, c):
    e.copy(c.article.source, f"docs/articles/{c.article.stem} - Copy.md")


@case("hidden-swap-file", "2", "a Vim swap copy .<name>.md.swp in docs/articles/ (MkDocs skips dot files)",
      lambda c: (f"docs/articles/.{c.article.stem}.md.swp",), ["article"])
def _(e, c):
    e.copy(c.article.source, f"docs/articles/.{c.article.stem}.md.swp")


@case("symlink-file-relative", "2", "docs/notes/<name>.md as a relative symlink to the gated article",
      lambda c: (f"docs/notes/{c.article.stem}.md",), ["article"], quick=True)
def _(e, c):
    e.symlink(f"docs/notes/{c.article.stem}.md", f"../articles/{c.article.stem}.md")


@case("symlink-file-absolute", "2", "an absolute symlink to the gated blog", "docs/notes/blog.md", ["blog"])
def _(e, c):
    e.symlink("docs/notes/blog.md", str(e.p(c.blog.source)))


@case("symlink-folder", "2", "docs/library as a symlink to docs/articles", "docs/library", ["article"])
def _(e, c):
    e.symlink("docs/library", "articles")


@case("symlink-podcast-folder", "2", "docs/audio as a symlink to the gated podcast/ folder", "docs/audio", ["episode"])
def _(e, c):
    e.symlink("docs/audio", "../podcast")


@case("symlink-media", "2", "docs/media/episode.mp3 as a symlink to an embargoed episode's audio", "docs/media/episode.mp3", ["episode"])
def _(e, c):
    e.symlink("docs/media/episode.mp3", "../../" + c.episode.get("audio"))


@case("symlink-sign", "2", "docs/images/next-sign.svg as a symlink to an embargoed sign", "docs/images/next-sign.svg", ["sign"])
def _(e, c):
    e.symlink("docs/images/next-sign.svg", "../" + c.sign.get("image")[len("docs/"):])


@case("hardlink", "2", "docs/notes/<name>.md as a hard link to the gated article (not a symlink: a byte copy)",
      lambda c: (f"docs/notes/{c.article.stem}.md",), ["article"])
def _(e, c):
    e.p("docs/notes").mkdir(parents=True, exist_ok=True)
    os.link(e.p(c.article.source), e.p(f"docs/notes/{c.article.stem}.md"))


@case("snippets-include", "2", "pymdownx.snippets enabled and about.md includes the gated article", "docs/about.md",
      ["article"], quick=True)
def _(e, c):
    e.extension("  - pymdownx.snippets")
    e.append("docs/about.md", f'--8<-- "{c.article.source}"')


@case("snippets-base-path", "2", "snippets with base_path: [docs], help.md includes 'articles/<name>.md'", "docs/help.md", ["article"])
def _(e, c):
    e.extension("  - pymdownx.snippets:\n      base_path: [docs]")
    e.append("docs/help.md", f'--8<-- "{c.article.source[len("docs/"):]}"')


@case("snippets-auto-append", "2", "snippets auto_append of a gated blog (every page)", (MK,), ["blog"])
def _(e, c):
    e.extension(f"  - pymdownx.snippets:\n      auto_append: [{c.blog.source}]")


@case("snippets-line-range", "2", "a snippet of lines 3-5 of the gated article", "docs/about.md", ["article"])
def _(e, c):
    e.extension("  - pymdownx.snippets")
    e.append("docs/about.md", f'--8<-- "{c.article.source}:3:5"')


@case("snippets-block-form", "2", "the block form of a snippet include of a gated resource", "docs/help.md", ["resource"])
def _(e, c):
    e.extension("  - pymdownx.snippets")
    e.append("docs/help.md", f"--8<--\n{c.resource.source}\n--8<--")


@case("snippets-transcript", "2", "a snippet include of an embargoed episode's transcript", "docs/podcast/subscribe.md", ["episode"])
def _(e, c):
    e.extension("  - pymdownx.snippets")
    e.append("docs/podcast/subscribe.md", f'--8<-- "{c.episode.get("transcript")}"')


@case("sign-svg-copy", "2", "an embargoed sign's SVG copied into docs/images/ (same name)",
      lambda c: ("docs/images/" + Path(c.sign.get("image")).name,), ["sign"], quick=True)
def _(e, c):
    e.copy(c.sign.get("image"), "docs/images/" + Path(c.sign.get("image")).name)


@case("sign-svg-renamed", "2", "the sign's SVG copied as docs/images/object-12.svg", "docs/images/object-12.svg", ["sign"])
def _(e, c):
    e.copy(c.sign.get("image"), "docs/images/object-12.svg")


@case("sign-svg-newline", "2", "the sign's SVG copied and saved again by an editor (a final newline added)",
      "docs/images/object-13.svg", ["sign"])
def _(e, c):
    e.write("docs/images/object-13.svg", e.p(c.sign.get("image")).read_bytes().rstrip(b"\n") + b"\n\n")


@case("sign-svg-inline", "2", "the sign's SVG markup pasted inline into about.md", "docs/about.md", ["sign"])
def _(e, c):
    e.append("docs/about.md", "The next object:\n\n" + e.read(c.sign.get("image")).strip())


@case("transcript-copy", "2", "an embargoed transcript copied to docs/podcast/", lambda c: ("docs/podcast/" + Path(c.episode.get("transcript")).name,),
      ["episode"], quick=False)
def _(e, c):
    e.copy(c.episode.get("transcript"), "docs/podcast/" + Path(c.episode.get("transcript")).name)


@case("transcript-as-page", "2", "the transcript's cues pasted into a new page docs/podcast/next-transcript.md",
      "docs/podcast/next-transcript.md", ["episode"])
def _(e, c):
    cues = _vtt_cues(e.read(c.episode.get("transcript")))
    e.write("docs/podcast/next-transcript.md", "# Transcript\n\n" + "\n\n".join(cues) + "\n")


@case("mp3-copy", "2", "an embargoed episode's MP3 copied to docs/media/ (same name)",
      lambda c: ("docs/media/" + Path(c.episode.get("audio")).name,), ["episode"])
def _(e, c):
    e.copy(c.episode.get("audio"), "docs/media/" + Path(c.episode.get("audio")).name)


@case("mp3-tags-stripped", "2", "the MP3 copied with its ID3 tags stripped", "docs/media/episode-preview.mp3", ["episode"], quick=True)
def _(e, c):
    e.write("docs/media/episode-preview.mp3", F.id3_strip(e.p(c.episode.get("audio")).read_bytes()))


@case("mp3-retagged", "2", "the MP3 copied and retagged 'Preview' (new tags, same audio)", "docs/media/preview.mp3", ["episode"])
def _(e, c):
    e.write("docs/media/preview.mp3", F.id3_tag(e.p(c.episode.get("audio")).read_bytes(), "Preview"))


@case("episode-notes-pasted", "2", "an embargoed episode's show notes pasted into a new page", "docs/podcast/next.md", ["episode"])
def _(e, c):
    e.write("docs/podcast/next.md", "# Next time on the podcast\n\n" + str(c.episode.get("notes") or c.episode.summary) + "\n")


@case("survey-data-copy", "2", "the follow-up survey data file copied to docs/downloads/", "docs/downloads/survey.yaml", ["survey"])
def _(e, c):
    e.copy(c.survey.get("data"), "docs/downloads/survey.yaml")


@case("sign-wording-page", "2", "an embargoed sign's alt text, meaning and what-to-do on a new page", "docs/notes/next-sign.md", ["sign"])
def _(e, c):
    s = c.sign
    e.write("docs/notes/next-sign.md", f"# The next object\n\n{s.get('alt')}\n\n{s.get('meaning')}\n\n{s.get('what_to_do')}\n")


@case("copy-expired", "2", "a copy of an item after its take-down, kept under docs/archive/", "docs/archive/kept.md", ["expired"])
def _(e, c):
    x = c.expired
    body = e.read(x.source) if x.source and x.source.endswith(".md") else \
        f"# {x.title}\n\n{x.summary}\n\n{x.get('place', '')}\n"
    e.write("docs/archive/kept.md", body)


@case("transcript-as-srt", "2", "the transcript converted to SubRip (.srt) for a video, under docs/downloads/",
      "docs/downloads/episode.srt", ["episode"])
def _(e, c):
    cues = _vtt_cues(e.read(c.episode.get("transcript")))
    e.write("docs/downloads/episode.srt", "".join(f"{i}\n00:00:{i:02d},000 --> 00:00:{i + 1:02d},000\n{q}\n\n"
                                                  for i, q in enumerate(cues, 1)))


@case("sign-svg-data-uri", "2", "the sign pasted into a page as a data: URI (what some editors do with a pasted image)",
      "docs/about.md", ["sign"])
def _(e, c):
    import base64
    data = base64.b64encode(e.p(c.sign.get("image")).read_bytes()).decode()
    e.append("docs/about.md", f'<img alt="The next object" src="data:image/svg+xml;base64,{data}">')


@case("preview-pack-in-docs", "2", "make preview-pack for the article's release day, written under docs/downloads/ to share",
      "docs/downloads/preview.zip", ["article"])
def _(e, c):
    from slip_run import make
    r = make(e.root, "preview-pack", c.now, f"DATE={c.article.entry['release']}", "OUT=docs/downloads/preview.zip", timeout=300)
    if r.returncode or not e.p("docs/downloads/preview.zip").is_file():
        raise RuntimeError(f"make preview-pack failed ({r.returncode}): {r.stderr[-500:]}")


# ================================================================================================ 3 text variants

ROLE_WORDS = {"article": "the first article not live yet", "article2": "the second article not live yet",
              "blog": "the first blog not live yet", "resource": "the first resource not live yet",
              "episode": "the first episode not live yet", "sign": "the first sign not live yet",
              "apostrophe": "the first non-live item whose title has an apostrophe",
              "apostrophe_summary": "the first non-live item whose summary has an apostrophe",
              "hyphen": "the first non-live item whose title has a hyphen",
              "colon": "the first non-live item whose title has a colon"}
PLACE_WORDS = {"body": "a new evergreen page's paragraph (docs/notes/next.md)", "heading": "a heading on about.md",
               "description": "help.md's front-matter description (the page's <head>)", "nav": "a nav label in mkdocs.yml",
               "event-summary": "a live event's summary in the plan", "live-summary": "a live article's summary in the plan",
               "alt": "an image's alt text on about.md", "link-text": "a link's text on help.md",
               "table": "a table cell on about.md", "admonition": "an admonition on help.md"}


def _variant_case(variant: str, place: str, role: str = "article", quick: bool = False, text_of: str = "title"):
    fn = VARIANTS[variant]
    needs = [role]
    blames = {"body": "docs/notes/next.md", "heading": "docs/about.md", "description": "docs/help.md", "nav": MK,
              "event-summary": PLAN, "live-summary": PLAN, "alt": "docs/about.md", "link-text": "docs/help.md",
              "table": "docs/about.md", "admonition": "docs/help.md"}
    if place == "event-summary":
        needs.append("live_event")
    if place == "live-summary":
        needs.append("live_article")

    def text(c: Ctx) -> str:
        it = c.items[role]
        return it.title if text_of == "title" else it.summary if text_of == "summary" else c.sentences(role, 1)[0]

    def apply(e: Edit, c: Ctx) -> None:
        t = fn(text(c))
        if place == "body":
            e.write("docs/notes/next.md", f"# Next month\n\nComing soon: {t}.\n")
        elif place == "heading":
            e.append("docs/about.md", f"## {t}\n\nMore soon.")
        elif place == "description":
            e.front_matter("docs/help.md", {"description": f"Help, and coming soon: {t}"})
        elif place == "nav":
            e.write("docs/coming-up.md", "# Coming up\n\nWhat the campaign publishes next.\n")
            e.nav_add(f"Soon: {t}", "coming-up.md")
        elif place == "event-summary":
            e.plan_field(c.live_event.id, "summary", f"{c.live_event.summary} Followed by: {t}.")
        elif place == "live-summary":
            e.plan_field(c.live_article.id, "summary", f"Before {t}, read this.")
        elif place == "alt":
            e.append("docs/about.md", f"![{t}](images/logo.svg)")
        elif place == "link-text":
            e.append("docs/help.md", f"Read [{t}](what-to-do.md) when it is out.")
        elif place == "table":
            e.append("docs/about.md", f"| Next | When |\n|---|---|\n| {t} | soon |")
        elif place == "admonition":
            e.append("docs/help.md", f'!!! tip "Soon"\n\n    {t}')

    name = f"{variant}-in-{place}" + ("" if text_of == "title" else f"-{text_of}")
    what = (f"the {text_of} of {ROLE_WORDS[role]}, written with {variant.replace('-', ' ')}, "
            f"in {PLACE_WORDS[place]}")
    CASES.append(Case(name, "3", what, apply, lambda c, b=blames[place]: (b,), tuple(needs), quick=quick,
                      needs_distinct=role if text_of == "sentence" else None))


for _v, _q in (("soft-hyphen", True), ("zero-width-space", False), ("word-joiner", False), ("bom-inside", False),
               ("nbsp", True), ("narrow-nbsp", False), ("double-space", False), ("tab-space", False),
               ("entity-nbsp", False), ("entity-letters", False), ("split-em", True), ("split-mid-word", False),
               ("markdown-emphasis", False), ("markdown-bold-mid-word", False), ("markdown-escapes", False),
               ("upper-case", False), ("title-case", False), ("line-wrapped", False), ("ligature-or-fullwidth", False)):
    _variant_case(_v, "body", quick=_q)
for _v, _q in (("curly-apostrophe", True), ("word-paste", False), ("entity-rsquo", False), ("entity-decimal", False),
               ("entity-hex", False)):
    _variant_case(_v, "body", role="apostrophe", quick=_q)
for _v in ("entity-shy", "br-inside", "punctuation-changed", "no-punctuation"):
    _variant_case(_v, "body")
_variant_case("hyphen-dropped", "body", role="hyphen", quick=True)
_variant_case("punctuation-changed", "heading", role="colon")
_variant_case("no-punctuation", "nav")
_variant_case("hyphen-dropped", "event-summary", role="hyphen")
_variant_case("soft-hyphen", "heading")
_variant_case("curly-apostrophe", "heading", role="apostrophe")
_variant_case("split-em", "heading")
_variant_case("nbsp", "description", quick=True)
_variant_case("double-space", "description")
_variant_case("soft-hyphen", "description")
_variant_case("curly-apostrophe", "description", role="apostrophe")
_variant_case("entity-rsquo", "description", role="apostrophe")
_variant_case("soft-hyphen", "nav", quick=True)
_variant_case("nbsp", "nav")
_variant_case("curly-apostrophe", "nav", role="apostrophe")
_variant_case("nbsp", "event-summary", quick=True)
_variant_case("double-space", "event-summary")
_variant_case("zero-width-space", "event-summary")
_variant_case("curly-apostrophe", "event-summary", role="apostrophe")
_variant_case("soft-hyphen", "live-summary")
_variant_case("upper-case", "live-summary")
_variant_case("zero-width-space", "alt")
_variant_case("curly-apostrophe", "link-text", role="apostrophe")
_variant_case("nbsp", "table")
_variant_case("soft-hyphen", "admonition")
_variant_case("soft-hyphen", "body", text_of="sentence")
_variant_case("nbsp", "body", text_of="sentence")
_variant_case("line-wrapped", "body", text_of="sentence")
_variant_case("word-paste", "body", text_of="sentence")
_variant_case("double-space", "description", text_of="summary")
_variant_case("curly-apostrophe", "body", role="apostrophe_summary", text_of="summary")


# ================================================================================================ 4 needles

@case("html-comment-id", "4", "about.md: <!-- TODO link to <id> -->", "docs/about.md", ["article"], quick=True)
def _(e, c):
    e.append("docs/about.md", f"<!-- TODO link to {c.article.id} when it is out -->")


@case("html-comment-title", "4", "help.md: <!-- next week: <title> -->", "docs/help.md", ["blog"])
def _(e, c):
    e.append("docs/help.md", f"<!-- next week: {c.blog.title} -->")


@case("raw-href-no-slash", "4", "a raw <a href> to the page without the trailing slash", "docs/about.md", ["article"], quick=True)
def _(e, c):
    e.append("docs/about.md", f'<a href="../{c.article.url.rstrip("/")}">More next month</a>')


@case("raw-href-index-html", "4", "a raw <a href> to .../index.html", "docs/help.md", ["resource"])
def _(e, c):
    e.append("docs/help.md", f'<a href="../{c.resource.url}index.html">The guide</a>')


@case("markdown-link-url-form", "4", "a Markdown link to the page's URL (not its .md file)", "docs/help.md", ["blog"])
def _(e, c):
    e.append("docs/help.md", f"[Read the next story](../{c.blog.url})")


@case("url-as-text", "4", "the page's URL typed as text, without the slash", "docs/about.md", ["article"], quick=True)
def _(e, c):
    e.append("docs/about.md", f"Next month: {c.article.url.rstrip('/')} on this site.")


@case("full-url-text", "4", "the page's full URL (site_url) typed in", "docs/help.md", ["resource"])
def _(e, c):
    e.append("docs/help.md", f"Bookmark {SITE_URL}{c.resource.url} for later.")


@case("preview-url", "4", "a link copied from make preview's address bar", "docs/help.md", ["blog"], quick=False)
def _(e, c):
    e.append("docs/help.md", f"[preview]({PREVIEW_URL}{c.blog.url})")


@case("percent-encoded-url", "4", "a link whose path Outlook %-encoded", "docs/about.md", ["article"])
def _(e, c):
    enc = c.article.url.replace("-", "%2D")
    e.append("docs/about.md", f'<a href="../{enc}">next</a>')


@case("id-in-live-event-place", "4", "a live event's place mentions the embargoed item's id", PLAN, ["live_event", "article"], quick=True)
def _(e, c):
    e.plan_field(c.live_event.id, "place", f"Room 4 (booked for {c.article.id})")


@case("pasted-summary-live-page", "4", "the embargoed article's summary pasted into a live article", lambda c: (c.live_article.source,),
      ["live_article", "article"], quick=True)
def _(e, c):
    e.append(c.live_article.source, c.article.summary)


@case("pasted-summary-description", "4", "the embargoed blog's summary as an evergreen page's description", "docs/help.md", ["blog"])
def _(e, c):
    e.front_matter("docs/help.md", {"description": c.blog.summary})


@case("pasted-sentences-evergreen", "4", "two sentences of the embargoed article's body pasted into about.md", "docs/about.md",
      ["article"], quick=True, needs_distinct="article")
def _(e, c):
    e.append("docs/about.md", " ".join(s + "." for s in c.sentences("article", 2)))


@case("pasted-sentence-live-blog", "4", "one sentence of an embargoed blog pasted into a live blog", lambda c: (c.live_blog.source,),
      ["live_blog", "blog"], needs_distinct="blog")
def _(e, c):
    e.append(c.live_blog.source, c.sentences("blog", 1)[0] + ".")


@case("pasted-sentence-resource", "4", "one sentence of an embargoed resource pasted into help.md", "docs/help.md",
      ["resource"], needs_distinct="resource")
def _(e, c):
    e.append("docs/help.md", "As the guide says: " + c.sentences("resource", 1)[0] + ".")


@case("file-stem-typed", "4", "the embargoed source file's path typed in help.md", "docs/help.md", ["article"])
def _(e, c):
    e.append("docs/help.md", f"Draft kept in `{c.article.source}` for now.")


@case("slug-form-title", "4", "the slug form of the embargoed title as a tag", "docs/about.md", ["article2"], quick=True)
def _(e, c):
    e.append("docs/about.md", f"Tags: campaign, #{slugify(c.article2.title)}")


@case("id-as-anchor", "4", "a heading given the embargoed id as its anchor ({ #id })", "docs/help.md", ["blog"])
def _(e, c):
    e.append("docs/help.md", f"## Next steps {{ #{c.blog.id} }}\n\nMore soon.")


@case("id-in-abbr-title", "4", "an <abbr title=\"<id>\">", "docs/about.md", ["resource"])
def _(e, c):
    e.append("docs/about.md", f'<abbr title="{c.resource.id}">Guide</abbr> is coming.')


@case("transcript-quote", "4", "a live blog quotes a cue of an embargoed episode's transcript", lambda c: (c.live_blog.source,),
      ["live_blog", "episode"])
def _(e, c):
    cue = max(_vtt_cues(e.read(c.episode.get("transcript"))), key=word_count)
    e.append(c.live_blog.source, f"> {cue}")


@case("sign-meaning-pasted", "4", "an embargoed sign's meaning pasted into about.md", "docs/about.md", ["sign"], quick=True)
def _(e, c):
    e.append("docs/about.md", str(c.sign.get("meaning")))


@case("sign-alt-as-image-alt", "4", "an image with the embargoed sign's alt text", "docs/about.md", ["sign"])
def _(e, c):
    e.append("docs/about.md", f"![{c.sign.get('alt')}](images/motif.svg)")


@case("event-place-text", "4", "an embargoed event's place in help.md ('Venue: ...')", "docs/help.md", ["event"])
def _(e, c):
    e.append("docs/help.md", f"Venue for the next session: {c.event.get('place')}")


@case("event-booking-url", "4", "an embargoed event's booking text/URL in about.md", "docs/about.md", ["event"])
def _(e, c):
    e.append("docs/about.md", f"Booking: {c.event.get('booking')}")


@case("event-title-on-page", "4", "an embargoed event's title on the evergreen help page", "docs/help.md", ["event"])
def _(e, c):
    e.append("docs/help.md", f"Coming up: {c.event.title}.")


@case("survey-label-text", "4", "the follow-up survey wave's label on about.md", "docs/about.md", ["survey"])
def _(e, c):
    import yaml
    data = yaml.safe_load(e.read(c.survey.get("data")))
    e.append("docs/about.md", f"Look out for the {data.get('label')}.")


@case("audio-element-url", "4", "an <audio> element pointing at an embargoed episode's MP3", "docs/about.md", ["episode"], quick=True)
def _(e, c):
    e.append("docs/about.md", f'<audio controls src="../{c.episode.get("audio")}"></audio>')


@case("image-of-gated-sign", "4", "a Markdown image of an embargoed sign (signs/<file>.svg)", "docs/about.md", ["sign"])
def _(e, c):
    e.append("docs/about.md", f"![The next object]({c.sign.get('image')[len('docs/'):]})")


@case("link-text-is-title", "4", "a live page links to the embargoed page with its title as link text",
      lambda c: (c.live_article.source,), ["live_article", "article"], quick=True)
def _(e, c):
    rel = os.path.relpath(e.p(c.article.source), e.p(c.live_article.source).parent)
    e.append(c.live_article.source, f"Next: [{c.article.title}]({rel}).")


@case("reference-link", "4", "a reference-style link whose definition is the embargoed URL", "docs/help.md", ["article"])
def _(e, c):
    e.append("docs/help.md", f"Read [the next article][next].\n\n[next]: ../{c.article.url}")


@case("nav-url-entry", "4", "a nav entry pointing at the embargoed page's URL", MK, ["article"], quick=False)
def _(e, c):
    e.nav_add("Next article", f"/campaigns/spot-it/{c.article.url}")


@case("nav-md-entry-neutral", "4", "a nav entry to the embargoed .md file with a neutral label", MK, ["blog"])
def _(e, c):
    e.nav_add("Next story", c.blog.source[len("docs/"):])


@case("guest-name", "4", "an embargoed episode's guest line on about.md", "docs/about.md", ["episode"])
def _(e, c):
    e.append("docs/about.md", f"Our next guest: {(c.episode.get('guests') or [c.episode.title])[0]}.")


@case("id-in-live-episode-summary", "4", "a live episode's summary in the plan names the next episode's id", PLAN, ["live_episode", "episode"])
def _(e, c):
    e.plan_field(c.live_episode.id, "summary", f"{c.live_episode.summary} Next: {c.episode.id}.")


@case("champion-about-url", "4", "a champion's 'about' in data/champions.yaml gives the embargoed URL", "data/champions.yaml", ["article"])
def _(e, c):
    text = e.read("data/champions.yaml")
    e.write("data/champions.yaml", re.sub(r'(    about: ")', lambda m: m.group(1) + f"See /{c.article.url} soon. ", text, count=1))


@case("expired-id-text", "4", "a page still names an item's id after its take-down", "docs/help.md", ["expired"])
def _(e, c):
    e.append("docs/help.md", f"Still available: {c.expired.id}.")


@case("subtitle-only", "4", "the part of the title after its colon (6+ words), without the rest", "docs/about.md", ["colon"])
def _(e, c):
    e.append("docs/about.md", f"Next month: {c.colon.title.split(': ', 1)[1]}.")


@case("robots-disallow", "4", "docs/robots.txt written to keep crawlers off the coming page", "docs/robots.txt", ["article"])
def _(e, c):
    e.write("docs/robots.txt", f"User-agent: *\nDisallow: /campaigns/spot-it/{c.article.url}\n")


@case("image-named-after-id", "4", "a banner prepared for the coming article, named after its id", lambda c: (f"docs/images/{c.article.id}-banner.svg",),
      ["article"], quick=True)
def _(e, c):
    e.write(f"docs/images/{c.article.id}-banner.svg", F.svg_with_title("Banner"))


@case("folder-named-after-id", "4", "a notes folder named after the coming blog's id", lambda c: (f"docs/drafts/{c.blog.id}",), ["blog"])
def _(e, c):
    e.write(f"docs/drafts/{c.blog.id}/notes.md", "# Notes\n\nPhotos to follow.\n")


@case("data-attribute", "4", "an HTML data- attribute holding the coming title", "docs/help.md", ["article"])
def _(e, c):
    e.append("docs/help.md", f'<div class="next" data-next="{html.escape(c.article.title)}"></div>')


@case("countdown-script", "4", "a countdown script whose string names the coming episode", "docs/about.md", ["episode"], quick=False)
def _(e, c):
    e.append("docs/about.md", f"<script>var nextUp = {json.dumps(c.episode.title)}; var when = \"{c.episode.entry['release']}\";</script>")


@case("css-content", "4", "docs/stylesheets/campaign.css: a ::after content naming the coming blog", "docs/stylesheets/campaign.css", ["blog"])
def _(e, c):
    e.append("docs/stylesheets/campaign.css", f".next-up::after {{ content: {json.dumps(c.blog.title)}; }}")


@case("hidden-div", "4", "a block hidden until release day (<div hidden>) with the coming title", "docs/help.md", ["article"], quick=True)
def _(e, c):
    e.append("docs/help.md", f"<div hidden>Coming soon: {html.escape(c.article.title)}</div>")


@case("markdown-comment-hack", "4", "a '[//]: # (...)' Markdown comment naming the coming title (never rendered)", "docs/help.md", ["blog"])
def _(e, c):
    e.append("docs/help.md", f"[//]: # (Next week: {c.blog.title})")


@case("search-link-with-title", "4", "a link to search for the coming title (?q= %-encoded)", "docs/help.md", ["article"])
def _(e, c):
    from urllib.parse import quote
    e.append("docs/help.md", f"[Search for it](./?q={quote(c.article.title)})")


@case("url-shortcut-file", "4", "a Windows .url shortcut to the coming page under docs/downloads/", "docs/downloads/next.url", ["article"])
def _(e, c):
    e.write("docs/downloads/next.url", f"[InternetShortcut]\r\nURL={SITE_URL}{c.article.url}\r\n")


# ================================================================================================ 5 containers

def _runs(text: str, n: int = 2) -> list[str]:
    """Text cut into n runs at word starts, each run keeping its spaces (as Word and PowerPoint store it)."""
    parts = re.split(r"(?<= )", text)
    k = max(1, len(parts) // n)
    return ["".join(parts[i:i + k]) for i in range(0, len(parts), k)]


def _pack(c: Ctx, role: str = "article") -> str:
    it = c.items[role]
    lines = [it.title, it.summary] + c.sentences(role, 1)
    return "\n".join(lines) + "\n"


DL = "docs/downloads/"


def _dl(name: str, make: Callable[[Ctx, Edit], bytes | None], what: str, needs=("article",), quick=False, must_fail=False,
        needs_distinct=None):
    def apply(e: Edit, c: Ctx) -> None:
        data = make(c, e)
        assert data is not None, f"cannot make {name}"
        e.write(DL + name, data)
    CASES.append(Case(f"download-{name.replace('.', '-')}", "5", what, apply, lambda c, n=name: (DL + n,), tuple(needs),
                      quick=quick, must_fail=must_fail, needs_distinct=needs_distinct))


_dl("briefing.zip", lambda c, e: F.zip_bytes({"briefing.txt": _pack(c)}), "a zip of a text briefing (title, summary, a sentence)", quick=True)
_dl("pack.zip", lambda c, e: F.zip_bytes({"inner.zip": F.zip_bytes({"notes/next.txt": _pack(c, "blog")})}),
    "a zip inside a zip", ("blog",), quick=False)
_dl("draft-md.zip", lambda c, e: F.zip_bytes({c.article.stem + ".md": e.p(c.article.source).read_bytes()}),
    "a zip of the embargoed Markdown file itself (gated bytes inside a container)")
_dl("lzma.zip", lambda c, e: F.zip_bytes({"next.txt": _pack(c)}, compression=zipfile.ZIP_LZMA),
    "a zip whose member is LZMA-compressed (7-Zip's zip option)")
_dl("bzip2.zip", lambda c, e: F.zip_bytes({"next.txt": _pack(c, "blog")}, compression=zipfile.ZIP_BZIP2),
    "a zip whose member is bzip2-compressed", ("blog",))
_dl("draft.docx", lambda c, e: F.docx([_runs(c.article.title), [c.article.summary]] + [[s] for s in c.sentences("article", 1)]),
    "a Word document of the draft, the title split across runs", quick=True)
_dl("props.docx", lambda c, e: F.docx([["Draft for sign-off"]], title=c.blog.title), "a Word document whose only leak is its metadata title",
    ("blog",))
_dl("header.docx", lambda c, e: F.docx([["Draft for sign-off"]], header=[c.resource.title]), "a Word document with the title in its page header",
    ("resource",))
_dl("calendar.xlsx", lambda c, e: F.xlsx([["Title", "Release"]] + [[c.items[r].title, c.items[r].entry["release"]] for r in ("article", "blog", "episode") if r in c.items]),
    "an Excel content calendar (shared strings) of coming titles and dates", quick=True)
_dl("inline.xlsx", lambda c, e: F.xlsx([["Next"], [c.article.title]], shared=False), "an Excel sheet with inline strings")
_dl("briefing.pptx", lambda c, e: F.pptx([["Coming up"], _runs(c.episode.title, 3)]), "a PowerPoint briefing naming the next episode",
    ("episode",), quick=True)
_dl("draft.odt", lambda c, e: F.odt([_runs(c.article.title, 3), [c.article.summary]]), "an OpenDocument text with the title split by spans",
    quick=False)
_dl("meta.odt", lambda c, e: F.odt([["Draft"]], title=c.blog.title), "an OpenDocument text whose metadata title leaks", ("blog",))
_dl("plain.pdf", lambda c, e: F.pdf([c.article.title, c.article.summary], compress=False), "a PDF with uncompressed text")
_dl("draft.pdf", lambda c, e: F.pdf([c.article.title, c.article.summary] + c.sentences("article", 1)), "a PDF with Flate-compressed text", quick=True)
_dl("kerned.pdf", lambda c, e: F.pdf([re.findall(r".{1,5}", c.blog.title)]), "a PDF whose title is split by kerning (TJ)", ("blog",))
_dl("titled.pdf", lambda c, e: F.pdf(["Draft for sign-off"], title=c.resource.title), "a PDF whose Info /Title is the coming title",
    ("resource",), quick=False)
_dl("utf16-title.pdf", lambda c, e: F.pdf(["Draft"], title=c.apostrophe.title.replace("'", "\u2019"), utf16_title=True),
    "a PDF whose Info /Title is UTF-16 with a curly apostrophe", ("apostrophe",))
_dl("xmp.pdf", lambda c, e: F.pdf(["Draft"], xmp_title=c.episode.title), "a PDF whose XMP metadata holds the title", ("episode",))
_dl("locked.pdf", lambda c, e: F.pdf_encrypted([c.article.title], user_password="s3cret"),
    "a password-protected PDF (cannot be read): the build must stop and name it", must_fail=True, quick=True)
_dl("owner-only.pdf", lambda c, e: F.pdf_encrypted([c.blog.title, c.blog.summary], user_password=""),
    "an encrypted PDF that opens without a password (owner password only)", ("blog",))
_dl("unicode-text.txt", lambda c, e: F.utf16("Title\tRelease\n" + f"{c.article.title}\t{c.article.entry['release']}\n"),
    "Excel's 'Unicode text' export (UTF-16 LE with BOM)", quick=True)
_dl("unicode-be.csv", lambda c, e: F.utf16(f"title,release\n{c.blog.title},{c.blog.entry['release']}\n", big_endian=True),
    "a UTF-16 BE CSV with BOM", ("blog",))
_dl("no-bom.txt", lambda c, e: F.utf16(_pack(c), bom=False), "UTF-16 LE text without a BOM")
_dl("utf32.txt", lambda c, e: F.utf32(_pack(c, "resource")), "UTF-32 text", ("resource",))
_dl("notes.txt.gz", lambda c, e: F.gz(_pack(c)), "gzip of a text file", quick=False)
_dl("draft.md.gz", lambda c, e: F.gz(e.p(c.article.source).read_bytes()), "gzip of the embargoed Markdown file")
_dl("bundle.tar", lambda c, e: F.tar_bytes({"next/notes.txt": _pack(c, "blog")}), "a tar archive", ("blog",))
_dl("bundle.tar.gz", lambda c, e: F.tar_bytes({"next/notes.txt": _pack(c)}, "w:gz"), "a tar.gz archive", quick=True)
_dl("bundle.tar.bz2", lambda c, e: F.tar_bytes({"next/notes.txt": _pack(c, "resource")}, "w:bz2"), "a tar.bz2 archive", ("resource",))
_dl("notes.txt.xz", lambda c, e: F.xz(_pack(c)), "xz of a text file")
_dl("notes.txt.bz2", lambda c, e: F.bz(_pack(c, "blog")), "bzip2 of a text file", ("blog",))
_dl("notes.txt.zst", lambda c, e: F.zstd(_pack(c)), "zstd of a text file (must be read or stop the build)")
_dl("letter.rtf", lambda c, e: F.rtf([_runs(c.article.title), [c.article.summary]]), "an RTF letter, the title split by a bold group",
    quick=True)
_dl("curly.rtf", lambda c, e: F.rtf([[c.apostrophe.title.replace("'", "\u2019")]]), "an RTF with the curly apostrophe as \\'92",
    ("apostrophe",))
_dl("poster.png", lambda c, e: F.png([("tEXt", "Title", c.article.title)]), "a PNG whose tEXt chunk holds the title", quick=True)
_dl("poster-itxt.png", lambda c, e: F.png([("iTXt", "Description", c.blog.summary)]), "a PNG with a compressed iTXt description",
    ("blog",))
_dl("poster-ztxt.png", lambda c, e: F.png([("zTXt", "Comment", c.resource.title)]), "a PNG with a zTXt comment", ("resource",))
_dl("legacy.doc", lambda c, e: F.ole_doc(_pack(c)), "a Word 97-2003 .doc (OLE) with the text in UTF-16", quick=True)
_dl("broken.zip", lambda c, e: F.zip_bytes({"next.txt": _pack(c)})[:-30], "a zip cut short in transfer: the build must stop and name it",
    must_fail=True, quick=True)
_dl("locked.zip", lambda c, e: F.zipcrypto("next.txt", _pack(c)), "a password-protected zip (ZipCrypto): the build must stop and name it",
    must_fail=True)
_dl("archive.7z", lambda c, e: F.sevenzip("next.txt", _pack(c) * 3), "a 7-Zip archive (LZMA2): read, or the build stops and names it",
    must_fail=True, quick=True)
_dl("stored.rar", lambda c, e: F.rar("next.txt", _pack(c, "blog")), "a RAR archive, stored", ("blog",), must_fail=True)
_dl("packed.rar", lambda c, e: F.rar("next.txt", _pack(c) * 3, compressed=True), "a RAR archive, compressed", must_fail=True)
_dl("illustration.svg", lambda c, e: F.svg_with_title(c.article.title, c.article.summary), "an SVG illustration whose <title> is the coming title")
_dl("illustration.svgz", lambda c, e: F.gz(F.svg_with_title(c.blog.title)), "a gzipped SVG (.svgz)", ("blog",))
_dl("plan.ics", lambda c, e: F.ics([{"uid": f"{c.items[r].id}@plan", "start": "20270101T090000Z", "summary": c.items[r].title,
                                     "description": c.items[r].summary} for r in ("article", "blog", "event") if r in c.items]),
    "the plan as iCalendar (make schedule FORMAT=ics) saved under docs/: folded, escaped lines", quick=True)
_dl("plan.csv", lambda c, e: ("id,title,release\n" + "".join(f"{c.items[r].id},\"{c.items[r].title}\",{c.items[r].entry['release']}\n"
                                                             for r in ("article", "blog") if r in c.items)).encode(),
    "a content-calendar CSV")
_dl("next.json", lambda c, e: json.dumps({"next": c.apostrophe.title.replace("'", "\u2019")}).encode(),
    "a JSON file with \\u-escaped text (\\u2019)", ("apostrophe",))
_dl("feed.xml", lambda c, e: f"<?xml version='1.0'?><rss><channel><item><title>{html.escape(c.blog.title).replace(' ', '&#160;')}</title></item></channel></rss>".encode(),
    "an XML feed draft with numeric entities", ("blog",))
_dl("episode.mp3", lambda c, e: F.id3_tag(e.p(c.live_episode.get("audio")).read_bytes(), c.episode.title, comment=c.episode.summary),
    "a live episode's audio retagged with the next episode's title and summary", ("episode", "live_episode"))


_dl("tracked.docx", lambda c, e: F.docx([["Draft for sign-off"]], deleted=c.article.title),
    "a Word document where the title was deleted with Track Changes on (w:delText)", quick=True)
_dl("commented.docx", lambda c, e: F.docx([["Draft for sign-off"]], comment=f"OK to go with '{c.blog.title}'?"),
    "a Word document with a reviewer's comment naming the blog", ("blog",))
_dl("runs.docx", lambda c, e: F.docx([F.cut(c.article.title, 4)]), "a Word document with the title cut into runs mid-word")
_dl("notes.pptx", lambda c, e: F.pptx([["Briefing"]], notes=f"Mention {c.episode.title}"), "a PowerPoint whose speaker notes name the episode",
    ("episode",))
_dl("titled-member.zip", lambda c, e: F.zip_bytes({f"drafts/{c.blog.title}.docx": F.docx([["Draft"]])}),
    "a zip whose member is named after the blog's title (only the file name leaks)", ("blog",))
_dl("tar-docx.tar.gz", lambda c, e: F.tar_bytes({"draft.docx": F.docx([_runs(c.blog.title)])}, "w:gz"), "a tar.gz with a docx inside",
    ("blog",))
_dl("link.pdf", lambda c, e: F.pdf(["Click here"], link=f"{SITE_URL}{c.article.url}"), "a PDF whose link annotation points at the coming page")
_dl("note.pdf", lambda c, e: F.pdf(["Draft"], note=f"Retitle to: {c.blog.title}"), "a PDF with a sticky-note comment naming the blog",
    ("blog",))
_dl("objstm.pdf", lambda c, e: F.pdf_object_stream(["Draft"], c.resource.title), "a PDF 1.5 whose Info title is in a compressed object stream",
    ("resource",), quick=True)
_dl("interview.wav", lambda c, e: F.wav(c.episode.title, c.episode.summary), "a WAV export with LIST/INFO title and comment", ("episode",))
_dl("interview.m4a", lambda c, e: F.m4a(c.episode.title), "an M4A with the title in its metadata atom", ("episode",))
_dl("banner.jpg", lambda c, e: F.jpeg_xmp(c.article.title, c.article.summary), "a JPEG with XMP title and description")
_dl("sign-off.eml", lambda c, e: F.eml("Sign-off: " + c.apostrophe.title.replace("'", "’"), "Hello,\n\n" + "Please approve the draft below. " * 3
                                       + c.article.title + ". " + c.article.summary + "\n"),
    "the sign-off e-mail saved as .eml (encoded-word subject, quoted-printable body with soft breaks)", ("apostrophe", "article"), quick=True)
_dl("sign-off-b64.eml", lambda c, e: F.eml("Sign-off", "Please approve: " + c.blog.title + "\n", "base64"),
    "the sign-off e-mail with a base64 body", ("blog",))
_dl("windows-1252.txt", lambda c, e: (c.apostrophe.title.replace("'", "’") + "\r\n").encode("cp1252"),
    "a Notepad text file in Windows-1252 with a curly apostrophe (0x92)", ("apostrophe",))
_dl("entities.svg", lambda c, e: ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>'
                                  + "".join(f"&#{ord(ch)};" for ch in c.article.title) + "</title></svg>\n").encode(),
    "an SVG whose <title> is written as numeric character references")


# What editors' programs write (red team, slips8): each class is a unit test in tests/test_audit.py too.
def _pdf_bookmark(title: str) -> bytes:
    import io as _io

    from pypdf import PdfReader, PdfWriter

    w = PdfWriter(clone_from=PdfReader(_io.BytesIO(F.pdf(["Legal review: nothing to see here."]))))
    w.add_outline_item(title=title, page_number=0)
    buf = _io.BytesIO()
    w.write(buf)
    return buf.getvalue()


_dl("legal-review.pdf", lambda c, e: _pdf_bookmark(c.blog.title), "a PDF whose only trace is a bookmark (Word's heading)", ("blog",))
_dl("poster.pdf", lambda c, e: F.pdf([c.sign.title.rsplit(" ", 1)[0] + " " + c.sign.title.rsplit(" ", 1)[1][:2] + "-",
                                     c.sign.title.rsplit(" ", 1)[1][2:] + ", on the poster."]),
    "a PDF with the title's last word hyphenated at the line's end", ("sign",))
_dl("plan.prn", lambda c, e: ("Ep   " + c.apostrophe.title.replace("'", "\u2019") + "   12/03/2027\r\n").encode("cp1252"),
    "Excel's 'Formatted Text' (.prn) in Windows-1252 with a curly apostrophe", ("apostrophe",))


@case("em-dash-touching", "3", "about.md: 'on the blog—<title>—a colleague's story' (Word's em dashes, no spaces)",
      "docs/about.md", ["blog"], quick=True)
def _(e, c):
    e.append("docs/about.md", f"Next month on the blog\u2014{c.blog.title}\u2014a colleague tells her story.")


@case("title-cut-short", "3", "about.md: 'Coming soon: <title without its last word>…' (a teaser cuts the title short)",
      "docs/about.md", ["colon"], must_fail=True)  # the corpus's scanner looks for whole titles only
def _(e, c):
    e.append("docs/about.md", "Coming soon: " + " ".join(c.colon.title.split(" ")[:-1]) + "\u2026")


@case("title-final-download", "4", "a download named '<title>_FINAL.txt'",
      lambda c: (f"{DL}{c.article.title}_FINAL.txt",), ["article"])
def _(e, c):
    e.write(f"{DL}{c.article.title}_FINAL.txt", "Notes for the launch.\n")


@case("emphasis-in-raw-html", "3", "a raw HTML block on help.md with Markdown emphasis inside the title",
      "docs/help.md", ["blog"])
def _(e, c):
    words = c.blog.title.split(" ")
    mid = len(words) // 2
    e.append("docs/help.md", '<div class="admonition note"><p>Next on the blog: '
             + " ".join(words[:mid] + ["*" + words[mid] + "*"] + words[mid + 1:]) + ".</p></div>")


# ================================================================================================ take-downs

def _until(c: Ctx) -> str:
    """An hour before now: the take-down has happened."""
    from datetime import datetime, timedelta
    return (datetime.strptime(c.now, "%Y-%m-%d %H:%M") - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")


@case("take-down-still-linked", "1", "a live article taken down (until: an hour ago) while another live page links it by title",
      lambda c: (c.live_article.source, PLAN), ["live_article", "live_article2"], hides=("live_article2",))
def _(e, c):
    e.plan_field(c.live_article2.id, "until", _until(c))
    rel = os.path.relpath(e.p(c.live_article2.source), e.p(c.live_article.source).parent)
    e.append(c.live_article.source, f"See also [{c.live_article2.title}]({rel}).")


@case("take-down-quoted", "4", "a live blog taken down while about.md still quotes its summary", ("docs/about.md", PLAN),
      ["live_blog"], hides=("live_blog",))
def _(e, c):
    e.plan_field(c.live_blog.id, "until", _until(c))
    e.append("docs/about.md", c.live_blog.summary)


@case("take-down-article", "C", "a live article taken down (until: an hour ago): nothing of it may remain", (),
      ["live_article2"], control=True, hides=("live_article2",))
def _(e, c):
    e.plan_field(c.live_article2.id, "until", _until(c))


@case("take-down-episode", "C", "a live episode taken down: its page, audio, transcript and feed item must go", (),
      ["live_episode"], control=True, hides=("live_episode",))
def _(e, c):
    e.plan_field(c.live_episode.id, "until", _until(c))


@case("take-down-sign", "C", "a live sign taken down: its picture and wording must go", (), ["live_sign"], control=True,
      hides=("live_sign",))
def _(e, c):
    e.plan_field(c.live_sign.id, "until", _until(c))


# ================================================================================================ controls

@case("evergreen-neutral-page", "C", "a new evergreen page with neutral text under docs/notes/", (), control=True, quick=True)
def _(e, c):
    e.write("docs/notes/meeting.md", "# Team meeting notes\n\nWe met on Tuesday and agreed the rota for the stand at headquarters.\n")


@case("declared-shared-wording", "C", "an embargoed title declared under shared_wording: and used on an evergreen page", (),
      ["article"], control=True, quick=True)
def _(e, c):
    e.plan_shared(c.article.title)
    e.append("docs/about.md", f"## {c.article.title}\n\nThis phrase is one of the campaign's key messages.")


@case("live-title-on-evergreen", "C", "an evergreen page names and links a live article", (), ["live_article"], control=True, quick=False)
def _(e, c):
    e.append("docs/help.md", f"Start with [{c.live_article.title}]({c.live_article.source[len('docs/'):]}).")


@case("live-links-live", "C", "a live article links another live article with its title", (), ["live_article", "live_article2"],
      control=True, quick=True)
def _(e, c):
    rel = os.path.relpath(e.p(c.live_article2.source), e.p(c.live_article.source).parent)
    e.append(c.live_article.source, f"See also [{c.live_article2.title}]({rel}).")


@case("future-link-neutral-text", "C", "a live page links an embargoed page with neutral text (becomes plain text)", (),
      ["live_article", "article"], control=True, quick=True)
def _(e, c):
    rel = os.path.relpath(e.p(c.article.source), e.p(c.live_article.source).parent)
    e.append(c.live_article.source, f"There is [more to come]({rel}).")


@case("nav-new-evergreen", "C", "a new evergreen page added to the nav with a neutral label", (), control=True)
def _(e, c):
    e.write("docs/contacts.md", "# Contacts\n\nThe campaign team answers email within two working days.\n")
    e.nav_add("Contacts", "contacts.md")


@case("partial-words-of-title", "C", "an evergreen page uses the theme name and a few words of a coming title, never the whole", (),
      ["resource"], control=True)
def _(e, c):
    words = c.resource.title.replace(":", "").split()
    e.append("docs/help.md", f"Our themes include gangs and criminal exploitation. Ask about {' '.join(words[-2:])} any time.")


@case("neutral-downloads", "C", "neutral downloads: zip, docx, xlsx, pdf, UTF-16 text, gzip, RTF, PNG", (), control=True, quick=True)
def _(e, c):
    t = "Rota for the campaign stand at headquarters, Tuesday to Thursday."
    e.write(DL + "rota.zip", F.zip_bytes({"rota.txt": t}))
    e.write(DL + "rota.docx", F.docx([[t]], title="Stand rota"))
    e.write(DL + "rota.xlsx", F.xlsx([["Day", "Who"], ["Tuesday", "Team A"]]))
    e.write(DL + "rota.pdf", F.pdf([t], title="Stand rota"))
    e.write(DL + "rota-unicode.txt", F.utf16(t))
    e.write(DL + "rota.txt.gz", F.gz(t))
    e.write(DL + "rota.rtf", F.rtf([[t]]))
    e.write(DL + "rota.png", F.png([("tEXt", "Title", "Stand rota")]))


@case("live-summary-pasted", "C", "a live article's summary pasted into about.md", (), ["live_article"], control=True)
def _(e, c):
    e.append("docs/about.md", c.live_article.summary)


@case("unicode-neutral-text", "C", "neutral text with soft hyphens, NBSP, curly quotes and entities", (), control=True)
def _(e, c):
    e.append("docs/help.md", "Don\u2019t worry: the stand\u00a0rota is on the notice\u00adboard &ndash; ask &ldquo;the team&rdquo;.")


@case("live-event-place-changed", "C", "a live event moved to a new neutral room", (), ["live_event"], control=True)
def _(e, c):
    e.plan_field(c.live_event.id, "place", "Room 7, north London training centre (sample venue)")


@case("declared-shared-sentence", "C", "a sentence already declared under shared_wording: repeated on help.md", (), control=True)
def _(e, c):
    import yaml
    shared = yaml.safe_load(e.read(PLAN)).get("shared_wording") or []
    e.append("docs/help.md", shared[-1].rstrip(".") + ".")


@case("live-episode-mention", "C", "about.md names the live episode and quotes its summary", (), ["live_episode"], control=True)
def _(e, c):
    e.append("docs/about.md", f"Listen to {c.live_episode.title}. {c.live_episode.summary}")


@case("neutral-nested-zip", "C", "a neutral zip in a zip with an ODT and a PPTX inside", (), control=True)
def _(e, c):
    inner = F.zip_bytes({"stand.odt": F.odt([["Stand rota"]], title="Rota"), "slides.pptx": F.pptx([["Welcome"]])})
    e.write(DL + "kit.zip", F.zip_bytes({"kit/inner.zip": inner}))


@case("live-sign-copy-text", "C", "a live sign's wording on a new page", (), ["live_sign"], control=True)
def _(e, c):
    e.write("docs/notes/this-month.md", f"# This month's object\n\n{c.live_sign.get('alt')}\n\n{c.live_sign.get('meaning')}\n")


@case("neutral-link-to-hub", "C", "a link to the generated theme hub and what's new", (), control=True)
def _(e, c):
    e.append("docs/help.md", "See [the themes](themes/child-abuse.md) and [what is new](whats-new.md).")


import slip_corpus_red  # noqa: E402,F401  (the red team's cases, registered into CASES)


def by_name() -> dict[str, Case]:
    out = {}
    for c in CASES:
        assert c.name not in out, f"duplicate case {c.name}"
        out[c.name] = c
    return out
