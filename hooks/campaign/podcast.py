"""Podcast episodes: audio facts read from the files (editors never type a duration or a size),
WebVTT transcripts, and the episode and index pages."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path

from .links import rel_url
from .release import Snapshot

MIME = {".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".ogg": "audio/ogg", ".opus": "audio/ogg"}
FEED_URL = "podcast/feed.xml"
INDEX_URL = "podcast/"


@dataclass(frozen=True)
class AudioInfo:
    seconds: float
    size: int
    mime: str

    @property
    def hms(self) -> str:
        s = round(self.seconds)
        return f"{s // 3600:d}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60:d}:{s % 60:02d}"

    @property
    def spoken(self) -> str:
        s = round(self.seconds)
        m, s = divmod(s, 60)
        return (f"{m} minute{'s' if m != 1 else ''} " if m else "") + f"{s} second{'s' if s != 1 else ''}"


class AudioError(ValueError):
    pass


def _as_named(path: str, suffix: str):
    """The file read as the format its name says (MP3 or M4A), or None. mutagen.File first imports every
    format mutagen knows (about as long as reading 60 episodes) to pick one; a file that is not what its
    name says still goes to mutagen.File, as before."""
    try:
        if suffix == ".mp3":
            from mutagen.mp3 import MP3
            audio = MP3(path)
        elif suffix == ".m4a":
            from mutagen.mp4 import MP4
            audio = MP4(path)
        else:
            return None
    except Exception:  # mutagen raises many types for broken files
        return None
    return audio if getattr(audio.info, "length", 0) else None


@lru_cache(maxsize=None)
def _audio_info(path: str, mtime_ns: int, size: int) -> AudioInfo:
    suffix = Path(path).suffix.lower()
    mime = MIME.get(suffix)
    if mime is None:
        raise AudioError(f"not a podcast audio format (use {', '.join(sorted(MIME))})")
    audio = _as_named(path, suffix)
    if audio is None:
        import mutagen

        try:
            audio = mutagen.File(path)
        except Exception as exc:  # mutagen raises many types for broken files
            raise AudioError(f"the file is not readable audio ({exc.__class__.__name__})") from None
    if audio is None or not getattr(audio.info, "length", 0):
        raise AudioError("the file is not readable audio")
    return AudioInfo(float(audio.info.length), size, mime)


def audio_info(path: Path) -> AudioInfo:
    st = path.stat()
    return _audio_info(str(path), st.st_mtime_ns, st.st_size)


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    speaker: str | None
    text: str


_TS = r"(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})"
_CUE = re.compile(rf"^{_TS}\s+-->\s+{_TS}")
_VOICE = re.compile(r"^<v(?:\.[^ >]*)?\s+([^>]+)>")


def _secs(h, m, s, ms) -> float:
    return int(h or 0) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def parse_vtt(text: str) -> list[Cue]:
    return list(_parse_vtt(text))


@lru_cache(maxsize=64)
def _parse_vtt(text: str) -> tuple[Cue, ...]:
    # The plan check and the episode page both parse each transcript: once is enough.
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or not lines[0].startswith("WEBVTT"):
        raise ValueError("a WebVTT transcript must start with the line WEBVTT")
    cues, i = [], 1
    while i < len(lines):
        m = _CUE.match(lines[i].strip())
        if not m:
            i += 1
            continue
        start, end = _secs(*m.groups()[:4]), _secs(*m.groups()[4:])
        i += 1
        body = []
        while i < len(lines) and lines[i].strip():
            body.append(lines[i].strip())
            i += 1
        raw = " ".join(body)
        v = _VOICE.match(raw)
        speaker = v.group(1).strip() if v else None
        plain = re.sub(r"<[^>]+>", "", raw).strip()
        cues.append(Cue(start, end, speaker, plain))
    if not cues:
        raise ValueError("the transcript has no cues")
    return tuple(cues)


def transcript_html(cues: list[Cue]) -> str:
    """Readable HTML: consecutive cues by one speaker become one paragraph."""
    paras: list[tuple[str | None, list[str]]] = []
    for c in cues:
        if paras and paras[-1][0] == c.speaker:
            paras[-1][1].append(c.text)
        else:
            paras.append((c.speaker, [c.text]))
    out = []
    for speaker, texts in paras:
        who = f"<strong>{escape(speaker)}:</strong> " if speaker else ""
        out.append(f"<p>{who}{escape(' '.join(texts))}</p>")
    return '<div class="campaign-transcript">\n' + "\n".join(out) + "\n</div>"


def media_url(path: str) -> str:
    """Where a podcast file is published: podcast/ep01.mp3 keeps its name under podcast/."""
    return path


def episode_page(snap: Snapshot, ep) -> str:
    from .pages import byline

    root = snap.plan.root
    info = audio_info(root / ep.audio)
    cues = parse_vtt((root / ep.transcript).read_text(encoding="utf-8"))
    base = f"podcast/{ep.id}/"
    audio, vtt = rel_url(media_url(ep.audio), base), rel_url(media_url(ep.transcript), base)
    guests = ""
    if ep.guests:
        guests = "<p><strong>Guests:</strong> " + "; ".join(escape(g) for g in ep.guests) + "</p>"
    return "\n\n".join([
        byline(snap, ep, base),
        f'<p class="campaign-episode-meta">Season {ep.season}, episode {ep.number} · '
        f'Length: <span>{info.spoken}</span> ({info.hms})</p>',
        f'<figure class="campaign-player">\n'
        f'<audio controls preload="metadata" aria-label="Play episode {ep.number}: {escape(ep.title)}">\n'
        f'<source src="{audio}" type="{info.mime}">\n'
        f'<track kind="captions" src="{vtt}" srclang="en" label="English" default>\n'
        f'</audio>\n<figcaption><a href="{audio}" download>Download the episode (MP3, {info.size / 1_000_000:.1f} MB)</a>'
        f' · <a href="{vtt}" download>Download the transcript (WebVTT)</a></figcaption>\n</figure>',
        guests,
        f"<p>{escape(ep.summary)}</p>" if ep.summary else "",
        "## Show notes",
        ep.notes,
        "## Transcript",
        transcript_html(cues),
    ]) + "\n"


def index_page(snap: Snapshot) -> str:
    eps = sorted((r for r in snap.live if r.kind == "episode"), key=lambda r: (r.release, r.id), reverse=True)
    base = INDEX_URL
    parts = ["# The Spot It to Stop It podcast",
             "<p>Short conversations with colleagues about spotting the signs that a child is at risk, "
             "and what to do next. Every episode has a full transcript.</p>",
             f'<p><a href="{rel_url("podcast/subscribe/", base)}">How to subscribe on a force device</a> · '
             f'<a href="{rel_url(FEED_URL, base)}">Podcast feed (RSS)</a></p>']
    if not eps:
        parts.append("<p>The first episode has not been released yet.</p>")
    else:
        items = []
        for ep in eps:
            info = audio_info(snap.plan.root / ep.audio)
            summary = f"<p>{escape(ep.summary)}</p>" if ep.summary else ""
            items.append(f'<li class="campaign-item"><a class="campaign-item__title" href="{rel_url(f"podcast/{ep.id}/", base)}">'
                         f"Episode {ep.number}: {escape(ep.title)}</a>"
                         f'<p class="campaign-item__meta">{info.spoken}</p>{summary}</li>')
        parts.append('<ul class="campaign-list">\n' + "\n".join(items) + "\n</ul>")
    return "\n\n".join(parts) + "\n"
