"""Text encodings of Vietnamese documents: which one a byte string is in, and its text.

Accepted: UTF-8 and UTF-16 (with or without BOM; UTF-16 without BOM is recognised by its
NUL-byte pattern), Windows-1258, and the legacy font encodings TCVN3 and VNI (converted,
see :mod:`.legacy`). Everything comes out NFC with ``\\n`` line ends.

Invalid UTF-8 that is not recognisably one of the legacy encodings is refused with the
offset of the first bad byte: silently replacing bytes would store corrupted names and
numbers in the graph. A decoding is accepted only when its words look like Vietnamese
syllables (at most one tone mark, only Vietnamese letters), which is what tells TCVN3,
VNI and Windows-1258 apart and what keeps mojibake out.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from cchc_kg.errors import LoaderError

from .legacy import DECODERS

_TONES = "\u0300\u0301\u0303\u0309\u0323"
_VOWELS = "aăâeêioôơuưy"
# Every precomposed Vietnamese letter, both cases: a vowel with or without a tone, and đ.
VIETNAMESE_LETTERS = frozenset(
    unicodedata.normalize("NFC", v + t).upper() if up else unicodedata.normalize("NFC", v + t)
    for v in _VOWELS
    for t in ("", *_TONES)
    for up in (False, True)
) | frozenset("đĐ")

# Non-ASCII characters ordinary Vietnamese text uses besides letters: they are neither
# evidence for nor against an encoding.
_NEUTRAL = frozenset("\u00a0–—‘’“”…•·°§«»×€")

_WORD = re.compile(r"[^\W\d_]+")
_MOJIBAKE = re.compile(r"Ã[\u0080-\u00bf]|Ä[\u0080-\u00bf]|Æ[\u0080-\u00bf]|á»|áº")

# Thresholds of :func:`_plausibility`: enough Vietnamese words to judge, few misfits.
_MIN_WORDS = 3
_SAMPLE = 64 * 1024
_ACCEPT = 0.9
_NAME_IT = 0.6  # a legacy encoding this clearly present but not cleanly convertible is refused by name


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()
    # the UTF-8 encoding of ``text`` when it is the input itself (UTF-8 that decoding and
    # normalising left as it was, the common case): hashing and checking the text can
    # read these bytes instead of encoding the text again
    utf8: bytes | None = field(default=None, repr=False, compare=False)


def normalise(text: str) -> str:
    """NFC, and line ends as ``\\n``; every span downstream indexes this text."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when the NUL bytes sit on one parity, as in UTF-16 text
    of a Latin-script language (ASCII and most Vietnamese letters have a zero high byte)."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2 or len(data) % 2:
        return None
    # the NUL bytes at even and at odd offsets, counted by C over strided slices (a Python
    # loop over the 4 KiB was a visible share of reading an even-sized file)
    even = sample[0 : 2 * pairs : 2].count(0)
    odd = sample[1 : 2 * pairs : 2].count(0)
    if odd >= 0.3 * pairs and even <= 0.02 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


def _plausibility(text: str) -> tuple[float, int]:
    """(share of non-ASCII words that are well-formed Vietnamese, how many there are).

    Stray symbols (``©``, ``¬``, C1 controls) count as misfits too: they are what a wrong
    legacy decoding leaves behind.
    """
    good = bad = 0
    # words repeat: each distinct word is judged once and weighted by its count
    for word, n in Counter(_WORD.findall(text)).items():
        if word.isascii():
            continue
        if _well_formed(word):
            good += n
        else:
            bad += n
    # each distinct character is judged once and counted with str.count (every document
    # is scored once or more on reading; a loop per character was most of the time)
    for ch in set(text):
        if ord(ch) >= 0x80 and not ch.isalpha() and ch not in _NEUTRAL and not ch.isspace():
            bad += text.count(ch)
    total = good + bad
    return (good / total if total else 0.0), good


@lru_cache(maxsize=65536)
def _well_formed(word: str) -> bool:
    """Vietnamese letters only, at most one tone mark (words repeat: memoised, bounded)."""
    letters_ok = all(ch.isascii() or ch in VIETNAMESE_LETTERS for ch in word)
    tones = sum(1 for ch in unicodedata.normalize("NFD", word) if ch in _TONES)
    return letters_ok and tones <= 1


def _strict(name: str, data: bytes, codec: str, offset: int = 0) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as e:
        raise LoaderError(
            name, "encoding", f"not valid {codec} ({e.reason})", byte_offset=offset + e.start
        ) from e


def _legacy_candidates(data: bytes) -> list[tuple[float, int, str, str]]:
    """Each legacy decoding of ``data`` with its plausibility, best first. The choice is
    made on a sample (the head of the file) and only the winner decodes the whole."""
    head = _legacy_scores(data[:_SAMPLE])
    if len(data) <= _SAMPLE or not head or head[0][0] < _NAME_IT:
        return head  # small, or hopeless already on the sample
    label = head[0][2]
    text = (
        unicodedata.normalize("NFC", data.decode("cp1258"))
        if label == "windows-1258"
        else DECODERS[label](data)
    )
    return [(*_plausibility(text), label, text), *head[1:]]


def _legacy_scores(data: bytes) -> list[tuple[float, int, str, str]]:
    found: list[tuple[float, int, str, str]] = []
    try:
        cp = unicodedata.normalize("NFC", data.decode("cp1258"))
        found.append((*_plausibility(cp), "windows-1258", cp))
    except UnicodeDecodeError:
        pass
    for label, decoder in DECODERS.items():
        text = decoder(data)
        found.append((*_plausibility(text), label, text))
    found.sort(key=lambda c: (c[0], c[1]), reverse=True)
    return found


def _repair_legacy_in_unicode(name: str, text: str) -> Decoded | None:
    """Valid UTF-8 whose letters are a legacy font's bytes read as Windows-1252 (a TCVN3 or
    VNI document copied through a Unicode editor): convert it, or ``None`` if it is not."""
    if text.isascii():
        return None
    # Only text that Windows-1252 or Latin-1 can hold can be such a copy: tried first, as
    # it rules out ordinary Vietnamese text at once (scoring it word by word was most of
    # the reading time, for a verdict that did not matter then).
    try:
        raw = text.encode("cp1252")
    except UnicodeEncodeError:
        try:
            raw = text.encode("latin-1")
        except UnicodeEncodeError:
            return None
    here, _ = _plausibility(text)
    if here >= _ACCEPT:
        return None
    score, words, label, converted = _legacy_candidates(raw)[0]
    if words < _MIN_WORDS or score <= here:
        return None
    if score >= _ACCEPT:
        return Decoded(converted, f"{label} (in UTF-8)", (f"{name}: converted from {label}",))
    if label in DECODERS and score >= _NAME_IT:
        raise LoaderError(
            name, f"legacy-encoding:{label}", "text in a legacy font encoding, not cleanly convertible"
        )
    return None


def _repair_double_utf8(text: str) -> str | None:
    """UTF-8 that was read as Windows-1252 and saved again as UTF-8 ("Káº¿ hoáº¡ch"):
    undo it when the whole text round-trips, else ``None``."""
    if text.isascii():  # every _MOJIBAKE match holds a non-ASCII character
        return None
    # Only text that Windows-1252 can hold round-trips: tried before the regex scan, as it
    # fails at the first Vietnamese letter of ordinary text (the scan read every document).
    try:
        raw = text.encode("cp1252")
    except UnicodeEncodeError:
        return None
    if not _MOJIBAKE.search(text):
        return None
    try:
        fixed = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return fixed if not _MOJIBAKE.search(fixed) else None


def decode_bytes(name: str, data: bytes) -> Decoded:
    """Decode the bytes of a text document (or of an HTML page) to NFC text.

    :raises LoaderError: ``encoding`` with ``byte_offset`` for invalid bytes;
        ``legacy-encoding:TCVN3`` / ``legacy-encoding:VNI`` when a legacy font encoding is
        recognised but does not convert cleanly.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return Decoded(normalise(_strict(name, data[3:], "utf-8", 3)), "utf-8-sig")
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return Decoded(normalise(_strict(name, data, "utf-32")), "utf-32")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoded(normalise(_strict(name, data, "utf-16")), "utf-16")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return Decoded(normalise(_strict(name, data, utf16)), utf16)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return _decode_legacy(name, data, e)
    repaired = _repair_double_utf8(text)
    if repaired is not None:
        return Decoded(
            normalise(repaired), "utf-8 (double-encoded)", (f"{name}: repaired double-encoded UTF-8",)
        )
    legacy = _repair_legacy_in_unicode(name, text)
    if legacy is not None:
        return Decoded(normalise(legacy.text), legacy.encoding, legacy.warnings)
    normalised = normalise(text)
    # valid UTF-8 decodes and encodes back byte for byte: unchanged text is ``data``
    return Decoded(normalised, "utf-8", utf8=data if normalised == text else None)


# C0 control bytes no text encoding of a document uses (tab, line ends, form feed excepted).
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in b"\t\n\r\f")
_MAX_CONTROL_SHARE = 0.01


def _is_binary(sample: bytes) -> bool:
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > _MAX_CONTROL_SHARE * len(sample)


def _decode_legacy(name: str, data: bytes, error: UnicodeDecodeError) -> Decoded:
    # Binary data is refused before three legacy decodings are tried on it (fuzzing showed
    # that noise spent most of its time there).
    if _is_binary(data[:_SAMPLE]):
        raise LoaderError(name, "not-a-document", "binary data (control bytes)")
    score, words, label, text = _legacy_candidates(data)[0]
    if words >= _MIN_WORDS and score >= _ACCEPT:
        return Decoded(normalise(text), label)
    if words >= _MIN_WORDS and label in DECODERS and score >= _NAME_IT:
        raise LoaderError(
            name, f"legacy-encoding:{label}", "text in a legacy font encoding, not cleanly convertible"
        )
    raise LoaderError(name, "encoding", f"not valid UTF-8 ({error.reason})", byte_offset=error.start)
