"""The cleaning passes: find what each rule cuts, then let the layout resolve it.

* ``line`` rules drop a line that they match whole (white space aside);
* ``list`` rules drop their marker line and the run of headline-like lines after it;
* ``inline`` rules cut their phrase anywhere, but only at a sentence boundary;
* ``tail`` rules drop their marker and everything after it, once enough prose came before;
* ``echo`` rules drop later lines that repeat the text's first line, when they take it for a headline.

A ``line`` rule marked ``in_prose`` also drops a run of whole sentences that it matches inside a longer line,
and an ``inline`` rule anchored at a ``word`` may start at any word, not only at a sentence start.

The sentence-boundary guard lives here, once, not in each rule's pattern.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Iterator, Sequence
from itertools import pairwise

import regex

from .dispatch import Router, starts_between
from .gate import Gate
from .layout import Cut, Layout, apply, is_blank, is_hspace
from .model import CleanResult, Rule

_TERMINAL = frozenset(".!?…。！？")
_CLOSERS = "\"'”’»)]"
_OPENERS = frozenset("\"'“‘«([¿¡")
_LINE_BREAKS = frozenset("\r\n")
# At most this many spaces may stand between a sentence's end and a marker, or a marker and what follows.
_MAX_SPACES = 4
_WORD = regex.compile(r"\w+")
# Where a sentence may start: the text's start, a line start, or after a sentence end and its
# closing quotes; at most _MAX_SPACES spaces may follow (each match ends where a sentence starts).
_SENTENCE_BOUNDARY = re.compile(r"(?:[\r\n]|[.!?…。！？][\"'”’»)\]]*)[^\S\r\n]{0,4}")
_LINE_CONTENT = re.compile(r"[^\r\n]+")
_LINE_BREAK = re.compile(r"[\r\n]")
# A sentence end followed by the start of another (a Japanese "。" needs no space): a line holding one is
# not a headline.
_INNER_SENTENCE_END = regex.compile(r"[.!?…][\"'”’»)\]]?\s+[\p{Lu}\"“‘]|。[」』”’）)]*(?=\S)")
# A line that ends on one of these ends a sentence or a clause, not a headline.
_NOT_HEADLINE_ENDS = ".!:;,。：；，、"
# A tail marker needs this many words of prose before it, and no more words after it than before.
_MIN_PROSE_WORDS = 40
# The last sentence end of a text: terminal punctuation and closing quotes, then white space or the end.
_LAST_SENTENCE_END = regex.compile(r"[.!?…。！？][\"'”’»)\]]*(?=\s|\Z)", flags=regex.REVERSE)
_NEXT_CONTENT = regex.compile(r"\S")
# An unpunctuated ending of more words than this is not taken for junk.
_MAX_ENDING_WORDS = 80
# An in_prose line rule takes a run of at most this many sentences and characters inside a longer line.
_MAX_RUN_SENTENCES = 2
_MAX_RUN_CHARS = 600
# White space between a word that ends no sentence (nor leads into a name: "the", "of") and a capitalised
# one: junk may end there, glued to prose.
_UNPUNCTUATED_SEAM = regex.compile(
    r"(?<=[^\s.!?…。！？\"'”’»)\]])(?<!\b(?i:the|a|an|of|and|or|to|by|for|in|on|at|with|from|via))"
    r"[^\S\r\n]{1,4}(?=[\p{Lu}\"“‘«(])"
)
# A prose sentence has at least this many words, also one glued straight after junk.
_MIN_SENTENCE_WORDS = 4
# A one-line text of this many prose sentences is an article, unless part of it is junk (see _junk_of_text).
_MIN_PROSE_SENTENCES = 2
# A list marker takes at most this many headlines, each of at most this many characters.
_MAX_HEADLINES = 12
_MAX_HEADLINE_CHARS = 150


def _skip_spaces(text: str, position: int) -> int:
    """Past at most _MAX_SPACES spaces (no line break) from ``position``."""
    for _ in range(_MAX_SPACES):
        if position == len(text) or not is_hspace(text[position]):
            break
        position += 1
    return position


def _content_end(text: str, position: int) -> int:
    """``position`` moved back past the white space before it."""
    while position > 0 and text[position - 1].isspace():
        position -= 1
    return position


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without the white space at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_starts(text: str) -> list[int]:
    """Where a sentence may start, in order: the text's start, a line start, or after a sentence end.

    >>> sentence_starts("He left. Advertisement"), sentence_starts("The Advertisement")
    ([0, 9], [0])
    """
    return [_skip_spaces(text, 0), *(boundary.end() for boundary in _SENTENCE_BOUNDARY.finditer(text))]


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
    """Short, one sentence at most, and not ending like a sentence: an item of a headline list."""
    stripped = line.strip().rstrip(_CLOSERS)
    return (
        0 < len(stripped) <= _MAX_HEADLINE_CHARS
        and stripped[-1] not in _NOT_HEADLINE_ENDS
        and _INNER_SENTENCE_END.search(stripped) is None
    )


def _is_sentence(text: str, min_words: int) -> bool:
    """At least ``min_words`` words, ending like a sentence (closing quotes aside)."""
    stripped = text.strip()
    return len(stripped.split()) >= min_words and stripped.rstrip(_CLOSERS)[-1:] in _TERMINAL


def _headlines_after(layout: Layout, marker: int, rule: Rule) -> list[Cut]:
    """Cuts for the run of headline-like lines after the list marker on line ``marker``.

    A headline-like line right above a long prose paragraph is the article's own heading: the run stops there.
    """
    text, lines = layout.text, layout.lines
    filled = (
        (number, text[slice(*lines.bounds(number))])
        for number in range(marker + 1, len(lines))
        if not is_blank(text, *lines.bounds(number))
    )
    cuts: list[Cut] = []
    current = next(filled, None)
    while current is not None and len(cuts) < _MAX_HEADLINES and _is_headline(current[1]):
        following = next(filled, None)
        if following is not None and _is_sentence(following[1], _MIN_PROSE_WORDS):
            break
        cuts.append(Cut(*lines.bounds(current[0]), rule))
        current = following
    return cuts


def _spares_a_sentence(text: str, line_cut: Cut, inline: Sequence[Cut]) -> bool:
    """True if an inline cut inside a line-rule match has a whole sentence after it, to the line end.

    ``(Image credit: Ann Lee) The council met on Tuesday.``: the credit is junk glued to prose, and
    a line rule with a free tail must not take the prose along; the inline cut goes alone.
    """
    index = bisect_left(inline, line_cut.start, key=lambda cut: cut.start)
    while index < len(inline) and inline[index].start < line_cut.end:
        rest = text[_skip_spaces(text, inline[index].end) : line_cut.end].strip()
        if rest and (rest[0].isupper() or rest[0] in _OPENERS) and _is_sentence(rest, _MIN_SENTENCE_WORDS):
            return True
        index += 1
    return False


def _whole_line(layout: Layout, spans: Sequence[tuple[int, int]], number: int, rule: Rule) -> list[Cut]:
    """Cuts for the spans of line ``number`` that ``rule`` matched whole, and a list's headlines after it."""
    cuts = [Cut(low, high, rule) for low, high in spans]
    return cuts + _headlines_after(layout, number, rule) if rule.action == "list" else cuts


def _disjoint(cuts: Iterable[Cut]) -> list[Cut]:
    """Sorted cuts with any cut that overlaps an earlier one left out."""
    kept: list[Cut] = []
    for cut in sorted(cuts, key=lambda cut: (cut.start, -cut.end)):
        if not kept or cut.start >= kept[-1].end:
            kept.append(cut)
    return kept


class _ProseWords:
    """The words of a text that no cut covers, found once: how many start before a position."""

    def __init__(self, text: str, cuts: Sequence[Cut]) -> None:
        cut_starts = [cut.start for cut in cuts]

        def covered(position: int) -> bool:
            index = bisect_right(cut_starts, position) - 1
            return index >= 0 and cuts[index].end > position

        self.starts = [word.start() for word in _WORD.finditer(text) if not covered(word.start())]

    def before(self, position: int) -> int:
        """Words that start before ``position``."""
        return bisect_left(self.starts, position)


def _echo_cuts(echo: Router, layout: Layout, cuts: Sequence[Cut]) -> list[Cut]:
    """Later lines that repeat the first kept line word for word, if an echo rule takes it for a headline.

    A gallery title or a share card repeats the headline further down; the first copy is the article's.
    The first kept line is the first that no single cut in ``cuts`` (sorted, disjoint) takes whole.
    """
    first = _first_kept_line(layout, cuts) if echo else None
    if first is None:
        return []
    text, (start, end) = layout.text, first
    heading = text[start:end]
    rule = echo.fullmatch(text, start, end) if _is_headline(heading) else None
    if rule is None:
        return []
    copies: list[Cut] = []
    found = text.find(heading, end)
    while found != -1:
        if _stands_alone(layout, (found, found + len(heading)), cuts):
            copies.append(Cut(found, found + len(heading), rule))
        found = text.find(heading, found + len(heading))
    return copies


def _stands_alone(layout: Layout, span: tuple[int, int], cuts: Sequence[Cut]) -> bool:
    """True if ``span`` is all that its line keeps once ``cuts`` (sorted, disjoint) are gone.

    ``Night trains return Follow us on Twitter``: with the share prompt cut, the headline's copy stands alone.
    """
    return _kept_on_line(layout, layout.lines.index(span[0]), cuts) == [span]


def _kept_on_line(layout: Layout, number: int, cuts: Sequence[Cut]) -> list[tuple[int, int]]:
    """The stretches of line ``number`` with content that ``cuts`` (sorted, disjoint) leave, stripped."""
    line_start, line_end = layout.lines.bounds(number)
    first = bisect_right(cuts, line_start, key=lambda cut: cut.end)
    on_line = [cut for cut in cuts[first:] if cut.start < line_end]
    kept = [_stripped(layout.text, *rest) for rest in layout.rest_of_line(number, on_line)]
    return [piece for piece in kept if piece[0] < piece[1]]


def _first_kept_line(layout: Layout, cuts: Sequence[Cut]) -> tuple[int, int] | None:
    """``(start, end)`` of what ``cuts`` (sorted, disjoint) keep of the first line they leave content on, or None.

    Where they keep one stretch of it, that stretch: ``Join our channel Night trains return`` heads with
    ``Night trains return`` once the prompt is cut.
    """
    text = layout.text
    for line in _LINE_CONTENT.finditer(text):
        start, end = _stripped(text, *line.span())
        kept = _kept_on_line(layout, layout.lines.index(start), cuts) if start < end else []
        if kept:
            return kept[0] if len(kept) == 1 else (start, end)
    return None


def _line_cuts(whole_line: Router, layout: Layout, starts: Sequence[int]) -> list[Cut]:
    """Whole lines that a line rule matches, and list markers with their headlines, narrowed to their junk."""
    if not whole_line:
        return []
    cuts: list[Cut] = []
    one_line = len(layout.lines) == 1
    for line in _LINE_CONTENT.finditer(layout.text):
        start, end = _stripped(layout.text, *line.span())
        rule = whole_line.fullmatch(layout.text, start, end) if start < end else None
        if rule is None:
            continue
        junk = _junk_of_text(whole_line, layout.text, (start, end, rule), starts) if one_line else (start, end, rule)
        if junk is not None:
            cuts += _whole_line(layout, [junk[:2]], layout.lines.index(start), junk[2])
    return cuts


def _junk_of_text(
    router: Router, text: str, match: tuple[int, int, Rule], starts: Sequence[int]
) -> tuple[int, int, Rule] | None:
    """The junk of a one-line text that a line rule matched whole: all of it, a part, or None to keep it.

    A short article with its line breaks gone fits a line rule's free text: ``READ MORE: Storm hits coast
    Rain fell all day.`` Junk glued to its first sentence at an unpunctuated seam ends there; in a text of more
    than one sentence the junk is the shortest run of its sentences that a line rule matches alone, up to
    such a seam in it, and where there is none, a text that holds _MIN_PROSE_SENTENCES prose sentences is
    prose (a caption before its credit holds one).
    """
    start, end, rule = match
    first, after = bisect_right(starts, start), bisect_left(starts, end)
    bounds = [start, *(position for position in starts[first:after] if text[position - 1].isspace()), end]
    end_of_junk = _junk_end(router, text, rule, start, bounds[1])
    if end_of_junk < bounds[1]:
        return start, end_of_junk, rule
    for length in range(1, len(bounds) - 1):  # the fewest sentences first
        for low, high in zip(bounds, bounds[length:], strict=False):
            run_end = _content_end(text, high)
            found = router.fullmatch(text, low, run_end)
            if found is not None:
                return low, _junk_end(router, text, found, low, run_end), found
    sentences = (text[low:high] for low, high in pairwise(bounds))
    prose = sum(_is_sentence(sentence, _MIN_SENTENCE_WORDS) for sentence in sentences)
    return None if prose >= _MIN_PROSE_SENTENCES else match


def _junk_end(router: Router, text: str, rule: Rule, start: int, end: int) -> int:
    """Where the junk that ``rule`` matched whole in ``[start, end)`` ends, before prose glued to it.

    ``Sign up for our newsletter The council met on Tuesday.``: a pattern that runs free to the end
    matches it all, but where it also matches the part before an unpunctuated seam and a whole
    sentence follows that seam, the junk ends at the seam and the sentence stays.
    """
    for seam in _UNPUNCTUATED_SEAM.finditer(text, start, end):
        junk_end: int = seam.start()
        if _is_sentence(text[seam.end() : end], _MIN_SENTENCE_WORDS) and router.matches_whole(
            rule, text, start, junk_end
        ):
            return junk_end
    return end


def _sentence_run_cuts(in_prose: Router, layout: Layout, starts: Sequence[int]) -> list[Cut]:
    """Runs of whole sentences, inside a line that holds more, that an ``in_prose`` line rule matches whole.

    ``... the vote. Subscribers get the print edition first. The mayor ...``: where line breaks are gone,
    a line rule's junk stands between sentences. For each sentence end the shortest run that ends there
    is tried first, so a pattern that may begin with any text never takes the sentences before its own.
    """
    if not in_prose:
        return []
    text, cuts, words = layout.text, [], in_prose.word_starts()
    for line in _LINE_CONTENT.finditer(text):
        line_start, line_end = _stripped(text, *line.span())
        first, after = bisect_left(starts, line_start), bisect_left(starts, line_end)
        sentences = [start for start in starts[first:after] if start == line_start or text[start - 1].isspace()]
        taken = line_start
        for last, start in enumerate(sentences):
            end = _content_end(text, sentences[last + 1]) if last + 1 < len(sentences) else line_end
            if end <= start or not closes_sentence(text, end):
                continue
            for first_of_run in range(last, max(-1, last - _MAX_RUN_SENTENCES), -1):
                run_start = sentences[first_of_run]
                if run_start < taken or end - run_start > _MAX_RUN_CHARS:
                    break
                if run_start == line_start and end == line_end:  # a whole line: the line pass's
                    continue
                if words is not None and not starts_between(words, run_start, end):
                    continue
                rule = in_prose.fullmatch(text, run_start, end)
                if rule is not None:
                    cuts.append(Cut(run_start, _junk_end(in_prose, text, rule, run_start, end), rule))
                    taken = end
                    break
    return cuts


def _word_anchored_cuts(anchored: Router, text: str) -> list[Cut]:
    """Inline cuts of rules anchored at any word: where one's match opens a word and ends before a sentence.

    ``Storm closes coast road Published 9:15 AM Mar 3, 2021 The road ...``: after a headline no sentence
    starts, but a marker that prose never glues to (a time stamp, a citation, a share row) still opens junk.
    """
    if not anchored:
        return []
    return [
        Cut(start, end, rule)
        for start, end, rule in anchored.search(text)
        if (start == 0 or text[start - 1].isspace())
        and closes_sentence(text, end)
        and _LINE_BREAK.search(text, start, end) is None
    ]


def _inline_cuts(inline: Router, text: str, starts: Sequence[int]) -> list[Cut]:
    """Phrases that start a sentence and end before the next one, chained cut after cut, within a line."""
    if not inline:
        return []
    cuts: list[Cut] = []
    line_end = -1
    for start in starts:
        if cuts and start < cuts[-1].end:
            continue
        if start > line_end:
            found = _LINE_BREAK.search(text, start)
            line_end = found.start() if found else len(text)
        while start < line_end:
            end, rule = next(
                ((end, rule) for end, rule in inline.matches_at(text, start, line_end) if closes_sentence(text, end)),
                (start, None),
            )
            if rule is None:
                break
            cuts.append(Cut(start, end, rule))
            start = _skip_spaces(text, end)
    return cuts


def _with_starts_after(text: str, starts: Sequence[int], cuts: Sequence[Cut]) -> list[int]:
    """``starts`` and the places right after each cut that starts a sentence: one starts there once it is gone.

    ``He left. A crowd gathers (AP Photo/Ann Lee) Originally published on Example News.``: with the caption
    and its credit cut, the syndication note opens a sentence, as it will when the output is cleaned again.
    """
    known = set(starts)
    for cut in cuts:  # sorted: a cut right after another opens a sentence too
        if cut.start in known:
            known.add(_skip_spaces(text, cut.end))
    return sorted(known)


def _one_sentence_after(text: str, position: int, starts: Sequence[int]) -> bool:
    """True if all that follows ``position`` is one prose sentence on its line, not a list of headlines.

    A question is taken for a headline: ``READ MORE: Can the levees hold?`` is a link far more often than
    an article's last sentence.
    """
    first, end = _skip_spaces(text, position), _content_end(text, len(text))
    if _LINE_BREAK.search(text, first, end) or starts_between(starts, first + 1, end):
        return False
    sentence = text[first:end]
    return _is_sentence(sentence, _MIN_SENTENCE_WORDS) and not sentence.rstrip(_CLOSERS).endswith("?")


def _with_tail(tail: Router, text: str, starts: Sequence[int], cuts: list[Cut]) -> list[Cut]:
    """Add the first tail cut that has enough prose before it, superseding cuts after it.

    ``... the vote. Related Articles Crowds lined the streets to watch the parade!``: a marker that only one
    prose sentence (not a question) follows, to the end of the text, opens no list; it is left to the other
    passes.
    """
    if not tail:
        return cuts
    prose: _ProseWords | None = None
    for start in starts:
        found = next(tail.matches_at(text, start), None) if start < len(text) else None
        if found is None or _one_sentence_after(text, found[0], starts):
            continue
        rule = found[1]
        prose = prose or _ProseWords(text, cuts)
        before = prose.before(start)
        if before >= _MIN_PROSE_WORDS and len(prose.starts) - before <= before:
            end = len(text.rstrip())
            return [*(cut for cut in cuts if cut.end <= start), Cut(start, end, rule)]
    return cuts


def _junk_ending(routers: Sequence[Router], text: str, cuts: Sequence[Cut]) -> Cut | None:
    """A cut for the unpunctuated ending after the last sentence, on its line, if a junk marker opens it.

    ``... the mayor said. Share this article Facebook Twitter Email``: with the line breaks gone, the menu
    after the marker has no end that a rule could match; but nothing after the last sentence is prose. The
    ending must be short and follow enough prose; the marker must end where a new sentence could start.
    """
    taken = _trailing_start(text, cuts)  # what the cuts already take at the end is not part of the ending
    end = _content_end(text, len(text) if taken is None else taken)
    last = _LAST_SENTENCE_END.search(text, 0, end)
    if last is None or _LINE_BREAK.search(text, last.end(), end):
        return None
    opening = _NEXT_CONTENT.search(text, last.end(), end)
    if opening is None:
        return None
    start = opening.start()
    if any(cut.start <= start < cut.end for cut in cuts) or len(text[start:end].split()) > _MAX_ENDING_WORDS:
        return None
    for router in routers:
        for marker_end, rule in router.matches_at(text, start, end, marked=True):
            if closes_sentence(text, marker_end):
                if _ProseWords(text, cuts).before(start) < _MIN_PROSE_WORDS:
                    return None
                return Cut(start, end, rule)
    return None


def _with_ending(cuts: Sequence[Cut], ending: Cut) -> list[Cut]:
    """``cuts`` with ``ending`` in place of those it overlaps."""
    before = [cut for cut in cuts if cut.end <= ending.start]
    return [*before, ending, *(cut for cut in cuts if cut.start >= ending.end)]


def _cut_runs(text: str, cuts: Sequence[Cut]) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each run of cuts (sorted, disjoint) with only blanks between them."""
    index = 0
    while index < len(cuts):
        last = index
        while last + 1 < len(cuts) and is_blank(text, cuts[last].end, cuts[last + 1].start):
            last += 1
        yield cuts[index].start, cuts[last].end
        index = last + 1


def _trailing_start(text: str, cuts: Sequence[Cut]) -> int | None:
    """Where the cuts (sorted, disjoint) that take the end of the text begin, blanks aside; None if it stays."""
    runs = list(_cut_runs(text, cuts))
    return runs[-1][0] if runs and is_blank(text, runs[-1][1]) else None


def _line_endings(layout: Layout, cuts: Sequence[Cut]) -> Iterator[tuple[int, int]]:
    """``(floor, limit)`` for each run of cuts that takes the rest of a line and leaves content before it.

    The run (:func:`_cut_runs`) begins at ``limit``, and what it leaves of its line starts at ``floor`` (the
    line's start, or the end of the run before).
    """
    text, floor = layout.text, 0
    for start, end in _cut_runs(text, cuts):
        line_start, line_end = layout.lines.bounds(layout.lines.index(start))
        kept_from = max(floor, line_start)
        if is_blank(text, end, line_end) and not is_blank(text, kept_from, start):
            yield kept_from, start
        floor = end


def _glued_before(inline: Router, layout: Layout, starts: Sequence[int], cuts: Sequence[Cut]) -> list[Cut]:
    """Inline cuts for phrases that open a sentence and end where cuts that take the rest of their line begin.

    ``... he said. Please enter a valid email address. |``: what follows the prompt kept it from ending before
    a sentence (or a rule's guard against an unpunctuated ending refused it); once the cuts take all of that,
    the prompt ends its line, as it will when the output is cleaned again. A phrase starts after the last
    cut before it and at most _MAX_RUN_CHARS before the cuts.
    """
    if not inline:
        return []
    text, glued = layout.text, []
    for floor, limit in _line_endings(layout, cuts):
        low = max(floor, limit - _MAX_RUN_CHARS)
        glued += next(
            (
                [Cut(start, end, rule)]
                for start in starts[bisect_left(starts, low) : bisect_left(starts, limit)]
                for end, rule in inline.matches_at(text, start, limit)
                if is_blank(text, end, limit)
            ),
            [],
        )
    return glued


def _spans_in(text: str, pieces: Sequence[tuple[int, int]], low: int, high: int) -> list[tuple[int, int]]:
    """The spans of ``text`` that ``[low, high)`` covers in the stripped ``pieces`` joined by single spaces."""
    spans, offset = [], 0
    for piece_start, piece_end in (_stripped(text, *piece) for piece in pieces):
        length = piece_end - piece_start
        start, end = max(low, offset), min(high, offset + length)
        if start < end:
            spans.append(_stripped(text, piece_start + start - offset, piece_start + end - offset))
        offset += length + 1
    return [span for span in spans if span[0] < span[1]]


class Engine:
    """Compiled passes for one set of rules. Immutable, so safe to share between threads.

    Each pattern call is bounded by ``timeout``, but for the ``vetted`` rules (checked for linear time).
    """

    def __init__(self, rules: Sequence[Rule], timeout: float | None = None, vetted: Collection[Rule] = ()) -> None:
        def of(*actions: str) -> list[Rule]:
            return [rule for action in actions for rule in rules if rule.action == action]

        # A list marker outranks a line rule on the same line: it takes its headlines along.
        self.whole_line = Router(of("list", "line"), timeout, vetted)
        self.in_prose = Router([rule for rule in of("line") if rule.in_prose], timeout, vetted)
        self.inline = Router(of("inline"), timeout, vetted)
        self.word_anchored = Router([rule for rule in of("inline") if rule.anchor == "word"], timeout, vetted)
        self.tail = Router(of("tail"), timeout, vetted)
        self.echo = Router(of("echo"), timeout, vetted)
        self.gate = Gate(rules)

    def explain(self, text: str) -> CleanResult:
        """Clean ``text`` and say what was removed and why."""
        possible = self.gate.possible(text)
        whole_line, inline = self.whole_line.within(possible, text), self.inline.within(possible, text)
        tail, in_prose = self.tail.within(possible, text), self.in_prose.within(possible, text)
        layout = Layout(text)
        starts = sentence_starts(text) if inline or tail or in_prose or whole_line else []
        anchored = self.word_anchored.within(possible, text)
        inline_cuts = _disjoint([*_inline_cuts(inline, text, starts), *_word_anchored_cuts(anchored, text)])
        starts = _with_starts_after(text, starts, inline_cuts)
        line_cuts = _line_cuts(whole_line, layout, starts)
        line_cuts = [cut for cut in line_cuts if not _spares_a_sentence(text, cut, inline_cuts)]
        cuts = _disjoint([*line_cuts, *inline_cuts, *_sentence_run_cuts(in_prose, layout, starts)])
        cuts = _disjoint([*cuts, *self._emptied_lines(layout, cuts)])
        cuts = _disjoint([*cuts, *_echo_cuts(self.echo.within(possible, text), layout, cuts)])
        cuts = _with_tail(tail, text, starts, cuts)
        ending = _junk_ending((whole_line, inline), text, cuts)
        ended = cuts if ending is None else _with_ending(cuts, ending)
        glued = _glued_before(inline, layout, starts, ended)
        if ending is not None or glued:
            cuts = _disjoint([*ended, *glued])
            cuts = _disjoint([*cuts, *self._emptied_lines(layout, cuts)])
        if not cuts:
            return CleanResult(text, ())
        removals = layout.removals(cuts)
        return CleanResult(apply(text, removals), tuple(removals))

    def _emptied_lines(self, layout: Layout, cuts: Sequence[Cut]) -> list[Cut]:
        """Cut the rest of a line that a line or list rule matches once the cuts inside it are gone.

        ``Share this article Advertisement``: the inline pass takes the marker, this the rest,
        so that cleaning the output again finds nothing more. The rest is a new text, so every
        line rule is tried on it, not only those the gate kept for the input. In a one-line text
        the rest is narrowed to its junk as the whole text would be (:func:`_junk_of_text`).
        """
        by_line: dict[int, list[Cut]] = {}
        for cut in cuts:
            by_line.setdefault(layout.lines.index(cut.start), []).append(cut)
        # Inline cuts, in_prose runs and a junk ending (at the text's end) take part of a line; others take it
        # whole, but in a one-line text, where a line rule's cut is narrowed to its junk (_junk_of_text).
        ending, one_line = _content_end(layout.text, len(layout.text)), len(layout.lines) == 1
        by_line = {
            number: line_cuts
            for number, line_cuts in by_line.items()
            if one_line
            or any(cut.rule.action == "inline" or cut.rule.in_prose or cut.end == ending for cut in line_cuts)
        }
        emptied: list[Cut] = []
        for number, line_cuts in by_line.items():
            emptied += self._emptied_rest(layout, number, line_cuts, one_line)
        return emptied

    def _emptied_rest(self, layout: Layout, number: int, cuts: list[Cut], one_line: bool) -> list[Cut]:
        """Cuts for what a line rule matches of the rest of line ``number`` once ``cuts`` on it are gone.

        In a one-line text the rest is narrowed to its junk, and what that leaves is tried again.
        """
        text = layout.text
        emptied: list[Cut] = []
        while True:
            kept = [(low, high) for low, high in layout.rest_of_line(number, cuts) if text[low:high].strip()]
            rest = " ".join(text[low:high].strip() for low, high in kept)
            rule = self.whole_line.fullmatch(rest, 0, len(rest)) if rest else None
            if rule is None:
                return emptied
            if not one_line:
                return emptied + _whole_line(layout, kept, number, rule)
            junk = _junk_of_text(self.whole_line, rest, (0, len(rest), rule), sentence_starts(rest))
            if junk is None:
                return emptied
            low, high, rule = junk
            if (low, high) == (0, len(rest)):
                return emptied + _whole_line(layout, kept, number, rule)
            found = _whole_line(layout, _spans_in(text, kept, low, high), number, rule)
            if not found:
                return emptied
            emptied += found
            cuts = sorted([*cuts, *found], key=lambda cut: cut.start)
