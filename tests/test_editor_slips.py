"""Nothing leaks even when editors slip (issue 23), checked from outside through the command contract.

Each case is an honest editor's mistake (tests/slip_corpus.py) made in a copy of the default campaign;
`make build` then runs there with CAMPAIGN_NOW. The contract, per case:

- either the build fails: non-zero exit, a message that names the editor's file, the previous site/ left
  byte for byte, nothing left beside it;
- or the build passes and nothing in the whole new site/ (every file and everything inside every
  container) reveals an item that is not live: the independent scanner (tests/slip_scanner.py, which
  never imports the product's audit) finds nothing.

Controls (a legitimate evergreen page, declared shared wording, live items naming live items, neutral
downloads) must build cleanly with nothing found.

`make test` runs the QUICK subset (a case or two per sub-class, one instant). `make test-deep` runs the
FULL corpus at every instant (SLIPS_DEEP=1, marker slips_deep). Cases run in a process pool (SLIP_JOBS,
default 2); SLIP_REPORT=path writes every outcome as JSON; SLIP_KEEP=1 keeps the failing copies.
Known failures of the product are listed in tests/editor_slips_known.py and run as xfail(strict=True)."""
from __future__ import annotations

import json
import os
import re
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

import slip_corpus as C
import slip_run as R
from editor_slips_known import KNOWN

INSTANTS = ["2026-11-23 12:00", "2027-02-01 08:00"]
QUICK_INSTANT = INSTANTS[0]
DEEP = os.environ.get("SLIPS_DEEP") == "1"
CASES = C.by_name()


def _params(names: list[str], instants: list[str], mark):
    out = []
    for now in instants:
        for name in names:
            marks = [mark]
            known = KNOWN.get((name, now)) or KNOWN.get((name, "*"))
            if known:
                marks.append(pytest.mark.xfail(strict=True, reason=known))
            out.append(pytest.param(now, name, marks=marks, id=f"{now[:10]}:{name}"))
    return out


# ------------------------------------------------------------------------------------------------ the pool

_STATE: dict = {}


def _init_worker(state: dict) -> None:
    _STATE.clear()
    _STATE.update(state)
    _STATE["cache"] = {}


def _safe(now: str) -> str:
    return re.sub(r"[^0-9]", "", now)


def _run_one(now: str, name: str, workdir: str) -> tuple[str, str, dict]:
    scanner, ctx, skip = _STATE[now]
    case = CASES[name]
    proj = Path(workdir) / f"{_safe(now)}-{name}"
    t0 = time.monotonic()
    try:
        R.copy_project(proj)
        try:
            case.apply(C.Edit(proj), ctx)
        except Exception as e:  # noqa: BLE001 - a broken case is reported, not hidden
            out = R.Outcome(False, "CASE-ERROR", None, 0.0, message=f"{type(e).__name__}: {e}")
        else:
            extra = None
            if case.hides:
                from slip_scanner import Scanner, distinct_only, item_needles, load_plan
                entries = {e["id"]: e for e in load_plan(proj)["releases"]}
                needles, files = [], []
                for role in case.hides:
                    it = ctx.items[role]
                    n, f = item_needles(proj, entries[it.id], {"status": "expired", "url": it.url})
                    needles += n
                    files += [(i, "expired", rel) for i, rel in f]
                own_ids = {ctx.items[r].id for r in case.hides}
                needles = distinct_only(needles, proj, {f for _, _, f in files}, own_ids)
                extra = Scanner(proj, needles, files)
            out = R.build_and_check(proj, now, scanner, control=case.control, blame=case.blame(ctx),
                                    must_fail=case.must_fail, skip=skip, cache=_STATE["cache"], hidden_by_slip=extra)
    finally:
        if proj.exists() and not (os.environ.get("SLIP_KEEP") == "1"):
            shutil.rmtree(proj, ignore_errors=True)
    wall = time.monotonic() - t0
    return now, name, {"ok": out.ok, "verdict": out.verdict, "exit": out.exit, "build_s": round(out.seconds, 2),
                       "wall_s": round(wall, 2), "text": out.describe(), "blame": list(case.blame(ctx)),
                       "findings": [f.line() for f in out.findings]}


@pytest.fixture(scope="session")
def slip_outcomes(request, tmp_path_factory):
    """Every selected (instant, case) run once, in a process pool, before the first slip test."""
    wanted = []
    for item in request.session.items:
        cs = getattr(item, "callspec", None)
        if cs is not None and item.originalname in ("test_editor_slip", "test_editor_slip_deep"):
            wanted.append((cs.params["now"], cs.params["name"]))
    wanted = sorted(set(wanted), key=lambda x: (INSTANTS.index(x[0]), x[1]))
    workdir = tmp_path_factory.mktemp("slips")
    state, ctxs, baselines = {}, {}, {}
    t0 = time.monotonic()
    for now in sorted({n for n, _ in wanted}, key=INSTANTS.index):
        b = R.baseline(now, workdir / _safe(now))
        ctx = C.make_ctx(now, b.schedule, R.ROOT)
        baselines[now], ctxs[now] = b, ctx
        state[now] = (b.scanner, ctx, b.digests)
    t_base = time.monotonic() - t0
    results: dict[tuple[str, str], dict] = {}
    runnable = [(n, c) for n, c in wanted if CASES[c].applicable(ctxs[n])]
    for n, c in wanted:
        if (n, c) not in runnable:
            results[(n, c)] = {"ok": None, "verdict": "not applicable", "text": f"the plan has no {CASES[c].needs} at {n}"}
    jobs = int(os.environ.get("SLIP_JOBS", "2"))
    t1 = time.monotonic()
    if runnable:
        with ProcessPoolExecutor(max_workers=max(1, jobs), initializer=_init_worker, initargs=(state,)) as pool:
            futures = [pool.submit(_run_one, n, c, str(workdir)) for n, c in runnable]
            for f in futures:
                now, name, res = f.result()
                results[(now, name)] = res
    t_cases = time.monotonic() - t1
    report = os.environ.get("SLIP_REPORT")
    if report:
        Path(report).write_text(json.dumps({
            "instants": sorted(ctxs, key=INSTANTS.index),
            "baseline_seconds": round(t_base, 1), "cases_seconds": round(t_cases, 1), "jobs": jobs,
            "targets": {n: {r: i.id for r, i in ctx.items.items()} for n, ctx in ctxs.items()},
            "dropped": {n: [f.line() for f in b.dropped] for n, b in baselines.items()},
            "cases": [{"now": n, "name": c, "class": CASES[c].cls, "what": CASES[c].what, "control": CASES[c].control,
                       **results[(n, c)]} for n, c in wanted],
        }, indent=1))
    return results


def _check(slip_outcomes, now: str, name: str) -> None:
    res = slip_outcomes[(now, name)]
    if res["ok"] is None:
        pytest.skip(res["text"])
    case = CASES[name]
    assert res["ok"], f"[class {case.cls}: {C.CLASSES[case.cls]}] {case.what}\n{res['text']}"


QUICK = [c.name for c in C.CASES if c.quick]


@pytest.mark.build
@pytest.mark.parametrize("now, name", _params(QUICK, [QUICK_INSTANT], pytest.mark.slips_quick))
def test_editor_slip(slip_outcomes, now, name):
    _check(slip_outcomes, now, name)


if DEEP:
    @pytest.mark.build
    @pytest.mark.parametrize("now, name", _params(list(CASES), INSTANTS, pytest.mark.slips_deep))
    def test_editor_slip_deep(slip_outcomes, now, name):
        _check(slip_outcomes, now, name)


# ------------------------------------------------------------------------------------------------ the tools themselves

def test_scanner_normalises_what_editors_paste():
    from slip_scanner import norm, words
    assert norm("Don\u2019t\u00a0 stop\u00ad\u200bping \u2013 NOW") == "don't stopping - now"
    assert norm("\ufb01rst \uff24etectives") == "first detectives"
    assert words(norm("Detectives' workshop: the voice")) == " detectives workshop the voice "


def test_fixtures_are_what_their_formats_say(tmp_path):
    """The builders make real files: the standard library (and pypdf) read back what was put in."""
    import io
    import tarfile
    import zipfile

    import slip_files as F
    from pypdf import PdfReader

    assert zipfile.ZipFile(io.BytesIO(F.docx([["Quiet ", "harbour"]], title="T"))).read("word/document.xml").count(b"harbour") == 1
    assert PdfReader(io.BytesIO(F.pdf(["Quiet harbour"], title="Hidden title"))).metadata.title == "Hidden title"
    assert "Quiet harbour" in PdfReader(io.BytesIO(F.pdf(["Quiet harbour"]))).pages[0].extract_text()
    locked = PdfReader(io.BytesIO(F.pdf_encrypted(["Quiet harbour"], "pw")))
    assert locked.is_encrypted and not locked.decrypt("") and locked.decrypt("pw")
    assert F.utf16("Quiet").decode("utf-16") == "Quiet"
    t = tarfile.open(fileobj=io.BytesIO(F.tar_bytes({"a.txt": "Quiet"}, "w:gz")))
    assert t.extractfile("a.txt").read() == b"Quiet"
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(io.BytesIO(F.zip_bytes({"a.txt": "Quiet"})[:-30]))
    z = zipfile.ZipFile(io.BytesIO(F.zipcrypto("a.txt", "Quiet harbour", b"pw")))
    assert z.infolist()[0].flag_bits & 1 and z.read("a.txt", pwd=b"pw") == b"Quiet harbour"
    mp3 = (R.ROOT / "podcast/ep01.mp3").read_bytes()
    assert F.id3_strip(F.id3_tag(mp3, "Other")) == F.id3_strip(mp3) != mp3
    assert b"Quiet" not in F.sevenzip("a.txt", "Quiet harbour" * 5)


def test_scanner_finds_a_needle_in_every_container(tmp_path):
    """Each fixture with a needle inside is found by the scanner, and each neutral one is clean."""
    import slip_files as F
    from slip_scanner import Needle, Scanner

    title = "Quiet Harbour Warning for Detectives"
    hidden = Needle("quiet-harbour", "embargoed", "title", title)
    (tmp_path / "plan").mkdir()
    sc = Scanner(tmp_path / "plan", [hidden], [])
    variants = {
        "a.zip": F.zip_bytes({"x/in.zip": F.zip_bytes({"t.txt": title})}),
        "a.docx": F.docx([["Quiet Har", "bour Warning for Detectives"]]),
        "b.docx": F.docx([["x"]], title=title),
        "a.xlsx": F.xlsx([[title]]),
        "a.pptx": F.pptx([["Quiet ", "Harbour ", "Warning for Detectives"]]),
        "a.odt": F.odt([["Quiet Har", "bour Warning ", "for Detectives"]]),
        "a.pdf": F.pdf([["Quiet Har", "bour Warning for Detectives"]]),
        "b.pdf": F.pdf(["x"], title=title, utf16_title=True),
        "c.pdf": F.pdf(["x"], xmp_title=title),
        "d.pdf": F.pdf_encrypted([title], user_password=""),
        "a.txt": F.utf16(title),
        "b.txt": F.utf16(title, bom=False),
        "c.txt": F.utf32(title),
        "a.gz": F.gz(title),
        "a.tar.bz2": F.tar_bytes({"t": title}, "w:bz2"),
        "a.xz": F.xz(title),
        "a.rtf": F.rtf([["Quiet ", "Harb", "our Warning for Detectives"]]),
        "a.png": F.png([("iTXt", "Title", title)]),
        "a.doc": F.ole_doc(title),
        "a.ics": F.ics([{"uid": "x", "start": "20270101T090000Z", "summary": "Quiet, " + " and ".join([title] * 3)}]),
        "a.html": ("<p>Quiet Har\u00adbour <em>Warning</em> for&nbsp;Detec&shy;tives</p>").encode(),
        "a.json": json.dumps({"t": title.replace(" ", "\u00a0")}).encode(),
        "a.mp3": F.id3_tag((R.ROOT / "podcast/ep01.mp3").read_bytes(), title),
        "slug.txt": b"#quiet-harbour-warning-for-detectives",
    }
    for name, data in variants.items():
        found = sc.scan_bytes(name, data, [])
        assert any(f.item == "quiet-harbour" for f in found), name
    for name, data in {"n.zip": F.zip_bytes({"t.txt": "Quiet harbour"}), "n.pdf": F.pdf(["Quiet harbour"]),
                       "n.txt": F.utf16("Warning for detectives")}.items():
        assert sc.scan_bytes(name, data, []) == [], name
    for name, data in {"l.pdf": F.pdf_encrypted(["x"], "pw"), "l.zip": F.zipcrypto("t", "x"), "l.7z": F.sevenzip("t", "x"),
                       "l.rar": F.rar("t", "x", compressed=True), "b.zip": F.zip_bytes({"t": "x" * 99})[:-30]}.items():
        assert [f.how for f in sc.scan_bytes(name, data, [])] == ["unreadable"], name
    assert sc.scan_bytes("s.txt", title.encode(), [title.casefold() + " is a key message"]) != []
    assert sc.scan_bytes("s.txt", (title + " is a key message").encode(), [f"{title.casefold()} is a key message"]) == []
