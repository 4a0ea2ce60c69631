"""Compile rules into one combined ``regex`` pattern per action, and check each rule's pattern."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import regex

from .model import Rule

# Horizontal whitespace: any white space but a line break.
HSPACE = r"[^\S\r\n]"
# A whole-line pattern is anchored at a line start and ends before a line break or the end of the text.
_LINE_START = r"(?<![^\r\n])"
_LINE_END = r"(?=\r|\n|\Z)"
_GROUP_PREFIX = "rule_"
# Text a pattern must never match emptily, besides the rule's own examples.
_EMPTY_PROBES = ("", " ", "x", "\n", "Advertisement")
# Seconds a pattern may take on one of its own examples when its pack is loaded.
_CHECK_TIMEOUT = 1.0


class RuleTimeout(TimeoutError):
    """A pattern ran longer than its time bound on one document."""


def _group(index: int) -> str:
    return f"{_GROUP_PREFIX}{index}"


def check_pattern(rule: Rule) -> None:
    """Raise :class:`~cleaner.model.RuleError` unless the rule's pattern compiles and never matches empty."""
    try:
        compiled = regex.compile(rule.flagged_pattern())
    except (regex.error, TypeError) as error:
        rule.fail(f"invalid pattern: {error}")
    if compiled.groupindex and any(name.startswith(_GROUP_PREFIX) for name in compiled.groupindex):
        rule.fail(f"group names starting with {_GROUP_PREFIX!r} are reserved")
    for probe in (*_EMPTY_PROBES, *rule.removes, *rule.keeps):
        try:
            matches = list(compiled.finditer(probe, timeout=_CHECK_TIMEOUT))
        except TimeoutError:
            rule.fail(f"pattern ran past {_CHECK_TIMEOUT:g}s on {probe!r}; bound its repetitions ({{0,120}})")
        if any(match.end() == match.start() for match in matches):
            rule.fail(f"pattern matches the empty string (in {probe!r})")


@dataclass(frozen=True, slots=True)
class Combined:
    """One compiled alternation of several rules, and which rule each alternative stands for."""

    pattern: regex.Pattern[str]
    rules: dict[str, Rule]
    timeout: float | None

    def finditer(
        self, text: str, pos: int = 0, endpos: int | None = None
    ) -> Iterator[tuple[regex.Match[str], Rule]]:
        """Yield each match in ``text[pos:endpos]`` and its rule.

        Raise :class:`RuleTimeout` past the time bound.
        """
        try:
            for match in self.pattern.finditer(text, pos, endpos, timeout=self.timeout):
                yield match, self.rules[match.lastgroup]
        except TimeoutError as error:
            raise RuleTimeout(f"a rule pattern ran past {self.timeout:g}s on this text") from error


def combine(rules: Iterable[Rule], *, whole_line: bool, timeout: float | None) -> Combined | None:
    """Join rules into one pattern: ``whole_line`` anchors it to span a line, white space aside."""
    by_group = {_group(index): rule for index, rule in enumerate(rules)}
    if not by_group:
        return None
    alternatives = "|".join(f"(?P<{name}>{rule.flagged_pattern()})" for name, rule in by_group.items())
    source = f"(?:{alternatives})"
    if whole_line:
        # Possessive: white space given back one character at a time made every rule's bounded
        # prefix ([^\n]{0,600}?) run again for each, so a long run of spaces took minutes.
        source = f"{_LINE_START}{HSPACE}*+{source}{HSPACE}*+{_LINE_END}"
    return Combined(regex.compile(source), by_group, timeout)
