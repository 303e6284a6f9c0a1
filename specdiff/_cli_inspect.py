"""`specdiff inspect SPEC`: print what the loader made of a spec."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from specdiff._load import load_spec

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def run(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="specdiff inspect", description="Load a spec and print what was loaded.")
    parser.add_argument("spec", help="path, URL, REV:path or - for stdin")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    args = parser.parse_args(argv)
    spec = load_spec(args.spec, strict=args.strict)
    doc = spec.document
    paths = doc.get("paths") or {}
    operations = sum(1 for item in paths.values() if isinstance(item, dict) for m in item if m in HTTP_METHODS)
    schemas = ((doc.get("components") or {}).get("schemas")) or {}
    print(f"source:      {spec.source}")
    print(f"format:      {spec.format}")
    print(f"version:     {spec.original_version}")
    print(f"title:       {spec.title}")
    print(f"api version: {spec.version}")
    print(f"paths:       {len(paths)}")
    print(f"operations:  {operations}")
    print(f"tags:        {len(doc.get('tags') or [])}")
    print(f"schemas:     {len(schemas)}")
    print(f"load time:   {spec.load_seconds:.3f} s")
    print(f"warnings:    {len(spec.warnings)}")
    for warning in spec.warnings:
        print(f"  {warning.where(spec.source)}: [{warning.code}] {warning.message}")
    return 0
