"""The listing pages: home, what's new, theme hubs, the resource library and a page per role, from one
Snapshot. Listings show only live items, newest first, in pages of PAGE_SIZE."""
from __future__ import annotations

from html import escape

from ..release.snapshot import Snapshot
from ..source.links import rel_url
from .common import (
    action_html,
    paragraphs,
    KIND_PLURAL,
    LISTED_KINDS,
    PAGE_SIZE,
    GeneratedPage,
    chunks,
    item_list,
    listed,
    listing_src,
    listing_url,
    pager_nav,
    theme_url,
)

HOME_LATEST = 6


def focus_theme(snap: Snapshot):
    """The theme whose focus month contains now (None outside themed months)."""
    month = snap.now.astimezone(snap.plan.tz).strftime("%Y-%m")
    for t in snap.plan.themes:
        if month in t.focus_months:
            return t
    return None


def home(snap: Snapshot, site_name: str, items: list | None = None) -> GeneratedPage:
    c, texts, base = snap.plan.campaign, snap.plan.texts, ""
    items = listed(snap) if items is None else items
    theme = focus_theme(snap)
    parts = [f"# {escape(c.title)}",
             f'<p class="campaign-strapline">{escape(c.strapline)}</p>' if c.strapline else "",
             paragraphs(texts.home_intro, "campaign-lead"), action_html(snap, base)]
    month = snap.now.astimezone(snap.plan.tz)
    if theme:
        parts.append(f'<h2 id="this-month">This month\'s focus: {escape(theme.title)}</h2>\n'
                     f"<p>{escape(theme.summary)}</p>\n"
                     f'<p><a href="{rel_url(theme_url(theme.id), base)}">Everything on {escape(theme.title)}</a></p>')
    elif snap.plan.themes:
        parts.append(f'<h2 id="this-month">This month: {month:%B %Y}</h2>\n'
                     "<p>There is no single theme this month. Browse the themes below.</p>")
    more = [f'<a href="{rel_url(url, base)}">{escape(title)}</a>: {escape(" ".join(summary.split()))}'
            for url, kind, title, summary in (("signs/", "sign", texts.signs_title, texts.signs_summary),
                                              ("events/", "event", texts.events_title, texts.events_summary))
            if summary and kind in snap.plan.kinds]  # a campaign without signs (events) has no such page
    if more:
        parts.append(f'<h2 id="more">{escape(texts.more_heading)}</h2>\n<p>' + " ".join(more) + "</p>")
    parts.append('<h2 id="whats-new">What\'s new</h2>')
    shown = items[:HOME_LATEST]
    if items:
        parts.append(item_list(snap, shown, base))
        parts.append(f'<p><a href="{rel_url("whats-new/", base)}">Everything published so far</a></p>')
    else:
        parts.append("<p>The campaign has not started yet. The first releases will appear here.</p>")
    # The latest episode gets its own section only when "What's new" above does not already show it.
    episodes = [r for r in items if r.kind == "episode"]
    if episodes and episodes[0] not in shown:
        parts.append('<h2 id="latest-episode">Latest podcast episode</h2>\n' + item_list(snap, episodes[:1], base))
    if snap.plan.themes:
        parts.append('<h2 id="themes">Themes</h2>\n<ul class="campaign-themes">\n' + "\n".join(
            f'<li><a href="{rel_url(theme_url(t.id), base)}">{escape(t.title)}</a>: {escape(t.summary)}</li>'
            for t in snap.plan.themes) + "\n</ul>")
    return GeneratedPage("index.md", "", site_name, "\n\n".join(p for p in parts if p) + "\n")


WHATS_NEW_PAGE = PAGE_SIZE


def whats_new_url(page: int) -> str:
    return listing_url("whats-new/", page)


def whats_new_pages(snap: Snapshot, all_listed: list | None = None) -> list[GeneratedPage]:
    parts = chunks(listed(snap) if all_listed is None else all_listed)
    return [whats_new(snap, chunk, n, len(parts)) for n, chunk in enumerate(parts, 1)]


def whats_new(snap: Snapshot, items: list | None = None, page: int = 1, pages: int = 1) -> GeneratedPage:
    base = whats_new_url(page)
    items = listed(snap) if items is None else items
    title = "What's new" if page == 1 else f"What's new, page {page}"
    parts = [f"# {title}", "<p>Everything the campaign has published so far, newest first.</p>"]
    if pages > 1:
        parts.append(pager_nav(page, pages, base))
    if not items:
        parts.append("<p>Nothing has been published yet.</p>")
    month_key = None
    group: list = []

    def flush():
        if group:
            local = group[0].release.astimezone(snap.plan.tz)
            parts.append(f'<h2 id="m-{local:%Y-%m}">{local:%B %Y}</h2>\n' + item_list(snap, group, base))

    for r in items:
        key = r.release.astimezone(snap.plan.tz).strftime("%Y-%m")
        if key != month_key:
            flush()
            month_key, group = key, []
        group.append(r)
    flush()
    if pages > 1:
        parts.append(pager_nav(page, pages, base))
    src = "whats-new.md" if page == 1 else f"whats-new/page/{page}.md"
    return GeneratedPage(src, base, title, "\n\n".join(parts) + "\n")


def theme_hub_pages(snap: Snapshot, theme, all_listed: list | None = None) -> list[GeneratedPage]:
    parts = chunks([r for r in (listed(snap) if all_listed is None else all_listed) if r.theme == theme.id])
    return [theme_hub(snap, theme, chunk, n, len(parts)) for n, chunk in enumerate(parts, 1)]


def theme_hub(snap: Snapshot, theme, items: list | None = None, page: int = 1, pages: int = 1) -> GeneratedPage:
    base = listing_url(theme_url(theme.id), page)
    items = [r for r in listed(snap) if r.theme == theme.id] if items is None else items
    title = theme.title if page == 1 else f"{theme.title}, page {page}"
    pager = pager_nav(page, pages, base, theme_url(theme.id), theme.title)
    parts = [f"# {escape(title)}", f"<p>{escape(theme.summary)}</p>", *([pager] if pager else [])]
    if not items:
        parts.append("<p>Nothing has been published on this theme yet. Check back soon.</p>")
    for kind in LISTED_KINDS:
        of_kind = [r for r in items if r.kind == kind]
        if of_kind:
            parts.append(f'<h2 id="{kind}">{KIND_PLURAL[kind]}</h2>\n' + item_list(snap, of_kind, base, False))
    if pager:
        parts.append(pager)
    src = listing_src(f"themes/{theme.id}.md", theme_url(theme.id), page)
    return GeneratedPage(src, base, title, "\n\n".join(parts) + "\n")


LIBRARY_URL = "resources/"


def role_url(role: str) -> str:
    return f"resources/for/{role}/"


def _role_links(snap: Snapshot, base: str, current: str | None = None) -> str:
    links = []
    for role in snap.plan.roles:
        label = escape(role.label)
        if role.id == current:
            links.append(f'<li><strong aria-current="page">{label}</strong></li>')
        else:
            links.append(f'<li><a href="{rel_url(role_url(role.id), base)}">{label}</a></li>')
    return '<ul class="campaign-filter">\n' + "\n".join(links) + "\n</ul>"


def resource_library_pages(snap: Snapshot, all_listed: list | None = None) -> list[GeneratedPage]:
    parts = chunks([r for r in (listed(snap) if all_listed is None else all_listed) if r.kind == "resource"])
    return [resource_library(snap, chunk, n, len(parts)) for n, chunk in enumerate(parts, 1)]


def resource_library(snap: Snapshot, items: list | None = None, page: int = 1, pages: int = 1) -> GeneratedPage:
    """All live resources grouped by theme; a page per role (the plan's roles:) filters them without
    JavaScript."""
    texts = snap.plan.texts
    base = listing_url(LIBRARY_URL, page)
    items = [r for r in listed(snap) if r.kind == "resource"] if items is None else items
    title = texts.resources_title if page == 1 else f"{texts.resources_title}, page {page}"
    parts = [f"# {escape(title)}", paragraphs(texts.resources_intro)]
    if snap.plan.roles:
        parts += [f'<h2 id="by-role">{escape(texts.roles_heading)}</h2>', _role_links(snap, base)]
    if not items:
        parts.append("<p>No guides have been published yet.</p>")
    for theme in snap.plan.themes:
        of_theme = [r for r in items if r.theme == theme.id]
        if of_theme:
            parts.append(f'<h2 id="theme-{theme.id}">{escape(theme.title)}</h2>\n' + item_list(snap, of_theme, base, False))
    if pages > 1:
        parts.append(pager_nav(page, pages, base, LIBRARY_URL, texts.resources_title))
    return GeneratedPage(listing_src("resources/index.md", LIBRARY_URL, page), base, title,
                         "\n\n".join(p for p in parts if p) + "\n")


def role_pages(snap: Snapshot, role: str, all_listed: list | None = None) -> list[GeneratedPage]:
    items = listed(snap) if all_listed is None else all_listed
    parts = chunks([r for r in items if r.kind == "resource" and role in r.roles])
    return [role_page(snap, role, chunk, n, len(parts)) for n, chunk in enumerate(parts, 1)]


def role_page(snap: Snapshot, role: str, items: list | None = None, page: int = 1, pages: int = 1) -> GeneratedPage:
    base = listing_url(role_url(role), page)
    about = snap.plan.role_by_id[role]
    label = about.label
    items = [r for r in listed(snap) if r.kind == "resource" and role in r.roles] if items is None else items
    title = f"Guides for {label.lower()}" + (f", page {page}" if page > 1 else "")
    parts = [f"# {escape(title)}", paragraphs(about.description),
             f'<p><a href="{rel_url(LIBRARY_URL, base)}">All guides</a></p>', _role_links(snap, base, role)]
    parts.append(item_list(snap, items, base) if items else "<p>No guides for this role have been published yet.</p>")
    if pages > 1:
        parts.append(pager_nav(page, pages, base, role_url(role), f"Guides for {label.lower()}"))
    src = listing_src(f"resources/for/{role}.md", role_url(role), page)
    return GeneratedPage(src, base, title, "\n\n".join(p for p in parts if p) + "\n")


def generated_pages(snap: Snapshot, site_name: str, library: bool = True) -> list[GeneratedPage]:
    """Home, what's new, theme hubs and (`library`: the campaign has resources) the guides and role pages."""
    items = listed(snap)  # sorted once for every listing
    pages = [home(snap, site_name, items), *whats_new_pages(snap, items),
             *(p for t in snap.plan.themes for p in theme_hub_pages(snap, t, items))]
    if library:
        pages += [*resource_library_pages(snap, items), *(p for role in snap.plan.roles for p in role_pages(snap, role.id, items))]
    return pages
