"""The plan's JSON Schema and the editors' guide are generated, committed and up to date."""
from __future__ import annotations

import json

import jsonschema
import yaml

from campaign.source import messages
from campaign.commands import planschema
from conftest import ROOT


def validator():
    schema = json.loads((ROOT / planschema.SCHEMA_FILE).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_committed_schema_is_the_generated_one():
    assert (ROOT / planschema.SCHEMA_FILE).read_text(encoding="utf-8") == planschema.schema_text(), \
        "run `make schema` and commit campaign_plan.schema.json"


def test_the_plan_points_to_the_schema_and_validates_against_it():
    text = (ROOT / "campaign_plan.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=./campaign_plan.schema.json"
    assert list(validator().iter_errors(yaml.safe_load(text))) == []


def test_the_schema_underlines_what_the_loader_rejects():
    plan = yaml.safe_load((ROOT / "campaign_plan.yaml").read_text(encoding="utf-8"))
    plan["releases"][0]["relase"] = plan["releases"][0].pop("release")
    plan["releases"][1]["kind"] = "artcle"
    plan["campaign"]["starts"] = "7 September 2026"
    plan["themes"][0]["id"] = "Missing Children"
    errors = {tuple(e.absolute_path) for e in validator().iter_errors(plan)}
    assert errors == {("releases", 0), ("releases", 1), ("campaign", "starts"), ("themes", 0, "id")}


def test_editors_guide_lists_every_message_and_is_up_to_date():
    guide = (ROOT / planschema.GUIDE_FILE).read_text(encoding="utf-8")
    assert guide == planschema.guide_text(guide), "run `make schema` and commit EDITORS.md"
    for m in messages.CATALOGUE.values():
        assert f"`{m.text}`" in guide.replace("\\|", "|")
        assert m.todo and m.level in ("error", "warning")
    for heading in ("## Add an article", "## Add a podcast episode", "## Add an event", "## How the embargo works",
                    "## Preview", "## Sign-off", "## Every message and what to do"):
        assert heading in guide


def test_catalogue_patterns_match_their_own_messages_only():
    m = messages.CATALOGUE["id-twice"]
    assert messages.matching(m(id="'a'", n=0)) is m
    assert messages.matching("the id 'a' is already used by releases[3]") is m
    assert messages.matching("something nobody wrote into the catalogue") is None
