"""Bytes to clean text: encoding detection, binary detection and newline/control clean-up."""

from __future__ import annotations

import codecs
import re

__all__ = ["DecodeError", "decode_bytes", "looks_binary", "normalize_text", "scrub_surrogates"]

#: Bytes examined when deciding whether data is binary.
_SNIFF_BYTES = 8192
#: Share of C0 control bytes (other than whitespace and ESC) above which data is binary.
_CONTROL_SHARE = 0.05

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Encodings tried in turn for data without a byte-order mark.
FALLBACK_ENCODINGS = ("utf-8", "cp1252", "latin-1")

_CONTROL_BYTES = frozenset(range(0x09)) | frozenset(range(0x0E, 0x1B)) | {0x1C, 0x1D, 0x1E, 0x1F}

# Line and paragraph separators other than "\n" (after "\r\n" and "\r" are handled).
_NEWLINES = str.maketrans(
    {"\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n\n"}
)
# Control characters dropped: C0 except \t and \n, DEL, C1, and stray byte-order marks.
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe]")
_BLANK_LINE_RE = re.compile(r"^[ \t\u00a0]+$", re.MULTILINE)
# Lone UTF-16 surrogates: JSON "\ud800" escapes, undecodable stdin bytes (surrogateescape).
# They cannot be encoded as UTF-8, so hashing, storing or printing them would fail.
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


class DecodeError(ValueError):
    """Bytes that are not text in any encoding we accept; ``reason`` says why."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def bom_encoding(data: bytes) -> str | None:
    """The encoding announced by a byte-order mark at the start of ``data``, if any."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _utf16_without_bom(sample: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" when ``sample`` looks like BOM-less UTF-16 text."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0), odd.count(0)
    half = len(sample) // 2
    if zeros_odd >= 0.3 * half and zeros_even <= 0.02 * half:
        return "utf-16-le"
    if zeros_even >= 0.3 * half and zeros_odd <= 0.02 * half:
        return "utf-16-be"
    return None


def looks_binary(sample: bytes) -> bool:
    """Whether ``sample`` (the start of some data, without a BOM) is binary, not text."""
    if not sample:
        return False
    if b"\x00" in sample:
        return _utf16_without_bom(sample) is None
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    return controls > _CONTROL_SHARE * len(sample)


def decode_line(data: bytes) -> str:
    """Decode one line of a BOM-less file: UTF-8, else cp1252, else Latin-1 (never fails)."""
    for encoding in FALLBACK_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def decode_bytes(data: bytes, path: str) -> str:
    """Decode file contents to text.

    A byte-order mark decides the encoding (UTF-8, UTF-16, UTF-32). Without one, data
    containing NUL bytes is binary unless it looks like BOM-less UTF-16, as is data with
    many other control bytes; otherwise UTF-8 is tried, then Windows-1252 (smart quotes
    from Word), then Latin-1. Raises :class:`DecodeError` with reason
    "binary file, not text" for binary data, or a clear reason for broken UTF-16/32.
    """
    encoding = bom_encoding(data)
    if encoding is not None:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding != "utf-8-sig":
                raise DecodeError(path, f"invalid {encoding.upper()} text: {exc.reason}") from None
            return decode_line(data[len(codecs.BOM_UTF8) :])
    sample = data[:_SNIFF_BYTES]
    if b"\x00" in sample or b"\x00" in data:
        utf16 = _utf16_without_bom(sample)
        if utf16 is not None:
            try:
                return data.decode(utf16)
            except UnicodeDecodeError:
                pass
        raise DecodeError(path, "binary file, not text")
    if looks_binary(sample):
        raise DecodeError(path, "binary file, not text")
    return decode_line(data)


def scrub_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (not encodable as UTF-8) replaced by U+FFFD."""
    return _SURROGATE_RE.sub("\ufffd", text)


def normalize_text(text: str) -> str:
    """Clean text without reflowing it.

    Newlines become "\\n" ("\\r\\n", "\\r", vertical tab, form feed, NEL and U+2028 end a
    line; U+2029 ends a paragraph), control characters other than "\\n" and "\\t" are
    removed, lone surrogates become U+FFFD, lines holding only spaces/tabs become empty (so paragraph breaks are always
    "\\n\\n"), and leading/trailing whitespace of the whole text is stripped. Lines are
    never joined or re-wrapped.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_NEWLINES)
    text = _CONTROL_RE.sub("", text)
    text = scrub_surrogates(text)
    text = _BLANK_LINE_RE.sub("", text)
    return text.strip()
