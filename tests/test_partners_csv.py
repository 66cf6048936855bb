"""scripts/partners_from_csv.py: a spreadsheet export becomes data/partners.yaml that the build accepts;
bad rows are reported by CSV line and column, all at once, and the old file is left alone."""
from __future__ import annotations

import contextlib
import io
import sys

from campaign.source import plan as plan_mod
from conftest import ROOT, Project

sys.path.insert(0, str(ROOT / "scripts"))
import partners_from_csv  # noqa: E402

HEAD = ("unit_id,unit_name,borough_name,local_authority,mash_name,mash_phone,mash_email,out_of_hours_phone,"
        "partnership_url,police_lead,police_lead_role,last_verified\n")
ROWS = [
    'north,North command unit,Fernleigh,London Borough of Fernleigh,Fernleigh Front Door,020 7946 0300,'
    'mash@fernleigh.example,020 7946 0301,https://fernleigh.example/lscp,DI Jo Marsh,"Lead, child protection",20/08/2026\n',
    'north,North command unit,Ashwood Vale,London Borough of Ashwood,Ashwood MASH,020 7946 0310,,020 7946 0311,'
    'https://ashwood.example/lscp,DI Sam Okoro,,2026-08-31\n',
    'east,East command unit,Millbrook,London Borough of Millbrook,Millbrook MASH,020 7946 0320,,020 7946 0321,'
    'https://millbrook.example/lscp,DI Chris Patel,,05/01/2027\n',
]


def run(*args) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = partners_from_csv.main([str(a) for a in args])
    return code, err.getvalue()


def test_csv_becomes_a_directory_the_build_accepts(tmp_path):
    src = tmp_path / "partners.csv"
    src.write_text("\ufeff" + HEAD + "".join(ROWS), encoding="utf-8")  # Excel's BOM
    p = Project(tmp_path / "proj")
    p.plan(p.article("a", "First article", "2026-09-08 08:00"))
    code, err = run(src, "--sample", "--output", p.path / "data/partners.yaml")
    assert code == 0, err
    assert "(3 boroughs)" in err
    data = plan_mod.load(p.path).data.partners
    assert data.sample is True
    assert [u.id for u in data.units] == ["north", "east"]
    assert [(b.id, b.name) for b in data.units[0].boroughs] == [("fernleigh", "Fernleigh"), ("ashwood-vale", "Ashwood Vale")]
    fern, ash = data.units[0].boroughs
    assert fern.police_lead_role == "Lead, child protection" and ash.police_lead_role is None
    assert fern.mash_email == "mash@fernleigh.example" and ash.mash_email is None
    assert fern.last_verified.strftime("%Y-%m-%d %H:%M") == "2026-08-20 00:00"
    assert data.units[1].boroughs[0].last_verified.strftime("%Y-%m-%d") == "2027-01-05"


def test_bad_rows_are_reported_by_line_and_column_and_nothing_is_written(tmp_path):
    src = tmp_path / "partners.csv"
    bad_phone = ROWS[1].replace("020 7946 0310", "020 7946 03")
    real_number = ROWS[2].replace("020 7946 0321", "020 7123 4567")
    src.write_text(HEAD + ROWS[0] + bad_phone + real_number, encoding="utf-8")
    out = tmp_path / "partners.yaml"
    out.write_text("old\n")
    code, err = run(src, "--sample", "--output", out)
    assert code == 1
    assert err.splitlines() == [
        f"2 problems found; {out} was not changed:",
        "partners.csv:3: column mash_phone: not a UK phone number; expected a UK number such as \"020 7946 0123\"; "
        "found '020 7946 03'; fix: write the 11 digits starting 0, spaces allowed",
        "partners.csv:4: column out_of_hours_phone: sample data must not contain real contact details; expected a "
        "drama number from 020 7946 0000 to 020 7946 0999; found '020 7123 4567'; fix: use a fictional value, or "
        "set 'sample: false' if this is the real list",
    ]
    assert out.read_text() == "old\n"


def test_missing_and_unknown_columns(tmp_path):
    src = tmp_path / "partners.csv"
    src.write_text(HEAD.replace("mash_phone,", "mash_phon,"), encoding="utf-8")
    code, err = run(src, "--output", tmp_path / "out.yaml")
    assert code == 1
    assert "partners.csv:1: header: the column 'mash_phone' is missing; fix: add a column headed mash_phone" in err
    assert "partners.csv:1: header: unknown column 'mash_phon'" in err
    assert not (tmp_path / "out.yaml").exists()


def test_real_list_keeps_no_sample_marker(tmp_path):
    src = tmp_path / "partners.csv"
    src.write_text(HEAD + ROWS[0], encoding="utf-8")
    code, err = run(src, "--output", tmp_path / "out.yaml")  # without --sample the drama numbers are refused
    assert code == 1
    assert "partners.csv:2: column mash_phone: this is a fictional sample value in the real list" in err
