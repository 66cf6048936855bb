"""A release page's byline is added to the rendered page (mkdocs_adapter.with_byline) instead of being
rendered with the page's Markdown: for the Markdown extensions in BYLINE_AFTER both ways give the same page
(content, table of contents, anchors, title), whatever the page's Markdown holds."""
from __future__ import annotations

import logging

from hypothesis import example, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from campaign.mkdocs_adapter import BYLINE_AFTER, byline_later, with_byline
from conftest import ROOT

CONFIG = load_config(str(ROOT / "mkdocs.yml"))
BYLINES = [
    '<p class="campaign-byline">Published <time datetime="2026-09-08">8 September 2026</time></p>',
    '<p class="campaign-byline">By A. O&#x27;Neil &amp; B, Detective · <a href="../../champions/#champion-x">The '
    "author's champion profile</a> · Published <time datetime=\"2026-09-08\">8 September 2026</time> · Updated "
    '<time datetime="2026-10-01">1 October 2026</time> · Theme: <a href="../../themes/child-abuse/">Child '
    "abuse</a> · For: First responders, Detectives</p>",
]
# Beginnings and pieces of pages: headings first (the title MkDocs takes from a first heading), raw HTML,
# Markdown inside HTML, code, lists, admonitions, tables, attribute lists, a table of contents, reference
# definitions (a page of nothing else renders empty), comments, blank and indented lines (of spaces, of a tab).
PIECES = ["# Title", "## Part {: #part }", "Text with *emphasis* and [a link](../other/).", "<div>raw</div>",
          '<div markdown="1">\n*inside*\n</div>', "    indented code", "```\nfenced\n```", "- one\n- two",
          "1. first", "> quoted", "!!! note\n    Body.", "| a | b |\n|---|---|\n| 1 | 2 |", "{: .x }", "[TOC]",
          "Setext\n===", "[ref]: https://intranet.example/", "[linked][ref]", "<!-- comment -->", "---", "",
          "   ", "\t", "Line  \nbreak", "<p>raw paragraph</p>", "&amp; entity",
          "<details><summary>s</summary>x</details>"]


def _render(markdown: str) -> Page:
    file = File("articles/x.md", CONFIG.docs_dir, CONFIG.site_dir, True)
    page = Page(None, file, CONFIG)
    page.markdown = markdown
    page.render(CONFIG, Files([file]))
    return page


def _toc(items) -> list:
    return [(i.title, i.id, i.level, _toc(i.children)) for i in items]


def test_the_projects_extensions_are_all_known():
    assert set(CONFIG.markdown_extensions) <= BYLINE_AFTER


@settings(max_examples=150)
# A first line of spaces only, then a line indented by four: see mkdocs_adapter.byline_later.
@example(BYLINES[0], ["   ", "    indented code"], "\n")
@example(BYLINES[1], ["\t", "    indented code"], "\n")
@given(st.sampled_from(BYLINES), st.lists(st.sampled_from(PIECES), min_size=1, max_size=6),
       st.sampled_from(["\n\n", "\n", "\n\n\n"]))
def test_byline_added_after_rendering_is_the_byline_rendered_with_the_page(line, pieces, sep):
    markdown = sep.join(pieces)
    if not markdown.strip():
        return  # the adapter renders a blank page with its byline, the old way
    logging.disable(logging.WARNING)  # MkDocs' notes on links to pages this test has not got
    try:
        together = _render(line + "\n\n" + markdown)
        alone = _render(byline_later(markdown))  # what on_page_markdown gives MkDocs to render
    finally:
        logging.disable(logging.NOTSET)
    assert with_byline(alone.content, line, alone) == together.content
    assert _toc(alone.toc.items) == _toc(together.toc.items)
    assert alone.present_anchor_ids == together.present_anchor_ids
    assert alone._title_from_render == together._title_from_render


def test_bylines_are_added_after_rendering_only_where_nothing_else_sees_the_page():
    """With the project's configuration the byline is added after rendering; a plugin that also handles the
    page's Markdown or content (it would see the page without its byline) keeps the byline in the Markdown."""
    from campaign.mkdocs_adapter import _byline_after

    config = load_config(str(ROOT / "mkdocs.yml"))
    assert _byline_after(config)
    config.plugins.events["page_content"].append(lambda html, **kw: html)
    assert not _byline_after(config)
    config = load_config(str(ROOT / "mkdocs.yml"))
    config.markdown_extensions.append("footnotes")
    assert not _byline_after(config)
