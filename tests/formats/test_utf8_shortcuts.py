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


def test_utf16_parity_counts() -> None:
    from cchc_kg.loaders.formats.encoding import _utf16_without_bom

    def plain(data: bytes) -> str | None:
        sample = data[:4096]
        pairs = len(sample) // 2
        if pairs < 2 or len(data) % 2:
            return None
        even = sum(1 for i in range(0, 2 * pairs, 2) if sample[i] == 0)
        odd = sum(1 for i in range(1, 2 * pairs, 2) if sample[i] == 0)
        if odd >= 0.3 * pairs and even <= 0.02 * pairs:
            return "utf-16-le"
        if even >= 0.3 * pairs and odd <= 0.02 * pairs:
            return "utf-16-be"
        return None

    rnd = random.Random(7)
    samples = [t.encode(codec) for t in _texts() for codec in ("utf-8", "utf-16-le", "utf-16-be")]
    samples += [
        bytes(rnd.choice((0, 0, 65, 0xE1)) for _ in range(rnd.randrange(0, 9000))) for _ in range(200)
    ]
    for data in samples:
        assert _utf16_without_bom(data) == plain(data)
