"""Route each candidate line or sentence start to the few rules that can match there.

Trying every rule at every place costs time in proportion to the number of rules, so
each rule's pattern is read once (with the standard library's parser) for the characters
a match can start and end with, and for its longest match. A line is then tried only
against the rules whose first and last characters and length fit it; a sentence start
only against the rules that can begin with its first character. A pattern the parser
cannot read is tried everywhere: slower, never wrong.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

import regex

from .model import Rule
from .patterns import RuleTimeout

# `regex`-only classes, read as "some word character" for the analysis.
_UNICODE_CLASS = re.compile(r"\\[pP]\{[^}]*\}|\\[pP][A-Za-z]")
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
# A character range wider than this is treated as "any character".
_MAX_RANGE = 256

Chars = frozenset[str] | None  # None: any character


def _ends(items: Sequence[tuple[object, object]], last: bool) -> tuple[Chars, bool]:
    """Characters a sequence can start (or end) with, and whether it can match empty."""
    found: set[str] = set()
    for op, argument in reversed(items) if last else items:
        chars, empty = _item_ends(op, argument, last)
        if chars is None:
            return None, False
        found |= chars
        if not empty:
            return frozenset(found), False
    return frozenset(found), True


def _item_ends(op: object, argument: object, last: bool) -> tuple[Chars, bool]:
    if op is sre.LITERAL:
        return frozenset(chr(argument)), False  # type: ignore[arg-type]
    if op is sre.IN:
        return _class_chars(argument), False  # type: ignore[arg-type]
    if op in _ZERO_WIDTH:
        return frozenset(), True
    if op is sre.SUBPATTERN:
        return _ends(argument[-1], last)  # type: ignore[index]
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _ends(argument, last)  # type: ignore[arg-type]
    if op in _REPEATS:
        low, _, body = argument  # type: ignore[misc]
        chars, empty = _ends(body, last)
        return chars, empty or low == 0
    if op is sre.BRANCH:
        found: set[str] = set()
        any_empty = False
        for branch in argument[1]:  # type: ignore[index]
            chars, empty = _ends(branch, last)
            if chars is None:
                return None, False
            found |= chars
            any_empty = any_empty or empty
        return frozenset(found), any_empty
    return None, False


def _class_chars(items: Iterable[tuple[object, object]]) -> Chars:
    found: set[str] = set()
    for op, argument in items:
        if op is sre.LITERAL:
            found.add(chr(argument))  # type: ignore[arg-type]
        elif op is sre.RANGE and argument[1] - argument[0] < _MAX_RANGE:  # type: ignore[index]
            found.update(map(chr, range(argument[0], argument[1] + 1)))  # type: ignore[index]
        else:
            return None
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class Shape:
    """What a pattern's matches can look like: first and last characters, longest length."""

    first: Chars
    last: Chars
    longest: int | None

    @classmethod
    def of(cls, rule: Rule) -> Shape:
        """Read ``rule``'s pattern; an unreadable one fits everywhere."""
        try:
            tree = sre_parse.parse(_UNICODE_CLASS.sub(r"\\w", rule.pattern))
        except (re.error, RecursionError, OverflowError):
            return cls(None, None, None)
        first, first_empty = _ends(tree, last=False)
        last, last_empty = _ends(tree, last=True)
        longest = tree.getwidth()[1]
        return cls(
            None if first_empty else _cased(first, rule.case_sensitive),
            None if last_empty else _cased(last, rule.case_sensitive),
            None if longest >= sre.MAXREPEAT else longest,
        )

    def fits(self, first: str, last: str, length: int) -> bool:
        """True if a match could start with ``first``, end with ``last`` and be ``length`` long."""
        return (
            (self.first is None or first in self.first)
            and (self.last is None or last in self.last)
            and (self.longest is None or length <= self.longest)
        )


def _cased(chars: Chars, case_sensitive: bool) -> Chars:
    """Add the other case of each character, unless the pattern is case-sensitive."""
    if chars is None or case_sensitive:
        return chars
    return frozenset({*chars, *(c.lower() for c in chars), *(c.upper() for c in chars if len(c.upper()) == 1)})


# Lines longer than this share one routing entry per (first, last) pair.
_LENGTH_STEPS = (16, 32, 64, 128, 256, 512, 1024)


def _length_step(length: int) -> int:
    for step in _LENGTH_STEPS:
        if length <= step:
            return step
    return length if length > _LENGTH_STEPS[-1] else _LENGTH_STEPS[-1]


class Router:
    """The rules of one pass, each compiled alone, picked per place by :class:`Shape`.

    Immutable once built but for its routing cache, which only ever gains entries
    that any thread would compute alike, so it is safe to share between threads.
    """

    def __init__(self, rules: Sequence[Rule], timeout: float | None) -> None:
        self.rules = tuple(rules)
        self.timeout = timeout
        self._patterns = tuple(regex.compile(rule.flagged_pattern()) for rule in self.rules)
        self._shapes = tuple(Shape.of(rule) for rule in self.rules)
        self._routes: dict[tuple[str, str, int], tuple[int, ...]] = {}

    def __bool__(self) -> bool:
        return bool(self.rules)

    def _route(self, first: str, last: str, length: int) -> tuple[int, ...]:
        key = (first, last, _length_step(length) if last else 0)
        route = self._routes.get(key)
        if route is None:
            longest = key[2] if last else 0
            route = tuple(
                index
                for index, shape in enumerate(self._shapes)
                if (shape.first is None or first in shape.first)
                and (not last or shape.last is None or last in shape.last)
                and (not last or shape.longest is None or shape.longest >= min(length, longest))
            )
            self._routes[key] = route
        return route

    def fullmatch(self, text: str, start: int, end: int, deadline: float | None) -> Rule | None:
        """The first rule whose pattern matches all of ``text[start:end]``."""
        for index in self._route(text[start], text[end - 1], end - start):
            shape = self._shapes[index]
            if shape.longest is not None and end - start > shape.longest:
                continue
            if self._call(self._patterns[index].fullmatch, text, start, end, deadline) is not None:
                return self.rules[index]
        return None

    def matches_at(self, text: str, start: int, deadline: float | None) -> Iterable[tuple[int, Rule]]:
        """``(end, rule)`` for each rule, in order, whose pattern matches at ``start``."""
        for index in self._route(text[start], "", 0):
            match = self._call(self._patterns[index].match, text, start, len(text), deadline)
            if match is not None:
                yield match.end(), self.rules[index]

    def _call(
        self, method: object, text: str, start: int, end: int, deadline: float | None
    ) -> regex.Match[str] | None:
        timeout = None if deadline is None else max(deadline - time.monotonic(), 0.001)
        try:
            return method(text, start, end, timeout=timeout)  # type: ignore[operator, no-any-return]
        except TimeoutError as error:
            raise RuleTimeout(f"rule patterns ran past {self.timeout:g}s on this text") from error
