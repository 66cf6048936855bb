#!/usr/bin/env python3
"""Turn a spreadsheet export (CSV, one row per borough) into data/partners.yaml, checked exactly as the
build checks it. Problems are reported against the CSV (`partners.csv:ROW: column: ...`), all at once,
and nothing is written unless every row is good.

    .venv/bin/python scripts/partners_from_csv.py partners.csv [--output data/partners.yaml] [--sample]

Columns (header row, any order): unit_id, unit_name, borough_name, local_authority, mash_name, mash_phone,
out_of_hours_phone, partnership_url, police_lead, last_verified; optional: borough_id (made from the
name when empty), mash_email, police_lead_role. last_verified is YYYY-MM-DD or DD/MM/YYYY.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from campaign.source import data as data_mod  # noqa: E402
from campaign.source.errors import Problem  # noqa: E402
from campaign.source.times import zone  # noqa: E402

REQUIRED = ("unit_id", "unit_name", "borough_name", "local_authority", "mash_name", "mash_phone",
            "out_of_hours_phone", "partnership_url", "police_lead", "last_verified")
OPTIONAL = ("borough_id", "mash_email", "police_lead_role")
FIELDS = ("id", "name", "local_authority", "mash_name", "mash_phone", "mash_email", "out_of_hours_phone",
          "partnership_url", "police_lead", "police_lead_role", "last_verified")
COLUMN_OF = {"id": "borough_id", "name": "borough_name"}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _date(text: str) -> str:
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text.strip())
    return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}" if m else text.strip()


def convert(csv_text: str, csv_name: str, sample: bool) -> tuple[str | None, list[Problem]]:
    """(YAML text, problems). The YAML is None when there is any problem."""
    rows = list(csv.DictReader(csv_text.splitlines()))
    header = rows and list(rows[0]) or next(csv.reader(csv_text.splitlines()), [])
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    problems = [Problem(csv_name, 1, "header", f"the column {c!r} is missing", fix=f"add a column headed {c}")
                for c in missing]
    problems += [Problem(csv_name, 1, "header", f"unknown column {c!r}",
                         fix=f"remove it or rename it to one of {', '.join(REQUIRED + OPTIONAL)}") for c in unknown]
    if problems:
        return None, problems
    if not rows:
        return None, [Problem(csv_name, 1, "", "the file has no rows", fix="export the list with one row per borough")]
    units: dict[str, dict] = {}
    where: dict[tuple[int, int], int] = {}  # (unit index, borough index) -> CSV line
    for n, row in enumerate(rows, start=2):
        uid = (row["unit_id"] or "").strip()
        unit = units.setdefault(uid, {"id": uid, "name": (row["unit_name"] or "").strip(), "boroughs": []})
        b = {f: (row.get(COLUMN_OF.get(f, f)) or "").strip() for f in FIELDS}
        b["id"] = b["id"] or slug(b["name"])
        b["last_verified"] = _date(b["last_verified"])
        unit["boroughs"].append({k: v for k, v in b.items() if v or k not in ("mash_email", "police_lead_role")})
        where[(list(units).index(uid), len(unit["boroughs"]) - 1)] = n
    lines = ["# Local safeguarding partners, converted from " + Path(csv_name).name + " by scripts/partners_from_csv.py.",
             "# Edit the spreadsheet and convert again rather than editing this file by hand.",
             f"sample: {'true' if sample else 'false'}", "units:"]
    for u in units.values():
        lines += [f"  - id: {json.dumps(u['id'])}", f"    name: {json.dumps(u['name'], ensure_ascii=False)}", "    boroughs:"]
        for b in u["boroughs"]:
            first = True
            for k, v in b.items():
                lines.append(("      - " if first else "        ") + f"{k}: {json.dumps(v, ensure_ascii=False)}")
                first = False
    text = "\n".join(lines) + "\n"
    found = _check(text)
    if found:
        return None, [_to_csv(p, csv_name, where) for p in found]
    return text, []


def _check(text: str) -> list[Problem]:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "data").mkdir()
        (Path(tmp) / data_mod.PARTNERS_FILE).write_text(text, encoding="utf-8")
        return data_mod.load(Path(tmp), zone("Europe/London"))[1]


def _to_csv(p: Problem, csv_name: str, where: dict) -> Problem:
    m = re.match(r"units\[(\d+)\]\.boroughs\[(\d+)\]\.?(\w*)", p.path)
    if not m:  # a whole unit: its first row
        u = re.match(r"units\[(\d+)\]\.?(\w*)", p.path)
        if u:
            line = where.get((int(u.group(1)), 0), 1)
            column = {"id": "unit_id", "name": "unit_name"}.get(u.group(2), u.group(2))
            return Problem(csv_name, line, f"column {column}", p.message, p.expected, p.found, p.fix)
        return Problem(csv_name, 1, p.path, p.message, p.expected, p.found, p.fix)
    line = where.get((int(m.group(1)), int(m.group(2))), 1)
    field = m.group(3)
    column = COLUMN_OF.get(field, field)
    fix = p.fix
    if fix and "double quotes" in fix:
        fix = None  # quoting is the converter's job
    return Problem(csv_name, line, f"column {column}" if column else "", p.message, p.expected, p.found, fix)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("csv")
    ap.add_argument("--output", default=str(ROOT / data_mod.PARTNERS_FILE))
    ap.add_argument("--sample", action="store_true", help="the rows are fictional sample data")
    args = ap.parse_args(argv)
    src = Path(args.csv)
    try:
        csv_text = src.read_text(encoding="utf-8-sig")  # Excel's "CSV UTF-8" starts with a BOM
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{src}: cannot read it as UTF-8 text ({exc}); save it as 'CSV UTF-8'", file=sys.stderr)
        return 1
    text, problems = convert(csv_text, src.name, args.sample)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found; {args.output} was not changed:",
              file=sys.stderr)
        for p in sorted(problems, key=lambda p: (p.line, p.path, p.message)):
            print(p, file=sys.stderr)
        return 1
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)  # atomic: a reader sees the old file or the new one, never half of one
    print(f"Wrote {out} ({text.count(chr(10) + '      - ')} boroughs)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
