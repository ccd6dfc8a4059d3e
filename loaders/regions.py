"""Regions of a document: where the document proper starts and ends (web boilerplate
outside), the preamble, the recipients list ("Nơi nhận") and the appendix.

Pure. Offsets index the source text. Later stages use regions to include or exclude text
(citations exclude boilerplate and the recipients list; agencies include recipients).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Segmented

_ISSUER_HEADER = re.compile(r"^\s*(?:ỦY|UỶ|UY)\s+BAN\s+NH[ÂA]N\s+D[ÂA]N\b", re.MULTILINE)
_RECIPIENTS = re.compile(r"^\s*N[ơo]i\s+nh[ậa]n\s*:", re.MULTILINE | re.IGNORECASE)


@dataclass(frozen=True)
class Regions:
    doc_start: int
    doc_end: int
    preamble: tuple[int, int] | None = None
    recipients: tuple[int, int] | None = None
    appendix: tuple[int, int] | None = None

    def in_document(self, offset: int) -> bool:
        return self.doc_start <= offset < self.doc_end

    def in_recipients(self, offset: int) -> bool:
        return self.recipients is not None and self.recipients[0] <= offset < self.recipients[1]


def find_regions(seg: Segmented) -> Regions:
    text = seg.source.text
    m = _ISSUER_HEADER.search(text)
    start = m.start() if m else 0
    rec = _RECIPIENTS.search(text, start)
    recipients = None
    if rec:
        # The list runs until the first blank line or table-cell end after it.
        end = re.compile(r"\n\s*\|\s*\n|\n\s*\n").search(text, rec.end())
        recipients = (rec.start(), end.start() if end else len(text))
    return Regions(doc_start=start, doc_end=len(text), recipients=recipients)
