"""The evaluation page: baseline survey results, and the follow-up wave once its `survey` release is live.

Before that release nothing from the follow-up file reaches the output: the page is built from the
baseline alone, and the wave's label and wording are handed to the leak audit (release/waves.py).
"""
from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from ..release.waves import live_follow_up
from ..source.survey_figures import Share, answered, positive_share, pp_change, shares
from ..source.times import human_date
from .charts import Series, bar_chart
from .common import GeneratedPage, paragraphs

if TYPE_CHECKING:  # (its fields: what the build gets is a record of it, source/records.py)
    from ..source.survey import SurveyWave

EVALUATION_URL = "evaluation/"


def _n(x: int) -> str:
    return f"{x:,}"


def _pct(s: Share) -> str:
    return f"{s.pct:.1f}%"


def _pp(x: float) -> str:
    return f"{x:+.1f}" if x else "0.0"


def _fieldwork(wave: SurveyWave, tz) -> str:
    return (f"{escape(wave.label)}: fieldwork {human_date(wave.fieldwork.start, tz)} to "
            f"{human_date(wave.fieldwork.end, tz)}, {_n(wave.sample_size)} people took part")


def page(snap, data):
    """The evaluation page, or None without data/survey.yaml (then it is not built)."""
    tz = snap.plan.tz
    baseline = data.baseline if data else None
    if baseline is None:
        return None
    title = snap.plan.texts.evaluation_title
    parts = [f"# {escape(title)}"]
    follow = live_follow_up(snap)
    wave = follow[1] if follow else None
    waves = [baseline] + ([wave] if wave else [])
    if any(w.sample for w in waves):
        parts.append('<div class="admonition info campaign-sample" role="note"><p class="admonition-title">Sample '
                     "figures.</p><p>The numbers on this page are invented to show how results will be reported. "
                     "They are not survey results and must not be quoted.</p></div>")
    parts.append(paragraphs(snap.plan.texts.evaluation_intro))
    about = "".join(f"<li>{_fieldwork(w, tz)}</li>" for w in waves)
    parts.append(f'<h2 id="surveys">The surveys</h2>\n<ul>{about}</ul>')
    if wave is None:
        parts.append("<p>The follow-up survey results will appear here when they are published.</p>")
    parts.append("<p>Percentages are of the people who answered each question; the number who answered is shown "
                 "with every table. Changes are in percentage points (pp).</p>")
    follow_q = {q.id: q for q in wave.questions} if wave else {}
    for i, q in enumerate(baseline.questions, 1):
        fq = follow_q.get(q.id)
        names = ("Baseline", "Follow-up") if fq else ("Baseline",)
        qs = (q, fq) if fq else (q,)
        rows = [shares(x) for x in qs]
        section = [f'<h2 id="q-{q.id}">{i}. {escape(q.text)}</h2>']
        head = positive_share(q)
        if head:
            line = f"<p><strong>{escape(head.option)}: {_pct(head)}</strong> at baseline (n = {_n(answered(q))})"
            if fq:
                after = positive_share(fq)
                line += (f", <strong>{_pct(after)}</strong> at follow-up (n = {_n(answered(fq))}): a change of "
                         f"<strong>{_pp(pp_change(head, after))} percentage points</strong>")
            section.append(line + ".</p>")
        chart = bar_chart(f"chart-{q.id}", q.text, q.options,
                          tuple(Series(n, tuple(s.pct for s in r)) for n, r in zip(names, rows)))
        section.append(f'<figure class="campaign-figure">{chart}<figcaption>Chart {i}: {escape(q.text)} '
                       f"({' and '.join(names).lower()}; the table below has the same figures)</figcaption></figure>")
        th = "".join(f'<th scope="col">{n} (n = {_n(answered(x))})</th>' for n, x in zip(names, qs))
        th += '<th scope="col">Change (pp)</th>' if fq else ""
        body = []
        for k, opt in enumerate(q.options):
            cells = "".join(f"<td>{_pct(r[k])} ({_n(r[k].count)})</td>" for r in rows)
            if fq:
                cells += f"<td>{_pp(pp_change(rows[0][k], rows[1][k]))}</td>"
            body.append(f'<tr><th scope="row">{escape(opt)}</th>{cells}</tr>')
        section.append(f'<table id="table-{q.id}"><caption>Table {i}: {escape(q.text)}, '
                       f"percentage (number) of those who answered</caption><thead><tr><th scope=\"col\">Answer</th>"
                       f"{th}</tr></thead><tbody>{''.join(body)}</tbody></table>")
        parts.append("\n".join(section))
    said = [y for w in waves for y in w.you_said_we_did]
    if said:
        parts.append('<h2 id="you-said-we-did">You said, we did</h2>\n<table><caption>What you told '
                     'us and what changed</caption><thead><tr><th scope="col">You said</th><th scope="col">We did</th>'
                     "</tr></thead><tbody>" + "".join(f"<tr><td>{escape(y.you_said)}</td><td>{escape(y.we_did)}</td></tr>"
                                                      for y in said) + "</tbody></table>")
    return GeneratedPage("evaluation.md", EVALUATION_URL, title, "\n\n".join(p for p in parts if p) + "\n")

