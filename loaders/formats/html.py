"""HTML pages saved from legal sites: text and real ``<table>`` s in the corpus convention.

Parsed with selectolax (lexbor), which neither expands custom entities nor fetches
anything. A page that declares entities in an internal DTD subset is refused all the same
(``xml-entities``): no legal page needs one, and an XML tool further down might expand it.

Block elements and ``<br>`` become line breaks; scripts, styles and other non-content are
dropped; each ``<td>``/``<th>`` is one cell, listed once whatever its rowspan or colspan.
"""

from __future__ import annotations

import re
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from cchc_kg.errors import LoaderError

from .render import Item, Paragraph, Table, render

_ENTITY_DECL = re.compile(r"<!ENTITY|<!DOCTYPE[^>\[]*\[", re.IGNORECASE)
# A DOCTYPE naming an external DTD: only the W3C's own (X)HTML DTDs are legitimate. Nothing
# here fetches a DTD, but an address elsewhere is the mark of an XXE probe, and the page may
# travel on to tools that would fetch it.
_EXTERNAL_DTD = re.compile(
    r"""<!DOCTYPE[^>\[]*?["']([a-z][a-z0-9+.-]*:[^"']*|[^"']*\.dtd)["']""", re.IGNORECASE
)
_W3C_DTD = re.compile(r"https?://www\.w3\.org/", re.IGNORECASE)
_DROP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "iframe",
        "object",
        "svg",
        "math",
        "select",
        "button",
    }
)
_BLOCK = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "main", "nav", "aside", "h1", "h2", "h3",
        "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "address", "figure",
        "figcaption", "form", "fieldset", "hr", "center", "caption",
    }
)  # fmt: skip
_CELL = frozenset({"td", "th"})
_SPACES = re.compile(r"[ \t\n\r\f]+")


# Deeper than this the walker would exhaust Python's recursion anyway.
MAX_DEPTH = 500
_TAG = re.compile(
    # a whole script or style first (its text is not markup), then any start or end tag
    r"<(script|style)\b.*?</\1\s*>|<(/?)([A-Za-z][A-Za-z0-9]*)\b[^>]*?(/?)>",
    re.DOTALL | re.IGNORECASE,
)
# Elements that never hold children, and those the parser closes by itself when a sibling
# starts (an unclosed <p> or <td> does not deepen the tree): neither counts.
_FLAT = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot",
        "option", "optgroup", "rb", "rt", "rp", "colgroup", "caption", "head", "body", "html",
    }
)  # fmt: skip


def nesting_depth(markup: str) -> int:
    """The deepest run of open container elements, counted on the tags (no parse): an upper
    estimate of the depth of the tree the parser would build. Scripts and styles are skipped."""
    depth = deepest = 0
    for m in _TAG.finditer(markup):
        tag = (m.group(3) or "").lower()
        if not tag or tag in _FLAT or m.group(4):
            continue
        if m.group(2):
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


class _Walker:
    """Collects paragraphs and tables from a DOM in document order."""

    def __init__(self) -> None:
        self.items: list[Item] = []
        self.buf: list[str] = []

    def flush(self) -> None:
        text = "".join(self.buf)
        self.buf.clear()
        if text.strip():
            self.items.append(Paragraph(text))

    def walk(self, node: Any) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                self.buf.append(_SPACES.sub(" ", child.text_content or ""))
            elif tag in _DROP or tag.startswith("-"):
                continue
            elif tag == "br":
                self.buf.append("\n")
            elif tag == "table":
                self.flush()
                self.items.append(Table(_rows(child)))
            elif tag in _BLOCK:
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)


def _cell_text(cell: Any) -> str:
    """A cell's text: block boundaries and ``<br>`` as line breaks, nested tables' cells as lines."""
    out: list[str] = []

    def walk(node: Any) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                out.append(_SPACES.sub(" ", child.text_content or ""))
            elif tag in _DROP or tag.startswith("-"):
                continue
            elif tag == "br":
                out.append("\n")
            elif tag in _BLOCK or tag in _CELL or tag == "tr":
                out.append("\n")
                walk(child)
                out.append("\n")
            else:
                walk(child)

    walk(cell)
    return "".join(out)


def _rows(table: Any) -> list[list[str]]:
    """The table's rows (through ``thead``/``tbody``/``tfoot``, not into nested tables)."""
    rows: list[list[str]] = []

    def collect(node: Any) -> None:
        for child in node.iter():
            if child.tag == "tr":
                rows.append([_cell_text(c) for c in child.iter() if c.tag in _CELL])
            elif child.tag in ("thead", "tbody", "tfoot"):
                collect(child)

    collect(table)
    return rows


def html_text(name: str, markup: str) -> str:
    """The rendered text of an HTML page (already decoded).

    :raises LoaderError: ``xml-entities`` for entity declarations or a non-W3C external
        DTD; ``not-a-document`` when the page has no text or is nested absurdly deep.
    """
    if _ENTITY_DECL.search(markup):
        raise LoaderError(name, "xml-entities", "the page declares entities (DTD internal subset)")
    external = _EXTERNAL_DTD.search(markup[:4096])
    if external and not _W3C_DTD.match(external.group(1)):
        raise LoaderError(name, "xml-entities", "the page refers to an external DTD that is not the W3C's")
    if nesting_depth(markup) > MAX_DEPTH:
        # Refused before parsing: the parser's work grows with the square of the depth
        # (100 000 nested <div>s, 1 MB, took 50 s), and no legal page nests like that.
        raise LoaderError(name, "not-a-document", f"markup nested more than {MAX_DEPTH} levels deep")
    tree = LexborHTMLParser(markup)
    root = tree.body or tree.root
    if root is None:
        raise LoaderError(name, "not-a-document", "an HTML page without a body")
    walker = _Walker()
    try:
        walker.walk(root)
    except RecursionError as e:
        # Thousands of nested elements: no legal page looks like that.
        raise LoaderError(name, "not-a-document", "markup nested too deeply") from e
    walker.flush()
    return render(walker.items)
