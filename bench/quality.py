"""Clean a labelled corpus and print the scorer's table.

    python bench/quality.py [CORPUS.jsonl] [--aggressive] [--select CODES] [--ignore CODES] [-- SCORER ARGS]

The corpus defaults to ../shared/corpus/dev.jsonl (beside the checkout) when present; its scorer is the
``score.py`` next to it (``--scorer`` to choose another). Extra arguments after ``--`` go to the scorer,
e.g. ``-- --worst 10`` or ``-- --filter scope=container``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cleaner import Cleaner

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev.jsonl"


def main() -> int:
    """Clean every record's ``text``, write the predictions, run the scorer on them."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--scorer", type=Path, help="score.py to run (default: the one beside the corpus)")
    parser.add_argument("--aggressive", action="store_true", help="also use the aggressive rules")
    parser.add_argument("--select", help="rule codes to use")
    parser.add_argument("--ignore", help="rule codes to leave out")
    own = sys.argv[1:]
    scorer_arguments = own[own.index("--") + 1 :] if "--" in own else []
    arguments = parser.parse_args(own[: len(own) - len(scorer_arguments) - ("--" in own)])
    scorer = arguments.scorer or arguments.corpus.with_name("score.py")
    if not arguments.corpus.is_file() or not scorer.is_file():
        parser.error(f"need a corpus and its scorer: {arguments.corpus} / {scorer} not found")
    cleaner = Cleaner(select=arguments.select, ignore=arguments.ignore, aggressive=arguments.aggressive)
    with tempfile.TemporaryDirectory() as folder:
        predictions = Path(folder) / "preds.jsonl"
        size, seconds = _predict(cleaner, arguments.corpus, predictions)
        print(f"{cleaner!r}: {size / 1e6:.1f} MB cleaned in {seconds:.1f} s CPU ({size / 1e6 / seconds:.2f} MB/s)")
        command = [sys.executable, str(scorer), str(arguments.corpus), str(predictions), *scorer_arguments]
        return subprocess.run(command, check=False).returncode


def _predict(cleaner: Cleaner, corpus: Path, predictions: Path) -> tuple[int, float]:
    """Write ``{"id", "text"}`` predictions; return the bytes cleaned and the CPU seconds taken."""
    size, seconds = 0, 0.0
    with corpus.open(encoding="utf-8") as records, predictions.open("w", encoding="utf-8") as out:
        for line in records:
            record = json.loads(line)
            started = time.process_time()
            text = cleaner.clean(record["text"])
            seconds += time.process_time() - started
            size += len(record["text"].encode("utf-8"))
            out.write(json.dumps({"id": record["id"], "text": text}, ensure_ascii=False) + "\n")
    return size, seconds


if __name__ == "__main__":
    sys.exit(main())
