"""Broken data files (data/partners.yaml, champions.yaml, survey waves) fail like a broken plan: exact
`file:LINE: key.path: ...` messages, every problem of every file in one run, nothing written."""
from __future__ import annotations

import textwrap

import pytest

from campaign.source import plan as plan_mod
from campaign.source.errors import CampaignError
from conftest import HEADER

PLAN_LINE = HEADER.count("\n")


def problems(project) -> list[str]:
    with pytest.raises(CampaignError) as exc:
        plan_mod.load(project.path)
    return [str(p) for p in exc.value.problems]


def borough(id_, phone="020 7946 0120", ooh="020 7946 0121", url="https://ashwood.example/lscp",
            verified='"2026-08-20"', extra=""):
    return textwrap.indent(textwrap.dedent(f"""\
        - id: {id_}
          name: "Ashwood"
          local_authority: "Ashwood Council (fictional)"
          mash_name: "Ashwood MASH"
          mash_phone: "{phone}"
          out_of_hours_phone: "{ooh}"
          partnership_url: "{url}"
          police_lead: "DI Jo Marsh (fictional)"
          last_verified: {verified}
        """) + extra, "      ")


def partners(*boroughs, sample="true"):
    return f"sample: {sample}\nunits:\n  - id: north\n    name: \"North\"\n    boroughs:\n" + "".join(boroughs)


SURVEY = """\
sample: true
label: "Baseline (sample)"
fieldwork:
  start: "2026-07-06"
  end: "2026-08-14"
sample_size: 100
questions:
  - id: know
    text: "I know the signs"
    options: ["Yes", "No"]
    counts: [60, 30]
    positive: ["Yes"]
"""

CHAMPIONS = """\
sample: true
join:
  email: "join@met.example"
  text: "Join us."
champions:
  - id: priya-shah
    name: "Sergeant Priya Shah"
    role: "Response sergeant"
    unit: north
    themes: [child-abuse]
    contact:
      email: "priya@met.example"
"""


def blog(project, extra=""):
    return project.article("b", "A blog post", "2026-09-08 08:00", kind="blog", folder="blog", extra=extra)


def test_every_problem_in_every_data_file_and_the_plan_at_once(project):
    # A broken champions file is not also blamed for the blog's champion id (it cannot be checked).
    project.plan(blog(project, 'champion: priya-shah\nuntil: "2026-09-01 08:00"'))
    project.write("data/partners.yaml", partners(
        borough("ashwood", phone="020 7946 012", verified="2026-08-20", extra='  out_of_hour_phone: "020 7946 0124"\n'),
        borough("brackenford", url="ashwood.example/lscp")))
    project.write("data/champions.yaml", CHAMPIONS.replace("    role:", "    rol:"))
    project.write("data/survey.yaml", SURVEY.replace("sample_size: 100", "sample_size: none"))
    assert problems(project) == [
        f"campaign_plan.yaml:{PLAN_LINE + 9}: releases[0].until: 'until' is not after 'release'; expected a time "
        "after 2026-09-08T08:00:00+01:00; found 2026-09-01T08:00:00+01:00; fix: take it down after it goes live, "
        "or remove 'until'",
        "data/champions.yaml:6: champions[0].role: the required key 'role' is missing; fix: add 'role:' here",
        "data/champions.yaml:8: champions[0].rol: unknown key 'rol'; fix: did you mean 'role'?",
        "data/partners.yaml:10: units[0].boroughs[0].mash_phone: not a UK phone number; expected a UK number such as "
        "\"020 7946 0123\"; found '020 7946 012'; fix: write the 11 digits starting 0, spaces allowed",
        "data/partners.yaml:14: units[0].boroughs[0].last_verified: this time is not in quotes, so YAML reads it as a "
        "date without a timezone; expected a quoted time such as \"2027-01-11 08:00\", \"2027-01-11\" or "
        "\"2027-01-11T08:00+01:00\"; found '2026-08-20'; fix: Put it in double quotes: \"2026-08-20\".",
        "data/partners.yaml:15: units[0].boroughs[0].out_of_hour_phone: unknown key 'out_of_hour_phone'; "
        "fix: did you mean 'out_of_hours_phone'?",
        "data/partners.yaml:22: units[0].boroughs[1].partnership_url: not a web address; expected an address like "
        "\"https://council.example/safeguarding\"; found 'ashwood.example/lscp'; fix: write the full address starting https://",
        "data/survey.yaml:6: sample_size: wrong type of value; expected a whole number; found 'none'",
    ]


def test_checks_across_entries_files_and_the_plan(project):
    project.plan(blog(project, "champion: priya-sha"))
    project.write("data/partners.yaml", partners(
        borough("ashwood", ooh="020 7123 4567"),
        borough("ashwood", url="https://ashwood.gov.uk/lscp")))
    project.write("data/champions.yaml", CHAMPIONS.replace("unit: north", "unit: nrth")
                  .replace("[child-abuse]", "[child-abuse, child-abus]"))
    project.write("data/survey.yaml", SURVEY.replace("counts: [60, 30]", "counts: [60, 30, 20]")
                  .replace('positive: ["Yes"]', 'positive: ["yes"]'))
    assert problems(project) == [
        f"campaign_plan.yaml:{PLAN_LINE + 8}: releases[0].champion: unknown champion; expected an id from "
        "data/champions.yaml (priya-shah); found 'priya-sha'; fix: did you mean 'priya-shah'?",
        "data/champions.yaml:9: champions[0].unit: unknown command unit; expected a unit id from data/partners.yaml "
        "(north); found 'nrth'; fix: did you mean 'north'?",
        "data/champions.yaml:10: champions[0].themes[1]: unknown theme; expected one of missing-children, child-abuse, "
        "criminal-exploitation; found 'child-abus'; fix: did you mean 'child-abuse'?",
        "data/partners.yaml:11: units[0].boroughs[0].out_of_hours_phone: sample data must not contain real contact "
        "details; expected a drama number from 020 7946 0000 to 020 7946 0999; found '020 7123 4567'; "
        "fix: use a fictional value, or set 'sample: false' if this is the real list",
        "data/partners.yaml:15: units[0].boroughs[1].id: the borough id 'ashwood' is used twice (also "
        "units[0].boroughs[0]); expected a unique id; fix: give each borough its own id",
        "data/partners.yaml:21: units[0].boroughs[1].partnership_url: sample data must not contain real contact "
        "details; expected an address at a reserved domain (ending .example, or example.org); found "
        "'https://ashwood.gov.uk/lscp'; fix: use a fictional value, or set 'sample: false' if this is the real list",
        "data/survey.yaml:11: questions[0].counts: more answers than people who took part; expected counts adding up "
        "to at most sample_size (100); found 110; fix: check the counts and sample_size",
        "data/survey.yaml:11: questions[0].counts: there must be one count per response option; expected 2 counts; "
        "found 3; fix: add or remove counts to match 'options'",
        "data/survey.yaml:12: questions[0].positive[0]: not one of this question's options; expected one of Yes, No; "
        "found 'yes'; fix: copy the option's text exactly",
    ]


def test_real_list_must_not_keep_sample_numbers(project):
    project.plan(project.article("a", "First article", "2026-09-08 08:00"))
    project.write("data/partners.yaml", partners(borough("ashwood", phone="020 7123 4567", ooh="020 7946 0121",
                                                        url="https://ashwood.gov.uk/lscp"), sample="false"))
    assert problems(project) == [
        "data/partners.yaml:11: units[0].boroughs[0].out_of_hours_phone: this is a fictional sample value in the real "
        "list; expected the real number or address; found '020 7946 0121'; fix: replace it with the real contact details",
    ]


def test_follow_up_wave_must_ask_the_baseline_questions(project):
    project.write("data/survey.yaml", SURVEY)
    project.write("data/survey-follow-up.yaml", SURVEY.replace('["Yes", "No"]', '["Yes", "No", "Maybe"]')
                  .replace("counts: [60, 30]", "counts: [60, 30, 5]").replace("id: know", "id: knw"))
    project.plan(project.article("a", "First article", "2026-09-08 08:00")
                 + "- id: follow-up\n  kind: survey\n  title: \"Follow-up results\"\n"
                   "  data: data/survey-follow-up.yaml\n  release: \"2027-10-19 08:00\"\n"
                 + "- id: wrong-file\n  kind: survey\n  title: \"Wrong file results\"\n"
                   "  data: data/survey.yaml\n  release: \"2027-10-20 08:00\"\n")
    assert problems(project) == [
        f"campaign_plan.yaml:{PLAN_LINE + 14}: releases[2].data: a survey release needs its own wave file; expected "
        "a file such as data/survey-follow-up.yaml; found 'data/survey.yaml'; fix: put the follow-up wave in a file of its own",
        "data/survey-follow-up.yaml:8: questions[0].id: this question is not in the baseline survey; expected one of "
        "know; found 'knw'; fix: use the baseline's question id",
    ]


def test_broken_data_leaves_the_site_as_it_was(project):
    project.plan(project.article("a", "First article", "2026-09-08 08:00"))
    project.write("data/partners.yaml", partners(borough("ashwood", phone="not a phone")))
    project.write("site/index.html", "old site\n")
    code, err = project.build("2026-09-10 12:00")
    assert code == 1
    assert "data/partners.yaml:10: units[0].boroughs[0].mash_phone: not a UK phone number" in err
    assert "nothing was built or changed" in err
    assert [p.name for p in project.site.iterdir()] == ["index.html"]
    assert (project.site / "index.html").read_text() == "old site\n"
    assert not list(project.path.glob(".site.building-*"))
