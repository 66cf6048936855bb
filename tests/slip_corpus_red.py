"""The red team's editor slips (issue 23's follow-up): what the first corpus did not try and the audit missed,
each a class the audit now handles. Registered into slip_corpus.CASES, run by tests/test_editor_slips.py through
`make build` like every case. Each must stop the build naming the editor's file (`must_fail`: the independent
scanner does not know these forms, so a build that passes fails the case whatever it scans); controls, honest
builds of the same shapes, must pass.

Classes: a title as editors' tools write it ('&' for 'and', digits, US spelling, no leading article); obsolete
inline tags inside a word; a file named after an item behind a date or a draft's mark; what containers' headers
keep (zip comments, gzip's original name); files carried as base64 in text; a PDF's alt text and earlier saves;
winmail.dat; iWork files; folded contact cards; an event's booking page; clips of an episode's audio."""
from __future__ import annotations

import base64
import io
import zipfile

import container_files as cf
import slip_files as F
from slip_corpus import DL, MK, case

_INVITE = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x1\r\nSUMMARY:Briefing\r\n{}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"


def _fold(line: str) -> str:
    return "\r\n ".join([line[:75]] + [line[i:i + 74] for i in range(75, len(line), 74)])


def _and(t: str) -> str:
    return t.replace(" and ", " & ")


# ---------------------------------------------------------------------------------------- written another way

@case("red-amp-for-and", "3", "about.md names a coming item with '&' for 'and'", "docs/about.md", ["and_title"], must_fail=True,
      quick=True)
def _(e, c):
    e.append("docs/about.md", f"Coming soon: *{_and(c.and_title.title)}*.")


@case("red-amp-nav-label", "1", "a nav label with '&' for 'and' for a new page", MK, ["and_title"], must_fail=True)
def _(e, c):
    e.write("docs/coming.md", "# Coming up\n\nNew stories every month.\n")
    e.nav_add(f"Next: {_and(c.and_title.title)}", "coming.md")


@case("red-digits-for-number-words", "3", "help.md names a coming item with digits for its number words", "docs/help.md",
      ["number_title"], must_fail=True)
def _(e, c):
    import re

    words = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
             "nine": "9", "ten": "10", "eleven": "11", "twelve": "12"}
    e.append("docs/help.md", "Soon: " + re.sub(r"\b(" + "|".join(words) + r")\b", lambda m: words[m.group().lower()],
                                               c.number_title.title, flags=re.I) + ".")


@case("red-us-spelling", "3", "about.md names a coming item as Word's US dictionary spells it", "docs/about.md",
      ["uk_title"], must_fail=True)
def _(e, c):
    us = {"recognis": "recogniz", "organis": "organiz", "centre": "center", "behaviour": "behavior", "neighbour": "neighbor",
          "colour": "color", "programme": "program", "defence": "defense", "offence": "offense", "travelled": "traveled",
          "judgement": "judgment"}
    t = c.uk_title.title
    for uk, us_ in us.items():
        t = t.replace(uk, us_)
    e.append("docs/about.md", f"Coming soon: {t}.")


@case("red-headline-drops-article", "3", "a heading names a coming item without its leading 'The'/'A'", "docs/about.md",
      ["article_title"], must_fail=True)
def _(e, c):
    e.append("docs/about.md", "## Coming soon\n\n" + c.article_title.title.split(" ", 1)[1] + ".")


@case("red-font-drop-cap", "3", "an old editor's HTML poster: <font> drop cap on the title's first letter",
      DL + "poster.html", ["blog"], must_fail=True)
def _(e, c):
    t = c.blog.title
    e.write(DL + "poster.html", f'<html><body><p><font size="6">{t[0]}</font>{t[1:]}</p></body></html>\n')


# ---------------------------------------------------------------------------------------- names of files

@case("red-date-stamped-download", "4", "a download named '<date>-<id>-poster.pdf'", lambda c: (f"{DL}2026-12-09-{c.blog.id}-poster.pdf",),
      ["blog"], must_fail=True)
def _(e, c):
    e.write(f"{DL}2026-12-09-{c.blog.id}-poster.pdf", F.pdf(["Poster for the stand."]))


@case("red-draft-prefix-download", "4", "a download named 'DRAFT_<id>.docx'", lambda c: (f"{DL}DRAFT_{c.article.id}.docx",),
      ["article"], must_fail=True)
def _(e, c):
    e.write(f"{DL}DRAFT_{c.article.id}.docx", F.docx([["Stand rota."]]))


@case("red-plus-for-space-download", "4", "a download named with '+' for spaces after its title (saved from a web form)",
      lambda c: (DL + c.blog.title.replace(" ", "+") + ".pdf",), ["blog"], must_fail=True)
def _(e, c):
    e.write(DL + c.blog.title.replace(" ", "+") + ".pdf", F.pdf(["Poster."]))


# ---------------------------------------------------------------------------------------- containers

@case("red-zip-archive-comment", "5", "a zip whose archive comment (7-Zip, WinRAR) names the coming blog", DL + "pack.zip",
      ["blog"], must_fail=True)
def _(e, c):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.comment = f"Pack for {c.blog.title} (embargoed)".encode()
        z.writestr("rota.txt", "Stand rota: Tuesday to Thursday.\n")
    e.write(DL + "pack.zip", buf.getvalue())


@case("red-gzip-original-name", "5", "a notes.txt.gz made by gzip -N from a file named after the coming blog",
      DL + "notes.txt.gz", ["blog"], must_fail=True)
def _(e, c):
    body = cf.compress("gzip", b"Stand rota.\n")
    name = f"{c.blog.title}.txt".encode("latin-1", "replace") + b"\0"
    e.write(DL + "notes.txt.gz", body[:3] + b"\x08" + body[4:10] + name + body[10:])


@case("red-ics-attachment", "5", "an Outlook .ics with the briefing pack attached as base64 (ATTACH;ENCODING=BASE64)",
      DL + "briefing.ics", ["article"], must_fail=True)
def _(e, c):
    pack = F.docx([["Briefing pack"], [f"Next week: {c.article.title}"]])
    e.write(DL + "briefing.ics", _INVITE.format(_fold("ATTACH;ENCODING=BASE64;VALUE=BINARY;X-FILENAME=pack.docx:"
                                                      + base64.b64encode(pack).decode())))


@case("red-teams-export-content-bytes", "5", "a Teams export (.json) with an attachment as contentBytes",
      DL + "channel.json", ["article"], must_fail=True)
def _(e, c):
    import json

    pack = F.docx([[f"Next: {c.article.title}"]])
    e.write(DL + "channel.json", json.dumps({"attachments": [{"name": "pack.docx",
                                                              "contentBytes": base64.b64encode(pack).decode()}]}))


@case("red-pdf-saved-again", "5", "a poster retitled in Acrobat (incremental save: the old page is still inside)",
      DL + "poster-v2.pdf", ["blog"], must_fail=True)
def _(e, c):
    e.write(DL + "poster-v2.pdf", cf.pdf_saved_again(f"Coming soon: {c.blog.title}", "Coming soon: a new story."))


@case("red-pdf-figure-alt-text", "5", "an accessible PDF poster whose figure's alt text names the coming blog",
      DL + "poster-accessible.pdf", ["blog"], must_fail=True)
def _(e, c):
    e.write(DL + "poster-accessible.pdf", cf.pdf_tagged(f"Poster: {c.blog.title}"))


@case("red-winmail-dat", "5", "a sign-off .eml whose winmail.dat (TNEF) body, compressed RTF, names the coming blog",
      DL + "sign-off.eml", ["blog"], must_fail=True)
def _(e, c):
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["Subject"], msg["From"] = "Sign-off", "comms@example.org"
    msg.set_content("See attached.")
    rtf = ("{\\rtf1\\ansi Approved for publication: " + c.blog.title + "\\par}").encode()
    msg.add_attachment(cf.tnef(rtf), maintype="application", subtype="ms-tnef", filename="winmail.dat")
    e.write(DL + "sign-off.eml", msg.as_bytes())


@case("red-apple-pages", "5", "an Apple Pages file (Snappy-compressed .iwa) naming the coming blog", DL + "notes.pages",
      ["blog"], must_fail=True)
def _(e, c):
    e.write(DL + "notes.pages", cf.iwork(f"Next on the blog: {c.blog.title}."))


@case("red-vcard-folded", "5", "the organiser's contact card (.vcf): its NOTE folded at 75 octets inside the title",
      DL + "organiser.vcf", ["blog"], must_fail=True)
def _(e, c):
    note = f"NOTE:{'Author of the coming blog post ' + c.blog.title}"
    e.write(DL + "organiser.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Blog author\r\n" + _fold(note) + "\r\nEND:VCARD\r\n")


# ---------------------------------------------------------------------------------------- needles

@case("red-event-booking-link", "4", "help.md: 'Book now:' and the coming event's booking page alone", "docs/help.md",
      ["link_event"], must_fail=True)
def _(e, c):
    import re

    link = re.search(r"https?://\S+", str(c.link_event.get("booking"))).group().rstrip(".,;")
    e.append("docs/help.md", f"Book now: <{link}>")


def _clip(data: bytes, start: float, end: float) -> bytes:
    frames = cf.mp3_frames(data)
    a, b = frames[int(len(frames) * start)], frames[int(len(frames) * end) - 1]
    return data[a[0]:b[0] + b[1]]


@case("red-mp3-trailer", "2", "a trailer cut from the coming episode's first frames (no re-encoding)", DL + "trailer.mp3",
      ["episode"], must_fail=True)
def _(e, c):
    e.write(DL + "trailer.mp3", _clip(e.p(c.episode.get("audio")).read_bytes(), 0, 0.3))


@case("red-live-episode-teaser", "2", "a 'next time' teaser of the coming episode spliced after a live episode's audio",
      lambda c: (c.live_episode.get("audio"),), ["episode", "live_episode"], must_fail=True)
def _(e, c):
    live = c.live_episode.get("audio")
    e.write(live, e.p(live).read_bytes() + _clip(e.p(c.episode.get("audio")).read_bytes(), 0.5, 0.6))


# ---------------------------------------------------------------------------------------- controls

@case("red-neutral-shapes", "C", "honest files of the same shapes: a commented zip, a PDF saved again, an accessible PDF, an "
      ".ics with an attachment, a dated download, an '&' near a title's words, a live episode's clip", (),
      ["live_episode"], control=True, quick=True)
def _(e, c):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.comment = b"Created with 7-Zip; stand materials"
        z.writestr("rota.txt", "Stand rota.\n")
    e.write(DL + "stand.zip", buf.getvalue())
    e.write(DL + "rota-v2.pdf", cf.pdf_saved_again("Stand rota: Tuesday", "Stand rota: Wednesday"))
    e.write(DL + "stand-poster.pdf", cf.pdf_tagged("A poster of the campaign stand"))
    agenda = F.docx([["Agenda for the briefing."]])
    e.write(DL + "agenda.ics", _INVITE.format(_fold("ATTACH;ENCODING=BASE64;VALUE=BINARY;X-FILENAME=agenda.docx:"
                                                    + base64.b64encode(agenda).decode())))
    e.write(DL + "2026-12-09-stand-rota.pdf", F.pdf(["Stand rota."]))
    e.append("docs/help.md", "Two phones & a charger are allowed in the custody suite lockers.")
    e.write(DL + "trailer-live.mp3", _clip(e.p(c.live_episode.get("audio")).read_bytes(), 0, 0.3))
