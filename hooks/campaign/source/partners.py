"""Local safeguarding partners (data/partners.yaml): command units, their boroughs and each borough's
children's services front door (MASH), out-of-hours number, partnership page and named police lead.

An entry not verified for 6 months shows a warning from the instant the 6 months are up; that instant
is a change instant (partner_dates.py, release/changes.py), so the schedule and the build agree.
"""

# No `from __future__ import annotations` here: pydantic would compile every string annotation at import.
import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainValidator

from .errors import Problem
from .models import Instant, Slug, Text, _problem
from .partner_dates import boroughs
from .yamlsrc import key_path

# Ofcom keeps 020 7946 0000-0999 for drama: never a real line. Reserved domains (RFC 2606/6761).
DRAMA = re.compile(r"^0207946\d{4}$")
SAMPLE_DOMAINS = (".example", "example.org", "example.com", "example.net")


def _phone(value: object) -> str:
    if not isinstance(value, str):
        raise _problem("a phone number must be text in quotes", 'write it in quotes, e.g. "020 7946 0123"',
                       "a UK number such as \"020 7946 0123\"")
    digits = value.replace(" ", "")
    if not re.fullmatch(r"0\d{10}", digits):
        raise _problem("not a UK phone number", "write the 11 digits starting 0, spaces allowed",
                       "a UK number such as \"020 7946 0123\"")
    return value.strip()


def _url(value: object) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"https://[a-z0-9.-]+\.[a-z]{2,}(/[^\s\"'<>]*)?", value):
        raise _problem("not a web address", "write the full address starting https://",
                       "an address like \"https://council.example/safeguarding\"")
    return value


def _email(value: object) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}", value):
        raise _problem("not an email address", "write it like name@council.example", "an address like mash@council.example")
    return value


Phone = Annotated[str, PlainValidator(_phone)]
Url = Annotated[str, PlainValidator(_url)]
Email = Annotated[str, PlainValidator(_email)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Borough(_Model):
    id: Slug = Field(description="Stable id; the page is partners/boroughs/<id>/")
    name: Text
    local_authority: Text = Field(description="The council responsible for children's services")
    mash_name: Text = Field(description="Children's services front door / MASH, as the council names it")
    mash_phone: Phone
    mash_email: Email | None = None
    out_of_hours_phone: Phone = Field(description="Emergency duty team (evenings, nights, weekends)")
    partnership_url: Url = Field(description="The local safeguarding children partnership's page")
    police_lead: Text = Field(description="Named police lead for child protection in this borough")
    police_lead_role: Text | None = None
    last_verified: Instant = Field(description="When someone last checked these details, e.g. \"2026-08-20\"")


class Unit(_Model):
    id: Slug = Field(description="Stable id; the page is partners/units/<id>/")
    name: Text
    boroughs: tuple[Borough, ...] = Field(min_length=1)


class PartnersFile(_Model):
    sample: bool = Field(description="true while the file holds fictional sample data")
    units: tuple[Unit, ...] = Field(min_length=1)

    def boroughs(self) -> list[tuple[Unit, Borough]]:
        return boroughs(self)


def check(rel: str, doc) -> list[Problem]:
    """Checks across entries, on the file as read (before the models), so they are reported even when
    some entries have other problems: unique ids, and sample data that is really fictional (and back)."""
    out: list[Problem] = []
    raw = doc.value if isinstance(doc.value, dict) else {}
    sample = raw.get("sample")
    seen_unit: dict[str, int] = {}
    seen_borough: dict[str, str] = {}
    units = raw.get("units") if isinstance(raw.get("units"), list) else []
    for i, u in enumerate(units):
        if not isinstance(u, dict):
            continue
        uid = u.get("id")
        if isinstance(uid, str) and uid in seen_unit:
            loc = ("units", i, "id")
            out.append(Problem(rel, doc.line(loc), _kp(loc), f"the unit id {uid!r} is used twice (also units[{seen_unit[uid]}])",
                               "a unique id", fix="give each command unit its own id"))
        if isinstance(uid, str):
            seen_unit.setdefault(uid, i)
        boroughs = u.get("boroughs") if isinstance(u.get("boroughs"), list) else []
        for j, b in enumerate(boroughs):
            if not isinstance(b, dict):
                continue
            at = ("units", i, "boroughs", j)
            bid = b.get("id")
            if isinstance(bid, str) and bid in seen_borough:
                out.append(Problem(rel, doc.line(at + ("id",)), _kp(at + ("id",)),
                                   f"the borough id {bid!r} is used twice (also {seen_borough[bid]})",
                                   "a unique id", fix="give each borough its own id"))
            if isinstance(bid, str):
                seen_borough.setdefault(bid, _kp(at))
            if not isinstance(sample, bool):
                continue
            for name in ("mash_phone", "out_of_hours_phone", "mash_email", "partnership_url"):
                value = b.get(name)
                if not isinstance(value, str):
                    continue
                phone = name.endswith("phone")
                try:  # a value that is not a phone/address at all is reported by the model
                    (_phone if phone else _email if name == "mash_email" else _url)(value)
                except Exception:
                    continue
                out.extend(_sample_check(rel, doc, at + (name,), value, sample, phone))
    return out


def _kp(loc) -> str:
    return key_path(loc)


def _sample_check(rel, doc, loc, value: str, sample: bool, phone: bool) -> list[Problem]:
    """Sample data must be unmistakably fictional; real data must not contain the fictional ranges."""
    if phone:
        fictional = bool(DRAMA.match(value.replace(" ", "")))
        expected = "a drama number from 020 7946 0000 to 020 7946 0999"
    else:
        host = re.sub(r"^(https://|[^@]*@)", "", value).split("/")[0]
        fictional = host.endswith(SAMPLE_DOMAINS)
        expected = "an address at a reserved domain (ending .example, or example.org)"
    if sample and not fictional:
        return [Problem(rel, doc.line(loc), _kp(loc), "sample data must not contain real contact details",
                        expected, repr(value), "use a fictional value, or set 'sample: false' if this is the real list")]
    if not sample and fictional:
        return [Problem(rel, doc.line(loc), _kp(loc), "this is a fictional sample value in the real list",
                        "the real number or address", repr(value), "replace it with the real contact details")]
    return []
