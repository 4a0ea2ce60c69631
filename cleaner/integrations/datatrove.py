"""A datatrove pipeline step that cleans each document's text::

    LocalPipelineExecutor(
        pipeline=[JsonlReader("raw/"), ArticleCleaner(drop_empty=True), JsonlWriter("clean/")],
        tasks=4,
    ).run()
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from ..api import DEFAULT_TIMEOUT, Cleaner, RuleSource, explain
from ..patterns import RuleTimeout
from . import missing_extra

try:
    from datatrove.data import Document
    from datatrove.pipeline.filters.base_filter import BaseFilter
    from datatrove.pipeline.writers.disk_base import DiskWriter
    from loguru import logger
except ImportError as error:
    raise missing_extra("datatrove", error) from error

#: ``metadata["filter_reason"]`` of a document dropped because nothing was left of it.
EMPTY = "empty_after_cleaning"
#: ``metadata["filter_reason"]`` of a document dropped because cleaning removed too much of it.
MOSTLY_REMOVED = "mostly_removed"


class ArticleCleaner(BaseFilter):  # type: ignore[misc]  # datatrove ships no type hints
    """Clean ``doc.text`` as :func:`cleaner.clean` does, with the options of :class:`cleaner.Cleaner`.

    Each removal is counted in the step's stats as ``removed_<category>``. With ``drop_empty``,
    a document left with no text is dropped; with ``max_removed_share``, so is one that lost more
    than that share of its characters. Dropping follows datatrove's filter convention: the stats
    count ``dropped_<reason>``, and the ``exclusion_writer``, if any, gets the document with its
    text as it came in and the reason (:data:`EMPTY` or :data:`MOSTLY_REMOVED`) in
    ``metadata["filter_reason"]``.

    A document on which a rule runs past ``timeout`` seconds is kept as it came, counted as
    ``rule_timeout`` and logged: one pathological document cannot stop a task.

    The step holds only its options, so it pickles cheaply for any executor; each worker
    process compiles the rules once, on its first document.
    """

    name = "🧹 Article cleaner"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        select: Iterable[str] | str | None = None,
        ignore: Iterable[str] | str | None = None,
        rules: Iterable[RuleSource] = (),
        aggressive: bool = False,
        timeout: float | None = DEFAULT_TIMEOUT,
        *,
        drop_empty: bool = False,
        max_removed_share: float | None = None,
        exclusion_writer: DiskWriter | None = None,
    ) -> None:
        super().__init__(exclusion_writer)
        if max_removed_share is not None and not 0 <= max_removed_share <= 1:
            raise ValueError(f"max_removed_share must be between 0 and 1, not {max_removed_share}")
        self.options: dict[str, Any] = {
            "select": _frozen(select),
            "ignore": _frozen(ignore),
            "rules": tuple(rules),
            "aggressive": aggressive,
            "timeout": timeout,
        }
        Cleaner(**self.options)  # a bad option fails here, before any task starts
        self.drop_empty = drop_empty
        self.max_removed_share = max_removed_share

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        """Clean ``doc.text`` in place and keep the document, or leave it as it was and drop it."""
        try:
            result = explain(doc.text, **self.options)
        except RuleTimeout as error:
            self.stat_update("rule_timeout")
            logger.warning(f"document {doc.id} kept as it came: {error}")
            return True
        for category, count in Counter(removal.category for removal in result.removals).items():
            self.stat_update(f"removed_{category}", value=count)
        reason = self._drop_reason(doc.text, result.text)
        if reason:
            return False, reason
        doc.text = result.text
        return True

    def _drop_reason(self, text: str, cleaned: str) -> str | None:
        if self.drop_empty and not cleaned.strip():
            return EMPTY
        removed_share = 1 - len(cleaned) / len(text) if text else 0.0
        if self.max_removed_share is not None and removed_share > self.max_removed_share:
            return MOSTLY_REMOVED
        return None


def _frozen(codes: Iterable[str] | str | None) -> tuple[str, ...] | str | None:
    """Codes as a hashable value, the key of the per-process cleaner cache."""
    return codes if codes is None or isinstance(codes, str) else tuple(codes)
