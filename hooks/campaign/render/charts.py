"""Bar charts as inline SVG, drawn at build time: no script, no chart library, no CDN.

Every bar carries its value as text inside the SVG, and colours are attributes (not CSS), so the chart
reads the same with stylesheets off; the page adds a data table under every chart as well.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

WIDTH = 640
LABEL_W = 200  # room for the option's text on the left
BAR_MAX = 330  # 100% in px; the rest is room for the value text
BAR_H = 18
GAP = 4
GROUP_GAP = 12
# Both colours have at least 3:1 contrast against the light and the dark page (WCAG 1.4.11).
COLOURS = ("#4f7cc4", "#c05a00")


@dataclass(frozen=True)
class Series:
    name: str  # e.g. "Baseline"
    values: tuple[float, ...]  # percentages, one per category


def bar_chart(chart_id: str, title: str, categories: tuple[str, ...], series: tuple[Series, ...]) -> str:
    """Horizontal grouped bars: one group per category, one bar per series, each labelled with
    'Series: NN.N%'. Returns an <svg> with role="img" and a <title>/<desc> naming it."""
    rows = len(series)
    group_h = rows * BAR_H + (rows - 1) * GAP
    height = len(categories) * (group_h + GROUP_GAP) + GROUP_GAP
    desc = "; ".join(f"{c}: " + ", ".join(f"{s.name} {s.values[i]:.1f}%" for s in series)
                     for i, c in enumerate(categories))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="campaign-chart" viewBox="0 0 {WIDTH} {height}" '
           f'width="{WIDTH}" height="{height}" style="max-width:100%;height:auto" role="img" '
           f'aria-labelledby="{chart_id}-t {chart_id}-d">',
           f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>',
           '<g font-family="sans-serif" font-size="13" fill="currentColor">']
    y = GROUP_GAP
    for i, cat in enumerate(categories):
        mid = y + group_h / 2 + 4
        out.append(f'<text x="{LABEL_W - 8}" y="{mid:.0f}" text-anchor="end">{escape(_short(cat))}</text>')
        for k, s in enumerate(series):
            v = s.values[i]
            w = BAR_MAX * v / 100
            by = y + k * (BAR_H + GAP)
            out.append(f'<rect x="{LABEL_W}" y="{by}" width="{w:.1f}" height="{BAR_H}" fill="{COLOURS[k % len(COLOURS)]}" '
                       f'data-value="{v:.1f}"/>'
                       f'<text x="{LABEL_W + w + 6:.1f}" y="{by + BAR_H - 5}">{escape(s.name)}: {v:.1f}%</text>')
        y += group_h + GROUP_GAP
    out.append("</g></svg>")
    return "".join(out)


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
