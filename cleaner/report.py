"""What a run tells its user: removals as JSON Lines, check listings, diffs and run statistics."""

from __future__ import annotations

import difflib
import json
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .model import CleanResult, Removal

# A check listing shows at most this many characters of a removed stretch.
_SHOWN_CHARS = 100
_MB = 1_000_000
# What diff prints after a last line that has no line break.
_NO_NEWLINE = "\\ No newline at end of file"


def explain_lines(result: CleanResult, where: Mapping[str, Any]) -> str:
    """One JSON object per removal: ``where`` (file, line, id) then rule, category, action, span, text."""
    return "".join(
        json.dumps({**where, **removal._asdict()}, ensure_ascii=False) + "\n" for removal in result.removals
    )


def check_lines(result: CleanResult, locate: Callable[[Removal], str]) -> str:
    """One line per removal, ``LOCATION: RULE [category] "text"``, as linters list their findings."""
    lines = []
    for removal in result.removals:
        shown = removal.text.strip()
        if len(shown) > _SHOWN_CHARS:
            shown = shown[: _SHOWN_CHARS - 1] + "…"
        quoted = json.dumps(shown, ensure_ascii=False)
        lines.append(f"{locate(removal)}: {removal.rule_id} [{removal.category}] {quoted}\n")
    return "".join(lines)


def text_locator(name: str, text: str) -> Callable[[Removal], str]:
    """Locate a removal in a text file as ``name:line:column`` (both counted from 1).

    >>> text_locator("a.txt", "one\\ntwo")(Removal("X1", "ads", "line", 5, 7, "wo"))
    'a.txt:2:2'
    """
    starts = [0, *(index + 1 for index, char in enumerate(text) if char == "\n")]

    def locate(removal: Removal) -> str:
        line = bisect_right(starts, removal.start)
        return f"{name}:{line}:{removal.start - starts[line - 1] + 1}"

    return locate


def unified_diff(text: str, cleaned: str, label: str) -> str:
    """A unified diff from ``text`` to ``cleaned``, line by line, as ``diff -u`` prints it."""
    lines = difflib.unified_diff(
        text.splitlines(keepends=True), cleaned.splitlines(keepends=True), label, f"{label} (cleaned)"
    )
    return "".join(line if line.endswith(("\n", "\r")) else f"{line}\n{_NO_NEWLINE}\n" for line in lines)


@dataclass
class Stats:
    """Counts for one run: records read (``failed`` of them not processed), bytes, removals by category."""

    records: int = 0
    failed: int = 0
    bytes: int = 0
    removals: Counter[str] = field(default_factory=Counter)

    def count(self, result: CleanResult) -> None:
        """Count one cleaned document and its removals."""
        self.records += 1
        self.removals.update(removal.category for removal in result.removals)

    def count_failure(self) -> None:
        """Count one record that could not be processed."""
        self.records += 1
        self.failed += 1

    def add(self, other: Stats) -> None:
        """Add the counts of ``other`` (e.g. one chunk's) to these."""
        self.records += other.records
        self.failed += other.failed
        self.bytes += other.bytes
        self.removals.update(other.removals)

    def as_dict(self, seconds: float) -> dict[str, Any]:
        """The counts as JSON-ready data, with the time taken and the throughput."""
        return {
            "records": self.records,
            "failed": self.failed,
            "megabytes": round(self.bytes / _MB, 3),
            "seconds": round(seconds, 3),
            "megabytes_per_second": round(self.bytes / _MB / seconds, 3) if seconds > 0 else None,
            "removals": dict(self.removals.most_common()),
        }

    def summary(self, seconds: float) -> str:
        """One line for the end of a run.

        >>> stats = Stats(records=3, bytes=2_000_000, removals=Counter(ads=2))
        >>> stats.summary(4.0)
        '3 records, 2.0 MB in 4.0 s (0.50 MB/s); removed 2: ads 2'
        """
        speed = f"{self.bytes / _MB / seconds:.2f} MB/s" if seconds > 0 else "- MB/s"
        line = f"{self.records} records, {self.bytes / _MB:.1f} MB in {seconds:.1f} s ({speed})"
        removed = ", ".join(f"{category} {count}" for category, count in self.removals.most_common())
        line += f"; removed {self.removals.total()}" + (f": {removed}" if removed else "")
        if self.failed:
            line += f"; {self.failed} could not be processed"
        return line
