from datetime import datetime, timezone

import pytest

from campaign.source.times import TimeFormatError, fmt, parse_instant, zone

LONDON = zone("Europe/London")


@pytest.mark.parametrize("text, expected", [
    ("2027-01-11", "2027-01-11T00:00:00+00:00"),
    ("2027-01-11 08:00", "2027-01-11T08:00:00+00:00"),
    ("2027-06-11T08:00:30", "2027-06-11T08:00:30+01:00"),
    ("2027-06-11 08:00Z", "2027-06-11T09:00:00+01:00"),
    ("2027-06-11T08:00+02:00", "2027-06-11T07:00:00+01:00"),
    ("2026-10-25 01:30+01:00", "2026-10-25T01:30:00+01:00"),
    ("2026-10-25 01:30+00:00", "2026-10-25T01:30:00+00:00"),
])
def test_accepted_forms(text, expected):
    assert fmt(parse_instant(text, LONDON), LONDON) == expected


def test_spring_forward_gap_names_both_candidates():
    with pytest.raises(TimeFormatError) as exc:
        parse_instant("2027-03-28 01:30", LONDON)
    assert "does not exist" in exc.value.message
    assert '"2027-03-28 01:30+00:00" or "2027-03-28 01:30+01:00"' in exc.value.fix


def test_autumn_ambiguous_time_names_both_candidates():
    with pytest.raises(TimeFormatError) as exc:
        parse_instant("2026-10-25 01:30", LONDON)
    assert "happens twice" in exc.value.message
    assert '"2026-10-25 01:30+01:00" or "2026-10-25 01:30+00:00"' in exc.value.fix


@pytest.mark.parametrize("text", ["2027-13-01", "2027-02-30", "next tuesday", "2027-01-11 8:00", "11/01/2027",
                                  "2027-01-11 08:00+25:00"])
def test_rejected(text):
    with pytest.raises(TimeFormatError):
        parse_instant(text, LONDON)


def test_utc_instant_is_the_same_whatever_the_zone_used_to_show_it():
    t = parse_instant("2027-01-11 08:00Z", LONDON)
    assert t == datetime(2027, 1, 11, 8, 0, tzinfo=timezone.utc)
    assert fmt(t, zone("America/New_York")) == "2027-01-11T03:00:00-05:00"
