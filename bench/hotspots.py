"""Where ``Cleaner().clean`` spends its time: per pass (cProfile), then per rule.

    python bench/hotspots.py [CORPUS.jsonl] [--limit N (100)] [--top K]

The per-rule table runs each rule's own pattern, anchored as its pass anchors it, over the
same texts: the rules at the top are the ones to make cheaper. The corpus defaults to
../shared/corpus/dev.jsonl.
"""

from __future__ import annotations

import cProfile
import pstats
import time
from collections.abc import Sequence

from speed import corpus_parser, read_texts

from cleaner import Cleaner
from cleaner.engine import Engine

PASSES = (
    "possible", "_line_cuts", "_inline_cuts", "_word_anchored_cuts", "_sentence_run_cuts", "_emptied_lines",
    "_echo_cuts", "_with_tail", "_junk_ending", "_glued_before",
    "removals", "apply",
)


def by_pass(cleaner: Cleaner, texts: Sequence[str]) -> None:
    """Cumulative seconds of each pass of the engine and of the layout."""
    profiler = cProfile.Profile()
    profiler.runcall(lambda: [cleaner.clean(text) for text in texts])
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"clean() over {len(texts)} texts: {total:.2f}s in all")
    for (_, _, function), (_, _, _, cumulative, _) in sorted(
        stats.stats.items(), key=lambda item: -item[1][3]  # type: ignore[attr-defined]
    ):
        if function in PASSES:
            print(f"  {function:>16}: {cumulative:7.2f}s  {100 * cumulative / total:5.1f}%")


def by_rule(cleaner: Cleaner, texts: Sequence[str], megabytes: float, top: int) -> None:
    """Seconds per MB of each rule's pattern alone, slowest first."""
    costs = []
    for rule in cleaner.rules:
        alone = Engine([rule])
        start = time.perf_counter()
        for text in texts:
            alone.explain(text)
        costs.append(((time.perf_counter() - start) / megabytes, rule))
    costs.sort(key=lambda cost: -cost[0])
    everything = sum(cost for cost, _ in costs)
    print(f"each rule alone: {everything:.1f} s/MB for all {len(costs)} rules; the slowest {top}:")
    for cost, rule in costs[:top]:
        print(f"  {rule.id:>10} {rule.action:>6} {cost:7.2f} s/MB  {rule.pack}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = corpus_parser(__doc__)
    parser.add_argument("--top", type=int, default=15, help="how many of the slowest rules to list")
    parser.set_defaults(limit=100)
    options = parser.parse_args(argv)
    texts, megabytes = read_texts(parser, options)
    cleaner = Cleaner()
    cleaner.clean(texts[0])
    by_pass(cleaner, texts)
    by_rule(cleaner, texts, megabytes, options.top)


if __name__ == "__main__":
    main()
