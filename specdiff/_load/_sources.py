"""Where a spec comes from: a path, `-` (stdin), an http(s) URL, or a git revision `REV:path`.

Every reader returns bytes bounded by `max_bytes` and turns OS, network and git failures into
one-line `SpecLoadError`s. A `Location` remembers how to read files relative to the spec, so
`$ref: common.yaml` works the same for a path, a URL and a git revision.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

from specdiff._errors import SpecLoadError

DEFAULT_TIMEOUT = 30.0
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_GIT_SPEC = re.compile(r"^(?P<rev>[^:\s]+):(?P<path>[^:].*)$")


@dataclass(frozen=True)
class Location:
    """How to find the spec and its neighbours: kind is file, url, git or stdin."""

    kind: str
    where: str  # absolute path, URL, or repo-relative path for git
    rev: str = ""
    repo: str = ""

    def join(self, relative: str) -> Location:
        """The location of `relative` (a `$ref` file part) seen from this spec."""
        if relative.startswith(("http://", "https://")):
            return Location("url", relative)
        if self.kind == "url":
            return Location("url", urljoin(self.where, relative))
        if self.kind == "git":
            joined = PurePosixPath(self.where).parent / relative
            return Location("git", _normalise_posix(str(joined)), self.rev, self.repo)
        base = Path(self.where).parent if self.kind == "file" else Path.cwd()
        return Location("file", os.path.normpath(base / relative))

    def key(self) -> str:
        return f"{self.kind}:{self.rev}:{self.where}"

    @property
    def remote(self) -> bool:
        return self.kind == "url"


def _normalise_posix(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
            continue
        parts.append(part)
    return "/".join(parts)


def classify(source: str) -> Location:
    """Decide what `source` names. A path that exists as a file always wins over `REV:path`."""
    if source == "-":
        return Location("stdin", "-")
    if source.startswith(("http://", "https://")):
        return Location("url", source)
    path = Path(source)
    windows_drive = os.name == "nt" and re.match(r"^[A-Za-z]:", source) is not None
    if path.exists() or windows_drive or _DRIVE.match(source) or source.startswith(("/", "./", "../", "\\")):
        return Location("file", str(path.absolute()))
    match = _GIT_SPEC.match(source)
    if match and "://" not in source:
        rev, rel = match.group("rev"), match.group("path")
        return Location("git", rel, rev=rev, repo=str(Path.cwd()))
    return Location("file", str(path.absolute()))


def read(location: Location, display: str, *, max_bytes: int, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """Read the bytes at `location`; `display` is how the user named it (for messages)."""
    if location.kind == "stdin":
        data = sys.stdin.buffer.read(max_bytes + 1)
        _check_size(display, len(data), max_bytes)
        return data
    if location.kind == "url":
        return _read_url(location.where, display, max_bytes=max_bytes, timeout=timeout)
    if location.kind == "git":
        return _read_git(location, display, max_bytes=max_bytes, timeout=timeout)
    return _read_file(Path(location.where), display, max_bytes=max_bytes)


def _check_size(display: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise SpecLoadError(
            display, f"larger than the size limit of {max_bytes} bytes; raise it with --max-bytes if the file is genuine"
        )


def _read_file(path: Path, display: str, *, max_bytes: int) -> bytes:
    try:
        if path.is_dir():
            raise SpecLoadError(display, "is a directory; give the path of a spec file inside it")
        if not path.exists():
            raise SpecLoadError(display, "no such file; check the path (or use REV:path for a git revision)")
        size = path.stat().st_size
        _check_size(display, size, max_bytes)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise SpecLoadError(display, "cannot read the file: permission denied; check its permissions") from None
    except OSError as exc:
        raise SpecLoadError(display, f"cannot read the file: {exc.strerror or exc}") from None
    _check_size(display, len(data), max_bytes)
    return data


def _read_url(url: str, display: str, *, max_bytes: int, timeout: float) -> bytes:
    import httpx  # only URL loads pay for the import

    parts = urlsplit(url)
    if not parts.netloc:
        raise SpecLoadError(display, "URL has no host; write it as https://host/path/spec.yaml")
    chunks: list[bytes] = []
    total = 0
    try:
        with httpx.stream("GET", url, timeout=timeout, follow_redirects=True) as response:
            if response.status_code >= 400:
                raise SpecLoadError(display, f"server answered HTTP {response.status_code}; check the URL")
            declared = response.headers.get("content-length")
            if declared and declared.isdigit():
                _check_size(display, int(declared), max_bytes)
            for chunk in response.iter_bytes():
                total += len(chunk)
                _check_size(display, total, max_bytes)
                chunks.append(chunk)
    except httpx.TimeoutException:
        raise SpecLoadError(display, f"no answer within {timeout:g} s; check the URL or the network") from None
    except httpx.HTTPError as exc:
        raise SpecLoadError(display, f"cannot fetch the URL ({type(exc).__name__}: {exc}); check the URL") from None
    return b"".join(chunks)


def _read_git(location: Location, display: str, *, max_bytes: int, timeout: float) -> bytes:
    attempts = [location.where]
    if not location.where.startswith(("./", "../")):
        attempts.append("./" + location.where)  # relative to the current directory, as a fallback
    last_error = ""
    for rel in attempts:
        try:
            result = subprocess.run(
                ["git", "show", f"{location.rev}:{rel}"],
                cwd=location.repo or None,
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except FileNotFoundError:
            raise SpecLoadError(display, "git is not installed; install git or pass a file path") from None
        except subprocess.TimeoutExpired:
            raise SpecLoadError(display, f"git show took longer than {timeout:g} s") from None
        if result.returncode == 0:
            _check_size(display, len(result.stdout), max_bytes)
            return result.stdout
        stderr_lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
        last_error = stderr_lines[-1] if stderr_lines else "git show failed"
    if "not a git repository" in last_error:
        hint = "run from inside the git repository, or pass a file path"
    else:
        hint = (
            f"no file of that name exists, so it was read as git revision {location.rev!r} and path "
            f"{location.where!r}: check both (paths are relative to the repository root)"
        )
    raise SpecLoadError(display, f"cannot read from git ({last_error.removeprefix('fatal: ')}); {hint}")
