"""The report's files: reach.json (for scripts), CSV per release, theme, episode, week and feed day, and
index.html: one self-contained page (inline CSS and SVG, no script, no request to anything) whose charts
each have a table of the same figures. Its words are in report.html beside this module, not in code."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jinja2

TEMPLATE = "report.html"
CHART_W = 640


def files(fig: dict, now_label: str, period_label: str) -> dict[str, bytes]:
    return {
        "reach.json": (json.dumps(fig["json"], indent=2, ensure_ascii=False) + "\n").encode(),
        "releases.csv": _csv(["id", "title", "kind", "theme", "url", "views", "devices", "audience_share"],
                             [[r["id"], r["title"], r["kind"], r["theme"] or "", fig["prefix"] + r["url"], r["views"],
                               r["devices"], _num(r["share"])] for r in fig["releases"]]),
        "themes.csv": _csv(["id", "title", "views", "devices", "audience_share"],
                           [[t["id"], t["title"], t["views"], t["devices"], _num(t["audience_share"])]
                            for t in fig["themes"]]),
        "episodes.csv": _csv(["id", "number", "title", "downloads", "listeners", "requests", "bytes_for_a_download"],
                             [[e["id"], e["number"], e["title"], e["downloads"], e["listeners"], e["requests"],
                               e["need_bytes"]] for e in fig["episodes"]]),
        "weeks.csv": _csv(["week_starting", "views", "devices", "downloads", "reached_to_date", "reached_share"],
                          [[w["week"], w["views"], w["devices"], w["downloads"], w["reached"], _num(w["reached_share"])]
                           for w in fig["weeks"]]),
        "feeds.csv": _csv(["date", "podcast_fetches", "podcast_devices", "news_fetches", "news_devices"],
                          [[d["date"], d["podcast_fetches"], d["podcast_devices"], d["news_fetches"], d["news_devices"]]
                           for d in fig["feed_days"]]),
        "index.html": html(fig, now_label, period_label).encode(),
    }


def _num(x) -> str:
    return "" if x is None else repr(x)


def _cell(value) -> str:
    text = str(value)
    # A title starting = + - @ would run as a formula in a spreadsheet: keep it text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def _csv(header: list[str], rows: list[list]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    for row in rows:
        w.writerow([_cell(v) for v in row])
    return buf.getvalue().encode("utf-8")


# --- charts: geometry here, drawing in the template -----------------------------------------------------

def columns(values: list[int], labels: list[str], height: int = 180, ceiling: int | None = None) -> dict:
    """Vertical bars, one per value, over CHART_W px; `ceiling` (e.g. the audience) sets the top of the scale."""
    top = max([*values, ceiling or 0, 1])
    n = max(len(values), 1)
    left, bottom = 56, 24
    step = (CHART_W - left - 8) / n
    bars = []
    for i, (v, label) in enumerate(zip(values, labels)):
        h = (height - bottom - 8) * v / top
        bars.append({"x": round(left + i * step + step * 0.1, 1), "w": round(max(step * 0.8, 1), 1),
                     "y": round(height - bottom - h, 1), "h": round(h, 1), "value": v, "label": label})
    line = None
    if ceiling:
        line = round(height - bottom - (height - bottom - 8) * ceiling / top, 1)
    return {"w": CHART_W, "h": height, "bars": bars, "left": left, "base": height - bottom, "top": top,
            "ceiling": ceiling, "ceiling_y": line, "first": labels[0] if labels else "",
            "last": labels[-1] if labels else ""}


def rows(values: list[int], labels: list[str]) -> dict:
    """Horizontal bars, one row per value, with the label on the left and the value after the bar."""
    top = max([*values, 1])
    label_w, bar_max, bar_h, gap = 220, 330, 20, 8
    bars = [{"y": gap + i * (bar_h + gap), "w": round(bar_max * v / top, 1), "value": v,
             "label": label if len(label) <= 30 else label[:29] + "…"}
            for i, (v, label) in enumerate(zip(values, labels))]
    return {"w": CHART_W, "h": gap + len(bars) * (bar_h + gap), "bars": bars, "x": label_w, "bar_h": bar_h}


def _pct(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x * 100:.1f}%" if x == 0 or x >= 0.01 else f"{x * 100:.2g}%"


def html(fig: dict, now_label: str, period_label: str) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(Path(__file__).parent)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = lambda n: f"{n:,}"
    env.filters["pct"] = _pct
    weeks = fig["weeks"]
    labels = [w["week"] for w in weeks]
    charts = {
        "reached": columns([w["reached"] for w in weeks], labels, ceiling=fig["audience"]),
        "weekly": columns([w["devices"] for w in weeks], labels),
        "themes": rows([t["devices"] for t in fig["themes"]], [t["title"] for t in fig["themes"]]),
        "episodes": rows([e["downloads"] for e in fig["episodes"]],
                         [f"{e['number']}. {e['title']}" for e in fig["episodes"]]),
        "subscribers": columns([d["podcast_devices"] for d in fig["feed_days"]], [d["date"] for d in fig["feed_days"]]),
    }
    return env.get_template(TEMPLATE).render(fig=fig, charts=charts, now=now_label, period=period_label)
