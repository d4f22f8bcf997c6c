"""Bytes to text: refuse binaries, detect the encoding, repair double encoding.

News files come from scrapers, Windows editors and copy-paste, so French text
arrives as UTF-8, cp1252 or Latin-1, and sometimes as UTF-8 that was decoded
as cp1252 once too often ("dÃ©jÃ "). Every refusal names the problem in words
an analyst can act on.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from spinscope.ingest.errors import InputError

MAX_FILE_BYTES = 5 * 1024 * 1024
"""Default size limit: a news article is a few kB; 5 MB means something else."""

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/ODT/EPUB)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"BZh91AY", "a bzip2 archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF media file (WAV/AVI/WEBP)"),
    (b"OggS", "an Ogg media file"),
    (b"\x7fELF", "an executable"),
    (b"MZ\x90\x00", "a Windows executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an MS Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# UTF-8 read as cp1252/Latin-1: "Ã©", "Ã ", "Â«", "â€™", "â€œ".
_MOJIBAKE = re.compile(
    r"[ÃÂ][\u0080-\u00bf]"
    r"|â€[\u0080-\u00bf™œ\u201a-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u02c6\u02dc]"
)
UNWANTED_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if b"\x00" in data[:8192]:
        return "unknown content (it has NUL bytes)"
    return None


def _utf8(data: bytes) -> str | None:
    """The UTF-8 reading of ``data``, None if it is not UTF-8; raises on evident damage."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        good = data[: error.start]
        proven_utf8 = any(b >= 0x80 for b in good)  # earlier multi-byte chars decoded fine
        if error.reason == "unexpected end of data" and proven_utf8:
            raise InputError(
                f"truncated: the file ends inside a UTF-8 character (byte {error.start})"
            ) from None
        salvaged = data.decode("utf-8", errors="ignore")
        invalid = len(data) - len(salvaged.encode("utf-8"))
        multibyte = sum(1 for ch in salvaged if ord(ch) >= 0x80)
        if multibyte >= max(2, invalid):  # mostly good UTF-8 with a few broken bytes
            raise InputError(
                f"undecodable: invalid UTF-8 at byte {error.start} in an otherwise "
                "UTF-8 file (corrupted or mixed encodings)"
            ) from None
        return None


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("undecodable: no text encoding fits these bytes (binary or corrupted)")
    return str(best)


def _cp1252_bytes(text: str) -> bytes | None:
    """Undo a cp1252/Latin-1 decoding, char by char (mixes of both occur)."""
    out = bytearray()
    for ch in text:
        code = ord(ch)
        if code < 256:
            out.append(code)
            continue
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            return None
    return bytes(out)


def repair_mojibake(text: str) -> str:
    """Text with double-encoded UTF-8 ("dÃ©jÃ ") decoded once more, when that helps."""
    found = len(_MOJIBAKE.findall(text))
    if found < 2:
        return text
    raw = _cp1252_bytes(text)
    if raw is not None:
        try:
            fixed = raw.decode("utf-8")
        except UnicodeDecodeError:
            fixed = None
        if fixed is not None and len(_MOJIBAKE.findall(fixed)) < found:
            return fixed
    # Repair line by line: a file may hold a few double-encoded lines only.
    lines = text.split("\n")
    repaired = [repair_mojibake(line) if _MOJIBAKE.search(line) else line for line in lines]
    result = "\n".join(repaired)
    if len(_MOJIBAKE.findall(result)) * 2 > found and found >= 5:
        raise InputError("mis-encoded: UTF-8 text was decoded as Latin-1 and cannot be repaired")
    return result


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Text of ``data`` (NFC, ``\\n`` line ends), or ``InputError`` saying why not.

    ``declared`` is an encoding announced by the source (HTTP header, HTML
    meta); it is trusted only when the bytes are not valid UTF-8, because
    servers announce Latin-1 for UTF-8 pages far more often than the reverse.
    """
    if not data.strip():
        raise InputError("empty file")
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                raise InputError(f"undecodable: invalid {encoding} at byte {error.start}") from None
            break
    if text is None:
        kind = _binary_kind(data)
        if kind:
            raise InputError(f"binary file: {kind}, not text")
        text = _utf8(data)
    if text is None and declared:
        try:
            text = data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text = _detect(data)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    controls = len(UNWANTED_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise InputError("binary file: too many control characters for text")
    text = UNWANTED_CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", repair_mojibake(text))
    if not text.strip():
        raise InputError("empty file (only whitespace)")
    return text
