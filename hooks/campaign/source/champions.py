"""Safeguarding champions (data/champions.yaml): the file's model and its checks across entries.

Blogs name their author's champion id in the plan (`champion:`); render/champions.py makes the page.
"""

# No `from __future__ import annotations` here: pydantic would compile every string annotation at import.
import difflib

from pydantic import BaseModel, ConfigDict, Field

from .errors import Problem
from .models import Slug, Text
from .partners import SAMPLE_DOMAINS, Email, Phone
from .yamlsrc import key_path


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
