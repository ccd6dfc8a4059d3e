"""The section tree of a plan: printed numbering → section paths (gold README §2).

Pure. Input is the paragraph blocks of :mod:`.segment`; each block is re-cut at every line
that opens a numbered item (the segmenter misses a few printed forms: ``2.Cải cách`` and
``2.2.Văn phòng`` with no space, OCR roman numerals ``|.`` / ``I1.``), giving *units*. A unit
is one heading or item with the text printed under it up to the next marker.

Paths use the printed numbering: roman section, then the arabic number as printed (``1.1``
stays ``1.1``, so ``1.1.`` under ``II`` is ``II.1.1``), then the letter (``II.1.1.a``).
Suffixes: ``-n`` for the n-th dash/plus bullet under a heading, ``-n.m`` for a ``+`` item
inside bullet n, ``(2)`` for a letter printed twice, ``bis`` for a number printed twice.

Scope: from the first roman heading ``I.`` to the end of the plan. Recipients ("Nơi
nhận"), signature blocks ("TM.", "KT.") and appendices ("PHỤ LỤC") close the tree until a
new ``I.`` heading opens the next part (a plan appended to its decision). ``Điều N.`` starts
a separate root so that a plan embedded in Điều 1 keeps its own numbering.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from .context import Context
from .model import Block, Line, Segmented, Span

SectionKind = Literal["root", "article", "roman", "number", "letter", "dash", "plus", "para"]

# --------------------------------------------------------------------------------------
# Regex building blocks of the printed numbering (OCR-tolerant where the corpus needs it)
# --------------------------------------------------------------------------------------

# Roman numeral; OCR prints I as "|", "l" or "1" after a first I ("I1." = II, "I11." = III).
ROMAN_MARK = re.compile(r"^(?P<m>[IVX|][IVXl1|]{0,4})\s*[.,]\s*(?=\S)")
_ROMAN_OCR_I = re.compile(r"[|l1]")
# Arabic number with a closing dot ("1.", "2.10.", "2.Cải") or dotted without it ("2.3 ").
NUMBER_MARK = re.compile(
    r"^(?P<m>\d{1,2}(?:\.\d{1,2})*)\.(?!\d)\s*(?=\S)|^(?P<m2>\d{1,2}(?:\.\d{1,2})+)\s+(?=\S)"
)
# Letter item "a)", OCR "¢)" for "c)".
LETTER_MARK = re.compile(r"^(?P<m>[a-zđ¢])\)\s*")
DASH_MARK = re.compile(r"^[-–—•]\s*")
PLUS_MARK = re.compile(r"^\+\s*")
ARTICLE_MARK = re.compile(r"^(?:Điều|Đieu|Dieu)\s+(?P<m>\d+)\b", re.IGNORECASE)
# Lines that close the plan body: recipients, signature, appendix (folded text).
CLOSING = re.compile(r"^(?:noi nh\w*\s*:|tm\.|kt\.|phu luc\b)")
# An appendix heading line on its own: "Phụ lục", "Phụ lục I", "Phụ lục số 2:".
APPENDIX_LINE = re.compile(r"^phu luc(?:\s+(?:so\s+)?[0-9ivx]+)?\s*[:.]?\s*$")
# The characters each marker pattern can start with (checked against the patterns over
# all of Unicode): a line is only matched against the patterns it can match.
_ARTICLE_FIRST = frozenset("DdĐđ")
_ROMAN_FIRST = frozenset("IVX|")
_LETTER_FIRST = frozenset("abcdefghijklmnopqrstuvwxyzđ¢")
_DASH_FIRST = frozenset("-–—•")
# First characters that can only open a letter item: a line opening with one cuts a unit
# exactly when its second character is ")" (it cannot close the body: not upper case).
_LETTER_ONLY_FIRST = _LETTER_FIRST - _ARTICLE_FIRST - _ROMAN_FIRST - _DASH_FIRST - {"+"}


@dataclass
class Unit:
    """One heading or item: a run of source lines from one marker to the next."""

    lines: list[Line]
    in_cell: bool = False  # printed inside a layout table cell
    # the text when known already: a unit that is a whole block has the block's text
    joined: str | None = field(default=None, repr=False)
    start: int = field(init=False)  # offset of the first printed character

    def __post_init__(self) -> None:
        # every unit's start is read (plain attributes: functools.cached_property takes a
        # lock on every first read and was a visible share of the tree)
        first = self.lines[0]
        self.start = first.start + (len(first.text) - len(first.text.lstrip()))

    @property
    def text(self) -> str:
        if self.joined is None:
            # str.split() splits on exactly what \s matches: re.sub(r"\s+", " ", ...).strip()
            self.joined = " ".join(" ".join(ln.text for ln in self.lines).split())
        return self.joined

    @property
    def end(self) -> int:
        return self.lines[-1].end


@dataclass
class Section:
    """A node of the tree.

    ``label`` is the unit text after its marker; ``heading`` its heading part (up to a
    colon, or the first printed line(s) when the next line starts a new sentence) and
    ``inline`` the text printed after the heading in the same unit.
    """

    path: str
    kind: SectionKind
    marker: str
    label: str
    heading: str
    inline: str
    span: Span
    children: list[Section] = field(default_factory=list)
    parent: Section | None = field(default=None, repr=False)

    def walk(self) -> Iterator[Section]:
        """This node and its descendants, parents before children, in printed order."""
        # a stack instead of nested generators: a recursive walk passed every node up
        # through one generator per level
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def ancestors(self) -> Iterator[Section]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    @property
    def number(self) -> str:
        """The printed number of a numbered node ("2.10"), else ''."""
        return self.marker if self.kind == "number" else ""


@dataclass
class SectionTree:
    root: Section

    def nodes(self) -> Iterator[Section]:
        """Every node but the root, as :meth:`Section.walk` orders them."""
        nodes = self.root.walk()
        next(nodes)  # the root
        return nodes

    def find(self, path: str) -> Section | None:
        return next((n for n in self.nodes() if n.path == path), None)


# --------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------


def _marker(line: str) -> tuple[SectionKind, str, int] | None:
    """(kind, normalised marker, length of the marker text) of a line, or None."""
    s = line.strip()
    c = s[:1]
    if not c:
        return None
    if c in _ARTICLE_FIRST and (m := ARTICLE_MARK.match(s)):
        return "article", m.group("m"), m.end()
    if c in _ROMAN_FIRST and (m := ROMAN_MARK.match(s)):
        roman = _ROMAN_OCR_I.sub("I", m.group("m"))
        rest = s[m.end() :]
        first = rest.split(" ", 1)[0]
        letters = [c for c in first if c.isalpha()]
        if _roman_value(roman) and len(letters) >= 2 and all(c.isupper() for c in letters):
            return "roman", roman, m.end()
    if c.isdecimal() and (m := NUMBER_MARK.match(s)):  # \d is str.isdecimal
        num = m.group("m") or m.group("m2")
        rest = s[m.end() :]
        if rest[:1].isupper() or rest[:1] in "\"“'":
            return "number", num, m.end()
    if c in _LETTER_FIRST and (m := LETTER_MARK.match(s)):
        return "letter", m.group("m").replace("¢", "c"), m.end()
    if c in _DASH_FIRST and (m := DASH_MARK.match(s)):
        return "dash", "-", m.end()
    if c == "+" and (m := PLUS_MARK.match(s)):
        return "plus", "+", m.end()
    return None


def _folded_stripped(ln: Line, folded: str) -> str:
    """The folded form of ``ln.text.strip()``: a slice of the folded document (folding
    maps whitespace to whitespace and nothing else to it, so the folded line strips
    where the line does)."""
    return folded[ln.start : ln.end].strip()


def _closes(ln: Line, folded_text: str) -> bool:
    """A line that closes the plan body (recipients, signature, appendix heading); the
    segmenter may have joined it to the paragraph before ("... giải quyết./." + "PHỤ LỤC").
    ``folded_text`` is the folded document (:attr:`Segmented.folded`)."""
    s = ln.text.strip()
    if not s[:1].isupper():  # checked first: most lines fail here, before any slicing
        return False
    folded = _folded_stripped(ln, folded_text)
    if not CLOSING.match(folded):
        return False
    # "PHỤ LỤC" as a heading, not a wrapped "(Có\nPhụ lục nhiệm vụ ... kèm theo)".
    return not folded.startswith("phu luc") or s.isupper() or bool(APPENDIX_LINE.match(folded))


def _roman_value(roman: str) -> int:
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, c in enumerate(roman):
        v = values[c]
        total += -v if i + 1 < len(roman) and values[roman[i + 1]] > v else v
    return total if 0 < total <= 20 else 0


def units(ctx: Context) -> list[Unit]:
    """Paragraph blocks re-cut at every marker line.

    A table cell is skipped, except (a) the running text before a closing line inside it:
    with no blank line before the appendix, the segmenter closes the body's last paragraphs,
    the "PHỤ LỤC" heading and the first header cell as one cell ("... 3. Các cơ quan ...
    PHỤ LỤC ... STT |"); (b) a cell that opens with an item marker ("3. Sở Tài chính / a)
    ..."), the body's last items printed in a layout table beside the signature. Those are
    marked ``in_cell``: they extend an open tree but never open one.
    """
    return _units(ctx, _closing_candidates(ctx.seg))


def _units(ctx: Context, closing_lines: tuple[int, ...]) -> list[Unit]:
    """:func:`units`; ``closing_lines`` is :func:`_closing_candidates` of the document."""
    lines = ctx.seg.lines
    folded = ctx.seg.folded
    out: list[Unit] = []
    blocks = ctx.seg.blocks
    # the blocks holding a line that may close the body: most blocks hold none
    closing_blocks = _blocks_holding(blocks, closing_lines)
    for index, block in enumerate(blocks):
        block_lines = lines[block.first_line - 1 : block.last_line]  # never a blank line
        in_cell = False
        may_close = index in closing_blocks
        if block.kind != "paragraph":
            closing = (
                next((i for i, ln in enumerate(block_lines) if _closes(ln, folded)), None)
                if may_close
                else None
            )
            if closing is not None:
                block_lines = block_lines[: closing + 1]
            elif (
                _may_open_item(block_lines[0].text)
                and (found := _marker(block_lines[0].text))
                and found[0] in _ITEM_KINDS
            ):
                in_cell = True
            else:
                continue  # most table cells: skipped before their lines are copied
        run: list[Line] = []
        for ln in block_lines:  # a slice of the lines tuple: Unit keeps lists of its own
            if run and _cuts(ln, folded, may_close):
                out.append(Unit(run, in_cell))
                run = []
            run.append(ln)
        if run:
            # every line of the block (blocks hold no blank line): its text is joined already
            whole = len(run) == block.last_line - block.first_line + 1
            out.append(Unit(run, in_cell, block.text if whole else None))
    return out


# What every line that CLOSING matches (folded, stripped) opens with.
_CLOSING_WORDS = ("noi nh", "tm.", "kt.", "phu luc")


def _closing_candidates(seg: Segmented) -> tuple[int, ...]:
    """The numbers of the lines holding one of :data:`_CLOSING_WORDS`, in order: the only
    lines :func:`_closes` can accept (a few str.find scans of the folded document instead
    of a check of every line of every table cell)."""
    folded = seg.folded
    found: set[int] = set()
    for word in _CLOSING_WORDS:
        at = folded.find(word)
        while at >= 0:
            found.add(seg.line_at(at))
            at = folded.find(word, at + 1)
    return tuple(sorted(found))


def _blocks_holding(blocks: tuple[Block, ...], numbers: tuple[int, ...]) -> set[int]:
    """The indices of the blocks holding one of the line ``numbers`` (a bisection per
    number: there are a few, and thousands of blocks)."""
    firsts = [b.first_line for b in blocks]
    found: set[int] = set()
    for n in numbers:
        i = bisect_right(firsts, n) - 1
        if i >= 0 and blocks[i].last_line >= n:
            found.add(i)
    return found


_ITEM_KINDS = ("number", "letter", "dash", "plus")
# What an item marker can open with (number, letter, dash, plus; see _marker): a table
# cell opening otherwise, as most do (capitalised words), is skipped without _marker.
_ITEM_FIRST = _LETTER_FIRST | _DASH_FIRST | {"+"}


def _may_open_item(line: str) -> bool:
    c = line.lstrip()[:1]
    return c in _ITEM_FIRST or c.isdecimal()


def _cuts(ln: Line, folded: str, may_close: bool = True) -> bool:
    """``_marker(ln.text) is not None or _closes(ln, folded)``, told from the first two
    characters for the many lines that open with a lower-case letter (wrapped text);
    ``may_close`` False says that the line is not a closing candidate (see _units)."""
    s = ln.text.strip()
    if s[:1] in _LETTER_ONLY_FIRST:
        return s[1:2] == ")"
    return _marker(s) is not None or (may_close and _closes(ln, folded))


# --------------------------------------------------------------------------------------
# Tree
# --------------------------------------------------------------------------------------

_LEVEL = {"article": 0, "roman": 0, "letter": 20, "dash": 30, "plus": 40}
_TERMINAL = ".;:!?"


def _level(kind: SectionKind, marker: str) -> int:
    if kind == "number":
        return 10 + marker.count(".")
    return _LEVEL.get(kind, 50)


def _split_heading(label: str, unit: Unit, marker_len: int) -> tuple[str, str]:
    """Heading and inline text of a unit's label (see :class:`Section`)."""
    colon = label.find(":")
    if 0 < colon <= 160:
        return label[:colon].strip(), label[colon + 1 :].strip()
    if len(unit.lines) == 1:
        return label, ""
    head = [unit.lines[0].text.strip()[marker_len:].strip()]
    for i, ln in enumerate(unit.lines[1:], start=1):
        t = ln.text.strip()
        prev = head[-1]
        continues = (
            t[:1].islower()
            or prev.endswith((",", " và", "-", "–"))
            or not t[:1].isalpha()
            or (prev[-1:] not in _TERMINAL and _capitalised_word(t.split(" ", 1)[0]))
        )
        if not continues:
            rest = " ".join(x.text.strip() for x in unit.lines[i:])
            return " ".join(head).strip(), " ".join(rest.split())
        head.append(t)
    return label, ""


def _capitalised_word(word: str) -> bool:
    return len(word) >= 2 and word.isupper()


def build_sections(ctx: Context) -> SectionTree:
    """The section tree of the document (pure)."""
    seg = ctx.seg
    root = Section("", "root", "", "", "", "", seg.span(0, 0))
    stack: list[tuple[int, Section]] = []
    is_open = False
    seen_bodies = 0
    previous: Section | None = None
    printed: dict[_SiblingKey, int] = {}
    closing_lines = _closing_candidates(seg)
    may_close = frozenset(closing_lines)
    in_document, in_recipients = ctx.regions.in_document, ctx.regions.in_recipients
    for unit in _units(ctx, closing_lines):
        head_line = unit.lines[0]
        first = head_line.text.strip()
        if head_line.number in may_close and CLOSING.match(_folded_stripped(head_line, seg.folded)):
            is_open = False
            stack.clear()
            continue
        if not in_document(unit.start) or in_recipients(unit.start):
            continue
        found = _marker(first)
        kind: SectionKind
        if found is None:
            kind, marker, mlen = "para", "", 0
        else:
            kind, marker, mlen = found
        if unit.in_cell and (not is_open or kind in ("roman", "article")):
            continue
        if kind == "roman" and (marker == "I" or is_open):
            is_open = True
            seen_bodies += 1
        elif kind == "article":
            is_open = True
        if not is_open:
            continue
        text = unit.text
        parent_level = _level(kind, marker)
        if kind == "para" or not _plausible(kind, marker, stack, text):
            if kind != "para" and stack and _is_continuation(stack[-1][1], text):
                _extend(stack[-1][1], unit)
                continue
            if kind == "dash" and stack and _is_continuation(stack[-1][1], text):
                _extend(stack[-1][1], unit)
                continue
            # A line the segmenter cut mid-sentence ("... viên chức năm\n2021. Tiếp tục").
            if (
                stack
                and previous is stack[-1][1]
                and _open_ended(previous)
                and (text[:1].islower() or text[:1].isdigit())
            ):
                _extend(previous, unit)
                continue
            kind = "para"
            marker, mlen = "", 0
            parent_level = 60
        elif kind == "dash" and stack and _is_continuation(stack[-1][1], text):
            _extend(stack[-1][1], unit)
            continue
        label = text[mlen:].strip() if mlen else text
        heading, inline = _split_heading(label, unit, mlen)
        while stack and stack[-1][0] >= parent_level and kind != "para":
            stack.pop()
        parent = stack[-1][1] if stack else root
        node = Section(
            path=_path(kind, marker, parent, printed),
            kind=kind,
            marker=marker,
            label=label,
            heading=heading,
            inline=inline,
            span=seg.span(unit.start, unit.end),
            parent=parent,
        )
        parent.children.append(node)
        key = _sibling_key(node)
        printed[key] = printed.get(key, 0) + 1
        previous = node
        if kind != "para":
            stack.append((parent_level, node))
    return SectionTree(root)


def _plausible(kind: SectionKind, marker: str, stack: list[tuple[int, Section]], text: str) -> bool:
    """A number must continue the printed sequence (rejects "2021. Tiếp tục" line starts)."""
    if kind != "number":
        return True
    parts = [int(p) for p in marker.split(".")]
    if parts[-1] > 40:
        return False
    # The enclosing numbered ancestor must be the printed prefix of a dotted number.
    if len(parts) > 1:
        prefix = ".".join(str(p) for p in parts[:-1])
        return any(n.kind == "number" and _num_key(n.marker) == prefix for _, n in stack)
    siblings = [n for _, n in stack if n.kind == "number" and "." not in n.marker]
    if not siblings:
        return parts[0] <= 2 or not any(n.kind == "roman" for _, n in stack)
    last = int(siblings[-1].marker)
    return parts[0] in (last, last + 1) or parts[0] == 1


def _num_key(marker: str) -> str:
    return ".".join(str(int(p)) for p in marker.split("."))


def _open_ended(node: Section) -> bool:
    """The node's text stops without closing punctuation (its sentence goes on)."""
    last = (node.label or node.heading).rstrip()
    return bool(last) and last[-1] not in _TERMINAL


def _is_continuation(prev: Section, text: str) -> bool:
    """A hard-wrapped line that only looks like an item ("- xã hội do ..." after "kinh tế")."""
    body = DASH_MARK.sub("", text, count=1)
    last = (prev.label or prev.heading).rstrip()
    return bool(body[:1].islower()) and bool(last) and last[-1] not in _TERMINAL


def _extend(node: Section, unit: Unit) -> None:
    node.label = f"{node.label} {unit.text}".strip()
    if node.inline:
        node.inline = f"{node.inline} {unit.text}"
    else:
        node.heading = node.label
    node.span = Span(node.span.start, unit.end, node.span.line)


_SiblingKey = tuple[int, str, str]


def _sibling_key(node: Section) -> _SiblingKey:
    """What _path counts among a node's siblings: numbers by their numeric key, letters by
    the letter, bullets (dash and plus) together."""
    parent = id(node.parent)
    if node.kind == "number":
        return parent, "number", _num_key(node.marker)
    if node.kind == "letter":
        return parent, "letter", node.marker
    if node.kind in ("dash", "plus"):
        return parent, "bullet", ""
    return parent, node.kind, ""


def _path(kind: SectionKind, marker: str, parent: Section, printed: dict[_SiblingKey, int]) -> str:
    """The path of a new child of ``parent``; ``printed`` counts the children printed so
    far by :func:`_sibling_key` (it was a scan of the siblings for every node)."""
    if kind == "article":
        return f"Điều {marker}"
    if kind == "roman":
        return marker
    base = parent.path
    if kind == "number":
        key = _num_key(marker)
        own = key.split(".")[-1] if "." in key else key
        suffix = "bis" * printed.get((id(parent), "number", key), 0)
        return f"{base}.{own}{suffix}" if base else f"{own}{suffix}"
    if kind == "letter":
        same = printed.get((id(parent), "letter", marker), 0)
        suffix = f"({same + 1})" if same else ""
        return f"{base}.{marker}{suffix}" if base else f"{marker}{suffix}"
    if kind in ("dash", "plus"):
        n = printed.get((id(parent), "bullet", ""), 0) + 1
        if parent.kind in ("dash", "plus"):
            return f"{base}.{n}"
        return f"{base}-{n}"
    return base
