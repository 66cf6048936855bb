"""Podcast episodes' files: audio facts read from the audio (editors never type a duration or a size)
and WebVTT transcripts. render/podcast.py makes the pages from them."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MIME = {".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".ogg": "audio/ogg", ".opus": "audio/ogg"}


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


def _audio_info(path: str, size: int) -> AudioInfo:
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
    """The file's facts, read from it each time (mutagen reads its head: about 0.2 ms). They were kept by
    the file's mtime and size, so audio replaced by a file of the same size and mtime kept its old facts."""
    return _audio_info(str(path), path.stat().st_size)


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
