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


# --- one source of truth: what a bad time's `fix:` says is what EDITORS.md's table says ------------------

import os
import re
import subprocess
import sys

from campaign.source import messages
from conftest import ROOT, Project


def _guide_todo(code: str) -> str:
    """The 'what to do' cell of EDITORS.md's generated table for a catalogue message."""
    guide = (ROOT / "EDITORS.md").read_text(encoding="utf-8")
    text = messages.CATALOGUE[code].text.replace("|", "\\|")
    row = next(line for line in guide.splitlines() if line.startswith(f"| `{text}` |"))
    return row.rsplit(" | ", 1)[1].removesuffix(" |").replace("\\|", "|")


def _fix_matches_guide(fix: str, code: str) -> None:
    todo = _guide_todo(code)
    parts = re.split(r"\{[^}]*\}", todo)
    pattern = "^" + ".+?".join(re.escape(p) for p in parts) + "$"
    assert re.match(pattern, fix), f"printed fix {fix!r} is not EDITORS.md's {todo!r}"


@pytest.mark.parametrize("text, code", [
    ("next tuesday", "time-bad-form"),
    ("2027-02-30", "time-not-real"),
    ("2027-01-11 08:00+25:00", "time-bad-offset"),
    ("2027-03-28 01:30", "time-gap"),
    ("2026-10-25 01:30", "time-twice"),
])
def test_a_bad_times_fix_is_the_guides_and_does_not_repeat_expected(project, text, code):
    project.write("docs/articles/a.md", "x")
    project.plan(f'- id: a\n  kind: article\n  title: "First article"\n  source: docs/articles/a.md\n'
                 f'  release: "{text}"\n')
    from campaign.source import plan as plan_mod
    from campaign.source.errors import CampaignError
    with pytest.raises(CampaignError) as exc:
        plan_mod.load(project.path)
    [p] = exc.value.problems
    assert messages.matching(p.message) is messages.CATALOGUE[code]
    _fix_matches_guide(p.fix, code)
    # The fix says what to do; it does not copy the accepted forms that `expected` lists.
    for example in re.findall(r'"([^"]+)"', p.expected):
        assert example not in p.fix, (p.expected, p.fix)
    assert not p.fix.lower().startswith("write " + p.expected.lower()[:20])


def _with_env_time(project, var: str, value: str) -> subprocess.CompletedProcess:
    """make schedule with CAMPAIGN_NOW=value, or make preview with DATE=value (its --output), on a small plan."""
    project.write("docs/articles/a.md", "x")
    project.plan('- id: a\n  kind: article\n  title: "First article"\n  source: docs/articles/a.md\n'
                 '  release: "2026-09-08 08:00"\n')
    env = dict(os.environ, PYTHONPATH=str(ROOT / "hooks"), CAMPAIGN_NOW="2026-10-01")
    if var == "CAMPAIGN_NOW":
        args, env["CAMPAIGN_NOW"] = ["schedule", "--format", "json"], value
    else:
        args = ["preview", "--date", value, "--output", str(project.path.parent / "preview")]
    return subprocess.run([sys.executable, "-m", "campaign", "--root", str(project.path), *args], env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("var, code", [("CAMPAIGN_NOW", "env-now"), ("DATE", "env-date")])
def test_a_bad_environment_time_prints_the_guides_fix(project, var, code):
    done = _with_env_time(project, var, "1 Feb 2027")
    assert done.returncode == 1
    [line] = done.stderr.splitlines()
    message, fix = line.split("; fix: ")
    assert message == f"{var}: '1 Feb 2027' is not a time"
    _fix_matches_guide(fix, code)


@pytest.mark.parametrize("var, text, first, second", [
    ("CAMPAIGN_NOW", "2027-03-28 01:30", "2027-03-28 01:30+00:00", "2027-03-28 01:30+01:00"),
    ("CAMPAIGN_NOW", "2026-10-25 01:30", "2026-10-25 01:30+01:00", "2026-10-25 01:30+00:00"),
    ("DATE", "2027-03-28 01:30", "2027-03-28 01:30+00:00", "2027-03-28 01:30+01:00"),
    ("DATE", "2026-10-25 01:30", "2026-10-25 01:30+01:00", "2026-10-25 01:30+00:00"),
])
def test_an_environment_time_the_clocks_skip_or_repeat_names_both_instants_to_copy(project, var, text, first, second):
    """CAMPAIGN_NOW or DATE at a London time that does not exist or happens twice was refused with only
    'Write e.g. CAMPAIGN_NOW=2027-02-01': the plan's message names both instants, this one did not. Now the
    fix is the plan's, and either instant it names is accepted as printed."""
    done = _with_env_time(project, var, text)
    assert done.returncode == 1
    [line] = done.stderr.splitlines()
    message, fix = line.split("; fix: ")
    assert message.startswith(f"{var}: '{text}' ")
    assert f'"{first}"' in fix and f'"{second}"' in fix, line
    for choice in (first, second):
        assert _with_env_time(project, var, choice).returncode == 0, choice


@pytest.mark.parametrize("var", ["CAMPAIGN_NOW", "DATE"])
def test_a_malformed_environment_time_names_the_accepted_forms(project, var):
    """'2027-02-01T09:00+0100' (an offset without its colon) was 'not a time', with examples that have no
    offset at all: the fix now names the accepted forms (design.md section 2)."""
    done = _with_env_time(project, var, "2027-02-01T09:00+0100")
    assert done.returncode == 1
    fix = done.stderr.split("; fix: ")[1]
    for form in ("YYYY-MM-DD", "HH:MM", "Z", "+HH:MM"):
        assert form in fix, fix
