"""Do the built-in patterns and clean() run in linear time? Time adversarial inputs at n, 2n, 4n.

Each built-in rule runs alone, as the engine runs it (on whole lines for ``line`` and ``list``
rules, at sentence starts for ``inline`` and ``tail`` rules), over inputs built to make a regex
backtrack: long runs of spaces and punctuation, a marker repeated without end
(``Advertisement Advertisement …``), slashes for credit patterns, digits, and each rule's
own ``removes`` examples, whole and cut in half, repeated on one line. Then ``clean()``
with every rule on meets the same kinds of input, up to one single line of ``--clean-size``
characters (50 MB by default).

For each pair of sizes it prints the time ratio; a ratio above ``--limit`` (2.6 by default,
against 2.0 for linear time) on both doublings marks the pattern ``SUPERLINEAR``.

    python bench/linear.py                      # every pattern at 20k/40k/80k chars, clean() up to 50 MB
    python bench/linear.py --size 5000 --clean-size 2000000   # a quicker look
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator
from functools import partial

from cleaner import Cleaner
from cleaner.engine import Engine
from cleaner.model import Rule
from cleaner.packs import builtin_rules

# Text units that, repeated, make patterns work hard; each is named in the report.
FRAGMENTS = {
    "spaces": " ",
    "punctuation": ". , ; : ! ? … — ",
    "dots": ".",
    "advertisement": "Advertisement ",
    "read-more": "READ MORE: ",
    "slashes": "a/",
    "credit": "Jane Doe/",
    "copyright": "© 2020 ",
    "digits": "1",
    "words": "the council met ",
    "capitals": "The Council Met ",
    "newlines": "a\n",
}
# A timing below this many seconds is too short for its ratio to mean anything.
_MEASURABLE = 0.002


def _timed(run: Callable[[str], object], text: str, repeat: int) -> float:
    """The best of ``repeat`` runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run(text)
        best = min(best, time.perf_counter() - start)
    return best


def _repeated(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _inputs(rule: Rule | None) -> Iterator[tuple[str, str]]:
    """``(name, unit)``: the shared fragments, then the rule's own examples, whole and halved."""
    yield from FRAGMENTS.items()
    for number, example in enumerate(rule.removes if rule else ()):
        yield f"removes-{number}", example + " "
        yield f"removes-{number}-half", example[: max(1, len(example) // 2)]


def _times(run: Callable[[str], object], unit: str, size: int, repeat: int) -> list[float]:
    """Best times at ``size``, twice and four times it."""
    return [_timed(run, _repeated(unit, size * factor), repeat) for factor in (1, 2, 4)]


def _line(label: str, times: list[float], limit: float) -> tuple[str, bool]:
    first, second = times[1] / max(times[0], 1e-9), times[2] / max(times[1], 1e-9)
    superlinear = times[2] >= _MEASURABLE and first > limit and second > limit
    figures = "  ".join(f"{seconds * 1000:9.2f}ms" for seconds in times)
    flag = "  SUPERLINEAR" if superlinear else ""
    return f"{label:<44} {figures}   x{first:5.2f} x{second:5.2f}{flag}", superlinear


def _removals(engine: Engine, text: str) -> int:
    return len(engine.explain(text).removals)


def bench_patterns(size: int, limit: float, repeat: int) -> list[str]:
    """Time every built-in rule's pattern alone; return the labels flagged superlinear."""
    flagged = []
    print(f"Patterns, one rule at a time, at {size:,} / {2 * size:,} / {4 * size:,} characters")
    for rule in builtin_rules():
        engine = Engine([rule])
        worst: tuple[float, str, list[float]] | None = None

        run = partial(_removals, engine)
        for name, unit in _inputs(rule):
            times = _times(run, unit, size, repeat)
            growth = times[2] / max(times[0], 1e-9) if times[2] >= _MEASURABLE else 0.0
            report, superlinear = _line(f"  {rule.id} {rule.action} on {name}", times, limit)
            if superlinear:  # confirm at four times the size, so that a noisy timing is not taken for growth
                report, superlinear = _line(
                    f"  {rule.id} {rule.action} on {name} x4", _times(run, unit, 4 * size, repeat), limit
                )
            if superlinear:
                print(report, flush=True)
                flagged.append(f"{rule.id} on {name}")
            if worst is None or growth > worst[0] or (growth == worst[0] and times[2] > worst[2][2]):
                worst = (growth, name, times)
        assert worst is not None
        if not any(label.startswith(f"{rule.id} ") for label in flagged):
            # Unflagged: had this growth held at four times the size, the rule would be flagged above.
            label = f"  {rule.id} {rule.action} worst: {worst[1]}"
            print(_line(label, worst[2], float("inf"))[0], flush=True)
    return flagged


def bench_clean(top: int, limit: float, repeat: int) -> list[str]:
    """Time clean() with every rule on, up to a single line of ``top`` characters."""
    cleaner = Cleaner(aggressive=True, timeout=None)
    prose = "The council approved the budget on Tuesday, he added. Story continues below advertisement "
    flagged = []
    sizes = (top // 4, top // 2, top)
    print(f"\nclean(), every rule on, at {sizes[0]:,} / {sizes[1]:,} / {sizes[2]:,} characters on one line")
    for name, unit in {"flat-news": prose, **FRAGMENTS}.items():
        times = [_timed(cleaner.clean, _repeated(unit, size), repeat) for size in sizes]
        report, superlinear = _line(f"  clean() on {name}", times, limit)
        print(report, flush=True)
        if superlinear:
            flagged.append(f"clean() on {name}")
    return flagged


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=20_000, help="pattern input size n (chars)")
    parser.add_argument("--clean-size", type=int, default=50_000_000, help="largest clean() input (chars)")
    parser.add_argument("--limit", type=float, default=2.6, help="time ratio per doubling that flags growth")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing; the best counts")
    parser.add_argument("--skip-patterns", action="store_true", help="time clean() only")
    parser.add_argument("--skip-clean", action="store_true", help="time the patterns only")
    options = parser.parse_args()
    flagged = []
    if not options.skip_patterns:
        flagged += bench_patterns(options.size, options.limit, options.repeat)
    if not options.skip_clean:
        flagged += bench_clean(options.clean_size, options.limit, max(1, options.repeat // 3))
    print(f"\n{len(flagged)} superlinear: {', '.join(flagged) or 'none'}")
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
