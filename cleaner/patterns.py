"""Check each rule's pattern when its pack is loaded; the error a runaway pattern raises."""

from __future__ import annotations

import regex

from .model import Rule

# Text a pattern must never match emptily, besides the rule's own examples.
_EMPTY_PROBES = ("", " ", "x", "\n", "Advertisement")
# Seconds a pattern may take on one of its own examples when its pack is loaded.
_CHECK_TIMEOUT = 1.0


class RuleTimeout(TimeoutError):
    """A pattern ran longer than its time bound on one document."""


def check_pattern(rule: Rule) -> None:
    """Raise :class:`~cleaner.model.RuleError` unless the rule's pattern compiles and never matches empty."""
    try:
        compiled = regex.compile(rule.flagged_pattern())
    except (regex.error, TypeError) as error:
        rule.fail(f"invalid pattern: {error}")
    for probe in (*_EMPTY_PROBES, *rule.removes, *rule.keeps):
        try:
            matches = list(compiled.finditer(probe, timeout=_CHECK_TIMEOUT))
        except TimeoutError:
            rule.fail(f"pattern ran past {_CHECK_TIMEOUT:g}s on {probe!r}; bound its repetitions ({{0,120}})")
        if any(match.end() == match.start() for match in matches):
            rule.fail(f"pattern matches the empty string (in {probe!r})")
