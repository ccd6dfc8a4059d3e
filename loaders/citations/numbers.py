"""Numbers (số, ký hiệu) under their three regimes (domain.md §3): parse a printed number —
spaces, line breaks, "ND" for "NĐ", "NQITW" for "NQ/TW", "30c/NQCP" and "QĐ.TTg" included —
into its parts and its canonical form (gold README §3 steps 1-4). Pure."""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from ..textfold import fold_printed
from .codes import Issuer, canonical_code, tables
from .regexes import NUMBER

Regime = Literal["normative", "administrative", "party"]
_TOKEN = re.compile(r"[a-z]+\d*")
_TRAILING_DIGITS = re.compile(r"\d+$")
_LAW_CODE = re.compile(r"qh\d*")  # the National Assembly and its term: "QH13"


def number_key(num: str) -> str:
    """The number part of a ký hiệu as an identity (InstrumentKey.number): leading zeros
    dropped, a letter suffix in lower case ("05" → "5", "30C" → "30c")."""
    return num.lstrip("0").lower() or "0"


class ParsedNumber(NamedTuple):  # a tuple: one is made per number found, cheaper than a dataclass
    regime: Regime
    num: str  # as printed: "04", "30c"
    year: int | None  # the year inside a normative number
    type_code: str | None  # canonical type code: "NĐ"; None for a công văn
    doc_type: str  # InstrumentKey.doc_type: "nd", "cv", "luat"
    issuer_token: str  # canonical issuer code as printed in the number: "CP", "UBND", "TU"
    issuer: Issuer | None  # the issuer table entry for it, when known
    canonical: str  # "107/2020/NĐ-CP", "18-NQ/TW", "76/NQ-CP"
    start: int = 0  # offsets of the match in the text it was parsed from
    end: int = 0

    @property
    def key_number(self) -> str:
        """The number part as an identity: leading zeros dropped, suffix lower case."""
        return number_key(self.num)

    @property
    def issuer_key(self) -> str:
        if self.issuer is not None:
            return self.issuer.key
        folded = _fold_token(self.issuer_token)
        return _TRAILING_DIGITS.sub("", folded) or folded

    def with_issuer(self, issuer: Issuer) -> ParsedNumber:
        """The same number with another issuer code (a ký hiệu contradicting its printed
        issuer: "99/NQ-TU ... của Chính phủ" → "99/NQ-CP")."""
        canonical = self.canonical.replace(self.issuer_token, issuer.code)
        return ParsedNumber(
            self.regime,
            self.num,
            self.year,
            self.type_code,
            self.doc_type,
            issuer.code,
            issuer,
            canonical,
            self.start,
            self.end,
        )


def _fold_token(token: str) -> str:
    """``fold_printed(token)`` of a symbol token: one of ASCII letters and digits is just
    lower-cased (no confusable among them), skipping the fold's table look-ups."""
    return token.lower() if token.isascii() and token.isalnum() else fold_printed(token)


def _tokens(text: str, folded: str, start: int, end: int) -> list[str]:
    """Symbol tokens in printed spelling (offsets from the folded match)."""
    return [text[t.start() + start : t.end() + start] for t in _TOKEN.finditer(folded[start:end])]


def _issuer_of(token: str) -> Issuer | None:
    t = tables()
    folded = _TRAILING_DIGITS.sub("", _fold_token(token))
    return t.issuers.get(folded)


def _split_glued(token: str) -> list[str] | None:
    """ "NQCP" → ["NQ", "CP"] when both halves are known codes (a dropped hyphen)."""
    t = tables()
    folded = _fold_token(token)
    for i in range(1, len(folded)):
        if folded[:i] in t.doc_types and folded[i:] in t.issuers:
            return [token[:i], token[i:]]
    return None


def parse_match(m: re.Match[str], text: str, folded: str) -> ParsedNumber | None:
    """A :data:`.regexes.NUMBER` match on ``folded`` (the folded ``text``) as a number, or
    None when it is not one (lower-case symbol, unknown type in a party number ...)."""
    t = tables()
    if m["n_num"]:
        num, sym = m["n_num"], "n_sym"
        tokens = _tokens(text, folded, m.start(sym), m.end(sym))
        if not tokens or not tokens[0][:1].isupper():
            return None
        canon = [canonical_code(x) for x in tokens]
        first = _fold_token(tokens[0])
        if _LAW_CODE.fullmatch(first):  # a law: 44/2009/QH12
            type_code, doc_type, issuer_token = None, "luat", canon[0]
        else:
            dt = t.doc_types.get(first)
            type_code = dt.code if dt else canon[0]
            doc_type = dt.key if dt else first
            issuer_token = canon[1] if len(canon) > 1 else canon[0]
        return ParsedNumber(
            "normative",
            num,
            int(m["n_year"]),
            type_code,
            doc_type,
            issuer_token,
            _issuer_of(issuer_token),
            f"{num}/{m['n_year']}/{'-'.join(canon)}",
            m.start(),
            m.end(),
        )
    if m["p_num"]:
        type_raw = text[m.start("p_type") : m.end("p_type")]
        iss_raw = text[m.start("p_iss") : m.end("p_iss")]
        dt = t.doc_types.get(_fold_token(type_raw))
        if dt is None or not type_raw[:1].isupper() or not iss_raw[:1].isupper():
            return None
        iss = canonical_code(iss_raw)
        return ParsedNumber(
            "party",
            m["p_num"],
            None,
            dt.code,
            dt.key,
            iss,
            _issuer_of(iss),
            f"{m['p_num']}-{dt.code}/{iss}",
            m.start(),
            m.end(),
        )
    num = m["a_num"]
    tokens = _tokens(text, folded, m.start("a_sym"), m.end("a_sym"))
    if not tokens or not tokens[0][:1].isupper():
        return None
    if len(tokens) == 1:
        glued = _split_glued(tokens[0])
        if glued is None:
            return None
        tokens = glued
    canon = [canonical_code(x) for x in tokens]
    type_idx = next((i for i, x in enumerate(tokens) if _fold_token(x) in t.doc_types), None)
    dt = t.doc_types[_fold_token(tokens[type_idx])] if type_idx is not None else None
    rest = [c for i, c in enumerate(canon) if i != type_idx]
    issuer_token = next((c for c in rest if _fold_token(c) not in t.units), rest[0] if rest else canon[0])
    return ParsedNumber(
        "administrative",
        num,
        None,
        dt.code if dt else None,
        dt.key if dt else "cv",
        issuer_token,
        _issuer_of(issuer_token),
        f"{num}/{'-'.join(canon)}",
        m.start(),
        m.end(),
    )


def parse_number(s: str) -> ParsedNumber | None:
    """The first number in ``s``.

    >>> parse_number("Số: 474/QĐ- UBND").canonical
    '474/QĐ-UBND'
    >>> parse_number("19-NQITW").canonical
    '19-NQ/TW'
    """
    folded = fold_printed(s)
    for m in NUMBER.finditer(folded):
        parsed = parse_match(m, s, folded)
        if parsed is not None:
            return parsed
    return None
