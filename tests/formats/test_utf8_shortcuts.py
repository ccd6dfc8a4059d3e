"""Reading reuses the input's UTF-8 bytes when the text is unchanged (Decoded.utf8): the
hash and the control count it gives are those of the text."""

from __future__ import annotations

import hashlib
import random
import unicodedata

from cchc_kg.loaders.formats import read_data
from cchc_kg.loaders.formats.encoding import decode_bytes
from cchc_kg.loaders.formats.text import _CONTROL, _controls_in_utf8
from tests.conftest import CORPUS, EXAMPLES


def _texts() -> list[str]:
    files = sorted(CORPUS.glob("*.txt")) + sorted(EXAMPLES.glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    assert texts
    return texts


def test_control_count_in_utf8_is_the_count_in_the_text() -> None:
    rnd = random.Random(5)
    pool = [chr(c) for c in (*range(0x00, 0x30), *range(0x70, 0xC0), 0x1EC7, 0x2028, 0xFEFF, 0x1F600)]
    texts = _texts() + ["".join(rnd.choice(pool) for _ in range(300)) for _ in range(300)]
    for text in texts:
        assert _controls_in_utf8(text.encode("utf-8")) == len(_CONTROL.findall(text))


def test_utf8_bytes_are_the_text() -> None:
    for text in _texts():
        for variant in (text, text.replace("\n", "\r\n"), unicodedata.normalize("NFD", text)):
            data = variant.encode("utf-8")
            decoded = decode_bytes("x.txt", data)
            assert decoded.utf8 is None or decoded.utf8 == decoded.text.encode("utf-8")
            assert (decoded.utf8 is not None) == (variant == decoded.text)
            source = read_data("x.txt", data)
            assert source.sha256 == hashlib.sha256(source.text.encode("utf-8")).hexdigest()
