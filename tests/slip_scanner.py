"""An independent leak scanner for the editor-slip corpus (tests/test_editor_slips.py).

It shares no code with the product's audit (`campaign.audit` is never imported): it reads the plan with
PyYAML, the pages with the `markdown` package, and the output with the standard library (pypdf only as a
second reader of PDF text). What it looks for, per item that is not live at the instant:

- text needles: title, id, slug of the title, page URL (any form: the trailing slash is optional, so also
  `index.html`, full and %-encoded URLs), source and media file names and stems, summary, description,
  every 8+ word sentence of the page body and episode notes, transcript cues, guests, a sign's alt text,
  meaning and what-to-do, an event's place, booking and joining text, a survey wave's label and wording;
- bytes: the sha256 of every file the item owns (and of an MP3's audio frames without tags), and a few
  64-byte windows of its binary media, in every output file and every file inside a container.

The haystack is every output file path and every file, opened wherever it is a container (gzip, zip and the
formats built on it, nested; tar; xz; bz2; zstd; PDF text, strings and metadata; PNG text chunks; RTF;
UTF-8/16/32 text; binary files as Latin-1, cp1252, UTF-8 and UTF-16 text), in every decoded form (entities
twice, %-escapes, JS/JSON/CSS backslash escapes, tags removed or turned into spaces, JSON strings,
iCalendar unfolded), each normalised (NFKC, soft hyphens and zero-width characters dropped, curly quotes,
primes and dashes folded, whitespace collapsed, casefold). Titles and sentences are also matched as bare
word sequences (punctuation and apostrophes ignored), which also catches a slug typed from the title.

A container the scanner cannot open (7z, RAR, an encrypted or corrupt file) is itself a finding: what
nobody can read, nobody can clear.

Needles found in the clean build at the same instant are dropped (and listed by `baseline_hits`): the
build's own shared wording (an event place shared with a live event, a declared key message). Text that
the plan declares under `shared_wording:` is accepted where it appears whole, as the design says."""
from __future__ import annotations

import base64
import binascii
import bz2
import gzip
import hashlib
import html
import io
import json
import lzma
import re
import shutil
import subprocess
import tarfile
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick_rs
import yaml

# ------------------------------------------------------------------------------------------------ normalisation

_DROP = "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e" \
        "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
_TABLE = {ord(c): None for c in _DROP}
_TABLE.update({ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032\u2035\u00b4\u02bc\u02b9\u02bb\u0060\uff07"})
_TABLE.update({ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\u301d\u301e"})
_TABLE.update({ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63\uff0d"})
_WS = re.compile(r"\s+")
_ASCII_FOLD = str.maketrans("`", "'")
_NONWORD = re.compile(r"[\W_]+")


def norm(text: str) -> str:
    if text.isascii():
        return _WS.sub(" ", text.translate(_ASCII_FOLD)).lower()
    text = unicodedata.normalize("NFKC", text.translate(_TABLE)).translate(_TABLE)
    return _WS.sub(" ", text).casefold()


def words(normed: str) -> str:
    """Bare words of normalised text, one space apart, padded: 'children's day: a talk' -> ' childrens day a talk '."""
    return " " + _NONWORD.sub(" ", normed.replace("'", "")).strip() + " "


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def slugify(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", norm(text).replace("'", "")))


# ------------------------------------------------------------------------------------------------ decoded forms

_TAG = re.compile(r"<[^<>]*>")
_JS_ESC = re.compile(r"\\(u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[nrtbf/\\'\"])")
_CSS_ESC = re.compile(r"\\([0-9a-fA-F]{1,6}) ?")


def _js_unescape(text: str) -> str:
    def sub(m: re.Match) -> str:
        g = m.group(1)
        if g[0] in "uUx":
            digits = g[1:].strip("{}")
            try:
                cp = int(digits, 16)
                return chr(cp) if cp < 0x110000 and not 0xD800 <= cp < 0xE000 else m.group(0)
            except ValueError:
                return m.group(0)
        return {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}.get(g, g)
    text = _JS_ESC.sub(sub, text)
    # surrogate pairs written as two \uXXXX escapes
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace") if re.search("[\ud800-\udfff]", text) else text


def _css_unescape(text: str) -> str:
    def sub(m: re.Match) -> str:
        cp = int(m.group(1), 16)
        return chr(cp) if 0 < cp < 0x110000 and not 0xD800 <= cp < 0xE000 else "\ufffd"
    return _CSS_ESC.sub(sub, text)


def _json_strings(text: str) -> str | None:
    s = text.lstrip()
    if not s or s[0] not in "[{\"":
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    out: list[str] = []

    def walk(v):
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, dict):
            for k, x in v.items():
                out.append(str(k))
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
    walk(value)
    return "\n".join(out)


def _ics_unfold(text: str) -> str:
    t = re.sub(r"\r?\n[ \t]", "", text)
    return t.replace("\\n", "\n").replace("\\N", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")


def _rtf_text(text: str) -> str:
    t = text.replace("\\par", "\n\\par")
    t = re.sub(r"\\'([0-9a-fA-F]{2})", lambda m: bytes([int(m.group(1), 16)]).decode("cp1252", "replace"), t)
    t = re.sub(r"\\u(-?\d+) ?\??", lambda m: chr(int(m.group(1)) % 65536), t)
    t = t.replace("\\\\", "\x00").replace("\\{", "\x01").replace("\\}", "\x02")
    t = re.sub(r"\\[a-zA-Z]+-?\d* ?", "", t)
    t = t.replace("{", "").replace("}", "")
    return t.replace("\x00", "\\").replace("\x01", "{").replace("\x02", "}")


_PCT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _unquote(text: str, plus: bool = False) -> str:
    if plus:
        text = text.replace("+", " ")
    return _PCT.sub(lambda m: bytes.fromhex(m.group().replace("%", "")).decode("utf-8", "replace"), text)


def text_forms(text: str) -> list[str]:
    """Every decoded reading of a text, raw first (not yet normalised)."""
    forms = [text]
    if "&" in text:
        u = html.unescape(text)
        forms.append(u)
        if "&" in u:
            forms.append(html.unescape(u))
    j = _json_strings(text)
    if j is not None:
        forms.append(j)
        if "&" in j:
            forms.append(html.unescape(j))
    if "BEGIN:VCALENDAR" in text or "BEGIN:VEVENT" in text:
        forms.append(_ics_unfold(text))
    if text.lstrip().startswith("{\\rtf"):
        forms.append(_rtf_text(text))
    for f in list(forms):
        if "\\" in f:
            forms.append(_js_unescape(f))
            if _CSS_ESC.search(f):
                forms.append(_css_unescape(f))
    for f in list(forms):
        if "<" in f and ">" in f:
            for stripped in (_TAG.sub("", f), _TAG.sub(" ", f)):
                forms.append(stripped)
                if "&" in stripped:
                    forms.append(html.unescape(stripped))
    for f in list(forms):
        if "%" in f and _PCT.search(f):
            forms.append(_unquote(f))
            if "+" in f:
                forms.append(_unquote(f, plus=True))
    seen, out = set(), []
    for f in forms:
        if f not in seen:
            seen.add(f)
            out.append(f)
    return out


# ------------------------------------------------------------------------------------------------ containers

@dataclass
class Blob:
    label: str  # output path, with !member for what is inside a container
    data: bytes
    texts: list[str] = field(default_factory=list)  # extra text readings (PDF strings, PNG chunks)


def _looks_utf16(data: bytes) -> str | None:
    if len(data) < 8:
        return None
    sample = data[:4096]
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def decode_blob(data: bytes) -> tuple[list[str], bool]:
    """How a reader could see these bytes as text, and whether they are text at all."""
    for bom, enc in ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xef\xbb\xbf", "utf-8-sig"),
                     (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return [data[len(bom):].decode(enc.replace("-sig", ""), "replace")], True
    enc = _looks_utf16(data)
    if enc:
        return [data.decode(enc, "replace")], True
    try:
        return [data.decode("utf-8")], True
    except UnicodeDecodeError:
        pass
    out = [data.decode("latin-1"), data.decode("cp1252", "replace"), data.decode("utf-8", "replace")]
    for start in (0, 1):
        chunk = data[start:]
        chunk = chunk[: len(chunk) // 2 * 2]
        out.append(chunk.decode("utf-16-le", "replace"))
        out.append(chunk.decode("utf-16-be", "replace"))
    return out, False


_PDF_STREAM = re.compile(rb"stream\r?\n")


def _pdf_strings(chunk: bytes) -> list[str]:
    """Literal (...) and hex <...> strings of a PDF chunk, in order, decoded."""
    out: list[str] = []
    i, n = 0, len(chunk)
    while i < n:
        c = chunk[i]
        if c == 0x28:  # (
            depth, j, buf = 1, i + 1, bytearray()
            while j < n and depth:
                b = chunk[j]
                if b == 0x5C and j + 1 < n:
                    e = chunk[j + 1]
                    if 0x30 <= e <= 0x37:
                        k = j + 1
                        digits = b""
                        while k < n and len(digits) < 3 and 0x30 <= chunk[k] <= 0x37:
                            digits += bytes([chunk[k]])
                            k += 1
                        buf.append(int(digits, 8) & 0xFF)
                        j = k
                        continue
                    buf += {0x6E: b"\n", 0x72: b"\r", 0x74: b"\t", 0x62: b"\b", 0x66: b"\f", 0x0A: b"", 0x0D: b""}.get(e, bytes([e]))
                    j += 2
                    continue
                if b == 0x28:
                    depth += 1
                elif b == 0x29:
                    depth -= 1
                    if not depth:
                        break
                buf.append(b)
                j += 1
            out.append(_pdf_text(bytes(buf)))
            i = j + 1
        elif c == 0x3C and i + 1 < n and chunk[i + 1] != 0x3C:  # <hex>
            j = chunk.find(b">", i)
            if j == -1:
                break
            hexs = re.sub(rb"\s", b"", chunk[i + 1:j])
            if re.fullmatch(rb"[0-9A-Fa-f]*", hexs):
                if len(hexs) % 2:
                    hexs += b"0"
                out.append(_pdf_text(bytes.fromhex(hexs.decode())))
            i = j + 1
        elif c == 0x3C:
            i += 2
        else:
            i += 1
    return out


def _pdf_text(raw: bytes) -> str:
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", "replace")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", "replace")
    return raw.decode("cp1252", "replace")


def _pdf_readings(data: bytes) -> tuple[list[str], str | None]:
    """Text readings of a PDF and, if it cannot be read, why."""
    chunks = [data]
    for m in _PDF_STREAM.finditer(data):
        start = m.end()
        end = data.find(b"endstream", start)
        if end == -1:
            continue
        raw = data[start:end]
        head = data[max(0, m.start() - 400):m.start()]
        if b"FlateDecode" in head.rsplit(b"obj", 1)[-1]:
            try:
                raw = zlib.decompressobj().decompress(raw)
            except zlib.error:
                continue
        chunks.append(raw)
    texts: list[str] = []
    for ch in chunks:
        strings = _pdf_strings(ch)
        if strings:
            texts.append("".join(strings))
            texts.append(" ".join(strings))
        texts.append(ch.decode("latin-1"))
    problem = None
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            problem = "encrypted PDF"
        else:
            for page in reader.pages:
                texts.append(page.extract_text() or "")
            meta = reader.metadata or {}
            texts.append(" ".join(str(v) for v in meta.values()))
            if reader.is_encrypted:  # readable with the empty password: the decrypted strings too
                for obj_text in _pypdf_all_strings(reader):
                    texts.append(obj_text)
    except Exception as e:  # noqa: BLE001 - any reader failure means the file is not cleared
        if b"/Encrypt" in data:
            problem = f"PDF unreadable ({type(e).__name__})"
    if b"/Encrypt" in data and problem is None:
        try:
            from pypdf import PdfReader

            if PdfReader(io.BytesIO(data)).decrypt("") == 0:
                problem = "encrypted PDF"
        except Exception:  # noqa: BLE001
            problem = "encrypted PDF"
    return texts, problem


def _pypdf_all_strings(reader) -> list[str]:
    out = []
    try:
        for page in reader.pages:
            contents = page.get_contents()
            if contents is not None:
                out.append(" ".join(_pdf_strings(contents.get_data())))
    except Exception:  # noqa: BLE001
        pass
    return out


def _png_texts(data: bytes) -> list[str]:
    out, i = [], 8
    while i + 8 <= len(data):
        length = int.from_bytes(data[i:i + 4], "big")
        kind = data[i + 4:i + 8]
        body = data[i + 8:i + 8 + length]
        i += 12 + length
        try:
            if kind == b"tEXt":
                out.append(body.replace(b"\0", b" ").decode("latin-1"))
            elif kind == b"zTXt":
                key, _, rest = body.partition(b"\0")
                out.append(key.decode("latin-1") + " " + zlib.decompress(rest[1:]).decode("latin-1"))
            elif kind == b"iTXt":
                key, _, rest = body.partition(b"\0")
                flag, rest = rest[0], rest[2:]
                lang, _, rest = rest.partition(b"\0")
                tkey, _, text = rest.partition(b"\0")
                text = zlib.decompress(text) if flag else text
                out.append(" ".join((key.decode("latin-1"), tkey.decode("utf-8", "replace"), text.decode("utf-8", "replace"))))
        except (zlib.error, IndexError):
            out.append("")
    return out


_DATA_URI = re.compile(rb"data:[\w/+.-]*(?:;[\w=.-]+)*;base64,([A-Za-z0-9+/=\s]{16,})")
_MAIL_HEADS = (b"From:", b"Received:", b"Return-Path:", b"MIME-Version:", b"Subject:", b"Date:", b"To:", b"Message-ID:")


def _is_mail(lower: str, head: bytes) -> bool:
    return lower.endswith((".eml", ".mht", ".mhtml", ".msg.txt")) or (head.startswith(_MAIL_HEADS) and b"\n" in head)


def _mail_parts(data: bytes, texts: list[str]) -> list[tuple[str, bytes]]:
    """Headers (encoded words decoded) into `texts`; each MIME part's decoded payload returned."""
    import email
    from email.header import decode_header, make_header

    msg = email.message_from_bytes(data)
    for k, v in msg.items():
        try:
            texts.append(f"{k}: {make_header(decode_header(v))}")
        except Exception:  # noqa: BLE001
            texts.append(f"{k}: {v}")
    out = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True)
        if payload is not None:
            out.append((part.get_filename() or "", payload))
    return out


MAX_DEPTH = 6
MAX_MEMBER = 256 * 1024 * 1024


def explode(label: str, data: bytes, unreadable: list[tuple[str, str]], depth: int = 0):
    """This blob and every blob inside it, recursively; what cannot be opened goes to `unreadable`."""
    blob = Blob(label, data)
    head = data[:512]
    lower = label.lower()
    # readings that belong to this blob itself are made before it is handed out
    if head[:5] == b"%PDF-" or b"%PDF-" in data[:1024]:
        texts, problem = _pdf_readings(data)
        blob.texts.extend(texts)
        if problem:
            unreadable.append((label, problem))
    elif head[:8] == b"\x89PNG\r\n\x1a\n":
        blob.texts.extend(_png_texts(data))
    mail = _is_mail(lower, head)
    parts: list[tuple[str, bytes]] = []
    if mail:
        try:
            parts = _mail_parts(data, blob.texts)
        except Exception as e:  # noqa: BLE001
            unreadable.append((label, f"e-mail: {type(e).__name__}: {e}"))
    yield blob
    for i, (name, part) in enumerate(parts):
        yield from explode(f"{label}!part{i}{name}", part, unreadable, depth + 1)
    if b";base64," in data:
        for i, m in enumerate(_DATA_URI.finditer(data)):
            try:
                inner = base64.b64decode(re.sub(rb"\s", b"", m.group(1)), validate=False)
            except (ValueError, binascii.Error):
                continue
            yield from explode(f"{label}!data-uri{i}", inner, unreadable, depth + 1)
    if depth >= MAX_DEPTH:
        unreadable.append((label, "nested too deep for the scanner"))
        return
    try:
        if head[:2] == b"\x1f\x8b":
            try:
                inner = gzip.decompress(data)
            except (OSError, EOFError, zlib.error) as e:
                unreadable.append((label, f"gzip: {e}"))
                return
            yield from explode(label + "!gunzip", inner, unreadable, depth + 1)
        elif head[:4] in (b"PK\x03\x04", b"PK\x05\x06") or lower.endswith((".zip", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".epub", ".jar")):
            try:
                z = zipfile.ZipFile(io.BytesIO(data))
                infos = z.infolist()
            except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
                unreadable.append((label, f"zip: {e}"))
                return
            for info in infos:
                name = f"{label}!{info.filename}"
                if info.flag_bits & 1:
                    unreadable.append((name, "encrypted zip member"))
                    yield Blob(name, info.filename.encode())
                    continue
                if info.file_size > MAX_MEMBER:
                    unreadable.append((name, "zip member too large for the scanner"))
                    continue
                try:
                    inner = z.read(info)
                except Exception as e:  # noqa: BLE001 - unsupported method, bad CRC, truncation
                    unreadable.append((name, f"zip member: {type(e).__name__}: {e}"))
                    yield Blob(name, info.filename.encode())
                    continue
                yield from explode(name, inner, unreadable, depth + 1)
        elif len(data) > 262 and data[257:262] == b"ustar":
            try:
                t = tarfile.open(fileobj=io.BytesIO(data))
                for m in t.getmembers():
                    f = t.extractfile(m) if m.isfile() else None
                    yield Blob(f"{label}!{m.name}", m.name.encode())
                    if f is not None:
                        yield from explode(f"{label}!{m.name}", f.read(), unreadable, depth + 1)
            except (tarfile.TarError, OSError, EOFError) as e:
                unreadable.append((label, f"tar: {e}"))
        elif head[:6] == b"\xfd7zXZ\x00" or (head[:3] == b"\x5d\x00\x00" and lower.endswith(".lzma")):
            try:
                inner = lzma.decompress(data)
            except lzma.LZMAError as e:
                unreadable.append((label, f"xz: {e}"))
                return
            yield from explode(label + "!unxz", inner, unreadable, depth + 1)
        elif head[:3] == b"BZh" and head[3:4].isdigit():
            try:
                inner = bz2.decompress(data)
            except (OSError, ValueError) as e:
                unreadable.append((label, f"bzip2: {e}"))
                return
            yield from explode(label + "!bunzip2", inner, unreadable, depth + 1)
        elif head[:4] == b"\x28\xb5\x2f\xfd":
            exe = shutil.which("zstd")
            if not exe:
                unreadable.append((label, "zstd (no zstd tool for the scanner)"))
                return
            r = subprocess.run([exe, "-q", "-d", "-c", "-"], input=data, capture_output=True)
            if r.returncode:
                unreadable.append((label, "zstd: corrupt"))
                return
            yield from explode(label + "!unzstd", r.stdout, unreadable, depth + 1)
        elif head[:6] == b"7z\xbc\xaf\x27\x1c":
            unreadable.append((label, "7z archive"))
        elif head[:6] == b"Rar!\x1a\x07":
            unreadable.append((label, "RAR archive"))
    except RecursionError:
        unreadable.append((label, "nested too deep"))


# ------------------------------------------------------------------------------------------------ needles

@dataclass(frozen=True)
class Needle:
    item: str  # plan id
    status: str  # embargoed / expired / held
    kind: str  # title, id, url, summary, body sentence, ...
    text: str  # as written in the plan or page


@dataclass
class Finding:
    item: str
    kind: str
    needle: str
    where: str  # output path (!member)
    how: str  # text / words / bytes / hash / unreadable

    def line(self) -> str:
        if self.how == "unreadable":
            return f"unreadable container {self.where}: {self.needle}"
        shown = self.needle if len(self.needle) <= 90 else self.needle[:87] + "..."
        return f"{self.item} [{self.kind}] {shown!r} in {self.where} ({self.how})"


def _md_text(src: str) -> tuple[dict, list[str]]:
    """Front matter and the rendered text blocks of a Markdown page."""
    import markdown

    meta: dict = {}
    m = re.match(r"^---\s*\n(.*?)\n---\s*\n", src, re.S)
    if m:
        try:
            meta = yaml.safe_load(m.group(1)) or {}
        except yaml.YAMLError:
            meta = {}
        src = src[m.end():]
    rendered = markdown.markdown(src, extensions=["tables", "attr_list", "md_in_html", "admonition"])
    rendered = re.sub(r"</(p|h[1-6]|li|td|th|div|blockquote|pre|dt|dd)>", "\n", rendered)
    text = html.unescape(_TAG.sub("", rendered))
    return (meta if isinstance(meta, dict) else {}), [b.strip() for b in text.split("\n") if b.strip()]


_SENT = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")


def sentences(blocks: list[str], min_words: int = 8) -> list[str]:
    out = []
    for b in blocks:
        for s in _SENT.split(b):
            s = s.strip().rstrip(".!?:;,").strip()
            if word_count(s) >= min_words:
                out.append(s)
    return out


def _vtt_cues(text: str) -> list[str]:
    cues, cur = [], []
    for line in text.splitlines():
        if "-->" in line or not line.strip() or line.startswith("WEBVTT") or line.strip().isdigit():
            if cur:
                cues.append(" ".join(cur))
                cur = []
            continue
        cur.append(_TAG.sub("", line).strip())
    if cur:
        cues.append(" ".join(cur))
    return cues


def load_plan(project: Path) -> dict:
    return yaml.safe_load((project / "campaign_plan.yaml").read_text(encoding="utf-8"))


def shared_wording(project: Path) -> list[str]:
    try:
        return [str(x) for x in (load_plan(project).get("shared_wording") or [])]
    except (OSError, yaml.YAMLError, AttributeError):
        return []


FILE_FIELDS = ("source", "audio", "transcript", "image", "data")
TEXT_FIELDS = ("summary", "description", "alt", "meaning", "what_to_do", "place", "booking", "joining")


def item_needles(project: Path, entry: dict, sched: dict) -> tuple[list[Needle], list[tuple[str, str]]]:
    """Text needles and owned files (id, path) of one plan item."""
    iid, status = entry["id"], sched["status"]
    out: list[Needle] = []

    def add(kind: str, text) -> None:
        if isinstance(text, str) and len(norm(text).strip()) >= 6:
            out.append(Needle(iid, status, kind, text.strip()))

    title = str(entry.get("title", ""))
    add("title", title)
    if ": " in title and word_count(title.split(": ", 1)[1]) >= 6:
        add("title after its colon", title.split(": ", 1)[1])
    if "-" in iid:
        add("id", iid)
    if slugify(title) != iid and "-" in slugify(title):
        add("slug of title", slugify(title))
    if sched.get("url"):
        add("url", sched["url"].rstrip("/"))
    for f in TEXT_FIELDS:
        v = entry.get(f)
        if isinstance(v, str):
            add(f, v)
            if word_count(v) > 16:
                for s in sentences([v]):
                    add(f + " sentence", s)
    for g in entry.get("guests") or []:
        add("guest", str(g))
    if isinstance(entry.get("notes"), str):
        _, blocks = _md_text(entry["notes"])
        for s in sentences(blocks):
            add("notes sentence", s)
    files: list[tuple[str, str]] = []
    for f in FILE_FIELDS:
        rel = entry.get(f)
        if not isinstance(rel, str):
            continue
        p = project / rel
        if not p.is_file():
            continue
        files.append((iid, rel))
        name = p.name
        add("file name", name)
        stem = p.stem
        if "-" in stem and stem != iid:
            add("file stem", stem)
        if rel.startswith("docs/"):
            add("file path", rel[len("docs/"):])
        text = p.read_text(encoding="utf-8", errors="replace") if p.suffix in (".md", ".vtt", ".yaml", ".yml") else None
        if text is None:
            continue
        if p.suffix == ".md":
            meta, blocks = _md_text(text)
            for k in ("title", "description", "summary"):
                add("front matter " + k, meta.get(k))
            for s in sentences(blocks):
                add("body sentence", s)
        elif p.suffix == ".vtt":
            for cue in _vtt_cues(text):
                if word_count(cue) >= 8:
                    add("transcript cue", cue)
                for s in sentences([cue]):
                    add("transcript sentence", s)
        else:
            data = yaml.safe_load(text) or {}
            add("survey label", data.get("label"))
            for q in data.get("questions") or []:
                add("survey question", q.get("text"))
            for y in data.get("you_said_we_did") or []:
                add("survey you said", y.get("you_said"))
                add("survey we did", y.get("we_did"))
    # the same text twice for one item (e.g. a summary that is also a body sentence) is one needle
    seen, uniq = set(), []
    for n in out:
        key = norm(n.text)
        if key not in seen:
            seen.add(key)
            uniq.append(n)
    return uniq, files


def plan_needles(project: Path, schedule: list[dict]) -> tuple[list[Needle], list[tuple[str, str, str]]]:
    """All needles of the items not live in `schedule`, and their owned files (id, status, path)."""
    entries = {e["id"]: e for e in load_plan(project)["releases"]}
    needles: list[Needle] = []
    files: list[tuple[str, str, str]] = []
    for s in schedule:
        if s["status"] == "live":
            continue
        ns, fs = item_needles(project, entries[s["id"]], s)
        needles += ns
        files += [(i, s["status"], f) for i, f in fs]
    return needles, files


def distinct_only(needles: list[Needle], project: Path, own: set[str], own_ids: set[str]) -> list[Needle]:
    """The needles no other page or plan entry has (as words): for items a slip takes down, which have no
    clean build to be measured against. `own`: the items' files; `own_ids`: their plan ids."""
    texts = [words(norm(p.read_text(encoding="utf-8", errors="replace"))) for p in (project / "docs").rglob("*.md")
             if p.relative_to(project).as_posix() not in own]
    plan = (project / "campaign_plan.yaml").read_text(encoding="utf-8")
    for iid in own_ids:  # the plan without the items' own entries
        plan = re.sub(rf"(?ms)^  - id: {re.escape(iid)}\s*$.*?(?=^  - id: |\Z)", "", plan)
    texts.append(words(norm(plan)))
    return [n for n in needles if not any(words(norm(n.text)) in t for t in texts)]


# ------------------------------------------------------------------------------------------------ the scanner

def _windows(data: bytes, n: int = 4, size: int = 64) -> list[bytes]:
    if len(data) < size * 2:
        return [data] if len(data) >= 24 else []
    return [data[(len(data) - size) * (k + 1) // (n + 1):][:size] for k in range(n)]


class Scanner:
    def __init__(self, project: Path, needles: list[Needle], files: list[tuple[str, str, str]],
                 drop: set[tuple[str, str, str]] | frozenset = frozenset()):
        """`drop`: (item, kind, needle) of findings to ignore, e.g. those of the clean build."""
        self.project, self.files, self.drop = project, files, set(drop)
        self.needles = [n for n in needles if (n.item, n.kind, n.text) not in self.drop]
        self.text_patterns: dict[str, list[int]] = {}
        self.word_patterns: dict[str, list[int]] = {}
        for i, n in enumerate(self.needles):
            t = norm(n.text)
            self.text_patterns.setdefault(t, []).append(i)
            w = words(t)
            if word_count(t) >= 3 and n.kind not in ("id", "url", "file name", "file path", "file stem", "slug of title"):
                self.word_patterns.setdefault(w, []).append(i)
        self._tp = list(self.text_patterns)
        self._wp = list(self.word_patterns)
        self._ta = ahocorasick_rs.AhoCorasick(self._tp) if self._tp else None
        self._wa = ahocorasick_rs.AhoCorasick(self._wp) if self._wp else None
        self.hashes: dict[str, tuple[str, str]] = {}
        self.windows: dict[bytes, tuple[str, str]] = {}
        # a window must belong to its file alone: the signs share their SVG frame, the episodes their silence
        all_media = {p.relative_to(project).as_posix(): p.read_bytes() for top in ("docs", "podcast") if (project / top).is_dir()
                 for p in (project / top).rglob("*") if p.is_file() and p.suffix not in (".md", ".vtt", ".yaml", ".yml")}
        for iid, _status, rel in files:
            data = (project / rel).read_bytes()
            self.hashes[hashlib.sha256(data).hexdigest()] = (iid, rel)
            media = None
            if rel.endswith(".mp3"):
                media = _id3_strip(data)
                self.hashes[hashlib.sha256(media).hexdigest()] = (iid, rel + " (audio frames)")
            elif not rel.endswith((".md", ".vtt", ".yaml", ".yml")):
                media = data
            for k, w in enumerate(_windows(media) if media else []):
                key = (iid, "file bytes (window)", f"{rel}#w{k}")
                if any(w in other for name, other in all_media.items() if name != rel):
                    continue
                if key not in self.drop:
                    self.windows[w] = key[::2]
        self._wl = list(self.windows)
        self._ba = ahocorasick_rs.BytesAhoCorasick(self._wl) if self._wl else None

    def __reduce__(self):  # the automata cannot be pickled: a worker process builds its own
        return (Scanner, (self.project, self.needles, self.files, frozenset(self.drop)))

    def without(self, findings: list[Finding]) -> "Scanner":
        """The same scanner less every needle (and byte window) these findings matched."""
        return Scanner(self.project, self.needles, self.files,
                       self.drop | {(f.item, f.kind, f.needle) for f in findings if f.how.split(" ")[0] in ("text", "words", "bytes")})

    # -- one blob
    def _text_hits(self, text: str, shared: list[str], boundary: bool = True) -> list[tuple[int, str]]:
        """Needles in one text; `boundary`: a hit must be whole words (not for binary data read as text,
        where the bytes around a string decode to arbitrary letters)."""
        hits: list[tuple[int, str]] = []
        h = norm(text)
        if self._ta is not None:
            for pi, s, e in self._ta.find_matches_as_indexes(h, overlapping=True):
                if boundary and ((s > 0 and h[s - 1].isalnum()) or (e < len(h) and h[e].isalnum())):
                    continue
                if self._covered(h, s, e, shared):
                    continue
                hits += [(i, "text") for i in self.text_patterns[self._tp[pi]]]
        if self._wa is not None:
            w = words(h)
            for pi, s, e in self._wa.find_matches_as_indexes(w, overlapping=True):
                if self._covered(w, s + 1, e - 1, [words(x) for x in shared]):
                    continue
                hits += [(i, "words") for i in self.word_patterns[self._wp[pi]]]
        return hits

    @staticmethod
    def _covered(h: str, s: int, e: int, shared: list[str]) -> bool:
        for p in shared:
            p = p.strip()
            if not p or len(p) < e - s:
                continue
            i = h.find(p, max(0, e - len(p)))
            while i != -1 and i <= s:
                if i + len(p) >= e:
                    return True
                i = h.find(p, i + 1)
        return False

    def scan_bytes(self, label: str, data: bytes, shared_normed: list[str]) -> list[Finding]:
        findings: list[Finding] = []
        unreadable: list[tuple[str, str]] = []
        seen: set[tuple] = set()

        def add(f: Finding) -> None:
            key = (f.item, f.kind, f.needle, f.where)
            if key not in seen:
                seen.add(key)
                findings.append(f)

        for blob in explode(label, data, unreadable):
            digest = hashlib.sha256(blob.data).hexdigest()
            if digest in self.hashes:
                iid, rel = self.hashes[digest]
                add(Finding(iid, "file bytes", rel, blob.label, "hash"))
            if blob.data[:3] == b"ID3" or blob.label.lower().endswith(".mp3"):
                d2 = hashlib.sha256(_id3_strip(blob.data)).hexdigest()
                if d2 in self.hashes:
                    iid, rel = self.hashes[d2]
                    add(Finding(iid, "audio frames", rel, blob.label, "hash"))
            if self._ba is not None:
                for pi, _s, _e in self._ba.find_matches_as_indexes(blob.data, overlapping=False):
                    iid, where = self.windows[self._wl[pi]]
                    add(Finding(iid, "file bytes (window)", where, blob.label, "bytes"))
            texts = [blob.label.rsplit("!", 1)[-1]]
            decoded, is_text = decode_blob(blob.data)
            for t in (decoded if is_text else []) + blob.texts:
                texts.extend(text_forms(t))
            for t in texts:
                for i, how in self._text_hits(t, shared_normed):
                    n = self.needles[i]
                    add(Finding(n.item, n.kind, n.text, blob.label, how))
            for t in ([] if is_text else decoded):
                for i, how in self._text_hits(t, shared_normed, boundary=False):
                    n = self.needles[i]
                    add(Finding(n.item, n.kind, n.text, blob.label, how + " in binary"))
        for where, why in unreadable:
            add(Finding("?", "unreadable", why, where, "unreadable"))
        return findings

    def scan_tree(self, site: Path, shared: list[str], skip: set[str] | None = None,
                  cache: dict | None = None) -> tuple[list[Finding], dict[str, str]]:
        """Findings over every file (and path) under `site`; also each file's sha256 (rel -> digest).
        Files whose digest is in `skip` are not read again (known clean)."""
        shared_normed = [norm(x) for x in shared]
        shared_normed += [slugify(x) for x in shared]  # a declared heading's anchor is its slug
        findings: list[Finding] = []
        digests: dict[str, str] = {}
        for p in sorted(site.rglob("*")):
            rel = p.relative_to(site).as_posix()
            if p.is_symlink():
                findings.append(Finding("?", "unreadable", f"a symbolic link in the output (to {p.readlink()})", rel, "unreadable"))
            if not p.is_file():
                for i, how in self._text_hits(rel, shared_normed):
                    n = self.needles[i]
                    findings.append(Finding(n.item, n.kind, n.text, rel + "/ (path)", how))
                continue
            data = p.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            digests[rel] = digest
            if skip is not None and digest in skip:
                # a clean file of the baseline: only its path is new information
                for i, how in self._text_hits(rel, shared_normed):
                    n = self.needles[i]
                    findings.append(Finding(n.item, n.kind, n.text, rel + " (path)", how))
                continue
            key = (rel, digest)
            if cache is not None and key in cache:
                findings += cache[key]
                continue
            got = self.scan_bytes(rel, data, shared_normed)
            if cache is not None:
                cache[key] = got
            findings += got
        return findings, digests


def _id3_strip(mp3: bytes) -> bytes:
    data = mp3
    if data[:3] == b"ID3" and len(data) > 10:
        size = (data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]
        data = data[10 + size + (10 if data[5] & 0x10 else 0):]
    if len(data) >= 128 and data[-128:-125] == b"TAG":
        data = data[:-128]
    return data
