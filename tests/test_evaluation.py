"""The evaluation page: charts and tables whose numbers match the survey data files, readable with CSS
off, and a follow-up wave that appears only when its `survey` release is live and never leaks before."""
from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
import yaml

from campaign.source import plan as plan_mod
from campaign.audit.auditor import audit
from campaign.release.snapshot import Snapshot
from campaign.source.times import parse_instant
from conftest import ROOT, find_anywhere, site_texts
from test_podcast import build_default

PLAN = plan_mod.load(ROOT)
RELEASE = next(r for r in PLAN.releases if r.kind == "survey")
# Read the data files independently of the product's loader.
BASE = yaml.safe_load((ROOT / "data/survey.yaml").read_text())
FOLLOW = yaml.safe_load((ROOT / RELEASE.data).read_text())


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The default campaign one minute before the follow-up results, and at the instant they go out."""
    out = {}
    for name, now in (("before", "2027-10-19 07:59"), ("at", "2027-10-19 08:00")):
        site = tmp_path_factory.mktemp(name) / "site"
        build_default(site, now)
        out[name] = site
    assert parse_instant("2027-10-19 08:00", PLAN.tz) == RELEASE.release
    return out


def page(site) -> str:
    return (site / "evaluation/index.html").read_text(encoding="utf-8")


def pct(count: int, answered: int) -> float:
    return round(100 * count / answered, 1)


def charts(text: str) -> dict[str, list[tuple[str, float, float, str]]]:
    """chart id -> [(category label, rect data-value, rect width, value text)] in drawing order."""
    out = {}
    for cid, body in re.findall(r'<svg [^>]*aria-labelledby="(chart-[\w-]+)-t [^"]*"[^>]*>(.*?)</svg>', text, re.S):
        bars, label = [], None
        for m in re.finditer(r'<text x="[\d.]+" y="\d+" text-anchor="end">([^<]*)</text>|'
                             r'<rect [^>]*width="([\d.]+)"[^>]*data-value="([\d.]+)"/><text [^>]*>([^<]*)</text>', body):
            if m.group(1) is not None:
                label = html.unescape(m.group(1))
            else:
                bars.append((label, float(m.group(3)), float(m.group(2)), html.unescape(m.group(4))))
        out[cid.removeprefix("chart-")] = bars
    return out


def table(text: str, qid: str) -> tuple[list[str], list[list[str]]]:
    m = re.search(rf'<table id="table-{qid}">(.*?)</table>', text, re.S)
    head = [html.unescape(h) for h in re.findall(r'<th scope="col">([^<]*)</th>', m.group(1))]
    rows = [[html.unescape(c) for c in re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", r)]
            for r in re.findall(r"<tr>(.*?)</tr>", m.group(1).split("<tbody>")[1])]
    return head, rows


def test_baseline_charts_and_tables_match_the_data(sites):
    text = page(sites["before"])
    drawn = charts(text)
    assert list(drawn) == [q["id"] for q in BASE["questions"]]
    for q in BASE["questions"]:
        answered = sum(q["counts"])
        expected = [pct(c, answered) for c in q["counts"]]
        bars = drawn[q["id"]]
        assert [b[0] for b in bars] == q["options"]
        assert [b[1] for b in bars] == expected
        assert [b[3] for b in bars] == [f"Baseline: {v:.1f}%" for v in expected]
        assert all(abs(b[2] - 330 * v / 100) < 0.06 for b, v in zip(bars, expected))  # bar length is the value
        head, rows = table(text, q["id"])
        assert head == ["Answer", f"Baseline (n = {answered:,})"]
        assert rows == [[o, f"{v:.1f}% ({c:,})"] for o, v, c in zip(q["options"], expected, q["counts"])]
    assert f"{BASE['sample_size']:,} people took part" in text


def test_follow_up_adds_a_series_and_percentage_point_changes(sites):
    text = page(sites["at"])
    drawn = charts(text)
    follow = {q["id"]: q for q in FOLLOW["questions"]}
    for q in BASE["questions"]:
        f = follow[q["id"]]
        a, b = sum(q["counts"]), sum(f["counts"])
        before = [pct(c, a) for c in q["counts"]]
        after = [pct(c, b) for c in f["counts"]]
        assert [x[1] for x in drawn[q["id"]]] == [v for pair in zip(before, after) for v in pair]
        assert [x[3] for x in drawn[q["id"]]][1::2] == [f"Follow-up: {v:.1f}%" for v in after]
        head, rows = table(text, q["id"])
        assert head == ["Answer", f"Baseline (n = {a:,})", f"Follow-up (n = {b:,})", "Change (pp)"]
        for row, o, x, y, cx, cy in zip(rows, q["options"], before, after, q["counts"], f["counts"]):
            change = round(y - x, 1)
            assert row == [o, f"{x:.1f}% ({cx:,})", f"{y:.1f}% ({cy:,})", f"{change:+.1f}" if change else "0.0"]
        pos = set(q["positive"])
        hx = pct(sum(c for o, c in zip(q["options"], q["counts"]) if o in pos), a)
        hy = pct(sum(c for o, c in zip(f["options"], f["counts"]) if o in pos), b)
        assert (f"{html.escape(' or '.join(q['positive']))}: {hx:.1f}%</strong> at baseline (n = {a:,}), "
                f"<strong>{hy:.1f}%</strong> at follow-up (n = {b:,}): a change of "
                f"<strong>{round(hy - hx, 1):+.1f} percentage points</strong>") in text
    assert f"{FOLLOW['sample_size']:,} people took part" in text
    assert html.escape(FOLLOW["label"]) in text


def test_follow_up_is_absent_everywhere_before_its_release(sites):
    site = sites["before"]
    text = page(site)
    assert "Follow-up" not in text and "Change (pp)" not in text
    assert "follow-up survey results will appear here" in text
    distinctive = [FOLLOW["label"], f"{FOLLOW['sample_size']:,}", str(FOLLOW["sample_size"]), RELEASE.title,
                   *(y["we_did"] for y in FOLLOW["you_said_we_did"]), "survey-follow-up"]
    distinctive += [f"{c:,}" for q in FOLLOW["questions"] for c in q["counts"] if c >= 1000]
    texts = [(rel.casefold(), text.casefold()) for rel, text in site_texts(site)]  # decoded once, searched often
    for needle in distinctive:
        n = needle.casefold()
        assert [rel for rel, text in texts if n in rel or n in text] == [], needle
    for needle in (FOLLOW["label"], f"{FOLLOW['sample_size']:,}"):
        assert find_anywhere(sites["at"], needle), needle


def test_audit_knows_the_follow_up_wording(tmp_path):
    """Were the follow-up label or its 'we did' text to reach any file early, the build would fail."""
    snap = Snapshot(PLAN, RELEASE.release - timedelta(minutes=1))
    (tmp_path / "a.html").write_text(f"<p>{html.escape(FOLLOW['label'])}</p>")
    (tmp_path / "b.json").write_text('{"t": "' + FOLLOW["you_said_we_did"][0]["we_did"] + '"}')
    found = audit(tmp_path, snap)
    assert {(f.file, f.item) for f in found} == {("a.html", RELEASE.id), ("b.json", RELEASE.id)}
    assert audit(tmp_path, Snapshot(PLAN, RELEASE.release)) == []


def test_charts_readable_without_css_and_labelled(sites):
    text = page(sites["at"])
    figures = re.findall(r'<figure class="campaign-figure">(.*?)</figure>', text, re.S)
    assert len(figures) == len(BASE["questions"])
    for fig, q in zip(figures, BASE["questions"]):
        svg = re.search(r"<svg ([^>]*)>", fig).group(1)
        assert 'role="img"' in svg
        ids = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
        assert all(f'id="{i}"' in fig for i in ids)
        assert f"<title id=\"chart-{q['id']}-t\">{html.escape(q['text'])}</title>" in fig
        assert "<figcaption>Chart " in fig
        # colours are attributes and every value is text in the SVG, so it reads the same unstyled
        assert "fill=" in fig and "<script" not in fig and "class=" not in fig.split("</title>", 1)[1]
        assert all(f">{html.escape(o)}</text>" in fig or ">" + html.escape(o[:27]) in fig for o in q["options"])
    for q in BASE["questions"]:
        assert f'<caption>Table {BASE["questions"].index(q) + 1}: {html.escape(q["text"])}' in text
    assert "<script" not in text[text.index("<article"):text.index("</article>")]


def test_you_said_we_did_and_sample_label(sites):
    before, at = page(sites["before"]), page(sites["at"])
    for y in BASE["you_said_we_did"]:
        assert html.escape(y["you_said"]) in before and html.escape(y["we_did"]) in before
    assert html.escape(FOLLOW["you_said_we_did"][0]["we_did"]) in at
    assert 'id="you-said-we-did"' in before
    assert BASE["sample"] and "Sample figures.</p><p>The numbers on this page are invented" in before


def test_page_stays_under_40_kb(sites):
    assert len(page(sites["at"]).encode()) < 40_000
