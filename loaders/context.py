"""What every extraction stage may know about the document it works on."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from .model import DocumentRecord, Segmented
from .regions import Regions

if TYPE_CHECKING:
    from .diacritics import Restored
    from .sections import SectionTree


@dataclass
class Context:
    seg: Segmented
    regions: Regions
    documents: list[DocumentRecord] = field(default_factory=list)
    # restore_diacritics results of this document by input string (see :meth:`restore`)
    _restored: dict[str, Restored] = field(default_factory=dict, init=False, repr=False, compare=False)
    # classify_reform_area results of this document by text (see :meth:`reform_area`)
    _areas: dict[str, str | None] = field(default_factory=dict, init=False, repr=False, compare=False)

    @cached_property
    def sections(self) -> SectionTree:
        """The printed section tree, built once per document and shared by the stages."""
        from .sections import build_sections

        return build_sections(self)

    @cached_property
    def is_ocr(self) -> bool:
        """Whether the text lost its diacritics (:func:`.roles.is_ocr_text`): several stages
        ask, and the answer reads every letter of the document, so it is worked out once."""
        from .roles import is_ocr_text

        return is_ocr_text(self.text)

    def restore(self, text: str) -> Restored:
        """:func:`.diacritics.restore_diacritics` of ``text``, once per document per string.

        The restorer is the slow part of extracting an OCR document and the stages ask for
        some strings more than once (a heading shared by the targets under it, the same role
        words between the same agencies); the result depends on ``text`` alone."""
        restored = self._restored.get(text)
        if restored is None:
            from .diacritics import restore_diacritics

            restored = self._restored[text] = restore_diacritics(text)
        return restored

    def reform_area(self, text: str) -> str | None:
        """:func:`.reform_areas.classify_reform_area` of ``text``, once per document per
        string: the section records, the appendix rows and the body tasks ask about the same
        headings (567 questions, 415 distinct texts on the four corpus documents with
        diacritics)."""
        if text not in self._areas:
            from .reform_areas import classify_reform_area

            self._areas[text] = classify_reform_area(text)
        return self._areas[text]

    @property
    def text(self) -> str:
        return self.seg.source.text

    @property
    def province(self) -> str | None:
        for d in self.documents:
            if d.province:
                return d.province
        return None

    @property
    def own_numbers(self) -> set[str]:
        """Numbers of the documents themselves (never cited by themselves)."""
        return {d.number for d in self.documents if d.number}
