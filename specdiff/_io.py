"""Writing output files: the one writer every report and `-o` goes through.

A regular file (or a new one) is written to a temporary file in the same folder and renamed
over the target, so a reader or an interrupted run never sees half a report. Anything else
(`/dev/stdout`, `/dev/null`, a FIFO) is written through as it is: renaming over it would
replace a device or a pipe with a plain file. A symlink is followed to its target. Failures
become one-line `UsageError`s naming the path, never tracebacks.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from specdiff._errors import UsageError


def _default_mode() -> int:
    """What a plain open() would give under the current umask (mkstemp makes 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def check_writable_dir(folder: Path, *, what: str, create: bool = True) -> Path:
    """Make sure `folder` exists (creating it when asked) and is a writable folder; fail early."""
    folder = Path(folder).expanduser()
    try:
        if create:
            folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{what}={str(folder)!r}: cannot create the folder ({exc.strerror or exc})") from None
    if not folder.is_dir():
        raise UsageError(f"{what}={str(folder)!r}: not a folder")
    try:  # a real probe: permission bits say nothing for root, /proc or read-only mounts
        fd, probe = tempfile.mkstemp(prefix=".write-test.", dir=folder)
    except OSError as exc:
        raise UsageError(f"{what}={str(folder)!r}: the folder is not writable ({exc.strerror or exc})") from None
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)
    return folder


def write_text_output(path: Path | str, text: str, *, what: str = "output", create_parents: bool = True) -> Path:
    """Write `text` to `path` (atomically when it is a regular file); return the path written."""
    target = Path(path).expanduser()
    try:
        existing = target.stat()  # follows symlinks: we write to what the link names
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise UsageError(f"{what}={str(target)!r}: cannot write ({exc.strerror or exc})") from None
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise UsageError(f"{what}={str(target)!r}: is a folder; give a file name")
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        try:
            with open(target, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        except OSError as exc:
            raise UsageError(f"{what}={str(target)!r}: cannot write ({exc.strerror or exc})") from None
        return target
    real = target.resolve() if target.is_symlink() else target
    folder = real.parent if str(real.parent) else Path(".")
    if create_parents:
        check_writable_dir(folder, what=what)
    elif not folder.is_dir():
        raise UsageError(f"{what}={str(target)!r}: folder {str(folder)!r} does not exist")
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else _default_mode()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"{what}={str(target)!r}: cannot write in {str(folder)!r} ({exc.strerror or exc})") from None
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, real)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise UsageError(f"{what}={str(target)!r}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target
