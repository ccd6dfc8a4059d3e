"""The legacy Vietnamese font encodings: TCVN3 (ABC, TCVN 5712) and VNI-Windows.

Before Unicode, Vietnamese documents were typed in 8-bit "font encodings": the bytes are
Latin-1 look-alikes that a special font draws as Vietnamese letters. Read as Latin-1 they
become mojibake ("Uû ban nh©n d©n"), so they must be converted, not just decoded. The
tables are data (``loaders/data/legacy_*.json``), built from the published charts.

Pure: no I/O besides reading the packaged tables once.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from importlib import resources

LEGACY_ENCODINGS = ("TCVN3", "VNI")


@cache
def _tcvn3_table() -> dict[int, str]:
    raw = json.loads(resources.files("cchc_kg.loaders.data").joinpath("legacy_tcvn3.json").read_text("utf-8"))
    return {int(k, 16): v for k, v in raw["bytes"].items()}


@cache
def _vni_table() -> dict[str, str]:
    raw = json.loads(resources.files("cchc_kg.loaders.data").joinpath("legacy_vni.json").read_text("utf-8"))
    table: dict[str, str] = raw["sequences"]
    return table


def decode_tcvn3(data: bytes) -> str:
    """TCVN3 bytes → NFC text. Every byte has a meaning, so this never fails."""
    table = _tcvn3_table()
    text = "".join(table.get(b, chr(b)) for b in data)
    # 0xB0-0xB4 are combining tone marks in TCVN 5712; NFC composes them with their base.
    return unicodedata.normalize("NFC", text)


def _cp1252_char(ch: str) -> str:
    """A Latin-1 character of 0x80-0x9F as Windows-1252 reads it (quotes, dashes)."""
    code = ord(ch)
    if 0x80 <= code <= 0x9F:
        try:
            return bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            return ch
    return ch


def decode_vni(data: bytes) -> str:
    """VNI-Windows bytes → NFC text: longest match of the two-byte letter sequences."""
    table = _vni_table()
    latin = data.decode("latin-1")
    out: list[str] = []
    i = 0
    while i < len(latin):
        pair = latin[i : i + 2]
        if len(pair) == 2 and pair in table:
            out.append(table[pair])
            i += 2
            continue
        ch = latin[i]
        out.append(table.get(ch) or _cp1252_char(ch))
        i += 1
    return unicodedata.normalize("NFC", "".join(out))


def encode_tcvn3(text: str) -> bytes:
    """Unicode → TCVN3 (the inverse table). Used to build test inputs and round-trip checks.

    :raises ValueError: for a character TCVN3 cannot represent.
    """
    inverse = {v: k for k, v in _tcvn3_table().items()}
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch in inverse:
            out.append(inverse[ch])
        elif ord(ch) < 0x80:
            out.append(ord(ch))
        else:
            raise ValueError(f"not representable in TCVN3: {ch!r}")
    return bytes(out)


def encode_vni(text: str) -> bytes:
    """Unicode → VNI-Windows (the inverse table). Used to build test inputs.

    :raises ValueError: for a character VNI cannot represent.
    """
    inverse = {v: k for k, v in _vni_table().items()}
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in inverse:
            out.append(inverse[ch])
            continue
        try:
            byte = ch.encode("cp1252")
        except UnicodeEncodeError:
            byte = b"\xff"
        # Bytes from 0xC0 up are VNI's letters and marks; only punctuation below is free.
        if byte[0] >= 0xC0:
            raise ValueError(f"not representable in VNI: {ch!r}")
        out.append(byte.decode("latin-1"))
    return "".join(out).encode("latin-1")


DECODERS = {"TCVN3": decode_tcvn3, "VNI": decode_vni}


_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def encode_cp1258(text: str) -> bytes:
    """Unicode → Windows-1258 as Vietnamese Windows writes it: a base letter (``ô``, ``ư``,
    ``ă`` are precomposed in the code page) followed by a combining tone mark. Python's
    codec only maps single code points, so the text is decomposed this way first.

    :raises ValueError: for a character Windows-1258 cannot represent.
    """
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_MARKS))
        tones = "".join(c for c in parts if c in _TONE_MARKS)
        try:
            out += (base + tones).encode("cp1258")
        except UnicodeEncodeError as e:
            raise ValueError(f"not representable in Windows-1258: {ch!r}") from e
    return bytes(out)
