"""One mistake, one message, at the editor's line: what `make check` and `make build` print for slips an
editor makes (red-team round of the messages). Each message names a file the editor writes (never only an
output file), and a mistake the pre-build checks name is not named again by the audit."""
from __future__ import annotations

import io
import re
import zipfile

import container_files as cf
from test_check import run, tree

HIDDEN = "Second article title"
SENTENCE = "A quiet harbour story about the river and the old boats."


def _plan(project, body_a: str = "Body of a.\n") -> None:
    plan = project.article("a", "First article title", "2026-09-08 08:00", body=body_a)
    plan += project.article("b", HIDDEN, "2026-10-10 08:00", body=f"# {HIDDEN}\n\n{SENTENCE}\n")
    project.plan(plan)


def _messages(err: str) -> list[str]:
    return [line for line in err.splitlines() if re.match(r"^\S+:\d+: ", line)]


def test_a_hidden_title_in_front_matter_is_one_message_at_its_line(project):
    """The front matter's closing '---' is not a setext underline: `title:` is the page title, once."""
    _plan(project)
    project.write("docs/help.md", f'---\ntitle: "{HIDDEN}"\n---\n\nEvergreen help.\n')
    code, _, err = run(project, "2026-09-09", "check", "--no-build")
    assert code == 1
    assert _messages(err) == [m for m in _messages(err) if m.startswith("docs/help.md:2: the page title")], err
    assert len(_messages(err)) == 1, err
    code, err = project.build("2026-09-09")
    assert code == 1 and len(_messages(err)) == 1 and "the heading" not in err, err


def test_a_hidden_title_in_a_heading_is_one_message_in_make_check(project):
    """The heading's anchor (the title's slug, in the page and in the search index) is the same mistake."""
    _plan(project)
    project.write("docs/help.md", f"Evergreen help.\n\n## {HIDDEN}\n\nMore.\n")
    code, _, err = run(project, "2026-09-09", "check")
    assert code == 1
    assert _messages(err) and all(m.startswith("docs/help.md:3: ") for m in _messages(err)), err
    assert len(_messages(err)) == 1, err
    assert "site/" not in err, err


def test_a_heading_that_words_a_hidden_title_differently_is_named_at_the_heading(project):
    """Not the page's first line or the search index: the heading whose anchor is the title's slug."""
    _plan(project)
    project.write("docs/help.md", "Evergreen help.\n\nMore text.\n\n## Second - article - title\n\nMore.\n")
    code, err = project.build("2026-09-09")
    assert code == 1
    assert _messages(err) and all(m.startswith("docs/help.md:5: ") for m in _messages(err)), err
    assert "site/" not in err, err


def test_a_hidden_title_in_a_snippet_is_named_in_the_snippet_file(project):
    # Run from the engine's folder, not the project's: snippets' base_path is read from the campaign folder.
    _plan(project)
    yml = (project.path / "mkdocs.yml").read_text()
    project.write("mkdocs.yml", yml.replace("  - tables\n", "  - tables\n  - pymdownx.snippets:\n"
                                                         "      base_path: [includes]\n"))
    project.write("includes/coming.md", f"Intro.\n\nComing next: {HIDDEN}.\n")
    project.write("docs/help.md", 'Evergreen help.\n\n--8<-- "coming.md"\n')
    for err in (run(project, "2026-09-09", "check")[2], project.build("2026-09-09")[1]):
        assert _messages(err) == [m for m in _messages(err) if m.startswith("includes/coming.md:3: ")], err
        assert len(_messages(err)) == 1, err


def test_a_symbolic_link_is_one_message_in_make_check(project):
    """The strict build of make check does not follow a link the tree check refuses: no messages blaming the
    hidden page itself, the search index or MkDocs' view of the linked page."""
    _plan(project)
    (project.path / "docs/extra.md").symlink_to("articles/b.md")
    code, _, err = run(project, "2026-09-09", "check")
    assert code == 1
    assert [m.split(": ", 1)[0] for m in _messages(err)] == ["docs/extra.md:1"], err


def test_two_mistakes_are_both_reported_by_one_build(project):
    """A heading the pre-build check refuses and a hidden sentence only the audit finds: one run names both,
    each once, and site/ is left as it was."""
    _plan(project)
    project.write("docs/help.md", f"Evergreen help.\n\n## {HIDDEN}\n")
    project.write("docs/about.md", f"About.\n\n{SENTENCE}\n")
    project.write("site/index.html", "previous site")
    before = tree(project.site)
    code, err = project.build("2026-09-09")
    assert code == 1
    assert tree(project.site) == before
    where = sorted(m.split(": ", 1)[0] for m in _messages(err))
    assert where == ["docs/about.md:3", "docs/help.md:3"], err
    assert "Traceback" not in err and "ERROR" not in err


def test_a_hidden_item_named_in_several_places_of_a_file_is_one_message_per_place(project):
    """Each place is a mistake to fix: a heading and the title again in a paragraph below it, a sentence further
    down, the title twice in a download. make check and make build name every line, once each (the heading only
    once: by the pre-build check), so the next run does not find the rest; lines next to each other (a
    paragraph) are one place."""
    _plan(project)
    project.write("docs/help.md", f"Evergreen help.\n\n## {HIDDEN}\n\nSome text.\n\nMore here, and {HIDDEN} again.\n\n"
                                  f"End.\n\n{SENTENCE}\n")
    project.write("docs/about.md", f"About.\n\nThe {HIDDEN} is coming,\nsoon: {HIDDEN}.\n\nMiddle.\n\nSee {HIDDEN} soon.\n")
    project.write("docs/downloads/notes.txt", f"{HIDDEN}\nDraft.\n\n{HIDDEN} (again)\n")
    expected = ["docs/about.md:3", "docs/about.md:8", "docs/downloads/notes.txt:1", "docs/downloads/notes.txt:4",
                "docs/help.md:11", "docs/help.md:3", "docs/help.md:7"]
    for err in (run(project, "2026-09-09", "check")[2], project.build("2026-09-09")[1]):
        assert sorted(m.split(": ", 1)[0] for m in _messages(err)) == expected, err
        assert "docs/about.md:3: the title 'Second article title' (and more on line 4) of article 'b'" in err, err
        assert "docs/help.md:7: the title 'Second article title'" in err, err


def test_an_include_of_a_hidden_page_is_one_message(project):
    """What the include pulls in (the hidden page's sentences in the page and the search index, MkDocs' view of
    its links) is the include's doing: make check and make build name the include's line, once."""
    _plan(project)
    yml = (project.path / "mkdocs.yml").read_text()
    project.write("mkdocs.yml", yml.replace("  - tables\n", "  - tables\n  - pymdownx.snippets\n"))
    project.write("docs/help.md", 'Evergreen help.\n\n--8<-- "docs/articles/b.md"\n')
    for err in (run(project, "2026-09-09", "check")[2], project.build("2026-09-09")[1]):
        assert [m.split(": ", 1)[0] for m in _messages(err)] == ["docs/help.md:3"], err



def test_an_include_of_a_hidden_page_inside_an_included_file_is_named_where_that_include_is(project):
    """An include nested in an included file (to any depth) is that file's line, not the page's first line: make
    check and make build name the file and line holding the include, once, with the files that include it; the
    build that runs anyway leaves that one include out, so what another included file says (the title, two
    levels down) is named at its own line in the same run. Once both are fixed, the page shows every level."""
    _plan(project)
    yml = (project.path / "mkdocs.yml").read_text()
    project.write("mkdocs.yml", yml.replace("  - tables\n", "  - tables\n  - pymdownx.snippets:\n"
                                                         "      base_path: [includes, .]\n"))
    project.write("docs/help.md", 'Evergreen help.\n\n--8<-- "outer.md"\n')
    project.write("includes/outer.md", 'Outer words.\n\n--8<-- "inner.md"\n')
    project.write("includes/inner.md", 'Inner words.\n\n--8<-- "deep.md"\n\n--8<-- "docs/articles/b.md"\n')
    project.write("includes/deep.md", f"Deep words.\n\nComing next: {HIDDEN}.\n")
    for err in (run(project, "2026-09-09", "check")[2], project.build("2026-09-09")[1]):
        assert _where(err) == ["includes/deep.md:3", "includes/inner.md:5"], err
        assert ("includes/inner.md:5: this includes docs/articles/b.md, a file of article 'b' (includes/inner.md is "
                "included from includes/outer.md line 3, included from docs/help.md line 3)") in err, err
    project.write("includes/inner.md", 'Inner words.\n\n--8<-- "deep.md"\n')
    project.write("includes/deep.md", "Deep words.\n")
    code, err = project.build("2026-09-09")
    assert code == 0, err
    page = (project.site / "help/index.html").read_text()
    assert all(w in page for w in ("Outer words.", "Inner words.", "Deep words.")), page


def _where(err: str) -> list[str]:
    return sorted(m.split(": ", 1)[0] for m in _messages(err))


def test_an_evergreen_picture_named_as_a_hidden_items_file_is_one_message_saying_to_rename_it(project):
    """The build takes a file by its name for the release's (a release's file names are its own, the plan
    check says so): an evergreen picture called as a hidden item's is left out of the pages that show it and
    refused by the audit, whatever its bytes. One message, at the picture, naming the item's file and asking
    for a rename: no warning that the page's picture is the item's, no 'reword it here'. Renamed, it is
    published and shown. (A page is published by its address: a page called as the hidden page, b.md in
    another folder, is no mistake.)"""
    plan = project.article("a", "First article title", "2026-09-08 08:00")
    plan += project.article("b", HIDDEN, "2026-10-10 08:00", body=f"# {HIDDEN}\n\n![The poster](b/poster.png)\n",
                            extra="media: [docs/articles/b/poster.png]")
    project.plan(plan)
    project.write("docs/articles/b/poster.png", cf.png_text("The harbour campaign poster"))
    project.write("docs/images/poster.png", cf.png_text("Our help desk poster"))
    project.write("docs/help.md", "Evergreen help.\n\n![Our help desk poster](images/poster.png)\n")
    project.write("docs/more/b.md", "More help.\n")
    for err in (run(project, "2026-09-09", "check")[2], project.build("2026-09-09")[1]):
        assert _where(err) == ["docs/images/poster.png:1"], err
        assert ("docs/images/poster.png:1: this file has the name of docs/articles/b/poster.png, a file of article 'b'"
                in err), err
        assert "Rename this file" in err and "reword" not in err and "help.md" not in err, err
    project.write("docs/images/help-desk-poster.png", (project.path / "docs/images/poster.png").read_bytes())
    (project.path / "docs/images/poster.png").unlink()
    project.write("docs/help.md", "Evergreen help.\n\n![Our help desk poster](images/help-desk-poster.png)\n")
    code, err = project.build("2026-09-09")
    assert code == 0, err
    assert 'src="../images/help-desk-poster.png"' in (project.site / "help/index.html").read_text()


def test_a_file_in_a_download_named_as_a_hidden_items_file_is_one_message_at_the_download(project):
    """Inside a zip the audit names the member by its name: the message is the download's, says which member
    has which hidden file's name and asks for a rename, even when a page mentions that name too (the page's
    words are a mistake of their own, at their line)."""
    plan = project.article("a", "First article title", "2026-09-08 08:00")
    plan += project.article("b", HIDDEN, "2026-10-10 08:00", body=f"# {HIDDEN}\n\n![The poster](b/poster.png)\n",
                            extra="media: [docs/articles/b/poster.png]")
    project.plan(plan)
    project.write("docs/articles/b/poster.png", cf.png_text("The harbour campaign poster"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("pack/poster.png", cf.png_text("Our help desk poster"))
    project.write("docs/downloads/pack.zip", buf.getvalue())
    project.write("docs/help.md", "Evergreen help.\n\n[The pack](downloads/pack.zip)\n\nIt holds poster.png.\n")
    for err in (run(project, "2026-09-09", "check")[2], project.build("2026-09-09")[1]):
        assert _where(err) == ["docs/downloads/pack.zip:1", "docs/help.md:5"], err
        pack = next(m for m in _messages(err) if m.startswith("docs/downloads/pack.zip:1: "))
        assert pack.startswith("docs/downloads/pack.zip:1: the file name 'poster.png' (pack/poster.png) is the name "
                               "of docs/articles/b/poster.png, a file of article 'b'"), err
        assert "Rename the file" in pack and "reword" not in pack, err


def test_a_page_with_an_include_of_a_gated_file_has_its_other_mistakes_named_in_the_same_run(project, monkeypatch):
    """The tree check refuses the include; the build that runs anyway (make check's, make build's throwaway one)
    leaves the include out and names what the page says itself (the title at line 7), and other files' leaks."""
    monkeypatch.chdir(project.path)
    _plan(project)
    yml = (project.path / "mkdocs.yml").read_text()
    project.write("mkdocs.yml", yml.replace("  - tables\n", "  - tables\n  - pymdownx.snippets\n"))
    project.write("docs/help.md", f'Evergreen help.\n\n--8<-- "docs/articles/b.md"\n\nMore.\n\nComing: {HIDDEN}.\n')
    project.write("docs/about.md", f"About.\n\n{SENTENCE}\n")
    for err in (run(project, "2026-09-09", "check")[2], project.build("2026-09-09")[1]):
        assert _where(err) == ["docs/about.md:3", "docs/help.md:3", "docs/help.md:7"], err
        assert "docs/help.md:7: the title 'Second article title' of article 'b'" in err, err


def test_an_auto_append_of_a_gated_file_is_one_message_and_other_leaks_are_named(project, monkeypatch):
    """auto_append would put the hidden page under every page: one message at mkdocs.yml, none at each page."""
    monkeypatch.chdir(project.path)
    _plan(project)
    yml = (project.path / "mkdocs.yml").read_text()
    project.write("mkdocs.yml", yml.replace("  - tables\n", "  - tables\n  - pymdownx.snippets:\n"
                                                         "      auto_append: [docs/articles/b.md]\n"))
    project.write("docs/about.md", f"About.\n\n{SENTENCE}\n")
    line = (project.path / "mkdocs.yml").read_text().splitlines().index("      auto_append: [docs/articles/b.md]") + 1
    for err in (run(project, "2026-09-09", "check")[2], project.build("2026-09-09")[1]):
        assert _where(err) == ["docs/about.md:3", f"mkdocs.yml:{line}"], err


def test_a_link_to_an_editors_file_is_refused_and_that_files_leaks_are_named_in_the_same_run(project):
    """A link is refused whole; what a link to an editor's file holds is that file's (named at its own line, so
    the next run, once the link is a copy, finds nothing new); a link to a gated page is the one mistake."""
    _plan(project)
    project.write("shared/faq.md", f"FAQ.\n\nComing: {HIDDEN}.\n")
    (project.path / "docs/faq.md").symlink_to("../shared/faq.md")
    (project.path / "docs/extra.md").symlink_to("articles/b.md")
    project.write("docs/about.md", f"About.\n\n{SENTENCE}\n")
    for err in (run(project, "2026-09-09", "check")[2], project.build("2026-09-09")[1]):
        assert _where(err) == ["docs/about.md:3", "docs/extra.md:1", "docs/faq.md:1", "shared/faq.md:3"], err


def test_a_copy_of_a_gated_page_is_one_message_and_other_leaks_are_named(project):
    """The copy's heading is the gated page's: the copy is the one mistake there; another page's leak is named."""
    _plan(project)
    project.write("docs/copy.md", (project.path / "docs/articles/b.md").read_text())
    project.write("docs/about.md", f"About.\n\n{SENTENCE}\n")
    for err in (run(project, "2026-09-09", "check")[2], project.build("2026-09-09")[1]):
        assert _where(err) == ["docs/about.md:3", "docs/copy.md:1"], err


def test_a_page_mkdocs_cannot_read_is_one_message_at_its_line_not_a_traceback(project):
    """Python's HTML parser fails on '<![' not followed by a known section name: MkDocs logs the page and
    re-raises; the build and make check name the page and the line, once, with a fix."""
    _plan(project)
    project.write("docs/help.md", "Evergreen help.\n\nSee the <![ draft ]> notes.\n\nMore.\n")
    code, err = project.build("2026-09-09")
    assert code == 1 and "Traceback" not in err and "Error reading page" not in err, err
    assert _messages(err) == [m for m in _messages(err) if m.startswith("docs/help.md:3: MkDocs cannot read this page")]
    assert len(_messages(err)) == 1, err
    code, _, err = run(project, "2026-09-09", "check")
    assert code == 1 and len(_messages(err)) == 1 and _messages(err)[0].startswith("docs/help.md:3: "), err


def test_an_include_of_a_file_that_does_not_exist_is_an_error_at_its_line(project, tmp_path, monkeypatch):
    """pymdownx.snippets leaves an include of a missing file out silently (check_paths is off): a typo would lose
    the words. make check and make build name each include's line once (inline, in a block, inside an included
    file, auto_append in mkdocs.yml), with the name and where includes are read from; make build leaves site/
    as it was. Includes that exist (with a line range too) and an escaped marker are no mistake; once the names
    are right, the page shows the included words. Run from another folder: base_path is the campaign's."""
    monkeypatch.chdir(tmp_path)
    _plan(project)
    yml = (project.path / "mkdocs.yml").read_text()
    project.write("mkdocs.yml", yml.replace("  - tables\n", "  - tables\n  - pymdownx.snippets:\n"
                                                         "      base_path: [includes]\n"
                                                         "      auto_append: [footr.md]\n"))
    project.write("includes/coming.md", "Intro of the harbour note.\n\n--8<-- \"deeper-note.md\"\n")
    project.write("includes/footer.md", "The footer of every page.\n")
    project.write("includes/deep-note.md", "A deeper note on moorings.\n")
    project.write("includes/contacts.md", "Call the desk.\n")
    project.write("docs/help.md", 'Evergreen help.\n\n--8<-- "coming.md"\n\n--8<-- "comming.md"\n\n'
                                  '--8<--\ncontacts.md:1:1\ncontact.md\n--8<--\n\n;--8<-- "not-an-include.md"\n')
    auto = (project.path / "mkdocs.yml").read_text().splitlines().index("      auto_append: [footr.md]") + 1
    where = "includes/, where includes are read from"
    expected = [f"docs/help.md:5: this includes 'comming.md', but there is no such file in {where}",
                f"docs/help.md:9: this includes 'contact.md', but there is no such file in {where}",
                f"includes/coming.md:3: this includes 'deeper-note.md' (includes/coming.md is included from docs/help.md "
                f"line 3), but there is no such file in {where}",
                f"mkdocs.yml:{auto}: this includes 'footr.md', but there is no such file in {where}"]
    project.write("site/index.html", "the previous published site")
    for code, err in (run(project, "2026-09-09", "check")[::2], project.build("2026-09-09")):
        assert code == 1, err
        assert sorted(m.split(": the build")[0] for m in _messages(err)) == expected, err
        assert "fix: Correct the name after `--8<--`" in err, err
    assert (project.site / "index.html").read_text() == "the previous published site"
    project.write("includes/coming.md", "Intro of the harbour note.\n\n--8<-- \"deep-note.md\"\n")
    project.write("docs/help.md", (project.path / "docs/help.md").read_text().replace("comming", "coming")
                  .replace("contact.md\n", "contacts.md\n"))
    project.write("mkdocs.yml", (project.path / "mkdocs.yml").read_text().replace("footr.md", "footer.md"))
    code, _, err = run(project, "2026-09-09", "check")
    assert code == 0 and not [m for m in _messages(err) if "includes" in m], err
    code, err = project.build("2026-09-09")
    assert code == 0, err
    page = (project.site / "help/index.html").read_text()
    for words in ("A deeper note on moorings.", "Call the desk.", "The footer of every page.", "not-an-include.md"):
        assert words in page, page
