"""Clean a JSON Lines corpus as a stream: constant memory, record order kept, optional worker processes.

The input is read in chunks of whole lines; each chunk is cleaned (in this process, or in a worker
that built its :class:`~cleaner.Cleaner` once) into a :class:`Batch` of output lines, reports and
counts; batches come back in input order, so ``jobs=N`` writes exactly what ``jobs=1`` writes.
"""

from __future__ import annotations

import json
import os
import signal
from collections import deque
from collections.abc import Callable, Generator, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any, BinaryIO, Literal

from .api import Cleaner
from .io import STREAM_ERRORS, InputError
from .model import CleanResult, Removal
from .patterns import RuleTimeout
from .report import Stats, check_lines, explain_lines, unified_diff

OnError = Literal["fail", "skip", "keep"]
ON_ERROR: tuple[OnError, ...] = ("fail", "skip", "keep")
Review = Literal["check", "diff"]
#: Bytes of input lines per unit of work shipped to a worker.
CHUNK_BYTES = 2 * 1024 * 1024
# Chunks in flight per worker: enough to keep workers busy, few enough to keep memory flat.
_AHEAD_PER_JOB = 2


@dataclass(frozen=True, slots=True)
class Options:
    """How to treat each record: which field to clean, what to do with a bad record, what to report."""

    source: str = "-"
    field: str = "text"
    on_error: OnError = "fail"
    explain: bool = False
    review: Review | None = None


@dataclass(slots=True)
class Batch:
    """The result of one chunk: output lines, explain and review text, problems and counts.

    ``problems`` holds ``(line, message)`` of the records that could not be processed; under
    ``on_error="fail"`` processing stops at the first one.
    """

    output: bytearray = field(default_factory=bytearray)
    explain: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    stats: Stats = field(default_factory=Stats)


class RecordError(ValueError):
    """One record cannot be processed; the message says why."""


@dataclass(frozen=True, slots=True)
class Chunk:
    """Whole input lines, the first of them numbered ``first_line`` (from 1)."""

    first_line: int
    data: bytes


def read_chunks(stream: BinaryIO, name: str, size: int = CHUNK_BYTES) -> Iterator[Chunk]:
    """Split a binary stream into chunks of whole lines, about ``size`` bytes each."""
    line, pending = 1, bytearray()
    while True:
        try:
            block = stream.read(size)
        except STREAM_ERRORS as error:
            raise InputError(f"{name}: cannot read: {getattr(error, 'strerror', None) or error}") from None
        if not block:
            break
        cut = block.rfind(b"\n") + 1
        if not cut:
            pending += block
            continue
        data = bytes(pending + block[:cut])
        pending[:] = block[cut:]
        yield Chunk(line, data)
        line += data.count(b"\n")
    if pending:
        yield Chunk(line, bytes(pending))


def _load(raw: bytes, field_name: str) -> tuple[dict[str, Any], str]:
    """The record on one line and the text of its ``field_name``."""
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        byte, column = raw[error.start], error.start + 1
        raise RecordError(f"not valid UTF-8 (byte 0x{byte:02x} at column {column})") from None
    except json.JSONDecodeError as error:
        raise RecordError(f"malformed JSON: {error.msg} at column {error.colno}") from None
    except RecursionError:
        raise RecordError("malformed JSON: nested too deeply") from None
    if not isinstance(record, dict):
        raise RecordError(f"not a JSON object but {type(record).__name__}")
    if field_name not in record:
        raise RecordError(f"no {field_name!r} field")
    text = record[field_name]
    if not isinstance(text, str):
        raise RecordError(f"field {field_name!r} is {type(text).__name__}, not a string")
    return record, text


def _dump(record: dict[str, Any]) -> bytes:
    """One output line; a lone surrogate that UTF-8 cannot hold stays escaped, as it came in."""
    try:
        return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(record) + "\n").encode("utf-8")


def clean_chunk(cleaner: Cleaner, options: Options, chunk: Chunk) -> Batch:
    """Clean every record of ``chunk``: the unit of work of one worker."""
    batch = Batch()
    batch.stats.bytes = len(chunk.data)
    lines = chunk.data.split(b"\n")
    if not lines[-1]:
        lines.pop()
    for number, raw in enumerate(lines, chunk.first_line):
        if not raw.strip():
            continue
        try:
            record, text = _load(raw, options.field)
            result = cleaner.explain(text)
        except (RecordError, RuleTimeout) as error:
            batch.problems.append((number, str(error)))
            batch.stats.count_failure()
            if options.on_error == "fail":
                break
            if options.on_error == "keep" and options.review is None:
                batch.output += raw + b"\n"
            continue
        batch.stats.count(result)
        where = {"file": options.source, "line": number, **({"id": record["id"]} if "id" in record else {})}
        add_reports(batch, options, text, result, where, partial(_locate, options, number),
                    f"{options.source}:{number}:{options.field}")
        if options.review is None:
            record[options.field] = result.text
            batch.output += _dump(record)
    return batch


def add_reports(batch: Batch, options: Options, text: str, result: CleanResult, where: Mapping[str, Any],
                locate: Callable[[Removal], str], label: str) -> None:
    """Add what ``options`` asks to report about one cleaned document: explain lines, a check or a diff.

    ``where`` leads each explain line, ``locate`` places a removal for a check, ``label`` names a diff.
    """
    if not result.removals:
        return
    if options.explain:
        batch.explain.append(explain_lines(result, where))
    if options.review == "check":
        batch.review.append(check_lines(result, locate))
    elif options.review == "diff":
        batch.review.append(unified_diff(text, result.text, label))


def _locate(options: Options, number: int, removal: Removal) -> str:
    return f"{options.source}:{number}: {options.field}[{removal.start}:{removal.end}]"


# The cleaner and options of a worker process, set once by its initializer.
_worker: tuple[Cleaner, Options] | None = None


def _start_worker(cleaner: Cleaner, options: Options) -> None:
    """Keep the cleaner for this worker's life; Ctrl-C is the parent's to handle."""
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker = (cleaner, options)


def _work(chunk: Chunk) -> Batch:
    assert _worker is not None, "worker used before its initializer ran"
    return clean_chunk(*_worker, chunk)


def available_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def clean_stream(
    cleaner: Cleaner, options: Options, stream: BinaryIO, *, jobs: int = 1, chunk_bytes: int = CHUNK_BYTES
) -> Generator[Batch, None, None]:
    """Clean a JSON Lines stream: one :class:`Batch` per chunk, in input order.

    ``jobs`` worker processes (0: one per core; 1: none, all in this process) clean the chunks.
    """
    chunks = read_chunks(stream, options.source, chunk_bytes)
    jobs = jobs or available_cores()
    if jobs == 1:
        yield from (clean_chunk(cleaner, options, chunk) for chunk in chunks)
        return
    pool = ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(cleaner, options))
    try:
        ahead: deque[Future[Batch]] = deque()
        for chunk in chunks:
            ahead.append(pool.submit(_work, chunk))
            if len(ahead) >= jobs * _AHEAD_PER_JOB:
                yield ahead.popleft().result()
        while ahead:
            yield ahead.popleft().result()
    finally:
        pool.shutdown(cancel_futures=True)
