"""Route each candidate line or sentence start to the few rules that can match there.

Trying every rule at every place costs time in proportion to the number of rules, so each
rule's pattern is read once (with the standard library's parser) for what its matches must
look like: the characters they can start and end with, their longest length, and words
that every match contains. A line is tried only against the rules that fit it; a sentence
start only against the rules that can begin with its first character, and a rule that may read
far (a caption up to its credit) only where one of its words lies within its reach. Whatever the
parser cannot read fits everywhere: slower, never wrong.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from copy import copy
from dataclasses import dataclass
from typing import Any

import regex

from .model import Rule
from .patterns import RuleTimeout
from .syntax import ANY, LETTER, REPEATS, Items, group_items, parse, sre

_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
# A character range wider than this is treated as "any character".
_MAX_RANGE = 256
# Required words shorter than this are not worth a substring test, unless they hold a rarer
# character: non-ASCII ("©", "広告") or punctuation that prose seldom uses ("/", "(", "@").
_MIN_NEEDLE = 3
_RARE_PUNCTUATION = frozenset("/()[]{}<>@#|&=_~^*+%$\\")
# A run of literals is joined with at most this many openings of the alternatives after it.
_MAX_OPENINGS = 64
# A rule that may read this far past its start is tried only near its needles' occurrences, and a span
# this long is tested for a rule's needles by where they occur in the text, not by searching the span.
_FAR = 64
_CATEGORY_TESTS: dict[object, Callable[[str], bool]] = {
    sre.CATEGORY_DIGIT: str.isdecimal,
    sre.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
    sre.CATEGORY_SPACE: str.isspace,
}


@dataclass(frozen=True, slots=True)
class CharSet:
    """A set of characters: some listed, plus those that pass any of a few tests."""

    chars: frozenset[str] = frozenset()
    tests: tuple[Callable[[str], bool], ...] = ()

    def __contains__(self, char: str) -> bool:
        return char in self.chars or any(test(char) for test in self.tests)

    def __or__(self, other: CharSet) -> CharSet:
        return CharSet(self.chars | other.chars, self.tests + tuple(t for t in other.tests if t not in self.tests))


_EMPTY = CharSet()
Ends = CharSet | None  # None: any character


def _ends(items: Items, last: bool) -> tuple[Ends, bool]:
    """Characters a sequence can start (or end) with, and whether it can match empty."""
    found = _EMPTY
    for op, argument in reversed(items) if last else items:
        chars, empty = _item_ends(op, argument, last)
        if chars is None:
            return None, False
        found |= chars
        if not empty:
            return found, False
    return found, True


def _item_ends(op: object, argument: Any, last: bool) -> tuple[Ends, bool]:
    if op is sre.LITERAL:
        return _literal(chr(argument)), False
    if op is sre.IN:
        return _class(argument), False
    if op in _ZERO_WIDTH:
        return _EMPTY, True
    group = group_items(op, argument)
    if group is not None:
        return _ends(group, last)
    if op in REPEATS:
        low, _, body = argument
        chars, empty = _ends(body, last)
        return chars, empty or low == 0
    if op is sre.BRANCH:
        found, any_empty = _EMPTY, False
        for branch in argument[1]:
            chars, empty = _ends(branch, last)
            if chars is None:
                return None, False
            found, any_empty = found | chars, any_empty or empty
        return found, any_empty
    return None, False


def _literal(char: str) -> Ends:
    if char == ANY:
        return None
    if char == LETTER:
        return CharSet(tests=(str.isalpha,))
    return CharSet(frozenset(char))


def _class(items: Iterable[tuple[object, Any]]) -> Ends:
    found = _EMPTY
    for op, argument in items:
        if op is sre.LITERAL:
            chars = _literal(chr(argument))
            if chars is None:
                return None
            found |= chars
        elif op is sre.RANGE and argument[1] - argument[0] < _MAX_RANGE:
            found |= CharSet(frozenset(map(chr, range(argument[0], argument[1] + 1))))
        elif op is sre.CATEGORY and argument in _CATEGORY_TESTS:
            found |= CharSet(tests=(_CATEGORY_TESTS[argument],))
        else:
            return None
    return found


def _worth_searching(needle: str) -> bool:
    return len(needle) >= _MIN_NEEDLE or not needle.isascii() or not _RARE_PUNCTUATION.isdisjoint(needle)


def _class_needles(items: Items) -> frozenset[str] | None:
    """The characters (lowercase) a class of listed characters admits, or None if it admits others."""
    chars: set[str] = set()
    for op, argument in items:
        if op is sre.LITERAL and chr(argument) not in (LETTER, ANY):
            chars.add(chr(argument).lower())
        elif op is sre.RANGE and argument[1] - argument[0] < _MAX_RANGE:
            chars.update(chr(code).lower() for code in range(argument[0], argument[1] + 1))
        else:
            return None
    return frozenset(chars)


def _openings(items: Items) -> frozenset[str]:
    """Lowercase strings of which every match of ``items`` starts with one ("" if none is known).

    A run of literals, joined with the openings of each alternative that follows it:
    ``, (?:AP|Reuters)`` opens with ", ap" or ", reuters".
    """
    run: list[str] = []
    for position, (op, argument) in enumerate(items):
        if op is sre.LITERAL and chr(argument) not in (LETTER, ANY):
            run.append(chr(argument).lower())
            continue
        group = group_items(op, argument)
        if group is not None:
            return frozenset("".join(run) + opening for opening in _openings([*group, *items[position + 1 :]]))
        if op is sre.BRANCH and len(argument[1]) <= _MAX_OPENINGS:
            found = frozenset().union(*map(_openings, argument[1]))
            if len(found) <= _MAX_OPENINGS:
                return frozenset("".join(run) + opening for opening in found)
        break
    return frozenset({"".join(run)})


def _needles(items: Items) -> frozenset[str] | None:
    """Strings of which every match contains one (lowercase), or None if none is known."""
    best: frozenset[str] | None = None
    run: list[str] = []

    def consider(candidate: frozenset[str] | None) -> None:
        nonlocal best
        if candidate and all(map(_worth_searching, candidate)) and (
            best is None or min(map(len, candidate)) > min(map(len, best))
        ):
            best = candidate

    for position, (op, argument) in enumerate([*items, (None, None)]):
        if op is sre.LITERAL and chr(argument) not in (LETTER, ANY):
            run.append(chr(argument).lower())
            continue
        if run:
            consider(frozenset({"".join(run)}))
            consider(frozenset("".join(run) + opening for opening in _openings(items[position:])))
        run = []
        if op is sre.SUBPATTERN:
            consider(_needles(argument[-1]))
        elif op is sre.IN:
            consider(_class_needles(argument))
        elif op in REPEATS and argument[0] >= 1:
            consider(_needles(argument[2]))
        elif op is sre.ASSERT and argument[0] == 1:  # a lookahead: what it sees lies within the match's reach
            consider(_needles(argument[1]))
        elif op is sre.BRANCH:
            branches = [_needles(branch) for branch in argument[1]]
            known = [needles for needles in branches if needles]
            if len(known) == len(branches):
                consider(frozenset().union(*known))
    return best


def _search_for(needles: frozenset[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(map(re.escape, sorted(needles)))) if needles else None


def _reach(items: Items, groups: Sequence[tuple[int, int] | None]) -> int | None:
    """How far past its start a match can look, lookaheads included; None if unbounded.

    ``groups`` holds each group's (shortest, longest) width, for back-references.
    """
    total = 0
    for op, argument in items:
        width = _item_reach(op, argument, groups)
        if width is None:
            return None
        total += width
    return total


def _item_reach(op: object, argument: Any, groups: Sequence[tuple[int, int] | None]) -> int | None:
    if op in (sre.LITERAL, sre.NOT_LITERAL, sre.IN, sre.ANY, sre.CATEGORY):
        return 1
    group = group_items(op, argument)
    if group is not None:
        return _reach(group, groups)
    if op in REPEATS:
        _, high, body = argument
        width = _reach(body, groups)
        return None if width is None or high >= sre.MAXREPEAT else high * width
    if op is sre.BRANCH:
        widths = [_reach(branch, groups) for branch in argument[1]]
        bounded = [width for width in widths if width is not None]
        return max(bounded) if len(bounded) == len(widths) else None
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        direction, body = argument
        return _reach(body, groups) if direction == 1 else 0
    if op is sre.AT:
        return 0  # anchors consume nothing; the margin in Router.matches_at keeps them true to the text
    if op is sre.GROUPREF and argument < len(groups) and groups[argument] is not None:
        longest = groups[argument][1]
        return None if longest >= sre.MAXREPEAT else longest
    return None


@dataclass(frozen=True, slots=True)
class Shape:
    """What a pattern's matches must look like; ``None`` parts admit anything."""

    first: Ends
    last: Ends
    longest: int | None
    reach: int | None  # how far past its start a match may look: a bound for the text it is run on
    words: frozenset[str]  # lowercase words of which every match contains one (empty if none is known)
    needles: re.Pattern[str] | None  # finds one of those words in the lowercased text

    @classmethod
    def of(cls, rule: Rule) -> Shape:
        """Read ``rule``'s pattern; an unreadable one fits everywhere."""
        tree = parse(rule.pattern)
        if tree is None:
            return cls(None, None, None, None, frozenset(), None)
        first, first_empty = _ends(tree, last=False)
        last, last_empty = _ends(tree, last=True)
        longest = tree.getwidth()[1]
        words = _needles(tree) or frozenset()
        return cls(
            None if first_empty else _cased(first, rule.case_sensitive),
            None if last_empty else _cased(last, rule.case_sensitive),
            None if longest >= sre.MAXREPEAT else longest,
            _reach(tree, tree.state.groupwidths),
            words,
            _search_for(words),
        )


def _cased(chars: Ends, case_sensitive: bool) -> Ends:
    """Add the other case of each listed character, unless the pattern is case-sensitive."""
    if chars is None or case_sensitive:
        return chars
    other = {c.lower() for c in chars.chars} | {c.upper() for c in chars.chars if len(c.upper()) == 1}
    return CharSet(chars.chars | other, chars.tests)


def _occurrences(text: str, words: Iterable[str]) -> Iterator[int]:
    """Where each of ``words`` starts in ``text``, overlaps included (unsorted)."""
    for word in words:
        found = text.find(word)
        while found != -1:
            yield found
            found = text.find(word, found + 1)


def starts_between(starts: Sequence[int], start: int, end: int) -> bool:
    """True if one of ``starts`` (sorted) lies in ``[start, end)``."""
    after = bisect_left(starts, start)
    return after < len(starts) and starts[after] < end


class _WordIndex:
    """Where the words of each rule start in one text, found for a rule when first asked."""

    def __init__(self, text: str, shapes: Sequence[Shape]) -> None:
        self.text = text
        self._shapes = shapes
        self._lowered: str | None = None
        self._starts: dict[int, list[int] | None] = {}

    def starts(self, index: int) -> list[int] | None:
        """Sorted starts of rule ``index``'s words; None if it has none, or if lowercasing moved positions."""
        if index not in self._starts:
            if self._lowered is None:
                self._lowered = self.text.lower()
            words = self._shapes[index].words
            known = words and len(self._lowered) == len(self.text)
            self._starts[index] = sorted(_occurrences(self._lowered, words)) if known else None
        return self._starts[index]


class Router:
    """The rules of one pass, each compiled alone, picked per place by its :class:`Shape`.

    Immutable once built but for its routing caches, which only ever gain entries that
    any thread would compute alike, so it is safe to share between threads.
    """

    def __init__(self, rules: Sequence[Rule], timeout: float | None, vetted: Collection[Rule] = ()) -> None:
        self.rules = tuple(rules)
        # A vetted pattern (checked for linear time, as the built-in ones are) runs without the time bound,
        # which costs about 2 µs a call in `regex`.
        self._timeouts = tuple(None if rule in vetted else timeout for rule in self.rules)
        self._patterns = tuple(regex.compile(rule.flagged_pattern()) for rule in self.rules)
        self._shapes = tuple(Shape.of(rule) for rule in self.rules)
        self._by_first: dict[str, tuple[int, ...]] = {}
        self._by_last: dict[str, frozenset[int]] = {}
        self._routes: dict[tuple[str, str], tuple[int, ...]] = {}
        self._allowed: frozenset[int] | None = None
        self._far_reaching = frozenset(
            index for index, shape in enumerate(self._shapes) if shape.needles and (shape.reach or _FAR) >= _FAR
        )
        self._words: _WordIndex | None = None  # a view's: where its rules' words start in its text

    def __bool__(self) -> bool:
        return bool(self.rules if self._allowed is None else self._allowed)

    def within(self, possible: frozenset[str] | None, text: str) -> Router:
        """A view of this router for ``text`` that tries only the rules whose ids are in ``possible`` (all if None).

        The view shares the compiled patterns and the per-character routes, and keeps its own routing
        cache if narrowed. It finds where a rule's needles occur in ``text`` once, when first asked, and
        skips a rule that may read far past its start wherever none lies within its reach, and a rule for
        a long span that none starts in.
        """
        view = copy(self)
        view._words = _WordIndex(text, self._shapes)
        if possible is not None:
            view._allowed = frozenset(index for index, rule in enumerate(self.rules) if rule.id in possible)
            view._routes = {}
        return view

    def word_starts(self) -> list[int] | None:
        """Where a word of any rule of this view starts in its text, sorted; None if that cannot be told.

        No rule can match a span in which none of these starts, as long as every rule has words.
        """
        if self._words is None:
            return None
        found: list[int] = []
        for index in range(len(self.rules)) if self._allowed is None else self._allowed:
            starts = self._words.starts(index)
            if starts is None:
                return None
            found += starts
        return sorted(found)

    def _positions(self, index: int, text: str) -> list[int] | None:
        """Where rule ``index``'s words start in ``text``, if this is a view of it and they can be told."""
        return self._words.starts(index) if self._words is not None and text is self._words.text else None

    def _needle_between(self, index: int, text: str, start: int, end: int) -> bool:
        """False if no needle of rule ``index`` starts in ``text[start:end]``; True if one may."""
        starts = self._positions(index, text)
        return starts is None or starts_between(starts, start, end)

    def _starting(self, first: str) -> tuple[int, ...]:
        """Rules whose matches can start with ``first``."""
        route = self._by_first.get(first)
        if route is None:
            route = self._by_first[first] = tuple(
                index for index, shape in enumerate(self._shapes) if shape.first is None or first in shape.first
            )
        return route

    def _ending(self, last: str) -> frozenset[int]:
        """Rules whose matches can end with ``last``."""
        route = self._by_last.get(last)
        if route is None:
            route = self._by_last[last] = frozenset(
                index for index, shape in enumerate(self._shapes) if shape.last is None or last in shape.last
            )
        return route

    def _route(self, first: str, last: str | None) -> tuple[int, ...]:
        """Rules that can match from ``first`` (to ``last``, for a whole line), of those this view allows."""
        key = (first, last or "")
        route = self._routes.get(key)
        if route is None:
            allowed = self._ending(last) if last is not None else None
            if self._allowed is not None:
                allowed = self._allowed if allowed is None else allowed & self._allowed
            route = self._starting(first)
            route = self._routes[key] = route if allowed is None else tuple(i for i in route if i in allowed)
        return route

    def fullmatch(self, text: str, start: int, end: int) -> Rule | None:
        """The first rule whose pattern matches all of ``text[start:end]``."""
        lowered: str | None = None
        for index in self._route(text[start], text[end - 1]):
            shape = self._shapes[index]
            if shape.longest is not None and end - start > shape.longest:
                continue
            if shape.needles is not None:
                starts = self._positions(index, text) if end - start >= _FAR else None
                if starts is not None and not starts_between(starts, start, end):
                    continue
                if starts is None:
                    lowered = text[start:end].lower() if lowered is None else lowered
                    if not shape.needles.search(lowered):
                        continue
            if self._call(index, self._patterns[index].fullmatch, text, start, end) is not None:
                return self.rules[index]
        return None

    def search(self, text: str) -> Iterator[tuple[int, int, Rule]]:
        """``(start, end, rule)`` for each place where a rule of this view matches, one rule after another."""
        for index in range(len(self.rules)) if self._allowed is None else sorted(self._allowed):
            position = 0
            while (found := self._call(index, self._patterns[index].search, text, position, len(text))) is not None:
                yield found.start(), found.end(), self.rules[index]
                position = found.start() + 1

    def matches_whole(self, rule: Rule, text: str, start: int, end: int) -> bool:
        """True if ``rule``, one of this router's, matches all of ``text[start:end]``."""
        index = self.rules.index(rule)
        return self._call(index, self._patterns[index].fullmatch, text, start, end) is not None

    def matches_at(
        self, text: str, start: int, limit: int | None = None, *, marked: bool = False
    ) -> Iterator[tuple[int, Rule]]:
        """``(end, rule)`` for each rule, in order, whose pattern matches at ``start`` (and ends by ``limit``).

        With ``marked``, only rules whose matches open with known characters (a marker) are tried, not
        those whose pattern may start with any text.
        """
        limit = len(text) if limit is None else limit
        for index in self._route(text[start], None):
            if marked and self._shapes[index].first is None:
                continue
            reach = self._shapes[index].reach
            # Two characters of margin: no anchor (\b, \Z, $) can then tell the bound from the limit.
            end = limit if reach is None else min(limit, start + reach + 2)
            if index in self._far_reaching and not self._needle_between(index, text, start, end):
                continue
            match = self._call(index, self._patterns[index].match, text, start, end)
            if match is not None:
                yield match.end(), self.rules[index]

    def _call(
        self, index: int, method: Callable[..., regex.Match[str] | None], text: str, start: int, end: int
    ) -> regex.Match[str] | None:
        """One call of rule ``index``'s pattern, bounded by its timeout (wall-clock, checked by `regex` as it runs)."""
        timeout = self._timeouts[index]
        if timeout is None:
            return method(text, start, end)
        try:
            return method(text, start, end, timeout=timeout)
        except TimeoutError as error:
            raise RuleTimeout(f"a rule pattern ran past {timeout:g}s on this text") from error
