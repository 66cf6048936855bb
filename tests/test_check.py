"""make check: every mistake at once, warnings that leave exit 0, and never a write to site/."""
from __future__ import annotations

import contextlib
import io
import json
import os
import re

import pytest

from campaign.commands import cli
from conftest import HEADER


def run(project, now: str, *args: str) -> tuple[int, str, str]:
    old = os.environ.get("CAMPAIGN_NOW")
    os.environ["CAMPAIGN_NOW"] = now
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(["--root", str(project.path), *args])
    finally:
        os.environ.pop("CAMPAIGN_NOW") if old is None else os.environ.__setitem__("CAMPAIGN_NOW", old)
    return code, out.getvalue(), err.getvalue()


def tree(path):
    # Python's bytecode is not the project's; everything else is, .cache/ included (the audit's needles are
    # written by a build that succeeds, never by make check).
    return sorted((p.relative_to(path).as_posix(), p.read_bytes() if p.is_file() else b"")
                  for p in path.rglob("*") if "__pycache__" not in p.parts)


def test_check_reports_every_problem_at_once_and_writes_nothing(project):
    body = ("Read [Second article title](b.md) soon, or [the next piece](b.md).\n\n"
            "![](chart.png)\n\n<img src=\"x.svg\">\n\n[Gone](missing.md)\n")
    plan = project.article("a", "First article title", "2026-09-08 08:00", body=body)
    plan += project.article("b", "Second article title", "2026-09-10 08:00")
    plan += project.article("c", "Third article title", "2026-09-10 09:00")
    plan += project.article("d", "Fourth article title", "2026-09-11 10:00")
    project.plan(plan)
    project.write("docs/bad-front.md", "---\ntitle: [unclosed\n---\nText.\n")
    project.write("site/index.html", "previous site")
    before = tree(project.path)
    code, out, err = run(project, "2026-09-09", "check")
    assert code == 1 and out == ""
    assert tree(project.path) == before  # site/ byte-identical, nothing else written
    assert ("docs/articles/a.md:1: the link to 'Second article title' (docs/articles/b.md) shows its title while "
            "that page is not live (until Thursday 10 September 2026, 08:00): make build and make publish stop on "
            "it now, and the published site stays as it was") in err
    assert ("warning: docs/articles/a.md:1: the link to 'Second article title' (docs/articles/b.md) is shown as "
            "plain text from Wednesday 9 September 2026, 00:00 until Thursday 10 September 2026, 08:00") in err
    assert "docs/articles/a.md:3: the image chart.png has no alt text" in err
    assert "docs/articles/a.md:5: the image x.svg has no alt text" in err
    assert "docs/bad-front.md:2: front matter: the page's front matter is not valid YAML" in err
    assert ("warning: campaign_plan.yaml:22: releases: 4 releases in ISO week 2026-W37 (a, b, c, d), "
            "over max_releases_per_week (3)") in err
    assert "docs/articles/a.md:7: MkDocs: Doc file 'articles/a.md' contains a link 'missing.md'" in err  # the link's own line
    # The link's text showing the title is one mistake: reported once, at its line, with no MkDocs
    # ERROR block and nothing blamed on mkdocs.yml. Warnings: 2 above, and one for each of the 4 stub
    # pages: too few words.
    assert sum(line.startswith("docs/articles/a.md:1: the") for line in err.splitlines()) == 1, err
    assert "leak audit failed" not in err and "ERROR" not in err and "mkdocs.yml" not in err
    assert err.rstrip().endswith("make check: 6 error(s), 6 warning(s)"), err


def test_future_page_links_are_checked_before_they_go_live(project):
    """A page that is not live yet is not built, so check reads its links itself."""
    plan = project.article("a", "First article title", "2026-10-08 08:00", body="[x](nowhere.md) [y](../help.md)\n")
    project.plan(plan)
    code, _, err = run(project, "2026-09-09", "check", "--no-build")
    assert code == 1
    assert "docs/articles/a.md:1: the link 'nowhere.md' points to no page in the built site" in err
    assert "help.md" not in err


def test_only_warnings_exit_zero_and_held_items_are_listed(project):
    header = HEADER.replace("  max_releases_per_week: 3\n", "  max_releases_per_week: 3\n  require_approval: true\n")
    plan = project.article("a", "Signed off article", "2026-09-08 08:00", extra='approved_by: "Head of Comms"',
                           body="Read [the draft](b.md).\n")
    plan += project.article("b", "Waiting for sign off", "2026-09-09 08:00")
    project.plan(plan, header=header)
    code, out, err = run(project, "2026-10-01", "check")
    assert code == 0, err
    assert ("warning: campaign_plan.yaml:29: held: b has no approved_by, so it is never published "
            "(release Wednesday 9 September 2026, 08:00)") in err
    assert ("the link to 'Waiting for sign off' (docs/articles/b.md) is shown as plain text from Thursday 1 "
            "October 2026, 00:00 until it is approved (held: no approved_by)") in err
    assert err.rstrip().endswith("make check: 0 error(s), 4 warning(s)")  # and 2 short pages
    assert not project.site.exists()
    # The schedule keeps its JSON shape and marks the item held, whatever the time; the table lists it.
    code, out, _ = run(project, "2027-06-01", "schedule", "--format", "json")
    rows = json.loads(out)
    assert [(r["id"], r["status"]) for r in rows] == [("a", "live"), ("b", "held")]
    assert set(rows[0]) == {"id", "kind", "title", "url", "source", "release", "until", "status"}
    code, out, _ = run(project, "2027-06-01", "schedule")
    assert "Held (waiting for approved_by, never published): b" in out
    # And the build never publishes it.
    code, err = project.build("2027-06-01")
    assert code == 0, err
    assert (project.site / "articles/a/index.html").exists()
    assert not (project.site / "articles/b").exists()
    assert "Waiting for sign off" not in (project.site / "search/search_index.json").read_text()


@pytest.mark.parametrize("front, line, message", [
    ("---\ntitle: x\n", 1, "the page starts with '---' but the front matter is never closed"),
    ("---\n- a\n- b\n---\n", 2, "the page's front matter must be keys and values"),
])
def test_front_matter_stops_the_build(project, front, line, message):
    project.plan(project.article("a", "First article title", "2026-09-08 08:00", body=front + "Body.\n"))
    code, err = project.build("2026-10-01")
    assert code == 1
    assert f"docs/articles/a.md:{line}: front matter: {message}" in err
    assert not project.site.exists()


def test_a_title_leak_says_what_happens_now_and_what_happens_later(project):
    """A link that shows a hidden page's title stops the build: now (nothing is published until it is fixed),
    or from the day the linking page goes live."""
    plan = project.article("a", "First article title", "2026-09-08 08:00",
                           body="Coming: [Second article title](b.md).\n")
    plan += project.article("b", "Second article title", "2026-10-10 08:00")
    plan += project.article("c", "Third article title", "2026-09-20 08:00",
                            body="Soon: [Second article title](b.md).\n")
    project.plan(plan)
    code, _, err = run(project, "2026-09-09", "check", "--no-build")
    assert code == 1
    assert ("docs/articles/a.md:1: the link to 'Second article title' (docs/articles/b.md) shows its title while "
            "that page is not live (until Saturday 10 October 2026, 08:00): make build and make publish stop on it "
            "now, and the published site stays as it was") in err, err
    assert ("docs/articles/c.md:1: the link to 'Second article title' (docs/articles/b.md) shows its title while "
            "that page is not live (from Sunday 20 September 2026, 08:00 until Saturday 10 October 2026, 08:00): "
            "from Sunday 20 September 2026, 08:00, make build and make publish will stop on it, and the published "
            "site will stay as it was") in err, err
    assert "would stop then" not in err


WORDS_129 = " ".join(["Word"] * 118) + "\n\n## What to do\n\n" + " ".join(["step"] * 6) + " [a link](../help.md).\n"


def test_short_pages_and_missing_roles_are_warned_about(project):
    short = project.article("a", "First article title", "2026-09-08 08:00", body=WORDS_129)
    long_ = project.article("b", "Second article title", "2026-09-08 09:00", body="word " * 300,
                            extra="roles: [detectives]")
    blog = project.article("c", "A blog of some words", "2026-09-08 10:00", kind="blog", folder="blog",
                           body="A few words.\n")
    roles = HEADER.replace("themes:\n", "roles:\n  - id: detectives\n    label: \"Detectives\"\n"
                           "  - id: police-staff\n    label: \"Police staff\"\nthemes:\n", 1)
    project.plan(short + long_ + blog, header=roles)
    code, _, err = run(project, "2026-10-01", "check", "--no-build")
    assert code == 0, err
    assert ("warning: docs/articles/a.md:1: the page has 129 words, fewer than the 300 that campaign.min_words "
            "asks for") in err, err
    assert "warning: docs/blog/c.md:1: the page has 3 words" in err, err
    assert "docs/articles/b.md:1: the page has" not in err
    # An article or resource without roles is on no role page; a blog has no roles.
    assert ("warning: campaign_plan.yaml:27: releases: a names no roles, so no role page lists it; expected one "
            "or more of detectives, police-staff") in err, err
    assert "b names no roles" not in err and "c names no roles" not in err
    # A campaign without roles has no role pages: nothing to warn about.
    project.plan(short + long_.replace("  roles: [detectives]\n", "") + blog)
    code, _, err = run(project, "2026-10-01", "check", "--no-build")
    assert code == 0 and "names no roles" not in err, err
    # The threshold is the plan's.
    project.plan(short + long_ + blog, header=roles.replace("  max_releases_per_week: 3\n",
                                                            "  max_releases_per_week: 3\n  min_words: 100\n"))
    code, _, err = run(project, "2026-10-01", "check", "--no-build")
    assert code == 0 and "docs/articles/a.md:1: the page has" not in err, err
    assert "warning: docs/blog/c.md:1: the page has 3 words, fewer than the 100" in err, err


def test_a_broken_html_link_is_named_at_its_line(project):
    body = "Text.\n\nMore text.\n\n<a href=\"../nowhere/\">the guide</a>\n"
    project.plan(project.article("a", "First article title", "2026-09-08 08:00", body=body))
    code, _, err = run(project, "2026-09-09", "check")
    lines = [line for line in err.splitlines() if "nowhere" in line]
    assert code == 1 and len(lines) == 1, err
    assert lines[0].startswith("docs/articles/a.md:5: "), lines


def test_the_audits_caches_are_written_by_a_build_that_succeeds_only(project):
    """make check (which builds and audits) writes nothing into the project; a build the audit refuses
    writes no cache either; a build that succeeds keeps the needles for the next one (.cache/)."""
    from campaign.audit import cache as cache_mod

    cache = project.path / cache_mod.CACHE_DIR / cache_mod.FILE_NAME
    plan = project.article("a", "First article title", "2026-09-08 08:00")
    plan += project.article("b", "Second article title", "2026-09-10 08:00", body="A quiet harbour story.\n")
    project.plan(plan)
    cache_mod._MEMORY.clear()
    before = tree(project.path)
    code, _, err = run(project, "2026-09-09", "check")
    assert code == 0, err
    assert tree(project.path) == before and not cache.exists()
    project.write("docs/leak.md", "# Second article title\n")  # a hidden title on an evergreen page
    code, err = project.build("2026-09-09")
    assert code != 0 and "Second article title" in err, err
    assert not cache.exists()
    (project.path / "docs/leak.md").unlink()
    code, err = project.build("2026-09-09")
    assert code == 0, err
    assert "b" in {e[0][0][2] for e in json.loads(cache.read_bytes())["entries"].values()}


def test_a_link_written_as_html_to_a_page_not_live_is_reported_as_a_markdown_link_is(project):
    """`<a href>` to a hidden page, by a relative address with or without its trailing slash or index.html, by
    the site's own absolute address or its sub-path, over two lines, or to the hidden item's file: make check
    warns at each line once (as for `[x](b.md)`), and make build publishes each as its text, with no address
    of the hidden page; a link to a live page and one in a code span are left alone. A link whose text shows
    the hidden title is an error in make check and stops make build, at the same line."""
    plan = project.article("live-thing", "Live thing page", "2026-09-08 08:00")
    plan += project.article("hidden-thing", "Hidden thing page", "2026-10-10 08:00",
                            extra="media: [docs/articles/hidden-thing-chart.pdf]")
    project.write("docs/articles/hidden-thing-chart.pdf", b"%PDF-1.4\n%%EOF\n")
    project.plan(plan)
    project.write("docs/about.md", """About.

Read <a href="../articles/hidden-thing/">the next one</a> soon.

Or <a href="../articles/hidden-thing">this one</a>, <a class="x" href='../articles/hidden-thing/index.html#top'>that one</a>.

Or <a href="https://intranet.example/campaigns/spot-it/articles/hidden-thing/">the absolute one</a>.

And <a
  href="/campaigns/spot-it/articles/hidden-thing/">over
two lines</a>; the <a href="../articles/hidden-thing-chart.pdf">chart</a>.

Live: <a href="../articles/live-thing/">the live one</a>; code: `<a href="../articles/live-thing/">x</a>`.
""")
    code, _, err = run(project, "2026-09-09", "check")
    assert code == 0, err
    linked = [line.split(": ", 2)[1] for line in err.splitlines() if "the link to 'Hidden thing page'" in line]
    assert linked == ["docs/about.md:3", "docs/about.md:5", "docs/about.md:7", "docs/about.md:9",
                      "docs/about.md:11"], err
    assert "Live thing page" not in err
    code, err = project.build("2026-09-09")
    assert code == 0, err
    page = (project.site / "about/index.html").read_text()
    for text in ("Read the next one soon.", "Or this one, that one.", "Or the absolute one.", "the chart."):
        assert text in page, page
    assert "hidden-thing" not in page
    assert '<a href="../articles/live-thing/">the live one</a>' in page
    project.write("docs/help.md", 'Help.\n\nSoon: <a href="../articles/hidden-thing">Hidden thing page</a>.\n')
    code, _, err = run(project, "2026-09-09", "check")
    assert code == 1 and "docs/help.md:3: the link to 'Hidden thing page' (docs/articles/hidden-thing.md) shows its " \
        "title while that page is not live" in err, err
    project.write("site/index.html", "previous")
    code, err = project.build("2026-09-09")
    assert code == 1 and "docs/help.md:3: " in err and (project.site / "index.html").read_text() == "previous", err


SVG = "<svg xmlns='http://www.w3.org/2000/svg'><title>{}</title></svg>\n"


def test_reference_links_and_images_to_an_item_not_live_are_reported_at_the_line_that_shows_them(project):
    """Reference-style links (`[text][nx]`, `[nx][]`, `[nx]`, `[text] [nx]`, with `[nx]: ...hidden-thing.md`
    further down) are reported as inline links are, at the line of each use: that is where the page shows the
    link (it becomes its text there, and its text is what may show the title); the definition shows nothing,
    and is named in the message so the address can be changed there. Pictures of a hidden item (its media, a
    hidden sign's picture; Markdown, reference-style or `<img>`) are left out by the build: a warning at the
    line, never for a picture of a live item or an evergreen one. make build publishes no address of them."""
    plan = project.article("live-thing", "Live thing page", "2026-09-08 08:00",
                           extra="media: [docs/articles/live-pic.svg]")
    plan += project.article("hidden-thing", "Hidden thing page", "2026-10-10 08:00",
                            extra="media: [docs/articles/hidden-pic.svg]")
    plan += ('- id: hidden-sign\n  kind: sign\n  title: "Lamp in the window"\n  image: docs/signs/hidden-sign.svg\n'
             '  alt: A lamp\n  meaning: Late\n  what_to_do: Ask\n  release: "2026-10-11 08:00"\n')
    project.write("docs/articles/live-pic.svg", SVG.format("live"))
    project.write("docs/articles/hidden-pic.svg", SVG.format("hidden"))
    project.write("docs/signs/hidden-sign.svg", SVG.format("sign"))
    project.write("docs/images/evergreen.svg", SVG.format("evergreen"))
    project.plan(plan)
    project.write("docs/about.md", """About.

Read [the next one][nx] soon.

Or [this one][] now.

Or [NX], or [that one] [nx].

A chart: ![A chart](articles/hidden-pic.svg) and ![A sign][sign].

<img alt="The lamp"
  src="../signs/hidden-sign.svg">

Live: [the live one][live], ![Live picture](articles/live-pic.svg), ![Logo](images/evergreen.svg).

Code: `[nx]`.

[nx]: articles/hidden-thing.md
[this one]: articles/hidden-thing.md#top
[live]: articles/live-thing.md
[sign]: signs/hidden-sign.svg
""")
    code, _, err = run(project, "2026-09-09", "check")
    assert code == 0, err
    link = ("docs/about.md:{}: the link to 'Hidden thing page' (docs/articles/hidden-thing.md, through [{}] on line {})"
            " is shown as plain text from Wednesday 9 September 2026, 00:00 until Saturday 10 October 2026, 08:00")
    image = ("docs/about.md:{}: the image {} of '{}' ({}) is left out of this page from Wednesday 9 September 2026, "
             "00:00 until {}, while that item is not live")
    reported = [line.removeprefix("warning: ").split("; fix:")[0] for line in err.splitlines()
                if "docs/about.md:" in line]
    assert reported == [
        link.format(3, "nx", 18) + ", while that page is not live",
        link.format(5, "this one", 19) + ", while that page is not live",
        link.format(7, "NX", 18) + ", while that page is not live",
        link.format(7, "nx", 18) + ", while that page is not live",
        image.format(9, "'articles/hidden-pic.svg'", "Hidden thing page", "docs/articles/hidden-thing.md",
                     "Saturday 10 October 2026, 08:00"),
        image.format(9, "'signs/hidden-sign.svg'", "Lamp in the window", "sign 'hidden-sign', through [sign] on "
                     "line 21", "Sunday 11 October 2026, 08:00"),
        image.format(11, "'../signs/hidden-sign.svg'", "Lamp in the window", "sign 'hidden-sign'",
                     "Sunday 11 October 2026, 08:00"),
    ], err
    assert "fix: Nothing needed if that is meant: the picture shows from the date named." in err
    code, err = project.build("2026-09-09")
    assert code == 0, err
    page = (project.site / "about/index.html").read_text()
    for text in ("Read the next one soon.", "Or this one now.", "Or NX, or that one.", "A chart:  and ."):
        assert text in page, page
    for hidden in ("hidden-thing", "hidden-pic", "hidden-sign", "The lamp", "A sign"):
        assert hidden not in page, hidden
    assert 'alt="Live picture"' in page and 'alt="Logo"' in page and ">the live one</a>" in page
    # The link's text showing the hidden title, through a reference: an error at the line of the use.
    project.write("docs/help.md", "Help.\n\nSoon: [Hidden thing page][h].\n\n[h]: articles/hidden-thing.md\n")
    code, _, err = run(project, "2026-09-09", "check")
    assert code == 1 and ("docs/help.md:3: the link to 'Hidden thing page' (docs/articles/hidden-thing.md, through "
                          "[h] on line 5) shows its title while that page is not live") in err, err
    project.write("site/index.html", "previous")
    code, err = project.build("2026-09-09")
    assert code == 1 and "docs/help.md:3: " in err and (project.site / "index.html").read_text() == "previous", err


def test_a_link_in_an_indented_code_block_is_text_and_one_in_a_list_item_or_note_is_a_link(project):
    """Python-Markdown reads a block indented 4 spaces after a blank line as code (its text shown as written,
    no link), but the same indent under a list item or an admonition as more of it (links work). make check
    reads links the same way: no link reported at the code block, the continued ones each warned about at
    their line; the page built once the item is live shows exactly that. Before, the code block shows the
    hidden title and address as text: make check's build and make build name that line once, as what it shows
    (not as a link), and not the lines of the links the build turns into text."""
    plan = project.article("a", "First article title", "2026-09-08 08:00")
    plan += project.article("b", "Second article title", "2026-10-10 08:00")
    project.plan(plan)
    project.write("docs/help.md", "Evergreen help.\n\nWrite a link like this:\n\n    [Second article title](articles/b.md)\n\n"
                                  "- A point.\n\n    Read [the next piece](articles/b.md) soon.\n\n!!! note\n\n"
                                  "    See [what comes next](articles/b.md).\n")
    code, _, err = run(project, "2026-09-09", "check", "--no-build")
    assert code == 0, err
    linked = [line.split(": ", 2)[1] for line in err.splitlines() if "the link to 'Second article title'" in line]
    assert linked == ["docs/help.md:9", "docs/help.md:13"], err
    for code, err in (run(project, "2026-09-09", "check")[::2], project.build("2026-09-09")):
        named = [line for line in err.splitlines() if re.match(r"^\S+:\d+: ", line)]
        assert code == 1 and len(named) == 1 and named[0].startswith("docs/help.md:5: the "), err
        assert "the link to" not in named[0] and "of article 'b' is here" in named[0], err
    code, err = project.build("2026-10-11")
    assert code == 0, err
    page = (project.site / "help/index.html").read_text()
    assert "<pre><code>[Second article title](articles/b.md)\n</code></pre>" in page, page
    assert page.count('<a href="../articles/b/">') == 2, page


@pytest.mark.parametrize("page", [
    "Intro.\n\n    wA wB\n    wC\n\nAfter wD.\n",
    "Para\n    wA goes on with the paragraph\n",
    "- item wA\n\n    wB more of the item\n\nwC para\n\n    wD code\n",
    "- item\n\n        wA code in the item\n",
    "1. one\n2. two\n\n    wA more of two\n",
    "!!! note\n\n    wA in the note\n\n        wB code in the note\n",
    '??? note "T"\n    wA in the details\n',
    '=== "Tab"\n\n    wA in the tab\n',
    "Text[^1].\n\n[^1]: note wA\n\n    wB more of the note\n",
    "<div>\n\n    wA raw HTML\n\n</div>\n\n    wB code\n",
    "<div markdown>\n\n    wA code in Markdown in HTML\n\n</div>\n",
    "> quote wA\n\n    wB code\n",
    "# Heading\n    wA code\n",
    "Text\n\n\twA code after a tab\n",
    "- a\n    - b\n\n        wA more of b\n\n            wB code in b\n",
    "```\nwA fenced\n```\n\n    wB code\n    ```\n    wC code\n\nwD\n",
    "---\ntitle: x\n---\n\n    wA code\n",
    "| a | b |\n|---|---|\n| wA | x |\n\n    wB code\n",
    "<img src=x>\n\n    wA code\n\n```\nwB fenced\n```\n",
    "* item\n\n  wA two spaces end the list\n\n    wB code\n",
])
def test_code_lines_are_those_python_markdown_shows_as_code(page):
    """content.code_lines (what make check's readers skip) against Python-Markdown itself, with the project's
    extensions and those Material campaigns add (fenced code, footnotes, details, tabs): the marked words
    (wA, wB...) it shows in <pre><code> are those on the lines code_lines names (front matter aside: MkDocs
    takes it out before Python-Markdown reads the page)."""
    import markdown

    from campaign.source import content

    text = page.split("---\n", 2)[-1] if page.startswith("---\n") else page
    shown = markdown.markdown(text, extensions=["fenced_code", "toc", "admonition", "attr_list", "md_in_html",
                                                "tables", "footnotes", "pymdownx.details", "pymdownx.tabbed"])
    in_code = {w for block in re.findall(r"<pre><code>(.*?)</code></pre>", shown, re.S)
               for w in re.findall(r"\bw[A-Z]\b", block)}
    lines = content.code_lines(page)
    named = {w for n, line in enumerate(page.splitlines(), 1) if n in lines for w in re.findall(r"\bw[A-Z]\b", line)}
    assert named == in_code, (shown, sorted(lines))
