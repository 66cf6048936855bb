"""Issue 26, second part: every live page ends with a "Tell us" line: a mailto: to campaign.feedback_email
whose subject names the page, and the organisation's feedback form when the plan gives one on the intranet's
own host. No script; the 404 page and previews name no page; nothing names a page that is not live."""
from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from campaign.commands import cli
from conftest import HEADER, Project

SITE = "Spot It to Stop It"
FEEDBACK = ('  feedback_email: "comms.team@example.org"\n'
            '  feedback_form: "https://intranet.example/forms/feedback/"\n')
_LINE = re.compile(r'<p class="campaign-feedback">(.*?)</p>', re.S)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def project(tmp_path, header_extra: str = FEEDBACK) -> Project:
    p = Project(tmp_path / "proj")
    releases = (p.article("live-one", "A page that is live & well", "2026-09-08 08:00")
                + p.article("later-one", "The secret later page", "2027-03-01 08:00")
                + p.article("blog-one", "A blog that is live", "2026-09-09 08:00", kind="blog", folder="blog"))
    p.plan(releases, header=HEADER.replace("  max_releases_per_week: 3\n", "  max_releases_per_week: 3\n" + header_extra))
    return p


def lines_of(site) -> dict[str, str]:
    out = {}
    for page in sorted(site.rglob("*.html")):
        out[page.relative_to(site).as_posix()] = page.read_text(encoding="utf-8")
    return out


def subject_of(fragment: str) -> str:
    href = re.search(r'href="(mailto:[^"]*)"', fragment).group(1)
    parts = urlsplit(html.unescape(href))
    assert unquote(parts.path) == "comms.team@example.org"
    return parse_qs(parts.query)["subject"][0]


def test_every_page_ends_with_tell_us_naming_itself(tmp_path):
    p = project(tmp_path)
    code, err = p.build("2026-10-01")
    assert code == 0, err
    pages = lines_of(p.site)
    assert len(pages) > 8
    for rel, text in pages.items():
        found = _LINE.findall(text)
        assert len(found) == 1, rel
        line = found[0]
        assert "<script" not in line and not re.search(r"\son\w+=", line), rel
        assert '<a href="https://intranet.example/forms/feedback/">use the feedback form</a>' in line, rel
        assert "<strong>Tell us:</strong>" in line and "email the campaign team about this page" in line
        subject = subject_of(line)
        title = html.unescape(_TITLE.search(text).group(1)).strip()
        if rel == "404.html":
            assert subject == SITE  # served for any address: names no page
        elif title != SITE:
            assert subject == f"{SITE}: {title.removesuffix(' - ' + SITE)}", rel
        else:
            assert subject.startswith(SITE), rel
        # the line closes the page's content
        article = text[text.index('<article class="md-content__inner md-typeset">'):text.index("</article>")]
        assert article.rstrip().endswith("</p>") and article.rstrip().rsplit("<p", 1)[1].startswith(' class="campaign-feedback"'), rel
    live = pages["articles/live-one/index.html"]
    assert subject_of(_LINE.search(live).group(1)) == f"{SITE}: A page that is live & well"
    everything = "\n".join(unquote(html.unescape(t)) for t in pages.values())
    assert "The secret later page" not in everything and "later-one" not in everything


def test_a_preview_names_no_page(tmp_path):
    p = project(tmp_path)
    out = tmp_path / "preview"
    code = cli.main(["--root", str(p.path), "preview", "--date", "2027-03-02", "--output", str(out)])
    assert code == 0
    pages = lines_of(out)
    assert "articles/later-one/index.html" in pages  # live at the preview's instant
    for rel, text in pages.items():
        assert subject_of(_LINE.search(text).group(1)) == SITE, rel


def test_only_an_email_or_only_a_form_or_neither(tmp_path):
    p = project(tmp_path / "a", '  feedback_email: "comms.team@example.org"\n')
    assert p.build("2026-10-01")[0] == 0
    line = _LINE.search((p.site / "articles/live-one/index.html").read_text()).group(1)
    assert "mailto:" in line and "feedback form" not in line and " or" not in line
    p = project(tmp_path / "b", '  feedback_form: "https://intranet.example/forms/feedback/"\n')
    assert p.build("2026-10-01")[0] == 0
    line = _LINE.search((p.site / "articles/live-one/index.html").read_text()).group(1)
    assert "mailto:" not in line and "use the feedback form" in line
    p = project(tmp_path / "c", "")
    assert p.build("2026-10-01")[0] == 0
    assert not any(_LINE.search(t) for t in lines_of(p.site).values())


@pytest.mark.parametrize("form, message", [
    ("https://forms.example.com/x", "the feedback form is on forms.example.com, not on the intranet's own host intranet.example"),
    ("javascript:alert(1)", "not a web address"),
    ("https://intranet.example/a b", "not a web address"),
])
def test_a_form_elsewhere_stops_the_build(tmp_path, form, message):
    p = project(tmp_path, f'  feedback_form: "{form}"\n')
    code, err = p.build("2026-10-01")
    assert code == 1 and f"campaign.feedback_form: {message}" in err
    assert not p.site.exists()
