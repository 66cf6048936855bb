"""`make screenshots`: the home page and an article at desktop (1280 px) and mobile (390 px) widths, in the
light and dark schemes, as PNG files for review. Builds the campaign (--project, default this repository's
own) as of CAMPAIGN_NOW (or now) into a temporary folder, so site/ is never touched."""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "scripts"))

import browser_support  # noqa: E402
from campaign.commands import cli  # noqa: E402

WIDTHS = {"desktop": (1280, 900), "mobile": (390, 844)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default="screenshots")
    ap.add_argument("--project", type=Path, default=ROOT, help="the campaign's folder (its mkdocs.yml and plan)")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="campaign-shots-") as tmp:
        site = Path(tmp) / "site"
        if cli.main(["--root", str(args.project), "build", "--site-dir", str(site)]) != 0:
            return 1
        articles = sorted(p.parent.name for p in (site / "articles").glob("*/index.html"))
        pages = {"home": ""}
        if articles:
            pages["article"] = f"articles/{articles[0]}/"
        else:
            print("no article is live at this instant: only the home page is shot", file=sys.stderr)
        with browser_support.serve(site, browser_support.site_prefix(args.project)) as (base, _), browser_support.browser() as browser:
            for scheme in ("light", "dark"):
                for device, (w, h) in WIDTHS.items():
                    ctx = browser.new_context(viewport={"width": w, "height": h}, color_scheme=scheme,
                                              is_mobile=device == "mobile", device_scale_factor=1)
                    page = ctx.new_page()
                    for name, path in pages.items():
                        page.goto(base + path)
                        page.wait_for_load_state("networkidle")
                        target = out / f"{name}-{device}-{scheme}.png"
                        page.screenshot(path=str(target), full_page=True)
                        print(target, file=sys.stderr)
                    ctx.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
