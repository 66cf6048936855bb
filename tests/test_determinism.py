"""Same sources and the same change instant give byte-identical output, every file (gzip headers included)."""
from __future__ import annotations

import contextlib
import gc
import gzip
import hashlib
import io
import os
import time
import weakref
from datetime import datetime, timezone

from conftest import ROOT
from campaign.commands import cli
from campaign.source import plan as plan_mod
from campaign.release.changes import next_changes


def build_repo(now: str, out) -> None:
    old = os.environ.get("CAMPAIGN_NOW")
    os.environ["CAMPAIGN_NOW"] = now
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            assert cli.main(["--root", str(ROOT), "build", "--site-dir", str(out)]) == 0, err.getvalue()
    finally:
        os.environ.pop("CAMPAIGN_NOW") if old is None else os.environ.__setitem__("CAMPAIGN_NOW", old)


def digests(folder) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_default_campaign_builds_byte_identical(tmp_path):
    plan = plan_mod.load(ROOT)
    # Two instants between the same pair of change instants: the output must not tell them apart.
    first = next_changes(plan, plan.campaign.starts)[3]
    after = next_changes(plan, first, 1)[0]
    a = first.isoformat()
    b = (first + (after - first) / 2).isoformat()
    # A build holds what is alive out of the garbage collector's passes (mkdocs_adapter._hold) until the next
    # build in the process starts (make serve): a cycle dropped before the first build is collected then.
    class Cycle:
        pass

    from campaign import mkdocs_adapter

    mkdocs_adapter._release()  # what a build earlier in this process held: the first build here lets go of nothing
    gc.unfreeze()
    gc.collect()
    gc.disable()  # so that the cycle is still there when the build holds what is alive
    try:
        cycle = Cycle()
        cycle.me = cycle
        gone = weakref.ref(cycle)
        del cycle
        build_repo(a, tmp_path / "one")
    finally:
        gc.enable()
    gc.collect()
    assert gone() is not None and gc.get_freeze_count() > 0
    time.sleep(1.1)  # a build that stamped the wall clock anywhere would now differ
    build_repo(b, tmp_path / "two")
    assert gone() is None
    one, two = digests(tmp_path / "one"), digests(tmp_path / "two")
    assert len(one) > 50 and one.keys() == two.keys()
    assert [k for k in one if one[k] != two[k]] == []
    # The gzip header's mtime is the change instant's date (MkDocs uses the pages' update date, which it
    # takes from SOURCE_DATE_EPOCH), not the build time.
    head = (tmp_path / "one/sitemap.xml.gz").read_bytes()
    day = datetime.combine(first.astimezone(timezone.utc).date(), datetime.min.time(), timezone.utc)
    assert int.from_bytes(head[4:8], "little") == int(day.timestamp())
    assert gzip.decompress(head) == (tmp_path / "one/sitemap.xml").read_bytes()


def test_deployment_guide_names_every_file_type_the_site_contains(tmp_path):
    build_repo("2027-12-31 23:59", tmp_path / "site")  # everything released
    guide = (ROOT / "DEPLOY.md").read_text(encoding="utf-8")
    exts = {p.suffix for p in (tmp_path / "site").rglob("*") if p.is_file() and p.suffix}
    assert exts >= {".html", ".xml", ".json", ".mp3", ".vtt"}
    missing = sorted(e for e in exts if f"`{e}`" not in guide)
    assert missing == [], f"DEPLOY.md's file-type table lacks {missing}"
