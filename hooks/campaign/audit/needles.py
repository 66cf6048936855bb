"""What the leak audit looks for: every trace of each item that is not live, normalised (textnorm.norm).

Per item: its title, id and page slug, every form of its address, its summary, its distinctive sentences
(page body, episode notes and transcript, a sign's alt text and wording, a survey wave's wording), an
event's title and place, its files' names and paths, and the content hash of each of its files (and of an
MP3's audio without its tags). Text that is public anyway is not a needle: wording the plan declares as
shared (`shared_wording:`), a sign's or event's wording that other items use too, and bytes a live item
publishes itself.
"""
from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..source.audio import parse_vtt
from ..source.ids import guid_of, uid_of
from ..source.plan import files_of, outputs_of, url_of
from .textnorm import markdown_text, norm, sentences

# How a needle must be bounded to count: "word" = no letter, digit, '-' or '_' on either side.
WORD = "word"
START = "start"  # only its start (an address: 'articles/x' also in 'articles/x/' and 'articles/x.md')

TEXT_KINDS = frozenset({"title", "summary", "sentence", "transcript", "sign text", "event text", "event place", "survey text"})
AUDIO_EXTS = (".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac", ".wav")


@dataclass(frozen=True)
class Needle:
    text: str  # normalised
    kind: str  # title, id, address, summary, sentence... (what it reveals, in an editor's words)
    item: str  # the item's id
    shown: str = ""  # as the editor wrote it (for messages)


def distinctive_id(value: str) -> bool:
    """An id or slug the audit can look for on its own: two words or more, or with a digit. A one-word id
    ('launch') is ordinary English; it is looked for only as part of an address or file name."""
    return "-" in value or any(c.isdigit() for c in value)


class Needles:
    """Every needle of the items that are not live in one snapshot, with the hashes of their files."""

    def __init__(self, snap):
        self.snap = snap

    @cached_property
    def shared(self) -> tuple[str, ...]:
        """Declared shared wording (campaign_plan.yaml `shared_wording:`), normalised."""
        return tuple(dict.fromkeys(norm(t) for t in getattr(self.snap.plan, "shared_wording", ()) if norm(t)))

    @cached_property
    def _common_field_text(self) -> frozenset:
        """Sign and event wording used by two items or more: generic ('Book on the learning portal')."""
        seen: dict[str, int] = {}
        for r in self.snap.plan.releases:
            for t in _field_texts(r):
                k = norm(t)
                seen[k] = seen.get(k, 0) + 1
        return frozenset(k for k, n in seen.items() if n > 1)

    @cached_property
    def all(self) -> tuple[Needle, ...]:
        out: list[Needle] = []
        root = self.snap.plan.root
        common = self._common_field_text

        def add(text: str | None, kind: str, item: str) -> None:
            if text:
                n = norm(text).strip(" .!?:;,")
                if n:
                    out.append(Needle(n, kind, item, " ".join(text.split())))

        public = self._live_digests
        for r in self.snap.hidden:
            add(r.title, "title", r.id)
            if distinctive_id(r.id):
                add(r.id, "id", r.id)
            add(guid_of(r), "feed id", r.id)
            url = url_of(r)
            if url:
                add(url.rstrip("/"), "address", r.id)
                slug = url.rstrip("/").rsplit("/", 1)[-1]
                if slug != r.id and distinctive_id(slug):
                    add(slug, "page name", r.id)
            if r.kind == "event":
                add(uid_of(r), "calendar id", r.id)
                place = getattr(r, "place", None)
                if place and norm(place) not in common and len(norm(place).split()) >= 2:
                    add(place, "event place", r.id)
            for f in files_of(r):
                add(posixpath.basename(f), "file name", r.id)
                add(f.removeprefix("docs/"), "file path", r.id)
            for f in outputs_of(r):
                add(posixpath.basename(f), "file name", r.id)
                add(f, "file path", r.id)
            if r.summary and len(norm(r.summary).split()) >= 4:
                add(r.summary, "summary", r.id)
            for text, kind in _texts_of(r, root, public):
                for s in sentences(text):
                    out.append(Needle(s, kind, r.id, s))
            for t in _field_texts(r):
                k = norm(t)
                if k not in common and len(k.split()) >= 4:
                    add(t, "sign text" if r.kind == "sign" else "event text", r.id)
                    out.extend(Needle(s, "sign text", r.id, s) for s in sentences(t))
        for text, item in self.snap.hidden_texts:  # a follow-up survey wave's label and wording
            if len(norm(text)) >= 4:
                add(text, "survey text", item)
        return tuple(out)

    @cached_property
    def pieces(self) -> frozenset:
        """Strings one of which every reference to a hidden page or file holds (see Snapshot)."""
        return frozenset(norm(p) for p in self.snap.reference_pieces)

    @cached_property
    def hashes(self) -> dict:
        """sha256 of every file of a hidden item -> (item, project path); bytes a live item publishes too
        are public anyway and left out."""
        return self._digests(lambda data: hashlib.sha256(data).hexdigest(), lambda f: True)

    @cached_property
    def sizes(self) -> frozenset:
        root = self.snap.plan.root
        out = set()
        for r in self.snap.hidden:
            for f in files_of(r):
                try:
                    out.add((root / f).stat().st_size)
                except OSError:
                    pass
        return frozenset(out)

    @cached_property
    def audio(self) -> dict:
        """Hash of the audio frames (tags stripped) of every hidden item's audio file -> (item, path)."""
        return self._digests(audio_digest, lambda f: f.lower().endswith(AUDIO_EXTS))

    @cached_property
    def _live_digests(self) -> frozenset:
        root = self.snap.plan.root
        out = set()
        for r in self.snap.live:
            for f in files_of(r):
                try:
                    out.add(hashlib.sha256((root / f).read_bytes()).hexdigest())
                except OSError:
                    pass
        return frozenset(out)

    def _digests(self, digest, wanted) -> dict:
        root = self.snap.plan.root
        live: set = set()
        out: dict = {}
        for r in self.snap.plan.releases:
            is_live = self.snap.is_live(r.id)
            for f in files_of(r):
                if not wanted(f):
                    continue
                try:
                    d = digest((root / f).read_bytes())
                except OSError:
                    continue
                if d is None:
                    continue
                if is_live:
                    live.add(d)
                else:
                    out.setdefault(d, (r.id, f))
        return {d: v for d, v in out.items() if d not in live}


def _field_texts(r) -> list[str]:
    if r.kind == "sign":
        return [r.alt, r.meaning, r.what_to_do]
    if r.kind == "event":
        return [r.audience, r.booking] + ([r.joining] if getattr(r, "joining", None) else [])
    return []


def _read_private(root: Path, rel: str, public: frozenset) -> str | None:
    """A file's text, unless a live item publishes the very same bytes (then its words are public)."""
    try:
        data = (root / rel).read_bytes()
        if hashlib.sha256(data).hexdigest() in public:
            return None
        return data.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _texts_of(r, root: Path, public: frozenset = frozenset()) -> list[tuple[str, str]]:
    """(reader-visible text, needle kind) of an item's own words, for its distinctive sentences."""
    out = []
    source = getattr(r, "source", None)
    if source:
        text = _read_private(root, source, public)
        if text is not None:
            out.append((markdown_text(text), "sentence"))
    if r.summary:
        out.append((r.summary, "summary"))
    if r.kind == "episode":
        out.append((markdown_text(r.notes), "sentence"))
        text = _read_private(root, r.transcript, public)
        if text is not None:

            try:
                out.append(("\n\n".join(_join_cues(parse_vtt(text))), "transcript"))
            except ValueError:
                pass
    return out


def _join_cues(cues) -> list[str]:
    """Cue texts joined into sentences (a sentence often runs over two cues)."""
    text = " ".join(c.text for c in cues)
    return re.split(r"(?<=[.!?])\s+", text)


def audio_digest(data: bytes) -> str | None:
    """sha256 of an MP3's frames without its tags (ID3v2 at the start, ID3v1/APEv2 at the end), so a copy
    with its tags stripped or changed is still recognised; None for data that is not tagged-or-framed audio."""
    start = 0
    while data[start:start + 3] == b"ID3" and len(data) >= start + 10:
        head = data[start:start + 10]
        if any(b >= 0x80 for b in head[6:10]):
            break
        size = 10 + sum(b << (7 * (3 - i)) for i, b in enumerate(head[6:10]))
        size += 10 if head[3] == 4 and head[5] & 0x10 else 0
        start += size
    end = len(data)
    changed = True
    while changed and end > start:
        changed = False
        if end - start >= 128 and data[end - 128:end - 125] == b"TAG":
            end -= 128
            changed = True
        if end - start >= 32 and data[end - 32:end - 24] == b"APETAGEX":
            size = int.from_bytes(data[end - 20:end - 16], "little")
            flags = int.from_bytes(data[end - 12:end - 8], "little")
            end -= size + (32 if flags & 0x80000000 else 0)
            changed = True
    frames = data[start:end]
    if len(frames) < 1024 or not (frames[0] == 0xFF and frames[1] & 0xE0 == 0xE0):
        return None
    return hashlib.sha256(frames).hexdigest()
