"""Throughput of ``Cleaner().clean`` beside two reference filters, on one core, in one run.

    python bench/speed.py [CORPUS.jsonl] [--limit N]

References: datatrove's ``C4QualityFilter`` with only its line rules (as in the corpus's
BASELINES.md; skipped with a message if datatrove is missing) and a trivial filter that drops
lines equal, after strip and lower, to one of three ad markers. Prints MB/s (UTF-8 bytes of the
``text`` fields) of each and the ratios. The corpus defaults to ../shared/corpus/dev.jsonl.

Then a floor: told in advance every removal ``clean()`` makes, try the removing rule's pattern once,
anchored at the start of the removed span, and join the kept pieces. That is the work of matching
alone, with none of the search for where the matches are; ``clean()`` minus the floor is what finding
them costs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import regex

from cleaner import Cleaner
from cleaner import gate as gate_module

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "dev.jsonl"
MARKERS = frozenset({"advertisement", "sponsored content", "story continues below advertisement"})


def marker_lines(text: str) -> str:
    """The trivial reference: drop lines that are only one of three ad markers."""
    return "\n".join(line for line in text.split("\n") if line.strip().lower() not in MARKERS)


def c4_line_rules() -> Callable[[str], str] | None:
    """datatrove's C4 filter with only its line-level rules, or ``None`` if datatrove is missing."""
    try:
        from datatrove.data import Document
        from datatrove.pipeline.filters import C4QualityFilter
    except ImportError:
        return None
    c4 = C4QualityFilter(min_num_sentences=-1, filter_lorem_ipsum=False, filter_curly_bracket=False)

    def run(text: str) -> str:
        document = Document(text=text, id="bench")
        return document.text if c4.filter(document) is True else ""

    return run


KnownRemovals = list[tuple[regex.Pattern, int, int]]


def known_removals(cleaner: Cleaner, texts: Sequence[str]) -> dict[str, KnownRemovals]:
    """Each text's removals, as the compiled pattern of the removing rule and the span it removed."""
    patterns = {rule.id: regex.compile(rule.flagged_pattern()) for rule in cleaner.rules}
    return {
        text: [(patterns[removal.rule_id], removal.start, removal.end) for removal in cleaner.explain(text).removals]
        for text in texts
    }


def confirm_known(text: str, removals: KnownRemovals) -> str:
    """The floor's work on one text: one anchored match per known removal, then the kept pieces joined."""
    kept, position = [], 0
    for pattern, start, end in removals:
        pattern.match(text, start, end)
        kept.append(text[position:start])
        position = end
    kept.append(text[position:])
    return "".join(kept)


def throughput(clean: Callable[[str], object], texts: Sequence[str], megabytes: float) -> float:
    """MB/s of ``clean`` over ``texts``: the best of two passes for quick filters, one otherwise."""
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        for text in texts:
            clean(text)
        best = min(best, time.perf_counter() - start)
        if best > 30:
            break
    return megabytes / best


def corpus_parser(doc: str | None) -> argparse.ArgumentParser:
    """Arguments shared by the bench scripts: the corpus path and how many records to read."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS, help="JSON Lines file")
    parser.add_argument("--limit", type=int, help="only the first N records")
    return parser


def read_texts(parser: argparse.ArgumentParser, options: argparse.Namespace) -> tuple[list[str], float]:
    """The ``text`` fields of the corpus and their size in MB (UTF-8)."""
    if not options.corpus.is_file():
        parser.error(f"no corpus at {options.corpus}; give the path of a JSON Lines file")
    with options.corpus.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines if line.strip()][: options.limit]
    return texts, sum(len(text.encode("utf-8")) for text in texts) / 1e6


def main(argv: Sequence[str] | None = None) -> None:
    parser = corpus_parser(__doc__)
    texts, megabytes = read_texts(parser, parser.parse_args(argv))
    gate = "on" if gate_module.re2 is not None else "off (pip install 'clean-article[fast]')"
    print(f"{len(texts)} texts, {megabytes:.2f} MB, Python {sys.version.split()[0]}, RE2 gate {gate}")

    cleaner = Cleaner()
    cleaner.clean(texts[0])  # compile outside the timing
    figures = {"clean-article": throughput(cleaner.clean, texts, megabytes)}
    c4 = c4_line_rules()
    if c4 is None:
        print("C4QualityFilter: skipped (pip install datatrove==0.10.1)")
    else:
        figures["C4 line rules"] = throughput(c4, texts, megabytes)
    figures["3-marker lines"] = throughput(marker_lines, texts, megabytes)

    for name, speed in figures.items():
        print(f"{name:>16}: {speed:8.2f} MB/s")
    ours = figures["clean-article"]
    for name, speed in figures.items():
        if name != "clean-article":
            print(f"clean-article / {name}: {ours / speed:.3f}x")

    plans = known_removals(cleaner, texts)
    floor = throughput(lambda text: confirm_known(text, plans[text]), texts, megabytes)
    count = sum(len(removals) for removals in plans.values())
    print(f"floor, {count} known removals, one anchored match each: {floor:.2f} MB/s")
    if "C4 line rules" in figures:
        print(f"4x C4 line rules would need: {4 * figures['C4 line rules']:.2f} MB/s")


if __name__ == "__main__":
    main()
