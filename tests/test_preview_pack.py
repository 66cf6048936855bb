"""make preview-pack DATE=...: one zip of the bannered site as of DATE that an approver browses from disk.

Unpacked anywhere, it opens from file:// in Chromium: every link leads to a page (never a folder listing),
no request leaves the unpacked folder, every page carries the preview banner, and the pack carries the
preview marker. It is never written under site/ or a DEST, and make publish refuses it, as a zip or unpacked.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest

from conftest import ROOT, Project
from test_preview import BANNER, project

sys.path.insert(0, str(ROOT / "scripts"))
import browser_support  # noqa: E402

MARKER = "PREVIEW-NOT-FOR-PUBLICATION.txt"
DATE = "2026-10-12 12:00"


def make(p: Project, target: str, **vars) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "DEST", "DATE", "OUT",
                                                           "CAMPAIGN_PREVIEW", "PYTHONPATH")}
    env.update(NO_MKDOCS_2_WARNING="1", CAMPAIGN_NOW=vars.pop("now", "2026-10-05"))
    args = [f"{k}={v}" for k, v in vars.items()]
    return subprocess.run(["make", "-f", str(ROOT / "Makefile"), "-C", str(p.path), target, *args,
                           f"PY={sys.executable}", "READY="], env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> tuple[Project, Path, Path]:
    """(project, zip, unpacked folder): the pack made once, unpacked elsewhere."""
    tmp = tmp_path_factory.mktemp("pack")
    p = project(tmp)
    out = tmp / "review" / "for-approval.zip"
    done = make(p, "preview-pack", DATE=DATE, OUT=str(out))
    assert done.returncode == 0, done.stderr[-3000:]
    assert out.is_file() and str(out) in done.stderr
    unpacked = tmp / "approver downloads"  # a space: a path on disk is not a URL
    with zipfile.ZipFile(out) as z:
        z.extractall(unpacked)
    return p, out, unpacked


def _root(unpacked: Path) -> Path:
    [top] = list(unpacked.iterdir())  # one folder, so unzipping never scatters files
    return top


def test_the_pack_is_one_zip_with_the_marker_and_a_banner_on_every_page(pack):
    p, out, unpacked = pack
    top = _root(unpacked)
    assert (top / MARKER).is_file() and "never publish" in (top / MARKER).read_text()
    pages = sorted(top.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        assert BANNER in page.read_text(encoding="utf-8"), page
    assert "Bravo second release" in (top / "index.html").read_text()  # the site as of DATE, not as of now
    assert not p.site.exists()


def test_every_link_on_every_page_leads_to_a_file_on_disk(pack):
    _, _, unpacked = pack
    top = _root(unpacked)
    bad = []
    for page in sorted(top.rglob("*.html")):
        doc = lxml.html.fromstring(page.read_bytes())
        for el, attr, link, _ in doc.iterlinks():
            if el.tag == "a" or (el.tag == "link" and attr == "href") or attr == "src":
                parts = urlsplit(link)
                if parts.scheme in ("data", "mailto", "tel", "javascript") or link.startswith("#"):
                    continue
                if parts.scheme or link.startswith("//"):
                    if el.tag == "a":
                        continue  # a link out is the reader's choice; nothing loads it by itself
                    bad.append((page.relative_to(top).as_posix(), link, "loads from elsewhere"))
                    continue
                target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
                if not target.is_file():
                    bad.append((page.relative_to(top).as_posix(), link, "folder" if target.is_dir() else "missing"))
    assert bad == [], bad[:20]


def test_it_browses_offline_in_chromium_and_no_request_leaves_the_disk(pack):
    _, _, unpacked = pack
    top = _root(unpacked)
    requests: list[str] = []
    errors: list[str] = []
    with browser_support.browser() as browser:
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        ctx.on("request", lambda r: requests.append(r.url))
        page = ctx.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((top / "index.html").as_uri())
        assert BANNER in page.inner_text("body")
        visited = []
        for label in ("What's new", "Bravo second release", "About the campaign"):
            page.goto((top / "index.html").as_uri())
            page.get_by_role("link", name=label).first.click()
            page.wait_for_load_state()
            url = page.url
            visited.append(url)
            assert url.startswith("file://") and urlsplit(url).path.endswith(".html"), url  # a page, not a listing
            assert BANNER in page.inner_text("body"), url
            assert page.locator("h1").count() >= 1, url
        # Search works from disk too, and its results are pages.
        page.goto((top / "index.html").as_uri())
        page.keyboard.press("/")
        page.keyboard.type("Bravo")
        page.locator(".md-search-result__link").first.wait_for(timeout=15000)
        hrefs = [a.get_attribute("href") for a in page.locator(".md-search-result__link").all()]
        assert hrefs and all(h.startswith("file://") and urlsplit(h).path.endswith(".html") for h in hrefs), hrefs
        ctx.close()
    base = top.as_uri()
    outside = sorted({u for u in requests if not (u.startswith(base + "/") or urlsplit(u).scheme in ("data", "blob"))})
    assert outside == [], outside
    assert errors == [], errors


def test_never_written_under_site_or_a_dest_and_publish_refuses_it(tmp_path, pack):
    _, packed, unpacked = pack
    p = project(tmp_path)
    # A published DEST (a symlink into its versions folder). Published as of DATE, so the pack shows nothing
    # that is not live: the audit has nothing to say and the refusal is the preview marker's.
    env = dict(os.environ, CAMPAIGN_NOW=DATE, PYTHONPATH=str(p.path / "hooks"), NO_MKDOCS_2_WARNING="1")
    env.pop("CAMPAIGN_PREVIEW", None)
    done = subprocess.run([sys.executable, "-m", "campaign", "--root", str(p.path), "publish", "--dest", "www/site"],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for out, extra in ((p.path / "site" / "pack.zip", {}),
                       (p.path / "www/site/pack.zip", {}), (p.path / "www/site/sub/pack.zip", {}),
                       (tmp_path / "elsewhere/pack.zip", {"DEST": str(tmp_path / "elsewhere")})):
        r = make(p, "preview-pack", DATE=DATE, OUT=str(out), **extra)
        assert r.returncode != 0 and "never" in r.stderr, (out, r.stderr[-2000:])
        assert not out.exists() and not (p.path / "site").exists()
    # The zip, or an unpacked copy, in the docs: publish refuses the build that carries it.
    for name, put in (("zip", lambda d: shutil.copy2(packed, d / "for-approval.zip")),
                      ("unpacked", lambda d: shutil.copytree(_root(unpacked), d / "approval"))):
        docs = p.path / "docs" / "downloads"
        docs.mkdir(parents=True, exist_ok=True)
        put(docs)
        before = os.readlink(p.path / "www/site")
        done = subprocess.run([sys.executable, "-m", "campaign", "--root", str(p.path), "publish", "--dest", "www/site"],
                              env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode != 0 and "preview" in done.stderr, (name, done.stderr[-2000:])
        assert os.readlink(p.path / "www/site") == before
        shutil.rmtree(docs)
    # An unpacked copy as DEST itself.
    copy = tmp_path / "unpacked-dest"
    shutil.copytree(_root(unpacked), copy)
    done = subprocess.run([sys.executable, "-m", "campaign", "--root", str(p.path), "publish", "--dest", str(copy)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode != 0 and "preview" in done.stderr, done.stderr[-2000:]
    assert (copy / MARKER).is_file()


def test_make_help_lists_preview_pack():
    done = subprocess.run(["make", "-s", "-f", str(ROOT / "Makefile"), "-C", str(ROOT), "help"],
                          capture_output=True, text=True, timeout=60)
    assert "preview-pack DATE=" in done.stderr + done.stdout


@pytest.mark.parametrize("files, message", [pytest.param(*p.values, id=p.id) for p in __import__("test_preview").TREE_SLIPS])
def test_preview_pack_runs_the_tree_checks_of_a_build(tmp_path, files, message):
    from test_preview import slip

    p = project(tmp_path)
    slip(p, files)
    out = tmp_path / "pack.zip"
    done = make(p, "preview-pack", DATE="2026-10-05", OUT=str(out))
    assert done.returncode != 0 and message in done.stderr, done.stderr[-3000:]
    assert not out.exists()


def test_a_refused_pack_names_what_the_audit_finds_too(tmp_path):
    """As make build: a heading the tree check refuses and a hidden sentence only the audit of the preview
    finds, both named in one run; no pack written."""
    from test_preview import B

    sentence = "A quiet harbour story about the river and the old boats."
    p = project(tmp_path)
    p.write("docs/articles/b-second.md", f"# {B[1]}\n\n{sentence}\n")
    p.write("docs/help.md", f"Evergreen help.\n\n## {B[1]}\n")
    p.write("docs/about.md", f"About.\n\n{sentence}\n")
    out = tmp_path / "pack.zip"
    done = make(p, "preview-pack", DATE="2026-10-05", OUT=str(out))
    assert done.returncode != 0, done.stderr[-3000:]
    where = sorted(line.split(": ", 1)[0] for line in done.stderr.splitlines() if line.startswith("docs/"))
    assert where == ["docs/about.md:3", "docs/help.md:3"], done.stderr[-3000:]
    assert not out.exists() and not list(tmp_path.glob("*.partial"))
