"""The checked plan as records (source/records.py): the fields of the models the check validated, frozen, equal
and hashed as the models are, kept and read back by the plan cache; and a build whose plan comes from the
cache never imports pydantic."""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from campaign.source import plan as plan_mod
from campaign.source import plancache, records
from campaign.source.records import Record

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def plan():
    return plan_mod.load(ROOT)


def _models(root: Path):
    """The default campaign validated as the check does, as pydantic models (the oracle)."""
    from campaign.source import yamlsrc
    from campaign.source.models import PlanModel

    doc = yamlsrc.load_fast((root / plan_mod.PLAN_FILE).read_text(encoding="utf-8"), plan_mod.PLAN_FILE)
    return PlanModel.model_validate(doc.value, context={"tz": plan_mod.zone("Europe/London")})


def _same(record, model) -> None:
    """A record holds its model's name and fields, each the same (records for models, all the way down)."""
    if getattr(type(model), "model_fields", None) is None:
        if isinstance(model, tuple):
            assert isinstance(record, tuple) and len(record) == len(model)
            for r, m in zip(record, model):
                _same(r, m)
        else:
            assert record == model and type(record) is type(model)
        return
    assert isinstance(record, Record) and type(record).__name__ == type(model).__name__
    assert list(vars(record)) == list(type(model).model_fields)
    for name in vars(record):
        _same(getattr(record, name), getattr(model, name))


def test_the_plan_holds_records_of_what_the_models_validated(plan):
    models = _models(ROOT)
    _same(plan.campaign, models.campaign)
    _same(plan.texts, models.texts)
    _same(plan.themes, models.themes)
    _same(plan.roles, models.roles)
    by_id = {r.id: r for r in models.releases}
    assert {r.id for r in plan.releases} == set(by_id)
    for r in plan.releases:
        _same(r, by_id[r.id])
    assert plan.data is not None and type(plan.data).__name__ == "DataSet"
    for name in ("partners", "champions", "baseline"):
        value = getattr(plan.data, name)
        assert value is None or isinstance(value, Record)


def test_records_are_frozen_equal_hashable_and_pickled_as_their_class(plan):
    r = plan.releases[0]
    with pytest.raises(AttributeError):
        r.title = "Something else"
    with pytest.raises(AttributeError):
        del r.title
    twin = records.replace(r)
    assert twin == r and hash(twin) == hash(r) and twin is not r
    other = records.replace(r, title=r.title + " again")
    assert other != r and other.title.endswith(" again") and r.title != other.title
    with pytest.raises(TypeError):
        records.replace(r, no_such_field=1)
    assert records.record("Theme", dict(vars(r))) != r  # another kind with the same fields is another thing
    back = pickle.loads(pickle.dumps(plan.releases))
    assert back == plan.releases and all(type(a) is type(b) for a, b in zip(back, plan.releases))
    assert type(back[0]) is getattr(records, type(r).__name__)


def test_two_models_of_one_name_are_refused():
    from pydantic import BaseModel

    class Theme(BaseModel):  # not the plan's Theme
        id: str

    records.freeze(_models(ROOT).themes[0])
    with pytest.raises(TypeError, match="two models are named Theme"):
        records.freeze(Theme(id="x"))


def test_a_build_whose_plan_comes_from_the_cache_never_imports_pydantic(tmp_path):
    """The second build of a project (its plan kept by the first) runs without pydantic; a plan edit
    checks it again, with pydantic, and the build after that is without it again."""
    import shutil

    proj = tmp_path / "proj"
    shutil.copytree(ROOT, proj, ignore=shutil.ignore_patterns(".git", ".venv", "site", ".cache", "node_modules",
                                                             "bench", "__pycache__", ".site.*"))
    env = {k: v for k, v in os.environ.items() if k not in ("CAMPAIGN_NOW", "PYTHONPATH")}
    env.update(PYTHONPATH=str(proj / "hooks"), CAMPAIGN_NOW="2026-10-01 12:00")

    def imports_pydantic() -> bool:
        done = subprocess.run([sys.executable, "-X", "importtime", "-m", "campaign", "--root", ".", "build"],
                              cwd=proj, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
        return any(line.rstrip().endswith("| pydantic") for line in done.stderr.splitlines())

    assert imports_pydantic()  # nothing kept: the plan is checked
    assert (proj / plancache.CACHE_DIR / plancache.CACHE_FILE).is_file()
    assert not imports_pydantic()
    plan_file = proj / plan_mod.PLAN_FILE
    plan_file.write_text(plan_file.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert imports_pydantic()
    assert not imports_pydantic()
