"""The partners directory (partners/, partners/units/<id>/, partners/boroughs/<id>/) from data/partners.yaml:
an A-Z list of boroughs that works without JavaScript, and a warning on entries not verified for 6 months."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import TYPE_CHECKING

from ..source.links import rel_url
from ..source.partner_dates import STALE_MONTHS, boroughs, stale_from
from ..source.times import human_date
from .common import GeneratedPage, paragraphs

if TYPE_CHECKING:  # (their fields: what the build gets are records of them, source/records.py)
    from ..source.partners import Borough, PartnersFile, Unit

DIRECTORY_URL = "partners/"


def unit_url(unit_id: str) -> str:
    return f"partners/units/{unit_id}/"


def borough_url(borough_id: str) -> str:
    return f"partners/boroughs/{borough_id}/"


def _tel(phone: str) -> str:
    return f'<a href="tel:+44{phone.replace(" ", "")[1:]}">{escape(phone)}</a>'


def _sample_note(partners: PartnersFile) -> str:
    if not partners.sample:
        return ""
    return ('<div class="admonition info campaign-sample" role="note"><p class="admonition-title">Sample data.</p>'
            "<p>Every name, number and address in this directory is fictional (drama telephone numbers and "
            "reserved example domains). Do not use them. The real list replaces this sample before launch.</p></div>")


def stale_warning(snap, b: Borough) -> str:
    if snap.now < stale_from(b, snap.plan.tz):
        return ""
    return ('<div class="admonition warning campaign-stale" role="note"><p class="admonition-title">Check before you '
            f"rely on this entry</p><p>It was last verified on {_date(snap, b.last_verified)}, {STALE_MONTHS} months "
            "ago or more. If a number is wrong, tell the partnership team so it can be corrected.</p></div>")


def _date(snap, when: datetime) -> str:
    local = when.astimezone(snap.plan.tz)
    return f'<time datetime="{local:%Y-%m-%d}">{human_date(local)}</time>'


def _details(snap, unit: Unit, b: Borough, base: str, heading: str) -> str:
    lead = escape(b.police_lead) + (f", {escape(b.police_lead_role)}" if b.police_lead_role else "")
    email = f'<dt>Front door email</dt><dd><a href="mailto:{escape(b.mash_email)}">{escape(b.mash_email)}</a></dd>' \
        if b.mash_email else ""
    return (f"{heading}\n{stale_warning(snap, b)}"
            '<dl class="campaign-partner">'
            f"<dt>Local authority</dt><dd>{escape(b.local_authority)}</dd>"
            f"<dt>Children's services front door</dt><dd>{escape(b.mash_name)}: {_tel(b.mash_phone)}</dd>{email}"
            f"<dt>Out of hours</dt><dd>{_tel(b.out_of_hours_phone)}</dd>"
            f'<dt>Safeguarding partnership</dt><dd><a href="{escape(b.partnership_url)}">{escape(b.partnership_url)}</a></dd>'
            f"<dt>Police lead</dt><dd>{lead}</dd>"
            f'<dt>Command unit</dt><dd><a href="{rel_url(unit_url(unit.id), base)}">{escape(unit.name)}</a></dd>'
            f"<dt>Last verified</dt><dd>{_date(snap, b.last_verified)}</dd>"
            "</dl>")


def pages(snap, data) -> list:
    """The directory and its unit and borough pages: only when data/partners.yaml exists."""
    partners = data.partners if data else None
    if partners is None:
        return []
    base = DIRECTORY_URL
    title = snap.plan.texts.partners_title
    everyone = f'<p><a href="{{}}">All {escape(title[:1].lower() + title[1:])}</a></p>'
    pairs = sorted(boroughs(partners), key=lambda p: (p[1].name.casefold(), p[1].id))
    parts = [f"# {escape(title)}", _sample_note(partners), paragraphs(snap.plan.texts.partners_intro),
             '<h2 id="a-z">Boroughs A to Z</h2>']
    letters: dict[str, list] = {}
    for u, b in pairs:
        letters.setdefault(b.name[0].upper(), []).append((u, b))
    # A plain list works without JavaScript and prints; each letter heading is a jump target.
    # Letter links get a 2em box: WCAG 2.2 wants 24 px targets, and single letters are narrower.
    parts.append('<nav class="campaign-az" aria-label="Boroughs by first letter"><p>' + " ".join(
        f'<a href="#letter-{k.lower()}" style="display:inline-block;min-width:2em;min-height:2em;'
        f'line-height:2em;text-align:center">{k}</a>' for k in letters) + "</p></nav>")
    for k, group in letters.items():
        items = []
        for u, b in group:
            flag = ' <strong class="campaign-stale">(check: not verified for 6 months)</strong>' \
                if snap.now >= stale_from(b, snap.plan.tz) else ""
            items.append(f'<li><a href="{rel_url(borough_url(b.id), base)}">{escape(b.name)}</a> '
                         f"({escape(u.name)}): front door {_tel(b.mash_phone)}, out of hours {_tel(b.out_of_hours_phone)}{flag}</li>")
        parts.append(f'<h3 id="letter-{k.lower()}">{k}</h3>\n<ul class="campaign-list">\n' + "\n".join(items) + "\n</ul>")
    parts.append('<h2 id="units">Command units</h2>\n<ul class="campaign-list">\n' + "\n".join(
        f'<li><a href="{rel_url(unit_url(u.id), base)}">{escape(u.name)}</a>: '
        + ", ".join(escape(b.name) for b in u.boroughs) + "</li>" for u in partners.units) + "\n</ul>")
    out = [GeneratedPage("partners/index.md", base, title, "\n\n".join(p for p in parts if p) + "\n")]
    for u in partners.units:
        ub = unit_url(u.id)
        body = [f"# {escape(u.name)}", _sample_note(partners), everyone.format(rel_url(base, ub))]
        for b in u.boroughs:
            body.append(_details(snap, u, b, ub, f'<h2 id="{b.id}"><a href="{rel_url(borough_url(b.id), ub)}">{escape(b.name)}</a></h2>'))
        out.append(GeneratedPage(f"partners/units/{u.id}.md", ub, u.name, "\n\n".join(p for p in body if p) + "\n"))
    for u, b in pairs:
        bb = borough_url(b.id)
        body = [f"# {escape(b.name)}: {escape(title[:1].lower() + title[1:])}", _sample_note(partners),
                everyone.format(rel_url(base, bb)), _details(snap, u, b, bb, "")]
        out.append(GeneratedPage(f"partners/boroughs/{b.id}.md", bb, f"{b.name}: {title[:1].lower() + title[1:]}",
                                 "\n\n".join(p for p in body if p) + "\n"))
    return out
