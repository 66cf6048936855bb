"""The text pictures carry as metadata, for the leak audit, as the programs that show it decode it: PNG text
chunks (tEXt, zTXt, iTXt) and eXIf; JPEG's EXIF (APP1), XMP (APP1, extended XMP joined), IPTC (APP13) and
comments; TIFF's tags; GIF's comment and plain-text extensions; WebP's EXIF and XMP chunks.

The raw bytes of every picture are read as binary data too (auditor.py); this is for what that reading
misses: compressed chunks, 8-bit text in Windows-1252 (a curly quote is not UTF-8: the raw reading parts
the words there), UTF-16 in either byte order, text split into GIF's sub-blocks (their length bytes part it,
or join the first one to a word), a prefix stuck to a word (EXIF's UserComment 'UNICODE').
Each format is parsed only when its magic bytes are there. Metadata out of bounds is skipped, not an error:
the picture still shows, every reader skips it too, and its bytes are read as binary data all the same.
"""
from __future__ import annotations

import re
import struct

from .containers import Budget, _inflate

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_MAX_IFDS = 64  # IFDs of one EXIF block (IFD0, IFD1, Exif, GPS, Interop, a TIFF's pages and sub-IFDs)
_MAX_ENTRIES = 4096  # entries of one IFD
_XP_TAGS = range(0x9C9B, 0x9CA0)  # XPTitle, XPComment, XPAuthor, XPKeywords, XPSubject: UTF-16LE bytes
_USER_COMMENT = 0x9286
_IPTC, _XMP, _PHOTOSHOP = 0x83BB, 0x02BC, 0x8649  # TIFF tags holding IPTC, XMP and Photoshop resources
_POINTERS = (0x8769, 0x8825, 0xA005, 0x014A)  # Exif, GPS, Interop IFDs, SubIFDs
_TYPE_SIZE = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4, 16: 8, 17: 8, 18: 8}
_XMP_ID = b"http://ns.adobe.com/xap/1.0/\0"
_XMP_EXT_ID = b"http://ns.adobe.com/xmp/extension/\0"
_JPEG_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")  # the next segment after a scan's entropy-coded data


def kind(data: bytes) -> str | None:
    """The picture format by its magic bytes, or None."""
    if data[:8] == PNG_MAGIC:
        return "png"
    if data[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if data[:4] in (b"II*\0", b"MM\0*"):
        return "tiff"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def text(data: bytes, budget: Budget) -> str:
    """The metadata text of a picture (see kind), each value apart by NUL."""
    parts: list[str] = []
    {"png": _png, "jpeg": _jpeg, "tiff": _tiff, "gif": _gif, "webp": _webp}[kind(data)](data, budget, parts)
    return "\0".join(parts)


def text8(raw: bytes) -> str:
    """8-bit text as its reader decodes it: UTF-8 when it is (what most programs write now), else Windows-1252
    (what Windows programs write, and a superset of the Latin-1 PNG's tEXt and EXIF's ASCII are meant to be)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _png(data: bytes, budget: Budget, parts: list[str]) -> None:
    """tEXt, zTXt (inflated within the limits), iTXt (UTF-8, maybe compressed) and eXIf."""
    pos = 8
    while pos + 8 <= len(data):
        length, name = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if name == b"tEXt":
            key, _, value = body.partition(b"\0")
            parts += [key.decode("latin-1"), text8(value)]
        elif name == b"zTXt":
            key, _, rest = body.partition(b"\0")
            parts += [key.decode("latin-1"), text8(_inflate(rest[1:], budget))]
        elif name == b"iTXt":
            key, _, rest = body.partition(b"\0")
            compressed, rest = rest[:1] == b"\1", rest[2:]
            lang, _, rest = rest.partition(b"\0")
            translated, _, value = rest.partition(b"\0")
            if compressed:
                value = _inflate(value, budget)
            parts += [key.decode("latin-1"), lang.decode("latin-1", "replace"),
                      translated.decode("utf-8", "replace"), value.decode("utf-8", "replace")]
        elif name == b"eXIf":
            _exif(body, parts)
        elif name == b"IEND":
            break


def _exif(tiff: bytes, parts: list[str]) -> None:
    """A TIFF structure's text (EXIF is one): every ASCII value (ImageDescription, Artist, Copyright...), the
    XP tags Windows' file properties write (UTF-16LE), UserComment after its character-code prefix, and the
    IPTC, XMP and Photoshop blocks a TIFF holds; through IFD0, the next IFDs, Exif, GPS and Interop IFDs."""
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None or len(tiff) < 8:
        return
    queue, seen = [struct.unpack(order + "I", tiff[4:8])[0]], set()
    while queue and len(seen) < _MAX_IFDS:
        at = queue.pop()
        if at in seen or at + 2 > len(tiff):
            continue
        seen.add(at)
        n = min(struct.unpack(order + "H", tiff[at:at + 2])[0], _MAX_ENTRIES)
        for k in range(n):
            e = at + 2 + 12 * k
            if e + 12 > len(tiff):
                break
            tag, typ, count = struct.unpack(order + "HHI", tiff[e:e + 8])
            size = _TYPE_SIZE.get(typ, 0) * count
            if size <= 4:
                value = tiff[e + 8:e + 8 + size]
            else:
                off = struct.unpack(order + "I", tiff[e + 8:e + 12])[0]
                value = tiff[off:off + size] if off + size <= len(tiff) else b""
            if tag in _POINTERS and typ in (4, 13):
                queue += struct.unpack(f"{order}{len(value) // 4}I", value[:len(value) // 4 * 4])
            elif typ == 2:
                parts.append(text8(value.rstrip(b"\0")))
            elif tag in _XP_TAGS:
                parts.append(value.decode("utf-16-le", "replace").rstrip("\0"))
            elif tag == _USER_COMMENT:
                parts.append(_user_comment(value, order))
            elif tag == _IPTC:
                _iptc(value, parts)
            elif tag == _XMP:
                parts.append(text8(value))
            elif tag == _PHOTOSHOP:
                _photoshop(value, parts)
        nxt = at + 2 + 12 * n
        if nxt + 4 <= len(tiff):
            queue.append(struct.unpack(order + "I", tiff[nxt:nxt + 4])[0])


def _user_comment(value: bytes, order: str) -> str:
    """EXIF's UserComment: an 8-byte character code ('ASCII', 'UNICODE' in the file's byte order, 'JIS', or
    NULs), then the text."""
    code, body = value[:8], value[8:]
    if code.startswith(b"UNICODE"):
        if body[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return body.decode("utf-16", "replace")
        # Some programs write little-endian whatever the file's order: the reading with more Latin letters.
        readings = [body.decode(c, "replace") for c in (("utf-16-le", "utf-16-be") if order == "<" else ("utf-16-be", "utf-16-le"))]
        return max(readings, key=lambda t: sum(c < "\u0250" for c in t)).rstrip("\0")
    if code.startswith(b"JIS"):
        return body.decode("shift_jis", "replace")
    return text8(body.rstrip(b"\0 ")) if code in (b"ASCII\0\0\0", b"\0" * 8) else text8(value)


def _iptc(data: bytes, parts: list[str]) -> None:
    """IPTC-IIM datasets (Object Name, Headline, Caption...): 0x1C, record, dataset, length, value."""
    pos = 0
    while pos + 5 <= len(data) and data[pos] == 0x1C:
        length = struct.unpack(">H", data[pos + 3:pos + 5])[0]
        pos += 5
        if length & 0x8000:  # an extended length: its size in bytes, then the length
            width = length & 0x7FFF
            length = int.from_bytes(data[pos:pos + width], "big")
            pos += width
        parts.append(text8(data[pos:pos + length]))
        pos += length


def _photoshop(data: bytes, parts: list[str]) -> None:
    """Photoshop's image resources ('8BIM', id, Pascal name, size, data): IPTC (0x0404), EXIF (0x0422, 0x0423)
    and XMP (0x0424)."""
    pos = 0
    while pos + 12 <= len(data) and data[pos:pos + 4] == b"8BIM":
        rid = struct.unpack(">H", data[pos + 4:pos + 6])[0]
        name_len = data[pos + 6]
        pos += 6 + (name_len + 2) // 2 * 2  # the name with its length byte, padded to even
        if pos + 4 > len(data):
            break
        size = struct.unpack(">I", data[pos:pos + 4])[0]
        body = data[pos + 4:pos + 4 + size]
        pos += 4 + size + size % 2
        if rid == 0x0404:
            _iptc(body, parts)
        elif rid in (0x0422, 0x0423):
            _exif(body[6:] if body.startswith(b"Exif\0\0") else body, parts)
        elif rid == 0x0424:
            parts.append(text8(body))


def _jpeg(data: bytes, budget: Budget, parts: list[str]) -> None:
    """The segments up to the end of the image: APP1 (EXIF, XMP and extended XMP, whose pieces are joined
    in order: a title may span two), APP13 (Photoshop: IPTC) and COM; between scans, the next marker is
    looked for (a comment may follow the first scan)."""
    extended: dict[bytes, dict[int, bytes]] = {}
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            break
        marker = data[pos + 1]
        if marker == 0xFF or marker == 0x01 or 0xD0 <= marker <= 0xD8:  # fill bytes, markers without a length
            pos += 1 if marker == 0xFF else 2
            continue
        if marker == 0xD9:  # the end of the image
            break
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        seg = data[pos + 4:pos + 2 + length]
        pos += 2 + length
        if marker == 0xE1 and seg.startswith(b"Exif\0\0"):
            _exif(seg[6:], parts)
        elif marker == 0xE1 and seg.startswith(_XMP_ID):
            parts.append(text8(seg[len(_XMP_ID):]))
        elif marker == 0xE1 and seg.startswith(_XMP_EXT_ID):
            head = seg[len(_XMP_EXT_ID):]
            if len(head) >= 40:
                extended.setdefault(head[:32], {})[struct.unpack(">I", head[36:40])[0]] = head[40:]
        elif marker == 0xED and seg.startswith(b"Photoshop 3.0\0"):
            _photoshop(seg[14:], parts)
        elif marker == 0xFE:
            parts.append(text8(seg))
        elif marker == 0xDA:  # a scan: its entropy-coded data runs to the next marker
            m = _JPEG_MARKER.search(data, pos)
            if m is None:
                break
            pos = m.start()
    for pieces in extended.values():
        parts.append(text8(b"".join(pieces[k] for k in sorted(pieces))))


def _tiff(data: bytes, budget: Budget, parts: list[str]) -> None:
    _exif(data, parts)


def _gif(data: bytes, budget: Budget, parts: list[str]) -> None:
    """Comment and plain-text extensions, their sub-blocks joined (a comment over 255 bytes is in several;
    each one's length byte would part the text, or stick to its first word). Only where one may be."""
    if b"\x21\xfe" not in data and b"\x21\x01" not in data:
        return
    pos = 13
    if len(data) > 10 and data[10] & 0x80:  # the global colour table
        pos += 3 << ((data[10] & 7) + 1)
    while pos < len(data):
        block = data[pos]
        if block == 0x21 and pos + 1 < len(data):  # an extension: its label, then sub-blocks
            label = data[pos + 1]
            body, pos = _sub_blocks(data, pos + 2)
            if label == 0xFE:
                parts.append(text8(body))
            elif label == 0x01:  # plain text: a 12-byte header, then the text
                parts.append(text8(body[12:]))
        elif block == 0x2C and pos + 10 <= len(data):  # an image: its descriptor, colour table, code size, data
            flags = data[pos + 9]
            pos += 10 + ((3 << ((flags & 7) + 1)) if flags & 0x80 else 0) + 1
            _, pos = _sub_blocks(data, pos, keep=False)
        else:  # the trailer, or damage: what is left was read as binary data
            break


def _sub_blocks(data: bytes, pos: int, keep: bool = True) -> tuple[bytes, int]:
    out = []
    while pos < len(data):
        n = data[pos]
        if n == 0:
            return b"".join(out), pos + 1
        if keep:
            out.append(data[pos + 1:pos + 1 + n])
        pos += 1 + n
    return b"".join(out), pos


def _webp(data: bytes, budget: Budget, parts: list[str]) -> None:
    """The RIFF chunks 'EXIF' (some writers keep JPEG's 'Exif' prefix) and 'XMP '."""
    pos = 12
    while pos + 8 <= len(data):
        name, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = data[pos + 8:pos + 8 + size]
        pos += 8 + size + size % 2
        if name == b"EXIF":
            _exif(body[6:] if body.startswith(b"Exif\0\0") else body, parts)
        elif name == b"XMP ":
            parts.append(text8(body))
