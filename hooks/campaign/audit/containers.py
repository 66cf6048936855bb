"""Opening what a published file contains, for the leak audit: gzip, the zip family (DOCX, XLSX, PPTX, ODT,
EPUB, nested zips), PDF text and metadata (pypdf), and text in UTF-8/16/32 (BOM, NUL pattern, or detection).

Every opener is bounded: sizes, compression ratio, nesting depth and member count have limits, and a
file beyond them (a zip bomb), encrypted or corrupt raises `Unreadable`, which fails the build naming the
file: what the audit cannot read, it cannot clear.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib

MAX_FILE = 200 * 1024 * 1024      # bytes the audit reads of one file (a larger one fails the build)
MAX_MEMBER = 64 * 1024 * 1024     # uncompressed bytes of one member or one gzip stream
MAX_TOTAL = 256 * 1024 * 1024     # uncompressed bytes of one container, all members and depths together
MAX_RATIO = 200                   # uncompressed / compressed, for members over 1 MB
MAX_DEPTH = 4                     # containers inside containers
MAX_MEMBERS = 20_000
MAX_PDF_PAGES = 2_000
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


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


def is_gzip(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b"


def is_zip(data: bytes) -> bool:
    return data[:4] in ZIP_MAGIC


def is_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def gunzip(data: bytes, budget: Budget) -> bytes:
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(data, MAX_MEMBER + 1)
    except zlib.error as exc:
        raise Unreadable(f"the gzip data is corrupt ({exc})") from None
    if len(out) > MAX_MEMBER or d.unconsumed_tail:
        raise Unreadable(f"it unpacks to more than {MAX_MEMBER // (1024 * 1024)} MB (a gzip bomb, or too big to check)")
    budget.take(len(out), "it")
    return out


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


def pdf_text(data: bytes) -> str:
    """The text of every page and the document's metadata (title, author, subject, keywords, XMP)."""
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
        return "\n".join(parts)
    except Unreadable:
        raise
    except (PdfReadError, Exception) as exc:  # a damaged PDF makes pypdf raise almost anything
        raise Unreadable(f"it is not a readable PDF ({type(exc).__name__}: {exc})"[:300]) from None


_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
TEXT_NAMES = (".txt", ".csv", ".tsv", ".md", ".html", ".htm", ".xml", ".json", ".svg", ".ics", ".vtt", ".srt",
              ".css", ".js", ".rss", ".yaml", ".yml", ".rtf")


def decode_text(data: bytes, name: str) -> tuple[str, bool]:
    """(text, whether the data is binary): text as its reader decodes it: by its BOM, as UTF-8, as
    UTF-16/32 by its pattern of NUL bytes, by detection for files named as text; anything else (images,
    fonts) is binary, read byte by byte (binary_text), so ASCII in a binary file (a PNG's text chunk) is
    still read."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace"), False
    head = data[:4096]
    if len(head) >= 16:  # UTF-16/32 without a BOM (mostly ASCII text: a NUL in every other byte, or three in four)
        z = [head[i::4].count(0) / len(head[i::4]) for i in range(4)]
        for codec, zero, other in (("utf-32-le", (1, 2, 3), (0,)), ("utf-32-be", (0, 1, 2), (3,)),
                                   ("utf-16-le", (1, 3), (0, 2)), ("utf-16-be", (0, 2), (1, 3))):
            if all(z[i] > 0.6 for i in zero) and all(z[i] < 0.2 for i in other):
                width = 4 if "32" in codec else 2
                return data[: len(data) // width * width].decode(codec, errors="replace"), False
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        pass
    if name.lower().endswith(TEXT_NAMES):
        try:
            from charset_normalizer import from_bytes

            best = from_bytes(data[:1_000_000]).best()
            if best is not None:
                return data.decode(best.encoding, errors="replace"), False
        except Exception:
            pass
    return binary_text(data), True


# What separates words in binary data decoded as UTF-8: bytes that are not UTF-8 (U+FFFD) and control
# characters that are not whitespace. A run of them reads as one NUL, which a needle never holds either:
# the same matches, on a text a third shorter and mostly ASCII (so normalising it is four times faster).
_GARBAGE = re.compile("[\x00-\x08\x0e-\x1b\x7f\ufffd]+")


def binary_text(data: bytes) -> str:
    """Binary data (an image, audio frames) as text: what it holds as ASCII or UTF-8, the rest one NUL
    between the pieces."""
    return _GARBAGE.sub("\0", data.decode("utf-8", errors="replace"))
