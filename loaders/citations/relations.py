"""The relation of each citation mention to the citing document (gold README §4):
``legal_basis`` (preamble "Căn cứ ..." / "Thực hiện ..."), ``implements`` (the title
"Triển khai thực hiện ...", or "triển khai / thực hiện" governing the instrument or what it
issued), ``replaces`` ("thay thế ..."), ``amends`` ("sửa đổi, bổ sung ..." by this document)
and ``mentions`` (everything else, including instruments cited only inside another one's
description). Pure."""

from __future__ import annotations

import bisect
from typing import NamedTuple

from ..model import Block, Relation
from ..textfold import fold_words
from .codes import tables
from .find import Found
from .regexes import (
    AMENDS,
    ANY_WORD,
    BODY_START,
    CLAUSE_BOUNDARY,
    COORDINATION,
    IMPLEMENT_BLOCKER,
    IMPLEMENT_OBJECT,
    IMPLEMENT_QUALIFIER,
    IMPLEMENT_VERB,
    ITEM_OPENER,
    PREAMBLE_BASIS,
    PROPOSAL,
    REPLACES,
    REPLACES_LIST,
)

# Primary-relation order of gold README §4: title implements, replaces/amends, legal basis,
# body implements, mentions.
PRIORITY = {
    "implements-title": 0,
    "replaces": 1,
    "amends": 1,
    "legal_basis": 2,
    "implements": 3,
    "mentions": 4,
}


class MentionRelation(NamedTuple):  # one per mention: a tuple, cheaper than a dataclass
    relation: Relation
    via_title: bool = False

    @property
    def rank(self) -> int:
        return PRIORITY["implements-title" if self.via_title else self.relation]


def _implements(context: str) -> bool:
    """Does the last "triển khai / thực hiện" of ``context`` govern what follows it (the
    instrument itself, "theo ...", or a thing an instrument issues)?"""
    verbs = list(IMPLEMENT_VERB.finditer(context))
    if not verbs:
        return False
    rest = context[verbs[-1].end() :]
    skipped = 0
    for _ in range(16):  # bounded: a dozen stacked qualifiers and a couple of adverbs
        if not rest.strip(" ,"):
            return True
        if IMPLEMENT_OBJECT.match(rest):
            return not IMPLEMENT_BLOCKER.search(rest)
        m = IMPLEMENT_QUALIFIER.match(rest)
        if m is None and skipped < _MAX_ADVERBS:
            # an adverb the list does not know ("hoàn thành sớm các nhiệm vụ ...")
            m = ANY_WORD.match(rest)
            skipped += 1
        if m is None:
            return False
        rest = rest[m.end() :]
    return False


def _own_clause(text: str) -> str:
    """The part of ``text`` after its last clause boundary (";", ":", ". "): the last end
    of a CLAUSE_BOUNDARY match, found from the right (its matches cannot overlap: none
    starts with whitespace), where finditer read the whole item."""
    end = max(text.rfind(";"), text.rfind(":")) + 1  # 0 when neither is there
    dot = text.rfind(".")
    while dot + 2 > end and dot >= 0:  # "." followed by whitespace (\s is str.isspace)
        if dot + 1 < len(text) and text[dot + 1].isspace():
            end = dot + 2
            break
        dot = text.rfind(".", 0, dot)
    return text[end:]


_ITEM_ENDS = (".", ";", ":")  # what ITEM_END finds at the end of a stripped text
_TITLE_REACH = 12  # paragraphs from the top where the kind heading may stand
_MAX_ADVERBS = 2  # unknown words allowed between "triển khai / thực hiện" and its object
_MAX_CONTINUATION = 12  # hard-wrapped lines of one item the segmenter may have split


class _ItemStarts:
    """For each block, the index of the block that opens its item: a paragraph that
    neither opens an item (bullet, "a)", "1.", "Căn cứ ...") nor follows a paragraph ending
    with ".", ";" or ":" is a wrapped line of the paragraph before (OCR text, "19 tháng 6
    năm 2015; Luật ..." split off at its leading number), at most ``_MAX_CONTINUATION``
    lines on. Computed when asked (for the blocks holding mentions and the preamble):
    back to the nearest block that is no wrapped line, then forward by the rule."""

    def __init__(self, blocks: tuple[Block, ...], heads: _Heads) -> None:
        self._blocks = blocks
        self._heads = heads
        self._starts: list[int | None] = [None] * len(blocks)

    def _continues(self, i: int) -> bool:
        """Is block ``i`` a wrapped line of the paragraph before it?"""
        b = self._blocks[i]
        if b.kind != "paragraph" or i == 0:
            return False
        prev = self._blocks[i - 1]
        # ITEM_END.search(prev.text) on a block text, which has no whitespace at its
        # end (collapsed by the segmenter): one look at its last character
        if prev.kind != "paragraph" or prev.text.endswith(_ITEM_ENDS):
            return False
        head = self._heads[i]
        return not (ITEM_OPENER.match(head) or PREAMBLE_BASIS.match(head) or PROPOSAL.match(head))

    def __getitem__(self, i: int) -> int:
        starts = self._starts
        found = starts[i]
        if found is not None:
            return found
        k = i
        while starts[k] is None and self._continues(k):
            k -= 1  # block 0 never continues
        if starts[k] is None:
            starts[k] = k
        for j in range(k + 1, i + 1):  # each a wrapped line of the one before
            before = starts[j - 1]
            assert before is not None
            starts[j] = before if j - before < _MAX_CONTINUATION else j
        found = starts[i]
        assert found is not None
        return found


class _Heads:
    """The :func:`_head` of each block, made when first asked: most blocks hold no
    mention and are not asked whether they continue an item, so their heads are never
    read."""

    def __init__(self, blocks: tuple[Block, ...], folded: str) -> None:
        self._blocks = blocks
        self._folded = folded
        self._heads: list[str | None] = [None] * len(blocks)

    def __getitem__(self, i: int) -> str:
        head = self._heads[i]
        if head is None:
            head = self._heads[i] = _head(self._blocks[i], self._folded)
        return head


def _head(block: Block, folded: str) -> str:
    """The folded start of a block, where item markers and preamble words stand:
    ``fold_printed(block.text[:40])``, cut from the document's printed fold ``folded``.
    A block's text is its source span with whitespace collapsed, and folding maps
    whitespace to whitespace and nothing else to it, character for character, so
    collapsing the folded span gives the folded text (no block folded again). Collapsing
    a prefix of the span gives a prefix of the collapsed span, so a prefix that already
    collapses to 40 characters is enough (a long paragraph is not split whole)."""
    a, b = block.span.start, block.span.end
    if b - a > _HEAD_READ:
        head = " ".join(folded[a : a + _HEAD_READ].split())
        if len(head) >= _HEAD_LEN:
            return head[:_HEAD_LEN]
    return " ".join(folded[a:b].split())[:_HEAD_LEN]


_HEAD_LEN = 40
_HEAD_READ = 3 * _HEAD_LEN  # source characters read first: enough unless mostly whitespace


def _last_words(text: str, n: int) -> tuple[list[str], list[str]]:
    """The last ``n`` words of ``fold_words(text)`` and of ``text.split()``, from the tail
    of ``text`` after a space when that tail holds ``n`` of each: words never span
    whitespace (nor does NFC composition), so the tail's words end the text's."""
    cut = text.rfind(" ", 0, max(0, len(text) - _TAIL_READ))
    if cut >= 0:
        tail = text[cut + 1 :]
        folded, raw = fold_words(tail).split(), tail.split()
        if len(folded) >= n and len(raw) >= n:
            return folded[-n:], raw[-n:]
    return fold_words(text).split()[-n:], text.split()[-n:]


_TAIL_READ = 60  # characters read from the end of a title candidate first


def _title_block(blocks: tuple[Block, ...], lo: int) -> int | None:
    """The index of the title paragraph: the one right after the kind heading ("KẾ HOẠCH",
    "QUYẾT ĐỊNH", possibly at the end of the letterhead block). A title "Thực hiện Nghị
    quyết số ..." reads like a "Thực hiện ..." preamble item but is the title."""
    kinds = tables().doc_type_by_kind
    for i, b in enumerate(blocks[:_TITLE_REACH]):
        if b.span.end <= lo or b.kind != "paragraph":
            continue
        raw_words = b.text.rsplit(None, 3)[-3:]  # text.split()[-3:] without splitting it all
        if not any(" ".join(raw_words[-n:]).isupper() for n in (3, 2)):
            continue  # no upper-case heading at its end: nothing to fold
        words, raw_words = _last_words(b.text, 3)
        for n in (3, 2):  # "kế hoạch hành động", "quyết định"
            tail = " ".join(words[-n:])
            raw_tail = " ".join(raw_words[-n:])
            if tail in kinds and raw_tail.isupper():
                return i + 1 if i + 1 < len(blocks) else None
    return None


def relate(folded: str, lo: int, blocks: tuple[Block, ...], found: list[Found]) -> list[MentionRelation]:
    """One relation per mention of ``found`` (text order)."""
    body = BODY_START.search(folded, lo)
    body_start = body.start() if body else len(folded)
    starts = [b.span.start for b in blocks]
    title_at = _title_block(blocks, lo)
    folded_heads = _Heads(blocks, folded)
    items = _ItemStarts(blocks, folded_heads)
    # the first preamble item ("Căn cứ ...", "Theo đề nghị ...") after the title; only
    # one before the body matters (title_end below), and item starts only grow
    first_preamble = body_start
    for i in range(len(blocks)):
        b = blocks[items[i]]
        if b.span.start >= body_start:
            break
        if b.span.start >= lo and i != title_at:
            h = folded_heads[items[i]]
            if PREAMBLE_BASIS.match(h) or PROPOSAL.match(h):
                first_preamble = b.span.start
                break
    title_end = min(first_preamble, body_start)

    out: list[MentionRelation] = []
    heads: list[MentionRelation] = []  # the relation a coordinated mention inherits
    for i, f in enumerate(found):
        bi = bisect.bisect_right(starts, f.start) - 1
        bstart = blocks[items[bi]].span.start if bi >= 0 else lo  # the start of its item
        head = folded_heads[items[bi]] if bi >= 0 else ""
        rel: MentionRelation
        if f.start < title_end:
            verb = bool(IMPLEMENT_VERB.search(folded, lo, f.start))
            rel = MentionRelation("implements", True) if verb else MentionRelation("mentions")
            out.append(rel)
            heads.append(rel)
            continue
        if f.start < body_start and PREAMBLE_BASIS.match(head):
            rel = MentionRelation("legal_basis")
            out.append(rel)
            heads.append(rel)
            continue
        if f.start < body_start and PROPOSAL.match(head):
            rel = MentionRelation("mentions")
            out.append(rel)
            heads.append(rel)
            continue
        prev = found[i - 1] if i > 0 and found[i - 1].start >= bstart else None
        if prev is not None:
            tail_from = max(
                prev.end, prev.date.end if prev.date else 0, prev.issuer.end if prev.issuer else 0
            )
            gap = folded[prev.end : f.start]
            core = folded[min(tail_from, f.start) : f.start]
            if not core.strip() or COORDINATION.search(core):
                out.append(heads[i - 1])
                heads.append(heads[i - 1])
                continue
            if not CLAUSE_BOUNDARY.search(gap):
                # inside the description of the previous instrument ("Kế hoạch số 87 ... về
                # thực hiện Nghị định số 45 ..."): a mention, whatever its verbs say
                out.append(MentionRelation("mentions"))
                heads.append(heads[i - 1])
                continue
        context = _own_clause(folded[bstart : f.start])
        if REPLACES.search(context) or REPLACES_LIST.search(folded, max(bstart, f.start - 60), f.start):
            rel = MentionRelation("replaces")
        elif AMENDS.search(context) and prev is None:
            rel = MentionRelation("amends")
        elif f.number is not None and _implements(context):
            # a plan enforces laws, it does not implement them: named instruments stay mentions
            rel = MentionRelation("implements")
        else:
            rel = MentionRelation("mentions")
        out.append(rel)
        heads.append(rel)
    return out


def primary(relations: list[MentionRelation]) -> Relation:
    return min(relations, key=lambda r: r.rank).relation


def relation_list(relations: list[MentionRelation]) -> list[Relation]:
    seen: list[Relation] = []
    for r in relations:
        if r.relation not in seen:
            seen.append(r.relation)
    return seen
