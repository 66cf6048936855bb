"""Safeguarding champions (data/champions.yaml) and the champions page.

Blogs name their author's champion id in the plan (`champion:`); the page lists a champion's blogs
only while they are live, so nothing about a future blog appears here.
"""

# No `from __future__ import annotations` here: pydantic would compile every string annotation at import.
import difflib
from html import escape

from pydantic import BaseModel, ConfigDict, Field

from .errors import Problem
from .links import rel_url
from .models import Slug, Text
from .partners import SAMPLE_DOMAINS, Email, Phone, unit_url
from .plan import url_of
from .yamlsrc import key_path

CHAMPIONS_URL = "champions/"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Contact(_Model):
    email: Email
    phone: Phone | None = None
    teams: Text | None = Field(None, description="How to find them on Teams, e.g. their display name")


class Champion(_Model):
    id: Slug = Field(description="Stable id; blogs in the plan name it as `champion:`")
    name: Text
    role: Text
    unit: Slug = Field(description="Command unit id from data/partners.yaml")
    themes: tuple[Slug, ...] = Field(min_length=1, description="Theme ids from the plan they can advise on")
    contact: Contact
    about: Text | None = None


class Join(_Model):
    email: Email
    text: Text


class ChampionsFile(_Model):
    sample: bool = Field(description="true while the file holds fictional sample data")
    join: Join
    champions: tuple[Champion, ...] = Field(min_length=1)

    def check(self, rel: str, doc, partners=None, model=None) -> list[Problem]:
        out: list[Problem] = []

        def problem(loc, message, expected=None, found=None, fix=None):
            out.append(Problem(rel, doc.line(loc), key_path(loc), message, expected, found, fix))

        units = [u.id for u in partners.units] if partners else None
        themes = [t.id for t in model.themes] if model is not None else None
        seen: dict[str, int] = {}
        emails = [(("join", "email"), self.join.email)]
        for i, c in enumerate(self.champions):
            at = ("champions", i)
            if c.id in seen:
                problem(at + ("id",), f"the champion id {c.id!r} is used twice (also champions[{seen[c.id]}])",
                        "a unique id", fix="give each champion their own id")
            seen.setdefault(c.id, i)
            if units is not None and c.unit not in units:
                near = difflib.get_close_matches(c.unit, units, n=1)
                problem(at + ("unit",), "unknown command unit", "a unit id from data/partners.yaml (" + ", ".join(units) + ")",
                        repr(c.unit), f"did you mean '{near[0]}'?" if near else "add the unit to data/partners.yaml")
            for j, t in enumerate(c.themes):
                if themes is not None and t not in themes:
                    near = difflib.get_close_matches(t, themes, n=1)
                    problem(at + ("themes", j), "unknown theme", "one of " + ", ".join(themes), repr(t),
                            f"did you mean '{near[0]}'?" if near else "use a theme id from campaign_plan.yaml")
            emails.append((at + ("contact", "email"), c.contact.email))
        for loc, email in emails:
            fictional = email.split("@")[1].endswith(SAMPLE_DOMAINS)
            if self.sample and not fictional:
                problem(loc, "sample data must not contain real contact details",
                        "an address at a reserved domain (ending .example, or example.org)", repr(email),
                        "use a fictional address, or set 'sample: false' if this is the real list")
            elif not self.sample and fictional:
                problem(loc, "this is a fictional sample value in the real list", "the real address", repr(email),
                        "replace it with the real address")
        return out


def anchor(champion_id: str) -> str:
    return f"champion-{champion_id}"


def champion_link(snap, champion_id: str, text: str, base: str) -> str:
    return f'<a href="{rel_url(CHAMPIONS_URL, base)}#{anchor(champion_id)}">{text}</a>'


def page(snap, data):
    from .pages import GeneratedPage

    base = CHAMPIONS_URL
    champions = data.champions if data else None
    parts = ["# Safeguarding champions",
             "<p>Champions are colleagues with safeguarding experience who help the rest of us: ask them about "
             "a case, a referral or a worry you cannot quite put into words. Find one in your command unit or "
             "one who knows the theme you need.</p>"]
    if champions is None:
        parts.append("<p>The list of champions has not been loaded yet.</p>")
        return GeneratedPage("champions.md", base, "Safeguarding champions", "\n\n".join(parts) + "\n")
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
    return GeneratedPage("champions.md", base, "Safeguarding champions", "\n\n".join(parts) + "\n")
