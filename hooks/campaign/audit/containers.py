"""Opening what a published file contains, for the leak audit: compressed streams (gzip, bzip2, xz, lzma,
zstd), archives (the zip family: DOCX, XLSX, PPTX, ODT, EPUB, nested zips; tar), PDF text and metadata
(pypdf), legacy Office files (OLE: .doc, .xls, .ppt, .msg, through olefile; a message's compressed RTF body and
attached files), e-mails and MHTML (the standard
library's email package: every part decoded from base64 or quoted-printable, headers from encoded words), RTF
text, and
text in UTF-8/16/32 (BOM, NUL pattern, or detection); UTF-16 runs inside any other binary file.

Every opener is bounded: sizes, compression ratio, nesting depth and member count have limits, and a
file beyond them (a bomb), encrypted, corrupt, or in a format nothing here opens (7z, RAR) raises
`Unreadable`, which fails the build naming the file: what the audit cannot read, it cannot clear.
"""
from __future__ import annotations

import base64
import bisect
import bz2
import email
import email.policy
import io
import lzma
import re
import struct
import tarfile
import unicodedata
import zipfile
import zlib
from functools import cache, cached_property

from . import unicode_tables

MAX_FILE = 200 * 1024 * 1024      # bytes the audit reads of one file (a larger one fails the build)
MAX_MEMBER = 64 * 1024 * 1024     # uncompressed bytes of one member or one compressed stream
MAX_TOTAL = 256 * 1024 * 1024     # uncompressed bytes of one container, all members and depths together
MAX_RATIO = 200                   # uncompressed / compressed, for members and streams over 1 MB
MAX_DEPTH = 4                     # archives inside archives
MAX_LAYERS = 8                    # containers of any kind inside each other (a .tar.gz in a zip is three)
MAX_MEMBERS = 20_000
MAX_PDF_PAGES = 2_000
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Compressed streams: what each starts with.
STREAMS = {"gzip": (b"\x1f\x8b",), "bzip2": (b"BZh",), "xz": (b"\xfd7zXZ\x00",), "zstd": (b"\x28\xb5\x2f\xfd",)}
SUFFIXES = {"gzip": (".gz", ".tgz"), "bzip2": (".bz2", ".tbz", ".tbz2"), "xz": (".xz", ".txz"), "zstd": (".zst", ".zstd"),
            "lzma": (".lzma", ".tlz"), "iwa": (".iwa",)}
# Formats nothing here can open: named, so the editor knows what to do.
UNOPENED = ((b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"), (b"Rar!\x1a\x07", "a RAR archive"),
            (b"MSCF\x00\x00\x00\x00", "a Windows cabinet (.cab)"), (b"\x60\xea", None))
EXPORT = "export it as a zip (or .tar.gz) archive, or remove it"


class Unreadable(Exception):
    """A container the audit cannot open; the message says why, in an editor's words."""


class Budget:
    """Uncompressed bytes left for one top-level file (shared by every level of nesting)."""

    def __init__(self, total: int = MAX_TOTAL):
        self.left = total

    def take(self, n: int, what: str) -> None:
        self.left -= n
        if self.left < 0:
            raise Unreadable(f"{what} unpacks to more than {MAX_TOTAL // (1024 * 1024)} MB in all "
                             "(a zip bomb, or too big to check)")


def is_zip(data: bytes) -> bool:
    return data[:4] in ZIP_MAGIC


def is_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def is_tar(data: bytes) -> bool:
    return data[257:262] == b"ustar"


def is_ole(data: bytes) -> bool:
    return data[:8] == OLE_MAGIC


def is_rtf(data: bytes) -> bool:
    return data[:5] == b"{\\rtf"


def stream_kind(data: bytes, name: str) -> str | None:
    """The compression of `data` (gzip, bzip2, xz, zstd by their magic numbers; lzma, which has none, by its
    name or by the header `xz --format=lzma` writes), or None."""
    for kind, magics in STREAMS.items():
        if data.startswith(magics):
            return kind
    if name.lower().endswith(SUFFIXES["lzma"]) or data[:1] == b"\x5d" and data[5:13] == b"\xff" * 8:
        return "lzma"
    if name.lower().endswith(".iwa"):  # Apple Pages, Keynote, Numbers: Index/*.iwa inside their zip, no magic
        return "iwa"
    return None


def unopened(data: bytes) -> str | None:
    """What a format the audit cannot open is, in an editor's words (7z, RAR, CAB), or None."""
    for magic, what in UNOPENED:
        if data.startswith(magic):
            return what
    return None


def strip_suffix(name: str, kind: str) -> str:
    """The name of what a compressed file holds: 'x.txt.gz' -> 'x.txt', 'x.tgz' -> 'x.tar'."""
    low = name.lower()
    for suffix in SUFFIXES.get(kind, ()):
        if low.endswith(suffix):
            return name[:-len(suffix)] + (".tar" if suffix.startswith(".t") else "")
    return name


def decompress(kind: str, data: bytes, budget: Budget) -> bytes:
    """The bytes a compressed stream holds (every stream of a file of several: pigz, pbzip2, xz -T), within
    the limits on size and ratio (a bomb is an error, found after at most MAX_MEMBER bytes)."""
    limit = MAX_MEMBER
    if kind == "iwa":
        out = _iwa(data, limit)
    elif kind == "zstd":
        import zstandard

        try:
            with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data), read_across_frames=True) as r:
                out = r.read(limit + 1)
        except zstandard.ZstdError as exc:
            raise Unreadable(f"the zstd data is corrupt ({exc})") from None
    else:
        make, errors = {
            "gzip": (lambda: zlib.decompressobj(16 + zlib.MAX_WBITS), zlib.error),
            "bzip2": (bz2.BZ2Decompressor, (OSError, ValueError, EOFError)),
            "xz": (lambda: lzma.LZMADecompressor(lzma.FORMAT_XZ), (lzma.LZMAError, EOFError)),
            "lzma": (lambda: lzma.LZMADecompressor(lzma.FORMAT_ALONE), (lzma.LZMAError, EOFError)),
        }[kind]
        pieces, rest, got = [], data, 0
        while rest:
            d = make()
            try:
                piece = d.decompress(rest, limit + 1 - got)
            except errors as exc:
                raise Unreadable(f"the {kind} data is corrupt ({exc})") from None
            pieces.append(piece)
            got += len(piece)
            if got > limit:
                break
            if not d.eof:
                raise Unreadable(f"the {kind} data is cut short (an incomplete download?)")
            rest = d.unused_data.lstrip(b"\0")
        out = b"".join(pieces)
    if len(out) > limit:
        raise Unreadable(f"it unpacks to more than {limit // (1024 * 1024)} MB (a {kind} bomb, or too big to check)")
    if len(out) > 1024 * 1024 and len(out) > MAX_RATIO * max(len(data), 1):
        raise Unreadable(f"it is compressed {len(out) // max(len(data), 1):,} to 1, over {MAX_RATIO} to 1 (a {kind} bomb)")
    budget.take(len(out), "it")
    return out


def _tar_notes(info) -> str:
    return "\n".join([*(f"{k}={v}" for k, v in (info.pax_headers or {}).items() if k not in ("path", "size")),
                      *([info.linkname] if info.linkname else [])])


def gzip_header(data: bytes) -> str:
    """The original file name and the comment a gzip file's header keeps (gzip -N, 7-Zip, WinRAR), in
    Latin-1 as RFC 1952 says: a name is the editor's, whatever the .gz is called now."""
    if len(data) < 10 or not data[3] & 0x1C:
        return ""
    flags, at, out = data[3], 10, []
    if flags & 0x04:  # FEXTRA
        at += 2 + int.from_bytes(data[at:at + 2], "little")
    for flag in (0x08, 0x10):  # FNAME, FCOMMENT
        if flags & flag:
            end = data.find(b"\0", at)
            if end < 0:
                break
            out.append(data[at:end].decode("latin-1"))
            at = end + 1
    return "\n".join(out)


def _iwa(data: bytes, limit: int) -> bytes:
    """An iWork archive's protobuf messages: chunks of a type byte (0) and a 3-byte length, each Snappy's raw
    format (its length as a varint, then literals and copies of what came before). Its strings are UTF-8."""
    out, at = bytearray(), 0
    try:
        while at < len(data):
            if data[at] != 0:
                raise Unreadable("its iWork (.iwa) data is of an unknown kind")
            end = at + 4 + int.from_bytes(data[at + 1:at + 4], "little")
            block, at = data[at + 4:end], end
            i = size = shift = 0
            while True:  # the uncompressed length: a varint
                size |= (block[i] & 0x7F) << shift
                shift += 7
                i += 1
                if not block[i - 1] & 0x80:
                    break
            start = len(out)
            while i < len(block):
                tag = block[i]
                i += 1
                if tag & 3 == 0:  # a literal
                    n = tag >> 2
                    if n >= 60:
                        n, i = int.from_bytes(block[i:i + n - 59], "little"), i + n - 59
                    out += block[i:i + n + 1]
                    i += n + 1
                    continue
                if tag & 3 == 1:
                    length, offset, i = ((tag >> 2) & 7) + 4, (tag >> 5) << 8 | block[i], i + 1
                else:
                    width = 2 if tag & 3 == 2 else 4
                    length, offset, i = (tag >> 2) + 1, int.from_bytes(block[i:i + width], "little"), i + width
                if not 0 < offset <= len(out) - start:
                    raise Unreadable("its iWork (.iwa) data is corrupt")
                piece = out[len(out) - offset:len(out) - offset + length]
                if offset < length:  # a copy overlapping what it writes repeats the last `offset` bytes
                    piece = (piece * (length // offset + 1))[:length]
                out += piece
            if len(out) - start != size or len(out) > limit:
                raise Unreadable("its iWork (.iwa) data is corrupt or too big to check")
    except IndexError:
        raise Unreadable("its iWork (.iwa) data is cut short") from None
    return bytes(out)


def tar_members(data: bytes, budget: Budget):
    """(name, bytes) of every regular file in a tar archive, within the limits (links and devices hold no data)."""
    try:
        tf = tarfile.open(fileobj=io.BytesIO(data), mode="r:")
        infos = []
        for info in tf:
            infos.append(info)
            if len(infos) > MAX_MEMBERS:
                raise Unreadable(f"it holds over {MAX_MEMBERS:,} files, more than the audit opens")
    except (tarfile.TarError, OSError, ValueError, EOFError) as exc:
        raise Unreadable(f"it is not a readable tar archive ({exc})") from None
    notes = [(f"({info.name}: its headers)", _tar_notes(info)) for info in infos]
    notes.append(("(the archive's headers)", "\n".join(f"{k}={v}" for k, v in (tf.pax_headers or {}).items())))
    for name, text in notes:  # a comment a tool kept in pax headers, where a link points
        if text:
            yield name, text.encode("utf-8", "surrogateescape")
    for info in infos:
        if not info.isfile():
            yield info.name, None  # its name only
            continue
        if info.size > MAX_MEMBER:
            raise Unreadable(f"{info.name} inside it is {info.size:,} bytes, over the {MAX_MEMBER:,}-byte limit")
        budget.take(info.size, "it")
        fh = tf.extractfile(info)
        yield info.name, fh.read() if fh is not None else b""


_DATA_URI = re.compile(rb"data:([\w.+-]+/[\w.+-]+)?(?:;[\w.+-]+=[\w.+\"-]+)*;base64,([A-Za-z0-9+/]+={0,2})")
_URI_EXT = {b"image/svg+xml": ".svg", b"text/html": ".html", b"text/plain": ".txt", b"application/pdf": ".pdf",
            b"application/zip": ".zip", b"audio/mpeg": ".mp3", b"application/json": ".json"}


def data_uris(data: bytes, budget: Budget):
    """(name, bytes) of every base64 `data:` URI in a file (a picture or document pasted into a page)."""
    for n, m in enumerate(_DATA_URI.finditer(data)):
        blob = base64.b64decode(m.group(2) + b"=" * (-len(m.group(2)) % 4))
        budget.take(len(blob), "its data: addresses")
        yield f"data-{n}{_URI_EXT.get((m.group(1) or b'').lower(), '.bin')}", blob


# A file encoded as base64 inside a text file, without a data: address: an Outlook .ics's attachment
# (ATTACH;ENCODING=BASE64), a vCard's (ENCODING=b), a Teams or Graph export's "contentBytes", a flat Word XML's
# pkg:binaryData. Looked for only where such a mark is (a regex over every text file would cost 20 ms a MB).
_BASE64_MARKS = (b"ase64", b"ASE64", b"ENCODING=b", b"ENCODING=B", b"contentBytes", b"binData", b"binaryData")
_BASE64_RUN = re.compile(rb"[A-Za-z0-9+/]+(?:(?:\r?\n[ \t]?|\\r\\n|\\n)[A-Za-z0-9+/]+)*={0,2}")
_BASE64_BREAK = re.compile(rb"\r?\n[ \t]?|\\r\\n|\\n")


def base64_blobs(data: bytes, budget: Budget):
    """(name, bytes) of each file a text file carries as base64 of 100 characters or more, where one of
    _BASE64_MARKS says so; lines folded as iCalendar and vCard fold them (a space after the line end), wrapped
    as MIME and XML wrap them, or with JSON's escaped line ends."""
    if not any(m in data for m in _BASE64_MARKS):
        return
    for n, m in enumerate(_BASE64_RUN.finditer(data)):
        run = _BASE64_BREAK.sub(b"", m.group())
        if len(run) < 100:
            continue
        try:
            blob = base64.b64decode(run + b"=" * (-len(run) % 4))
        except ValueError:
            continue
        budget.take(len(blob), "its base64 parts")
        yield f"base64-{n}.bin", blob


EMAIL_SUFFIXES = (".eml", ".mht", ".mhtml", ".mim", ".mime")
# Two header lines or more at the very start, and something only an e-mail encodes (a saved .txt of one too).
_MAIL_HEAD = re.compile(rb"(?:[A-Za-z][A-Za-z0-9-]*:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*){2,}")
_MAIL_ENCODED = re.compile(rb"(?im)^content-transfer-encoding:[ \t]*(?:base64|quoted-printable)|^content-type:[ \t]*multipart/"
                           rb"|=\?[^?\s]+\?[bq]\?")


def is_email(data: bytes, name: str) -> bool:
    if name.lower().endswith(EMAIL_SUFFIXES):
        return True
    head = data[:8192]
    return bool(_MAIL_HEAD.match(head) and _MAIL_ENCODED.search(head))


def email_parts(data: bytes, budget: Budget):
    """(name, bytes) of an e-mail's headers (encoded words decoded) and of every part, decoded from base64
    or quoted-printable; attachments under their own names, so a document inside is opened in turn."""
    try:
        msg = email.message_from_bytes(data, policy=email.policy.default)
        for n, part in enumerate(msg.walk()):
            headers = "\n".join(str(v) for v in part.values())  # values only: not read as an e-mail again
            yield f"part{n}.headers.txt", headers.encode("utf-8", errors="replace")
            if part.is_multipart():
                continue
            body = part.get_payload(decode=True) or b""
            if len(body) > MAX_MEMBER:
                raise Unreadable(f"a part of it is {len(body):,} bytes, over the {MAX_MEMBER:,}-byte limit")
            budget.take(len(body), "it")
            yield part.get_filename() or f"part{n}{_MAIL_EXT.get(part.get_content_type(), '.txt')}", body
    except Unreadable:
        raise
    except Exception as exc:  # the email package raises many kinds on malformed input
        raise Unreadable(f"it is not a readable e-mail ({exc})") from None


_MAIL_EXT = {"text/html": ".html", "application/pdf": ".pdf", "application/zip": ".zip", "image/svg+xml": ".svg",
             "text/calendar": ".ics", "text/vcard": ".vcf", "text/x-vcard": ".vcf"}


def zip_members(data: bytes, budget: Budget):
    """(name, bytes) of every file in a zip archive, within the limits."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise Unreadable(f"it is not a readable zip archive ({exc})") from None
    if len(infos) > MAX_MEMBERS:
        raise Unreadable(f"it holds {len(infos):,} files, over the {MAX_MEMBERS:,} the audit opens")
    for info in infos:
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:
            raise Unreadable(f"{info.filename} inside it is encrypted (password protected)")
        if info.file_size > MAX_MEMBER:
            raise Unreadable(f"{info.filename} inside it is {info.file_size:,} bytes uncompressed, over the "
                             f"{MAX_MEMBER:,}-byte limit (a zip bomb, or too big to check)")
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise Unreadable(f"{info.filename} inside it is compressed {info.file_size // max(info.compress_size, 1):,} "
                             f"to 1, over {MAX_RATIO} to 1 (a zip bomb)")
        budget.take(info.file_size, "it")
        try:
            with zf.open(info) as fh:
                body = fh.read(MAX_MEMBER + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError,
                zlib.error) as exc:
            raise Unreadable(f"{info.filename} inside it cannot be read ({exc})") from None
        if len(body) > MAX_MEMBER:
            raise Unreadable(f"{info.filename} inside it unpacks to more than {MAX_MEMBER:,} bytes")
        yield info.filename, body
    # Comments a zip tool adds (7-Zip, WinRAR, Info-ZIP's zip -z and -c): the archive's and each file's.
    for info in infos:
        if info.comment:
            yield f"({info.filename}: its comment)", info.comment
    if zf.comment:
        yield "(the archive's comment)", zf.comment


def ole_contents(data: bytes, budget: Budget, chars: Utf16Chars | None = None) -> tuple[str, list[tuple[str, bytes]]]:
    """A legacy Office file (OLE compound document: .doc, .xls, .ppt, .msg) as the text its streams hold:
    every stream's name, its UTF-16LE runs and its 8-bit runs (Windows-1252), each apart. Word keeps a
    document's text in one stream in either encoding; Excel's strings and PowerPoint's text are UTF-16 or
    8-bit in their own records; the summary streams hold title, author and subject.
    And the files inside, each to be read as any file is: an Outlook message's body kept only as compressed
    RTF (PR_RTF_COMPRESSED: its raw bytes hold the words cut apart), decompressed; and every stream that is a
    file of its own (an attachment's data, under its file name; a document embedded in Word as a package)."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:  # olefile raises OSError and others for damaged files
        raise Unreadable(f"it is not a readable Office (OLE) file ({type(exc).__name__}: {exc})"[:300]) from None
    parts: list[str] = []
    files: list[tuple[str, bytes]] = []
    try:
        streams = ole.listdir(streams=True, storages=False)
        if len(streams) > MAX_MEMBERS:
            raise Unreadable(f"it holds {len(streams):,} streams, over the {MAX_MEMBERS:,} the audit opens")
        for path in streams:
            name = "/".join(path)
            parts.append(name)
            size = ole.get_size(path)
            if size > MAX_MEMBER:
                raise Unreadable(f"its stream {name} is {size:,} bytes, over the {MAX_MEMBER:,}-byte limit")
            budget.take(size, "it")
            try:
                body = ole.openstream(path).read()
            except Exception as exc:
                raise Unreadable(f"its stream {name} cannot be read ({type(exc).__name__}: {exc})"[:300]) from None
            if path[-1].upper() == _RTF_COMPRESSED:
                files.append((name + ".rtf", compressed_rtf(body, budget)))
                continue
            if path[-1].upper() == _ATTACH_DATA or _is_file(body):
                files.append((_attachment_name(ole, path) or name, body))
                continue  # read as a file (its bytes too), not once more here
            parts.append(utf16_runs(body, chars))
            parts.append(phrases(_GARBAGE.sub("\0", body.decode("cp1252", errors="replace"))))
    finally:
        ole.close()
    return "\0".join(parts), files


# Outlook's MAPI properties as streams: __substg1.0_ + property tag + type.
_RTF_COMPRESSED = "__SUBSTG1.0_10090102"  # PR_RTF_COMPRESSED
_ATTACH_DATA = "__SUBSTG1.0_37010102"  # PR_ATTACH_DATA_BIN: an attachment's bytes
_ATTACH_NAMES = ("__substg1.0_3707001F", "__substg1.0_3704001F", "__substg1.0_3707001E", "__substg1.0_3704001E")


def _is_file(body: bytes) -> bool:
    """A stream that is a file the audit opens (or must refuse) by its magic bytes."""
    return is_zip(body) or body.startswith(b"%PDF-") or is_ole(body) or is_rtf(body) or is_tar(body) or \
        any(body.startswith(m) for ms in STREAMS.values() for m in ms) or unopened(body) is not None


def _attachment_name(ole, path: list[str]) -> str | None:
    """An Outlook attachment's file name (long, else short; Unicode, else 8-bit), from its own storage."""
    for prop in _ATTACH_NAMES:
        sibling = [*path[:-1], prop]
        if ole.exists(sibling) and ole.get_size(sibling) <= 4096:
            raw = ole.openstream(sibling).read()
            name = raw.decode("utf-16-le" if prop.endswith("F") else "cp1252", "replace").rstrip("\0")
            if name:
                return "/".join([*path[:-1], name.replace("/", "_")])
    return None


# MS-OXRTFCP: compressed RTF starts from a dictionary preloaded with this text.
_LZFU_DICT = (b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript "
              b"\\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par "
              b"\\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx")


def compressed_rtf(data: bytes, budget: Budget) -> bytes:
    """The RTF an Outlook message keeps compressed (MS-OXRTFCP: 'LZFu', or 'MELA' for stored as it is), within
    the limits: the size its header states and MAX_MEMBER (the format expands 8 to 1 at most: no bomb)."""
    if len(data) < 16:
        raise Unreadable("its compressed RTF body is cut short")
    comp_size, raw_size, kind = struct.unpack("<III", data[:12])
    if raw_size > MAX_MEMBER:
        raise Unreadable(f"its compressed RTF body unpacks to {raw_size:,} bytes, over the {MAX_MEMBER:,}-byte limit")
    budget.take(raw_size, "its compressed RTF body")
    body = data[16:4 + comp_size]
    if kind == 0x414C454D:  # MELA: not compressed
        return body[:raw_size]
    if kind != 0x75465A4C:
        raise Unreadable(f"its compressed RTF body is of an unknown kind ({kind:#x})")
    window = bytearray(4096)
    window[:len(_LZFU_DICT)] = _LZFU_DICT
    write, out, pos = len(_LZFU_DICT), bytearray(), 0
    while pos < len(body):
        control = body[pos]
        pos += 1
        for bit in range(8):
            if pos >= len(body):
                break
            if not control & (1 << bit):  # a literal byte
                window[write] = body[pos]
                out.append(body[pos])
                write, pos = (write + 1) & 0xFFF, pos + 1
                continue
            ref = (body[pos] << 8) | body[pos + 1] if pos + 1 < len(body) else -1
            pos += 2
            if ref < 0:
                raise Unreadable("its compressed RTF body is corrupt (cut inside a reference)")
            offset, length = ref >> 4, (ref & 0xF) + 2
            if offset == write:  # the end marker
                return bytes(out)
            for k in range(length):
                c = window[(offset + k) & 0xFFF]
                window[write] = c
                out.append(c)
                write = (write + 1) & 0xFFF
            if len(out) > raw_size:
                raise Unreadable("its compressed RTF body unpacks to more than its header says (corrupt)")
    raise Unreadable("its compressed RTF body is corrupt (no end marker)")


TNEF_MAGIC = b"\x78\x9f\x3e\x22"  # winmail.dat: what Exchange and Outlook send a rich-text message as
_TNEF_DATA, _TNEF_TITLE = 0x800F, 0x8010  # attAttachData, attAttachTitle
_RTF_MARKS = (b"LZFu", b"MELA")


def is_tnef(data: bytes) -> bool:
    return data.startswith(TNEF_MAGIC)


def tnef_parts(data: bytes, budget: Budget) -> list[tuple[str, bytes]]:
    """(name, bytes) of what a winmail.dat (TNEF, MS-OXTNEF) holds that its plain bytes do not show: the
    message's body kept as compressed RTF (PR_RTF_COMPRESSED, among its MAPI properties), and each attached
    file under its name. Its 8-bit and UTF-16 strings are read with the file's bytes, as any binary file's."""
    attached: list[list] = []
    rtf: list[tuple[str, bytes]] = []
    at = 6
    while at < len(data):
        if at + 9 > len(data):
            raise Unreadable("its winmail.dat (TNEF) data is cut short")
        attribute = int.from_bytes(data[at + 1:at + 5], "little") & 0xFFFF
        length = int.from_bytes(data[at + 5:at + 9], "little")
        body = data[at + 9:at + 9 + length]
        if len(body) < length:
            raise Unreadable("its winmail.dat (TNEF) data is cut short")
        at += 9 + length + 2  # and a checksum
        if attribute == _TNEF_DATA:
            budget.take(len(body), "its winmail.dat")
            attached.append([body, None])
        elif attribute == _TNEF_TITLE and attached and attached[-1][1] is None:
            attached[-1][1] = body.rstrip(b"\0").decode("cp1252", "replace")
        for mark in _RTF_MARKS:  # a compressed RTF's header: sizes, then the mark
            i = body.find(mark, 8)
            while i >= 8:
                try:
                    rtf.append((f"body-{len(rtf)}.rtf", compressed_rtf(body[i - 8:], budget)))
                except Unreadable:
                    pass  # four bytes that only look like the mark
                i = body.find(mark, i + 4)
    return rtf + [(title or f"attachment-{n}.bin", blob) for n, (blob, title) in enumerate(attached)]


def _inflate(data: bytes, budget: Budget) -> bytes:
    """A zlib stream of metadata (a PNG's compressed text chunk), within the limits."""
    d = zlib.decompressobj()
    try:
        out = d.decompress(data, MAX_MEMBER + 1)
    except zlib.error as exc:
        raise Unreadable(f"a compressed text chunk is corrupt ({exc})") from None
    if len(out) > MAX_MEMBER or len(out) > 1024 * 1024 and len(out) > MAX_RATIO * max(len(data), 1):
        raise Unreadable("a compressed text chunk unpacks too far (a bomb)")
    budget.take(len(out), "it")
    return out


_RTF_TOKEN = re.compile(rb"\\'([0-9a-fA-F]{2})|\\u(-?\d+) ?|\\([a-zA-Z]+)(-?\d+)? ?|\\(.)|([{}])|([^\\{}]+)", re.S)
_RTF_DESTINATIONS = frozenset(b"info title subject author operator keywords comment doccomm company category manager "
                              b"fonttbl colortbl stylesheet listtable header footer footnote field fldinst fldrslt pict "
                              b"hyperlink bkmkstart bkmkend annotation atnid atnauthor".split())
_RTF_BREAK = {b"par": "\n", b"line": "\n", b"tab": "\t", b"cell": "\t", b"row": "\n", b"sect": "\n", b"page": "\n"}


def rtf_text(data: bytes) -> str:
    """RTF as a reader sees its words: control words gone (paragraph, line, tab and cell marks part words),
    groups and their braces gone, \\'hh escapes in the document's code page, \\uN escapes (with the
    \\ucN fallback characters after them skipped), \\~ a space, \\- (an optional hyphen) dropped, \\_ a hyphen.
    Every group's text is kept (the \\info group holds title, author and subject)."""
    codepage = "cp1252"
    m = re.search(rb"\\ansicpg(\d+)", data[:4096])
    if m:
        try:
            codepage = "cp" + m.group(1).decode()
            "".encode(codepage)
        except LookupError:
            codepage = "cp1252"
    out: list[str] = []
    skip_of = [1]  # \ucN of each open group
    destination = [False]  # whether each open group is a destination (\title, \author, \*...): its end parts words
    opened = False  # the previous token opened a group
    skip = 0  # fallback characters still to skip after a \uN
    pending = bytearray()  # \'hh bytes, decoded together (a multi-byte code page)

    def flush():
        if pending:
            out.append(pending.decode(codepage, errors="replace"))
            pending.clear()

    for m in _RTF_TOKEN.finditer(data):
        hexa, uni, word, num, sym, brace, text = m.groups()
        if opened and (word in _RTF_DESTINATIONS or sym == b"*"):
            destination[-1] = True
        opened = brace == b"{"
        if hexa is not None:
            if skip:
                skip -= 1
                continue
            pending.append(int(hexa, 16))
            continue
        flush()
        if uni is not None:
            n = int(uni)
            out.append(chr(n + 65536 if n < 0 else n) if -32768 <= n <= 0x10FFFF else "")
            skip = skip_of[-1]
        elif word is not None:
            skip = 0
            if word == b"uc" and num is not None:
                skip_of[-1] = int(num)
            else:
                out.append(_RTF_BREAK.get(word, ""))
        elif sym is not None:
            skip = 0
            out.append({"~": " ", "-": "", "_": "-", "\n": "\n", "\r": "\n"}.get(sym.decode("latin-1"), sym.decode("latin-1")))
        elif brace is not None:
            skip = 0
            if brace == b"{":
                skip_of.append(skip_of[-1])
                destination.append(False)
            elif len(skip_of) > 1:
                skip_of.pop()
                if destination.pop():
                    out.append("\n")
        else:
            chunk = text.replace(b"\r", b"").replace(b"\n", b"")
            if skip:
                cut = min(skip, len(chunk))
                chunk, skip = chunk[cut:], skip - cut
            out.append(chunk.decode(codepage, errors="replace"))
    flush()
    return "".join(out)


# UTF-16 text inside binary data (Windows keeps names and text so: OLE streams, resources, EXIF XP tags; a
# font's names, Java and Mac files are big-endian): runs of 4 or more characters of the scripts and
# punctuation text is written in: Latin-1, U+0100-U+05FF (Latin extended, Greek, Cyrillic, Hebrew),
# U+1E00-U+1EFF, U+2000-U+21FF (punctuation: curly quotes, dashes, zero-width characters), U+3000-U+30FF
# (the ideographic space, kana), U+FE00-U+FFFC (the zero-width no-break space, full-width forms); any
# surrogate pair (an emoji, a rare ideograph: one character of the astral planes); and the characters of the
# needles beyond these (CJK, Hangul, Devanagari, Arabic, symbols such as ✨: Utf16Chars.of), with those NFKC
# makes theirs. Not every script always: a third of the BMP is CJK and Hangul, so random bytes would read as
# runs of it everywhere, to no purpose but a needle's.
_UTF16_CHARS = "\t\n\r\x20-\x7e\xa0-\u05ff\u1e00-\u1eff\u2000-\u21ff\u3000-\u30ff\ufe00-\ufffc"
_ASTRAL = "\U00010000-\U0010ffff"  # a surrogate pair, decoded (a lone surrogate is no text)
_UTF16_CHAR = re.compile(f"[{_UTF16_CHARS}]")
_ASTRAL_CHAR = re.compile(f"[{_ASTRAL}]")
_IS_MARK = ("Mn", "Mc", "Me")


class Utf16Chars:
    """How UTF-16 is read out of binary data: its runs (`run`), their characters (`char`),
    the combining marks among its characters (`combining`: NFKC joins one to the letter before it, so a mark
    that only happens to follow a string, its bytes the next field's, would change the string's last letter)."""

    # Made on first use: most builds read no binary data, and the combining marks are a walk over the BMP
    # (8 ms), which every build would otherwise pay on import.
    def __init__(self, extra: tuple[int, ...] = ()):
        self.extra = extra

    @cached_property
    def _chars(self) -> str:
        return _UTF16_CHARS + _char_class(self.extra) + _ASTRAL

    @cached_property
    def run(self) -> re.Pattern:
        return re.compile(f"[{self._chars}]{{4,}}")

    @cached_property
    def char(self) -> re.Pattern:
        return re.compile(f"[{self._chars}]")

    @cached_property
    def combining(self) -> re.Pattern:
        return re.compile("[" + _usual_marks() + _char_class(c for c in self.extra if _is_mark(chr(c))) + "]")

    @staticmethod
    def of(needles) -> "Utf16Chars":
        """The reading that finds these needles (normalised texts): beyond _UTF16_CHARS and surrogate pairs,
        their characters of the BMP and every character NFKC and casefolding make one of them (a CJK
        compatibility ideograph, a Kangxi radical, a capital), and those they decompose to. The usual reading
        when they have none."""
        wanted = set()
        for text in needles:
            if not text.isascii():
                wanted.update(_BEYOND.findall(text))
        return _reading_for(frozenset(c for c in wanted if ord(c) < 0x10000))


_BEYOND = re.compile(f"[^{_UTF16_CHARS}{_ASTRAL}\ud800-\udfff]")


def _reading_for(wanted: frozenset) -> Utf16Chars:
    if not wanted:
        return UTF16
    key = "".join(sorted(wanted))
    got = _READINGS.get(key)
    if got is None:
        # and what they decompose to (Hangul written as its letters, jamo, as a Mac writes names)
        codes = {ord(c) for w in wanted for c in w + unicodedata.normalize("NFKD", w) if ord(c) < 0x10000}
        for cp in range(0x80, 0x10000):
            if 0xD800 <= cp < 0xE000 or cp in codes:
                continue
            c = chr(cp)
            if not _UTF16_CHAR.match(c) and not wanted.isdisjoint(unicodedata.normalize("NFKC", c).casefold()):
                codes.add(cp)
        if len(_READINGS) > 8:
            _READINGS.clear()
        got = _READINGS[key] = Utf16Chars(tuple(sorted(codes)))
    return got


_READINGS: dict[str, Utf16Chars] = {}
_UTF16_CHUNK = 1 << 22  # bytes decoded at a time (even): a 200 MB file is not held as 400 MB of text
# A run of UTF-16 read out of binary data is wrapped in these (private-use characters, which no needle and no
# run holds): nothing marks where such a string starts or ends (the bytes before it, a length or another
# field, read as letters just as well), so the audit reads a run without the whole-word rule (auditor.py).
LOOSE_START, LOOSE_END = "\ue000", "\ue001"
# Binary data's own 8-bit text (its ASCII/UTF-8, an OLE stream's Windows-1252, text holding a NUL) is wrapped in
# these: a string there is stored after whatever the format puts before it too (a length byte 0x41-0x5a or
# 0x30-0x39 reads as a letter or digit, a field glued to it), so the audit reads a needle of several words there
# whatever touches it; a needle of one word keeps the whole-word rule, which stops 'ep1' matching image bytes.
PHRASES_START, PHRASES_END = "\ue002", "\ue003"


def phrases(text: str) -> str:
    """`text` read out of binary data, marked as such (PHRASES_START/PHRASES_END: see auditor._scan_needles).
    A combining mark there may be the first bytes of the next field (0xCC 0x81 is U+0301), which NFKC would
    join to a string's last letter: the text before each (_MARK_REACH characters at most, from the last NUL)
    is read once more without it."""
    marks = [i for i in map(re.Match.start, _marks().finditer(text)) if i and text[i - 1] != "\0"]
    if marks:
        before = []
        for i in marks:
            j = text.rfind("\0", max(0, i - _MARK_REACH), i)
            before.append(text[j + 1 if j >= 0 else max(0, i - _MARK_REACH):i])
        text += "\0" + "\0".join(before)
    return PHRASES_START + text + PHRASES_END


def _char_class(codes) -> str:
    """A regex character class's inside for these code points, as ranges."""
    out, codes = [], sorted(codes)
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        out.append(re.escape(chr(codes[i])) + ("-" + re.escape(chr(codes[j])) if j > i else ""))
        i = j + 1
    return "".join(out)


@cache
def _marks() -> re.Pattern:
    """Combining marks (of the BMP)."""
    known = unicode_tables.KNOWN.get(unicodedata.unidata_version)
    return re.compile("[" + (known[1] if known else _bmp_marks()) + "]")


def _bmp_marks() -> str:
    """Every combining mark of the BMP, as a character class's inside: a walk over it (9 ms)."""
    return _char_class(c for c in range(0x0300, 0x10000) if unicodedata.category(chr(c)) in _IS_MARK)


def _usual_marks() -> str:
    """The combining marks among the characters the usual UTF-16 reading holds (see _marks)."""
    known = unicode_tables.KNOWN.get(unicodedata.unidata_version)
    return known[0] if known else _usual_marks_walk()


def _usual_marks_walk() -> str:
    return _char_class(c for c in range(0x0300, 0xFFFD) if _UTF16_CHAR.match(chr(c)) and _is_mark(chr(c)))


def _is_mark(c: str) -> bool:
    return bool(unicodedata.combining(c)) or unicodedata.category(c) in _IS_MARK


_MARK_REACH = 256  # covers a title or a sentence needle (16 words)
UTF16 = Utf16Chars()  # the usual reading (needles in the scripts _UTF16_CHARS holds)


def utf16_runs(data: bytes, chars: Utf16Chars | None = None) -> str:
    """The UTF-16 runs of binary data, little- and big-endian, at even and odd offsets (each reading apart:
    bytes before a string never shift it); a run holding a combining mark once more with the marks as NUL.
    The readings of the same bytes make one group (ASCII in one byte order reads in the other too, a byte
    off, its first or last letter made of a byte of the next field), apart by NUL between LOOSE_START and
    LOOSE_END; groups apart by NUL."""
    if b"\x00" not in data:
        return ""
    chars = chars or UTF16
    runs = [(a, b, text) for codec in ("utf-16-le", "utf-16-be") for parity in (0, 1)
            for a, b, text in _utf16_reading(data, codec, parity, chars)]
    if not runs:
        return ""
    runs.sort()
    groups: list[list[str]] = []
    reach = -1
    for a, b, text in runs:
        if a >= reach:
            groups.append([])
        groups[-1].append(text)
        if chars.combining.search(text):
            groups[-1].append(chars.combining.sub("\0", text))
        reach = max(reach, b)
    return "\0".join(LOOSE_START + "\0".join(g) + LOOSE_END for g in groups)


def _utf16_reading(data: bytes, codec: str, parity: int, chars: Utf16Chars):
    """(first byte, byte after, text) of each run of `data[parity:]` read as `codec`, chunk by chunk (a run
    across two chunks whole, a surrogate pair too)."""
    end = parity + (len(data) - parity) // 2 * 2
    high = 1 if codec == "utf-16-le" else 0  # the byte of a unit that tells a high surrogate (0xD8-0xDB)
    pending, at = "", parity
    while at < end:
        stop = min(at + _UTF16_CHUNK, end)
        if stop < end and 0xD8 <= data[stop - 2 + high] <= 0xDB:  # the first half of a pair: read with the second
            stop -= 2
        more = stop < end
        text = pending + data[at:stop].decode(codec, "surrogatepass")
        # Bytes from characters: a decoded pair is one character of four bytes.
        astral = [m.start() for m in _ASTRAL_CHAR.finditer(text)]
        base = at - 2 * (len(pending) + bisect.bisect_left(astral, len(pending)))  # the byte where text starts
        runs = list(chars.run.finditer(text))
        if runs and runs[-1].end() == len(text) and more:
            pending = runs.pop().group()  # it may go on in the next chunk
        else:
            # fewer than 4 characters of text at the end may start a run in the next chunk
            k, floor = len(text), max(len(text) - 3, runs[-1].end() if runs else 0)
            while k > floor and chars.char.match(text[k - 1]):
                k -= 1
            pending = text[k:] if more else ""
        for m in runs:
            a, b = m.span()
            yield base + 2 * (a + bisect.bisect_left(astral, a)), base + 2 * (b + bisect.bisect_left(astral, b)), m.group()
        at = stop


def _pdf_outline(reader) -> list[str]:
    """The titles of a PDF's bookmarks, however deep (Word exports its headings as bookmarks)."""
    out: list[str] = []
    try:
        stack = list(reader.outline)
        while stack and len(out) < 100_000:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            else:
                out.append(str(getattr(item, "title", "") or ""))
    except Exception:
        pass
    return out


def _pdf_attachments(reader, budget: Budget) -> list[tuple[str, bytes]]:
    """The files attached to a PDF (its EmbeddedFiles), each to be read as any file is."""
    try:
        out = []
        for name, blobs in (reader.attachments or {}).items():
            for blob in blobs:
                budget.take(len(blob), f"the PDF's attachment {name}")
                out.append((str(name), bytes(blob)))
        return out
    except Unreadable:
        raise
    except Exception as exc:
        raise Unreadable(f"the PDF's attached files cannot be read ({exc})") from None


MAX_PDF_OBJECTS = 500_000  # objects of a PDF whose strings the audit reads


def _pdf_strings(reader) -> list[str]:
    """Every string in every object of a PDF, wherever it is kept: a tagged (accessible) PDF's alt text and
    actual text (/Alt, /ActualText in its structure tree), notes' authors and subjects, named destinations,
    layers' names, page labels, scripts... (compressed in object streams, so not in the file's plain bytes).
    Streams' data (page contents, pictures) are not strings: the pages' text is read apart."""
    from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, TextStringObject

    out: list[str] = []
    try:
        size = int(reader.trailer.get("/Size", 0))
    except (TypeError, ValueError):
        size = 0
    if size > MAX_PDF_OBJECTS:
        raise Unreadable(f"the PDF has {size:,} objects, over the {MAX_PDF_OBJECTS:,} the audit reads")
    for number in range(1, size):
        try:
            stack = [reader.get_object(number)]
        except Exception:  # a free or damaged entry: pypdf raises many kinds
            continue
        while stack:
            obj = stack.pop()
            if isinstance(obj, TextStringObject):
                out.append(str(obj))
            elif isinstance(obj, ByteStringObject):
                out.append(bytes(obj).decode("latin-1"))
            elif isinstance(obj, DictionaryObject):  # a stream's dictionary too
                stack.extend(v for v in obj.values() if not hasattr(v, "idnum"))
            elif isinstance(obj, ArrayObject):
                stack.extend(v for v in obj if not hasattr(v, "idnum"))
    return out


def _pdf_revisions(data: bytes) -> list[bytes]:
    """The file as each earlier save left it: a PDF edited and saved again (Acrobat, an incremental update)
    keeps what the edit replaced, up to the %%EOF of that save."""
    out, at = [], data.find(b"%%EOF")
    while at >= 0:
        end = at + 5
        at = data.find(b"%%EOF", end)
        if at >= 0 and data[end:at].strip():
            out.append(data[:end])
    return out


def pdf_contents(data: bytes, budget: Budget) -> tuple[str, list[tuple[str, bytes]]]:
    """The text of every page, the document's metadata (title, author, subject, keywords, XMP), bookmarks
    and form fields, every string of every object (_pdf_strings), and the same of every earlier save of the
    file (_pdf_revisions); and its attached files. One parse of the file for both."""
    import logging

    import pypdf
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns about every odd but readable file
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as exc:  # pypdf raises several types for unsupported encryption
                raise Unreadable(f"the PDF is encrypted ({exc})") from None
            if not opened:
                raise Unreadable("the PDF is encrypted (password protected)")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise Unreadable(f"the PDF has {len(reader.pages):,} pages, over the {MAX_PDF_PAGES:,} the audit reads")
        parts = []
        meta = reader.metadata or {}
        parts += [str(v) for v in meta.values()]
        for page in reader.pages:
            parts.append(page.extract_text() or "")
            for annot in page.get("/Annots") or []:  # link targets and notes
                try:
                    obj = annot.get_object()
                    uri = (obj.get("/A") or {}).get("/URI")
                    parts += [str(x) for x in (uri, obj.get("/Contents")) if x]
                except Exception:
                    pass
        xmp = reader.trailer.get("/Root", {}).get("/Metadata") if reader.trailer else None
        if xmp is not None:
            try:
                parts.append(xmp.get_object().get_data().decode("utf-8", errors="replace"))
            except Exception:
                pass
        parts += _pdf_outline(reader)
        try:  # form fields: their names, values and tooltips (a booking form filled in)
            for name, field in (reader.get_fields() or {}).items():
                parts += [str(x) for x in (name, field.get("/V"), field.get("/TU"), field.get("/TM")) if x]
        except Exception:
            pass
        parts += _pdf_strings(reader)
        for earlier in _pdf_revisions(data):
            try:
                old = pypdf.PdfReader(io.BytesIO(earlier), strict=False)
                if len(old.pages) <= MAX_PDF_PAGES:
                    parts += [page.extract_text() or "" for page in old.pages]
                parts += _pdf_strings(old)
            except Unreadable:
                raise
            except Exception:  # an earlier save that is no PDF of its own (a linearized file's first part)
                pass
        return "\n".join(parts), _pdf_attachments(reader, budget)
    except Unreadable:
        raise
    except (PdfReadError, Exception) as exc:  # a damaged PDF makes pypdf raise almost anything
        raise Unreadable(f"it is not a readable PDF ({type(exc).__name__}: {exc})"[:300]) from None


_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
TEXT_NAMES = (".txt", ".csv", ".tsv", ".md", ".html", ".htm", ".xml", ".json", ".svg", ".ics", ".vtt", ".srt",
              ".css", ".js", ".rss", ".yaml", ".yml", ".rtf")


def decode_text(data: bytes, name: str, chars: Utf16Chars | None = None) -> tuple[str, bool]:
    """(text, whether the data is binary): text as its reader decodes it: by its BOM, as UTF-8, as
    UTF-16/32 by its pattern of NUL bytes, by detection for files named as text; anything else (images,
    fonts) is binary, read byte by byte (binary_text), so ASCII in a binary file (a PNG's text chunk) is
    still read."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace"), False
    # Text with a NUL in it (a text file has none) is binary data too: its UTF-16 strings are read as well
    # (utf16_runs): a header or a field before one reads as a letter stuck to it ('ԀQuiet...').
    # Its own text, where it holds a NUL and the file is not named as text (a page or a .txt with a stray NUL is
    # still text), is read as binary data's (phrases): a length byte before a string in an all-ASCII record
    # file reads as a letter stuck to it too.
    data_named = not name.lower().endswith(TEXT_NAMES)
    runs = (lambda text: (phrases(text) if data_named and "\0" in text else text) + "\0" + utf16_runs(data, chars)) \
        if b"\0" in data else (lambda text: text)
    head = data[:4096]
    if len(head) >= 16:  # UTF-16/32 without a BOM (mostly ASCII text: a NUL in every other byte, or three in four)
        z = [head[i::4].count(0) / len(head[i::4]) for i in range(4)]
        for codec, zero, other in (("utf-32-le", (1, 2, 3), (0,)), ("utf-32-be", (0, 1, 2), (3,)),
                                   ("utf-16-le", (1, 3), (0, 2)), ("utf-16-be", (0, 2), (1, 3))):
            if all(z[i] > 0.6 for i in zero) and all(z[i] < 0.2 for i in other):
                width = 4 if "32" in codec else 2
                return runs(data[: len(data) // width * width].decode(codec, errors="replace")), False
    try:
        return runs(data.decode("utf-8")), False
    except UnicodeDecodeError:
        pass
    if name.lower().endswith(TEXT_NAMES):
        try:
            from charset_normalizer import from_bytes

            best = from_bytes(data[:1_000_000]).best()
            if best is not None:
                return runs(data.decode(best.encoding, errors="replace")), False
        except Exception:
            pass
    elif _looks_8bit_text(data):  # any other name (.prn, .log, .vcf): Windows-1252, what Excel and Notepad write
        return runs(data.decode("cp1252", errors="replace")), False
    return binary_text(data, chars=chars), True


def _looks_8bit_text(data: bytes) -> bool:
    """No NUL and hardly any control bytes but tab and line ends: text in an 8-bit code page, not binary
    data (an image or a font has control bytes all through)."""
    head = data[:65536]
    if b"\0" in head:
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls * 200 <= len(head)


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"


# What separates words in binary data decoded as UTF-8: bytes that are not UTF-8 (U+FFFD) and control
# characters that are not whitespace. A run of them reads as one NUL, which a needle never holds either:
# the same matches, on a text a third shorter and mostly ASCII (so normalising it is four times faster).
_GARBAGE = re.compile("[\x00-\x08\x0e-\x1b\x7f\ufffd\ue000-\ue003]+")


def binary_text(data: bytes, runs: bool = True, chars: Utf16Chars | None = None) -> str:
    """Binary data (an image, audio frames) as text: what it holds as ASCII or UTF-8, the rest one NUL
    between the pieces, marked as read out of binary data (phrases); then its UTF-16 runs (`runs`)."""
    text = phrases(_GARBAGE.sub("\0", data.decode("utf-8", errors="replace")))
    found = utf16_runs(data, chars) if runs else ""
    return text + "\0" + found if found else text
