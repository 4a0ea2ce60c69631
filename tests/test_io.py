"""Reading inputs and writing outputs: clear errors, atomic files, compressed streams."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from cleaner import io as io_module
from cleaner.io import InputError, atomic_output, decode, open_input, read_text


def test_atomic_output_appears_only_when_complete(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with atomic_output(str(target)) as stream:
        stream.write(b"first half ")
        assert not target.exists()
        stream.write(b"second half")
    assert target.read_bytes() == b"first half second half"
    assert os.listdir(tmp_path) == ["out.txt"]


@pytest.mark.parametrize("failure", [RuntimeError("disk trouble"), KeyboardInterrupt()])
def test_a_failure_mid_write_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, failure: BaseException
) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"old content")
    with pytest.raises(type(failure)), atomic_output(str(target)) as stream:
        stream.write(b"half of the new con")
        raise failure
    assert target.read_bytes() == b"old content"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_an_unwritable_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot write"), atomic_output(str(tmp_path / "none" / "out.txt")):
        pass


def test_gzip_round_trip_is_reproducible(tmp_path: Path) -> None:
    text = "Zürich council report.\r\n"
    for name in ("a.txt.gz", "b.txt.gz"):
        with atomic_output(str(tmp_path / name)) as stream:
            stream.write(text.encode())
    assert gzip.decompress((tmp_path / "a.txt.gz").read_bytes()) == text.encode()
    assert (tmp_path / "a.txt.gz").read_bytes() == (tmp_path / "b.txt.gz").read_bytes()
    assert read_text(str(tmp_path / "a.txt.gz")) == text


def test_a_damaged_gzip_input_is_an_input_error(tmp_path: Path) -> None:
    damaged = tmp_path / "in.txt.gz"
    damaged.write_bytes(gzip.compress(b"some text " * 100)[:-12])
    with pytest.raises(InputError, match=r"in\.txt\.gz: cannot read"):
        read_text(str(damaged))


def test_zstd_round_trip(tmp_path: Path) -> None:
    zstandard = pytest.importorskip("zstandard", reason="needs the zstd extra")
    text = "Zürich council report.\r\n" * 50
    with atomic_output(str(tmp_path / "a.txt.zst")) as stream:
        stream.write(text.encode())
    written = (tmp_path / "a.txt.zst").read_bytes()
    assert zstandard.ZstdDecompressor().stream_reader(written).read() == text.encode()
    assert read_text(str(tmp_path / "a.txt.zst")) == text


def test_a_damaged_zstd_input_is_an_input_error(tmp_path: Path) -> None:
    zstandard = pytest.importorskip("zstandard", reason="needs the zstd extra")
    damaged = tmp_path / "in.txt.zst"
    damaged.write_bytes(zstandard.ZstdCompressor().compress(b"some text " * 100)[:-6] + b"\xff" * 6)
    with pytest.raises(InputError, match=r"in\.txt\.zst: cannot read"):
        read_text(str(damaged))


def test_zstd_without_the_extra_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(io_module, "zstandard", None)
    (tmp_path / "in.txt.zst").write_bytes(b"anything")
    for use in (read_text, lambda name: atomic_output(name).__enter__()):
        with pytest.raises(InputError, match=r"need the zstd extra: pip install 'clean-article\[zstd\]'"):
            use(str(tmp_path / "in.txt.zst"))
    assert os.listdir(tmp_path) == ["in.txt.zst"]


def test_open_input_names_a_missing_file(tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere.txt")
    with pytest.raises(InputError, match=r"nowhere\.txt: No such file"), open_input(missing):
        pass


def test_decode_names_the_line_of_a_bad_byte() -> None:
    with pytest.raises(InputError, match=r"byte 0xe9 on line 2"):
        decode(b"fine\ncaf\xe9\n", "in.txt")
