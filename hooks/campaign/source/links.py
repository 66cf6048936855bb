"""Site-relative paths: resolving a reference found in a page, and linking one page to another."""
from __future__ import annotations

import html
import posixpath
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def resolve(ref: str, page_dir: str) -> str | None:
    """A reference in a page, as a path from the site root (None for other hosts, anchors, data)."""
    ref = html.unescape(ref).strip()
    if not ref or ref.startswith(("#", "//")) or _SCHEME.match(ref):
        return None
    path = urlsplit(ref).path
    if "%" in path:
        path = unquote(path)
    if not path:
        return None
    joined = posixpath.normpath(posixpath.join("/" + page_dir, path)).lstrip("/")
    if joined == ".":
        joined = ""
    return joined + ("/" if path.endswith("/") and joined else "")


def page_dir(url: str) -> str:
    """The folder a page's relative links start from (its URL is a folder with use_directory_urls)."""
    return url.rstrip("/") if url.endswith("/") else posixpath.dirname(url)


def rel_url(target: str, base: str) -> str:
    """Relative link from the page at `base` to `target` (both from the site root, '' is the home page)."""
    rel = _relpath(_parts(target), _parts(page_dir(base)))
    if rel == ".":
        return "./"
    return rel + "/" if (target.endswith("/") or target == "") and not rel.endswith("/") else rel


@lru_cache(maxsize=8192)
def _parts(path: str) -> tuple[str, ...]:
    """The parts posixpath.relpath compares: those of normpath('/' + path)."""
    parts = [p for p in path.split("/") if p]
    if "." in parts or ".." in parts:
        parts = [p for p in posixpath.normpath("/" + path).split("/") if p]
    return tuple(parts)


def _relpath(path: tuple, start: tuple) -> str:
    # posixpath.relpath("/" + path, "/" + start) on parts: a generated page makes thousands of links.
    i, n = 0, min(len(path), len(start))
    while i < n and path[i] == start[i]:
        i += 1
    return "/".join([".."] * (len(start) - i) + list(path[i:])) or "."


def site_path(ref: str, base_dir: str, site_url: str | None) -> str | None:
    """Like `resolve`, but also recognises absolute links to this site (`https://host/sub/x/`, `/sub/x/`)."""
    if site_url:
        ref = html.unescape(ref).strip()
        root = site_url if site_url.endswith("/") else site_url + "/"
        sub = urlsplit(root).path
        for prefix in (root, root.replace("https://", "http://", 1)):
            if ref.startswith(prefix):
                return resolve(ref[len(prefix):] or "./", "")
        if sub != "/" and ref.startswith(sub):
            return resolve(ref[len(sub):] or "./", "")
    return resolve(ref, base_dir)


_REF = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']*)["']""", re.I)


def broken_links(site_dir, site_url: str | None = None) -> list[tuple[str, str]]:
    """(page, reference) for every link or source in the built HTML that points to no file in the site.
    A folder link needs its index.html. Other hosts, anchors and mailto: are not checked here."""
    site_dir = Path(site_dir)
    files = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()}
    out = []
    for page in sorted(f for f in files if f.endswith(".html")):
        text = (site_dir / page).read_text(encoding="utf-8", errors="replace")
        for ref in sorted(set(_REF.findall(text))):
            target = site_path(ref, posixpath.dirname(page), site_url)
            if target is None:
                continue
            if target == "" or target.endswith("/"):
                target += "index.html"
            if target not in files and target + "/index.html" not in files:
                out.append((page, ref))
    return out
