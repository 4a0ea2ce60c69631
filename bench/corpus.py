#!/usr/bin/env python3
"""Corpus throughput: clean a JSON Lines corpus built from ``fixtures/`` with ``--jobs 1`` and ``--jobs 2``.

    python bench/corpus.py                                   # ~150 MB corpus, jobs 1 and 2
    python bench/corpus.py --megabytes 1000 --select AD001   # memory on a 1 GB file, one cheap rule

Prints, per run, the wall time, MB/s, the speed-up over the first run, the CPU seconds of the run
(command and workers: on a busy machine, wall time grows but CPU time does not) and the peak
resident memory of the run's largest process (the command or one of its workers), and checks that
every run wrote the same bytes. The corpus goes to a temporary folder, removed afterwards.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
_MB = 1_000_000


def articles() -> list[list[str]]:
    """The paragraphs of each fixture input (not the expected outputs)."""
    found = [
        [block for block in path.read_text(encoding="utf-8").split("\n\n") if block.strip()]
        for path in sorted(FIXTURES.glob("*.txt"))
        if not path.name.endswith(".clean.txt")
    ]
    if not found:
        sys.exit(f"no fixtures found in {FIXTURES}")
    return found


def build(path: Path, megabytes: float, seed: int = 7) -> int:
    """Write a corpus of about ``megabytes``: fixture articles with shuffled paragraphs, in two layouts."""
    rng, sources, size, number = random.Random(seed), articles(), 0, 0
    with path.open("w", encoding="utf-8") as out:
        while size < megabytes * _MB:
            paragraphs = list(rng.choice(sources))
            rng.shuffle(paragraphs)
            layout = "flat" if number % 2 else "lines"
            text = (" " if layout == "flat" else "\n\n").join(paragraphs)
            record = {"id": f"bench-{number}", "layout": layout, "text": text}
            line = json.dumps(record, ensure_ascii=False) + "\n"
            out.write(line)
            size += len(line.encode("utf-8"))
            number += 1
    return number


def run(corpus: Path, output: Path, jobs: int, options: list[str]) -> tuple[float, float, int]:
    """Clean ``corpus`` in a child process: wall and CPU seconds, peak RSS in MB of its largest process."""
    command = [sys.executable, "-m", "cleaner", "--jsonl", str(corpus), "-o", str(output),
               "--jobs", str(jobs), "--quiet", *options]
    started = time.perf_counter()
    child = subprocess.Popen(command)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed with exit code {os.waitstatus_to_exitcode(status)}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024  # Linux reports kilobytes


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--megabytes", type=float, default=150, help="corpus size (default 150)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="worker counts (default 1 2)")
    parser.add_argument("--select", help="rule codes to pass on (default: every default rule)")
    options = parser.parse_args()
    passed = ["--select", options.select] if options.select else []
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as folder:
        corpus = Path(folder) / "corpus.jsonl"
        records = build(corpus, options.megabytes)
        megabytes = corpus.stat().st_size / _MB
        print(f"corpus: {records} records, {megabytes:.1f} MB from {FIXTURES.name}/ ({os.cpu_count()} cores)")
        first_seconds, first_output = None, None
        for jobs in options.jobs:
            output = Path(folder) / f"out-{jobs}.jsonl"
            seconds, cpu, peak = run(corpus, output, jobs, passed)
            first_seconds = first_seconds or seconds
            first_output = first_output or output
            same = filecmp.cmp(first_output, output, shallow=False)
            print(f"--jobs {jobs}: {seconds:7.1f} s  {megabytes / seconds:7.3f} MB/s  "
                  f"speed-up {first_seconds / seconds:4.2f}x  CPU {cpu:7.1f} s  peak RSS {peak} MB  "
                  f"output {'identical' if same else 'DIFFERENT'}")
            if not same:
                sys.exit("outputs differ between job counts")


if __name__ == "__main__":
    main()
