"""Every message an editor can meet, in one catalogue: the table in EDITORS.md is generated from it,
`make check` and `make new` format their messages from it, and the corpus tests match every message
the plan loader prints against it (so a new message cannot ship without its "what to do").

`text` is the message as printed, with {placeholders}; `todo` is the advice for the editors' guide, and
where a message is printed with `fix()` it is also the printed fix (filled in with the same values), so the
guide and the terminal say the same thing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    code: str
    level: str  # "error" (non-zero exit, nothing written) or "warning" (printed, exit 0)
    text: str
    todo: str

    def __call__(self, **values) -> str:
        return self.text.format(**values)

    def fix(self, **values) -> str:
        """The `fix:` part as printed: the guide's advice, with this problem's values."""
        return self.todo.format(**values)

    @property
    def pattern(self) -> re.Pattern:
        parts = re.split(r"\{[^}]*\}", self.text)
        return re.compile("^" + ".+?".join(re.escape(p) for p in parts) + "$", re.S)


_ALL = [
    # --- the plan file itself ------------------------------------------------------------------
    Message("plan-missing", "error", "the campaign plan is missing",
            "Create `campaign_plan.yaml` in the project folder (copy it from git history)."),
    Message("plan-not-utf8", "error", "the plan is not UTF-8 text ({reason})",
            "Save the plan as UTF-8 (in VS Code: the encoding in the status bar, then 'Save with Encoding')."),
    Message("yaml-invalid", "error", "this is not valid YAML ({reason})",
            "Look at the line named and the one before: indent with spaces (never tabs), put text containing "
            "`: ` or `#` in double quotes, close every quote and bracket."),
    Message("plan-not-mapping", "error", "the plan must be a set of keys",
            "The plan starts with `campaign:`, then `themes:` and `releases:`, each at the start of a line."),
    Message("key-not-word", "error", "a key must be a plain word",
            "Write keys as plain words followed by a colon, e.g. `title:`."),
    Message("key-twice", "error", "the key {key} appears twice here (first on line {line})",
            "Keep one of the two lines; often a copy-and-paste left an old value behind."),
    Message("key-missing", "error", "the required key {key} is missing",
            "Add the key named to this entry (see 'Add an article' for the keys each kind needs)."),
    Message("key-unknown", "error", "unknown key {key}",
            "Use the key the message suggests, or remove the line. Spelling and capitals matter."),
    Message("kind-unknown", "error", "unknown kind",
            "Use one of: article, blog, resource, episode, event, sign, survey."),
    Message("kind-missing", "error", "the required key 'kind' is missing",
            "Add `kind: article` (or another kind) to the entry."),
    Message("id-invalid", "error", "not a valid id",
            "Ids are lower-case words joined by single hyphens, e.g. `new-starters-guide`."),
    Message("value-not-allowed", "error", "not an allowed value",
            "Use one of the values listed after 'expected'."),
    Message("value-wrong-type", "error", "wrong type of value",
            "Put text in double quotes; write lists as `[a, b]`; numbers without quotes."),
    Message("value-constraint", "error", "{value} should {constraint}",
            "Other limits on a value, e.g. 'string should have at least 4 characters' for a too-short "
            "title: change the value as the message says."),
    # --- times ---------------------------------------------------------------------------------
    Message("time-unquoted", "error", "this time is not in quotes, so YAML reads it as a date without a timezone",
            "Put it in double quotes: \"{text}\"."),
    Message("time-not-text", "error", "this is not a time",
            "Write the date (and time) as text in double quotes."),
    Message("time-bad-form", "error", "{text} is not a time",
            "Write the date as year-month-day with hyphens, then a space and the time on the 24-hour clock as "
            "hours:minutes, all in double quotes."),
    Message("time-not-real", "error", "{text} is not a real date or time ({reason})",
            "Check the month is 01-12, the day exists in that month and the time is 00:00-23:59."),
    Message("time-bad-offset", "error", "{offset} is not a UTC offset",
            "Write the offset as +HH:MM or -HH:MM (at most 23:59), or leave it out for the plan's timezone."),
    Message("time-gap", "error", "{text} does not exist in {tz}: the clocks go forward then",
            "Choose another time, or copy one of these: {choices}."),
    Message("time-twice", "error", "{text} happens twice in {tz}: the clocks go back then",
            "Copy the one you mean: {choices}."),
    Message("timezone-unknown", "error", "unknown timezone {name}",
            "Use an IANA timezone name such as Europe/London."),
    Message("env-now", "error", "CAMPAIGN_NOW: {problem}",
            "Write YYYY-MM-DD or \"YYYY-MM-DD HH:MM\" (or THH:MM; :SS, Z or +HH:MM may follow), e.g. "
            "CAMPAIGN_NOW=2027-02-01 or CAMPAIGN_NOW=\"2027-02-01 08:00\", or leave it unset."),
    Message("env-date", "error", "DATE: {problem}",
            "Write YYYY-MM-DD or \"YYYY-MM-DD HH:MM\" (or THH:MM; :SS, Z or +HH:MM may follow), e.g. "
            "DATE=2027-02-01 or DATE=\"2027-02-01 08:00\"."),
    # --- the campaign and its entries ----------------------------------------------------------
    Message("campaign-ends-early", "error", "the campaign ends before it starts",
            "Check `campaign.starts` and `campaign.ends`."),
    Message("evaluation-early", "error", "evaluation ends before the campaign does",
            "`campaign.evaluation_until` must be after `campaign.ends`."),
    Message("email-bad", "error", "not an email address",
            "Write the mailbox as name@example.org, in double quotes."),
    Message("web-address-bad", "error", "not a web address",
            "Copy the address from the browser's address bar: it starts with https:// (or http://)."),
    Message("feedback-form-host", "error", "the feedback form is on {host}, not on the intranet's own host {site}",
            "Link to the organisation's form on the intranet (the host of `site_url` in mkdocs.yml), or remove "
            "`campaign.feedback_form`: every page links to it, and the site makes no requests to other hosts."),
    Message("site-host-unknown", "error", "the intranet's host is unknown ({file} has no site_url)",
            "Set `site_url` in mkdocs.yml, or remove `campaign.feedback_form`."),
    Message("theme-or-role-twice", "error", "the {noun} id {id} is used twice (also {key}[{n}])",
            "Give each theme and each role its own id."),
    Message("id-twice", "error", "the id {id} is already used by releases[{n}]",
            "Give the release its own id; ids never change once published (feeds and calendars use them)."),
    Message("title-twice", "error", "the same title is already used by releases[{n}]",
            "Give each release its own title."),
    Message("url-twice", "error", "this page would have the same address ({url}) as releases[{n}]",
            "Rename one of the two Markdown files."),
    Message("page-inside-page", "error",
            "this {what} ({path}) is inside the page folder of releases[{n}] ('{id}', line {line}: {url}), "
            "which goes live on its own: the live one would give the other's address away",
            "Move the file out of `{folder}`, e.g. to `{move}`, and change `{key}` in the plan to match: every "
            "release page has a folder of its own."),
    Message("until-early", "error", "'until' is not after 'release'",
            "Take the item down after it goes live, or remove `until`."),
    Message("updated-early", "error", "'updated' is before 'release'",
            "`updated` is when a live page last changed: on or after `release`."),
    Message("release-outside", "error", "the release is outside the campaign",
            "Move the date between `campaign.starts` and `campaign.evaluation_until`."),
    Message("theme-unknown", "error", "unknown theme",
            "Use one of the theme ids under `themes:` (the message suggests the nearest)."),
    Message("event-ends-early", "error", "the event ends before it starts",
            "Check the event's `starts` and `ends`."),
    Message("event-announced-late", "error", "the event is announced after it starts",
            "Set `release` (the announcement) before `starts`."),
    # --- files named by the plan ---------------------------------------------------------------
    Message("path-not-plain", "error", "not a plain path inside the project",
            "Write the path from the project folder with forward slashes, e.g. `docs/articles/launch.md`; "
            "no `..`, no leading `/`."),
    Message("path-wrong-folder", "error", "{a} {kind}'s {field} must be in {folder}",
            "Move the file into the folder named (articles in docs/articles/, blogs in docs/blog/...)."),
    Message("file-missing", "error", "the file does not exist",
            "Check the spelling of the path (capitals matter), or create the file."),
    Message("file-link", "error", "the file is a link (links are not published)",
            "Replace the link (shortcut) with the real file."),
    Message("file-folder", "error", "this is a folder, not a file",
            "Name the file inside the folder."),
    Message("page-name", "error", "a page's file name must be lower-case words joined by hyphens, ending .md",
            "Rename the file, e.g. `new-starters-guide.md`, and change `source:` to match."),
    Message("page-too-big", "error", "the page is {size} bytes, over the {limit}-byte limit",
            "Split the page, or link to a document instead of pasting it in."),
    Message("page-not-utf8", "error", "the page is not UTF-8 text (bad byte at position {pos})",
            "Save the file as UTF-8 (text pasted from Word is the usual cause)."),
    Message("file-too-big", "error", "the file is {size} bytes, over the {limit}-byte limit",
            "Compress the file (audio: 64-96 kbit/s MP3; images: SVG or a smaller PNG)."),
    Message("audio-bad", "error", "episode {id}: {problem}",
            "Export the episode again as MP3 and check it plays."),
    Message("transcript-bad", "error", "episode {id}: the transcript is not usable WebVTT ({reason})",
            "Export the transcript as WebVTT (.vtt), starting with the line `WEBVTT`."),
    Message("file-twice", "error", "this file is already used by releases[{n}]",
            "Each release needs its own file: copy it, or point to another."),
    Message("file-name-twice", "error", "another release's file has the same name ({name})",
            "Rename one of the files: the embargo recognises media by file name."),
    Message("file-not-planned", "error",
            "this file is in the gated folder {folder} but no release in campaign_plan.yaml names it, "
            "so it would never be published",
            "Add a release for the file (`make new` does both), or move it out of the gated folder."),
    Message("title-generic", "error", "the title {title} is one short word: the leak audit cannot tell it from ordinary text",
            "Give the release a title of two words or more (or a longer one), e.g. \"Launch week\"."),
    # --- the project tree (checked before every build) ----------------------------------------
    Message("tree-link", "error",
            "this is a link (to {target}); links are not allowed under docs/, podcast/, overrides/ or data/, "
            "because the build would follow it",
            "Replace the link with a real file (or folder), or delete it. A link to a gated file would publish "
            "it whatever the plan says."),
    Message("tree-copy", "error",
            "this file is a copy of {other} ({whose}); outside the gated folders it would be published "
            "whatever the plan says",
            "Delete the copy and link to the release's page instead; a copy made on purpose needs its own "
            "plan entry (`make new`)."),
    Message("tree-same-name", "error",
            "this file has the name of {other}, a file of {item}, which is not live {until}: the build takes a file "
            "of that name for that {kind}'s, so pages would not show this one and the leak audit refuses it",
            "Rename this file (a name of its own: no release's file may share it) and the links and pictures that "
            "show it. If it is that release's file, delete it and link to the release's page instead."),
    Message("tree-too-big", "error", "the file is {size} bytes, over the {limit}-byte limit the leak audit reads",
            "Publish a smaller file (split it, or compress audio and images)."),
    Message("include-gated", "error", "this includes {target}{via}; an include would publish it whatever the plan says",
            "Remove the include (the `--8<--` line named: in a file that pages include, that file's line); link to "
            "the release's page instead."),
    Message("include-missing", "error",
            "this includes {name}{via}, but there is no such file in {where}, where includes are read from: the build "
            "would leave the include out and show nothing in its place",
            "Correct the name after `--8<--` (spelling and capitals matter; the path is from the folder named) or "
            "put the file there; remove the line if the include is not wanted. `base_path` of pymdownx.snippets "
            "in mkdocs.yml says where includes are read from, from the campaign's folder."),
    Message("shared-title", "error",
            "{what} {text} contains the title of {item} ({title}), which is not live {until}",
            "Reword it. If the words are genuinely shared (e.g. a theme called the same as a blog), add them "
            "under `shared_wording:` in campaign_plan.yaml."),
    # --- the leak audit (the built site) ------------------------------------------------------
    Message("leak", "error", "{what} of {item} is here, and that {kind} is not live {until}; it would be published in {outputs}",
            "Remove or reword it here, or release the item first. Wording that is genuinely shared (a key "
            "message repeated on purpose) goes under `shared_wording:` in campaign_plan.yaml."),
    Message("leak-drawing", "error", "{what} of {item} is here, and that {kind} is not live {until}; it would be published in {outputs}",
            "Remove the drawing here (the copied picture, or the `<svg>` markup pasted into the page), or release "
            "the item first. Artwork a picture shares on purpose (a frame, the logo) may stay in its own file under "
            "docs/images/."),
    Message("leak-named", "error", "the file name {name} {how} {named} of {item}, and that {kind} is not live {until}; "
            "it would be published as {outputs}",
            "Rename the file so its name does not hold the item's id, page name or title, or move it into the "
            "item's release so it is published with it (an article, blog or resource: list it under the item's "
            "`media:` in campaign_plan.yaml)."),
    Message("leak-same-name", "error",
            "the file name {name} ({path}) is the name of {other}, a file of {item}, and that {kind} is not live "
            "{until}: a file of that name is taken for that {kind}'s; it would be published as {outputs}",
            "Rename the file (inside the archive too: a name of its own, no release's file may share it), or "
            "remove it if it is a copy of the item's file."),
    Message("leak-unreadable", "error", "the leak audit cannot read {file}: {reason}",
            "Publish the file unencrypted and undamaged, smaller or not nested so deep, in a format the audit "
            "opens (zip or .tar.gz for archives, PDF, DOCX/XLSX/PPTX/ODT, DOC/XLS/PPT, RTF, text), or remove it; "
            "what the audit cannot read it cannot clear."),
    Message("preview-output", "error", "preview never writes into site/ or a published DEST ({path})",
            "Choose an --output folder outside site/ and outside every DEST, e.g. /tmp/preview."),
    # --- pages (content) -----------------------------------------------------------------------
    Message("front-matter-yaml", "error", "the page's front matter is not valid YAML ({reason})",
            "Fix the lines between the two `---` lines at the top of the page, or remove them."),
    Message("front-matter-mapping", "error", "the page's front matter must be keys and values",
            "Between the `---` lines write `key: value` lines, e.g. `description: ...`."),
    Message("front-matter-unclosed", "error", "the page starts with '---' but the front matter is never closed",
            "Add a `---` line after the front matter, or remove the first `---`."),
    Message("first-line-eaten", "error",
            "the first line '{line}' will not show: MkDocs reads `Word: text` lines at the top of a page as "
            "page settings and removes them",
            "Start the page with a blank line or a `# Heading`, or put settings between two `---` lines."),
    Message("image-no-alt", "error", "the image {image} has no alt text",
            "Describe the image in the square brackets: `![A school bag by a door](images/bag.svg)`; "
            "for a purely decorative image write `alt=\"\"` deliberately in HTML."),
    Message("placeholder-left", "warning", "placeholder text from make new (TO WRITE) is still here",
            "Write the page and replace every line marked TO WRITE before it goes live."),
    Message("page-short", "warning", "the page has {count} words, fewer than the {limit} that campaign.min_words asks for",
            "Write more (see 'Add an article' for what a page needs), or set a lower `min_words` under `campaign:` "
            "in the plan (0 turns this check off)."),
    Message("roles-missing", "warning", "{id} names no roles, so no role page lists it",
            "Add `roles: [...]` to the entry with the roles it is for (the ids are listed after 'expected')."),
    # --- make check: the built site ------------------------------------------------------------
    Message("future-link-title-now", "error",
            "the link to {target} shows its title while that page is not live (until {until}): make build and "
            "make publish stop on it now, and the published site stays as it was",
            "Change the link text so it does not repeat the page's title, or release this page on or after "
            "the date named."),
    Message("future-link-title", "error",
            "the link to {target} shows its title while that page is not live (from {since} until {until}): "
            "from {since}, make build and make publish will stop on it, and the published site will stay as it was",
            "Change the link text so it does not repeat the page's title, or release this page on or after "
            "the date named."),
    Message("future-link", "warning",
            "the link to {target} is shown as plain text from {since} until {until}, while that page is not live",
            "Nothing needed: the link works from the date named. Release the pages together to avoid it."),
    Message("future-image", "warning",
            "the image {image} of {target} is left out of this page from {since} until {until}, while that item "
            "is not live",
            "Nothing needed if that is meant: the picture shows from the date named. Release the two together to "
            "show it sooner, or use a picture of this page's own (e.g. in docs/images/), not a file of that item."),
    Message("link-broken", "error", "the link {ref} points to no page in the built site",
            "Check the link's path (relative to this page) and that the target page exists and is live."),
    Message("mkdocs-warning", "error", "MkDocs: {warning}",
            "The strict build stops on every MkDocs warning: fix what it names (often a link to a page "
            "that does not exist)."),
    Message("page-unreadable", "error", "MkDocs cannot read this page: {reason}",
            "Check the markup written on this line: a '<' that starts no HTML tag is written &lt; (or put the text "
            "in `backticks`); '<![' opens an XML section that Markdown pages cannot hold."),
    Message("build-failed", "error", "the build failed: {reason}",
            "Read the reason; a leak-audit failure names the page and the item whose title or address leaked."),
    Message("cadence", "warning", "{count} releases in ISO week {week} ({ids}), over max_releases_per_week ({limit})",
            "Move a release to a quieter week, or raise `campaign.max_releases_per_week`."),
    Message("held", "warning", "held: {id} has no approved_by, so it is never published (release {release})",
            "When it is signed off, add `approved_by: \"Name, role\"` to the entry."),
    # --- make new ------------------------------------------------------------------------------
    Message("new-kind", "error", "KIND={kind}: unknown kind for make new",
            "Use KIND=article, KIND=blog or KIND=resource (episodes and events are added by hand)."),
    Message("new-needs", "error", "make new needs {name}",
            "e.g. make new KIND=article TITLE=\"Why it matters\" DATE=\"2027-02-01 08:00\"."),
    Message("new-title", "error", "TITLE {title} cannot be used ({reason})",
            "Use a title of 4 to 120 characters with at least one letter or digit."),
    Message("new-exists", "error", "{what} already exists ({where})",
            "Choose another TITLE: ids, titles and files must be unique."),
    Message("new-failed", "error", "could not write {file} ({reason}); nothing was changed",
            "Check the folder is writable and the disk is not full, then run make new again."),
]

CATALOGUE: dict[str, Message] = {m.code: m for m in _ALL}
assert len(CATALOGUE) == len(_ALL), "duplicate message code"


def matching(text: str) -> Message | None:
    """The catalogue entry a printed message comes from (most specific first)."""
    for m in sorted(_ALL, key=lambda m: -len(re.sub(r"\{[^}]*\}", "", m.text))):
        if m.pattern.match(text):
            return m
    return None


def guide_table() -> str:
    """The Markdown table of every message for EDITORS.md."""
    rows = ["| message (as printed after `file:line: key:`) | kind | what to do |", "|---|---|---|"]
    for m in _ALL:
        text = m.text.replace("|", "\\|")
        rows.append(f"| `{text}` | {m.level} | {m.todo.replace('|', chr(92) + '|')} |")
    return "\n".join(rows) + "\n"
