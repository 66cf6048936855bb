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
