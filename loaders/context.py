"""What every extraction stage may know about the document it works on."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from .model import DocumentRecord, Segmented
from .regions import Regions

if TYPE_CHECKING:
    from .sections import SectionTree


@dataclass
class Context:
    seg: Segmented
    regions: Regions
    documents: list[DocumentRecord] = field(default_factory=list)

    @cached_property
    def sections(self) -> SectionTree:
        """The printed section tree, built once per document and shared by the stages."""
        from .sections import build_sections

        return build_sections(self)

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
