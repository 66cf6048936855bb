"""Synthetic campaigns for benchmarks and size tests: N releases of every kind with a valid plan.

    python bench/generate.py DEST N [SEED]   (DEST is created; a complete project: mkdocs.yml, hooks, docs)

Every kind appears (articles, blogs, resources, episodes, events, signs, surveys), some items are taken
down again (`until`) or updated, so a build at any instant has live, embargoed and expired items.
Deterministic for a given N and seed. Sizes used by `make bench`: 100, 1,000 and 10,000.
"""
from __future__ import annotations

import json
import random
import re
import shutil
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START = datetime(2026, 9, 7, 7, 0, tzinfo=timezone.utc)
SPAN = timedelta(days=360)
THEMES = ("missing-children", "child-abuse", "criminal-exploitation")
ROLES = ("first-responders", "detectives", "neighbourhood-officers", "police-staff")
WORDS = ("child signs curious instinct record refer supervisor partner safeguarding missing exploitation "
         "county lines school home officer detective staff concern share information return interview "
         "voice help act today check call notice listen").split()
MAX_EPISODES = 20  # audio files are real copies; more would only measure disk
SURVEY_EVERY = 25  # one release in 25 is a survey (no page: its data file is gated)
SIZES = (100, 1_000, 10_000)


def _paragraphs(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(40, 70))]
        out.append(" ".join(words).capitalize() + ".")
    return "\n\n".join(out)


def project_skeleton(dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("hooks", "overrides"):
        shutil.copytree(ROOT / folder, dest / folder, ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
    (dest / "docs").mkdir(exist_ok=True)
    (dest / "data").mkdir(exist_ok=True)
    shutil.copy(ROOT / "data" / "survey.yaml", dest / "data" / "survey.yaml")  # the baseline wave
    for page in ("about.md", "what-to-do.md", "help.md", "accessibility.md"):
        shutil.copy(ROOT / "docs" / page, dest / "docs" / page)
    for folder in ("images", "podcast", "stylesheets", "javascripts"):
        if (ROOT / "docs" / folder).is_dir():
            shutil.copytree(ROOT / "docs" / folder, dest / "docs" / folder, dirs_exist_ok=True)


def generate(dest: Path, n: int, seed: int = 0) -> Path:
    rng = random.Random(seed)
    project_skeleton(dest)
    head = (ROOT / "campaign_plan.yaml").read_text(encoding="utf-8").split("\nreleases:", 1)[0]
    head = head.replace("max_releases_per_week: 3", f"max_releases_per_week: {max(3, n // 40)}")
    entries = []
    episodes = 0
    kinds = ["article", "blog", "resource", "resource", "article", "blog", "event", "sign", "episode"]
    for i in range(n):
        kind = kinds[i % len(kinds)]
        if kind == "episode" and episodes >= MAX_EPISODES:
            kind = "article"
        if i % SURVEY_EVERY == SURVEY_EVERY // 2:
            kind = "survey"
        iid = f"{kind}-{i:05d}"
        release = START + SPAN * (i / max(n, 1)) + timedelta(minutes=rng.randint(0, 600))
        e = {"id": iid, "kind": kind, "title": f"Synthetic {kind} number {i} about {rng.choice(WORDS)}",
             "summary": " ".join(rng.choice(WORDS) for _ in range(18)).capitalize() + ".",
             "release": release.strftime("%Y-%m-%dT%H:%M:%SZ")}
        if kind in ("article", "blog", "resource") and i % 23 == 1:
            e["until"] = (release + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")  # taken down again
        if kind in ("article", "resource") and i % 19 == 3:
            e["updated"] = (release + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
        theme = THEMES[i % 3]
        if kind in ("article", "blog", "resource"):
            folder = {"article": "articles", "blog": "blog", "resource": "resources"}[kind]
            e["source"] = f"docs/{folder}/{iid}.md"
            path = dest / e["source"]
            path.parent.mkdir(parents=True, exist_ok=True)
            body = "\n\n".join(f"## Section {k}\n\n{_paragraphs(rng, 2)}" for k in range(3))
            path.write_text(_paragraphs(rng, 1) + "\n\n" + body + "\n", encoding="utf-8")
            e["theme"] = theme
            if kind == "blog":
                e["author"] = f"Champion {i}"
            else:
                e["roles"] = rng.sample(ROLES, rng.randint(1, 4))
        elif kind == "episode":
            episodes += 1
            e.update(number=episodes, notes=_paragraphs(rng, 1), theme=theme,
                     audio=f"podcast/{iid}.mp3", transcript=f"podcast/{iid}.vtt")
            (dest / "podcast").mkdir(exist_ok=True)
            shutil.copy(ROOT / "podcast/ep01.mp3", dest / e["audio"])
            shutil.copy(ROOT / "podcast/ep01.vtt", dest / e["transcript"])
        elif kind == "event":
            starts = release + timedelta(days=10)
            e.update(starts=starts.strftime("%Y-%m-%dT%H:%M:%SZ"),
                     ends=(starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                     audience="All officers and staff", booking="Book on the learning portal (sample)")
        elif kind == "sign":
            e.update(image=f"docs/signs/{iid}.svg", alt=f"Drawing of object {i}", meaning="A possible sign",
                     what_to_do="Record it and tell your supervisor")
            path = dest / e["image"]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"></svg>\n')
        elif kind == "survey":
            # A real wave (the default follow-up's sample figures) under a label of its own, so a hidden
            # wave's label is never the same text as a live one's.
            e["data"] = f"data/{iid}.yaml"
            wave = (ROOT / "data" / "survey-follow-up.yaml").read_text(encoding="utf-8")
            wave = re.sub(r"(?m)^label: .*$", f'label: "Synthetic survey wave {i} (sample figures)"', wave)
            (dest / e["data"]).write_text(wave, encoding="utf-8")
        entries.append("  - " + "\n    ".join(f"{k}: {json.dumps(v)}" for k, v in e.items()))
    (dest / "campaign_plan.yaml").write_text(head + "\nreleases:\n" + "\n".join(entries) + "\n", encoding="utf-8")
    return dest


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    generate(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) == 4 else 0)
