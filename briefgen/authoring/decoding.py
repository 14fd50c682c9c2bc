"""An article file's bytes to text, or a refusal that says why: `corpus add` must never
store replacement characters for accents, or a PDF's bytes as "paragraphs".

The encoding comes from what the file says about itself first — a byte-order mark, then a
web page's declared charset — then from UTF-8, which most files are; failing those, from
charset-normalizer's detection. Whatever decodes must then look like text: no control
characters, which is how a binary file (a PDF, an image, random bytes) shows itself even
when some legacy code page maps every byte to a character.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

from briefgen.errors import UsageError

#: Largest file `corpus add` reads: a saved web page is bigger than its article, but not
#: by this much.
MAX_SOURCE_BYTES = 50 * 1024 * 1024  # a saved web page, scripts and all; checked by the importer

_BOMS = [  # UTF-32 first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

#: What a file that is not text usually is, by its first bytes.
_SIGNATURES = [
    (b"%PDF-", "a PDF document: save its text first (e.g. `pdftotext FILE out.txt`)"),
    (b"PK\x03\x04", "a ZIP archive (a .docx, .odt or .epub file is one): save it as text"),
    (b"\xd0\xcf\x11\xe0", "a Microsoft Office document: save it as text"),
    (b"{\\rtf", "an RTF document: save it as plain text"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip-compressed file"),
]

#: `<meta charset="…">` or `<meta http-equiv="Content-Type" content="…; charset=…">`.
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
#: The WHATWG encoding standard reads these labels as windows-1252, as every browser does.
_AS_WINDOWS_1252 = {"iso8859-1", "ascii"}
#: Legacy encodings by how widely they are used, for a detection that ties.
_MOST_USED = ["cp1252", "iso8859_15", "cp1251", "shift_jis", "gb18030", "euc_kr", "cp1250"]
#: Control characters that have no place in an article's text (tab, line feed, carriage
#: return and form feed do).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python's name for it: utf-8, cp1252, utf-16, ...
    how: str  # why, when not plain UTF-8: "its byte-order mark", "declared in the page", ...

    def describe(self) -> str:
        return f"read as {self.encoding}" + (f" ({self.how})" if self.how else "")


def decode(raw: bytes, name: str) -> Decoded:
    """The text of an article file named `name`, or a UsageError saying why there is none."""
    for signature, what in _SIGNATURES:
        if raw.startswith(signature):
            raise UsageError(f"{name} is {what}, not text; nothing was added")
    decoded = _decode(raw, name)
    if bad := _CONTROL.search(decoded.text):
        line = decoded.text.count("\n", 0, bad.start()) + 1
        raise UsageError(
            f"{name} does not look like text ({decoded.describe()}, line {line} holds the "
            f"control character U+{ord(bad.group()):04X}): is it a binary file? Save the "
            "article as text and add that; nothing was added"
        )
    return decoded


def _decode(raw: bytes, name: str) -> Decoded:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _strict(raw, encoding, "its byte-order mark", name)
    note = ""
    declared = _declared(raw)
    if declared:
        try:
            return Decoded(raw.decode(declared), declared, "declared in the page")
        except UnicodeDecodeError:
            note = f"; the page declares {declared}, which its bytes are not"
    try:
        return Decoded(raw.decode("utf-8"), "utf-8", note.removeprefix("; "))
    except UnicodeDecodeError:
        pass
    # Without a byte-order mark, UTF-16 and UTF-32 are only plausible for a file with NUL
    # bytes; detection would otherwise take a short Latin-1 text for Chinese.
    wide = ["utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be"]
    found = charset_normalizer.from_bytes(raw, cp_exclusion=None if b"\0" in raw else wide)
    best = found.best()
    if best is None:
        what = "binary data, or text in an encoding that cannot be told"
        raise UsageError(
            f"{name} cannot be read as text ({what}); save it as UTF-8 and add it again; "
            "nothing was added"
        )
    # Code pages that fit the bytes equally well (French text reads as well in Central
    # European cp1250, with č for è): the most widely used one is the likeliest.
    tied = {m.encoding for m in found if (m.chaos, m.coherence) == (best.chaos, best.coherence)}
    encoding = next((e for e in _MOST_USED if e in tied), best.encoding)
    return _strict(raw, encoding, "detected" + note, name)


def _strict(raw: bytes, encoding: str, how: str, name: str) -> Decoded:
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"{name} is not valid {encoding} (byte {exc.start}), though {how} says it is; "
            "save it as UTF-8 and add it again; nothing was added"
        ) from None
    return Decoded(text.removeprefix("\ufeff"), encoding, how)


def _declared(raw: bytes) -> str | None:
    """The encoding a web page declares in its first bytes, as Python names it."""
    found = _META_CHARSET.search(raw[:4096])
    if found is None:
        return None
    try:
        name = codecs.lookup(found[1].decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    return "cp1252" if name in _AS_WINDOWS_1252 else name
