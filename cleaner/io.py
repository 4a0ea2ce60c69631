"""Read inputs and write outputs safely: clear errors for bad input, atomic output files.

``-`` stands for standard input or output; a ``.gz`` name is read and written compressed, and
so is a ``.zst`` name (Zstandard) when the ``zstd`` extra is installed.
An output file is written to a temporary file beside it and moved into place only when
complete, so that an error, a crash or Ctrl-C never leaves a partial file behind.
"""

from __future__ import annotations

import contextlib
import gzip
import importlib
import os
import sys
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, cast


def _optional(module: str) -> Any:
    """The module named ``module``, or None if it is not installed."""
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


zstandard = _optional("zstandard")  # the `zstd` extra

STDIO = "-"
_GZIP_SUFFIX = ".gz"
_ZSTD_SUFFIX = ".zst"
# Level 6, as the gzip tool uses: level 9 costs much time for little gain on text.
_GZIP_LEVEL = 6
# Level 3, zstd's own default: fast, and better than gzip at 6.
_ZSTD_LEVEL = 3
# Errors a damaged compressed stream raises while it is read.
STREAM_ERRORS: tuple[type[BaseException], ...] = (OSError, EOFError, zlib.error) + (
    (zstandard.ZstdError,) if zstandard is not None else ()
)


class InputError(Exception):
    """An input that cannot be used, or an output that cannot be written; the message says which and why."""


def _describe(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error)


def _zstd(name: str) -> Any:
    """The `zstandard` module, or a clear error for ``name`` if the extra is not installed."""
    if zstandard is None:
        raise InputError(f"{name}: .zst files need the zstd extra: pip install 'clean-article[zstd]'")
    return zstandard


@contextlib.contextmanager
def _decompressed(name: str, raw: BinaryIO) -> Iterator[BinaryIO]:
    """``raw`` read through the decompressor that ``name``'s suffix asks for, if any."""
    if name.endswith(_GZIP_SUFFIX):
        with gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
            yield cast(BinaryIO, unzipped)
    elif name.endswith(_ZSTD_SUFFIX):
        with _zstd(name).ZstdDecompressor().stream_reader(raw) as unzipped:
            yield cast(BinaryIO, unzipped)
    else:
        yield raw


@contextlib.contextmanager
def _compressed(name: str, raw: BinaryIO) -> Iterator[BinaryIO]:
    """``raw`` written through the compressor that ``name``'s suffix asks for, if any."""
    if name.endswith(_GZIP_SUFFIX):
        # No name or time stamp in the header, so that equal content gives equal files.
        with gzip.GzipFile("", "wb", _GZIP_LEVEL, raw, mtime=0) as zipped:
            yield cast(BinaryIO, zipped)
    elif name.endswith(_ZSTD_SUFFIX):
        with _zstd(name).ZstdCompressor(level=_ZSTD_LEVEL).stream_writer(raw, closefd=False) as zipped:
            yield cast(BinaryIO, zipped)
    else:
        yield raw


@contextlib.contextmanager
def open_input(name: str) -> Iterator[BinaryIO]:
    """A binary stream for ``name``: standard input for ``-``, decompressed for ``.gz`` and ``.zst``."""
    if name == STDIO:
        yield sys.stdin.buffer
        return
    if name.endswith(_ZSTD_SUFFIX):
        _zstd(name)
    try:
        raw = open(name, "rb")  # noqa: SIM115 - closed below, after the caller is done
    except OSError as error:
        raise InputError(f"{name}: {_describe(error)}") from None
    with raw, _decompressed(name, raw) as stream:
        yield stream


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

    ``-`` is standard output. A ``.gz`` or ``.zst`` name is compressed. ``like`` names a file
    whose permission bits the output takes (for rewriting a file in place).
    """
    if name == STDIO:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    if name.endswith(_ZSTD_SUFFIX):
        _zstd(name)
    target = Path(name)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as error:
        raise InputError(f"{name}: cannot write: {_describe(error)}") from None
    try:
        with os.fdopen(handle, "wb") as raw:
            with _compressed(name, raw) as stream:
                yield stream
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
