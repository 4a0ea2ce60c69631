"""Value types: a rule, one removal, and the result of cleaning a text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple, get_args

Action = Literal["line", "inline", "list", "tail", "echo"]
ACTIONS: tuple[str, ...] = get_args(Action)
#: Where an ``inline`` rule may start: at a sentence start only, or at any word.
Anchor = Literal["sentence", "word"]
ANCHORS: tuple[str, ...] = get_args(Anchor)

#: What a rule removes; ``--select``/``--ignore`` accept these names as well as rule ids.
CATEGORIES = frozenset(
    {
        "ads",
        "sponsored",
        "newsletter",
        "promo",
        "related",
        "caption",
        "media",
        "social",
        "legal",
        "metadata",
        "navigation",
        "comments",
        "paywall",
        "markup",
        "duplicate",
    }
)


class RuleError(ValueError):
    """A rule or a rule pack is invalid; the message names the pack and the rule."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One boilerplate rule, as written in a TOML pack.

    ``pattern`` is a ``regex`` pattern for the junk itself; the engine adds the
    anchoring (whole line, sentence boundary) that ``action`` asks for.
    """

    id: str
    name: str
    category: str
    action: Action
    pattern: str
    why: str
    removes: tuple[str, ...]
    keeps: tuple[str, ...]
    case_sensitive: bool = False
    aggressive: bool = False
    in_prose: bool = False
    anchor: Anchor = "sentence"
    pack: str = field(default="<memory>", compare=False)

    def __post_init__(self) -> None:
        for label in ("removes", "keeps"):
            examples = getattr(self, label)
            if isinstance(examples, str) or not all(isinstance(example, str) for example in examples):
                self.fail(f"'{label}' must be a list of strings")
            object.__setattr__(self, label, tuple(examples))
        for label in ("case_sensitive", "aggressive", "in_prose"):
            if not isinstance(getattr(self, label), bool):
                self.fail(f"'{label}' must be true or false")
        if self.category not in CATEGORIES:
            self.fail(f"unknown category {self.category!r} (known: {', '.join(sorted(CATEGORIES))})")
        if self.action not in ACTIONS:
            self.fail(f"unknown action {self.action!r} (known: {', '.join(ACTIONS)})")
        if self.in_prose and self.action != "line":
            self.fail("'in_prose' is only for line rules")
        if self.anchor not in ANCHORS:
            self.fail(f"unknown anchor {self.anchor!r} (known: {', '.join(ANCHORS)})")
        if self.anchor == "word" and self.action != "inline":
            self.fail("anchor 'word' is only for inline rules")
        if not self.removes or not self.keeps:
            self.fail("needs at least one 'removes' and one 'keeps' example")
        for label, value in (("id", self.id), ("name", self.name), ("why", self.why)):
            if not isinstance(value, str) or not value.strip():
                self.fail(f"'{label}' must be a non-empty string")

    def fail(self, problem: str) -> None:
        """Raise a :class:`RuleError` that names this rule's pack and id."""
        raise RuleError(f"{self.pack}: rule {self.id}: {problem}")

    def flagged_pattern(self) -> str:
        """The pattern wrapped in its case flag, ready to join into a combined pattern."""
        return f"(?{'-' if self.case_sensitive else ''}i:{self.pattern})"

    def matches_code(self, code: str) -> bool:
        """True if ``code`` (a category, an id or an id prefix) names this rule."""
        return code == self.category or self.id.upper().startswith(code.upper())


class Removal(NamedTuple):
    """One piece of the input that the cleaner removed, and the rule that removed it."""

    rule_id: str
    category: str
    action: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class CleanResult:
    """The cleaned text and every removal, in input order.

    Deleting each removal's ``[start, end)`` span from the input gives ``text``.
    """

    text: str
    removals: tuple[Removal, ...]
