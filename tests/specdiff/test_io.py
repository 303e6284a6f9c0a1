"""The shared output writer: atomic for regular files, write-through for pipes and devices."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from specdiff import UsageError
from specdiff._io import check_writable_dir, write_text_output


def test_regular_file_is_replaced_atomically_with_normal_permissions(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    write_text_output(target, "one")
    write_text_output(target, "two")
    assert target.read_text() == "two"
    assert os.listdir(tmp_path) == ["r.json"]
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_a_fifo_is_written_through_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    write_text_output(fifo, "through the pipe")
    reader.join(timeout=10)
    assert received == ["through the pipe"]
    assert fifo.is_fifo()


def test_a_character_device_stays_a_device(tmp_path: Path) -> None:
    devnull = Path(os.devnull)
    write_text_output(devnull, "discarded")
    assert devnull.is_char_device()


def test_a_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_text_output(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


@pytest.mark.parametrize("make_target", [lambda p: p, lambda p: p / "file" / "x.json"])
def test_unwritable_targets_are_one_line_usage_errors(tmp_path: Path, make_target) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "file").write_text("x")
    with pytest.raises(UsageError) as info:
        write_text_output(make_target(tmp_path), "x", what="-o")
    assert "\n" not in str(info.value) and str(info.value).startswith("-o=")


def test_check_writable_dir_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(UsageError, match=r"not a folder|cannot create"):
        check_writable_dir(tmp_path / "f", what="--report-dir")
