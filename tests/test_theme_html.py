"""Issue 8: valid HTML on every page (Nu HTML Checker), no host but site_url's in any page, stylesheet
or script, and a site that works under site_url's sub-path. All on the real default campaign, built once
with every release live (the `full_site` fixture)."""
from __future__ import annotations

import json
from html import escape as html_escape
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from campaign.render.theme_html import fix_page_html

from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
SITE_HOST = urlsplit(SITE_URL).hostname
SITE_PATH = urlsplit(SITE_URL).path
# The organisation's feedback form (campaign.feedback_form): on the intranet's host but another application,
# linked from every page on purpose; the plan check holds it to the site's host.
FEEDBACK_FORM = (yaml.safe_load((ROOT / "campaign_plan.yaml").read_text(encoding="utf-8"))["campaign"]
                 .get("feedback_form"))
# XML namespace names look like URLs but are identifiers that no browser fetches.
NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink", "http://www.w3.org/1999/xhtml",
              "http://www.w3.org/XML/1998/namespace", "http://www.w3.org/2000/xmlns/",
              "http://www.w3.org/1998/Math/MathML"}
_URL = re.compile(r"""(?:https?:)?//([A-Za-z0-9.-]+\.[A-Za-z]{2,}|localhost|\d+\.\d+\.\d+\.\d+)(?::\d+)?[^\s"'`)<>\\]*""")
_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_LINE_COMMENT = re.compile(r"^\s*//.*$", re.M)
_SVG_COMMENT = re.compile(r"(?:<|\\3c ?)!--.*?--(?:>|\\3e ?)", re.S | re.I)  # also inside CSS data: URIs
_ATTR = re.compile(r"""\s(href|src|action|srcset|poster|data|formaction)\s*=\s*["']([^"']*)["']""", re.I)
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)|@import\s+["']([^"']+)["']""")


def _foreign(text: str, *, protocol_relative: bool) -> list[str]:
    found = []
    for m in _URL.finditer(text):
        url = m.group(0)
        if url.startswith("//") and not protocol_relative:
            continue  # `//` outside an attribute or url() is a comment or operator, not an address
        if url.rstrip("/") in {n.rstrip("/") for n in NAMESPACES} or m.group(1) == SITE_HOST:
            continue
        found.append(url)
    return found


def test_every_page_is_valid_html(full_site):
    """Nu HTML Checker (vnu-jar from npm) over every HTML file of the build: zero errors."""
    java = shutil.which("java")
    assert java, "Java is needed for the Nu HTML Checker"
    assert VNU.is_file(), f"{VNU} missing: run `make test-deps` (npm ci)"
    pages = sorted(full_site.rglob("*.html"))
    assert len(pages) > 40
    run = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html",
                          str(full_site)], capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr)["messages"]
    errors = [f"{m['url'].split(str(full_site))[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
              if m.get("type") in ("error", "non-document-error")]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors[:40])
    # The checker really checked: it reports a file we break on purpose.
    broken = full_site.parent / "broken"
    broken.mkdir(exist_ok=True)
    (broken / "x.html").write_text(pages[0].read_text(encoding="utf-8").replace("<label", "<label tabindex=\"\"", 1),
                                   encoding="utf-8")
    bad = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", str(broken / "x.html")],
                         capture_output=True, text=True, timeout=120)
    assert json.loads(bad.stderr)["messages"], "vnu reported nothing for a page with an invalid attribute"


_LOADED_ATTR = re.compile(r"""\s(src|srcset|poster|data|action|formaction|style|content)\s*=\s*["']([^"']*)["']""", re.I)
_LINK_TAG = re.compile(r"<link\b[^>]*>", re.I)
_INLINE = re.compile(r"<(script|style)\b[^>]*>(.*?)</\1>", re.S | re.I)


def page_references(html: str) -> list[str]:
    """Other-host URLs a page makes the browser load or run: loader attributes (src, srcset, poster,
    data, form actions, style, meta content), every <link> (stylesheets, icons, feeds, canonical) and
    inline scripts and styles. A hyperlink (<a href>) to a partner's website is something a reader may
    choose to follow, not a request the page makes, so the partners directory may name its partners'
    sites; the browser tests prove no page requests anything from another host."""
    found = []
    for _, value in _LOADED_ATTR.findall(html):
        found += _foreign(value, protocol_relative=True)
    for tag in _LINK_TAG.findall(html):
        found += _foreign(tag, protocol_relative=True)
    for _, body in _INLINE.findall(html):
        found += _foreign(_LINE_COMMENT.sub("", _BLOCK_COMMENT.sub("", body)), protocol_relative=False)
    return found


def test_no_page_stylesheet_or_script_names_another_host(full_site):
    problems = []
    for path in sorted(full_site.rglob("*")):
        rel = path.relative_to(full_site).as_posix()
        if path.suffix == ".html":
            problems += [f"{rel}: {u}" for u in page_references(path.read_text(encoding="utf-8"))]
        elif path.suffix == ".svg":
            problems += [f"{rel}: {u}" for u in _foreign(path.read_text(encoding="utf-8"), protocol_relative=True)]
        elif path.suffix == ".css":
            text = _SVG_COMMENT.sub("", _BLOCK_COMMENT.sub("", path.read_text(encoding="utf-8")))
            for a, b in _CSS_URL.findall(text):
                problems += [f"{rel}: {u}" for u in _foreign(a or b, protocol_relative=True)]
            problems += [f"{rel}: {u}" for u in _foreign(text, protocol_relative=False)]
        elif path.suffix == ".js":
            # Licence headers and comments name their projects' sites; code must not.
            text = _LINE_COMMENT.sub("", _BLOCK_COMMENT.sub("", path.read_text(encoding="utf-8")))
            problems += [f"{rel}: {u}" for u in _foreign(text, protocol_relative=False)]
    assert not problems, "references to other hosts:\n" + "\n".join(problems[:40])
    html = (full_site / "index.html").read_text(encoding="utf-8")
    assert 'name="generator"' not in html and "squidfunk" not in html
    assert list(full_site.glob("assets/javascripts/bundle.*.js")), "Material's bundle was not scanned"
    # Source maps hold Material's original sources (and their URLs): not published, not pointed at.
    assert not list(full_site.rglob("*.map"))
    assert not [p for p in full_site.rglob("*") if p.suffix in (".js", ".css")
                and "sourceMappingURL" in p.read_text(encoding="utf-8")]


def test_scanner_finds_a_foreign_host():
    """The scanner above is not blind: these are the forms it must catch and the ones it must let by."""
    assert _foreign('<img src="https://cdn.example.net/x.png">', protocol_relative=False)
    assert _foreign("//fonts.googleapis.com/css", protocol_relative=True)
    assert _foreign('_t("https://unpkg.com/mermaid@11/dist/mermaid.min.js")', protocol_relative=False)
    assert not _foreign('<svg xmlns="http://www.w3.org/2000/svg">', protocol_relative=False)
    assert not _foreign(f'<link rel="canonical" href="{SITE_URL}about/">', protocol_relative=False)
    assert page_references('<link rel="stylesheet" href="https://cdn.example.net/a.css">')
    assert page_references('<script>fetch("https://api.example.net/x")</script>')
    assert page_references('<div style="background:url(//img.example.net/a.png)"></div>')
    assert page_references('<img alt="" srcset="a.png 1x, https://img.example.net/b.png 2x">')
    assert not page_references('<a href="https://partner.example/">Partner</a> https://partner.example/')


def test_site_works_under_the_sub_path(full_site):
    """Every address in pages and stylesheets is relative or under site_url's path, never root-absolute,
    so the site works from https://intranet.example/campaigns/spot-it/ or any other folder."""
    assert SITE_PATH not in ("", "/")
    problems = []
    for path in sorted(full_site.rglob("*.html")):
        rel = path.relative_to(full_site).as_posix()
        for name, value in _ATTR.findall(path.read_text(encoding="utf-8")):
            for v in ([s.strip().split(" ")[0] for s in value.split(",")] if name.lower() == "srcset" else [value]):
                if v.startswith("/") and not v.startswith("//") and not v.startswith(SITE_PATH):
                    problems.append(f"{rel}: {name}={v}")
                if v.startswith(("http://", "https://")) and urlsplit(v).hostname == SITE_HOST \
                        and not urlsplit(v).path.startswith(SITE_PATH) and v != FEEDBACK_FORM:
                    problems.append(f"{rel}: {name}={v}")
    for path in sorted(full_site.rglob("*.css")):
        for a, b in _CSS_URL.findall(_BLOCK_COMMENT.sub("", path.read_text(encoding="utf-8"))):
            if (a or b).startswith("/"):
                problems.append(f"{path.relative_to(full_site)}: url({a or b})")
    assert not problems, "\n".join(problems[:40])
    # 404.html is served at any depth, so its links must be under the sub-path (not relative).
    page404 = (full_site / "404.html").read_text(encoding="utf-8")
    assert f'href="{SITE_PATH}assets/' in page404 or f'href="{SITE_PATH}' in page404


def test_theme_chrome_and_statement(full_site):
    html = (full_site / "index.html").read_text(encoding="utf-8")
    assert 'data-md-color-primary="custom"' in html and "stylesheets/campaign.css" in html
    footer = html.split("<footer")[1]  # the footer band: the plan's name and strapline, mkdocs.yml's
    assert "Think Child. Think Safeguarding." in footer  # copyright line and footer_links (nav titles)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["copyright"] and html_escape(config["copyright"]) in footer
    links = re.findall(r'<p class="campaign-footer__links">(.*?)</p>', footer, re.S)[0]
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', links) == [
        ("accessibility/", "Accessibility statement"), ("help/", "Help"), ("what-to-do/", "What to do if you spot a sign")]
    assert "images/motif.svg" in (full_site / "stylesheets" / "campaign.css").read_text(encoding="utf-8")
    # The shared theme (print styles among them) loads before the campaign's colours, which override it.
    css = (full_site / "assets" / "stylesheets" / "campaign-theme.css").read_text(encoding="utf-8")
    assert "@page { size: A4" in css and "@media print" in css
    assert html.index("assets/stylesheets/campaign-theme.css") < html.index("stylesheets/campaign.css\"")
    statement = (full_site / "accessibility" / "index.html").read_text(encoding="utf-8")
    for heading in ("Compliance status", "Non-accessible content", "Reporting accessibility problems",
                    "Enforcement procedure", "Preparation of this accessibility statement"):
        assert heading in statement, heading
    assert "Equality and Human Rights Commission" in statement and "example.org" in statement
    assert 'href="accessibility/"' in html  # in the nav (and the footer) of every page
    episode = next((full_site / "podcast").glob("episode-*/index.html")).read_text(encoding="utf-8")
    assert "javascripts/audio-keys.js" in episode


@pytest.mark.parametrize("before, after", [
    ('<input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off">',
     '<input class="md-toggle" type="checkbox" id="__drawer">'),
    ('<input type="text" class="md-search__input" autocomplete="off">',
     '<input type="text" class="md-search__input" autocomplete="off">'),
    ('<label class="md-nav__link" for="__nav_3" id="__nav_3_label" tabindex=""><input id="__nav_3">',
     '<label class="md-nav__link" for="__nav_3" id="__nav_3_label"><input id="__nav_3">'),
    ('<label class="md-nav__title" for="__toc">', '<label class="md-nav__title">'),
])
def test_fix_page_html(before, after):
    assert fix_page_html(before) == after
    assert fix_page_html(after) == after


def test_template_patches_apply_to_materials_templates():
    """The repairs are made in Material's templates as they load: each patch finds its text in the installed
    Material (after a Material update that moves it, pages fall back to the repairs after rendering)."""
    import material

    from campaign.render.theme_html import TEMPLATE_PATCHES, patch_template

    templates = Path(material.__file__).parent / "templates"
    for name, patches in TEMPLATE_PATCHES.items():
        source = (templates / name).read_text(encoding="utf-8")
        patched = patch_template(name, source)
        assert patched is not None, name
        for old, new, times in patches:
            assert patched.count(new) == times and old not in patched.replace(new, ""), (name, old)
    assert patch_template("base.html", "<html></html>") is None
    assert patch_template("partials/other.html", "<p>as it is</p>") == "<p>as it is</p>"


def test_patched_templates_give_the_repaired_pages(full_site, tmp_path, monkeypatch):
    """The default campaign (every release live: pages in the navigation and pages outside it, with and
    without a table of contents, and 404.html) built from Material's templates as they are, each page repaired
    after rendering, is byte for byte the build from the patched templates, which repairs no page."""
    from campaign import mkdocs_adapter
    from campaign.render import theme_html

    from conftest import FULL_SITE_NOW, build_default

    monkeypatch.setattr(mkdocs_adapter, "PATCH_TEMPLATES", False)
    build_default(tmp_path / "repaired", FULL_SITE_NOW)
    repaired = sorted(p.relative_to(tmp_path / "repaired") for p in (tmp_path / "repaired").rglob("*") if p.is_file())
    assert repaired == sorted(p.relative_to(full_site) for p in full_site.rglob("*") if p.is_file())
    for rel in repaired:
        assert (tmp_path / "repaired" / rel).read_bytes() == (full_site / rel).read_bytes(), rel
    pages = [p.read_text(encoding="utf-8") for p in full_site.rglob("*.html")]
    assert all(fix_page_html(page) == page for page in pages)
    # Both kinds of table-of-contents label are there: naming its checkbox (a page in the navigation) and not.
    assert any('<label class="md-nav__title" for="__toc">' in page for page in pages)
    assert any('<label class="md-nav__title">' in page and 'id="__toc"' not in page for page in pages)
    # ... and the patched build repairs nothing after rendering.
    monkeypatch.setattr(mkdocs_adapter, "PATCH_TEMPLATES", True)
    calls = []
    monkeypatch.setattr(theme_html, "fix_page_html", lambda html: calls.append(1) or html)
    build_default(tmp_path / "patched", FULL_SITE_NOW)
    assert calls == []


def test_a_campaigns_own_template_gets_the_repairs_after_rendering(project):
    """A campaign with its own copy of a patched template (here the table of contents, written its own way):
    the patches do not apply, and every page is repaired after rendering instead."""
    import material

    toc = (Path(material.__file__).parent / "templates" / "partials" / "toc.html").read_text(encoding="utf-8")
    ours = toc.replace('<label class="md-nav__title" for="__toc">', '<label for="__toc" class="md-nav__title">')
    assert ours != toc
    project.write("overrides/partials/toc.html", ours)
    body = "Intro.\n\n## First part\n\nText.\n\n## Second part\n\nText.\n"
    project.plan(project.article("launch-article", "Launch article for everyone", "2026-09-07 08:00", body=body))
    code, err = project.build("2026-10-01")
    assert code == 0, err
    page = (project.site / "articles" / "launch-article" / "index.html").read_text(encoding="utf-8")
    assert 'id="__toc"' not in page and '<label class="md-nav__title">' in page and 'for="__toc"' not in page
    home = (project.site / "index.html").read_text(encoding="utf-8")
    checkboxes = re.findall(r'<input[^>]*type="checkbox"[^>]*>', home)
    assert checkboxes and not any("autocomplete" in tag for tag in checkboxes)
    assert 'tabindex=""' not in home


def test_feeds_are_not_taken_for_language_versions(full_site):
    """Material fetches sitemap.xml beside every <link rel="alternate"> it takes for a language version;
    the feeds are advertised with rel="alternate" (autodiscovery) and Material's selector is narrowed to
    links with hreflang, which its own language links always have."""
    html = (full_site / "index.html").read_text(encoding="utf-8")
    feeds = re.findall(r'<link rel="alternate" type="application/rss\+xml"[^>]*>', html)
    assert len(feeds) == 2 and not any("hreflang" in f for f in feeds), feeds
    bundle = next(full_site.glob("assets/javascripts/bundle.*.min.js")).read_text(encoding="utf-8")
    assert bundle.count('"link[rel=alternate][hreflang]"') == 1 and '"link[rel=alternate]"' not in bundle


def test_bundle_without_the_selector_fails_loudly(tmp_path):
    from campaign.render.theme_html import ThemeAssetError, neutralise_assets

    (tmp_path / "assets" / "javascripts").mkdir(parents=True)
    (tmp_path / "assets" / "javascripts" / "bundle.0123abcd.min.js").write_text('M("link[rel=other]")')
    with pytest.raises(ThemeAssetError, match="bundle.0123abcd.min.js"):
        neutralise_assets(tmp_path)


# Pieces of Material's chrome and of odd markup (a tag inside an attribute, ids that only look alike,
# attributes around the ones repaired, an article between the theme's parts), for the test below.
_PIECES = ['<input type="checkbox" id="__drawer" autocomplete="off">', '<input type="text" autocomplete="off">',
           '<input class="md-toggle" autocomplete="off" type="checkbox">', '<label for="__drawer">',
           '<label class="md-nav__link" for="__nav_2" tabindex="">', '<label for="__toc" tabindex="">',
           '<label tabindex="" for="__nav_9">', '<label for="x">', '<label>', '<label\nfor="__search">',
           'id="__nav_2"', ' id="__search"', 'data-id="__toc"', ' id="x"', '\tid="__nav_9"', '<article>',
           '</article>', '<input title="<label for=&quot;x&quot;>" autocomplete="off" type="checkbox">',
           '<label title="<input type="checkbox" autocomplete="off">" for="x">', '<labelled for="x">',
           '<input', '<label', '>', ' ', 'text', '<div class="md-nav">', "\n"]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_one_pass_repairs_are_the_two_pass_definition(pieces):
    """fix_page_html finds both kinds of tag in one pass and keeps each tag's repair; the repairs are
    defined as two passes (inputs, then labels). Same output on any markup."""
    from campaign.render import theme_html

    page = "".join(pieces)
    start, end = page.find("<article"), page.rfind("</article>")
    if start < 0 or end < start:
        expected = theme_html._fix_theme_part_by_pass(page, page, {})
    else:
        expected = (theme_html._fix_theme_part_by_pass(page[:start], page, {}) + page[start:end]
                    + theme_html._fix_theme_part_by_pass(page[end:], page, {}))
    assert fix_page_html(page) == expected
    assert fix_page_html(page) == expected  # with every tag's repair kept from the first call


@settings(max_examples=400)
@given(st.lists(st.sampled_from(["x", " ", "\n", "\r\n", "//# ", "/*# ", " */", "sourceMappingURL=", "a.map",
                                 "//# sourceMappingURL=bundle.js.map", "/*# sourceMappingURL=main.css.map */",
                                 "\t", "https://unpkg.com/", ";"]), max_size=30))
def test_source_map_comment_removed_as_the_pattern_says(pieces):
    """Scripts lose their source map comment by a look at their end only: the same text as the pattern."""
    from campaign.render import theme_html

    text = "".join(pieces)
    assert theme_html._without_map_comment(text) == theme_html._MAP_COMMENT.sub("", text)
