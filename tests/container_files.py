"""Real files of the formats the leak audit opens, made here (no binary fixture is committed): a legacy
Office compound file (OLE/CFB, as Word 97-2003 writes), PNG text chunks, RTF, tar, and every compression."""
from __future__ import annotations

import bz2
import gzip
import io
import lzma
import struct
import tarfile
import zlib

ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def ole(streams: dict[str, bytes]) -> bytes:
    """A compound file (version 3, 512-byte sectors) holding these streams, each padded to 4,096 bytes so it
    lives in ordinary sectors: what olefile, Word and LibreOffice read."""
    bodies = [(name, data.ljust(4096, b"\0")) for name, data in streams.items()]
    data_sectors = [len(b) // 512 + (len(b) % 512 > 0) for _, b in bodies]
    n_dir = (len(bodies) + 1 + 3) // 4
    first_data = 1 + n_dir
    fat = [FATSECT] + [i + 2 if i + 1 < n_dir else ENDOFCHAIN for i in range(n_dir)]
    starts, sector = [], first_data
    for n in data_sectors:
        starts.append(sector)
        fat += [sector + i + 1 if i + 1 < n else ENDOFCHAIN for i in range(n)]
        sector += n
    assert len(fat) <= 128, "one FAT sector"
    fat += [FREESECT] * (128 - len(fat))

    def entry(name: str, kind: int, start: int, size: int, child=NOSTREAM, right=NOSTREAM) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)
                + struct.pack("<III", NOSTREAM, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
                + struct.pack("<IQ", start, size))

    dirs = [entry("Root Entry", 5, ENDOFCHAIN, 0, child=1)]
    for i, ((name, body), start) in enumerate(zip(bodies, starts)):
        dirs.append(entry(name, 2, start, len(body), right=i + 2 if i + 1 < len(bodies) else NOSTREAM))
    dirs += [b"\0" * 64 + struct.pack("<HBB", 0, 0, 0) + struct.pack("<III", NOSTREAM, NOSTREAM, NOSTREAM)
             + b"\0" * 36 + struct.pack("<IQ", 0, 0)] * (n_dir * 4 - len(dirs))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
              + struct.pack("<I", 0) + struct.pack("<I", FREESECT) * 108)
    assert len(header) == 512
    out = header + struct.pack("<128I", *fat) + b"".join(dirs)
    for _, body in bodies:
        out += body.ljust((len(body) + 511) // 512 * 512, b"\0")
    return out


def doc(text: str, utf16: bool = True) -> bytes:
    """A Word 97-2003 document's streams: its text in WordDocument (UTF-16LE, or 8-bit Windows-1252)."""
    body = b"\xec\xa5\xc1\x00" + b"\0" * 60 + (text.encode("utf-16-le") if utf16 else text.encode("cp1252"))
    return ole({"WordDocument": body, "1Table": b"\x01\x00" * 20})


def png(chunks: list[tuple[bytes, bytes]]) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\0\0")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + b"".join(chunk(k, b) for k, b in chunks) + \
        chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def png_text(text: str, kind: str = "tEXt") -> bytes:
    if kind == "tEXt":
        return png([(b"tEXt", b"Description\0" + text.encode("latin-1"))])
    if kind == "zTXt":
        return png([(b"zTXt", b"Description\0\0" + zlib.compress(text.encode("latin-1")))])
    compressed = kind == "iTXt-z"
    body = text.encode("utf-8")
    return png([(b"iTXt", b"Description\0" + (b"\1\0" if compressed else b"\0\0") + b"en\0\0"
                 + (zlib.compress(body) if compressed else body))])


def rtf(text: str) -> bytes:
    """RTF as Word writes it: ASCII as it is, other characters as \\uN with a '?' fallback, words in runs."""
    out = []
    for ch in text:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ch in "\r\n\t":  # a line break in RTF source is no space: Word writes a control word
            out.append({"\t": "\\tab ", "\r": "\\line ", "\n": "\\line "}[ch])
        elif ord(ch) < 128:
            out.append(ch)
        else:
            n = ord(ch)
            if n > 0xFFFF:
                hi, lo = 0xD800 + ((n - 0x10000) >> 10), 0xDC00 + ((n - 0x10000) & 0x3FF)
                out.append(f"\\u{hi - 65536}?\\u{lo - 65536}?")
            else:
                out.append(f"\\u{n if n < 32768 else n - 65536}?")
    return ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Calibri;}}\\pard\\plain " + "".join(out) + "\\par}").encode("ascii")


def tar(members: dict[str, bytes], compression: str = "") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:" + compression) as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def compress(kind: str, data: bytes) -> bytes:
    if kind == "gzip":
        return gzip.compress(data)
    if kind == "bzip2":
        return bz2.compress(data)
    if kind == "xz":
        return lzma.compress(data)
    if kind == "lzma":
        return lzma.compress(data, format=lzma.FORMAT_ALONE)
    if kind == "zstd":
        import zstandard

        return zstandard.ZstdCompressor().compress(data)
    raise ValueError(kind)


SUFFIX = {"gzip": ".gz", "bzip2": ".bz2", "xz": ".xz", "lzma": ".lzma", "zstd": ".zst"}


def utf16_in_binary(text: str) -> bytes:
    """Binary data (no BOM, not text) with one UTF-16LE string inside, as Windows programs store names."""
    return bytes(range(256)) * 4 + b"\x00\x00" + text.encode("utf-16-le") + b"\x00\x00" + bytes(range(255, -1, -1)) * 4


# --- pictures' metadata, as cameras, Windows' file properties, Photoshop and exporters write it ---------------

def tiff(entries: list[tuple[int, int, bytes]], order: str = "<") -> bytes:
    """A TIFF structure (EXIF is one): (tag, type, value bytes) entries; UserComment (0x9286) goes into an Exif
    IFD that IFD0 points to, as cameras write it."""
    exif = [e for e in entries if e[0] == 0x9286]
    ifd0 = [e for e in entries if e[0] != 0x9286]
    size = {1: 1, 2: 1, 3: 2, 4: 4, 7: 1}

    def ifd(ents, start):
        ents = sorted(ents)
        body, blob, data_at = b"", b"", start + 2 + 12 * len(ents) + 4
        for tag, typ, val in ents:
            head = struct.pack(order + "HHI", tag, typ, len(val) // size[typ])
            if len(val) <= 4:
                body += head + val.ljust(4, b"\0")
            else:
                body += head + struct.pack(order + "I", data_at + len(blob))
                blob += val + b"\0" * (len(val) % 2)
        return struct.pack(order + "H", len(ents)) + body + struct.pack(order + "I", 0) + blob

    head = (b"II" if order == "<" else b"MM") + struct.pack(order + "HI", 42, 8)
    if not exif:
        return head + ifd(ifd0, 8)
    at = 8 + len(ifd(ifd0 + [(0x8769, 4, b"\0" * 4)], 8))
    return head + ifd(ifd0 + [(0x8769, 4, struct.pack(order + "I", at))], 8) + ifd(exif, at)


def exif_ascii(tag: int, raw: bytes) -> tuple[int, int, bytes]:
    return tag, 2, raw + b"\0"


def exif_user_comment(text: str, order: str = "<") -> tuple[int, int, bytes]:
    return 0x9286, 7, b"UNICODE\0" + text.encode("utf-16-le" if order == "<" else "utf-16-be")


def jpeg(segments: list[tuple[int, bytes]]) -> bytes:
    """A JPEG's markers and segments (APP1 EXIF or XMP, APP13 Photoshop, COM), then a scan and the end."""
    out = b"\xff\xd8"
    for marker, body in segments:
        out += bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body
    return out + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + b"\x12\x34\x56" * 20 + b"\xff\xd9"


def jpeg_exif(entries, order: str = "<") -> bytes:
    return jpeg([(0xE1, b"Exif\0\0" + tiff(entries, order))])


def iptc(datasets: list[tuple[int, bytes]]) -> bytes:
    """Photoshop's APP13 resource block holding IPTC-IIM record 2 datasets (5: Object Name, 120: Caption)."""
    iim = b"".join(b"\x1c\x02" + bytes([ds]) + struct.pack(">H", len(v)) + v for ds, v in datasets)
    return b"Photoshop 3.0\0" + b"8BIM\x04\x04\0\0" + struct.pack(">I", len(iim)) + iim + b"\0" * (len(iim) % 2)


def gif(comment: bytes, block: int = 255) -> bytes:
    """A 1x1 GIF89a with a comment extension, in sub-blocks of `block` bytes (each after its length byte)."""
    blocks = b"".join(bytes([len(comment[i:i + block])]) + comment[i:i + block] for i in range(0, len(comment), block))
    return (b"GIF89a" + struct.pack("<HHBBB", 1, 1, 0x80, 0, 0) + b"\0\0\0\xff\xff\xff" + b"\x21\xfe" + blocks + b"\0"
            + b"\x2c" + struct.pack("<HHHHB", 0, 0, 1, 1, 0) + b"\x02\x02\x44\x01\x00" + b"\x3b")


def webp(chunks: list[tuple[bytes, bytes]]) -> bytes:
    """An extended WebP (VP8X, a lossless 1x1 image) with further RIFF chunks ('EXIF', 'XMP ')."""
    chunks = [(b"VP8X", b"\x0c" + b"\0" * 9), (b"VP8L", b"\x2f\x00\x00\x00\x00\x07\x10\x11\x11\x88\x88\xfe\x07\x00"), *chunks]
    body = b"WEBP" + b"".join(k + struct.pack("<I", len(b)) + b + b"\0" * (len(b) % 2) for k, b in chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def compressed_rtf(rtf: bytes) -> bytes:
    """RTF compressed as Outlook keeps a message's body (MS-OXRTFCP 'LZFu'), literals only: a control byte
    before every 8 bytes (so the raw bytes hold the words cut apart), then the end marker."""
    out, write = bytearray(), 207  # the write position after the preloaded dictionary
    for i in range(0, len(rtf) + 1, 8):
        chunk = rtf[i:i + 8]
        write = (write + len(chunk)) % 4096
        if len(chunk) == 8 and i + 8 < len(rtf) + 1:
            out += b"\0" + chunk
        else:
            out += bytes([1 << len(chunk)]) + chunk + struct.pack(">H", write << 4)
            break
    return struct.pack("<IIII", len(out) + 12, len(rtf), 0x75465A4C, zlib.crc32(bytes(out))) + bytes(out)


def msg(rtf: bytes, attachments: dict[str, bytes] | None = None) -> bytes:
    """An Outlook .msg whose body is compressed RTF only (PR_RTF_COMPRESSED), with attachments' data and
    long file names (as streams of one storage here: what the audit reads is the same)."""
    streams = {"__substg1.0_0037001F": "Weekly update".encode("utf-16-le"), "__substg1.0_10090102": compressed_rtf(rtf)}
    for name, data in (attachments or {}).items():
        streams.update({"__substg1.0_37010102": data, "__substg1.0_3707001F": name.encode("utf-16-le")})
    return ole(streams)


def pdf_tagged(alt: str, text: str = "Poster") -> bytes:
    """A tagged (accessible) PDF as Word's 'Save as PDF' writes it: a Figure in the structure tree with its
    /Alt text, the tree in a compressed object stream found through a cross-reference stream (none of it in
    the file's plain bytes; no page text holds it)."""
    import slip_files

    content = (b"/Figure <</MCID 0>> BDC q 100 0 0 100 72 600 cm 0 0 1 1 re f Q EMC\nBT /F1 11 Tf 72 760 Td ("
               + text.encode("cp1252") + b") Tj ET\n")
    tree = [b"<< /Type /StructTreeRoot /K 8 0 R /ParentTree << /Nums [0 [8 0 R]] >> >>",
            b"<< /Type /StructElem /S /Figure /P 7 0 R /Pg 3 0 R /K 0 /Alt " + slip_files._pdf_lit(alt) + b" >>"]
    return slip_files.pdf_packed(content, tree, catalog=b" /StructTreeRoot 7 0 R /MarkInfo << /Marked true >>",
                                 page=b" /StructParents 0")


def pdf_saved_again(first: str, then: str) -> bytes:
    """A one-page PDF (its page's text compressed) edited and saved again as Acrobat saves: an incremental
    update appended, the page's new content in it; the first save's content is still in the file."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    import slip_files

    w = PdfWriter(io.BytesIO(slip_files.pdf([first])), incremental=True)
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 11 Tf 72 760 Td (" + then.encode("cp1252") + b") Tj ET\n")
    w.pages[0][NameObject("/Contents")] = w._add_object(stream.flate_encode())
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def tnef(rtf: bytes, attachments: dict[str, bytes] | None = None) -> bytes:
    """A winmail.dat (TNEF) as Exchange sends a rich-text message: the body as compressed RTF among the
    message's MAPI properties (attMAPIProps, PR_RTF_COMPRESSED), then each attachment's data and title."""
    def attr(level: int, ident: int, body: bytes) -> bytes:
        return bytes([level]) + struct.pack("<II", ident, len(body)) + body + struct.pack("<H", sum(body) & 0xFFFF)

    body = compressed_rtf(rtf)
    props = struct.pack("<I", 1) + struct.pack("<HH", 0x0102, 0x1009) + struct.pack("<II", 1, len(body)) + body
    props += b"\0" * (-len(body) % 4)
    out = struct.pack("<IH", 0x223E9F78, 0x0001) + attr(1, 0x00069003, props)
    for name, data in (attachments or {}).items():
        out += attr(2, 0x00069002, b"\x01\x00" + b"\xff" * 12) + attr(2, 0x0006800F, data)
        out += attr(2, 0x00018010, name.encode("cp1252") + b"\0")
    return out


def mp3_frames(data: bytes) -> list[tuple[int, int]]:
    """(offset, length) of each MPEG audio Layer III frame of an MP3 after its ID3v2 tag: where a tool that
    cuts without re-encoding (mp3cut, ffmpeg -c copy) may cut it."""
    pos = 10 + sum(b << (7 * (3 - i)) for i, b in enumerate(data[6:10])) if data[:3] == b"ID3" else 0
    rates = {3: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
             2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]}
    out = []
    while pos + 4 <= len(data) and data[pos] == 0xFF and data[pos + 1] & 0xE0 == 0xE0:
        version, rate, padding = (data[pos + 1] >> 3) & 3, data[pos + 2] >> 4, (data[pos + 2] >> 1) & 1
        sample_rate = (44100, 48000, 32000)[(data[pos + 2] >> 2) & 3] // {3: 1, 2: 2, 0: 4}[version]
        size = (144000 if version == 3 else 72000) * rates[3 if version == 3 else 2][rate] // sample_rate + padding
        out.append((pos, size))
        pos += size
    return out


def snappy(data: bytes) -> bytes:
    """Snappy's raw format, greedy: a copy of each run of 4 bytes or more seen before, literals between."""
    out, lit, i = bytearray(), bytearray(), 0

    def flush() -> None:
        if lit:
            n = len(lit) - 1
            out.extend(bytes([n << 2]) if n < 60 else bytes([60 << 2, n]))
            out.extend(lit)
            lit.clear()

    while i < len(data):
        best, at = 0, 0
        for j in range(max(0, i - 60000), i):
            k = 0
            while i + k < len(data) and data[j + k] == data[i + k] and k < 64:
                k += 1
            if k > best:
                best, at = k, j
        if best >= 4:
            flush()
            out.extend(bytes([((best - 1) << 2) | 2]) + (i - at).to_bytes(2, "little"))
            i += best
        else:
            lit.append(data[i])
            i += 1
            if len(lit) == 60:
                flush()
    flush()
    size, varint = len(data), bytearray()
    while True:
        varint.append(size & 0x7F | (0x80 if size > 0x7F else 0))
        size >>= 7
        if not size:
            break
    return bytes(varint) + bytes(out)


def iwork(text: str) -> bytes:
    """An Apple Pages file (.pages): a zip whose Index/Document.iwa holds the text Snappy-compressed. The
    text's words come first in reverse order, so the text itself is copies of them: not in the file's bytes."""
    import zipfile

    raw = (" ".join(reversed(text.split())) + "\n" + text).encode()
    block = snappy(raw)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("Index/Document.iwa", b"\x00" + len(block).to_bytes(3, "little") + block)
        z.writestr("Metadata/Properties.plist", b"bplist00")
    return buf.getvalue()
