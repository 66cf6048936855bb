"""The podcast index and one page per live episode (player, show notes, transcript)."""
from __future__ import annotations

from html import escape

from ..release.snapshot import Snapshot
from ..source.audio import Cue, parse_vtt
from ..source.links import rel_url
from ..source.plan import page_url, published_path
from .common import byline, paragraphs

FEED_URL = "podcast/feed.xml"
INDEX_URL = "podcast/"
SUBSCRIBE_SOURCE = "docs/podcast/subscribe.md"  # the campaign's subscription guide, when it has one
EVERGREEN_DIR = "docs/podcast"  # editors' pages about the podcast (not gated: the audio is in podcast/)


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
    return published_path(path)


def episode_page(snap: Snapshot, ep) -> str:
    root = snap.plan.root
    info = snap.audio_info(ep.audio)
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
    texts = snap.plan.texts
    links = [f'<a href="{rel_url(FEED_URL, base)}">Podcast feed (RSS)</a>']
    if (snap.plan.root / SUBSCRIBE_SOURCE).is_file():  # the campaign's own guide; no link to a page not built
        links.insert(0, f'<a href="{rel_url(page_url(SUBSCRIBE_SOURCE), base)}">{escape(texts.subscribe_link_text)}</a>')
    parts = [f"# {escape(texts.podcast_title)}", paragraphs(texts.podcast_intro), "<p>" + " · ".join(links) + "</p>"]
    if not eps:
        parts.append("<p>The first episode has not been released yet.</p>")
    else:
        items = []
        for ep in eps:
            info = snap.audio_info(ep.audio)
            summary = f"<p>{escape(ep.summary)}</p>" if ep.summary else ""
            items.append(f'<li class="campaign-item"><a class="campaign-item__title" href="{rel_url(f"podcast/{ep.id}/", base)}">'
                         f"Episode {ep.number}: {escape(ep.title)}</a>"
                         f'<p class="campaign-item__meta">{info.spoken}</p>{summary}</li>')
        parts.append('<ul class="campaign-list">\n' + "\n".join(items) + "\n</ul>")
    return "\n\n".join(p for p in parts if p) + "\n"
