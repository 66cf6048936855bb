"""Data files in data/ (partners, champions, survey waves): read once with line numbers, validated with
the same `file:LINE: key.path: ...; expected ...; found ...; fix: ...` problems as the plan, frozen.

Every data file is optional: a project without one gets a page saying the data has not been loaded.
Cross-checks that need the plan (blog champions, theme ids, survey releases) run here too, so a single
run reports every problem in the plan and the data together.
"""
from __future__ import annotations

import difflib
import typing
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from types import MappingProxyType

from pydantic import BaseModel, ValidationError

from . import validation, yamlsrc
from .champions import ChampionsFile
from .errors import Problem
from .partners import PartnersFile
from .partners import check as check_partners
from .survey import SurveyWave, check_follow_up

PARTNERS_FILE = "data/partners.yaml"
CHAMPIONS_FILE = "data/champions.yaml"
BASELINE_FILE = "data/survey.yaml"
PLAN_FILE = "campaign_plan.yaml"


@dataclass(frozen=True)
class DataSet:
    """Everything read from data/, parsed once. Missing files are None."""

    partners: PartnersFile | None = None
    champions: ChampionsFile | None = None
    baseline: SurveyWave | None = None
    # plan survey release id -> its wave (published only while that release is live)
    waves: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))


def load(root: Path, tz: tzinfo, model=None, doc: yamlsrc.Located | None = None) -> tuple[DataSet, list[Problem]]:
    """Read and check every data file. `model`/`doc` are the validated plan and its YAML (None when the
    plan itself is broken: the data files are then still checked on their own)."""
    problems: list[Problem] = []
    partners, pdoc = _read(root, PARTNERS_FILE, PartnersFile, tz, problems)
    champions, cdoc = _read(root, CHAMPIONS_FILE, ChampionsFile, tz, problems)
    baseline, bdoc = _read(root, BASELINE_FILE, SurveyWave, tz, problems)
    if pdoc is not None:
        problems.extend(check_partners(PARTNERS_FILE, pdoc))
    if champions is not None:  # (each check runs only on a file that passed its model, unless it says)
        problems.extend(champions.check(CHAMPIONS_FILE, cdoc, partners, model))
    if baseline is not None:
        problems.extend(baseline.check(BASELINE_FILE, bdoc))
    waves = {}
    if model is not None:
        for r in model.releases:
            if r.kind != "survey" or not (root / r.data).is_file():
                continue  # a missing file is already reported by the plan check
            wave, wdoc = _read(root, r.data, SurveyWave, tz, problems)
            if wave is not None:
                waves[r.id] = wave
                problems.extend(wave.check(r.data, wdoc))
                if baseline is not None:
                    problems.extend(check_follow_up(baseline, wave, r.data, wdoc))
    data = DataSet(partners, champions, baseline, MappingProxyType(waves))
    if model is not None and doc is not None:
        fixed = (PARTNERS_FILE, CHAMPIONS_FILE, BASELINE_FILE)
        for i, r in enumerate(model.releases):
            if r.kind == "survey" and r.data in fixed:
                loc = ("releases", i, "data")
                problems.append(Problem(PLAN_FILE, doc.line(loc), yamlsrc.key_path(loc),
                                        "a survey release needs its own wave file", "a file such as data/survey-follow-up.yaml",
                                        repr(r.data), "put the follow-up wave in a file of its own"))
        if champions is not None or not (root / CHAMPIONS_FILE).is_file():  # a broken file is reported already
            problems.extend(_check_blog_champions(model, doc, champions))
    return data, problems


def _check_blog_champions(model, doc, champions) -> list[Problem]:
    out = []
    ids = [c.id for c in champions.champions] if champions else []
    for i, r in enumerate(model.releases):
        cid = getattr(r, "champion", None)
        if cid is None or cid in ids:
            continue
        near = difflib.get_close_matches(cid, ids, n=1)
        loc = ("releases", i, "champion")
        out.append(Problem(PLAN_FILE, doc.line(loc), yamlsrc.key_path(loc), "unknown champion",
                           f"an id from {CHAMPIONS_FILE}" + (f" ({', '.join(ids)})" if ids else ""), repr(cid),
                           f"did you mean '{near[0]}'?" if near else f"add the champion to {CHAMPIONS_FILE} or remove 'champion:'"))
    return out


# --- one file ----------------------------------------------------------------------------------------

def _read(root: Path, rel: str, model: type[BaseModel], tz: tzinfo, problems: list[Problem]):
    path = root / rel
    if not path.is_file():
        return None, None
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(rel, 1, "", f"the file is not UTF-8 text ({exc.reason})", fix="save it as UTF-8"))
        return None, None
    doc, found = yamlsrc.load_lazy(text, rel)
    problems.extend(found)
    if doc is None:
        return None, None
    if not isinstance(doc.value, dict):
        problems.append(Problem(rel, 1, "", "the file must be a set of keys",
                                expected=", ".join(f"{k}:" for k in model.model_fields), found=type(doc.value).__name__))
        return None, None
    try:
        value = model.model_validate(doc.value, context={"tz": tz, "file": rel})
    except ValidationError as exc:
        problems.extend(from_pydantic(exc, doc, model))
        return None, doc
    return (None, doc) if found else (value, doc)


def from_pydantic(exc: ValidationError, doc: yamlsrc.Located, model: type[BaseModel]) -> list[Problem]:
    """pydantic errors in editors' words (the plan's wording: validation.py)."""
    return validation.from_pydantic(exc, doc, allowed_keys=lambda loc: allowed_keys(model, loc),
                                    is_id=lambda loc: str(loc[-1]) in ("id", "unit") or "themes" in loc,
                                    id_example="north-east")


def allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys allowed at `loc` (walking the model's nested fields), for 'did you mean'."""
    current: object = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return []
        current = _inner_model(current.model_fields[part].annotation)
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def _inner_model(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
