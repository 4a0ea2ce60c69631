"""Turn raw cuts into removals that keep the text's layout.

A *cut* is what a rule matched: a whole line (or several), or a span inside a line.
Layout decides how much white space goes with it, so that dropping a line never leaves
a doubled blank line and cutting a span never leaves a double space, and splits the
final deleted stretches between the rules that caused them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import NamedTuple

import regex

from .model import Removal, Rule

_LINE_BREAK = regex.compile(r"\r\n|\r|\n")
# The first and, searched in reverse, the last non-space character of a stretch.
_CONTENT = regex.compile(r"\S")
_LAST_CONTENT = regex.compile(r"\S", flags=regex.REVERSE)


class Cut(NamedTuple):
    """A stretch ``[start, end)`` of the input that ``rule`` wants gone."""

    start: int
    end: int
    rule: Rule


class Lines:
    """Line boundaries of a text, found once, looked up by position."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]

    def index(self, position: int) -> int:
        """The number of the line that holds ``position``."""
        return bisect_right(self.starts, position) - 1

    def bounds(self, number: int) -> tuple[int, int]:
        """``(start, end)`` of line ``number``, without its line break."""
        start = self.starts[number]
        if number + 1 == len(self.starts):
            return start, len(self.text)
        end = self.starts[number + 1] - 1
        if self.text[end] == "\n" and end > start and self.text[end - 1] == "\r":
            end -= 1
        return start, end

    def __len__(self) -> int:
        return len(self.starts)


def is_hspace(character: str) -> bool:
    """True for white space within a line: lines end only at ``\\r`` and ``\\n``, not at ``\\u2028``."""
    return character.isspace() and character not in "\r\n"


def is_blank(text: str, start: int = 0, end: int | None = None) -> bool:
    """True if ``text[start:end]`` holds nothing but white space (no copy made)."""
    return _CONTENT.search(text, start, len(text) if end is None else end) is None


def _hspace_before(text: str, position: int, floor: int) -> int:
    """Start of the horizontal white space that ends at ``position``."""
    while position > floor and is_hspace(text[position - 1]):
        position -= 1
    return position


def _hspace_after(text: str, position: int, ceiling: int) -> int:
    """End of the horizontal white space that starts at ``position``."""
    while position < ceiling and is_hspace(text[position]):
        position += 1
    return position


def _split(chain: Sequence[Cut], start: int, end: int) -> list[Cut]:
    """Share the stretch ``[start, end)`` between the cuts of one chain, each up to the next."""
    bounds = [start, *(cut.start for cut in chain[1:]), end]
    return [Cut(lo, hi, cut.rule) for cut, lo, hi in zip(chain, bounds, bounds[1:], strict=False)]


def _chains(cuts: Iterable[Cut], text: str) -> list[list[Cut]]:
    """Group sorted, disjoint cuts into chains separated by nothing but white space."""
    chains: list[list[Cut]] = []
    for cut in cuts:
        if chains and is_blank(text, chains[-1][-1].end, cut.start):
            chains[-1].append(cut)
        else:
            chains.append([cut])
    return chains


def _without_overlaps(cuts: Iterable[Cut]) -> list[Cut]:
    """Cuts in order, each starting where the one before ends if they overlap.

    The white space between an inline cut at a line's end and a dropped line after it can go with either.
    """
    ordered: list[Cut] = []
    for cut in sorted(cuts, key=lambda cut: cut.start):
        start = max(cut.start, ordered[-1].end) if ordered else cut.start
        if start < cut.end:
            ordered.append(Cut(start, cut.end, cut.rule))
    return ordered


def _line_breaks(gap: str) -> int:
    return gap.count("\n") + gap.count("\r") - gap.count("\r\n")


class Layout:
    """Resolve the cuts of one text into removals."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def lines(self) -> Lines:
        """Line boundaries, found on first use: most texts need none."""
        return Lines(self.text)

    def rest_of_line(self, number: int, cuts: Iterable[Cut]) -> list[tuple[int, int]]:
        """The stretches of line ``number`` that remain once ``cuts`` (on that line) are removed."""
        start, end = self.lines.bounds(number)
        rest, position = [], start
        for removal in self.removals(cuts):
            if removal.start > position:
                rest.append((position, min(removal.start, end)))
            position = max(position, removal.end)
        if position < end:
            rest.append((position, end))
        return rest

    def removals(self, cuts: Iterable[Cut]) -> list[Removal]:
        """Removals, in order, for sorted and disjoint ``cuts``."""
        whole_lines: list[Cut] = []
        removals: list[Cut] = []
        for chain in self._line_chains(cuts):
            first, last = chain[0].start, chain[-1].end
            line_start = self.lines.bounds(self.lines.index(first))[0]
            line_end = self.lines.bounds(self.lines.index(max(first, last - 1)))[1]
            ends_line = is_blank(self.text, last, line_end)
            if is_blank(self.text, line_start, first) and ends_line:
                whole_lines += _split(chain, line_start, line_end)
            elif ends_line:
                removals += _split(chain, _hspace_before(self.text, first, line_start), line_end)
            elif first == line_start or is_hspace(self.text[first - 1]):
                removals += _split(chain, first, _hspace_after(self.text, last, line_end))
            else:
                removals += _split(chain, first, last)
        for chain in _chains(whole_lines, self.text):
            removals += self._drop_lines(chain)
        return [
            Removal(rule.id, rule.category, rule.action, start, end, self.text[start:end])
            for start, end, rule in _without_overlaps(removals)
        ]

    def _line_chains(self, cuts: Iterable[Cut]) -> list[list[Cut]]:
        """Chains of cuts split at line breaks; a cut that spans lines stays whole."""
        chains: list[list[Cut]] = []
        current_line = -1
        for cut in cuts:
            line = self.lines.index(cut.start)
            if line == current_line and is_blank(self.text, chains[-1][-1].end, cut.start):
                chains[-1].append(cut)
            else:
                chains.append([cut])
            current_line = self.lines.index(max(cut.start, cut.end - 1))
        return chains

    def _drop_lines(self, chain: list[Cut]) -> list[Cut]:
        """Drop whole lines with one of the gaps around them, never doubling a blank line."""
        start, end = chain[0].start, chain[-1].end
        previous = _LAST_CONTENT.search(self.text, 0, start)
        previous_end = previous.end() if previous else None
        following = _CONTENT.search(self.text, end)
        next_start = self.lines.bounds(self.lines.index(following.start()))[0] if following else None
        if previous_end is None and next_start is None:
            return _split(chain, 0, len(self.text))
        if next_start is None or (
            previous_end is not None
            and _line_breaks(self.text[end:next_start]) > _line_breaks(self.text[previous_end:start])
        ):
            return _split(chain, previous_end if previous_end is not None else start, end)
        return _split(chain, start, next_start)


def apply(text: str, removals: Sequence[Removal]) -> str:
    """Delete each removal's span from ``text``."""
    kept, position = [], 0
    for removal in removals:
        kept.append(text[position : removal.start])
        position = removal.end
    kept.append(text[position:])
    return "".join(kept)
