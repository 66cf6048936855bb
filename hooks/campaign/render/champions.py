"""The champions page: each champion from data/champions.yaml, with the blogs they wrote that are live.

Blogs name their author's champion id in the plan (`champion:`); the page lists a champion's blogs only
while they are live, so nothing about a future blog appears here.
"""
from html import escape

from ..source.links import rel_url
from ..source.plan import url_of
from .common import CHAMPIONS_URL, GeneratedPage, anchor, paragraphs
from .partners import unit_url


def page(snap, data):
    """The champions page, or None without data/champions.yaml (then it is not built)."""
    base = CHAMPIONS_URL
    champions = data.champions if data else None
    if champions is None:
        return None
    title = snap.plan.texts.champions_title
    parts = [f"# {escape(title)}", paragraphs(snap.plan.texts.champions_intro)]
    if champions.sample:
        parts.insert(1, '<div class="admonition info campaign-sample" role="note"><p class="admonition-title">Sample '
                        "data.</p><p>These champions and their contact details are fictional. The real list "
                        "replaces this sample.</p></div>")
    units = {u.id: u.name for u in data.partners.units} if data.partners else {}
    theme_title = {t.id: t.title for t in snap.plan.themes}
    # Only live blogs are named: a future blog's title or address must not appear before it is out.
    blogs: dict[str, list] = {}
    for r in snap.live:
        if r.kind == "blog" and getattr(r, "champion", None):
            blogs.setdefault(r.champion, []).append(r)
    items = []
    for c in sorted(champions.champions, key=lambda c: (c.name.split()[-1].casefold(), c.id)):
        unit = units.get(c.unit)
        unit_html = f'<a href="{rel_url(unit_url(c.unit), base)}">{escape(unit)}</a>' if unit else escape(c.unit)
        themes = ", ".join(escape(theme_title.get(t, t)) for t in c.themes)
        reach = [f'<a href="mailto:{escape(c.contact.email)}">{escape(c.contact.email)}</a>']
        if c.contact.phone:
            reach.append(escape(c.contact.phone))
        if c.contact.teams:
            reach.append(f"Teams: {escape(c.contact.teams)}")
        about = f"<p>{escape(c.about)}</p>" if c.about else ""
        written = ""
        if blogs.get(c.id):
            written = "<p>Blogs: " + ", ".join(
                f'<a href="{rel_url(url_of(r), base)}">{escape(r.title)}</a>'
                for r in sorted(blogs[c.id], key=lambda r: (r.release, r.id))) + "</p>"
        items.append(f'<li id="{anchor(c.id)}"><p><strong>{escape(c.name)}</strong>, {escape(c.role)}</p>'
                     f"<p>Command unit: {unit_html}. Can advise on: {themes}.</p>{about}"
                     f"<p>Contact: {' · '.join(reach)}</p>{written}</li>")
    parts.append('<h2 id="champions">Our champions</h2>\n<ul class="campaign-list campaign-champions">\n'
                 + "\n".join(items) + "\n</ul>")
    parts.append('<h2 id="become-a-champion">Become a champion</h2>\n'
                 f"<p>{escape(champions.join.text)}</p>\n"
                 f'<p>To volunteer, email <a href="mailto:{escape(champions.join.email)}">{escape(champions.join.email)}</a> '
                 "with your role, command unit and the themes you know best.</p>")
    return GeneratedPage("champions.md", base, title, "\n\n".join(p for p in parts if p) + "\n")
