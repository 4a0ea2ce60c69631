"""The cleaning passes: find what each rule cuts, then let the layout resolve it.

* ``line`` rules drop a line that they match whole (white space aside);
* ``list`` rules drop their marker line and the run of headline-like lines after it;
* ``inline`` rules cut their phrase anywhere, but only at a sentence boundary;
* ``tail`` rules drop their marker and everything after it, once enough prose came before.

The sentence-boundary guard lives here, once, not in each rule's pattern.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import regex

from .layout import Cut, Layout, apply, is_hspace
from .model import CleanResult, Rule
from .patterns import Combined, combine

_TERMINAL = frozenset(".!?…。！？")
_CLOSERS = frozenset("\"'”’»)]")
_OPENERS = frozenset("\"'“‘«([¿¡")
_LINE_BREAKS = frozenset("\r\n")
# At most this many spaces may stand between a sentence's end and a marker, or a marker and what follows.
_MAX_SPACES = 4
_WORD = regex.compile(r"\w+")
# A tail marker needs this many words of prose before it, and no more words after it than before.
_MIN_PROSE_WORDS = 40
# A list marker takes at most this many headlines, each of at most this many characters.
_MAX_HEADLINES = 12
_MAX_HEADLINE_CHARS = 150


def _skip_spaces_back(text: str, position: int) -> int:
    for _ in range(_MAX_SPACES):
        if position == 0 or not text[position - 1].isspace() or text[position - 1] in _LINE_BREAKS:
            break
        position -= 1
    return position


def opens_sentence(text: str, position: int, previous_cut_end: int = -1) -> bool:
    """True if a sentence may start at ``position``: after a line break, a sentence end or a cut.

    >>> opens_sentence("He left. Advertisement", 9), opens_sentence("The Advertisement", 4)
    (True, False)
    """
    before = _skip_spaces_back(text, position)
    if before == 0 or before == previous_cut_end or text[before - 1] in _LINE_BREAKS:
        return True
    while before > 0 and text[before - 1] in _CLOSERS:
        before -= 1
    return before > 0 and text[before - 1] in _TERMINAL


def closes_sentence(text: str, position: int) -> bool:
    """True if what follows ``position`` starts a new sentence, a line or the end of the text.

    >>> closes_sentence("Advertisement The vote", 13), closes_sentence("Advertisement spending", 13)
    (True, False)
    """
    after = position
    while after < len(text) and after - position < _MAX_SPACES and is_hspace(text[after]):
        after += 1
    if after == len(text) or text[after] in _LINE_BREAKS:
        return True
    following = text[after]
    if after == position and position > 0 and text[position - 1].isalnum():
        # Glued to the next word: only a lowercase-to-capital seam ("storySign") is a boundary.
        return text[position - 1].islower() and following.isupper()
    return following.isupper() or following in _OPENERS or (following.isalpha() and not following.islower())


def _is_headline(line: str) -> bool:
    """Short, and not ending like a sentence: an item of a headline list."""
    stripped = line.strip().rstrip("\"'”’»)]")
    return 0 < len(stripped) <= _MAX_HEADLINE_CHARS and stripped[-1] not in ".!:;,"


def _on_one_line(combined: Combined, layout: Layout) -> Iterator[tuple[regex.Match[str], Rule]]:
    """Matches of a whole-line pattern, each kept within one line.

    A rule's ``\\s`` or ``[^\\n]`` can run over a line break (``\\r`` too) and take the line
    before along; such a match is tried again on its own line, with the line end as the text end.
    """
    text, lines, position = layout.text, layout.lines, 0
    while True:
        for match, rule in combined.finditer(text, position):
            start, end = match.span()
            if text.find("\n", start, end) < 0 and text.find("\r", start, end) < 0:
                yield match, rule
                continue
            number = lines.index(start)
            yield from combined.finditer(text, *lines.bounds(number))
            if number + 1 == len(lines):
                return
            position = lines.starts[number + 1]
            break
        else:
            return


def _headlines_after(layout: Layout, marker: int, rule: Rule) -> list[Cut]:
    """Cuts for the run of headline-like lines after the list marker on line ``marker``."""
    text, lines = layout.text, layout.lines
    cuts: list[Cut] = []
    number = marker + 1
    while number < len(lines) and len(cuts) < _MAX_HEADLINES:
        start, end = lines.bounds(number)
        line = text[start:end]
        if line and not line.isspace():
            if not _is_headline(line):
                break
            cuts.append(Cut(start, end, rule))
        number += 1
    return cuts


def _disjoint(cuts: Iterable[Cut]) -> list[Cut]:
    """Sorted cuts with any cut that overlaps an earlier one left out."""
    kept: list[Cut] = []
    for cut in sorted(cuts, key=lambda cut: (cut.start, -cut.end)):
        if not kept or cut.start >= kept[-1].end:
            kept.append(cut)
    return kept


def _words(text: str, start: int, end: int, cuts: Sequence[Cut]) -> int:
    """Words in ``text[start:end]`` outside ``cuts``."""
    total = sum(1 for _ in _WORD.finditer(text, start, end))
    cut_words = sum(
        1 for cut in cuts if cut.end > start and cut.start < end
        for _ in _WORD.finditer(text, max(cut.start, start), min(cut.end, end))
    )
    return total - cut_words


class Engine:
    """Compiled passes for one set of rules. Immutable, so safe to share between threads."""

    def __init__(self, rules: Sequence[Rule], timeout: float | None = None) -> None:
        def of(action: str) -> list[Rule]:
            return [rule for rule in rules if rule.action == action]

        self.line = combine(of("line"), whole_line=True, timeout=timeout)
        self.list = combine(of("list"), whole_line=True, timeout=timeout)
        self.inline = combine(of("inline"), whole_line=False, timeout=timeout)
        self.tail = combine(of("tail"), whole_line=False, timeout=timeout)

    def explain(self, text: str) -> CleanResult:
        """Clean ``text`` and say what was removed and why."""
        layout = Layout(text)
        cuts = _disjoint([*self._line_cuts(layout), *self._list_cuts(layout), *self._inline_cuts(text)])
        cuts = _disjoint([*cuts, *self._emptied_lines(layout, cuts)])
        cuts = self._with_tail(text, cuts)
        if not cuts:
            return CleanResult(text, ())
        removals = layout.removals(cuts)
        return CleanResult(apply(text, removals), tuple(removals))

    def _line_cuts(self, layout: Layout) -> list[Cut]:
        if self.line is None:
            return []
        return [Cut(match.start(), match.end(), rule) for match, rule in _on_one_line(self.line, layout)]

    def _emptied_lines(self, layout: Layout, cuts: Sequence[Cut]) -> list[Cut]:
        """Cut the rest of a line that a line or list rule matches once its inline cuts are gone.

        ``Share this article Advertisement``: the inline pass takes the marker, this the rest,
        so that cleaning the output again finds nothing more.
        """
        inline: dict[int, list[Cut]] = {}
        for cut in cuts:
            if cut.rule.action == "inline":
                inline.setdefault(layout.lines.index(cut.start), []).append(cut)
        text, emptied = layout.text, []
        for number, line_cuts in inline.items():
            rest_of_line = layout.rest_of_line(number, line_cuts)
            kept = [(low, high) for low, high in rest_of_line if text[low:high].strip()]
            rest = " ".join(text[low:high].strip() for low, high in kept)
            for combined in (self.line, self.list):
                found = next(combined.finditer(rest), None) if combined and rest else None
                if found is not None:
                    _, rule = found
                    emptied += [Cut(low, high, rule) for low, high in kept]
                    if combined is self.list:
                        emptied += _headlines_after(layout, number, rule)
                    break
        return emptied

    def _list_cuts(self, layout: Layout) -> list[Cut]:
        if self.list is None:
            return []
        cuts = []
        for match, rule in _on_one_line(self.list, layout):
            cuts.append(Cut(match.start(), match.end(), rule))
            cuts += _headlines_after(layout, layout.lines.index(match.start()), rule)
        return cuts

    def _inline_cuts(self, text: str) -> list[Cut]:
        if self.inline is None:
            return []
        cuts: list[Cut] = []
        previous_end = -1
        for match, rule in self.inline.finditer(text):
            start, end = match.span()
            if opens_sentence(text, start, previous_end) and closes_sentence(text, end):
                cuts.append(Cut(start, end, rule))
                previous_end = end
        return cuts

    def _with_tail(self, text: str, cuts: list[Cut]) -> list[Cut]:
        """Add the first tail cut that has enough prose before it, superseding cuts after it."""
        if self.tail is None:
            return cuts
        for match, rule in self.tail.finditer(text):
            start = match.start()
            if not opens_sentence(text, start):
                continue
            before = _words(text, 0, start, cuts)
            if before >= _MIN_PROSE_WORDS and _words(text, start, len(text), cuts) <= before:
                end = len(text.rstrip())
                return [*(cut for cut in cuts if cut.end <= start), Cut(start, end, rule)]
        return cuts
