#!/usr/bin/env python3
"""Make a campaign's demo podcast audio and transcripts.

For every episode script in scripts/episodes/epNN.yaml of the campaign's folder (--project; default:
this repository's own campaign) this script:

1. synthesises each spoken line with espeak-ng (one voice for the host, a
   different voice for each guest);
2. joins the lines with short pauses (in Python, so every segment's length is
   known exactly, to the sample);
3. encodes a small mono MP3 (32 kbit/s, 22050 Hz) to podcast/epNN.mp3 with
   ffmpeg (or lame), with one ID3 tag only: the episode title;
4. writes a WebVTT transcript podcast/epNN.vtt whose cue times come from the
   real lengths of the synthesised lines.

Running it twice gives byte-identical files.

Usage:
    python3 scripts/make_podcast_audio.py            # all episodes
    python3 scripts/make_podcast_audio.py ep01 ep03  # just these
    python3 scripts/make_podcast_audio.py --project examples/pause-before-you-click

Needs: espeak-ng, and ffmpeg or lame.  On Debian/Ubuntu:
    apt-get install -y espeak-ng ffmpeg      (or: espeak-ng lame)
"""

from __future__ import annotations

import argparse
import array
import os
import re
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parent.parent
EPISODES_DIR = ROOT / "scripts" / "episodes"
OUT_DIR = ROOT / "podcast"

INSTALL_HINT = "apt-get install -y espeak-ng ffmpeg"

SPEED_WPM = 160
SAMPLE_RATE = 22050          # espeak-ng's own rate; also the MP3 rate
BITRATE_KBPS = 32
LEAD_IN_S = 0.30             # silence before the first line
PAUSE_S = 0.45               # silence between lines
TAIL_S = 0.50                # silence after the last line
MAX_SENTENCES_PER_CUE = 2

# (espeak-ng voice, pitch 0-99).  The host always has HOST_VOICE.  Guests get
# a voice by the name they speak under if listed here, otherwise the next
# unused voice from GUEST_VOICES, in order of first appearance.
HOST_VOICE = ("en-gb", 45)
GUEST_VOICES = [
    ("en-gb+f3", 60),
    ("en-gb+m3", 35),
    ("en-gb+f4", 55),
    ("en-gb+m7", 40),
]
VOICE_BY_SPEAKER = {
    # Demo guests: female or male voice to suit the fictional guest.
    "Daniel": ("en-gb+m3", 35),
    "Marcus": ("en-gb+m7", 38),
    "Tom": ("en-gb+m3", 35),
    "Priya": ("en-gb+f3", 60),
    "Helen": ("en-gb+f4", 55),
    "Grace": ("en-gb+f3", 62),
    "Leila": ("en-gb+f3", 60),
}

REQUIRED_FIELDS = ("title", "summary", "guests", "theme", "notes", "lines")
THEMES: tuple[str, ...] = ()  # the theme ids of the campaign's plan, read in main()


class ScriptError(Exception):
    """A problem with an episode file, worded for a comms editor."""


def fail(message: str) -> NoReturn:
    print(f"make_podcast_audio: {message}", file=sys.stderr)
    sys.exit(1)


# --------------------------------------------------------------------------
# Tools
# --------------------------------------------------------------------------

def find_tools() -> tuple[str, str, str]:
    """Return (espeak path, encoder name, encoder path) or exit with a hint."""
    espeak = shutil.which("espeak-ng")
    if not espeak:
        fail(
            "espeak-ng is not installed, so the episodes cannot be spoken.\n"
            f"  Install it (as root) with:  {INSTALL_HINT}\n"
            "  (lame can be used instead of ffmpeg: apt-get install -y espeak-ng lame)"
        )
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg:
        return espeak, "ffmpeg", ffmpeg
    lame = shutil.which("lame")
    if lame:
        return espeak, "lame", lame
    fail(
        "neither ffmpeg nor lame is installed, so the MP3 files cannot be made.\n"
        f"  Install them (as root) with:  {INSTALL_HINT}\n"
        "  (or, for lame instead of ffmpeg: apt-get install -y espeak-ng lame)"
    )
    raise AssertionError  # unreachable


def run(cmd: list[str], *, stdin: bytes | None = None) -> None:
    result = subprocess.run(
        cmd, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )
    if result.returncode != 0:
        err = result.stderr.decode("utf-8", "replace").strip()
        raise RuntimeError(f"command failed ({result.returncode}): {' '.join(cmd)}\n{err}")


# --------------------------------------------------------------------------
# Reading the episode scripts
# --------------------------------------------------------------------------

def load_yaml(path: Path):
    try:
        import yaml  # PyYAML
    except ImportError:
        fail("PyYAML is not installed. Install it with:  pip install PyYAML")
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ScriptError(
            f"{path}{where}: this is not valid YAML ({getattr(exc, 'problem', exc)}). "
            "Check the indentation and that text with a colon in it is in double quotes."
        ) from None


def guest_names(guests: list[str]) -> set[str]:
    """Every word of each guest's name (the part before the first comma)."""
    names: set[str] = set()
    for guest in guests:
        names.update(str(guest).split(",")[0].split())
    return names


def read_episode(path: Path) -> dict:
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise ScriptError(f"{path}: expected fields such as 'title:' and 'lines:' at the top level.")
    missing = [f for f in REQUIRED_FIELDS if f not in data]
    if missing:
        raise ScriptError(f"{path}: missing field(s): {', '.join(missing)}. Add them and run again.")
    title = data["title"]
    if not isinstance(title, str) or not title.strip():
        raise ScriptError(f"{path}: 'title' must be some text.")
    if data["theme"] not in THEMES:
        raise ScriptError(f"{path}: 'theme' is {data['theme']!r}; use one of: {', '.join(THEMES)}.")
    guests = data["guests"]
    if not isinstance(guests, list) or not guests:
        raise ScriptError(f"{path}: 'guests' must be a list of names, one per line starting with '- '.")
    lines = data["lines"]
    if not isinstance(lines, list) or not lines:
        raise ScriptError(f"{path}: 'lines' must be a list of {{speaker, text}} entries.")
    allowed = guest_names(guests)
    clean = []
    for i, line in enumerate(lines, start=1):
        if not isinstance(line, dict) or "speaker" not in line or "text" not in line:
            raise ScriptError(f"{path}: line {i} of 'lines' needs both 'speaker:' and 'text:'.")
        speaker = str(line["speaker"]).strip()
        text = " ".join(str(line["text"]).split())
        if not text:
            raise ScriptError(f"{path}: line {i} of 'lines' ({speaker}) has no text.")
        if speaker != "Host" and speaker not in allowed:
            raise ScriptError(
                f"{path}: line {i} of 'lines' is spoken by {speaker!r}, who is not the Host or "
                "one of the guests. Use 'Host' or a guest's first name as written under 'guests'."
            )
        if "-->" in text:
            raise ScriptError(f"{path}: line {i} of 'lines' contains '-->', which transcripts cannot show.")
        clean.append({"speaker": speaker, "text": text})
    return {"title": title.strip(), "lines": clean}


# --------------------------------------------------------------------------
# Audio
# --------------------------------------------------------------------------

def assign_voices(lines: list[dict]) -> dict[str, tuple[str, int]]:
    voices = {"Host": HOST_VOICE}
    spare = list(GUEST_VOICES)
    for line in lines:
        who = line["speaker"]
        if who in voices:
            continue
        voice = VOICE_BY_SPEAKER.get(who)
        if voice is None:
            used = set(voices.values())
            voice = next((v for v in spare if v not in used), spare[len(voices) % len(spare)])
        voices[who] = voice
    return voices


def synthesise(espeak: str, text: str, voice: tuple[str, int], wav_path: Path) -> array.array:
    """Speak text into wav_path; return its 16-bit mono samples."""
    name, pitch = voice
    run([espeak, "-v", name, "-p", str(pitch), "-s", str(SPEED_WPM), "-b", "1",
         "-w", str(wav_path), "--stdin"], stdin=text.encode("utf-8"))
    with wave.open(str(wav_path), "rb") as w:
        if (w.getnchannels(), w.getsampwidth(), w.getframerate()) != (1, 2, SAMPLE_RATE):
            raise RuntimeError(
                f"espeak-ng produced {w.getnchannels()} channel(s), {8 * w.getsampwidth()}-bit, "
                f"{w.getframerate()} Hz audio; this script expects mono 16-bit {SAMPLE_RATE} Hz."
            )
        samples = array.array("h")
        samples.frombytes(w.readframes(w.getnframes()))
    if sys.byteorder == "big":
        samples.byteswap()
    return samples


def silence(seconds: float) -> array.array:
    return array.array("h", bytes(2 * round(seconds * SAMPLE_RATE)))


def write_wav(path: Path, samples: array.array) -> None:
    data = array.array("h", samples)
    if sys.byteorder == "big":
        data.byteswap()
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(data.tobytes())


def encode_mp3(encoder: str, tool: str, wav: Path, mp3: Path, title: str) -> None:
    if encoder == "ffmpeg":
        run([tool, "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
             "-i", str(wav),
             "-map", "0:a", "-map_metadata", "-1", "-map_chapters", "-1",
             "-ac", "1", "-ar", str(SAMPLE_RATE),
             "-c:a", "libmp3lame", "-b:a", f"{BITRATE_KBPS}k",
             "-flags:a", "+bitexact", "-fflags", "+bitexact",
             "-id3v2_version", "3", "-write_id3v1", "0",
             "-metadata", f"title={title}",
             "-f", "mp3", str(mp3)])
    else:  # lame
        # lame's own tagging always adds encoder (TSSE) and length (TLEN) frames,
        # so encode without tags and add a tag holding only the title.
        untagged = mp3.with_name(mp3.name + ".notag")
        run([tool, "--quiet", "-m", "m", "-b", str(BITRATE_KBPS), "--cbr",
             "--resample", "22.05", str(wav), str(untagged)])
        mp3.write_bytes(id3_title_tag(title) + untagged.read_bytes())
        untagged.unlink()


def id3_title_tag(title: str) -> bytes:
    """An ID3v2.3 tag with a single TIT2 (title) frame and nothing else."""
    try:
        body = b"\x00" + title.encode("latin-1")
    except UnicodeEncodeError:
        body = b"\x01" + b"\xff\xfe" + title.encode("utf-16-le")
    frame = b"TIT2" + len(body).to_bytes(4, "big") + b"\x00\x00" + body
    size = len(frame)
    syncsafe = bytes([(size >> 21) & 0x7F, (size >> 14) & 0x7F, (size >> 7) & 0x7F, size & 0x7F])
    return b"ID3\x03\x00\x00" + syncsafe + frame


# --------------------------------------------------------------------------
# Transcript
# --------------------------------------------------------------------------

def split_cues(text: str) -> list[str]:
    """Split a line into chunks of at most MAX_SENTENCES_PER_CUE sentences."""
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    return [" ".join(sentences[i:i + MAX_SENTENCES_PER_CUE])
            for i in range(0, len(sentences), MAX_SENTENCES_PER_CUE)] or [text]


def timestamp(ms: int) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def build_vtt(segments: list[tuple[str, str, int, int]]) -> str:
    """segments: (speaker, text, start_sample, end_sample) for each spoken line."""
    out = ["WEBVTT", ""]
    for speaker, text, start, end in segments:
        chunks = split_cues(text)
        total_chars = sum(len(c) for c in chunks)
        length = end - start
        done_chars = 0
        for chunk in chunks:
            c_start = start + length * done_chars // total_chars
            done_chars += len(chunk)
            c_end = start + length * done_chars // total_chars
            out.append(f"{timestamp(c_start * 1000 // SAMPLE_RATE)} --> "
                       f"{timestamp(c_end * 1000 // SAMPLE_RATE)}")
            out.append(f"<v {speaker}>{vtt_escape(chunk)}")
            out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def make_episode(path: Path, espeak: str, encoder: str, tool: str, out_dir: Path) -> tuple[Path, Path, float]:
    episode = read_episode(path)
    voices = assign_voices(episode["lines"])
    stem = path.stem  # epNN
    with tempfile.TemporaryDirectory(prefix="podcast-") as tmpdir:
        tmp = Path(tmpdir)
        audio = silence(LEAD_IN_S)
        segments = []
        for i, line in enumerate(episode["lines"]):
            if i:
                audio.extend(silence(PAUSE_S))
            samples = synthesise(espeak, line["text"], voices[line["speaker"]], tmp / f"line{i:03d}.wav")
            start = len(audio)
            audio.extend(samples)
            segments.append((line["speaker"], line["text"], start, len(audio)))
        audio.extend(silence(TAIL_S))
        wav = tmp / "episode.wav"
        write_wav(wav, audio)
        mp3_tmp = tmp / "episode.mp3"
        encode_mp3(encoder, tool, wav, mp3_tmp, episode["title"])
        mp3_bytes = mp3_tmp.read_bytes()
    mp3 = out_dir / f"{stem}.mp3"
    vtt = out_dir / f"{stem}.vtt"
    write_atomic(mp3, mp3_bytes)
    write_atomic(vtt, build_vtt(segments).encode("utf-8"))
    return mp3, vtt, len(audio) / SAMPLE_RATE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("episodes", nargs="*", help="episode ids such as ep01 (default: all)")
    parser.add_argument("--project", type=Path, default=ROOT, help="the campaign's folder (its plan names the themes)")
    parser.add_argument("--episodes-dir", type=Path, help="default: PROJECT/scripts/episodes")
    parser.add_argument("--out-dir", type=Path, help="default: PROJECT/podcast")
    args = parser.parse_args(argv)
    args.episodes_dir = args.episodes_dir or args.project / EPISODES_DIR.relative_to(ROOT)
    args.out_dir = args.out_dir or args.project / OUT_DIR.relative_to(ROOT)
    global THEMES
    plan = load_yaml(args.project / "campaign_plan.yaml") or {}
    THEMES = tuple(t.get("id") for t in plan.get("themes") or () if isinstance(t, dict))

    if args.episodes:
        paths = []
        for ep in args.episodes:
            p = args.episodes_dir / f"{Path(ep).stem}.yaml"
            if not p.is_file():
                fail(f"no episode script {p}. Episode scripts are named like ep01.yaml.")
            paths.append(p)
    else:
        paths = sorted(args.episodes_dir.glob("ep[0-9][0-9].yaml"))
        if not paths:
            fail(f"no episode scripts (ep01.yaml, ep02.yaml, ...) found in {args.episodes_dir}.")

    # Check every script before spending time on audio.
    problems = []
    for p in paths:
        try:
            read_episode(p)
        except ScriptError as exc:
            problems.append(str(exc))
    if problems:
        fail("fix these episode scripts, then run again:\n  " + "\n  ".join(problems))

    espeak, encoder, tool = find_tools()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for p in paths:
        try:
            mp3, vtt, seconds = make_episode(p, espeak, encoder, tool, args.out_dir)
        except RuntimeError as exc:
            fail(f"{p}: could not make the audio:\n{exc}")
        print(f"{p.name}: {mp3.name} ({mp3.stat().st_size:,} bytes, {seconds:.1f} s), {vtt.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
