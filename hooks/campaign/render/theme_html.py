"""Small, targeted repairs to what stock Material 9.x emits, so every page is valid HTML (Nu HTML Checker)
and the copied theme assets name no host the intranet cannot reach.

The three page repairs are made in Material's templates as they are loaded (`TEMPLATE_PATCHES`: a few exact
strings of three templates, applied by the adapter's template loader), so pages come out valid and are not
scanned after rendering; nothing is copied into overrides/. Where a patch does not apply (a campaign's own
copy of one of those templates, another Material), every page is repaired after rendering instead
(`fix_page_html`), which is what the patches are tested against. Each repair is exact and idempotent.
"""
from __future__ import annotations

import re
from pathlib import Path

# Material puts autocomplete="off" on its hidden drawer/search checkboxes (so Firefox does not restore
# them after "back"); HTML allows autocomplete only on text-like inputs, and the checkboxes are reset by
# Material's own script on load anyway.
# Navigation section labels get tabindex="" when navigation.indexes is off: not a valid integer.
# A page without a table of contents still gets <label for="__toc"> with no such control: a label must
# name an existing control (an id anywhere on the page), so an orphan label loses its (useless) `for`.
# Each tag is found by a plain pattern and repaired in a callback: one pattern per repair, with the
# attribute inside it, backtracked through every tag and cost twice as much.
_INPUT = re.compile(r"<input\b[^>]*>")
_LABEL = re.compile(r"<label\b[^>]*>")
_AUTOCOMPLETE_OFF = re.compile(r'\s+autocomplete="off"')
_EMPTY_TABINDEX = re.compile(r'\s+tabindex=""')
_FOR = re.compile(r'\sfor="([^"]+)"')
_HTML_SPACE = (" ", "\n", "\t", "\r", "\f")  # what may separate attributes in HTML


# The same repairs, made where Material writes the markup: template name -> (Material's text, the patched text,
# how many times the text is in the template). A patch applies only where every text is there that many times.
# - base.html: the drawer and search checkboxes without autocomplete="off"; `campaign_toc` records whether the
#   page has the table of contents' checkbox (id="__toc"), which the navigation writes (for the current page
#   when it is in the navigation) before the table of contents is written.
# - partials/nav-item.html: a section's label without tabindex="" (Material's tabindex is empty for sections).
# - partials/toc.html: the table of contents' title label names __toc only when that checkbox was written. (The
#   repair after rendering also keeps the `for` when the page's content holds an element with id="__toc", which
#   a label cannot name either: the patched label is the valid one there.)
TEMPLATE_PATCHES: dict[str, tuple[tuple[str, str, int], ...]] = {
    "base.html": (
        ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">',
         '{% set campaign_toc = namespace(control=false) %}'
         '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">', 1),
        ('<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">',
         '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">', 1),
    ),
    "partials/nav-item.html": (
        (' tabindex="{{ tabindex }}">', '{% if tabindex %} tabindex="{{ tabindex }}"{% endif %}>', 2),
        ('<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">',
         '{% set campaign_toc.control = true %}<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">', 1),
    ),
    "partials/toc.html": (
        ('<label class="md-nav__title" for="__toc">',
         '<label class="md-nav__title"{% if campaign_toc.control %} for="__toc"{% endif %}>', 1),
    ),
}


def patch_template(name: str, source: str) -> str | None:
    """The template's source with its patches (TEMPLATE_PATCHES), the source itself for a template without
    any, or None when a patch does not apply (then pages are repaired after rendering: fix_page_html)."""
    for old, new, times in TEMPLATE_PATCHES.get(name, ()):
        if source.count(old) != times:
            return None
        source = source.replace(old, new)
    return source


def fix_page_html(html: str) -> str:
    """Repairs that make Material's page markup valid. Only the theme's part of the page is repaired: the
    content (Material's single <article>) is never touched."""
    start, end = html.find("<article"), html.rfind("</article>")
    known: dict[str, bool] = {}  # `for` target -> whether the page has that id
    if start < 0 or end < start:
        return _fix_theme_part(html, html, known)
    return _fix_theme_part(html[:start], html, known) + html[start:end] + _fix_theme_part(html[end:], html, known)


# Both kinds of tag in one pass; each distinct tag's repair is worked out once per process (Material writes
# the same few dozen tags on every page), so a page costs one scan and a lookup per tag. Where a tag's
# attributes hold another '<' (a tag written inside an attribute), the two passes below decide instead:
# they can find a tag inside another one.
_TAG = re.compile(r"<(?:input|label)\b[^>]*>")
_REPAIRS: dict[str, tuple[str, str | None, str]] = {}  # tag -> (repaired, `for` target or None, without `for`)
_MAX_REPAIRS = 4096


def _repair(tag: str) -> tuple[str, str | None, str]:
    out = _REPAIRS.get(tag)
    if out is None:
        if tag.startswith("<input"):
            fixed = _AUTOCOMPLETE_OFF.sub("", tag) if 'type="checkbox"' in tag else tag
            out = (fixed, None, fixed)
        else:
            fixed = _EMPTY_TABINDEX.sub("", tag) if 'tabindex=""' in tag else tag
            target = _FOR.search(fixed)
            out = (fixed, None, fixed) if target is None else \
                (fixed, target.group(1), fixed.replace(target.group(0), "", 1))
        if len(_REPAIRS) < _MAX_REPAIRS:
            _REPAIRS[tag] = out
    return out


def _fix_theme_part(part: str, page: str, known: dict[str, bool]) -> str:
    pieces, last = [], 0
    for m in _TAG.finditer(part):
        tag = m.group(0)
        if "<" in tag[1:]:
            return _fix_theme_part_by_pass(part, page, known)
        fixed, target, without = _repair(tag)
        if target is not None:
            if target not in known:
                known[target] = _has_id(page, target)
            if not known[target]:
                fixed = without
        if fixed != tag:
            pieces.append(part[last:m.start()])
            pieces.append(fixed)
            last = m.end()
    if not pieces:
        return part
    pieces.append(part[last:])
    return "".join(pieces)


def _has_id(page: str, target: str) -> bool:
    attr, i = f'id="{target}"', -1
    while (i := page.find(attr, i + 1)) > 0 and page[i - 1] not in _HTML_SPACE:
        pass  # e.g. data-id="...": not this attribute
    return i > 0


def _fix_theme_part_by_pass(part: str, page: str, known: dict[str, bool]) -> str:
    """The repairs as two passes (inputs, then labels): the definition `_fix_theme_part` follows."""

    def has_id(target: str) -> bool:
        if target not in known:
            known[target] = _has_id(page, target)
        return known[target]

    def checkbox(m: re.Match) -> str:
        tag = m.group(0)
        return _AUTOCOMPLETE_OFF.sub("", tag) if 'type="checkbox"' in tag else tag

    def label(m: re.Match) -> str:
        tag = m.group(0)
        tag = _EMPTY_TABINDEX.sub("", tag) if 'tabindex=""' in tag else tag
        target = _FOR.search(tag)
        return tag if target is None or has_id(target.group(1)) else tag.replace(target.group(0), "", 1)

    return _LABEL.sub(label, _INPUT.sub(checkbox, part))


# Material's bundle can load polyfills and diagrams from unpkg.com and repository facts from
# api.github.com. The site enables none of those features (no repo_url, no mermaid, and every supported
# browser has ResizeObserver), but a copied script naming another host breaks the intranet's "no other
# host" rule and would stall on a network without internet if ever reached. Pointing them at `data:,`
# makes any such load an immediate, local no-op. The search worker's console warning links to bit.ly:
# same treatment, so no copied script names another host at all.
_FOREIGN = re.compile(r"https://(?:unpkg\.com|api\.github\.com|bit\.ly)/")
# Source maps (1.3 MB) only serve a developer's browser tools; they hold Material's original sources,
# foreign URLs included, and would no longer match the rewritten scripts. Neither they nor the comments
# pointing at them are published.
_MAP_COMMENT = re.compile(r"\n?(?://# sourceMappingURL=\S+|/\*# sourceMappingURL=\S+ \*/)\s*$")
# Material's setupAlternate (src/templates/assets/javascripts/integrations/alternate/index.ts) takes every
# <link rel="alternate"> for another language version of the site and fetches "sitemap.xml" beside it.
# Our alternates are the feeds (autodiscovery needs exactly rel="alternate"), so every page asked for
# feeds/sitemap.xml and podcast/sitemap.xml and logged two 404s. Material's own language links always
# carry hreflang: narrowing the selector to them keeps that feature and leaves the feeds alone.
_ALTERNATE = '"link[rel=alternate]"'
_ALTERNATE_LANGUAGES = '"link[rel=alternate][hreflang]"'
_BUNDLE = re.compile(r"bundle\.[0-9a-f]+\.min\.js")


def _without_map_comment(text: str) -> str:
    """_MAP_COMMENT.sub("", text), looking only from the last source map comment on: the pattern ends at the
    end of the text, and trying it at every character of Material's 1 MB of scripts took 7 ms a build."""
    i = text.rfind("sourceMappingURL=")
    if i < 0:
        return text
    start = max(0, i - 5)  # "\n//# " or "\n/*# " before it
    m = _MAP_COMMENT.search(text, start)
    if m is None or m.start() > i:  # not one comment at the end (or an odd one): the pattern decides
        return _MAP_COMMENT.sub("", text)
    return text[:m.start()] + text[m.end():]


class ThemeAssetError(RuntimeError):
    """Material's bundle no longer looks as the repairs expect (after a Material update)."""


def neutralise_assets(site_dir: Path) -> list[str]:
    """Rewrite foreign-host URLs in Material's copied scripts, narrow its language-alternate selector and
    drop source maps; returns the files changed."""
    changed = []
    assets = Path(site_dir) / "assets"
    for path in sorted(assets.rglob("*.map")) if assets.is_dir() else ():
        path.unlink()
    for path in sorted([*assets.rglob("*.js"), *assets.rglob("*.css")]) if assets.is_dir() else ():
        text = path.read_text(encoding="utf-8")
        new = _without_map_comment(_FOREIGN.sub("data:,", text) if path.suffix == ".js" else text)
        if _BUNDLE.fullmatch(path.name):
            if new.count(_ALTERNATE) + new.count(_ALTERNATE_LANGUAGES) != 1:
                raise ThemeAssetError(f"{path.name}: Material's language-alternate selector {_ALTERNATE} is not "
                                      "there once; check render/theme_html.py against the updated Material")
            new = new.replace(_ALTERNATE, _ALTERNATE_LANGUAGES)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path.relative_to(site_dir).as_posix())
    return changed
