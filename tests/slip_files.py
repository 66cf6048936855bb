"""Files an honest editor might drop under docs/ as a download, made here byte by byte (never committed):
the zip family (DOCX, XLSX, PPTX, ODT, nested zips, a ZipCrypto-encrypted zip, a cut-off zip), PDF (plain,
compressed, split by kerning, metadata, XMP, encrypted), UTF-16/32 text, RTF, PNG text chunks, a legacy Word
(OLE compound) file, 7z (LZMA2), RAR (stored and compressed), tar, gzip/xz/bz2/zstd, ID3 tags, iCalendar.

Only the standard library (and pypdf, for encryption) is used, so a fixture is what the format says, not
what one library reads back. tests/test_editor_slips.py checks the builders against the readers it has."""
from __future__ import annotations

import bz2
import gzip
import io
import lzma
import shutil
import struct
import subprocess
import tarfile
import zipfile
import zlib
from xml.sax.saxutils import escape

FIXED_TIME = (2026, 11, 2, 9, 30, 0)


def _b(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


# ---------------------------------------------------------------------------------------------------- zip family

def zip_bytes(members: dict[str, str | bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, FIXED_TIME)
            # ODF wants its mimetype first and stored
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else compression
            z.writestr(info, _b(data))
    return out.getvalue()


_CT = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _runs_w(runs: list[str]) -> str:
    return "".join(f'<w:r><w:rPr>{"<w:i/>" if i % 2 else ""}</w:rPr><w:t xml:space="preserve">{escape(r)}</w:t></w:r>'
                   for i, r in enumerate(runs))


def docx(paragraphs: list[list[str]], title: str | None = None, header: list[str] | None = None,
         deleted: str | None = None, comment: str | None = None) -> bytes:
    """A Word document: each paragraph a list of runs (Word splits text into runs at every format change);
    `deleted`: text deleted with Track Changes on (kept as w:delText); `comment`: a reviewer's comment."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = "".join(f"<w:p>{_runs_w(p)}</w:p>" for p in paragraphs)
    if deleted:
        body += (f'<w:p><w:del w:id="1" w:author="Editor" w:date="2026-11-02T09:30:00Z"><w:r><w:delText xml:space="preserve">'
                 f"{escape(deleted)}</w:delText></w:r></w:del></w:p>")
    members = {
        "[Content_Types].xml": _CT + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        "</Types>",
        "_rels/.rels": _CT + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        "</Relationships>",
        "word/document.xml": _CT + f"<w:document {w}><w:body>{body}<w:sectPr/></w:body></w:document>",
        "docProps/core.xml": _CT + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(title or '')}</dc:title><dc:creator>Campaign team</dc:creator></cp:coreProperties>",
    }
    if header:
        members["word/header1.xml"] = _CT + f"<w:hdr {w}><w:p>{_runs_w(header)}</w:p></w:hdr>"
    if comment:
        members["word/comments.xml"] = (_CT + f'<w:comments {w}><w:comment w:id="0" w:author="Approver" w:initials="AP">'
                                        f"<w:p>{_runs_w([comment])}</w:p></w:comment></w:comments>")
    return zip_bytes(members)


def xlsx(rows: list[list[str]], shared: bool = True) -> bytes:
    """An Excel workbook (a content calendar): strings in sharedStrings.xml, or inline in the sheet."""
    strings: list[str] = []
    cells = []
    for r, row in enumerate(rows, 1):
        cs = []
        for c, value in enumerate(row):
            ref = f"{chr(65 + c)}{r}"
            if shared:
                strings.append(value)
                cs.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
            else:
                cs.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
        cells.append(f'<row r="{r}">{"".join(cs)}</row>')
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    members = {
        "[Content_Types].xml": _CT + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        "</Types>",
        "_rels/.rels": _CT + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": _CT + f'<workbook {main} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": _CT + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": _CT + f"<worksheet {main}><sheetData>{''.join(cells)}</sheetData></worksheet>",
        "xl/sharedStrings.xml": _CT + f'<sst {main} count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>",
    }
    return zip_bytes(members)


def pptx(slides: list[list[str]], notes: str | None = None) -> bytes:
    """A PowerPoint deck: each slide a list of runs in one text box; `notes`: the first slide's speaker notes."""
    a = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    p = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
    members = {
        "[Content_Types].xml": _CT + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>'
        + "".join(f'<Override PartName="/ppt/slides/slide{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/>'
                  for i in range(1, len(slides) + 1)) + "</Types>",
        "_rels/.rels": _CT + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="ppt/presentation.xml"/>'
        "</Relationships>",
        "ppt/presentation.xml": _CT + f"<p:presentation {p}><p:sldIdLst/></p:presentation>",
    }
    for i, runs in enumerate(slides, 1):
        text = "".join(f"<a:r><a:rPr lang=\"en-GB\"/><a:t>{escape(r)}</a:t></a:r>" for r in runs)
        members[f"ppt/slides/slide{i}.xml"] = (_CT + f"<p:sld {a} {p}><p:cSld><p:spTree><p:sp><p:txBody>"
                                              f"<a:bodyPr/><a:p>{text}</a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>")
    if notes:
        members["ppt/notesSlides/notesSlide1.xml"] = (_CT + f"<p:notes {a} {p}><p:cSld><p:spTree><p:sp><p:txBody><a:bodyPr/>"
                                                      f"<a:p><a:r><a:t>{escape(notes)}</a:t></a:r></a:p></p:txBody></p:sp>"
                                                      "</p:spTree></p:cSld></p:notes>")
    return zip_bytes(members)


def odt(paragraphs: list[list[str]], title: str | None = None) -> bytes:
    """An OpenDocument text: runs after the first in <text:span> (LibreOffice's formatting)."""
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" '
          'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"')
    paras = "".join("<text:p>" + "".join(escape(r) if i == 0 else f'<text:span text:style-name="T1">{escape(r)}</text:span>'
                                         for i, r in enumerate(p)) + "</text:p>" for p in paragraphs)
    return zip_bytes({
        "mimetype": "application/vnd.oasis.opendocument.text",
        "META-INF/manifest.xml": _CT + '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/></manifest:manifest>',
        "content.xml": _CT + f'<office:document-content {ns} office:version="1.3"><office:body><office:text>{paras}'
        "</office:text></office:body></office:document-content>",
        "meta.xml": _CT + f'<office:document-meta {ns} office:version="1.3"><office:meta>'
        f"<dc:title>{escape(title or '')}</dc:title></office:meta></office:document-meta>",
    })


_CRC_TABLE = []
for _n in range(256):
    _c = _n
    for _ in range(8):
        _c = (_c >> 1) ^ 0xEDB88320 if _c & 1 else _c >> 1
    _CRC_TABLE.append(_c)


def zipcrypto(name: str, data: str | bytes, password: bytes = b"spring2026") -> bytes:
    """A zip whose one member is encrypted with the traditional PKWARE cipher ('ZipCrypto', what Windows'
    and 7-Zip's 'add a password' make): nobody reads it without the password."""
    data = _b(data)
    crc = zlib.crc32(data) & 0xFFFFFFFF
    keys = [0x12345678, 0x23456789, 0x34567890]

    def update(b: int) -> None:
        keys[0] = (keys[0] >> 8) ^ _CRC_TABLE[(keys[0] ^ b) & 0xFF]
        keys[1] = ((keys[1] + (keys[0] & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        keys[2] = (keys[2] >> 8) ^ _CRC_TABLE[(keys[2] ^ (keys[1] >> 24)) & 0xFF]

    for b in password:
        update(b)
    out = bytearray()
    for p in bytes(range(7, 18)) + bytes([crc >> 24]):
        t = (keys[2] | 2) & 0xFFFF
        out.append(p ^ (((t * (t ^ 1)) >> 8) & 0xFF))
        update(p)
    for p in data:
        t = (keys[2] | 2) & 0xFFFF
        out.append(p ^ (((t * (t ^ 1)) >> 8) & 0xFF))
        update(p)
    fn = name.encode()
    dostime, dosdate = (9 << 11) | (30 << 5), ((2026 - 1980) << 9) | (11 << 5) | 2
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 1, 0, dostime, dosdate, crc, len(out), len(data), len(fn), 0) + fn
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 1, 0, dostime, dosdate, crc, len(out), len(data),
                          len(fn), 0, 0, 0, 0, 0x20, 0) + fn
    body = local + bytes(out)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(body), 0)
    return body + central + end


# ---------------------------------------------------------------------------------------------------- PDF

def _pdf_lit(s: str) -> bytes:
    raw = s.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _pdf_hex_utf16(s: str) -> bytes:
    return b"<FEFF" + s.encode("utf-16-be").hex().upper().encode() + b">"


def pdf(lines: list[str | list[str]], *, compress: bool = True, title: str | None = None, utf16_title: bool = False,
        xmp_title: str | None = None, subject: str | None = None, link: str | None = None, note: str | None = None) -> bytes:
    """A one-page PDF: each line a string (one Tj) or a list of parts (one TJ with kerning between them, as
    word processors write justified text). Title/subject in the Info dictionary, optionally XMP too."""
    ops = [b"BT /F1 11 Tf 72 760 Td 14 TL"]
    for line in lines:
        if isinstance(line, str):
            ops.append(_pdf_lit(line) + b" Tj T*")
        else:
            ops.append(b"[" + b" -12 ".join(_pdf_lit(p) for p in line) + b"] TJ T*")
    ops.append(b"ET")
    content = b"\n".join(ops) + b"\n"
    objs: list[bytes] = []
    objs.append(b"<< /Type /Catalog /Pages 2 0 R" + (b" /Metadata 7 0 R" if xmp_title else b"") + b" >>")
    objs.append(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    annots = []
    if link:
        annots.append(b"<< /Type /Annot /Subtype /Link /Rect [72 700 300 714] /Border [0 0 0] /A << /S /URI /URI "
                      + _pdf_lit(link) + b" >> >>")
    if note:
        annots.append(b"<< /Type /Annot /Subtype /Text /Rect [20 800 40 820] /T (Approver) /Contents " + _pdf_lit(note) + b" >>")
    first_annot = 7 + (1 if xmp_title else 0)
    refs = b" ".join(b"%d 0 R" % (first_annot + i) for i in range(len(annots)))
    objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R"
                + (b" /Annots [" + refs + b"]" if annots else b"") + b" >>")
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    if compress:
        z = zlib.compress(content)
        objs.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(z) + z + b"\nendstream")
    else:
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    info = b"<< /Producer (Microsoft Word for Microsoft 365) /Author (Campaign team)"
    if title is not None:
        info += b" /Title " + (_pdf_hex_utf16(title) if utf16_title else _pdf_lit(title))
    if subject is not None:
        info += b" /Subject " + _pdf_lit(subject)
    objs.append(info + b" >>")
    if xmp_title:
        xmp = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
               '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
               'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">'
               f"{escape(xmp_title)}</rdf:li></rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta>"
               '<?xpacket end="w"?>').encode("utf-8")
        objs.append(b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n" % len(xmp) + xmp + b"\nendstream")
    objs += annots
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def pdf_encrypted(lines: list[str], user_password: str, title: str | None = None) -> bytes:
    """The same PDF saved with 'Encrypt with password' (RC4 128-bit, pypdf's own cipher: no other library)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf(lines, title=title))))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------------- text encodings

def utf16(text: str, *, bom: bool = True, big_endian: bool = False) -> bytes:
    """Excel's 'Unicode text' export: UTF-16 LE with a BOM and CRLF line ends."""
    text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    enc = "utf-16-be" if big_endian else "utf-16-le"
    return ((b"\xfe\xff" if big_endian else b"\xff\xfe") if bom else b"") + text.encode(enc)


def utf32(text: str) -> bytes:
    return b"\xff\xfe\x00\x00" + text.encode("utf-32-le")


def rtf(paragraphs: list[list[str]]) -> bytes:
    """WordPad/Word RTF: runs after the first in {\\b ...} groups, non-ASCII as \\'hh (cp1252) or \\uN?."""
    def esc(s: str) -> str:
        out = []
        for ch in s:
            if ch in "\\{}":
                out.append("\\" + ch)
            elif ord(ch) < 128:
                out.append(ch)
            else:
                try:
                    out.append("\\'%02x" % ch.encode("cp1252")[0])
                except UnicodeEncodeError:
                    out.append("\\u%d?" % (ord(ch) if ord(ch) < 32768 else ord(ch) - 65536))
        return "".join(out)
    body = "".join("\\pard " + "".join(esc(r) if i == 0 else "{\\b " + esc(r) + "}" for i, r in enumerate(p)) + "\\par\n"
                   for p in paragraphs)
    return ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Calibri;}}\\f0\\fs22\n" + body + "}\n").encode("ascii")


# ---------------------------------------------------------------------------------------------------- images

def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(texts: list[tuple[str, str, str]]) -> bytes:
    """A 1x1 grey PNG with text chunks: (chunk type tEXt/zTXt/iTXt, keyword, text)."""
    out = b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    for kind, key, text in texts:
        if kind == "tEXt":
            data = key.encode("latin-1") + b"\0" + text.encode("latin-1", errors="replace")
        elif kind == "zTXt":
            data = key.encode("latin-1") + b"\0\0" + zlib.compress(text.encode("latin-1", errors="replace"))
        else:  # iTXt, compressed
            data = key.encode("latin-1") + b"\0\1\0en-GB\0\0" + zlib.compress(text.encode("utf-8"))
        out += _png_chunk(kind.encode(), data)
    return out + _png_chunk(b"IDAT", zlib.compress(b"\0\x80")) + _png_chunk(b"IEND", b"")


def svg_with_title(title: str, desc: str = "") -> bytes:
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 60" width="120" height="60" role="img">'
            f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>"
            '<rect width="120" height="60" fill="#eef0fa"/></svg>\n').encode("utf-8")


# ---------------------------------------------------------------------------------------------------- OLE (legacy .doc)

def ole_doc(text: str) -> bytes:
    """A Word 97-2003 .doc: an OLE compound file (v3, 512-byte sectors) whose WordDocument stream holds the
    text as UTF-16LE after a FIB-like header, where Word keeps text with characters outside cp1252."""
    FREE, END, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    stream = bytearray(4608)
    stream[0:4] = b"\xec\xa5\xc1\x00"  # wIdent 0xA5EC, nFib 0x00C1
    body = text.encode("utf-16-le")
    stream[0x800:0x800 + len(body)] = body
    stream = bytes(stream)
    nsect = (len(stream) + 511) // 512
    fat = [FATSECT, END] + [2 + i + 1 for i in range(nsect - 1)] + [END]
    fat += [FREE] * (128 - len(fat))
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 0x1000, END, 0, END, 0)
    struct.pack_into("<I", header, 76, 0)
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, FREE)

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        e = bytearray(128)
        n = name.encode("utf-16-le") + b"\0\0" if name else b""
        e[0:len(n)] = n
        struct.pack_into("<HBB", e, 64, len(n), kind, 1)
        struct.pack_into("<III", e, 68, FREE, FREE, child)
        struct.pack_into("<IQ", e, 116, start, size)
        return bytes(e)

    directory = entry("Root Entry", 5, 1, END, 0) + entry("WordDocument", 2, FREE, 2, len(stream))
    directory += entry("", 0, FREE, 0, 0) * 2
    fat_sector = struct.pack("<128I", *fat)
    return bytes(header) + fat_sector + directory + stream.ljust(nsect * 512, b"\0")


# ---------------------------------------------------------------------------------------------------- archives

def _7z_num(n: int) -> bytes:
    for i in range(8):
        if n < 1 << (8 * i + 7 - i):
            first = ((0xFF << (8 - i)) & 0xFF) | (n >> (8 * i))
            return bytes([first]) + (n & ((1 << (8 * i)) - 1)).to_bytes(i, "little")
    return b"\xff" + n.to_bytes(8, "little")


def sevenzip(name: str, data: str | bytes) -> bytes:
    """A 7-Zip archive of one file, LZMA2-compressed (7-Zip's default): no text survives in the bytes."""
    data = _b(data)
    packed = lzma.compress(data, format=lzma.FORMAT_RAW, filters=[{"id": lzma.FILTER_LZMA2, "dict_size": 1 << 20}])
    n = _7z_num
    folder = n(1) + b"\x21\x21" + n(1) + bytes([16])  # one coder: LZMA2 (id 0x21), 1-byte property: 1 MiB dictionary
    header = (b"\x01\x04"
              + b"\x06" + n(0) + n(1) + b"\x09" + n(len(packed)) + b"\x00"
              + b"\x07\x0b" + n(1) + b"\x00" + folder + b"\x0c" + n(len(data))
              + b"\x0a\x01" + struct.pack("<I", zlib.crc32(data) & 0xFFFFFFFF) + b"\x00"
              + b"\x00"
              + b"\x05" + n(1))
    fname = name.encode("utf-16-le") + b"\0\0"
    header += b"\x11" + n(len(fname) + 1) + b"\x00" + fname + b"\x00\x00"
    start = struct.pack("<QQI", len(packed), len(header), zlib.crc32(header) & 0xFFFFFFFF)
    return b"7z\xbc\xaf\x27\x1c\x00\x04" + struct.pack("<I", zlib.crc32(start) & 0xFFFFFFFF) + start + packed + header


def rar(name: str, data: str | bytes, compressed: bool = False) -> bytes:
    """A RAR 4 archive of one file: stored (method 0x30), or marked compressed (0x33) with data no library
    here can unpack, as a RAR made by WinRAR is."""
    data = _b(data)
    payload = zlib.compress(data) if compressed else data

    def block(kind: int, flags: int, rest: bytes) -> bytes:
        body = struct.pack("<BHH", kind, flags, 7 + len(rest)) + rest
        return struct.pack("<H", zlib.crc32(body) & 0xFFFF) + body

    fn = name.encode()
    file_head = struct.pack("<IIBIIBBHI", len(payload), len(data), 2, zlib.crc32(data) & 0xFFFFFFFF, 0x5B624C00, 29,
                            0x33 if compressed else 0x30, len(fn), 0x20) + fn
    return (b"Rar!\x1a\x07\x00" + block(0x73, 0, b"\0" * 6) + block(0x74, 0x8000, file_head) + payload
            + block(0x7B, 0x4000, b""))


def tar_bytes(members: dict[str, str | bytes], mode: str = "w") -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode=mode) as t:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            raw = _b(data)
            info.size, info.mtime = len(raw), 1793611800
            t.addfile(info, io.BytesIO(raw))
    return out.getvalue()


def gz(data: str | bytes, name: str = "") -> bytes:
    return gzip.compress(_b(data), mtime=0)


def xz(data: str | bytes) -> bytes:
    return lzma.compress(_b(data))


def bz(data: str | bytes) -> bytes:
    return bz2.compress(_b(data))


def zstd(data: str | bytes) -> bytes | None:
    """zstd through the command-line tool (Python 3.11 has no zstd module); None without it."""
    exe = shutil.which("zstd")
    if not exe:
        return None
    return subprocess.run([exe, "-q", "-c", "-"], input=_b(data), capture_output=True, check=True).stdout


# ---------------------------------------------------------------------------------------------------- audio

def id3_strip(mp3: bytes) -> bytes:
    """The MPEG audio frames alone: ID3v2 at the start (and its footer) and ID3v1 at the end removed."""
    from slip_scanner import _id3_strip
    return _id3_strip(mp3)


def id3_tag(mp3: bytes, title: str, album: str = "", comment: str = "") -> bytes:
    """The audio retagged with an ID3v2.3 tag (UTF-16 text frames, as iTunes and Audacity write them)."""
    def frame(fid: bytes, text: str) -> bytes:
        body = b"\x01" + b"\xff\xfe" + text.encode("utf-16-le") + b"\0\0"
        return fid + struct.pack(">IH", len(body), 0) + body

    def comm(text: str) -> bytes:
        body = b"\x01eng" + b"\xff\xfe\0\0" + b"\xff\xfe" + text.encode("utf-16-le") + b"\0\0"
        return b"COMM" + struct.pack(">IH", len(body), 0) + body

    frames = frame(b"TIT2", title) + (frame(b"TALB", album) if album else b"") + (comm(comment) if comment else b"")
    size = len(frames)
    syncsafe = bytes([(size >> 21) & 0x7F, (size >> 14) & 0x7F, (size >> 7) & 0x7F, size & 0x7F])
    return b"ID3\x03\x00\x00" + syncsafe + frames + id3_strip(mp3)


# ---------------------------------------------------------------------------------------------------- calendar

def ics(events: list[dict]) -> bytes:
    """An iCalendar file (what `make schedule FORMAT=ics` or Outlook exports): escaped text, lines folded at
    75 octets."""
    def fold(line: str) -> str:
        out, cur = [], b""
        for ch in line:
            b = ch.encode("utf-8")
            if len(cur) + len(b) > (75 if not out else 74):
                out.append(cur)
                cur = b""
            cur += b
        out.append(cur)
        return "\r\n ".join(x.decode("utf-8") for x in out)

    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")

    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Campaign team//Plan//EN"]
    for e in events:
        lines += ["BEGIN:VEVENT", f"UID:{e['uid']}", f"DTSTAMP:20261102T093000Z", f"DTSTART:{e['start']}",
                  f"SUMMARY:{esc(e['summary'])}"]
        if e.get("description"):
            lines.append(f"DESCRIPTION:{esc(e['description'])}")
        if e.get("location"):
            lines.append(f"LOCATION:{esc(e['location'])}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(x) for x in lines) + "\r\n").encode("utf-8")


def pdf_object_stream(lines: list[str], title: str) -> bytes:
    """A PDF 1.5 as Word and Acrobat save it: the Info dictionary inside a compressed object stream, found
    through a cross-reference stream (no xref table, no title in the file's plain bytes)."""
    content = b"BT /F1 11 Tf 72 760 Td 14 TL\n" + b"".join(_pdf_lit(x) + b" Tj T*\n" for x in lines) + b"ET\n"
    info = b"<< /Title " + _pdf_lit(title) + b" /Producer (Microsoft Word for Microsoft 365) >>"
    return pdf_packed(content, [info], info=True)


def pdf_packed(content: bytes, packed: list[bytes], catalog: bytes = b"", page: bytes = b"", info: bool = False) -> bytes:
    """A one-page PDF 1.5 as Word and Acrobat save it: the page's content compressed, the dictionaries `packed`
    (objects 7, 8, ...; the first is the Info dictionary with `info`) inside a compressed object stream found
    through a cross-reference stream; `catalog` and `page`: more keys of those dictionaries."""
    zc = zlib.compress(content)
    offsets, body = [], b""
    for n, o in enumerate(packed, 7):
        offsets.append(f"{n} {len(body)}")
        body += o + b" "
    head = (" ".join(offsets) + " ").encode()
    objstm = zlib.compress(head + body)
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R" + catalog + b" >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]" + page
           + b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        5: b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(zc) + zc + b"\nendstream",
        6: b"<< /Type /ObjStm /N %d /First %d /Length %d /Filter /FlateDecode >>\nstream\n" % (len(packed), len(head), len(objstm))
           + objstm + b"\nendstream",
    }
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    at = {}
    for n, o in objs.items():
        at[n] = len(out)
        out += b"%d 0 obj\n" % n + o + b"\nendobj\n"
    xref, number = len(out), 7 + len(packed)
    rows = [struct.pack(">BIH", 0, 0, 0xFFFF)] + [struct.pack(">BIH", 1, at[n], 0) for n in range(1, 7)]
    rows += [struct.pack(">BIH", 2, 6, i) for i in range(len(packed))] + [struct.pack(">BIH", 1, xref, 0)]
    table = zlib.compress(b"".join(rows))
    out += (b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R%s /Length %d /Filter /FlateDecode >>\nstream\n"
            % (number, number + 1, b" /Info 7 0 R" if info else b"", len(table)) + table
            + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref)
    return bytes(out)


def wav(title: str, comment: str = "") -> bytes:
    """A WAV as Audacity exports it, with a LIST/INFO chunk: INAM (title) and ICMT (comment)."""
    def sub(cid: bytes, text: str) -> bytes:
        raw = text.encode("latin-1", "replace") + b"\0"
        return cid + struct.pack("<I", len(raw)) + raw + (b"\0" if len(raw) % 2 else b"")
    info = b"INFO" + sub(b"INAM", title) + (sub(b"ICMT", comment) if comment else b"")
    fmt = struct.pack("<HHIIHH", 1, 1, 8000, 16000, 2, 16)
    data = b"\0\0" * 800
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    body += b"LIST" + struct.pack("<I", len(info)) + info
    return b"RIFF" + struct.pack("<I", len(body)) + body


def m4a(title: str) -> bytes:
    """An M4A (MP4 audio) whose iTunes-style metadata (moov/udta/meta/ilst/\xa9nam) holds the title."""
    def box(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", 8 + len(payload)) + kind + payload
    data = box(b"data", struct.pack(">II", 1, 0) + title.encode("utf-8"))
    ilst = box(b"ilst", box(b"\xa9nam", data))
    hdlr = box(b"hdlr", b"\0\0\0\0" + b"\0\0\0\0" + b"mdir" + b"appl" + b"\0" * 9)
    meta = box(b"meta", b"\0\0\0\0" + hdlr + ilst)
    return box(b"ftyp", b"M4A \0\0\0\0M4A mp42isom") + box(b"moov", box(b"udta", meta)) + box(b"mdat", b"\0" * 64)


def jpeg_xmp(title: str, description: str = "") -> bytes:
    """A JPEG's header with an XMP packet (APP1) naming it, as Photoshop or Lightroom write it."""
    xmp = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
           '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">'
           f"{escape(title)}</rdf:li></rdf:Alt></dc:title><dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">"
           f"{escape(description)}</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
           '<?xpacket end="w"?>').encode("utf-8")
    payload = b"http://ns.adobe.com/xap/1.0/\0" + xmp
    return b"\xff\xd8" + b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload + b"\xff\xd9"


def eml(subject: str, body: str, transfer: str = "quoted-printable") -> bytes:
    """An e-mail saved from Outlook or Thunderbird as .eml: the subject as an encoded word, the body
    quoted-printable (lines folded at 76 with soft breaks) or base64."""
    from email.message import EmailMessage
    from email.policy import SMTP

    msg = EmailMessage(policy=SMTP)
    msg["From"] = "Comms team <comms@example.org>"
    msg["To"] = "Editors <editors@example.org>"
    msg["Subject"] = subject
    msg["Date"] = "Mon, 02 Nov 2026 09:30:00 +0000"
    msg.set_content(body, charset="utf-8", cte=transfer)
    return msg.as_bytes()


def cut(text: str, n: int = 3) -> list[str]:
    """Text cut into n runs at arbitrary characters (mid-word), as spell-check and revisions leave runs."""
    k = max(1, len(text) // n + 1)
    return [text[i:i + k] for i in range(0, len(text), k)]
