"""`load_spec`: the one entry point for reading a spec.

Pipeline: read bytes (file, stdin, URL, git) -> decode and sanity-check -> parse (orjson for
JSON, yaml_rs for YAML, both into OpenAPI's JSON data model) -> bundle external `$ref`s ->
refs into a missing `components:` = truncated file (error) -> dangling local refs (warnings;
for JSON deferred) -> Swagger 2.0 converted to the OpenAPI 3 layout. Schema-level checks run
when `LoadedSpec.warnings` is first read.
"""

from __future__ import annotations

import gc
import os
import re
import time
from typing import Any

from specdiff._errors import SpecLoadError
from specdiff._load import _swagger
from specdiff._load._checks import run_checks
from specdiff._load._model import LoadedSpec, LoadWarning, resolve_pointer
from specdiff._load._refs import bundle_external, find_ref_sites
from specdiff._load._sources import DEFAULT_TIMEOUT, Location, classify, read
from specdiff._load._yaml import DEFAULT_MAX_DEPTH, Parsed, ParseFailure, parse_json, parse_yaml

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
_LEADING_SPACE = re.compile(rb"(?:\s|\xef\xbb\xbf)*")
_SUPPORTED = re.compile(r"^(?:2\.0|3\.0(?:\.\d+)?|3\.1(?:\.\d+)?)$")


def load_spec(
    source: str | os.PathLike[str],
    *,
    strict: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    timeout: float = DEFAULT_TIMEOUT,
    allow_remote_refs: bool = False,
) -> LoadedSpec:
    """Load `source` (path, `-`, http(s) URL or `REV:path`) into a `LoadedSpec`.

    Raises `SpecLoadError` (one line: source, place, what to do) on bad input, and under
    `strict=True` when the spec loaded with warnings.
    """
    started = time.perf_counter()
    source = os.fspath(source)
    # A 12 MB spec is a million new objects: without this, a full garbage collection over
    # them (they are all alive, nothing to free) costs as much as the parse itself.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        spec = _load(source, strict, max_bytes, max_depth, timeout, allow_remote_refs)
    except (TypeError, AttributeError, KeyError, ValueError, IndexError) as exc:
        # Last line of defence: a shape the converter did not foresee is still bad input.
        raise SpecLoadError(
            source,
            f"the document does not have the structure of an OpenAPI/Swagger spec ({type(exc).__name__}: {exc}); "
            "check it with an OpenAPI validator",
        ) from None
    finally:
        if gc_was_enabled:
            gc.enable()
    spec.load_seconds = time.perf_counter() - started
    return spec


def _load(
    source: str, strict: bool, max_bytes: int, max_depth: int, timeout: float, allow_remote_refs: bool
) -> LoadedSpec:
    location = classify(source)
    data = read(location, source, max_bytes=max_bytes, timeout=timeout)
    text, fmt, parsed = parse_bytes(data, source, max_depth=max_depth)
    document = parsed.document
    version = _check_openapi(document, source, text)
    warnings: list[LoadWarning] = []
    swagger = version == "2.0"

    if parsed.may_have_external_refs():
        bundle_external(
            document,
            location,
            source,
            swagger=swagger,
            allow_remote=allow_remote_refs,
            max_bytes=max_bytes,
            max_depth=max_depth,
            timeout=timeout,
            warnings=warnings,
        )
    _check_truncation(document, parsed, source, swagger)
    refs_checked = parsed.refs is not None
    if refs_checked:  # YAML: the ref set came free with parsing; check now, in the native layout
        warnings.extend(_dangling_refs(document, parsed.all_refs()))
    if swagger:
        document = _swagger.convert(document)

    def deferred_checks(spec: LoadedSpec) -> list[LoadWarning]:
        found: list[LoadWarning] = []
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            if not refs_checked:  # JSON: find refs in the bytes only now
                refs = parsed.all_refs()
                if swagger:
                    bodies = set((spec.document.get("components") or {}).get("requestBodies") or {})
                    refs = {_swagger.rewrite_ref(ref, bodies) for ref in refs}
                found.extend(_dangling_refs(spec.document, refs))
            run_checks(spec.document, warnings=found)
        except (TypeError, AttributeError, KeyError, ValueError, IndexError) as exc:
            found.append(LoadWarning("checks-incomplete", f"checks stopped on an odd structure ({type(exc).__name__}: {exc})"))
        finally:
            if gc_was_enabled:
                gc.enable()
        return found

    spec = LoadedSpec(
        source=source,
        document=document,
        format=fmt,
        original_version=version,
        text=text,
        warnings=warnings,
        raw=data if not text else None,
        deferred_checks=deferred_checks,
    )
    if strict and spec.warnings:
        first = spec.located_warnings()[0]
        more = f" (and {len(spec.warnings) - 1} more)" if len(spec.warnings) > 1 else ""
        raise SpecLoadError(
            first.where(source),
            f"[{first.code}] {first.message}{more}; --strict treats warnings as errors: fix the spec or drop --strict",
        )
    return spec


def parse_bytes(data: bytes, source: str, *, max_depth: int = DEFAULT_MAX_DEPTH) -> tuple[str, str, Parsed]:
    """Decode, sanity-check and parse `data`; returns (text, format, parsed)."""
    start = _LEADING_SPACE.match(data)
    first = start.end() if start else 0
    if first >= len(data):
        raise SpecLoadError(source, "the file is empty; give an OpenAPI or Swagger document")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SpecLoadError(source, "the file is UTF-16 encoded; save it as UTF-8")
    if b"\x00" in data[:8192]:
        raise SpecLoadError(source, "this is a binary file, not a YAML or JSON spec; check the path")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        first = max(first - 3, 0)
    head = data[first : first + 1]
    if head in (b"{", b"["):
        try:  # orjson validates UTF-8 itself; skip the decode on the fast path
            return "", "json", parse_json(data, max_depth=max_depth)
        except ParseFailure as failure:
            json_failure = failure
    else:
        json_failure = None
    text = _decode(data, source)
    if json_failure is not None:
        if json_failure.kind != "syntax":
            raise _parse_error(source, "json", json_failure, text)
        try:  # JSON-looking YAML (flow style with comments, trailing commas...)
            return text, "yaml", parse_yaml(text, max_depth=max_depth)
        except ParseFailure:
            raise _parse_error(source, "json", json_failure, text) from None
    if _lost_indentation(text):
        raise SpecLoadError(
            source,
            "the YAML lost its indentation (every line starts at column 1, so nesting is gone); "
            "get the original file, e.g. download it again instead of copying it from a web page",
            line=1,
            col=1,
        )
    try:
        return text, "yaml", parse_yaml(text, max_depth=max_depth)
    except ParseFailure as failure:
        raise _parse_error(source, "yaml", failure, text) from None


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SpecLoadError(
            source, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); re-save the file as UTF-8", line=line, col=col
        ) from None


def _lost_indentation(text: str) -> bool:
    """True when a long YAML text has block mappings but not one indented line."""
    sample = text[:200_000]
    if re.search(r"^[ \t]+\S", sample, re.M):
        return False
    opened = len(re.findall(r"^[^\s#:-][^:\n]*:[ \t]*$", sample, re.M))
    return sample.count("\n") >= 10 and opened >= 3


def _parse_error(source: str, fmt: str, failure: ParseFailure, text: str) -> SpecLoadError:
    what = {
        "syntax": f"{fmt.upper()} syntax error: {failure.message}",
        "duplicate": f"{failure.message}: a key may appear only once per mapping; remove or rename one",
        "bomb": f"{failure.message}; refusing to expand it",
        "depth": f"{failure.message}; a spec this deep is broken or hostile",
        "key": failure.message,
    }[failure.kind]
    line, col = failure.line, failure.col
    if failure.kind == "syntax":
        last_line = text.rstrip("\n").count("\n") + 1
        if line is not None and line >= last_line:
            what += "; the error is on the last line: the file looks cut off, get the complete file"
        else:
            what += "; fix the syntax there"
    if failure.kind == "duplicate" and line is None:
        line = _find_duplicate_line(text, failure.message)
    return SpecLoadError(source, what, line=line, col=None if line is not None and col is None else col)


def _find_duplicate_line(text: str, message: str) -> int | None:
    """Best effort: the line of the second occurrence of a duplicated key at one indentation."""
    match = re.search(r"'(.*)'", message)
    if not match:
        return None
    key = re.escape(match.group(1))
    seen: dict[int, int] = {}
    for found in re.finditer(rf"^([ \t]*)(?:- )?['\"]?{key}['\"]?[ \t]*:", text, re.M):
        indent = len(found.group(1))
        if indent in seen:
            return text.count("\n", 0, found.start()) + 1
        seen[indent] = 1
    return None


def _check_openapi(document: Any, source: str, text: str) -> str:
    if not isinstance(document, dict):
        head = text.lstrip()[:200].lower()
        if head.startswith(("<!doctype html", "<html", "<?xml", "<head", "<body")):
            raise SpecLoadError(
                source, "this is an HTML/XML page, not a spec (a login, error or docs page?); point at the raw YAML or JSON file"
            )
        if re.search(r"^---[ \t]*$", text, re.M) and isinstance(document, list) and len(document) > 1 and re.search(r"^\S+:", text, re.M):
            raise SpecLoadError(source, "holds several YAML documents (separated by ---); a spec is one document: split the file")
        kind = "a list" if isinstance(document, list) else "a single value" if document is not None else "empty"
        raise SpecLoadError(
            source, f"not an OpenAPI or Swagger document (the top level is {kind}, not a mapping); check the file"
        )
    if "openapi" in document:
        version = document["openapi"]
    elif "swagger" in document:
        version = document["swagger"]
    else:
        raise SpecLoadError(
            source,
            "not an OpenAPI or Swagger document (no top-level `openapi:` or `swagger:` key); check that this is the spec file",
        )
    version = str(version).strip()
    if not _SUPPORTED.match(version):
        raise SpecLoadError(
            source, f"unsupported spec version {version!r}; specdiff reads Swagger 2.0 and OpenAPI 3.0.x / 3.1.x"
        )
    if version == "2.0" and "openapi" in document:
        raise SpecLoadError(source, "`openapi: 2.0` is not a version; Swagger 2.0 files say `swagger: '2.0'`")
    return version


_STANDARD_SECTIONS = {True: ("definitions", "parameters", "responses"), False: ("components",)}


def _check_truncation(document: dict[str, Any], parsed: Parsed, source: str, swagger: bool) -> None:
    """Refs into a standard section the document lacks (`#/components/...` with no
    `components:`) mean the file was cut off: fail with that diagnosis, not a flood of warnings."""
    for section in _STANDARD_SECTIONS[swagger]:
        if section in document:
            continue
        prefix = f"#/{section}/"
        if parsed.refs is None and parsed.data is not None and prefix.encode() not in parsed.data:
            continue  # JSON: a byte search rules it out without collecting the refs
        count = sum(1 for ref in parsed.all_refs() if ref.startswith(prefix))
        if count:
            raise SpecLoadError(
                source,
                f"the document looks cut off: {count} $refs point into `#/{section}` but it has no `{section}:` "
                "section (truncated download or copy?); get the complete file",
            )


def _dangling_refs(document: dict[str, Any], refs: set[str]) -> list[LoadWarning]:
    """A warning, located by pointer, for every place a local `$ref` leads nowhere."""
    dangling = {ref for ref in refs if ref.startswith("#") and resolve_pointer(document, ref[1:]) is None}
    if not dangling:
        return []
    return [
        LoadWarning("dangling-ref", f"$ref {ref!r} points at nothing in this document", pointer=pointer)
        for pointer, ref in find_ref_sites(document, dangling)
    ]


__all__ = ["DEFAULT_MAX_BYTES", "Location", "load_spec", "parse_bytes"]
