"""The checked plan kept between loads (source/plancache.py): keyed by the bytes of every input, never by
time. Each input the plan's check reads is edited in turn (keeping its size and mtime where it can) and the
next load must give what a fresh check gives, from memory and from disk alike."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from campaign.source import plan as plan_mod
from campaign.source import plancache
from campaign.source.errors import CampaignError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def camp(tmp_path):
    """A copy of the default campaign: plan, data files, survey wave, episodes, signs, the button's page."""
    root = tmp_path / "camp"
    root.mkdir()
    for name in ("campaign_plan.yaml", "mkdocs.yml"):
        shutil.copy(ROOT / name, root / name)
    for folder in ("docs", "podcast", "data"):
        shutil.copytree(ROOT / folder, root / folder)
    plancache.forget()
    yield root
    plancache.forget()


def outcome(load):
    """What a load gives, comparable across loads: the plan's fields, or the report of its problems."""
    try:
        plan = load()
    except CampaignError as exc:
        return ("problems", exc.report())
    return ("plan", plan.campaign, plan.themes, plan.releases, plan.tz, dict(plan.lines), plan.data,
            plan.shared_wording, plan.roles, plan.texts)


def kept(root: Path):
    """A load, then what a successful build does with its plan: write it to the project's cache."""
    plan = plan_mod.load(root)
    plancache.keep(plan)
    return plan


def fresh(root: Path):
    """The plan checked from scratch, no cache involved."""
    return outcome(lambda: plan_mod.parse((root / "campaign_plan.yaml").read_text(encoding="utf-8"), root))


def same_size_same_mtime(path: Path, old: bytes, new: bytes) -> None:
    """Write `new` over `path` keeping its size and mtime: a cache keyed by time or size would not see it."""
    assert len(old) == len(new) and old != new
    st = path.stat()
    path.write_bytes(new)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_mtime_ns == st.st_mtime_ns


def swap(path: Path, a: bytes, b: bytes) -> None:
    """Replace the first `a` in the file by `b` (same length), keeping the size and mtime."""
    old = path.read_bytes()
    assert a in old, (path, a)
    same_size_same_mtime(path, old, old.replace(a, b, 1))


def first_of(root: Path, kind: str, field: str) -> str:
    plan = plan_mod.parse((root / "campaign_plan.yaml").read_text(encoding="utf-8"), root)
    return next(getattr(r, field) for r in plan.releases if r.kind == kind)


def _plan_title(root):
    swap(root / "campaign_plan.yaml", b'title: "Spot It to Stop It"', b'title: "Spot It to Stop Us"')


def _plan_release_time(root):
    text = (root / "campaign_plan.yaml").read_bytes()
    i = text.index(b'release: "2026-') + len(b'release: "2026-')
    same_size_same_mtime(root / "campaign_plan.yaml", text, text[:i] + (b"10" if text[i:i + 2] != b"10" else b"11") + text[i + 2:])


def _data_value(name):
    def edit(root):
        path = root / "data" / name
        text = path.read_bytes()
        # the first quoted value, one letter changed
        i = text.index(b': "') + 3
        ch = text[i:i + 1]
        same_size_same_mtime(path, text, text[:i] + (b"Q" if ch != b"Q" else b"R") + text[i + 1:])
    return edit


def _data_removed(name):
    def edit(root):
        (root / "data" / name).unlink()
    return edit


def _survey_wave(root):
    rel = first_of(root, "survey", "data")
    _data_value(Path(rel).name)(root)


def _survey_wave_removed(root):
    (root / first_of(root, "survey", "data")).unlink()


def _site_url(root):
    swap(root / "mkdocs.yml", b"site_url: https://intranet.example/", b"site_url: https://intranet.exampl3/")


def _overwritten(kind: str, field: str, change):
    """An edit: the first `kind` release's `field` file rewritten by `change` (same size and mtime)."""
    def edit(root):
        path = root / first_of(root, kind, field)
        old = path.read_bytes()
        same_size_same_mtime(path, old, change(old))
    return edit


_page_not_utf8 = _overwritten("article", "source", lambda b: b"\xff" + b[1:])
_audio_junk = _overwritten("episode", "audio", lambda b: bytes(len(b)))
_transcript_broken = _overwritten("episode", "transcript", lambda b: b"XEBVTT" + b[6:])


def _page_removed(root):
    (root / first_of(root, "article", "source")).unlink()


def _page_a_link(root):
    path = root / first_of(root, "blog", "source")
    target = path.with_name("elsewhere.txt")
    path.rename(target)
    path.symlink_to(target.name)


def _page_too_big(root):
    path = root / first_of(root, "resource", "source")
    path.write_text("word " * (plan_mod.MAX_PAGE_BYTES // 5 + 10), encoding="utf-8")


def _image_removed(root):
    (root / first_of(root, "sign", "image")).unlink()


def _stray_file(root):
    (root / "docs" / "articles" / "not-in-the-plan.md").write_text("A page nobody planned.\n", encoding="utf-8")


def _action_page_removed(root):
    (root / "docs" / "what-to-do.md").unlink()


EDITS = {
    "plan: the campaign's title": _plan_title,
    "plan: a release time": _plan_release_time,
    "data/partners.yaml: a value": _data_value("partners.yaml"),
    "data/champions.yaml: a value": _data_value("champions.yaml"),
    "data/survey.yaml: a value": _data_value("survey.yaml"),
    "data/partners.yaml removed": _data_removed("partners.yaml"),
    "data/champions.yaml removed": _data_removed("champions.yaml"),
    "a survey wave: a value": _survey_wave,
    "a survey wave removed": _survey_wave_removed,
    "mkdocs.yml: the site's host": _site_url,
    "a page: not UTF-8": _page_not_utf8,
    "a page removed": _page_removed,
    "a page made a link": _page_a_link,
    "a page over the size limit": _page_too_big,
    "an episode's audio: not audio": _audio_junk,
    "an episode's transcript: not WebVTT": _transcript_broken,
    "a sign's picture removed": _image_removed,
    "a stray file in a gated folder": _stray_file,
    "the button's page removed": _action_page_removed,
}


@pytest.mark.parametrize("from_disk", [False, True], ids=["memory", "disk"])
@pytest.mark.parametrize("edit", list(EDITS), ids=list(EDITS))
def test_an_edited_input_is_seen_by_the_next_load(camp, edit, from_disk):
    before = outcome(lambda: kept(camp))
    assert before[0] == "plan" and before == fresh(camp)
    assert (camp / plancache.CACHE_DIR / plancache.CACHE_FILE).is_file()
    EDITS[edit](camp)
    if from_disk:
        plancache.forget()
    after = outcome(lambda: kept(camp))
    assert after == fresh(camp)
    assert after != before


def test_loads_come_from_the_cache_until_an_input_changes(camp, monkeypatch):
    """Proof that the cache is used at all (else the test above would pass without one): with the check
    itself disabled, the plan still loads, from memory and then from disk; an edit makes it check again."""
    first = kept(camp)
    checks = []
    real = plan_mod._parse

    def counted(*args, **kw):
        checks.append(1)
        return real(*args, **kw)

    monkeypatch.setattr(plan_mod, "_parse", counted)
    assert plan_mod.load(camp) is first  # memory
    plancache.forget()
    assert outcome(lambda: plan_mod.load(camp)) == outcome(lambda: first)  # disk
    assert checks == []
    _plan_title(camp)
    plan_mod.load(camp)
    assert checks == [1]


def test_the_checking_code_and_the_timezone_file_are_inputs(camp, monkeypatch, tmp_path):
    kept(camp)
    checks = []
    real = plan_mod._parse
    monkeypatch.setattr(plan_mod, "_parse", lambda *a, **kw: checks.append(1) or real(*a, **kw))
    # Other checking code (a module of campaign/source changed): checked again.
    monkeypatch.setattr(plancache, "_code", "0" * 40)
    kept(camp)
    assert len(checks) == 1
    kept(camp)
    assert len(checks) == 1
    # The tz database file of the plan's timezone changed: checked again.
    tzfile = tmp_path / "London"
    tzfile.write_bytes(b"TZif one")
    monkeypatch.setattr(plancache, "tz_file", lambda name: tzfile)
    kept(camp)
    assert len(checks) == 2
    plan_mod.load(camp)
    assert len(checks) == 2
    tzfile.write_bytes(b"TZif two")
    plan_mod.load(camp)
    assert len(checks) == 3


def test_the_code_digest_covers_every_module_of_source(tmp_path, monkeypatch):
    src = Path(plancache.__file__).parent
    digests = []
    for name in ("models.py", "plan.py", "messages.py"):
        copy = tmp_path / name.removesuffix(".py")
        shutil.copytree(src, copy, ignore=shutil.ignore_patterns("__pycache__"))
        monkeypatch.setattr(plancache, "_code", None)
        digests.append(plancache._code_digest(copy))
        with open(copy / name, "a", encoding="utf-8") as fh:
            fh.write("\n# changed\n")
        monkeypatch.setattr(plancache, "_code", None)
        digests.append(plancache._code_digest(copy))
    assert digests[0] == digests[2] == digests[4]
    assert len({digests[1], digests[3], digests[5], digests[0]}) == 4


def test_the_code_digest_covers_the_checking_libraries_versions(monkeypatch):
    """The versions of pydantic, pydantic-core and PyYAML, as installed (read beside the packages without
    importing them), key the cache: an update of any of them checks the plan again."""
    import pydantic
    import pydantic_core
    import yaml

    from importlib.metadata import version

    assert plancache.library_versions() == (f"pydantic {pydantic.VERSION}\npydantic_core {pydantic_core.__version__}\n"
                                            f"PyYAML {yaml.__version__}\n")
    assert (pydantic.VERSION, pydantic_core.__version__, yaml.__version__) == (
        version("pydantic"), version("pydantic_core"), version("PyYAML"))  # what the installed packages say
    installed = [line.split(" ") for line in plancache.library_versions().splitlines()]
    digests = set()
    for bumped in (None, "pydantic", "pydantic_core", "PyYAML"):
        with monkeypatch.context() as m:
            m.setattr(plancache, "_versions", "".join(f"{d} {v}{'.1' if d == bumped else ''}\n" for d, v in installed))
            m.setattr(plancache, "_code", None)
            digests.add(plancache._code_digest())
    assert len(digests) == 4


def test_a_broken_plan_is_never_kept_and_a_damaged_cache_is_ignored(camp):
    kept(camp)
    cache = camp / plancache.CACHE_DIR / plancache.CACHE_FILE
    good = cache.read_bytes()
    text = (camp / "campaign_plan.yaml").read_text(encoding="utf-8")
    (camp / "campaign_plan.yaml").write_text(text.replace("releases:", "releases:\n  - id: Bad Id\n", 1),
                                             encoding="utf-8")
    for _ in range(2):
        with pytest.raises(CampaignError):
            kept(camp)
    assert cache.read_bytes() == good  # nothing kept for the broken plan
    (camp / "campaign_plan.yaml").write_text(text, encoding="utf-8")
    for damage in (good[: len(good) // 2], b"not a pickle", b""):
        plancache.forget()
        cache.write_bytes(damage)
        assert outcome(lambda: kept(camp)) == fresh(camp)


def test_only_a_successful_build_writes_the_cache_and_never_into_the_site(camp, monkeypatch):
    from campaign.commands import cli

    for folder in ("hooks", "overrides"):
        shutil.copytree(ROOT / folder, camp / folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setenv("CAMPAIGN_NOW", "2027-02-01 09:00")
    build = ["--root", str(camp), "build", "--site-dir", str(camp / "site")]
    plan_mod.load(camp)  # make check, new, schedule: nothing written
    assert not (camp / ".cache").exists()
    about = (camp / "docs" / "about.md").read_text(encoding="utf-8")
    (camp / "docs" / "about.md").write_text("---\ntitle: [unclosed\n---\n" + about, encoding="utf-8")
    assert cli.main(build) != 0
    assert not (camp / ".cache").exists()  # a refused build writes nothing
    (camp / "docs" / "about.md").write_text(about, encoding="utf-8")
    assert cli.main(build) == 0
    assert (camp / ".cache" / "campaign" / "plan.pickle").is_file()
    assert not [p for p in (camp / "site").rglob("*") if p.suffix == ".pickle" or p.name == ".cache"]
