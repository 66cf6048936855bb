"""Property: over random plans (every kind), random instants (DST edges, exact release and `until`
instants, before launch, after the campaign) and random titles (unicode, markup, long), a real build
contains every live item where it belongs and no trace of any other, in any output file."""
from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta, timezone

from hypothesis import given, strategies as st

from campaign.source.times import fmt, zone
from conftest import ROOT, Project, find_anywhere, site_texts

LONDON = zone("Europe/London")
START = datetime(2026, 9, 6, 23, 0, tzinfo=timezone.utc)       # 2026-09-07 00:00 London
END = datetime(2027, 8, 20, tzinfo=timezone.utc)
EDGES = [datetime(2026, 10, 25, 0, 59, 59, tzinfo=timezone.utc), datetime(2026, 10, 25, 1, 0, tzinfo=timezone.utc),
         datetime(2026, 10, 25, 1, 30, tzinfo=timezone.utc), datetime(2027, 3, 28, 0, 59, 59, tzinfo=timezone.utc),
         datetime(2027, 3, 28, 1, 0, tzinfo=timezone.utc), START]
KINDS = ["article", "blog", "resource", "episode", "event", "sign", "survey"]
FOLDER = {"article": "articles", "blog": "blog", "resource": "resources"}

instants = st.one_of(st.sampled_from(EDGES),
                     st.integers(0, int((END - START).total_seconds())).map(lambda s: START + timedelta(seconds=s)))
title_text = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cn", "Co", "Zl", "Zp")), max_size=40),
    st.sampled_from(["<script>alert(1)</script>", "Fish & chips", "\"Quoted\" and 'single'", "😀 emoji",
                     "a" * 100, "<b>bold</b> &amp; more", "C# and $HOME"]),
)
item = st.fixed_dictionaries({"kind": st.sampled_from(KINDS), "release": instants, "title": title_text,
                              "until_after": st.one_of(st.none(), st.integers(1, 90 * 86400)),
                              "local": st.booleans()})


def when(t: datetime, local: bool) -> str:
    return fmt(t, LONDON) if local else t.strftime("%Y-%m-%dT%H:%M:%SZ")


def make_plan(project: Project, items: list[dict]) -> list[dict]:
    entries, made = [], []
    for i, it in enumerate(items):
        iid, kind = f"item-{i}", it["kind"]
        title = (" ".join(it["title"].split()) + f" Zq{i}xv").strip()
        rel = it["release"]
        until = rel + timedelta(seconds=it["until_after"]) if it["until_after"] else None
        e = {"id": iid, "kind": kind, "title": title, "release": when(rel, it["local"])}
        if until:
            e["until"] = when(until, it["local"])
        if kind in FOLDER:
            e["source"] = f"docs/{FOLDER[kind]}/{iid}.md"
            project.write(e["source"], f"Text of {iid}.\n")
            if kind != "article":
                e["theme"] = "child-abuse"
            if kind == "blog":
                e["author"] = "A. Champion"
        elif kind == "episode":
            e.update(number=i + 1, notes="Show notes.", audio=f"podcast/{iid}.mp3", transcript=f"podcast/{iid}.vtt",
                     theme="missing-children")
            (project.path / "podcast").mkdir(exist_ok=True)
            shutil.copy(ROOT / "podcast/ep01.mp3", project.path / e["audio"])
            shutil.copy(ROOT / "podcast/ep01.vtt", project.path / e["transcript"])
        elif kind == "event":
            e.update(starts=when(rel + timedelta(days=7), False), ends=when(rel + timedelta(days=7, hours=2), False),
                     audience="All staff", booking="Book through the learning portal")
        elif kind == "sign":
            e.update(image=f"docs/signs/{iid}.svg", alt="A drawing", meaning="A sign", what_to_do="Act")
            project.write(e["image"], '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>')
        elif kind == "survey":
            e["data"] = f"data/{iid}.yaml"
            # A real survey wave (validated like data/survey.yaml), compared with a baseline wave.
            wave = ('sample: true\nlabel: "{label}"\nfieldwork: {{start: "2026-07-06", end: "2026-08-14"}}\n'
                    'sample_size: 10\nquestions:\n  - {{id: q, text: "A question", options: ["Yes", "No"], '
                    'counts: [{yes}, 3]}}\n')
            project.write(e["data"], wave.format(label=f"Wave {iid} results", yes=7))
            project.write("data/survey.yaml", wave.format(label="Baseline wave", yes=5))
        e["_until"], e["_release"] = until, rel
        made.append(e)
        entries.append("- " + "\n  ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in e.items() if not k.startswith("_")))
    project.plan("\n".join(entries) + "\n")
    return made


@given(items=st.lists(item, min_size=1, max_size=7), pick=st.integers(0, 10_000),
       nudge=st.sampled_from([timedelta(0), timedelta(seconds=-1), timedelta(seconds=1)]),
       special=st.sampled_from(["item", "item", "item", "before", "after"]))
def test_random_plans_never_leak(tmp_path_factory, items, pick, nudge, special):
    project = Project(tmp_path_factory.mktemp("prop") / "p")
    made = make_plan(project, items)
    instants_ = [t for e in made for t in (e["_release"], e["_until"]) if t]
    now = {"before": datetime(2026, 1, 1, tzinfo=timezone.utc),
           "after": datetime(2028, 6, 1, tzinfo=timezone.utc)}.get(special) or instants_[pick % len(instants_)] + nudge
    code, err = project.build(now.strftime("%Y-%m-%dT%H:%M:%SZ"))
    assert code == 0, err
    texts = dict(site_texts(project.site))
    whats_new = texts["whats-new/index.html"]
    for e in made:
        live = e["_release"] <= now and (e["_until"] is None or now < e["_until"])
        page = {"episode": f"podcast/{e['id']}/"}.get(e["kind"], f"{FOLDER.get(e['kind'], '')}/{e['id']}/")
        if live:
            if e["kind"] in FOLDER or e["kind"] == "episode":
                assert (project.site / page / "index.html").exists(), e
                assert e["title"].casefold() in whats_new.casefold(), e
            if e["kind"] == "episode":
                assert (project.site / f"podcast/{e['id']}.mp3").exists()
            if e["kind"] == "sign":
                assert (project.site / f"signs/{e['id']}.svg").exists()
                assert f'id="{e["id"]}"' in texts["signs/index.html"]
            if e["kind"] == "event":  # announced: on the events page and in the calendar
                assert f'id="{e["id"]}"' in texts["events/index.html"]
                assert f"UID:{e['id']}@" in texts["events/events.ics"]
                upcoming = now < e["_release"] + timedelta(days=7, hours=2)
                assert (project.site / f"events/add/{e['id']}.ics").exists() == upcoming
        else:
            assert find_anywhere(project.site, e["title"]) == [], e
            assert find_anywhere(project.site, f"{e['id']}/") == [], e
            assert find_anywhere(project.site, f"{e['id']}.") == [], e
