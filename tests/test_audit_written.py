"""A hidden title written the way editors' tools and habits write it is still the title (issue 23's red team):
'&' for 'and', digits for number words, the other side of the Atlantic's spelling (Word's US dictionary, or a
Canadian campaign writing a UK one's titles), a headline's leading article dropped; and any of them together.
Wherever a page shows it: text, a heading and its anchor, an attribute, a nav label. Controls: the same words
around, never the whole title, are no finding."""
from __future__ import annotations

import html

import pytest
from hypothesis import given, strategies as st

from test_audit import PAGE, items_in, world  # noqa: F401 (world is a fixture)

from campaign.audit.needles import title_variants

ITEM = "written-title"  # in test_audit's world: "The twelve lanterns and a centre for the organised watch"
WRAPS = ["<p>Coming soon: {}.</p>", "<h2 id=\"coming\">{}</h2>", '<img src="a.png" alt="Poster: {}">',
         '<li class="md-nav__item"><a href="../x/" class="md-nav__link">{}</a></li>', "<p>{}</p>".upper()]


def written(amp: bool, digits: bool, us: bool, drop: bool, upper: bool) -> str:
    t = "The twelve lanterns and a centre for the organised watch"
    if amp:
        t = t.replace(" and ", " & ")
    if digits:
        t = t.replace("twelve", "12")
    if us:
        t = t.replace("centre", "center").replace("organised", "organized")
    if drop:
        t = t.removeprefix("The ")
    return t.upper() if upper else t


@given(amp=st.booleans(), digits=st.booleans(), us=st.booleans(), drop=st.booleans(), upper=st.booleans(),
       wrap=st.sampled_from(WRAPS))
def test_a_hidden_title_written_another_way_is_found(world, tmp_path, amp, digits, us, drop, upper, wrap):
    page = wrap.format(html.escape(written(amp, digits, us, drop, upper)))
    assert items_in(world, tmp_path, PAGE, page) == {ITEM}


@pytest.mark.parametrize("anchor", ["the-twelve-lanterns-a-centre-for-the-organised-watch",
                                    "the-12-lanterns-and-a-center-for-the-organized-watch",
                                    "twelve_lanterns_and_a_centre_for_the_organised_watch"])
def test_the_anchor_of_a_heading_holding_the_title_written_another_way_is_found(world, tmp_path, anchor):
    # Python-Markdown's toc makes a heading's id from its words: an '&' is dropped, '12' kept.
    assert items_in(world, tmp_path, PAGE, f'<a href="#{anchor}">Next month</a>') == {ITEM}


@pytest.mark.parametrize("text", [
    "Twelve lanterns & a charger for the watch house.",
    "12 lanterns and a centre.",
    "The organized watch keeps a center for lanterns.",
    "Lanterns and a centre for the organised watch",  # the title's end only
])
def test_the_titles_words_around_it_are_no_finding(world, tmp_path, text):
    assert items_in(world, tmp_path, PAGE, f"<p>{text}</p>") == set()


def test_title_variants_are_written_forms_of_the_title_only():
    assert title_variants("Two phones and a long way from home") == [
        "two phones & a long way from home", "2 phones and a long way from home", "2 phones & a long way from home"]
    assert "guide: recognizing and responding to child abuse" in title_variants("Guide: recognising and responding to child abuse")
    assert "detectives: keeping the child at the centre of every case" in title_variants(
        "Detectives: keeping the child at the center of every case")
    assert title_variants("A question at the front counter") == ["question at the front counter"]  # not 'countre'
    assert title_variants("A sleeping bag nearby") == []  # four words: no article dropped
    assert title_variants("Quiet Harbour Warning") == ["quiet harbor warning"]
