"""Turn a SLIP_REPORT JSON (tests/test_editor_slips.py) into the failing list of tests/editor_slips_baseline.md:

    SLIPS_DEEP=1 SLIP_REPORT=/tmp/slips.json make test-deep PYTEST_ARGS="tests/test_editor_slips.py"
    .venv/bin/python tests/slip_report.py /tmp/slips.json > /tmp/failing.md"""
from __future__ import annotations

import json
import sys
from collections import defaultdict

CLASSES = {"1": "shared wording", "2": "copies outside the gated folders", "3": "text variants", "4": "needles",
           "5": "containers", "C": "controls"}


def main(path: str) -> str:
    r = json.load(open(path))
    cases = r["cases"]
    out = []
    slips = {c["name"] for c in cases if not c["control"]}
    controls = {c["name"] for c in cases if c["control"]}
    runs = [c for c in cases if c["ok"] is not None]
    bad = [c for c in runs if not c["ok"]]
    out.append(f"Instants: {', '.join(r['instants'])}. Cases: {len(slips)} slips and {len(controls)} controls; "
               f"{len(runs)} runs ({sum(1 for c in cases if c['ok'] is None)} not applicable at an instant), "
               f"{len(runs) - len(bad)} pass, {len(bad)} fail. Baseline builds and scans {r['baseline_seconds']} s, "
               f"cases {r['cases_seconds']} s with {r['jobs']} workers.\n")
    verdicts = defaultdict(int)
    for c in runs:
        verdicts[c["verdict"]] += 1
    out.append("Verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items())) + ".\n")
    by_name: dict[str, list[dict]] = defaultdict(list)
    for c in bad:
        by_name[c["name"]].append(c)
    for cls in CLASSES:
        names = sorted(n for n, cs in by_name.items() if cs[0]["class"] == cls)
        if not names:
            continue
        out.append(f"\n### Class {cls}: {CLASSES[cls]} ({len(names)} cases)\n")
        for n in names:
            cs = by_name[n]
            out.append(f"- **{n}** ({', '.join(c['now'] for c in cs)}): {cs[0]['what']}.")
            for c in cs:
                out.append(f"  - at {c['now']}:")
                for line in c["text"].splitlines()[:10]:
                    out.append("    " + ("`" + line.strip() + "`" if line.strip() else ""))
    out.append("\n### Targets picked from the plan\n")
    for now, t in r["targets"].items():
        out.append(f"- {now}: " + ", ".join(f"{k}={v}" for k, v in t.items()))
    out.append("\n### Needles the clean build already holds (dropped by the scanner, listed for review)\n")
    for now, lines in r["dropped"].items():
        seen = sorted({l.split(" in ", 1)[0] for l in lines if "(window)" not in l})
        out.append(f"- {now}: " + ("; ".join(f"`{s}`" for s in seen) or "none"))
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(main(sys.argv[1]))
