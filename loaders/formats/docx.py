"""DOCX: paragraphs and tables in body order, rendered in the corpus convention.

The archive is vetted first (:mod:`.archive`: zip bombs, escaping names, DTDs). Tables are
walked at the XML level so that merged cells come out once: a vertically merged cell's
continuation (``w:vMerge`` without ``restart``) is skipped, and a horizontally merged cell
is a single ``w:tc`` with ``w:gridSpan``. (python-docx's ``row.cells`` would instead
repeat the merged cell in every grid position it covers.)
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.text.paragraph import Paragraph as DocxParagraph

from cchc_kg.errors import LoaderError

from .archive import check_zip
from .render import Item, Paragraph, Table, render

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_text(p: Any, parent: Any) -> str:
    return str(DocxParagraph(p, parent).text)


def _cell_text(tc: Any, parent: Any) -> str:
    """A cell's paragraphs as lines; a table nested in the cell contributes its cells' text."""
    lines: list[str] = []
    for child in tc.iterchildren():
        if child.tag == _W + "p":
            lines.append(_paragraph_text(child, parent))
        elif child.tag == _W + "tbl":
            for row in _table_rows(child, parent):
                lines.extend(row)
        elif child.tag == _W + "sdt":
            lines.extend(_paragraph_text(p, parent) for p in child.iter(_W + "p"))
    return "\n".join(lines)


def _table_rows(tbl: Any, parent: Any) -> list[list[str]]:
    rows: list[list[str]] = []
    for tr in tbl.iterchildren(_W + "tr"):
        row: list[str] = []
        for tc in tr.iterchildren(_W + "tc"):
            tc_pr = tc.find(_W + "tcPr")
            v_merge = tc_pr.find(_W + "vMerge") if tc_pr is not None else None
            # <w:vMerge/> or val="continue": the cell continues the one above, already emitted.
            if v_merge is not None and v_merge.get(_W + "val", "continue") != "restart":
                continue
            row.append(_cell_text(tc, parent))
        rows.append(row)
    return rows


def _body_items(body: Any, parent: Any) -> list[Item]:
    items: list[Item] = []
    for child in body.iterchildren():
        if child.tag == _W + "p":
            items.append(Paragraph(_paragraph_text(child, parent)))
        elif child.tag == _W + "tbl":
            items.append(Table(_table_rows(child, parent)))
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                items.extend(_body_items(content, parent))
    return items


def docx_text(name: str, data: bytes, limit: int) -> str:
    """The rendered text of a DOCX document.

    :raises LoaderError: ``corrupt-docx``, ``zip-bomb``, ``xml-entities``.
    """
    check_zip(name, data, limit).close()
    try:
        document = Document(io.BytesIO(data))
        body = document.element.body
        return render(_body_items(body, document._body))
    except LoaderError:
        raise
    except Exception as e:
        # python-docx and lxml raise a zoo of types on a damaged package (KeyError,
        # ValueError, XMLSyntaxError, PackageNotFoundError ...): all mean the same thing here.
        raise LoaderError(name, "corrupt-docx", f"cannot read the Word document ({type(e).__name__})") from e
