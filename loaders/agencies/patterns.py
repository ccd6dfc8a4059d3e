"""Every regular expression of the agency area, and the builders that turn gazetteer
phrases into patterns. All patterns run on the normalised (lower-case) view of
:mod:`.text`; the OCR view uses the same sources with the diacritics folded away.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from ..textfold import strip_diacritics

# Old → new tone placement (gold README §2); keys and values have the same length, so
# replacing keeps every offset of a normalised view.
TONE_FIX: dict[str, str] = {
    "oá": "óa", "oà": "òa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oé": "óe", "oè": "òe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uý": "úy", "uỳ": "ùy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip


def tone_fixed(s: str) -> str:
    for old, new in TONE_FIX.items():
        s = s.replace(old, new)
    return s


# A word of the OCR view: letters, digits and the symbols OCR puts inside words.
OCR_TOKEN = re.compile(r"[^\s,.;:()\[\]|/\-–\"“”']+")

# Word boundaries usable on both views (\w covers Vietnamese letters).
_B = r"(?<![\w&])"
# Behind a prefix's first letter (the lookbehind sees that letter too): a word start, no
# word character nor "&" before it.
_WORD_START = r"(?<![\w&][\s\S])"
_E = r"(?![\w&])"


def _fold_source(src: str) -> str:
    """A regex source with its literal diacritics stripped (for the OCR view); case is
    kept, since regex escapes (``\\S``, ``\\W``) depend on it."""
    return strip_diacritics(src)


def phrase_source(phrase: str) -> str:
    """Regex source for a normalised phrase: flexible spaces around , - & and between words."""
    parts = re.split(r"(\s*[,&\-]\s*|\s+)", phrase.strip())
    out = []
    for p in parts:
        if not p:
            continue
        if p.isspace():
            out.append(r"\s+")
        elif p.strip() in {",", "&", "-"}:
            out.append(r"\s*" + re.escape(p.strip()) + r"\s*")
        else:
            out.append(re.escape(p))
    return "".join(out)


def _alternatives(items: list[str], *, folded: bool) -> list[str]:
    """The named branches ``(?P<p<i>>...)`` of :func:`alternation`, longest phrase first."""
    order = sorted(range(len(items)), key=lambda i: -len(items[i]))
    alts = []
    for i in order:
        src = phrase_source(items[i])
        if folded:
            src = _fold_source(src)
        alts.append(f"(?P<p{i}>{src})")
    return alts


def alternation(phrases: Iterable[str], *, folded: bool) -> re.Pattern[str]:
    """One pattern matching any phrase (longest first), each named by its index.

    Returned groups: ``p<i>`` for phrase ``i`` in the given order.
    """
    alts = _alternatives(list(phrases), folded=folded)
    return re.compile(_B + "(?:" + "|".join(alts) + ")" + _E)


@dataclass(frozen=True)
class FirstCharAlternation:
    """:func:`alternation` split by the first word (or character) of each branch, for speed.

    Python's ``re`` tries the ~200 branches of one alternation one after another at
    every word start; here a position is tried only against the branches that can start
    there. Each bucket keeps the branches in the same order (and names), and a branch
    that cannot start with what is at a position cannot match there, so :meth:`finditer`
    yields exactly the matches of ``alternation(...).finditer``.

    By first word (``by_word``) when every branch begins with a word of word characters
    only: such a branch is its word followed by a separator or the end (a non-word
    character, see :func:`phrase_source`), so it can only match where that word is the
    whole word of the text, which is what ``starts`` matched there. ("báo cáo", in most
    sentences, is then tried against the few phrases that begin "báo", not against the
    ~80 that begin with "b".) Else by first character.
    """

    starts: re.Pattern[str]  # a word start whose word (character) begins some branch
    buckets: dict[str, re.Pattern[str]]  # first word (character) -> its branches, in order
    by_word: bool = False

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        pos = 0
        while (s := self.starts.search(text, pos)) is not None:
            at = s.start()
            m = self.buckets[s.group() if self.by_word else text[at]].match(text, at)
            if m is None or m.end() == at:
                pos = at + 1
                continue
            yield m
            pos = m.end()


_WORD_CHARS = re.compile(r"\w+")


def _bucket_word(phrase: str, *, folded: bool) -> str | None:
    """The first word of a phrase as the text shows it (folded for the OCR view), if it is
    made of word characters only (see :class:`FirstCharAlternation`)."""
    word = _PHRASE_PARTS.split(phrase.strip(), maxsplit=1)[0]
    if folded:
        word = strip_diacritics(word)
    return word if _WORD_CHARS.fullmatch(word) else None


def first_char_alternation(
    phrases: Iterable[str], *, folded: bool, by_word: bool = True
) -> FirstCharAlternation | None:
    """The :func:`alternation` of ``phrases`` bucketed by first word (when ``by_word`` and
    every phrase allows it) or first character, or None when a branch does not begin with
    a literal character (then use the whole pattern)."""
    items = list(phrases)
    words = [_bucket_word(p, folded=folded) for p in items] if by_word else []
    keyed = bool(words) and all(words)
    by_key: dict[str, list[str]] = {}
    order = sorted(range(len(items)), key=lambda i: -len(items[i]))
    for i, alt in zip(order, _alternatives(items, folded=folded), strict=True):
        src = alt[alt.index(">") + 1 :]
        if src[:1] == "\\" and len(src) > 1 and not src[1].isalnum():
            first = src[1]  # an escaped punctuation character
        elif src[:1] and src[0] not in "\\()[].^$*+?{|":
            first = src[0]
        else:
            return None
        by_key.setdefault(str(words[i]) if keyed else first, []).append(alt)
    buckets = {c: re.compile(_B + "(?:" + "|".join(alts) + ")" + _E) for c, alts in by_key.items()}
    if keyed:
        return FirstCharAlternation(_compile_starts(frozenset(buckets), True, False), buckets, True)
    starts = re.compile(_B + "[" + "".join(re.escape(c) for c in sorted(by_key)) + "]")
    return FirstCharAlternation(starts, buckets)


class _LiteralMatch:
    """What :class:`PhraseScanner` reads of a match: the group number and the end."""

    __slots__ = ("_end", "lastindex")

    def __init__(self, lastindex: int, end: int) -> None:
        self.lastindex = lastindex
        self._end = end

    def end(self) -> int:
        return self._end


# Separator tokens of phrase_source, as patterns; what ends a branch (_E).
_SEPARATORS = {" ": re.compile(r"\s+")} | {c: re.compile(r"\s*" + re.escape(c) + r"\s*") for c in ",&-"}
_BRANCH_END = re.compile(_E)


# A token of a phrase branch: (is a separator, literal word or key of _SEPARATORS).
_Token = tuple[bool, str]


@dataclass(frozen=True)
class _TokenNode:
    """A node of the token tree of a :class:`LiteralBucket`."""

    ends: int  # the lowest group number of the branches ending here (0: none)
    children: tuple[tuple[bool, str, _TokenNode], ...]


@dataclass(frozen=True)
class LiteralBucket:
    """The branches of one first word of :func:`alternation` matched without ``re``: a
    branch is literal words and separators (see :func:`phrase_source`), each separator a
    run of whitespace with maybe one of ",&-" in it. Greedy runs never keep a branch from
    matching (the word after a run begins with no whitespace), so a branch matches where
    its tokens match one after the other and a branch end follows, at the same end as in
    ``re``; of the branches that match, ``re`` takes the first (the lowest group number).
    The branches share their first tokens ("ủy ban nhân dân huyện ..."): they are a tree,
    each shared token tried once. A branch ending on a separator (where ``re`` might give
    back whitespace) is not made into one (see :func:`literal_alternation`). Used for a
    province's own few phrases: compiling them took ~2 ms per province and view, matching
    them is rare (only at their first words)."""

    root: _TokenNode
    groupindex: dict[str, int]  # as re.Pattern.groupindex: "p<i>" -> group number
    groups: int

    def match(self, text: str, at: int) -> _LiteralMatch | None:
        best, best_end = 0, at
        stack = [(self.root, at)]
        while stack:
            node, pos = stack.pop()
            if node.ends and (not best or node.ends < best) and _BRANCH_END.match(text, pos) is not None:
                best, best_end = node.ends, pos
            for is_sep, token, child in node.children:
                if is_sep:
                    m = _SEPARATORS[token].match(text, pos)
                    if m is not None:
                        stack.append((child, m.end()))
                elif text.startswith(token, pos):
                    stack.append((child, pos + len(token)))
        return _LiteralMatch(best, best_end) if best else None


def _token_tree(branches: Sequence[tuple[tuple[_Token, ...], int]]) -> _TokenNode:
    """The tree of the branches' tokens (group numbers at the nodes where branches end)."""
    ends: dict[tuple[_Token, ...], int] = {}
    children: dict[tuple[_Token, ...], dict[_Token, None]] = {}
    for tokens, number in branches:
        for k in range(len(tokens)):
            children.setdefault(tokens[:k], {})[tokens[k]] = None
        ends[tokens] = min(ends.get(tokens, number), number)

    def node(prefix: tuple[_Token, ...]) -> _TokenNode:
        kids = tuple((t[0], t[1], node((*prefix, t))) for t in children.get(prefix, {}))
        return _TokenNode(ends.get(prefix, 0), kids)

    return node(())


@dataclass(frozen=True)
class LiteralAlternation:
    """:class:`FirstCharAlternation` of :class:`LiteralBucket` s (by first word), for
    :func:`phrase_scanner`."""

    buckets: dict[str, LiteralBucket]
    by_word: bool = True


def _literal_tokens(phrase: str, *, folded: bool) -> tuple[_Token, ...] | None:
    """The tokens of :func:`phrase_source` of ``phrase`` ((is separator, text)), or None
    if it ends on a separator."""
    tokens: list[_Token] = []
    for part in re.split(r"(\s*[,&\-]\s*|\s+)", phrase.strip()):
        if not part:
            continue
        if part.isspace():
            tokens.append((True, " "))
        elif part.strip() in {",", "&", "-"}:
            tokens.append((True, part.strip()))
        else:
            tokens.append((False, strip_diacritics(part) if folded else part))
    return tuple(tokens) if tokens and not tokens[-1][0] else None


def literal_alternation(phrases: Sequence[str], *, folded: bool) -> LiteralAlternation | None:
    """The branches of :func:`alternation` of ``phrases`` (longest first, group ``p<i>`` of
    phrase ``i``) bucketed by first word as :func:`first_char_alternation` does, matched
    without ``re`` (see :class:`LiteralBucket`); None when a phrase cannot be."""
    order = sorted(range(len(phrases)), key=lambda i: -len(phrases[i]))
    by_word: dict[str, list[tuple[tuple[_Token, ...], int]]] = {}
    for i in order:
        word = _bucket_word(phrases[i], folded=folded)
        tokens = _literal_tokens(phrases[i], folded=folded)
        if word is None or tokens is None or tokens[0] != (False, word):
            return None
        by_word.setdefault(word, []).append((tokens, i))
    buckets = {}
    for word, branches in by_word.items():
        numbered = [(tokens, n) for n, (tokens, _) in enumerate(branches, start=1)]
        groupindex = {f"p{i}": n for n, (_, i) in enumerate(branches, start=1)}
        buckets[word] = LiteralBucket(_token_tree(numbered), groupindex, len(branches))
    return LiteralAlternation(buckets)


# A match of a phrase scanner: (start, end, index of the phrase in its list).
Span = tuple[int, int, int]


@dataclass(frozen=True)
class PhraseScanner:
    """The matches of :func:`alternation` over a phrase list, as :data:`Span` s, found by
    one or more :class:`FirstCharAlternation` parts, each over a subset of the phrases.

    Why parts: most agency phrases are the same in every province and only a few name the
    province or its districts; the shared part is compiled once per view and a province
    compiles only its own few phrases (compiling ~200 branches costs ~15 ms). At a
    position the one alternation takes its first branch that matches, i.e. among the
    phrases that match there the longest, then the first in the list; each part gives its
    own first matching branch and the one of them first in that order wins, so the
    matches are exactly those of the one alternation.
    """

    starts: re.Pattern[str]  # every position where some branch may match (a superset)
    # First word (character, unless ``by_word``) -> the bucket of each part that has one,
    # with the phrase index of each of its groups (by group number: the group that matched
    # is ``lastindex``, as buckets are alternations of groups with no groups inside them).
    buckets: dict[str, tuple[tuple[re.Pattern[str] | LiteralBucket, tuple[int, ...]], ...]]
    lengths: tuple[int, ...]  # length of each phrase of the list (the branch order)
    by_word: bool = False  # the parts are bucketed by first word (``starts`` matches it whole)
    # Every position where ``starts`` matches, found faster (see :class:`StartScan`).
    scan: StartScan | None = None

    def spans(self, text: str) -> Iterator[Span]:
        if self.scan is not None:
            # The positions of ``starts`` past the end of the last match: what the search
            # below finds one after the other (a start is one whatever the search's ``pos``:
            # the look-behind sees the text before it).
            pos = 0
            for at in self.scan.positions(text):
                if at < pos:
                    continue
                best = self._best(text, at)
                if best is not None and best[1] != at:
                    yield best
                    pos = best[1]
            return
        pos = 0
        while (s := self.starts.search(text, pos)) is not None:
            at = s.start()
            best = self._best(text, at)
            if best is None or best[1] == at:
                pos = at + 1
                continue
            yield best
            pos = best[1]

    def _best(self, text: str, at: int) -> Span | None:
        """The match at a start: the first in branch order of those of the buckets."""
        best: Span | None = None
        # By word: the word at a start (a phrase of the bucket can only begin there if
        # its first word is the whole word, see FirstCharAlternation).
        word = _WORD_CHARS.match(text, at) if self.by_word else None
        key = word.group() if word is not None else text[at]
        for bucket, index in self.buckets.get(key, ()):
            m = bucket.match(text, at)
            if m is None:
                continue
            i = index[m.lastindex or 0]
            if best is None or (-self.lengths[i], i) < (-self.lengths[best[2]], best[2]):
                best = (at, m.end(), i)
        return best


@dataclass(frozen=True)
class WholeAlternation:
    """:func:`alternation` itself, for phrase lists :func:`first_char_alternation` cannot
    bucket; the same :meth:`spans` as :class:`PhraseScanner`."""

    pattern: re.Pattern[str]

    def spans(self, text: str) -> Iterator[Span]:
        for m in self.pattern.finditer(text):
            yield m.start(), m.end(), int(str(m.lastgroup)[1:])


def phrase_scanner(
    phrases: Sequence[str],
    parts: Sequence[tuple[FirstCharAlternation | LiteralAlternation, tuple[int, ...]]],
    *,
    folded: bool,
    starts: re.Pattern[str] | None = None,
    scan: StartScan | None = None,
) -> PhraseScanner:
    """The scanner of ``phrases`` from ``parts`` that cover them (each phrase in one part;
    a part's phrase ``i`` is phrase ``index[i]`` of the list), all bucketed the same way;
    ``starts`` finds at least every position where a phrase begins (by default a word
    start followed by the first word of a phrase, see :func:`_starts`)."""
    by_word = all(part.by_word for part, _ in parts)
    if any(part.by_word != by_word for part, _ in parts):
        raise ValueError("parts bucketed by first word and by first character")
    buckets: dict[str, list[tuple[re.Pattern[str] | LiteralBucket, tuple[int, ...]]]] = {}
    for part, index in parts:
        part_buckets: dict[str, re.Pattern[str]] | dict[str, LiteralBucket] = part.buckets
        for ch, bucket in part_buckets.items():
            local = _local_numbers(bucket) if isinstance(bucket, re.Pattern) else _group_phrases(bucket)
            by_number = tuple([index[i] if i >= 0 else -1 for i in local])
            buckets.setdefault(ch, []).append((bucket, by_number))
    return PhraseScanner(
        starts or _starts(phrases, folded=folded),
        {ch: tuple(b) for ch, b in buckets.items()},
        tuple(map(len, phrases)),
        by_word,
        scan if starts is not None else None,
    )


def _group_phrases(bucket: re.Pattern[str] | LiteralBucket) -> tuple[int, ...]:
    """The index in its part of the phrase of each group number of ``bucket`` (-1: none),
    from the group names ``p<i>``."""
    groups = {number: int(name[1:]) for name, number in bucket.groupindex.items()}
    return tuple(groups.get(n, -1) for n in range(bucket.groups + 1))


# The buckets of the part shared by every province are the same objects for each: their
# numbering is read once, not per province.
@lru_cache(maxsize=1024)
def _local_numbers(bucket: re.Pattern[str]) -> tuple[int, ...]:
    return _group_phrases(bucket)


def _starts(phrases: Sequence[str], *, folded: bool) -> re.Pattern[str]:
    """A pattern found at every position where one of ``phrases`` may begin: a word start
    followed by the first word of a phrase and no word character. A branch made by
    :func:`phrase_source` is its first word followed by the end of the branch (no word
    character or "&"), by whitespace or by whitespace and ",", "&" or "-": never by a word
    character. Skipping to these positions (fewer than the word starts whose first letter
    begins a phrase) saves a bucket match at most words. A phrase that does not begin
    with a word falls back to its first character."""
    firsts = {_PHRASE_PARTS.split(p.strip(), maxsplit=1)[0] or p.strip()[:1] for p in phrases}
    return _compile_starts(frozenset(firsts), all(map(_first_word, phrases)), folded)


# Provinces share most first words (their own phrases begin "ủy ban", "ubnd", "báo"):
# one compiled pattern per set of words.
@lru_cache(maxsize=256)
def _compile_starts(words: frozenset[str], whole_words: bool, folded: bool) -> re.Pattern[str]:
    # Grouped by first letter, so a word start is compared with one branch per letter,
    # not with every word (the order is free: only the position of a match is used, and
    # with whole words the match is the whole word whatever the order). Each branch looks
    # behind after its first letter (as group_starts does), so the pattern begins with a
    # set of literal characters, which re skips to instead of trying every position.
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for w in sorted(words):
        by_first.setdefault(w[0], []).append(tuple(map(re.escape, w[1:])))
    # The rest of the words as a tree of their characters (see _tree_source): a word
    # start is compared with the few words that share its letters so far, not each word.
    alts = "|".join(
        re.escape(c) + _WORD_START + _tree_source(rest, full=whole_words) for c, rest in by_first.items()
    )
    src = "(?:" + alts + ")" + (r"(?!\w)" if whole_words else "")
    return re.compile(_fold_source(src) if folded else src)


# A regex atom of a phrase source (phrase_source): a whitespace run with its quantifier,
# an escaped character, or a plain character.
_ATOM = re.compile(r"\\s[+*]|\\.|.", re.DOTALL)
_META = frozenset("()[]{}|?*+^$.\\")


def _atoms(src: str) -> tuple[str, ...] | None:
    """The atoms of a regex source made of literal characters, escapes and ``\\s+`` /
    ``\\s*`` (what :func:`phrase_source` writes), or None for any other source."""
    atoms = tuple(_ATOM.findall(src))
    if any(len(a) == 1 and a in _META for a in atoms):
        return None
    return atoms


def _tree_source(branches: Sequence[tuple[str, ...]], *, full: bool) -> str:
    """The alternation of ``branches`` (sequences of regex atoms) with shared leading
    atoms written once: ``(?:a(?:b|c)|d)`` for ``ab|ac|d``. Python's ``re`` tries the
    branches of an alternation one after another, so ~90 branches for a letter meant ~90
    tries at each word start with that letter; the tree tries one branch per distinct
    next atom. It matches at a position exactly where the alternation does (a common
    prefix factored out of two branches matches what it matched in each; nothing follows
    the group but, with ``full``, a test on the next character). Without ``full`` a
    branch that ends a path ends its match: longer paths from there are dropped (the
    position matches either way); with ``full`` both stay, the end as an empty branch."""
    ends = any(not b for b in branches)
    if ends and not full:
        return ""
    by_atom: dict[str, list[tuple[str, ...]]] = {}
    for b in branches:
        if b:
            by_atom.setdefault(b[0], []).append(b[1:])
    alts = [atom + _tree_source(rest, full=full) for atom, rest in by_atom.items()]
    if ends:
        alts.append("")
    if len(alts) == 1:
        return alts[0]
    return "(?:" + "|".join(alts) + ")"


_PHRASE_PARTS = re.compile(r"\s*[,&\-]\s*|\s+")


@lru_cache(maxsize=4096)  # gazetteer phrases, asked once per province
def phrase_prefix(phrase: str) -> str:
    """The source of :func:`phrase_source` up to the phrase's second word (first word,
    separator, second word; the whole source if shorter): a phrase can only match where
    its prefix does."""
    pieces = [p for p in re.split(r"(\s*[,&\-]\s*|\s+)", phrase.strip()) if p]
    return phrase_source("".join(pieces[:3]))


@lru_cache(maxsize=16)
def prefix_starts(prefixes: frozenset[str], *, folded: bool) -> re.Pattern[str] | None:
    """A pattern found at every word start where one of the :func:`phrase_prefix`
    ``prefixes`` matches, or None if one does not begin with a letter. Fewer positions
    than the first words alone: "báo cáo", "công tác", "chính quyền" or "tổ chức" begin
    with the first word of a phrase ("báo Kon Tum", "công an tỉnh", "chính phủ", "tổ
    kiểm tra") but not with the first two words of any, and most starts were such."""
    tree = _prefix_tree(prefixes, folded=folded)
    if tree == "no letter":
        return None
    if tree == "flat":
        return _flat_prefix_starts(prefixes, folded=folded)
    return re.compile("|".join(c + _WORD_START + _tree_source(rest, full=False) for c, rest in tree.items()))


@lru_cache(maxsize=16)
def _prefix_tree(
    prefixes: frozenset[str], *, folded: bool
) -> dict[str, list[tuple[str, ...]]] | Literal["no letter", "flat"]:
    """The :func:`phrase_prefix` ``prefixes`` as branches by first letter, each the
    :func:`_atoms` of its rest, for :func:`prefix_starts` and :func:`prefix_start_scan`.
    In sorted order, the first prefix that does not begin with a letter makes it
    "no letter" (no start pattern), the first whose rest :func:`_atoms` cannot split makes
    it "flat" (one branch per prefix)."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for prefix in sorted(prefixes):
        if not prefix[:1].isalpha():
            return "no letter"
        # Folded before the tree is made, so prefixes that fold alike share its branches.
        atoms = _atoms(_fold_source(prefix[1:]) if folded else prefix[1:])
        if atoms is None:
            return "flat"
        by_first.setdefault(_fold_source(prefix[0]) if folded else prefix[0], []).append(atoms)
    return by_first


@dataclass(frozen=True)
class StartScan:
    """Every position where a start pattern matches (:func:`prefix_starts`,
    :func:`group_starts`: an alternation of branches, each its own first letter, a
    look-behind, then the rest), found by one scan per branch.

    Why: ``re`` scans for a pattern that begins with one literal character by that
    character alone (its literal-prefix search), but for an alternation of such branches
    it tests every character of the text against their set, slower over a document than
    the scans of the branches one by one. Each branch here takes only its letter (the rest
    is a look-ahead), so ``finditer`` gives every position where it matches, and the
    positions of the alternation are those of its branches together. A short text (a
    name, a cell) is searched with the alternation itself: a call per branch would cost
    more there than the scan saves."""

    pattern: re.Pattern[str]  # the alternation
    branches: tuple[re.Pattern[str], ...]

    def positions(self, text: str) -> list[int]:
        if len(text) < _SHORT_TEXT:
            out: list[int] = []
            pos = 0
            while (m := self.pattern.search(text, pos)) is not None:
                out.append(pos := m.start())
                pos += 1
            return out
        return sorted({m.start() for branch in self.branches for m in branch.finditer(text)})


# Below this length, :meth:`StartScan.positions` searches the alternation.
_SHORT_TEXT = 400


def _scan_branch(first: str, behind: str, rest: str) -> str:
    """One branch of a :class:`StartScan`: the letter, the rest ahead, the look-behind
    (both assertions at the same position, so their order does not change what matches;
    the look-ahead first, as most words that begin with the letter fail it at their
    second letter: ~20 % faster than looking behind first)."""
    return first + "(?=" + rest + ")" + behind


@lru_cache(maxsize=16)
def prefix_start_scan(prefixes: frozenset[str], *, folded: bool) -> StartScan | None:
    """The :class:`StartScan` of :func:`prefix_starts` (the same branches), or None where
    that pattern is not a tree of them (its flat fallback, or None)."""
    tree = _prefix_tree(prefixes, folded=folded)
    pattern = prefix_starts(prefixes, folded=folded)
    if isinstance(tree, str) or pattern is None:
        return None
    return StartScan(
        pattern,
        tuple(
            re.compile(_scan_branch(c, _WORD_START, _tree_source(rest, full=False)))
            for c, rest in tree.items()
        ),
    )


def _flat_prefix_starts(prefixes: frozenset[str], *, folded: bool) -> re.Pattern[str]:
    """:func:`prefix_starts` as one branch per prefix (for sources :func:`_atoms` cannot
    split; also what the tree is tested against)."""
    by_first: dict[str, list[str]] = {}
    for prefix in sorted(prefixes):
        by_first.setdefault(prefix[0], []).append(prefix[1:])
    alts = "|".join(c + _WORD_START + "(?:" + "|".join(rest) + ")" for c, rest in by_first.items())
    return re.compile(_fold_source(alts) if folded else alts)


def _first_word(phrase: str) -> bool:
    return bool(_PHRASE_PARTS.split(phrase.strip(), maxsplit=1)[0])


def compile_view(src: str, *, folded: bool) -> re.Pattern[str]:
    return re.compile(_fold_source(src) if folded else tone_fixed(src))


# --------------------------------------------------------------------------------------
# Groups (collective references): head + qualifiers, on the normalised view.
# --------------------------------------------------------------------------------------

_UBND = r"(?:ủy\s+ban\s+nhân\s+dân|ubnd)"
_SEP = r"\s*,\s*"

GROUP_HEADS: dict[str, str] = {
    # "Cổng Thông tin giao tiếp điện tử của các sở, ban ngành, UBND các huyện, thành phố"
    "cong-thong-tin-cac-co-quan": r"cổng\s+thông\s+tin\s+(?:giao\s+tiếp\s+)?điện\s+tử\s+của\s+các\s+sở"
    + _SEP
    + r"ban\s*,?\s*ngành"
    + _SEP
    + _UBND
    + r"\s+các\s+huyện"
    + _SEP
    + r"thành\s+phố",
    "cac-so-ban-nganh": r"(?:các\s+)?sở\s*,?\s*ban\s*,?\s*ngành(?:\s*,\s*địa\s+phương)?",
    "cac-so-nganh": r"(?:các\s+)?sở\s*,?\s*ngành(?:\s*,\s*địa\s+phương)?",
    "ubnd-cac-huyen": _UBND + r"\s+các\s+huyện(?:" + _SEP + r"(?:thị\s+xã|thành\s+phố|quận))*",
    "ubnd-cap-huyen": _UBND + r"\s+cấp\s+huyện",
    "ubnd-cap-xa": _UBND + r"\s+cấp\s+xã",
    "ubnd-cac-xa": _UBND + r"\s+các\s+xã(?:" + _SEP + r"(?:phường|thị\s+trấn))*",
    "phong-tai-chinh-ke-hoach-huyen": r"phòng\s+tài\s+chính\s*-\s*kế\s+hoạch\s+các\s+huyện"
    + _SEP
    + r"thành\s+phố",
    "cac-to-chuc-chinh-tri-xa-hoi": r"các\s+tổ\s+chức\s+chính\s+trị\s*-?\s*xã\s+hội",
    "cac-doan-the-chinh-tri-xa-hoi": r"các\s+đoàn\s+thể\s+chính\s+trị\s*-?\s*xã\s+hội",
    "cac-to-chuc-phi-chinh-phu": r"các\s+tổ\s+chức\s+phi\s+chính\s+phủ",
    "cac-co-quan-thong-tan": r"các\s+cơ\s+quan\s+thông\s+tấn\s*,\s*báo\s+chí",
    "cac-co-quan": r"(?:các\s+)?cơ\s+quan(?:\s*,\s*đơn\s+vị)?",
    "cac-don-vi": r"(?:các\s+)?đơn\s+vị",
    "cac-nganh": r"các\s+ngành",
}

# Qualifiers kept in a group's name (gold README §9: "qualifiers are kept"), printed
# form → canonical form. Longer ones first where one is a prefix of another.
GROUP_QUALIFIERS: dict[str, str] = {
    "thuộc và trực thuộc Ủy ban nhân dân tỉnh": "thuộc và trực thuộc Ủy ban nhân dân tỉnh",
    "thuộc và trực thuộc UBND tỉnh": "thuộc và trực thuộc Ủy ban nhân dân tỉnh",
    "thuộc Ủy ban nhân dân tỉnh": "thuộc Ủy ban nhân dân tỉnh",
    "thuộc UBND tỉnh": "thuộc Ủy ban nhân dân tỉnh",
    "có liên quan": "có liên quan",
    "liên quan": "liên quan",
    "chuyên môn": "chuyên môn",
    "ngành dọc": "ngành dọc",
    "hành chính các cấp": "hành chính các cấp",
    "thông tin tuyên truyền khác": "thông tin tuyên truyền khác",
    "của Trung ương": "của Trung ương",
    "Trung ương": "Trung ương",
    "đóng trên địa bàn tỉnh": "đóng trên địa bàn tỉnh",
    "trên địa bàn tỉnh": "trên địa bàn tỉnh",
    "cấp tỉnh": "cấp tỉnh",
    "tỉnh": "tỉnh",
    "được kiểm tra": "được kiểm tra",
    "được giao nhiệm vụ": "được giao nhiệm vụ",
}


def _qualifier_sources() -> list[str]:
    phrases = sorted(GROUP_QUALIFIERS, key=len, reverse=True)
    return [phrase_source(p.lower()) for p in phrases]


# A head that only counts with a qualifier (bare "các đơn vị" is too vague to act).
GROUPS_NEEDING_QUALIFIER = frozenset({"cac-don-vi", "cac-nganh"})
# Heads that are also ordinary nouns ("cơ quan hành chính nhà nước"): they act only when
# the phrase ends there (punctuation or a role word follows) and, without "các", only at
# the head of a paragraph or cell.
WEAK_GROUP_HEADS = frozenset({"cac-co-quan", "cac-don-vi", "cac-nganh"})


# The first word of every head of GROUP_HEADS (optional words included): a group can only
# begin where one of them does.
GROUP_FIRST_WORDS = ("cổng", "các", "sở", "ủy", "ubnd", "phòng", "cơ", "đơn")


def group_starts(*, folded: bool) -> re.Pattern[str]:
    """A pattern found at every position where :func:`group_pattern` may match (a word
    start followed by one of :data:`GROUP_FIRST_WORDS`), for scanning before matching.

    Why not scan with the group pattern itself: its word-start look-behind comes first,
    so ``re`` tries the pattern at every character. Here each alternative begins with its
    first letter, then looks behind at that letter and the one before it (which must not
    be a word character), so the pattern begins with a set of literal characters and
    ``re`` skips to them without trying anything else. The words of one first letter
    share that branch (the rest of them as a tree, see :func:`_tree_source`): "c" begins
    most words, and was looked behind at once per word beginning with it."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for w in GROUP_FIRST_WORDS:
        by_first.setdefault(w[0], []).append(tuple(map(re.escape, w[1:])))
    alts = "|".join(
        re.escape(c) + r"(?<![\w&].)" + _tree_source(rest, full=False) for c, rest in by_first.items()
    )
    return compile_view(alts, folded=folded)


def group_start_scan(*, folded: bool) -> StartScan:
    """The :class:`StartScan` of :func:`group_starts` (the same branches)."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for w in GROUP_FIRST_WORDS:
        by_first.setdefault(w[0], []).append(tuple(map(re.escape, w[1:])))
    return StartScan(
        group_starts(folded=folded),
        tuple(
            compile_view(
                _scan_branch(re.escape(c), r"(?<![\w&].)", _tree_source(rest, full=False)), folded=folded
            )
            for c, rest in by_first.items()
        ),
    )


def group_pattern(*, folded: bool) -> re.Pattern[str]:
    heads = "|".join(f"(?P<{k.replace('-', '_')}>{v})" for k, v in GROUP_HEADS.items())
    quals = "|".join(_qualifier_sources())
    # The heads are the only groups (the qualifiers, which follow the head that matched,
    # are found from its end): see groups.find_groups.
    src = _B + f"(?:{heads})" + f"(?:\\s+(?:{quals}))*" + _E
    return compile_view(src, folded=folded)


def qualifier_pattern(*, folded: bool) -> re.Pattern[str]:
    """Matches one qualifier at the start of a string; group ``q<i>`` names which one."""
    phrases = sorted(GROUP_QUALIFIERS, key=len, reverse=True)
    src = "|".join(f"(?P<q{i}>{phrase_source(p.lower())})" for i, p in enumerate(phrases))
    return compile_view(r"\s*(?:" + src + r")" + _E, folded=folded)


def qualifier_phrases() -> list[str]:
    return sorted(GROUP_QUALIFIERS, key=len, reverse=True)


# --------------------------------------------------------------------------------------
# Acting context of a group (gold README §9)
# --------------------------------------------------------------------------------------

# Right before the mention: an addressee or role word ("phối hợp với", "Thủ trưởng").
ACTING_BEFORE = (
    r"(?:phối\s+hợp(?:\s+chặt\s+chẽ|\s+thường\s+xuyên)?(?:\s+với)?|chủ\s+trì|thủ\s+trưởng|chủ\s+tịch|"
    r"giao(?:\s+cho)?|đề\s+nghị|yêu\s+cầu|chỉ\s+đạo)\s*,?\s*$"
)
# A qualified group right after another list member ("Thủ trưởng các sở, ban, ngành, các cơ
# quan Trung ương đóng trên địa bàn tỉnh, ...").
LIST_BEFORE = r"(?:ngành|tỉnh|thành\s+phố|huyện|liên\s+quan)\s*[,;]\s*$"
# The column headers of a task table ("Cơ quan chủ trì", "Cơ quan phối hợp").
COLUMN_HEADER = r"^(?:các\s+)?cơ\s+quan\s+(?:chủ\s+trì|phối\s+hợp|thực\s+hiện)$"
# Right after the mention: a role or an action of the subject.
ACTING_AFTER = (
    r"^\s*(?:[:;|)]|$|-|chịu\s+trách\s+nhiệm|có\s+trách\s+nhiệm|chủ\s+trì|phối\s+hợp|thực\s+hiện|triển\s+khai|"
    r"tham\s+mưu|căn\s+cứ|xây\s+dựng|tổ\s+chức|chủ\s+động|báo\s+cáo|rà\s+soát|tăng\s+cường|"
    r"thường\s+xuyên|tiếp\s+tục|nghiêm\s+túc|kịp\s+thời|đẩy\s+mạnh|quán\s+triệt|"
    r"chịu\s+trách|theo\s+dõi|phải|cần|được\s+giao|trong\s+phạm\s+vi|(?:và|,)\s+(?:các\s+)?(?:sở|ủy|ubnd|cơ|đơn))"
)
LINE_START = r"(?:^|\n)\s*(?:[-+•*]|[0-9ivxlc]+[.)]|[a-zđ][)])?\s*$"

# "UBND các huyện, thành phố: Đăk Hà, Đăk Tô, ..., TP. Kon Tum" — a list of districts.
DISTRICT_LIST_INTRO = _UBND + r"\s+(?:các\s+)?huyện(?:\s*,\s*(?:thị\s+xã|thành\s+phố))*\s*[:(]\s*"
# Items of such a list: split on commas, "và", semicolons, newlines.
LIST_ITEM_SPLIT = re.compile(r"\s*(?:,|;|\bvà\b|\bva\b)\s*")
# "TP." / "TP" / "thành phố" before a city name.
CITY_PREFIX = re.compile(r"^(?:tp\.?|thành\s+phố|thanh\s+pho)\s*", re.IGNORECASE)
# District-level UBND by name outside the gazetteer (other provinces), on the source text.
# (Each branch looks behind after its first letter, "no word character before it", so the
# pattern begins with literal letters, which re skips to instead of trying every position.)
DISTRICT_BODY = re.compile(
    r"(?:Ủ(?<!\w.)y ban nhân dân|U(?<!\w.)ỷ ban nhân dân|U(?<!\w.)BND)\s+(huyện|thị xã|thành phố|quận)\s+"
    r"((?:[^\W\d_][\w']*)(?:[ \-][^\W\d_][\w']*){0,3})"
)
# Every position where DISTRICT_BODY may match (its head and kind ahead), one scan per
# first letter (see StartScan): the pattern's own scan tests every character against
# {Ủ, U}; these find the two letters by re's literal-prefix search (~7x faster).
_KIND_AHEAD = r"\s+(?:huyện|thị xã|thành phố|quận)\s"
_DISTRICT_BODY_BRANCHES = (
    _scan_branch("Ủ", r"(?<!\w.)", "y ban nhân dân" + _KIND_AHEAD),
    _scan_branch("U", r"(?<!\w.)", "ỷ ban nhân dân" + _KIND_AHEAD + "|BND" + _KIND_AHEAD),
)
DISTRICT_BODY_STARTS = StartScan(
    re.compile("|".join(_DISTRICT_BODY_BRANCHES)), tuple(map(re.compile, _DISTRICT_BODY_BRANCHES))
)

# --------------------------------------------------------------------------------------
# Splitting role cells (gold README §6)
# --------------------------------------------------------------------------------------

# Separators between agencies in a cell: ";" always; "," and "và" only where the next
# words start a new agency (a capitalised body word or a collective head).
AGENCY_START = (
    r"(?:các\s+|Các\s+)?(?:Sở|Bộ|Ban|Ủy\s+ban|Uỷ\s+ban|UBND|HĐND|Hội\s+đồng|Văn\s+phòng|VP|Thanh\s+tra|"
    r"Công\s+an|Cục|Kho\s+bạc|Bảo\s+hiểm|BHXH|Đài|Báo|Trường|Trung\s+tâm|Bệnh\s+viện|Bưu\s+điện|"
    r"Tỉnh\s+[uủ]|Thường\s+trực|Mặt\s+trận|MTTQ|Cổng|Công\s+đoàn|Kiểm\s+toán|Chính\s+phủ|Thủ\s+tướng|"
    r"Tổ\s+kiểm\s+tra|Phòng|Quốc\s+hội|Liên\s+đoàn|Hội\s+|cơ\s+quan|đơn\s+vị|sở|tổ\s+chức|đoàn\s+thể|"
    r"ngành\s+có|các\s+ngành|SNV|STP|STC|Công\s+ty|Viện)"
)
CELL_SPLIT = re.compile(
    r"\s*;\s*|\s*\n\s*(?=[-+])|\s*,\s*(?=" + AGENCY_START + r")|\s+và\s+(?=" + AGENCY_START + r")"
)
LIST_MARKER = re.compile(r"^\s*(?:[-+•*]\s*|\d+[.)]\s+)")
TRAILING_PUNCT = re.compile(r"[\s.;,:|]+$")
LEADING_PUNCT = re.compile(r"^[\s.;,:|-]+")
PARENTHETICAL = re.compile(
    r"\s*\((?:b/c|để\s+b/c|đ/b|để\s+biết|t/h|để\s+thực\s+hiện|thực\s+hiện|chỉ\s+đạo)\)\s*", re.I
)
WS = re.compile(r"\s+")
SPACE_BEFORE_COMMA = re.compile(r"\s+,")
COMMA_NO_SPACE = re.compile(r",(?=\S)")
SLUG_STRIP = re.compile(r"[^a-z0-9]+")
