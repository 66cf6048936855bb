"""What every generated page shares: the page record, dates, item lists, paging, the byline above a
release page, and links to a champion's entry.

Every text that comes from the plan is HTML-escaped here; Markdown passes the HTML blocks through.
Pages list only live items, so they are correct on every date without editors touching them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from html import escape

from ..release.snapshot import Snapshot
from ..source.links import rel_url
from ..source.plan import page_url, url_of
from ..source.times import human_date

CHAMPIONS_URL = "champions/"

KIND_LABEL = {"article": "Article", "blog": "Blog", "resource": "Resource", "episode": "Podcast episode",
              "event": "Event", "sign": "Sign", "survey": "Survey"}


KIND_PLURAL = {"article": "Articles", "blog": "Blogs", "resource": "Resources", "episode": "Podcast episodes"}


LISTED_KINDS = ("article", "blog", "resource", "episode")


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str
    url: str
    title: str
    markdown: str


def theme_url(theme_id: str) -> str:
    return f"themes/{theme_id}/"


def listed(snap: Snapshot) -> list:
    """Live items that have a page of their own, newest first."""
    return sorted((r for r in snap.live if r.kind in LISTED_KINDS and url_of(r)),
                  key=lambda r: (r.release, r.id), reverse=True)


def _date(snap: Snapshot, when: datetime) -> str:
    return _date_html(when, snap.plan.tz)


@lru_cache(maxsize=4096)
def _date_html(when: datetime, tz) -> str:
    # An item's date appears on every listing page that shows it: format it once.
    local = when.astimezone(tz)
    return f'<time datetime="{local:%Y-%m-%d}">{human_date(local)}</time>'


def _theme_link(theme, base: str) -> str:
    return f'<a href="{rel_url(theme_url(theme.id), base)}">{escape(theme.title)}</a>'


def item_li(snap: Snapshot, r, base: str, show_theme: bool = True, theme_links: dict | None = None) -> str:
    bits = [KIND_LABEL[r.kind], _date(snap, r.release)]
    theme = snap.plan.theme_by_id.get(r.theme) if r.theme else None
    if show_theme and theme:
        bits.append(theme_links[theme.id] if theme_links else _theme_link(theme, base))
    summary = f'<p>{escape(r.summary)}</p>' if r.summary else ""
    return (f'<li class="campaign-item campaign-item--{r.kind}">'
            f'<a class="campaign-item__title" href="{rel_url(url_of(r), base)}">{escape(r.title)}</a>'
            f'<p class="campaign-item__meta">{" · ".join(bits)}</p>{summary}</li>')


def item_list(snap: Snapshot, items, base: str, show_theme: bool = True) -> str:
    # Every item of a theme on this page links to the same hub: make each link once.
    links = {t.id: _theme_link(t, base) for t in snap.plan.themes} if show_theme else None
    return ('<ul class="campaign-list">\n'
            + "\n".join(item_li(snap, r, base, show_theme, links) for r in items) + "\n</ul>")


# Listings (What's new, theme hubs, resource library, role pages) come in pages of PAGE_SIZE live items,
# newest first, so each page stays under the 40 KB budget (design.md 8): the first page at the listing's
# URL, older ones at URL/page/N/. The page count depends only on what is live.
PAGE_SIZE = 30


def listing_url(first: str, page: int) -> str:
    return first if page == 1 else f"{first}page/{page}/"


def listing_src(first_src: str, first: str, page: int) -> str:
    return first_src if page == 1 else f"{first}page/{page}.md"


def chunks(items: list, size: int = PAGE_SIZE) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def pager_nav(n: int, total: int, base: str, first: str = "whats-new/", label: str = "What's new") -> str:
    if total == 1:
        return ""
    links = []
    if n > 1:
        links.append(f'<a href="{rel_url(listing_url(first, n - 1), base)}" rel="prev">Newer releases</a>')
    links.append(f"<span>Page {n} of {total}</span>")
    if n < total:
        links.append(f'<a href="{rel_url(listing_url(first, n + 1), base)}" rel="next">Older releases</a>')
    return (f'<nav class="campaign-pager" aria-label="{escape(label)} pages">\n' + " · ".join(links)
            + "\n</nav>")


def byline(snap: Snapshot, r, base: str) -> str:
    """The line above a release page's text: author, date, theme, roles, updated."""
    bits = []
    if r.kind == "blog":
        who = escape(r.author) + (f", {escape(r.author_role)}" if r.author_role else "")
        bits.append(f"By {who}")
        if r.champion:  # the author's entry in the champions directory
            bits.append(champion_link(snap, r.champion, "The author's champion profile", base))
    bits.append(f"Published {_date(snap, r.release)}")
    if r.updated:
        bits.append(f"Updated {_date(snap, r.updated)}")
    theme = snap.plan.theme_by_id.get(r.theme) if r.theme else None
    if theme:
        bits.append(f'Theme: <a href="{rel_url(theme_url(theme.id), base)}">{escape(theme.title)}</a>')
    roles = getattr(r, "roles", ())
    if roles:
        labels = snap.plan.role_by_id
        bits.append("For: " + ", ".join(escape(labels[x].label) for x in roles if x in labels))
    return f'<p class="campaign-byline">{" · ".join(bits)}</p>'


def anchor(champion_id: str) -> str:
    return f"champion-{champion_id}"


def champion_link(snap, champion_id: str, text: str, base: str) -> str:
    return f'<a href="{rel_url(CHAMPIONS_URL, base)}#{anchor(champion_id)}">{text}</a>'


def paragraphs(text: str | None, cls: str = "") -> str:
    """A campaign text (plan texts:) as HTML paragraphs, one per blank-line-separated block; "" for None."""
    if not text:
        return ""
    attr = f' class="{cls}"' if cls else ""
    return "\n".join(f"<p{attr}>{escape(' '.join(block.split()), quote=False)}</p>"
                     for block in text.split("\n\n") if block.strip())


def action_html(snap: Snapshot, base: str, callout: bool = True) -> str:
    """The campaign's call to action (texts.action): a boxed note with a button, or just the link."""
    action = snap.plan.texts.action
    if action is None:
        return ""
    href = rel_url(page_url(action.page), base)
    if not callout:
        return f'<p><a href="{href}">{escape(action.link_text)}</a></p>'
    return ('<div class="campaign-callout" role="note" aria-labelledby="campaign-action">\n'
            f'<h2 id="campaign-action">{escape(action.title)}</h2>\n{paragraphs(action.text)}\n'
            f'<p><a class="md-button md-button--primary" href="{href}">{escape(action.link_text)}</a></p>\n'
            "</div>")
