"""`make preview-pack DATE=...`: the bannered site as of DATE in one zip that browses offline from disk.

An approver unzips it anywhere and opens `index.html`: no server, no request leaving the disk. The build is
the preview's (same pages, banner on every page, the preview marker, the leak audit as of DATE); then, for
file:// only:
- every link to a folder gets its `index.html` (a browser shows a folder listing for a folder link on disk;
  the published site keeps its directory URLs), and links by the site's absolute address become relative;
- the search index is also a script (the theme loads it that way from disk) with the same page links, and
  an inline shim runs the theme's search worker in an iframe (browsers refuse Workers from file://).
The zip holds one folder, is written beside nothing published (never under site/ or a DEST), and carries
the marker that `make publish` refuses.
"""
from __future__ import annotations

import json
import os
import posixpath
import re
import sys
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from ..mkdocs_adapter import BuildFailed, build_into
from ..release.snapshot import Snapshot
from ..render.status import PREVIEW_MARKER
from ..source.errors import CampaignError
from ..source.times import human
from .prebuild import refusals

_ATTR = re.compile(r"""(\s(?:href|src|poster|srcset)\s*=\s*)(["'])(.*?)\2""", re.I | re.S)
_SHIM = Path(__file__).with_name("offline_worker.js")


class PackRefused(Exception):
    pass


def default_name(now, tz) -> str:
    local = now.astimezone(tz)
    return f"preview-{local:%Y-%m-%d-%H%M}"


def refuse_place(root: Path, out: Path, dest: str | None) -> None:
    """Never under site/ or a DEST: not the one named by DEST=, nor any folder make publish serves."""
    places = {os.path.abspath(out), os.path.realpath(out)}
    forbidden = [(root / "site", "site/")]
    if dest:
        d = Path(dest) if os.path.isabs(dest) else root / dest
        forbidden.append((d, f"DEST ({dest})"))
    for folder, what in forbidden:
        for f in {os.path.abspath(folder), os.path.realpath(folder)}:
            if any(p == f or p.startswith(f + os.sep) for p in places):
                raise PackRefused(f"a preview pack is never written under {what}; choose another OUT=")
    for p in places:
        for a in Path(p).parents:
            if re.fullmatch(r"\..+\.versions", a.name) or (a.parent / f".{a.name}.versions").is_dir():
                raise PackRefused(f"{a} is a folder make publish serves (or keeps versions in): a preview pack "
                                  "is never written under a DEST; choose another OUT=")


def _relative(target: str, page_dir: str) -> str:
    rel = posixpath.relpath(target or ".", page_dir or ".")
    return rel + ("/" if target.endswith("/") and not rel.endswith("/") else "")


def offline_link(link: str, page: str, files: set[str], site_url: str, mount: str) -> str:
    """The link as it must read on disk: a folder link gets its index.html; the site's own absolute
    addresses become relative. Other links are left as they are."""
    parts = urlsplit(link)
    page_dir = posixpath.dirname(page)
    if link.startswith(site_url):
        path = _relative(link[len(site_url):], page_dir)
    elif parts.scheme or parts.netloc or not parts.path:
        return link  # another site, mailto:, a fragment on this page
    elif parts.path.startswith("/"):
        if not parts.path.startswith(mount):
            return link
        path = _relative(parts.path[len(mount):], page_dir)
    else:
        path = parts.path
    target = posixpath.normpath(posixpath.join(page_dir, path))
    if target.startswith(".."):
        return link
    target = "" if target == "." else target
    if target not in files and (target + "/index.html").lstrip("/") in files:
        path = path.rstrip("/") + "/index.html" if path not in ("", ".") else "index.html"
    q = urlsplit(link if not link.startswith(site_url) else link[len(site_url):])
    return urlunsplit(("", "", path, q.query, q.fragment))


def _rewrite_html(text: str, page: str, files: set[str], site_url: str, mount: str, shim: str) -> str:
    def one(m: re.Match) -> str:
        value = m.group(3)
        if m.group(1).strip().lower().startswith("srcset"):
            new = ", ".join(" ".join([offline_link(c.split()[0], page, files, site_url, mount), *c.split()[1:]])
                            for c in value.split(",") if c.strip())
        else:
            new = offline_link(value, page, files, site_url, mount)
        return f"{m.group(1)}{m.group(2)}{new}{m.group(2)}"

    text = _ATTR.sub(one, text)
    return text.replace("</head>", f"<script>{shim}</script></head>", 1)


def make_offline(site: Path, site_url: str) -> None:
    """Rewrite a built site in place so it browses from disk."""
    mount = urlsplit(site_url).path or "/"
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    shim = _SHIM.read_text(encoding="utf-8")
    for rel in sorted(files):
        if rel.endswith(".html"):
            p = site / rel
            p.write_text(_rewrite_html(p.read_text(encoding="utf-8"), rel, files, site_url, mount, shim),
                         encoding="utf-8")
    index = site / "search" / "search_index.json"
    if index.is_file():
        data = json.loads(index.read_text(encoding="utf-8"))
        for doc in data.get("docs", []):  # locations are from the site's root; "" and "#x" are the home page
            loc = doc.get("location", "")
            loc = "index.html" + loc if not urlsplit(loc).path else loc
            doc["location"] = offline_link(loc, "index.html", files, site_url, mount)
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        index.write_text(text, encoding="utf-8")
        (site / "search" / "search_index.js").write_text(f"var __index = {text}", encoding="utf-8")


def write_zip(site: Path, out: Path, top: str, label: str, when) -> int:
    """One folder in one zip, written beside `out` and renamed over it (never half a file)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.partial")
    stamp = when.timetuple()[:6] if when.year >= 1980 else (1980, 1, 1, 0, 0, 0)
    count = 0
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            z.comment = f"{label}. Preview: never publish it.".encode()[:65535]
            for p in sorted(site.rglob("*")):
                if p.is_file():
                    info = zipfile.ZipInfo(f"{top}/{p.relative_to(site).as_posix()}", stamp)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    z.writestr(info, p.read_bytes())
                    count += 1
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return count


def main(root: Path, plan, now, output: str | None) -> int:
    label = human(now, plan.tz)
    top = default_name(now, plan.tz)
    out = Path(os.path.abspath(output)) if output else root / f"{top}.zip"
    try:
        refuse_place(root, out, os.environ.get("DEST") or None)
    except PackRefused as exc:
        print(f"preview-pack: {exc}", file=sys.stderr)
        return 2
    # The same checks as make build, as of DATE: a symlink, copy or include of a gated file fails here, with
    # every other mistake the audit of the preview finds (built into a throwaway folder; the pack unwritten).
    problems = refusals(Snapshot(plan, now), extra={"campaign_preview": label})
    if problems:
        raise CampaignError(problems)
    with tempfile.TemporaryDirectory(prefix="campaign-preview-pack-") as tmp:
        site = Path(tmp) / top
        try:
            st = build_into(root, plan, now, site, extra={"campaign_preview": label})
        except BuildFailed as exc:
            print(f"preview-pack failed, nothing written: {exc}", file=sys.stderr)
            return 1
        assert (site / PREVIEW_MARKER).is_file(), "a preview build always carries the marker"
        make_offline(site, st.site_url or "")
        count = write_zip(site, out, top, f"Preview as of {label}", now.astimezone(plan.tz))
    size = out.stat().st_size / 1e6
    print(f"Preview pack as of {label} written to {out} ({count} files, {size:.1f} MB): unzip it and open "
          f"{top}/index.html in a browser. Not for publication: make publish refuses it.", file=sys.stderr)
    return 0
