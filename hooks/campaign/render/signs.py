"""The signs gallery: the campaign's everyday objects, each standing for a sign that a child may be at
risk. Each `sign` release brings its picture (from the gated docs/signs/ folder, copied by MkDocs only
while the sign is live), its alt text, what it can stand for and what to do.
"""
from __future__ import annotations

from html import escape

from ..release.snapshot import Snapshot
from ..source.links import rel_url
from ..source.times import human_date
from .common import GeneratedPage, action_html, chunks, listing_src, listing_url, paragraphs, theme_url
from .common import pager_nav as _pager

GALLERY_URL = "signs/"


def live_signs(snap: Snapshot) -> list:
    """Live signs, newest first (the latest reveal leads the gallery)."""
    return sorted((r for r in snap.live if r.kind == "sign"), key=lambda r: (r.release, r.id), reverse=True)


def image_url(sign) -> str:
    """Where MkDocs copies the picture: docs/signs/x.svg -> signs/x.svg."""
    return sign.image.removeprefix("docs/")


def _card(snap: Snapshot, sign, base: str) -> str:
    local = sign.release.astimezone(snap.plan.tz)
    theme = snap.plan.theme_by_id.get(sign.theme) if sign.theme else None
    meta = f'Revealed <time datetime="{local:%Y-%m-%d}">{human_date(local)}</time>'
    if theme:
        meta += f' · Theme: <a href="{rel_url(theme_url(theme.id), base)}">{escape(theme.title)}</a>'
    summary = f"<p>{escape(sign.summary)}</p>\n" if sign.summary else ""
    return (f'<section class="campaign-sign" id="{sign.id}" aria-labelledby="{sign.id}-title">\n'
            f'<h2 id="{sign.id}-title">{escape(sign.title)}</h2>\n'
            f'<img class="campaign-sign__image" src="{rel_url(image_url(sign), base)}" alt="{escape(sign.alt)}" '
            f'width="240" height="240" loading="lazy">\n'
            f'<p class="campaign-item__meta">{meta}</p>\n{summary}'
            f'<h3 id="{sign.id}-meaning">What it can stand for</h3>\n<p>{escape(sign.meaning)}</p>\n'
            f'<h3 id="{sign.id}-what-to-do">What to do</h3>\n<p>{escape(sign.what_to_do)}</p>\n'
            "</section>")


def gallery_pages(snap: Snapshot) -> list[GeneratedPage]:
    """The gallery in pages of 20 signs, newest first (each card carries a picture and two paragraphs)."""
    parts = chunks(live_signs(snap), 20)
    return [gallery(snap, chunk, n, len(parts)) for n, chunk in enumerate(parts, 1)]


def gallery(snap: Snapshot, signs: list | None = None, page: int = 1, pages: int = 1) -> GeneratedPage:
    base = listing_url(GALLERY_URL, page)
    signs = live_signs(snap) if signs is None else signs
    texts = snap.plan.texts
    title = texts.signs_title if page == 1 else f"{texts.signs_title}, page {page}"
    pager = _pager(page, pages, base, GALLERY_URL, texts.signs_title)
    parts = [f"# {escape(title)}", paragraphs(texts.signs_intro), action_html(snap, base, callout=False),
             *([pager] if pager else [])]
    if signs:
        parts += [_card(snap, s, base) for s in signs]
    else:
        parts.append("<p>The first sign will appear here soon.</p>")
    if pager:
        parts.append(pager)
    return GeneratedPage(listing_src("signs/index.md", GALLERY_URL, page), base, title, "\n\n".join(p for p in parts if p) + "\n")
