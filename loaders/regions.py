"""Regions of a document: where the document proper starts and ends (web boilerplate
outside), the preamble, the recipients list ("Nơi nhận"), the signature blocks and the
appendix.

Pure. Offsets index the source text. Later stages use regions to include or exclude text
(citations exclude boilerplate and the recipients list; agencies include recipients).

Every pattern runs on the folded text (:func:`~cchc_kg.loaders.textfold.fold_same_length`:
lower case, no diacritics, same offsets), so OCR text that lost its diacritics ("UY BAN NHAN
DAN", "Noi nhén", "Can ctr") is cut the same way as printed text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .model import Line, Segmented

# The national motto that every administrative document carries beside its issuer.
_MOTTO = re.compile(r"cong\s+hoa\s+xa\s+h\S{1,3}|doc\s+lap\s*-\s*tu\s+do")
# The issuing body's header, printed above or on the same line as the motto.
_ISSUER_LINE = re.compile(
    r"^\s*(?:uy\s+ban\s+nhan\s+dan|hoi\s+dong\s+nhan\s+dan|so\s+\S+|ban\s+\S+|tinh\s+uy|bo\s+\S+"
    r"|van\s+phong|thanh\s+uy|huyen\s+uy|chinh\s+phu|thu\s+tuong|tinh\s+\S+|thanh\s+pho)\b"
)
# Lines of the left header column a DOCX flattening puts between issuer and motto:
# the number ("Số:   /KH-UBND") and the draft mark ("(Dự thảo)").
_HEADER_SIDE_LINE = re.compile(r"^\s*(?:s\S{0,2}\s*:|\(.*\)\s*$)")
_RECIPIENTS = re.compile(r"\bn[o0]i\s+nh\S{1,2}n\s*:")
# "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "Q. CHỦ TỊCH", "TL. ...", "TUQ. ..."
_SIGNATURE_START = re.compile(r"(?:^|\s)(?:tm|kt|q|tl|tuq)\.\s*[a-z]")
_PREAMBLE_START = re.compile(r"^\s*(?:can\s+c\S{0,3}\b|thuc\s+hien\b|xet\s+de\s+nghi|theo\s+de\s+nghi)")
# What closes the preamble: the enacting word of a decision, its first article, or the
# first roman section (OCR may print "I." as "|.").
_PREAMBLE_END = re.compile(r"^\s*(?:quyet\s+dinh\s*:|dieu\s+1\b|(?:[ivx]+|\|)\.\s+\S)")
_APPENDIX = re.compile(r"^\s*phu\s+luc\b")
_TABLE_HEAD = re.compile(r"^\s*s?tt\s*$")
# Website furniture after the document (the legal portals' footers, login and privacy
# notices). Matched per line on folded text.
_SITE_BOILERPLATE = re.compile(
    r"van\s+ban\s+nay\s+chua\s+cap\s+nhat|thu\s*vien\s*phap\s*luat|dang\s+nhap|dang\s+xuat"
    r"|file\s+duoc\s+dinh\s+kem|noi\s+dung\s+sua\s+doi,\s+huong\s+dan|tai\s+khoan\s+cua"
    r"|luot\s+xem|ma\s+so\s+thue|\be-?mail\s*:"
)
# What every line that _SIGNATURE_START, _RECIPIENTS, _SITE_BOILERPLATE match holds (see
# _Folded.next_match): the same patterns without their leading "^|\s" or "\b", so that
# each opens with letters and a search skips to where one of them stands.
# (The signature's needs open with its dot and look behind for the abbreviation: a pattern
# opening with a literal is searched by a fast scan for it, ten times faster here than one
# opening with letters as common as "t". It matches on the line of each match of the plain
# form, two characters on: a line start never falls inside "tm.")
_SIGNATURE_NEEDS = re.compile(r"\.(?:(?<=tm\.)|(?<=kt\.)|(?<=tl\.)|(?<=q\.))\s*[a-z]")
_RECIPIENTS_NEEDS = re.compile(r"n[o0]i\s+nh\S{1,2}n\s*:")
_SITE_BOILERPLATE_NEEDS = re.compile(_SITE_BOILERPLATE.pattern.replace(r"|\be-?mail", "|e-?mail"))
# The same for the appendix heading and the task-table header cell, which are matched on
# the line alone (a match per line from the signature to the end was most of the stage).
_APPENDIX_NEEDS = re.compile(r"phu\s+luc\b")
_TABLE_HEAD_NEEDS = re.compile(r"tt\s*$", re.MULTILINE)
_CELL_END = "|"
_HEADER_REACH = 10  # lines above the motto where the issuer header may start


@dataclass(frozen=True)
class Regions:
    doc_start: int
    doc_end: int
    preamble: tuple[int, int] | None = None
    recipients: tuple[int, int] | None = None
    appendix: tuple[int, int] | None = None
    signatures: tuple[tuple[int, int], ...] = field(default=())

    def in_document(self, offset: int) -> bool:
        return self.doc_start <= offset < self.doc_end

    def in_recipients(self, offset: int) -> bool:
        return self.recipients is not None and self.recipients[0] <= offset < self.recipients[1]

    def in_preamble(self, offset: int) -> bool:
        return self.preamble is not None and self.preamble[0] <= offset < self.preamble[1]

    def in_appendix(self, offset: int) -> bool:
        return self.appendix is not None and self.appendix[0] <= offset < self.appendix[1]


@dataclass(frozen=True)
class _Folded:
    """The folded document (:attr:`Segmented.folded`) and its lines, which are slices of
    it (folding keeps offsets), cut when asked for: most lines never are (slicing every
    line up front was a third of the stage)."""

    text: str
    source_lines: tuple[Line, ...]
    starts: tuple[int, ...]

    def __getitem__(self, k: int) -> str:
        line = self.source_lines[k]
        return self.text[line.start : line.end]

    def __len__(self) -> int:
        return len(self.source_lines)

    def next_match(
        self, pattern: re.Pattern[str], needs: re.Pattern[str], start: int, stop: int
    ) -> tuple[int, re.Match[str]] | None:
        """The first line ``k`` in ``[start, stop)`` on which ``pattern.search`` matches,
        with the match: what a loop searching every line finds, but only lines where
        ``needs`` matches in the whole folded text are searched (a search per line of the
        document was most of this stage). ``needs`` must match, in the whole text, inside
        every line that ``pattern`` matches (no ``^``/``$``; a pattern without them
        qualifies itself: ``\b`` at a line's ends sees a newline as the end of a string)."""
        k = start
        while k < stop:
            hit = needs.search(self.text, self.starts[k])
            if hit is None:
                return None
            k = bisect_right(self.starts, hit.start()) - 1
            if k >= stop:
                return None
            m = pattern.search(self[k])
            if m:
                return k, m
            k += 1
        return None


def find_regions(seg: Segmented) -> Regions:
    text = seg.source.text
    lines = seg.lines
    folded = _Folded(seg.folded, lines, seg.line_starts)
    first = _document_first_line(lines, folded)
    signatures = tuple(_signature_blocks(lines, folded, first))
    after_sign = _line_index_at(lines, signatures[-1][1]) + 1 if signatures else first
    last = _document_last_line(lines, folded, after_sign)
    doc_start = lines[first].start + _indent(lines[first].text) if lines else 0
    doc_end = lines[last].end if lines else len(text)
    return Regions(
        doc_start=doc_start,
        doc_end=doc_end,
        preamble=_preamble(lines, folded, first, last),
        recipients=_recipients(lines, folded, first, last),
        appendix=_appendix(lines, folded, after_sign, last, doc_end),
        signatures=signatures,
    )


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _line_index_at(lines: tuple[Line, ...], offset: int) -> int:
    """The first line holding ``offset`` (its end included), else the last line."""
    # lines are in order and apart (a line end lies before the next start): the only
    # candidate is the last line starting at or before offset
    k = bisect_right(lines, offset, key=_line_start) - 1
    if k >= 0 and lines[k].start <= offset <= lines[k].end:
        return k
    return len(lines) - 1


def _line_start(line: Line) -> int:
    return line.start


def _document_first_line(lines: tuple[Line, ...], folded: _Folded) -> int:
    """The top line of the issuer header printed above (or beside) the first motto line.

    The header is upper case and may run over several lines ("ỦY BAN NHÂN DÂN" / "TỈNH KON
    TUM" / "-------" / "|"); the scan upwards stops at running (lower-case) text, which is
    what separates it from a website's furniture."""
    for k in range(len(folded)):
        f = folded[k]
        if not _MOTTO.search(f):
            continue
        top = k if _is_issuer_line(lines[k].text, f) else None
        for j in range(k - 1, max(-1, k - _HEADER_REACH), -1):
            raw = lines[j].text.strip()
            if not raw or set(raw) <= set("-|_") or _HEADER_SIDE_LINE.match(folded[j]):
                continue
            if not _is_issuer_line(lines[j].text, folded[j]):
                break
            top = j
        return k if top is None else top
    for k in range(len(folded)):
        if _is_issuer_line(lines[k].text, folded[k]):
            return k
    return 0


def _is_issuer_line(raw: str, folded: str) -> bool:
    return raw.upper() == raw and bool(_ISSUER_LINE.match(folded))


def _document_last_line(lines: tuple[Line, ...], folded: _Folded, after: int) -> int:
    """The last line of the document: before the first site-boilerplate line that follows
    the last signature, cut back to the last table cell before it when a table precedes."""
    last = len(lines) - 1
    found = folded.next_match(_SITE_BOILERPLATE, _SITE_BOILERPLATE_NEEDS, after, len(lines))
    if found is not None:
        k = found[0]
        last = k - 1
        for j in range(k - 1, after - 1, -1):
            if lines[j].text.strip() == _CELL_END:
                last = j  # the closing '|' of the last cell belongs to the table
                break
    while last > 0 and not lines[last].text.strip():
        last -= 1
    return last


def _signature_blocks(lines: tuple[Line, ...], folded: _Folded, first: int) -> list[tuple[int, int]]:
    """(start, end) of each signature block: from "TM."/"KT." to the signer's name line
    (the first line after the capacity that reads like a person's name), or to the block's
    last capacity line when no name follows."""
    blocks: list[tuple[int, int]] = []
    k = first
    while (found := folded.next_match(_SIGNATURE_START, _SIGNATURE_NEEDS, k, len(lines))) is not None:
        k, m = found
        start = lines[k].start + m.start() + (1 if folded[k][m.start()].isspace() else 0)
        end_line = k
        for j in range(k + 1, min(len(lines), k + 40)):
            raw = lines[j].text.strip()
            if raw == _CELL_END:
                break
            if looks_like_name(raw):
                end_line = j
                break
        blocks.append((start, lines[end_line].end))
        k = end_line + 1
    return blocks


_NAME_WORD = re.compile(r"^[A-ZĐÀ-Ỹ][a-zà-ỹđ]+$")


def looks_like_name(line: str) -> bool:
    """A Vietnamese personal name line: 2-5 capitalised words, nothing else.

    >>> looks_like_name("Lê Ngọc Tuấn"), looks_like_name("Nguyén Vin Hoa"), looks_like_name("CHỦ TỊCH")
    (True, True, False)
    """
    words = line.split()
    return 2 <= len(words) <= 5 and all(_NAME_WORD.match(w) for w in words)


def _preamble(lines: tuple[Line, ...], folded: _Folded, first: int, last: int) -> tuple[int, int] | None:
    for k in range(first, last + 1):
        if _PREAMBLE_START.match(folded[k]):
            for j in range(k + 1, last + 1):
                if _PREAMBLE_END.match(folded[j]):
                    return lines[k].start, _content_end(lines, k, j)
            return None
    return None


def _content_end(lines: tuple[Line, ...], start: int, stop: int) -> int:
    """End offset of the last non-blank line in ``[start, stop)``."""
    for j in range(stop - 1, start - 1, -1):
        if lines[j].text.strip():
            return lines[j].end
    return lines[start].end


def _recipients(lines: tuple[Line, ...], folded: _Folded, first: int, last: int) -> tuple[int, int] | None:
    """The "Nơi nhận:" list: dash items and their wrapped continuations."""
    found = folded.next_match(_RECIPIENTS, _RECIPIENTS_NEEDS, first, last + 1)
    if found is not None:
        k, m = found
        end = lines[k].end
        open_item = False
        for j in range(k + 1, last + 1):
            raw = lines[j].text.strip()
            if not raw:
                continue
            if raw == _CELL_END:
                break
            if raw[0] in "-–•+" or open_item:
                open_item = not raw.rstrip().endswith((";", ".", "./."))
            else:
                break
            end = lines[j].end
        return lines[k].start + m.start(), end
    return None


def _appendix(
    lines: tuple[Line, ...], folded: _Folded, after: int, last: int, doc_end: int
) -> tuple[int, int] | None:
    """From the "PHỤ LỤC" heading after the last signature, or else from a task-table
    header ("TT"/"STT" cell) there, to the end of the document."""
    k = after
    while (found := folded.next_match(_APPENDIX, _APPENDIX_NEEDS, k, last + 1)) is not None:
        k = found[0]
        if lines[k].text.strip()[:1].isupper():
            return lines[k].start, doc_end
        k += 1
    k = after
    while (found := folded.next_match(_TABLE_HEAD, _TABLE_HEAD_NEEDS, k, last)) is not None:
        k = found[0]
        if lines[k + 1].text.strip() == _CELL_END:
            return lines[k].start, doc_end
        k += 1
    return None
