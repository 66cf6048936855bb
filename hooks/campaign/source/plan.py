"""Load and check the campaign plan once; hand out a frozen `Plan` that later stages read.

Every problem is collected and reported together as `campaign_plan.yaml:LINE: key.path: ...`.
"""
from __future__ import annotations

import difflib
import functools
import os
import posixpath
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from datetime import datetime, tzinfo
from functools import cached_property
from pathlib import Path
from types import MappingProxyType, SimpleNamespace
from urllib.parse import urlsplit

import yaml

# The check's models (pydantic), the data files' check and pydantic's errors in editors' words (validation) are
# imported by the check alone: a build whose plan comes from the cache gets records (records.py), never pydantic.
from . import plancache, records, yamlsrc
from .audio import AudioError, audio_info, parse_vtt
from .errors import CampaignError, Problem
from .messages import CATALOGUE as M
from .times import TimeFormatError, zone

PLAN_FILE = "campaign_plan.yaml"
# Folders whose files are published only through a plan entry (fail closed).
GATED = {"article": "docs/articles/", "blog": "docs/blog/", "resource": "docs/resources/",
         "sign": "docs/signs/", "episode": "podcast/"}
GATED_DIRS = tuple(sorted(set(GATED.values())))
MAX_PAGE_BYTES = 1_000_000
MAX_MEDIA_BYTES = 30_000_000
FILE_FIELDS = ("source", "media", "audio", "transcript", "image", "data")


@dataclass(frozen=True)
class Plan:
    root: Path
    campaign: object  # records (records.py) of the models of models.py: Campaign
    themes: tuple  # of Theme
    releases: tuple  # of the kinds of models.Release, sorted by (release, id)
    tz: tzinfo
    lines: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))  # id -> line in the plan
    data: object = None  # data.DataSet as a record: partners, champions, survey waves from data/ (checked with the plan)
    shared_wording: tuple = ()  # declared shared wording (see models.PlanModel): the audit accepts it whole
    roles: tuple = ()  # of Role
    texts: object = None  # Texts (None: the default wording)

    def __post_init__(self):
        if self.texts is None:  # (a plan made by hand, as tests do)
            from .models import Texts

            object.__setattr__(self, "texts", records.freeze(Texts.model_construct()))

    @cached_property
    def key(self) -> str:
        """The campaign's stable id (feed GUIDs, calendar UIDs): campaign.id, else its title as a slug."""
        return self.campaign.id or slug(self.campaign.title)

    @cached_property
    def role_by_id(self) -> MappingProxyType:
        return MappingProxyType({r.id: r for r in self.roles})

    @cached_property
    def by_id(self) -> MappingProxyType:
        return MappingProxyType({r.id: r for r in self.releases})

    @cached_property
    def theme_by_id(self) -> MappingProxyType:
        return MappingProxyType({t.id: t for t in self.themes})

    @cached_property
    def kinds(self) -> frozenset:
        """The kinds of item this plan has, in any status (a campaign without a podcast has no 'episode')."""
        return frozenset(r.kind for r in self.releases)

    @property
    def last_instant(self) -> datetime:
        return self.campaign.evaluation_until or self.campaign.ends


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: "Spot It to Stop It" -> "spot-it-to-stop-it"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-") or "campaign"


def url_of(item) -> str | None:
    """The page URL as MkDocs builds it with use_directory_urls (File.url), or None for kinds without a page."""
    source = vars(item).get("source")
    if source:
        return page_url(source)
    if item.kind == "episode":
        return f"podcast/{item.id}/"
    return None


@functools.lru_cache(maxsize=1 << 14)
def page_url(source: str) -> str:
    rel = source.removeprefix("docs/")
    stem = rel[:-3] if rel.endswith(".md") else rel
    head, name = posixpath.split(stem)
    if name in ("index", "README"):
        return f"{head}/" if head else ""
    return f"{stem}/"


def schedule_source(item) -> str | None:
    return getattr(item, "source", None) or getattr(item, "audio", None)


def _file_fields(item) -> tuple[str, ...]:
    """The file fields this item's kind has (a record's, a model's or a partial entry's fields: vars())."""
    fields = vars(item)
    return tuple(n for n in FILE_FIELDS if n in fields)


def files_of(item) -> tuple[str, ...]:
    """Every project file that belongs to this item alone (published only while it is live)."""
    out = []
    fields = vars(item)
    for name in FILE_FIELDS:
        value = fields.get(name)
        if isinstance(value, str):
            out.append(value)
        elif value:
            out.extend(value)
    return tuple(out)


def outputs_of(item) -> tuple[str, ...]:
    """Site paths generated for this item alone (beyond its page and files): hidden while it is not live."""
    if item.kind == "event":
        return (f"events/add/{item.id}.ics",)
    return ()


MKDOCS_FILE = "mkdocs.yml"


# The C parser where PyYAML has it: mkdocs.yml is read in every build (the pure-Python one took 5-7 ms).
class _ConfigLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """mkdocs.yml as plain data: MkDocs' own tags (!ENV, !!python/name:...) read as None, never run."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def mkdocs_config(root: Path | str) -> dict:
    """The project's mkdocs.yml as plain data ({} when it cannot be read as a mapping)."""
    try:
        config = yaml.load((Path(root) / MKDOCS_FILE).read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return config if isinstance(config, dict) else {}


def site_url(root: Path | str) -> str | None:
    """`site_url` of the project's mkdocs.yml (where the site is served), or None when it has none."""
    value = mkdocs_config(root).get("site_url")
    return value if isinstance(value, str) and value.strip() else None


def _as_text(text: str) -> str:
    """Decoded bytes as reading the file as text gives them (universal newlines)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _as_page(text: str) -> str:
    """A page's decoded bytes as MkDocs reads the file (utf-8-sig, universal newlines)."""
    text = _as_text(text)
    return text[1:] if text.startswith("\ufeff") else text


# The release pages' texts the last load read to check them (real path -> _as_page text): the build hands them
# to MkDocs (mkdocs_adapter.on_files), which would read every page again (10 ms a build at 1,000 releases).
_PAGES_READ: dict[str, str] = {}


def pages_read() -> dict[str, str]:
    """The release pages' texts the last load read (real path -> text as MkDocs reads it), handed over once."""
    out = dict(_PAGES_READ)
    _PAGES_READ.clear()
    return out


def load(root: Path | str) -> Plan:
    """The checked plan of the project at `root`. A plan checked before from the same bytes (plan, data
    files, mkdocs.yml, the checking code: plancache) is reused when the project's other files it names
    still pass; otherwise the whole check runs (and reports every problem). A build that succeeds (not a
    preview) writes the plan it used to the project's cache folder for the next one (plancache.keep)."""
    root = Path(root)
    path = root / PLAN_FILE
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise CampaignError([Problem(PLAN_FILE, 1, "", "the campaign plan is missing",
                                     fix=f"create {PLAN_FILE} in {root}")]) from None
    except UnicodeDecodeError as exc:
        raise CampaignError([Problem(PLAN_FILE, 1, "", f"the plan is not UTF-8 text ({exc.reason})",
                                     fix="save it as UTF-8")]) from None
    text = _as_text(text)
    _PAGES_READ.clear()
    cached = plancache.get(root, raw)
    if cached is not None and _files_pass(cached):
        return cached
    plan = parse(text, root)
    plancache.put(root, raw, plan)
    return plan


def parse(text: str, root: Path) -> Plan:
    # Fast path first (no line for every key); on any problem, read again with every line for the report.
    fast = yamlsrc.load_fast(text, PLAN_FILE)
    if fast is not None:
        try:
            return _parse(fast, [], root)
        except CampaignError:
            pass
    doc, problems = yamlsrc.load(text, PLAN_FILE)
    if doc is None:
        raise CampaignError(problems)
    return _parse(doc, problems, root)


def _parse(doc: yamlsrc.Located, problems: list, root: Path) -> Plan:
    from pydantic import ValidationError

    from . import data as data_mod  # data/ files are checked in the same run, so all problems show at once
    from .models import PlanModel

    raw = doc.value
    if not isinstance(raw, dict):
        raise CampaignError([*problems, Problem(PLAN_FILE, 1, "", "the plan must be a set of keys",
                                                expected="campaign:, themes: and releases:",
                                                found=type(raw).__name__)])
    tz = zone("Europe/London")
    tzname = (raw.get("campaign") or {}).get("timezone") if isinstance(raw.get("campaign"), dict) else None
    if tzname is not None:
        try:
            tz = zone(str(tzname))
        except TimeFormatError as exc:
            problems.append(Problem(PLAN_FILE, doc.line(("campaign", "timezone")), "campaign.timezone",
                                    exc.message, found=repr(tzname), fix=exc.fix))
    try:
        model = PlanModel.model_validate(raw, context={"tz": tz})
    except ValidationError as exc:
        problems.extend(_from_pydantic(exc, doc))
        problems.extend(_cross_check(_partial_plan(raw, tz), doc, root))  # on what did validate
        problems.extend(data_mod.load(root, tz)[1])
        raise CampaignError(sorted(set(problems))) from None
    problems.extend(_cross_check(model, doc, root))
    dataset, data_problems = data_mod.load(root, tz, model, doc)
    problems.extend(data_problems)
    if problems:
        raise CampaignError(problems)
    releases = tuple(sorted(model.releases, key=lambda r: (r.release, r.id)))
    lines = {r.id: doc.line(("releases", i)) for i, r in enumerate(model.releases)}
    f = records.freeze
    dataset = records.record("DataSet", {d.name: f(getattr(dataset, d.name)) for d in dataclass_fields(dataset)})
    return Plan(root, f(model.campaign), f(model.themes), f(releases), tz, MappingProxyType(lines), dataset,
                model.shared_wording, f(model.roles), f(model.texts))


# --- pydantic errors in editors' words ---------------------------------------------------------------

def _from_pydantic(exc, doc: yamlsrc.Located) -> list[Problem]:
    from . import validation
    from .models import KINDS

    def clean_loc(loc: list) -> tuple:
        # Drop the union tag pydantic inserts after a release's index: releases.3.article.title
        for i in range(len(loc) - 1):
            if isinstance(loc[i], int) and loc[i + 1] in KINDS:
                del loc[i + 1]
                break
        return tuple(loc)

    def unknown_kind(etype: str, loc: tuple, path: str) -> Problem | None:
        if etype not in ("union_tag_invalid", "union_tag_not_found"):
            return None
        kind = _get(doc.value, loc + ("kind",))
        near = difflib.get_close_matches(str(kind), KINDS, n=1)
        return Problem(PLAN_FILE, doc.line(loc + ("kind",)), path + ".kind",
                       "unknown kind" if kind is not None else "the required key 'kind' is missing",
                       "one of " + ", ".join(KINDS), _show(kind) if kind is not None else None,
                       f"did you mean '{near[0]}'?" if near else "add 'kind: article' (or another kind)")

    return validation.from_pydantic(exc, doc, allowed_keys=lambda loc: _allowed_keys(loc, doc),
                                    is_id=lambda loc: loc[-1] in ("id", "theme"), id_example="new-starters-guide",
                                    clean_loc=clean_loc, special=unknown_kind)


def _get(value, loc):
    for part in loc:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def _allowed_keys(loc: tuple, doc: yamlsrc.Located) -> list[str]:
    from .models import MODEL_OF_KIND, Action, Campaign, PlanModel, Role, Texts, Theme

    if not loc:
        return list(PlanModel.model_fields)
    if loc[0] == "campaign":
        return list(Campaign.model_fields)
    if loc[0] == "themes":
        return list(Theme.model_fields)
    if loc[0] == "roles":
        return list(Role.model_fields)
    if loc[0] == "texts":
        return list(Action.model_fields) if len(loc) >= 2 and loc[1] == "action" else list(Texts.model_fields)
    if loc[0] == "releases" and len(loc) == 2:
        model = MODEL_OF_KIND.get(_get(doc.value, loc + ("kind",)))
        if model:
            return list(model.model_fields)
    return []


def _show(value) -> str | None:
    from .validation import show

    return show(value)


# --- checks across entries ---------------------------------------------------------------------------

def _partial_plan(raw: dict, tz) -> SimpleNamespace:
    """The plan as far as it validated, entry by entry and field by field (None where a field failed, and
    for a release whose kind is unknown), so the cross-checks still report every other problem."""
    from . import validation
    from .models import MODEL_OF_KIND, Campaign, PlanModel, Role, Texts, Theme

    ctx = {"tz": tz}

    def listed(key) -> list:
        value = raw.get(key)
        return value if isinstance(value, list) else []

    campaign = validation.partial(Campaign, raw.get("campaign"), ctx) or SimpleNamespace(
        **{name: None for name in Campaign.model_fields})
    themes = []
    for t in listed("themes"):
        theme = validation.partial(Theme, t, ctx)
        if theme is not None and theme.id is None and isinstance(t.get("id"), str):
            theme.id = t["id"]  # still a theme a release may name: no "unknown theme" on top of its own error
        themes.append(theme)
    roles = []
    for r in listed("roles"):
        role = validation.partial(Role, r, ctx)
        if role is not None and role.id is None and isinstance(r.get("id"), str):
            role.id = r["id"]  # as for themes: no "unknown role" on top of its own error
        roles.append(role)
    roles = [role for role in roles if role is not None]
    texts = validation.partial(Texts, raw.get("texts"), ctx) or Texts()
    releases = []
    for r in listed("releases"):
        model = MODEL_OF_KIND.get(r.get("kind")) if isinstance(r, dict) else None
        releases.append(validation.partial(model, r, ctx) if model else None)
    # Without a readable list of releases (`release:` for `releases:`, say) every gated file would look stray.
    return SimpleNamespace(campaign=campaign, roles=roles, texts=texts,
                           themes=[t for t in themes if t is not None], releases=releases,
                           releases_read=isinstance(raw.get("releases"), list)
                           or ("releases" not in raw and set(raw) <= set(PlanModel.model_fields)))


def _cross_check(model, doc: yamlsrc.Located, root: Path) -> list[Problem]:
    """Checks across fields and entries. `model` is the validated plan, or a partial one (`_partial_plan`):
    every check here skips what it cannot read."""
    out: list[Problem] = []
    c = model.campaign
    last = c.evaluation_until or c.ends

    def problem(loc, message, expected=None, found=None, fix=None):
        out.append(Problem(PLAN_FILE, doc.line(loc), yamlsrc.key_path(loc), message, expected, found, fix))

    if c.ends and c.starts and c.ends <= c.starts:
        problem(("campaign", "ends"), "the campaign ends before it starts", "a time after campaign.starts")
    if c.evaluation_until and c.ends and c.evaluation_until < c.ends:
        problem(("campaign", "evaluation_until"), "evaluation ends before the campaign does",
                "a time after campaign.ends")
    if c.feedback_form:
        # The form is linked from every page: it must be on the intranet's own host, never an outside one.
        site = site_url(root)
        site_host = urlsplit(site).hostname if site else None
        form_host = urlsplit(c.feedback_form).hostname
        if site_host is None:
            problem(("campaign", "feedback_form"), f"the intranet's host is unknown ({MKDOCS_FILE} has no site_url)",
                    "a site_url in mkdocs.yml", fix=f"set site_url in {MKDOCS_FILE}, or remove feedback_form")
        elif form_host != site_host:
            problem(("campaign", "feedback_form"), f"the feedback form is on {form_host}, not on the intranet's "
                    f"own host {site_host}", f"an address on {site_host}", repr(c.feedback_form),
                    "link to the form on the intranet, or remove feedback_form")
    ids: dict[str, dict[str, int]] = {}  # themes' and roles' ids -> the index of their first entry
    for key, noun, items in (("themes", "theme", model.themes), ("roles", "role", model.roles)):
        first = ids[key] = {}
        for i, item in enumerate(items):
            if item.id in first:
                msg = M["theme-or-role-twice"]
                problem((key, i, "id"), msg(noun=noun, id=repr(item.id), key=key, n=first[item.id]), fix=msg.fix())
            if item.id is not None:
                first.setdefault(item.id, i)
    theme_ids, role_ids = ids["themes"], ids["roles"]
    action = model.texts.action
    if action is not None:
        if not (action.page.startswith("docs/") and action.page.endswith(".md")) or action.page.startswith(GATED_DIRS):
            problem(("texts", "action", "page"), "the button must open an evergreen page of docs/",
                    "a Markdown file in docs/ outside the release folders, e.g. docs/what-to-do.md", repr(action.page))
        elif not (root / action.page).is_file():
            problem(("texts", "action", "page"), "the page does not exist", "an existing file in docs/",
                    repr(action.page), "check the spelling, or create the page")

    seen_id: dict[str, int] = {}
    seen_title: dict[str, int] = {}
    seen_url: dict[str, int] = {}
    owner: dict[str, int] = {}  # file -> the release naming it
    names: dict[str, str] = {}
    root_real = root.resolve()
    listing = _Listing(root)
    raw_releases = doc.value.get("releases") if isinstance(doc.value, dict) else None
    for i, r in enumerate(model.releases):
        at = ("releases", i)
        if r is None:  # unknown kind (reported already): its files are still named by the plan, not strays
            entry = raw_releases[i] if isinstance(raw_releases, list) else None
            for fname in FILE_FIELDS:
                value = entry.get(fname) if isinstance(entry, dict) else None
                for rel in [value] if isinstance(value, str) else value if isinstance(value, list) else ():
                    if isinstance(rel, str):
                        owner.setdefault(rel, i)
            continue
        if r.id is not None:
            if r.id in seen_id:
                problem(at + ("id",), f"the id {r.id!r} is already used by releases[{seen_id[r.id]}]",
                        "a unique id", fix="give this release its own id")
            seen_id.setdefault(r.id, i)
        if r.title is not None:
            key = r.title.casefold()
            if key in seen_title:
                problem(at + ("title",), f"the same title is already used by releases[{seen_title[key]}]",
                        "a unique title", repr(r.title), "titles must differ so staff (and the leak audit) can tell them apart")
            seen_title.setdefault(key, i)
            if generic_title(r.title):
                problem(at + ("title",), M["title-generic"](title=repr(r.title)), found=repr(r.title),
                        fix=M["title-generic"].todo)
        url = url_of(r) if r.kind != "episode" or r.id else None
        if url is not None:
            if url in seen_url:
                problem(at + ("source",), f"this page would have the same address ({url}) as releases[{seen_url[url]}]",
                        fix="rename one of the files")
            seen_url.setdefault(url, i)
        if r.release is not None:
            if r.until is not None and r.until <= r.release:
                problem(at + ("until",), "'until' is not after 'release'", f"a time after {r.release.isoformat()}",
                        r.until.isoformat(), "take it down after it goes live, or remove 'until'")
            if r.updated is not None and r.updated < r.release:
                problem(at + ("updated",), "'updated' is before 'release'", "a time at or after release")
            if c.starts and last and not (c.starts <= r.release <= last):
                problem(at + ("release",), "the release is outside the campaign",
                        f"a time from {c.starts.isoformat()} to {last.isoformat()}", r.release.isoformat(),
                        "move the date, or change campaign.starts/ends/evaluation_until")
        if r.theme is not None and r.theme not in theme_ids:
            near = difflib.get_close_matches(r.theme, list(theme_ids), n=1)
            problem(at + ("theme",), "unknown theme", "one of " + ", ".join(theme_ids), repr(r.theme),
                    f"did you mean '{near[0]}'?" if near else "add the theme under themes:")
        for j, role in enumerate((getattr(r, "roles", None) or ()) if r.kind in ("article", "resource") else ()):
            if role not in role_ids:
                near = difflib.get_close_matches(role, list(role_ids), n=1)
                problem(at + ("roles", j), "unknown role",
                        "one of " + ", ".join(role_ids) if role_ids else "a role listed under roles:", repr(role),
                        f"did you mean '{near[0]}'?" if near else "add the role under roles: (id, label, description)")
        if r.kind == "event" and r.starts is not None:
            if r.ends is not None and r.ends <= r.starts:
                problem(at + ("ends",), "the event ends before it starts", "a time after 'starts'")
            if r.release is not None and r.release > r.starts:
                problem(at + ("release",), "the event is announced after it starts",
                        "a release before 'starts'", fix="announce it earlier")
        for fname in _file_fields(r):
            value = getattr(r, fname, None)
            values = [value] if isinstance(value, str) else list(value or ())
            for j, rel in enumerate(values):
                loc = at + ((fname,) if isinstance(value, str) else (fname, j))
                msg = _check_file(r, fname, rel, root, root_real, listing)
                if msg:
                    problem(loc, msg[0], msg[1], repr(rel), msg[2])
                    owner.setdefault(rel, i)  # named by the plan: not also a stray file
                    continue
                if rel in owner:
                    problem(loc, f"this file is already used by releases[{owner[rel]}]",
                            "each file used by one release", repr(rel), "copy the file or point to another one")
                elif posixpath.basename(rel) in names:
                    # The audit recognises a hidden item's media by file name, so names must not repeat.
                    problem(loc, f"another release's file has the same name ({names[posixpath.basename(rel)]})",
                            "a file name no other release uses", repr(rel), "rename one of the files")
                owner.setdefault(rel, i)
                names.setdefault(posixpath.basename(rel), rel)

    for loc, i, addr, n in _nested(model.releases, seen_url):
        r, outer = model.releases[i], model.releases[n]
        msg = M["page-inside-page"]
        what = "page's address" if loc[-1] == "source" else "file"
        # The project folder that is published as the outer page's folder (docs/articles/a/, podcast/ep-a/).
        value = _value_at(r, loc)
        folder = ("docs/" if loc[-1] == "source" else value[:len(value) - len(addr)]) + url_of(outer)
        values = dict(what=what, path=addr, n=n, id=outer.id, url=url_of(outer), line=doc.line(("releases", n)),
                      move=_moved(r, loc), folder=folder, key=loc[2])
        problem(loc, msg(**values), f"a file outside {folder}", repr(value), fix=msg.fix(**values))

    # Fail closed: every file in a gated folder must belong to a release.
    for rel, gated in _strays(root, owner) if getattr(model, "releases_read", True) else ():
        out.append(Problem(rel, 1, "releases",
                           f"this file is in the gated folder {gated} but no release in {PLAN_FILE} names it, "
                           "so it would never be published",
                           fix=f"add a release for it to {PLAN_FILE}, or move it out of {gated}"))
    return out


def _value_at(r, loc: tuple) -> str:
    value = getattr(r, loc[2])
    return value if isinstance(value, str) else value[loc[3]]


def published_path(rel: str) -> str | None:
    """Where a release's project file is published: a file under docs/ at its path in docs/, an episode's
    audio or transcript (podcast/) at its own path (podcast/ep01.mp3); None for files never copied (data/)."""
    if rel.startswith("docs/"):
        return rel.removeprefix("docs/")
    if rel.startswith("podcast/"):
        return rel
    return None


def _nested(releases, page_of: dict[str, int]):
    """(key path, release, its address or site path, the other release) for each release page, and each
    published file of a release (under docs/, or an episode's under podcast/), that would be published inside
    another release page's folder (articles/a/b/ inside articles/a/; podcast/ep-a/b.mp3 inside episode ep-a's
    page podcast/ep-a/): the two go live at different instants (or one is held), so the one that is live
    would give the other's address away, or hold it in its folder."""
    for i, r in enumerate(releases):
        if r is None:
            continue
        places = []
        for fname in _file_fields(r):  # an episode's page is generated (podcast/<id>/): its url_of
            value = getattr(r, fname, None)
            if fname == "source":
                if isinstance(value, str):
                    places.append((("releases", i, "source"), page_url(value)))
                continue
            values = [value] if isinstance(value, str) else list(value or ())
            for j, rel in enumerate(values):
                site = published_path(rel) if isinstance(rel, str) else None
                if site is not None:
                    loc = ("releases", i, fname) if isinstance(value, str) else ("releases", i, fname, j)
                    places.append((loc, site))
        for loc, addr in places:
            parts = addr.rstrip("/").split("/")
            for k in range(len(parts) - 1, 0, -1):  # the nearest enclosing page first
                n = page_of.get("/".join(parts[:k]) + "/")
                if n is not None and n != i and releases[n] is not None:
                    yield loc, i, addr, n
                    break


def _moved(r, loc: tuple) -> str:
    """Where the file could go instead: its release folder, by the name of its own address."""
    folder = GATED.get(r.kind, "docs/")
    if loc[-1] == "source":
        return folder + url_of(r).rstrip("/").rsplit("/", 1)[-1] + ".md"
    return folder + posixpath.basename(_value_at(r, loc))


def _strays(root: Path, owned, ordered: bool = True) -> list[tuple[str, str]]:
    """(file, gated folder) of each file in a gated folder that no release names (dot files aside)."""
    out = []
    for gated in GATED_DIRS:
        if not (root / gated).is_dir():
            continue
        for rel in _entries_under(str(root), gated.rstrip("/"), ordered):
            if rel not in owned and not posixpath.basename(rel).startswith("."):
                out.append((rel, gated))
    return out


def _files_pass(plan: Plan) -> bool:
    """The checks of a plan that read the project's files besides the plan and data/ (those key the cache):
    each release's files are there, real, readable and within the limits (_check_file), no file in a gated
    folder is unnamed, the button's page exists. True when all pass now; otherwise the caller runs the whole
    check, which reports each problem with its line."""
    root = plan.root
    root_real = root.resolve()
    listing = _Listing(root)
    owned = set()
    for r in plan.releases:
        for fname in _file_fields(r):
            value = getattr(r, fname, None)
            folder = "data/" if fname == "data" else GATED.get(r.kind, "")
            for rel in [value] if isinstance(value, str) else (value or ()):
                # (the path's own checks passed when the plan was checked: they read only the plan)
                if _check_present(r, fname, rel, folder, root, root_real, listing):
                    return False
                owned.add(rel)
    if _strays(root, owned, ordered=False):
        return False
    action = plan.texts.action
    return action is None or (root / action.page).is_file()


def generic_title(title: str) -> bool:
    """One short word of letters ('Help', 'Update'): as a needle it would match ordinary text everywhere."""
    words = re.findall(r"\w+", title)
    return len(words) == 1 and words[0].isalpha() and len(words[0]) < 12


def _entries_under(root: str, folder: str, ordered: bool = True) -> list[str]:
    """What sorted(Path(root, folder).rglob("*")) lists, less real folders, as paths from the root: the
    same walk (into real sub-folders, not links; unreadable folders skipped), without a Path per file.
    `ordered=False`: the same paths in the order found."""
    out: list[str] = []

    def walk(rel: str) -> None:
        try:
            with os.scandir(os.path.join(root, rel)) as it:
                entries = list(it)
        except PermissionError:
            return
        for e in entries:
            path = f"{rel}/{e.name}"
            try:
                real_folder = e.is_dir(follow_symlinks=False)
            except OSError:
                real_folder = False
            if real_folder:
                walk(path)
            else:
                out.append(path)

    walk(folder)
    return sorted(out, key=lambda p: p.split("/")) if ordered else out  # sorted Paths' order (part by part)


class _Listing:
    """Regular files of the project, listed once per folder: checking 10,000 files one by one (resolve,
    is_symlink, is_file, stat) took over a second."""

    def __init__(self, root: Path):
        self.root = str(root)
        self.folders: dict[str, dict] = {}

    def size(self, rel: str) -> int | None:
        """The size of `rel` if it is a regular file whose folders, from the root down, are real folders
        (not links); None otherwise (the caller then checks the path the slow way, for the message)."""
        folder, name = posixpath.split(rel)
        entries = self.folders.get(folder)
        if entries is None:
            entries = self.folders[folder] = self._scan(folder)
        entry = entries.get(name)
        try:
            if entry is None or not entry.is_file(follow_symlinks=False):
                return None
            return entry.stat(follow_symlinks=False).st_size
        except OSError:
            return None

    def _scan(self, folder: str) -> dict:
        path = self.root
        try:
            for part in folder.split("/") if folder else ():
                path = os.path.join(path, part)
                if not stat.S_ISDIR(os.lstat(path).st_mode):
                    return {}
            with os.scandir(path) as it:
                return {e.name: e for e in it}
        except OSError:
            return {}


def _check_file(r, fname: str, rel: str, root: Path, root_real: Path, listing: _Listing | None = None):
    """(message, expected, fix) when the file is unusable, else None."""
    norm = posixpath.normpath(rel)
    folder = "data/" if fname == "data" else GATED.get(r.kind, "")
    if rel.startswith("/") or "\\" in rel or ".." in rel.split("/") or norm != rel:
        return ("not a plain path inside the project", f"a path like {folder}name.ext", "write the path from the project root")
    if folder and not rel.startswith(folder):
        return (f"{'an' if r.kind[0] in 'aeiou' else 'a'} {r.kind}'s {fname} must be in {folder}", f"a path starting {folder}", f"move the file into {folder}")
    return _check_present(r, fname, rel, folder, root, root_real, listing)


def _check_present(r, fname: str, rel: str, folder: str, root: Path, root_real: Path, listing: _Listing | None):
    """The rest of _check_file, for a plain path in its folder: what it reads of the project (there, a real
    file, its name, within the limits, readable as what it is)."""
    size = listing.size(rel) if listing is not None else None
    if size is not None:  # a regular file in real folders: what the checks below establish
        real = os.path.join(root_real, rel)  # (a str: a Path per file costs more than the check)
    else:
        path = root / rel
        try:
            real = path.resolve(strict=True)
        except (FileNotFoundError, RuntimeError, OSError):
            near = _nearest_file(str(root), rel, folder or posixpath.dirname(rel) + "/")
            return ("the file does not exist", "an existing file",
                    f"did you mean {near!r}?" if near else "check the spelling, or create the file")
        if path.is_symlink() or not real.is_relative_to(root_real) or real != root_real / rel:
            return ("the file is a link (links are not published)", "a real file in the project", "replace the link with the file itself")
        if not real.is_file():
            return ("this is a folder, not a file", "a file", "name the file inside it")
        size = real.stat().st_size
    if fname == "source":
        if not rel.endswith(".md") or not _slug_file(posixpath.basename(rel)):
            return ("a page's file name must be lower-case words joined by hyphens, ending .md",
                    "a name like new-starters-guide.md", "rename the file")
        if size > MAX_PAGE_BYTES:
            return (f"the page is {size:,} bytes, over the {MAX_PAGE_BYTES:,}-byte limit", "a smaller page",
                    "split it, or move large material out of the page")
        try:
            with open(real, "rb") as fh:
                _PAGES_READ[str(real)] = _as_page(fh.read().decode("utf-8"))
        except UnicodeDecodeError as exc:
            return (f"the page is not UTF-8 text (bad byte at position {exc.start})", "UTF-8 text",
                    "save the file as UTF-8")
    elif size > MAX_MEDIA_BYTES:
        return (f"the file is {size:,} bytes, over the {MAX_MEDIA_BYTES:,}-byte limit", "a smaller file", "compress it")
    elif fname == "audio":
        try:
            audio_info(Path(real))
        except AudioError as exc:
            return (f"episode {r.id!r}: {exc}", "an MP3 (or M4A/Ogg) audio file", "export the episode again as MP3")
    elif fname == "transcript":
        try:
            parse_vtt(Path(real).read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            return (f"episode {r.id!r}: the transcript is not usable WebVTT ({exc})", "a WebVTT (.vtt) file",
                    "export the transcript as WebVTT")
    return None


def _nearest_file(root: str, rel: str, folder: str) -> str | None:
    """The existing file under `folder` whose name is nearest to the missing `rel` (a typo, a plural)."""
    if not os.path.isdir(os.path.join(root, folder)):
        return None
    by_stem: dict[str, str] = {}  # names compared without extensions: 'b.md' is not near 'a.md'
    for path in _entries_under(root, folder.rstrip("/")):
        by_stem.setdefault(posixpath.splitext(posixpath.basename(path))[0], path)
    stem = posixpath.splitext(posixpath.basename(rel))[0]
    near = difflib.get_close_matches(stem, list(by_stem), n=1, cutoff=0.75)
    return by_stem[near[0]] if near else None


def _slug_file(name: str) -> bool:
    return re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*\.md", name) is not None
