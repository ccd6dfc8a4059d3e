"""Literals of the emitted graphs, and the text folding the code-list look-ups share.

Every literal is NFC (the extraction's text may not be), so the same words always give the
same literal whatever the source's normalisation.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from rdflib import Literal

from cchc_kg import iri as I

from .namespaces import XSD

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def folded(text: str) -> str:
    """``text`` without diacritics, lower case, single spaces: how code-list labels and
    printed words are compared ("Kế hoạch" and OCR "KE HOACH" match)."""
    return " ".join(I.fold(nfc(text)).lower().split())


def plain(text: str) -> Literal:
    """A plain (untagged) NFC literal: numbers, paths, printed forms."""
    return Literal(nfc(text))


def vi(text: str) -> Literal:
    """A Vietnamese NFC literal (``@vi``): labels, headings, running text."""
    return Literal(nfc(text), lang="vi")


def short(text: str, limit: int = 80) -> str:
    """A label from a long text: cut at a word boundary, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def decimal(value: object) -> Literal | None:
    """A finite number ("8,5", 8.5, "80") as xsd:decimal; None for anything else."""
    if value is None or isinstance(value, bool):
        return None
    try:
        d = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        return None
    return Literal(d, datatype=XSD.decimal) if d.is_finite() else None


def date(text: str | None) -> Literal | None:
    """An ISO date as xsd:date; None for anything else (a partial or unread date)."""
    if text and ISO_DATE.fullmatch(text):
        return Literal(text, datatype=XSD.date)
    return None
