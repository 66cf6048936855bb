"""The campaign plan's shape: pydantic models, frozen once parsed. The JSON Schema is generated from here.

Field descriptions double as the schema's hover help in editors' VS Code.
"""

# No `from __future__ import annotations` here: pydantic would compile every string annotation at import.
import re
from datetime import datetime
from urllib.parse import urlsplit
from typing import Annotated, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    PositiveInt,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from .messages import CATALOGUE
from .times import FORMS, TimeFormatError, parse_instant, zone
from .yamlsrc import UnquotedTime

KINDS = ("article", "blog", "resource", "episode", "event", "sign", "survey")
TIME_PATTERN = r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?(Z|[+-]\d{2}:\d{2})?$"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def _problem(message: str, fix: str, expected: str = "") -> PydanticCustomError:
    # '{message}' is filled from the context once, so braces in editors' text are never re-formatted.
    return PydanticCustomError("campaign", "{message}", {"message": message, "fix": fix, "expected": expected})


def _instant(value: object, info: ValidationInfo) -> datetime:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value  # built in code (tests, scaffolding), already an instant
    if isinstance(value, UnquotedTime):
        m = CATALOGUE["time-unquoted"]
        raise _problem(m(), m.fix(text=value), FORMS)
    if not isinstance(value, str):
        m = CATALOGUE["time-not-text"]
        raise _problem(m(), m.fix(), FORMS)
    tz = (info.context or {}).get("tz") or zone("Europe/London")
    try:
        return parse_instant(value, tz)
    except TimeFormatError as exc:
        raise _problem(exc.message, exc.fix, FORMS) from exc


_EMAIL = re.compile(r"[^@\s<>\"(),;:\[\]\\]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


def _email(value: object) -> str:
    if not isinstance(value, str) or not _EMAIL.fullmatch(value.strip()):
        raise _problem("not an email address", "write the team's mailbox, e.g. \"campaign@example.org\"",
                       "an address like name@example.org")
    return value.strip()


def _web_address(value: object) -> str:
    """An http(s) address with a host (which host is allowed is checked with mkdocs.yml's site_url)."""
    text = value.strip() if isinstance(value, str) else ""
    try:
        parts = urlsplit(text)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.username is None
        ok = ok and not any(c.isspace() or c in "<>\"'\\" for c in text)
    except ValueError:
        ok = False
    if not ok:
        raise _problem("not a web address", "copy the form's address from the browser's address bar",
                       "an address like https://intranet.example/feedback/")
    return text


Email = Annotated[str, PlainValidator(_email),
                  WithJsonSchema({"type": "string", "pattern": r"^[^@\s]+@[^@\s]+\.[^@\s]+$"})]
WebAddress = Annotated[str, PlainValidator(_web_address),
                       WithJsonSchema({"type": "string", "pattern": r"^https?://[^/\s]+(/\S*)?$"})]

Instant = Annotated[
    datetime,
    PlainValidator(_instant),
    WithJsonSchema({"type": "string", "pattern": TIME_PATTERN,
                    "description": "Local time in the campaign timezone, in quotes, e.g. \"2027-01-11 08:00\""}),
]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=4, max_length=120, pattern=r"^[^\n\r]*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Month = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
RepoPath = Annotated[str, StringConstraints(min_length=1, max_length=300),
                     Field(description="A file path from the project root, e.g. docs/articles/launch.md")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Campaign(_Model):
    title: Text = Field(description="The campaign's name")
    id: Slug | None = Field(None, description="Stable id in feed GUIDs and calendar UIDs (default: the title as "
                            "lower-case words joined by hyphens). Never change it once episodes are out: podcast "
                            "apps would download every episode again")
    strapline: Text | None = Field(None, description="The line under the campaign's name (home page, footer)")
    timezone: Text = Field("Europe/London", description="IANA timezone of every time in this plan")
    starts: Instant = Field(description="Launch: the first release may not come earlier")
    ends: Instant = Field(description="End of the 12-month campaign")
    evaluation_until: Instant | None = Field(None, description="Last moment a follow-up survey may be released")
    max_releases_per_week: PositiveInt | None = Field(None, description="Cadence limit checked by make check")
    require_approval: bool = Field(False, description="When true, a release without approved_by is held")
    audience_size: PositiveInt | None = Field(
        None, description="How many people the campaign aims to reach: make reach reports devices as a share of it")
    feedback_email: Email | None = Field(
        None, description="Mailbox for feedback: every page ends with a mailto: link to it naming the page")
    feedback_form: WebAddress | None = Field(
        None, description="The organisation's feedback form, on the intranet's own host (mkdocs.yml site_url)")
    min_words: int = Field(300, ge=0, description="make check warns about article, blog and resource pages "
                           "with fewer words (0: no check)")


class Role(_Model):
    id: Slug = Field(description="Stable id: a release names it under roles:; also the address of its guides page")
    label: Title = Field(description="Who they are, as a reader would say it, e.g. \"People managers\"")
    description: Text | None = Field(None, description="One sentence on who this is (on their guides page)")


class Action(_Model):
    """The call to action on the home page and the signs gallery."""
    title: Title = Field(description="Its heading, e.g. \"Not sure what to do?\"")
    text: Text = Field(description="What to do, in a sentence or two")
    link_text: Title = Field(description="The button's words")
    page: RepoPath = Field(description="The page the button opens: a Markdown file in docs/, e.g. docs/what-to-do.md")


class Texts(_Model):
    """The wording of the pages the build generates. Each has a neutral default; paragraphs are separated by
    a blank line. Plain text (no Markdown)."""
    home_intro: Text | None = Field(None, description="Home page: the lead paragraph under the strapline")
    action: Action | None = Field(None, description="Home page and signs gallery: the call to action")
    more_heading: Title = Field("Also on this site", description="Home page: heading over the signs and events links")
    signs_title: Title = Field("Signs", description="The signs gallery's title (signs/)")
    signs_summary: Text | None = Field(None, description="Home page: one line on the signs gallery")
    signs_intro: Text | None = Field(None, description="Signs gallery: the introduction")
    events_title: Title = Field("Events", description="The events page's title (events/)")
    events_summary: Text | None = Field(None, description="Home page: one line on the events page")
    events_intro: Text | None = Field(None, description="Events page: the introduction (the timezone sentence follows)")
    resources_title: Title = Field("Guides", description="The resource library's title (resources/)")
    resources_intro: Text | None = Field(None, description="Resource library: the introduction")
    roles_heading: Title = Field("Guides for your role", description="Resource library: heading over the role links")
    podcast_title: Title = Field("Podcast", description="The podcast page's title (podcast/)")
    podcast_intro: Text | None = Field(None, description="Podcast page: the introduction; also the feed's description")
    subscribe_link_text: Title = Field("How to subscribe", description="Podcast page: the link to docs/podcast/subscribe.md")
    feed_description: Text | None = Field(None, description="The podcast feed's description (default: podcast_intro)")
    partners_title: Title = Field("Partners", description="The partners directory's title (with data/partners.yaml)")
    partners_intro: Text | None = Field(None, description="Partners directory: the introduction")
    champions_title: Title = Field("Champions", description="The champions page's title (with data/champions.yaml)")
    champions_intro: Text | None = Field(None, description="Champions page: the introduction")
    evaluation_title: Title = Field("Evaluation", description="The evaluation page's title (with data/survey.yaml)")
    evaluation_intro: Text | None = Field(None, description="Evaluation page: the introduction")


class Theme(_Model):
    id: Slug
    title: Title
    summary: Text
    focus_months: tuple[Month, ...] = Field((), description="Months (\"YYYY-MM\") when this theme is the focus")


class _Release(_Model):
    id: Slug = Field(description="Stable id: lower-case words joined by hyphens; used in feeds and calendars")
    title: Title
    summary: Text | None = None
    theme: Slug | None = None
    release: Instant = Field(description="When it goes live")
    until: Instant | None = Field(None, description="When it is taken down (optional)")
    updated: Instant | None = Field(None, description="When it was last updated (shown on the page)")
    approved_by: Text | None = Field(None, description="Who signed it off (needed when require_approval is true)")


class Article(_Release):
    kind: Literal["article"]
    source: RepoPath
    roles: tuple[Slug, ...] = Field((), description="Ids of the roles under roles: this is for")
    media: tuple[RepoPath, ...] = ()


class Blog(_Release):
    kind: Literal["blog"]
    source: RepoPath
    theme: Slug
    author: Text
    author_role: Text | None = None
    champion: Slug | None = Field(None, description="The author's id in data/champions.yaml: the byline links to it")
    media: tuple[RepoPath, ...] = ()


class Resource(_Release):
    kind: Literal["resource"]
    source: RepoPath
    theme: Slug
    roles: tuple[Slug, ...] = Field((), description="Ids of the roles under roles: this is for")
    media: tuple[RepoPath, ...] = ()


class Episode(_Release):
    kind: Literal["episode"]
    number: PositiveInt
    season: PositiveInt = 1
    audio: RepoPath
    transcript: RepoPath
    notes: Text
    guests: tuple[Text, ...] = ()


class Event(_Release):
    kind: Literal["event"]
    starts: Instant
    ends: Instant
    audience: Text
    place: Text | None = None
    joining: Text | None = None
    booking: Text


class Sign(_Release):
    kind: Literal["sign"]
    image: RepoPath
    alt: Text
    meaning: Text
    what_to_do: Text


class Survey(_Release):
    kind: Literal["survey"]
    data: RepoPath


Release = Annotated[Union[Article, Blog, Resource, Episode, Event, Sign, Survey], Field(discriminator="kind")]
MODEL_OF_KIND = {m.model_fields["kind"].annotation.__args__[0]: m
                 for m in (Article, Blog, Resource, Episode, Event, Sign, Survey)}


class PlanModel(_Model):
    campaign: Campaign
    roles: tuple[Role, ...] = Field((), description="Who the campaign speaks to; each gets a guides page")
    texts: Texts = Field(Texts.model_construct(), description="The wording of the generated pages (each has a neutral default)")
    themes: tuple[Theme, ...] = ()
    shared_wording: tuple[Text, ...] = Field(
        (), description="Text that may appear on published pages although it is (or contains) the title, summary "
        "or a sentence of a release that is not live yet, e.g. a theme name that is also a blog's title, or a "
        "line every article ends with. The leak audit accepts these words only where they appear whole.")
    releases: tuple[Release, ...] = ()
