"""The local safeguarding partners directory: pages per unit and borough, a plain A-Z list that works
without JavaScript, and a warning on entries not verified for 6 months (a change instant)."""
from __future__ import annotations

import html
import posixpath
import re
import textwrap

import pytest

from campaign.source import plan as plan_mod
from campaign.source.partner_dates import boroughs
from campaign.commands import schedule
from campaign.render import partners
from campaign.release.snapshot import Snapshot
from campaign.release.changes import change_instants
from campaign.source.times import parse_instant
from conftest import ROOT, Project, site_texts

PARTNERS = textwrap.dedent("""\
    sample: true
    units:
      - id: north
        name: "North command unit (sample)"
        boroughs:
          - id: fernleigh
            name: "Fernleigh"
            local_authority: "London Borough of Fernleigh (fictional)"
            mash_name: "Fernleigh Front Door"
            mash_phone: "020 7946 0300"
            mash_email: "mash@fernleigh.example"
            out_of_hours_phone: "020 7946 0301"
            partnership_url: "https://fernleigh.example/lscp"
            police_lead: "Detective Inspector Jo Marsh (fictional)"
            last_verified: "2026-08-20"
          - id: ashwood
            name: "Ashwood"
            local_authority: "London Borough of Ashwood (fictional)"
            mash_name: "Ashwood MASH"
            mash_phone: "020 7946 0310"
            out_of_hours_phone: "020 7946 0311"
            partnership_url: "https://ashwood.example/lscp"
            police_lead: "Detective Inspector Sam Okoro (fictional)"
            police_lead_role: "Child protection lead"
            last_verified: "2026-08-31"
      - id: east
        name: "East command unit (sample)"
        boroughs:
          - id: millbrook
            name: "Millbrook"
            local_authority: "London Borough of Millbrook (fictional)"
            mash_name: "Millbrook MASH"
            mash_phone: "020 7946 0320"
            out_of_hours_phone: "020 7946 0321"
            partnership_url: "https://millbrook.example/lscp"
            police_lead: "Detective Inspector Chris Patel (fictional)"
            last_verified: "2027-01-05 14:30"
    """)
WARNING = "Check before you rely on this entry"


def make_project(path) -> Project:
    p = Project(path)
    p.plan(p.article("a", "First article", "2026-09-08 08:00"))
    p.write("data/partners.yaml", PARTNERS)
    return p


@pytest.fixture(scope="module")
def proj(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("partners") / "proj")


@pytest.fixture(scope="module")
def site(proj):
    """Built at exactly the instant Fernleigh's entry turns 6 months old."""
    code, err = proj.build("2027-02-20 00:00")
    assert code == 0, err
    return proj.site


def page(site, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def main_of(text: str) -> str:
    return text[text.index('<article'):text.index('</article>')]


def links(text: str, url: str) -> list[tuple[str, str]]:
    """(target site path, link text) of every link in the page's article."""
    out = []
    for href, label in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', main_of(text)):
        if href.startswith(("#", "tel:", "mailto:", "https:")):
            continue
        out.append((posixpath.normpath(posixpath.join(url, href.split("#")[0])) + "/", html.unescape(label)))
    return out


def test_directory_lists_boroughs_a_to_z_as_plain_links_to_their_pages(site):
    text = page(site, "partners")
    az = main_of(text)[main_of(text).index('id="a-z"'):main_of(text).index('id="units"')]
    names = re.findall(r'<li><a href="[^"]+">([^<]+)</a>', az)
    assert names == ["Ashwood", "Fernleigh", "Millbrook"]
    assert [h for h in re.findall(r'<h3 id="letter-(\w)"', az)] == ["a", "f", "m"]
    # Every link works without JavaScript: it is a plain link to a page that exists.
    targets = links(text, "partners/")
    for target, _ in targets:
        assert (site / target / "index.html").is_file(), target
    assert ("partners/boroughs/ashwood/", "Ashwood") in targets
    assert ("partners/units/east/", "East command unit (sample)") in targets
    assert "<script" not in main_of(text)
    assert 'href="tel:+442079460310"' in az and "020 7946 0310" in az
    assert "Sample data." in text and "fictional" in text


def test_borough_and_unit_pages_show_every_detail(site):
    text = page(site, "partners/boroughs/ashwood")
    for shown in ("London Borough of Ashwood (fictional)", "Ashwood MASH", "020 7946 0310", "020 7946 0311",
                  "https://ashwood.example/lscp", "Detective Inspector Sam Okoro (fictional), Child protection lead",
                  "31 August 2026", "North command unit (sample)"):
        assert shown in html.unescape(main_of(text)), shown
    assert ("partners/units/north/", "North command unit (sample)") in links(text, "partners/boroughs/ashwood/")
    unit = html.unescape(main_of(page(site, "partners/units/north")))
    assert "Fernleigh Front Door" in unit and "Ashwood MASH" in unit and "Millbrook" not in unit


def test_unit_and_borough_pages_are_out_of_the_nav_but_the_directory_is_in(site):
    home = page(site, "")
    nav = re.findall(r'<a href="([^"]*)" class="md-nav__link', home)
    assert "partners/" in nav
    # Only data/partners.yaml exists here: the champions and evaluation pages are not built, and the nav
    # (mkdocs.yml lists them) and every page leave them out.
    assert "champions/" not in nav and "evaluation/" not in nav
    assert not (site / "champions").exists() and not (site / "evaluation").exists()
    assert not [rel for rel, text in site_texts(site) if 'href="champions/' in text or 'href="evaluation/' in text
                or "../champions/" in text or "../evaluation/" in text]
    assert not [u for u in nav if "partners/boroughs/" in u or "partners/units/" in u]
    assert "partners/boroughs/" not in home and "partners/units/" not in home
    sitemap = (site / "sitemap.xml").read_text()
    assert "partners/boroughs/millbrook/" in sitemap  # reachable and findable, just not in the menu


def test_warning_appears_exactly_when_an_entry_turns_six_months_old(site):
    # The build ran at 2027-02-20 00:00: Fernleigh (verified 2026-08-20) is due, the others are not.
    assert WARNING in page(site, "partners/boroughs/fernleigh")
    assert "It was last verified on <time datetime=\"2026-08-20\">20 August 2026</time>" in page(site, "partners/boroughs/fernleigh")
    assert WARNING not in page(site, "partners/boroughs/ashwood")
    assert WARNING in page(site, "partners/units/north") and WARNING not in page(site, "partners/units/east")
    directory = page(site, "partners")
    assert re.search(r'>Fernleigh</a>[^\n]*not verified for 6 months', directory)
    assert not re.search(r'>Ashwood</a>[^\n]*not verified for 6 months', directory)


@pytest.mark.parametrize("now, due", [
    ("2026-09-10 12:00", set()),
    ("2027-02-19 23:59", set()),
    ("2027-02-20 00:00", {"fernleigh"}),
    ("2027-02-27 23:59", {"fernleigh"}),
    ("2027-02-28 00:00", {"fernleigh", "ashwood"}),  # 31 August + 6 months: the last day of February
    ("2027-07-05 14:29", {"fernleigh", "ashwood"}),
    ("2027-07-05 14:30", {"fernleigh", "ashwood", "millbrook"}),  # across the clocks change: same wall time
])
def test_staleness_at_several_instants(proj, now, due):
    plan = plan_mod.load(proj.path)
    snap = Snapshot(plan, parse_instant(now, plan.tz))
    pages = {p.src_uri: p.markdown for p in partners.pages(snap, plan.data)}
    warned = {b for b in ("fernleigh", "ashwood", "millbrook") if WARNING in pages[f"partners/boroughs/{b}.md"]}
    assert warned == due


def test_thresholds_are_change_instants_for_schedule_and_build(proj):
    plan = plan_mod.load(proj.path)
    tz = plan.tz
    expected = [parse_instant(t, tz) for t in ("2027-02-20 00:00", "2027-02-28 00:00", "2027-07-05 14:30")]
    instants = change_instants(plan)
    assert all(t in instants for t in expected)
    # make schedule lists the next one; the build's SOURCE_DATE_EPOCH moves at it.
    snap = Snapshot(plan, parse_instant("2027-02-19 12:00", tz))
    assert "2027-02-20T00:00:00+00:00" in schedule.as_table(snap)
    at = Snapshot(plan, expected[0])
    assert at.source_date_epoch == int(expected[0].timestamp()) > snap.source_date_epoch


def test_default_sample_directory_is_fictional():
    data = plan_mod.load(ROOT).data.partners
    assert data.sample
    for _, b in boroughs(data):
        for phone in (b.mash_phone, b.out_of_hours_phone):
            assert re.fullmatch(r"020 7946 0\d{3}", phone)
        assert b.partnership_url.split("/")[2].endswith(".example")
        assert "(fictional)" in b.local_authority and "(fictional)" in b.police_lead
