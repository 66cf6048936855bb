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
import os
import posixpath
import re
import unicodedata
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from ..source.audio import parse_vtt
from ..source.ids import guid_of, uid_of
from ..source.plan import GATED_DIRS, files_of, outputs_of, url_of
from . import drawing
from .cache import NeedleCache, item_key
from .textnorm import markdown_text, norm, sentences

# Needles of words (auditor._bounded: a dash or underscore touching them does not make them part of a
# longer word, as it does an id or a file name) and inside declared shared wording no leak.
TEXT_KINDS = frozenset({"title", "shortened title", "summary", "sentence", "transcript", "sign text", "event text", "event place", "survey text",
                        "guest"})
SUBTITLE_WORDS = 6  # the part of a title after its colon is a needle of its own from this many words
AUDIO_EXTS = (".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac", ".wav")
DRAWING_EXTS = (".svg",)  # a hidden item's files whose path data are needles ("drawing")
DRAWINGS_PER_FILE = 4  # the longest path data of a drawing that are its own (a few needles per file)
# Evergreen files under docs/ that can hold shared artwork (a frame, the logo), drawn or inline.
_ARTWORK_EXTS = (".svg", ".md", ".html", ".htm")


class Needle(NamedTuple):  # a tuple: tens of thousands are made every build
    text: str  # normalised
    kind: str  # title, id, address, summary, sentence... (what it reveals, in an editor's words)
    item: str  # the item's id
    shown: str = ""  # as the editor wrote it (for messages)


def distinctive_id(value: str) -> bool:
    """An id or slug the audit can look for on its own: two words or more, or with a digit. A one-word id
    ('launch') is ordinary English; it is looked for only as part of an address or file name."""
    return "-" in value or any(c.isdigit() for c in value)


def distinctive_name(value: str) -> bool:
    """A file's stem the audit can look for on its own ('spotting-neglect-early'): two words or more, not
    all numbers ('2026-10' is a date). 'index', 'logo', 'ep02' and '2027' are ordinary words, short codes
    or numbers: they are looked for only within the file's name ('ep02.mp3')."""
    parts = [p for p in re.split(r"[-_.\s]+", value.casefold()) if p]
    return len(parts) >= 2 and not all(p.isdigit() for p in parts) and len(value) >= 5


def stem_of(path: str) -> str:
    """A file's name without its folder and extensions ('docs/articles/x-y.md' -> 'x-y', 'a.tar.gz' -> 'a')."""
    name = posixpath.basename(path)
    return name.split(".", 1)[0] if not name.startswith(".") else name


def title_slugs(title: str) -> list[str]:
    """A title as the slugs editors and tools make of it (a heading's anchor, a file or folder name):
    its words joined by '-' and by '_', apostrophes dropped or parting words, accents kept and dropped.
    Only for titles of two words or more (a one-word title is a plan error, or long enough to be its own needle)."""
    n = norm(title)
    texts = {n.replace("'", ""), n.replace("'", " ")}
    if not n.isascii():  # accents dropped too ('cafe'), as ASCII slugifiers do
        texts |= {"".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c)) for t in texts}
    out: list[str] = []
    for t in sorted(texts):
        words = _SLUG_WORD.findall(t)
        if len(words) >= 2:
            for sep in ("-", "_"):
                s = sep.join(words)
                if s not in out:
                    out.append(s)
    return out


_SLUG_WORD = re.compile(r"[^\W_]+")

# A title as editors' tools and habits rewrite it without changing what it says (title_variants): '&' for
# 'and', digits for number words, the other side of the Atlantic's spelling (Word's US dictionary, a Canadian
# campaign), a headline's leading article dropped (five words or more). Each family is applied to the whole
# title at once, and the families together. A variant nobody writes ('promize') only costs a needle.
_NUMBERS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
            "sixteen seventeen eighteen nineteen twenty").split()
_NUMBER_OF = {w: str(i) for i, w in enumerate(_NUMBERS)} | {str(i): w for i, w in enumerate(_NUMBERS)}
_NUMBER_WORD = re.compile(r"\b(?:" + "|".join(_NUMBERS) + r"|1?[0-9]|20)\b")
_AND = re.compile(r"(?<=\s)(?:and|&)(?=\s)")
# UK and US spellings: endings that change the same way in every word ('organise', 'analyse', 'travelled'), and
# words whose ending changes only in them ('colour' but not 'four', 'centre' but not 'counter').
_ENDS = (("isation", "ization"), ("isations", "izations"), ("ise", "ize"), ("ised", "ized"), ("ises", "izes"),
         ("ising", "izing"), ("yse", "yze"), ("ysed", "yzed"), ("yses", "yzes"), ("ysing", "yzing"), ("elled", "eled"),
         ("elling", "eling"))
# (UK ending, US ending, the stems it changes in, the suffixes after it): 'colour'/'color', 'centred'/'centered',
# 'catalogue'/'catalog', 'judgement'/'judgment'.
_STEMS = (("our", "or", "behavi col neighb fav hon lab harb rum hum vig endeav sav flav od arm parl savi val rig cand "
                        "tum vap splend ferv ard clam", ("", "s", "ed", "ing", "hood", "hoods", "ite", "ites", "able", "ful")),
          ("re", "er", "cent theat met fib lit calib somb spect lust meag sab", ("", "s", "d")),
          ("ogue", "og", "dial catal anal monol", ("", "s")),
          ("gement", "gment", "jud acknowled abrid lod", ("", "s")))
_WORDS = {"defence": "defense", "offence": "offense", "offences": "offenses", "licence": "license",
          "pretence": "pretense", "grey": "gray", "ageing": "aging", "kerb": "curb", "tyre": "tire", "tyres": "tires",
          "paediatric": "pediatric", "enrolment": "enrollment", "fulfil": "fulfill", "skilful": "skillful",
          "programme": "program", "programmes": "programs"}
for _uk, _us, _stems, _suffixes in _STEMS:
    for _stem in _stems.split():
        for _suffix in _suffixes:  # 'centre' + 'd' is 'centred', 'center' + 'd' is 'centered'
            _WORDS[_stem + _uk + _suffix] = _stem + _us + ("ed" if _suffix == "d" else _suffix)
_WORDS |= {v: k for k, v in _WORDS.items()}
_END_OF = {uk: us for uk, us in _ENDS} | {us: uk for uk, us in _ENDS}
_ENDINGS = sorted(_END_OF, key=len, reverse=True)
_ARTICLES = ("a ", "an ", "the ")


def _respell(word: str) -> str:
    """The word in the other spelling (UK or US), or itself."""
    if word in _WORDS:
        return _WORDS[word]
    for end in _ENDINGS:
        if word.endswith(end) and len(word) - len(end) >= 3:
            return word[:-len(end)] + _END_OF[end]
    return word


def title_variants(title: str) -> list[str]:
    """The title (normalised) as it is also written ('Two phones & a long way from home', 'Twelve' as '12',
    'recognizing' for 'recognising', 'Council nobody called...' without its 'The'), not the title itself."""
    n = norm(title)
    families = []
    if _AND.search(n):
        families.append(lambda t: _AND.sub(lambda m: "&" if m.group() == "and" else "and", t))
    if _NUMBER_WORD.search(n):
        families.append(lambda t: _NUMBER_WORD.sub(lambda m: _NUMBER_OF[m.group()], t))
    if any(_respell(w) != w for w in _SLUG_WORD.findall(n)):
        families.append(lambda t: _SLUG_WORD.sub(lambda m: _respell(m.group()), t))
    if n.startswith(_ARTICLES) and len(_SLUG_WORD.findall(n)) >= 5:
        families.append(lambda t: t.split(" ", 1)[1])
    out: list[str] = [n]
    for apply in families:
        out += [apply(t) for t in out]
    return [t for t in dict.fromkeys(out) if t != n]


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
            texts = _field_texts(r)
            for k in {norm(t) for t in texts} | {norm(u) for t in texts for u in _links_in(t)}:
                seen[k] = seen.get(k, 0) + 1
        return frozenset(k for k, n in seen.items() if n > 1)

    @cached_property
    def public_names(self) -> frozenset:
        """Names published by design, never a hidden item's needle on their own: the ids, page names and
        file stems of live items, and the ids of themes and roles (their pages' addresses)."""
        snap = self.snap
        out = {t.id for t in snap.plan.themes} | {r.id for r in getattr(snap.plan, "roles", ())}
        for r in snap.live:
            out.add(r.id)
            url = url_of(r)
            if url:
                out.add(url.rstrip("/").rsplit("/", 1)[-1])
            out.update(stem_of(f) for f in files_of(r))
        return frozenset(norm(x) for x in out if x)

    @cached_property
    def public_titles(self) -> frozenset:
        """Titles published by design: live items', themes', the campaign's title and strapline, roles' labels.
        In binary data a hidden title inside one (a live 'Quiet Harbour Warnings Explained') is no finding
        (auditor._excused); in text the whole-word rule keeps it apart, and the plan check refuses a published
        title holding a hidden one as words (tree.shared_titles)."""
        plan = self.snap.plan
        campaign = getattr(plan, "campaign", None)
        out = [r.title for r in self.snap.live] + [t.title for t in plan.themes]
        out += [getattr(r, "label", "") for r in getattr(plan, "roles", ())]
        out += [getattr(campaign, "title", ""), getattr(campaign, "strapline", "")]
        return frozenset(n for n in (norm(x) for x in out if isinstance(x, str) and x) if n)

    def _covered_by_shared(self, text: str) -> bool:
        n = norm(text)
        return any(n in s for s in self.shared)

    @cached_property
    def all(self) -> tuple[Needle, ...]:
        out: list[Needle] = []
        cache = NeedleCache(getattr(self.snap.plan, "root", None))
        plan_key = self.snap.plan.key
        for r in self.snap.hidden:
            # Kept from an earlier build when nothing it was made from changed (see audit/cache.py).
            digests = [[f, self._answer("file", f)] for f in files_of(r)]
            key = item_key(plan_key, self.shared, r, digests)
            kept = cache.get(key, self._answer)
            if kept is None:
                asked: dict = {}

                def ask(question: str, arg: str, _asked=asked):
                    a = _asked[(question, arg)] = self._answer(question, arg)
                    return a

                kept = self._item_needles(r, ask)
                cache.put(key, kept, list(asked.items()))
            out.extend(Needle(*n) for n in kept)
        cache.remember()  # on disk only once the build succeeds: keep()
        self.cache = cache
        for text, item in self.snap.hidden_texts:  # a follow-up survey wave's label and wording
            if len(norm(text)) >= 4:
                out.append(Needle(norm(text).strip(" .!?:;,"), "survey text", item, " ".join(text.split())))
        return tuple(n for n in out if n.text)

    def keep(self) -> None:
        """Write the needles this build used to disk (after a successful build only; see audit/cache.py)."""
        cache = self.__dict__.get("cache")
        if cache is not None:
            cache.save()

    def _answer(self, question: str, arg: str):
        """What the needles of one item ask of the rest of the campaign (recorded by the cache with the answer)."""
        if question == "public":  # a name live items, themes or roles publish
            return arg in self.public_names
        if question == "common":  # sign or event wording of two items or more
            return arg in self._common_field_text
        if question == "file":  # a file's bytes (sha256), None if it cannot be read
            return self._digest(arg) if self._read(arg) is not None else None
        if question == "live":  # a live item publishes the same bytes
            data = self._read(arg)
            return data is not None and self._published_live(arg, data)
        if question == "drawing":  # which of a drawing's path data (one per line) are shared artwork
            return self._shared_drawing(arg.split("\n"))
        raise ValueError(question)

    def _item_needles(self, r, ask) -> list[tuple[str, str, str, str]]:
        """(text, kind, item, shown) of every needle of the hidden item `r`; `ask(question, arg)` is the
        only way it learns anything beyond `r`, its files' bytes, the campaign's key and the shared wording."""
        out: list[tuple[str, str, str, str]] = []

        def add(text: str | None, kind: str, item: str, shown: str | None = None) -> None:
            if text:
                n = norm(text).strip(" .!?:;,")
                if n:
                    out.append((n, kind, item, " ".join((shown or text).split())))

        def private_text(rel: str) -> str | None:
            if ask("file", rel) is None or ask("live", rel):
                return None
            try:
                return self._read(rel).decode("utf-8")
            except UnicodeDecodeError:
                return None

        add(r.title, "title", r.id)
        head, colon, tail = r.title.partition(": ")  # 'Detectives: keeping the child at the centre of every case'
        if colon and len(_SLUG_WORD.findall(norm(tail))) >= SUBTITLE_WORDS:
            add(tail, "title", r.id)  # the part after the colon is a title of its own when that long
        else:
            tail = ""
        variants = title_variants(r.title)
        written = variants + (title_variants(tail) if tail else [])
        for v in written:  # '&' for 'and', '12' for 'twelve', 'center' for 'centre', no leading 'The'
            add(v, "title", r.id, shown=r.title)
        names = {r.id}
        if distinctive_id(r.id):
            add(r.id, "id", r.id)
        add(guid_of(self.snap.plan, r), "feed id", r.id)
        url = url_of(r)
        if url:
            add(url.rstrip("/"), "address", r.id)
            slug = url.rstrip("/").rsplit("/", 1)[-1]
            if slug not in names and distinctive_id(slug) and not ask("public", norm(slug)):
                add(slug, "page name", r.id)
            names.add(slug)
        if not self._covered_by_shared(r.title):  # 'quiet-harbour-warning', 'quiet_harbour_warning'
            for s in [x for t in (r.title, *variants) for x in title_slugs(t)]:
                if s not in names and not ask("public", s):
                    add(s, "slug of the title", r.id)
                    names.add(s)
        for f in files_of(r):  # docs/articles/spotting-neglect-early.md -> 'spotting-neglect-early'
            stem = stem_of(f)
            if stem not in names and distinctive_name(stem) and not ask("public", norm(stem)):
                add(stem, "file name", r.id)
                names.add(stem)
        if r.kind == "event":
            add(uid_of(self.snap.plan, r), "calendar id", r.id)
            place = getattr(r, "place", None)
            if place and len(norm(place).split()) >= 2 and not ask("common", norm(place)):
                add(place, "event place", r.id)
            for link in {u for t in _field_texts(r) for u in _links_in(t)}:  # its booking page, on its own
                if not ask("common", norm(link)):
                    add(link.split("://", 1)[1], "booking link", r.id, shown=link)  # written with or without https://
        for f in files_of(r):
            add(posixpath.basename(f), "file name", r.id)
            add(f.removeprefix("docs/"), "file path", r.id)
        for f in outputs_of(r):
            add(posixpath.basename(f), "file name", r.id)
            add(f, "file path", r.id)
        if r.summary and len(norm(r.summary).split()) >= 4:
            add(r.summary, "summary", r.id)
        for text, kind in _texts_of(r, private_text):
            for s in sentences(text):
                out.append((s, kind, r.id, s))
        for f in files_of(r):  # its audio's frames, sampled: a clip cut from it (a trailer) is its audio too
            if f.lower().endswith(AUDIO_EXTS) and ask("file", f) is not None and not ask("live", f):
                out.extend((d, CLIP, r.id, f"{i} {f}") for d, i in audio_samples(self._read(f)).items())
        for f in files_of(r):  # a drawing's own path data, however the file is reformatted or pasted
            if f.lower().endswith(DRAWING_EXTS):
                text = private_text(f)
                own = _own_drawing(text) if text is not None else []
                if own:
                    shared = set(ask("drawing", "\n".join(own)))
                    mine = sorted((d for d in own if d not in shared), key=drawing.numbers_in, reverse=True)
                    out.extend((norm(d), "drawing", r.id, f) for d in mine[:DRAWINGS_PER_FILE])
        field_kind = {"sign": "sign text", "event": "event text", "episode": "guest"}.get(r.kind, "event text")
        for t in _field_texts(r):
            k = norm(t)
            if len(k.split()) >= 4 and not ask("common", k):
                add(t, field_kind, r.id)
                out.extend((s, field_kind, r.id, s) for s in sentences(t))
        return out

    def _shared_drawing(self, own: list[str]) -> list[str]:
        """The path data of a hidden drawing (`own`) that are shared artwork, published anyway: drawn in a
        live item's SVG, or in an evergreen file under docs/ (outside the gated folders) that is not a copy
        of the drawing (a copy holds all of `own`: the drawing saved again, or pasted into a page)."""
        whole = set(own)
        out = []
        for d in own:
            if d in self._live_drawings or any(d in art and not whole <= art for art in self._artwork):
                out.append(d)
        return out

    @cached_property
    def _live_drawings(self) -> frozenset:
        """Path data of every live item's SVG files."""
        out: set[str] = set()
        for r in self.snap.live:
            for f in files_of(r):
                if f.lower().endswith(DRAWING_EXTS):
                    out.update(_drawing_of(self._read(f)))
        return frozenset(out)

    @cached_property
    def _artwork(self) -> tuple[frozenset, ...]:
        """Path data of each evergreen file under docs/ that draws something (outside the gated folders)."""
        root = self.snap.plan.root
        owned = {f for r in self.snap.plan.releases for f in files_of(r)}  # an item's files are its own
        out = []
        for folder, dirs, names in os.walk(root / "docs"):  # does not follow linked folders (tree.py: an error)
            rel_dir = Path(folder).relative_to(root).as_posix() + "/"
            if rel_dir.startswith(GATED_DIRS):
                dirs[:] = []
                continue
            dirs.sort()
            for name in sorted(names):
                if name.lower().endswith(_ARTWORK_EXTS) and rel_dir + name not in owned:
                    found = _drawing_of(self._read(rel_dir + name))
                    if found:
                        out.append(frozenset(found))
        return tuple(out)

    @cached_property
    def pieces(self) -> frozenset:
        """Strings one of which every reference to a hidden page or file holds (see Snapshot)."""
        return frozenset(norm(p) for p in self.snap.reference_pieces)

    # --- the files of hidden items: each read once, a live item's file only if it has the same size ---

    @cached_property
    def _files(self) -> dict:
        """Project path -> (item id, size) of every file of an item that is not live."""
        root = self._root
        out = {}
        for r in self.snap.hidden:
            for f in files_of(r):
                try:
                    out.setdefault(f, (r.id, os.stat(root + f).st_size))
                except OSError:
                    pass
        return out

    @cached_property
    def _live_files(self) -> dict:
        """Size -> project paths of the files of live items."""
        root = self._root
        out: dict[int, list[str]] = {}
        for r in self.snap.live:
            for f in files_of(r):
                try:
                    out.setdefault(os.stat(root + f).st_size, []).append(f)
                except OSError:
                    pass
        return out

    def _read(self, rel: str) -> bytes | None:
        try:
            return self._cache[rel]
        except KeyError:
            pass
        try:
            with open(self._root + rel, "rb") as fh:
                data = fh.read()
        except OSError:
            data = None
        self._cache[rel] = data
        return data

    @cached_property
    def _cache(self) -> dict:
        return {}

    @cached_property
    def _root(self) -> str:
        """The project's folder with a separator: paths joined as strings (a Path per file cost 0.2 s a build
        at 10,000 releases)."""
        return os.path.join(str(self.snap.plan.root), "")

    def _published_live(self, rel: str, data: bytes) -> bool:
        """Whether a live item publishes the very same bytes as the hidden file `rel` (then they are public)."""
        size = len(data)
        if size not in self._live_files:
            return False
        digests = self._live_digests.get(size)
        if digests is None:  # once per size: many files of one size (a template's) are compared once each
            digests = self._live_digests[size] = frozenset(map(self._digest, self._live_files[size]))
        return hashlib.sha256(data).hexdigest() in digests

    def _digest(self, rel: str) -> str:
        try:
            return self._digests[rel]
        except KeyError:
            d = self._digests[rel] = hashlib.sha256(self._read(rel) or b"").hexdigest()
            return d

    @cached_property
    def _digests(self) -> dict:
        return {}

    @cached_property
    def _live_digests(self) -> dict:
        return {}  # size -> sha256 of every live item's file of that size

    @cached_property
    def hashes(self) -> dict:
        """sha256 of every file of a hidden item -> (item, project path); bytes a live item publishes too
        are public anyway and left out."""
        out: dict = {}
        for f, (item, _) in self._files.items():
            data = self._read(f)
            if data is not None and not self._published_live(f, data):
                out.setdefault(hashlib.sha256(data).hexdigest(), (item, f))
        return out

    @cached_property
    def sizes(self) -> frozenset:
        return frozenset(size for _, size in self._files.values())

    @cached_property
    def audio(self) -> dict:
        """Hash of the audio frames (tags stripped) of every hidden item's audio file -> (item, path);
        audio a live item publishes (with whatever tags) is left out."""
        out: dict = {}
        for f, (item, _) in self._files.items():
            if f.lower().endswith(AUDIO_EXTS):
                data = self._read(f)
                d = audio_digest(data) if data is not None else None
                if d is not None:
                    out.setdefault(d, (item, f))
        if out:
            lengths = {self.audio_lengths_of(self._read(f)) for _, f in out.values()}
            for files in self._live_files.values():
                for f in files:
                    if f.lower().endswith(AUDIO_EXTS):
                        data = self._read_live_audio(f, lengths)
                        if data is not None:
                            out.pop(audio_digest(data), None)
        return out

    @cached_property
    def audio_lengths(self) -> frozenset:
        """Lengths of the hidden items' audio frames: audio of another length is not theirs."""
        return frozenset(self.audio_lengths_of(self._read(f)) for _, f in self.audio.values())

    @staticmethod
    def audio_lengths_of(data: bytes | None) -> int | None:
        span = audio_span(data) if data is not None else None
        return span[1] - span[0] if span else None

    def _read_live_audio(self, rel: str, lengths: set) -> bytes | None:
        """A live audio file's bytes if its frames are as long as a hidden one's (most are not: no read of
        the whole file then, only of its edges)."""
        root = self.snap.plan.root
        try:
            with open(root / rel, "rb") as fh:
                head = fh.read(_EDGE)
                fh.seek(0, 2)
                size = fh.tell()
                if size <= 2 * _EDGE:
                    fh.seek(0)
                    data = fh.read()
                    return data if self.audio_lengths_of(data) in lengths else None
                fh.seek(size - _EDGE)
                tail = fh.read()
        except OSError:
            return None
        span = audio_span(head, size=size, tail=tail)
        if span is not None and span[1] - span[0] not in lengths:
            return None
        return self._read(rel)  # as long as a hidden one, or tags beyond the edges read


_EDGE = 64 * 1024  # an ID3v2 tag with cover art can be longer: then the file is read whole


def _drawing_of(data: bytes | None) -> list[str]:
    """Normalised path data of a file's drawing (SVG, or SVG inline in a page); [] for any other file."""
    if not data or (b"<path" not in data.lower() and b"<poly" not in data.lower()):
        return []
    return [norm(d) for _, d in drawing.drawings(data.decode("utf-8", errors="replace"))]


def _own_drawing(text: str) -> list[str]:
    """A hidden SVG's distinctive path data, normalised, each once, in the file's order."""
    return list(dict.fromkeys(norm(d) for _, d in drawing.drawings(text) if drawing.distinctive(d)))


_LINK = re.compile(r"https?://[^\s<>\"'()]+")


def _links_in(text: str | None) -> list[str]:
    """The web addresses in a text that lead somewhere of their own (a path after the host), without the
    punctuation a sentence puts after them: an event's booking page on the learning portal."""
    out = []
    for m in _LINK.finditer(text or ""):
        link = m.group().rstrip(".,;:!?")
        if link.split("://", 1)[1].split("/", 1)[1:2] not in ([], [""]):
            out.append(link)
    return out


def _field_texts(r) -> list[str]:
    if r.kind == "sign":
        return [r.alt, r.meaning, r.what_to_do]
    if r.kind == "event":
        return [r.audience, r.booking] + ([r.joining] if getattr(r, "joining", None) else [])
    if r.kind == "episode":  # a guest line: rank, full name and unit ('Detective Inspector Marcus Bell, gangs and
        # exploitation team'), and the name alone (the part before its comma): a person is as distinctive as a
        # title. Both need 4 words or more, and are no needle when another episode names the same guest.
        out = []
        for g in getattr(r, "guests", ()) or ():
            out.append(g)
            name = g.split(",", 1)[0]
            if name != g:
                out.append(name)
        return out
    return []


def _texts_of(r, read) -> list[tuple[str, str]]:
    """(reader-visible text, needle kind) of an item's own words, for its distinctive sentences; `read`
    gives a file's text (None: unreadable, or public anyway)."""
    out = []
    source = getattr(r, "source", None)
    if source:
        text = read(source)
        if text is not None:
            out.append((markdown_text(text), "sentence"))
    if r.summary:
        out.append((r.summary, "summary"))
    if r.kind == "episode":
        out.append((markdown_text(r.notes), "sentence"))
        text = read(r.transcript)
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


def audio_span(data: bytes, size: int | None = None, tail: bytes | None = None) -> tuple[int, int] | None:
    """(start, end) of an MP3's frames without its tags (ID3v2 at the start, ID3v1/APEv2 at the end), or
    None for data that is not tagged-or-framed audio. With `size` and `tail`, `data` is only the file's
    head and `tail` its last bytes (enough for the tags at the end, or None comes back)."""
    size = len(data) if size is None else size
    tail = data if tail is None else tail
    offset = size - len(tail)  # where `tail` starts in the file
    start = 0
    while data[start:start + 3] == b"ID3" and len(data) >= start + 10:
        head = data[start:start + 10]
        if any(b >= 0x80 for b in head[6:10]):
            break
        length = 10 + sum(b << (7 * (3 - i)) for i, b in enumerate(head[6:10]))
        length += 10 if head[3] == 4 and head[5] & 0x10 else 0
        start += length
    if start + 2 > len(data):
        return None  # the frames start beyond the head that was read
    end = size
    changed = True
    while changed and end > start:
        changed = False
        if end - 128 < offset or end - 32 < offset:
            return None
        if end - start >= 128 and tail[end - 128 - offset:end - 125 - offset] == b"TAG":
            end -= 128
            changed = True
        if end - start >= 32 and tail[end - 32 - offset:end - 24 - offset] == b"APETAGEX":
            length = int.from_bytes(tail[end - 20 - offset:end - 16 - offset], "little")
            flags = int.from_bytes(tail[end - 12 - offset:end - 8 - offset], "little")
            end -= length + (32 if flags & 0x80000000 else 0)
            changed = True
    if end - start < 1024 or not (data[start] == 0xFF and data[start + 1] & 0xE0 == 0xE0):
        return None
    return start, end


CLIP = "audio clip"  # a needle that is a sample of an audio file's frames (audio_samples), not text
CLIP_MATCHES = 3  # samples of one hidden file another file must hold to hold a clip of it (a few seconds)
_SAMPLE_AT = 40  # the byte of a frame that chooses it (below 16: one frame in 16)


def audio_samples(data: bytes, syncs: tuple[bytes, ...] | None = None) -> dict[str, int]:
    """A sample of an MP3's frames chosen by their content, each as 'sync:digest' (hex) -> where it is (the
    piece's number), each once: the file cut at its frame sync word (the first two bytes of every frame
    header; a sync inside a frame's data cuts it too, in any file the same way), and the pieces whose byte
    _SAMPLE_AT is below 16 digested. A clip cut from the file at its frames (a trailer, a 'next time on'
    teaser, with other tags or none) holds the same pieces, one in 16 of its frames; the same opening music
    encoded alike at the start of two files holds them at the same numbers. `syncs`: cut at these (the hidden
    files'), else at the file's own."""
    span = audio_span(data)
    if span is None:
        return {}
    frames = data[span[0]:span[1]]
    out: dict[str, int] = {}
    twice: set[str] = set()
    for sync in syncs or (frames[:2],):
        for n, piece in enumerate(frames.split(sync)):
            if len(piece) > _SAMPLE_AT and piece[_SAMPLE_AT] < 16:
                key = f"{sync.hex()}:{hashlib.blake2b(piece, digest_size=8).hexdigest()}"
                if key in out:
                    twice.add(key)
                out[key] = n
    return {k: n for k, n in out.items() if k not in twice}  # a piece the file holds twice (silence) is no sample


def audio_digest(data: bytes) -> str | None:
    """sha256 of an MP3's frames without its tags, so a copy with its tags stripped or changed is still
    recognised; None for data that is not tagged-or-framed audio."""
    span = audio_span(data)
    return hashlib.sha256(data[span[0]:span[1]]).hexdigest() if span else None
