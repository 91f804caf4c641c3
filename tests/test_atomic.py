"""write_atomic: the target is always either the old or the new content, never a mix."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from checker.atomic import write_atomic


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_writes_text_as_utf8_and_bytes_verbatim(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    write_atomic(target, "Қазақстан — 225\n")
    assert target.read_bytes() == "Қазақстан — 225\n".encode()
    write_atomic(target, b"\x00\x01raw")
    assert target.read_bytes() == b"\x00\x01raw"


def test_replaces_existing_content_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("a much longer old content that must disappear entirely\n")
    write_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_keeps_the_permissions_of_an_existing_target(tmp_path: Path) -> None:
    target = tmp_path / "baseline.json"
    target.write_text("{}")
    target.chmod(0o640)
    write_atomic(target, "[]")
    assert _mode(target) == 0o640


def test_new_file_gets_the_umask_mode_not_a_private_temp_mode(tmp_path: Path) -> None:
    target = tmp_path / "new.sarif"
    write_atomic(target, "{}")
    assert _mode(target) == 0o666 & ~_current_umask()


def test_follows_a_symlink_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"


def test_failed_rename_keeps_old_content_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.json"
    target.write_text("old content")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "new content")
    assert target.read_text() == "old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_failed_write_keeps_old_content_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.json"
    target.write_text("old content")

    def broken_fsync(fd: int) -> None:
        raise OSError("I/O error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="I/O error"):
        write_atomic(target, "new content")
    assert target.read_text() == "old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_interrupt_during_write_also_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.json"

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new content")
    assert list(tmp_path.iterdir()) == []
