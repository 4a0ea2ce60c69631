"""Read inputs and write outputs safely: clear errors for bad input, atomic output files.

``-`` stands for standard input or output; a ``.gz`` name is read and written compressed.
An output file is written to a temporary file beside it and moved into place only when
complete, so that an error, a crash or Ctrl-C never leaves a partial file behind.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import sys
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, cast

STDIO = "-"
_GZIP_SUFFIX = ".gz"
# Level 6, as the gzip tool uses: level 9 costs much time for little gain on text.
_GZIP_LEVEL = 6
# Errors a damaged compressed stream raises while it is read.
STREAM_ERRORS = (OSError, EOFError, zlib.error)


class InputError(Exception):
    """An input that cannot be used, or an output that cannot be written; the message says which and why."""


def _describe(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error)


@contextlib.contextmanager
def open_input(name: str) -> Iterator[BinaryIO]:
    """A binary stream for ``name``: standard input for ``-``, decompressed for ``.gz``."""
    if name == STDIO:
        yield sys.stdin.buffer
        return
    try:
        raw = open(name, "rb")  # noqa: SIM115 - closed below, after the caller is done
    except OSError as error:
        raise InputError(f"{name}: {_describe(error)}") from None
    with raw:
        if name.endswith(_GZIP_SUFFIX):
            with gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
                yield cast(BinaryIO, unzipped)
        else:
            yield raw


def decode(data: bytes, name: str) -> str:
    """``data`` as UTF-8 text, refusing binary files; line endings are kept as they are.

    >>> decode(b"caf\\xc3\\xa9\\r\\n", "in.txt")
    'café\\r\\n'
    """
    if b"\0" in data:
        raise InputError(f"{name}: looks like a binary file (it holds NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            f"{name}: not valid UTF-8 (byte 0x{data[error.start]:02x} on line {line}); "
            "convert it first, e.g. with iconv"
        ) from None


def read_text(name: str) -> str:
    """The whole text of ``name`` (a path or ``-``), exactly as written, ``\\r\\n`` included."""
    with open_input(name) as stream:
        try:
            data = stream.read()
        except STREAM_ERRORS as error:
            raise InputError(f"{name}: cannot read: {_describe(error)}") from None
    return decode(data, name)


@contextlib.contextmanager
def atomic_output(name: str, *, like: str | None = None) -> Iterator[BinaryIO]:
    """A binary stream that becomes the file ``name`` only if the ``with`` block completes.

    ``-`` is standard output. A ``.gz`` name is compressed. ``like`` names a file whose
    permission bits the output takes (for rewriting a file in place).
    """
    if name == STDIO:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    target = Path(name)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as error:
        raise InputError(f"{name}: cannot write: {_describe(error)}") from None
    try:
        with os.fdopen(handle, "wb") as raw:
            if name.endswith(_GZIP_SUFFIX):
                # No name or time stamp in the header, so that equal content gives equal files.
                with gzip.GzipFile("", "wb", _GZIP_LEVEL, raw, mtime=0) as zipped:
                    yield cast(BinaryIO, zipped)
            else:
                yield raw
            raw.flush()
            os.fsync(raw.fileno())
        os.chmod(temporary, os.stat(like).st_mode if like else 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    """The process's file-creation mask (read by setting it, then restoring it)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
