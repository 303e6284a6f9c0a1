"""Schema rules, one fixture pair per change (tests/specdiff/rules/data/schema/<case>/).

Each pair puts the same schema change at several positions (request body root, a request
property, a query parameter, a response body, a response property, headers), so one case pins
the rule ID per side and position: what tightens a request breaks it, what widens a response
breaks the client. `EXPECTED` is the exact multiset of rule IDs of the whole comparison (so a
cascade or a stray rule fails the test); `MESSAGES` pins the text of the first change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from specdiff._model import Change
from specdiff._rules._registry import all_rules, get_rule
from tests.fixtures.specdiff_rules import run

DATA = Path(__file__).parent / "data" / "schema"


def load_pair(case: str, root: Path = DATA) -> tuple[dict[str, Any], dict[str, Any]]:
    folder = root / case
    base = yaml.safe_load((folder / "base.yaml").read_text(encoding="utf-8"))
    revision = yaml.safe_load((folder / "revision.yaml").read_text(encoding="utf-8"))
    return base, revision


# Cases that need a deprecation policy (oasdiff's --deprecation-days-stable).
OPTIONS: dict[str, dict[str, Any]] = {"property-deprecated-policy": {"deprecation_days_stable": 30}}


def all_changes_of(case: str, root: Path = DATA) -> list[Change]:
    """Every change of the comparison, from every rule family."""
    base, revision = load_pair(case, root)
    return sorted(run(base, revision, **OPTIONS.get(case, {})), key=lambda c: (c.id, c.operation, c.message))


def changes_of(case: str, root: Path = DATA) -> list[Change]:
    """The changes the schema comparer emits (its own family, plus the lifecycle rule it uses
    for an invalid `x-stability-level`); other families' component-level rules are theirs."""
    return [c for c in all_changes_of(case, root) if get_rule(c.id).family == "schema" or c.id == "api-invalid-stability-level"]


EXPECTED = {
    "additional-properties-allowed": ['response-body-additional-properties-allowed', 'response-property-additional-properties-allowed'],
    "additional-properties-restricted": ['request-body-additional-properties-restricted', 'request-property-additional-properties-restricted'],
    "all-of-added": ['request-body-all-of-added', 'request-property-all-of-added', 'response-body-all-of-added', 'response-property-all-of-added'],
    "all-of-annotation-only": ['request-body-all-of-added-annotation-only', 'request-property-all-of-added-annotation-only', 'response-body-all-of-added-annotation-only', 'response-property-all-of-added-annotation-only'],
    "all-of-annotation-only-removed": ['request-body-all-of-removed-annotation-only', 'request-property-all-of-removed-annotation-only', 'response-body-all-of-removed-annotation-only', 'response-property-all-of-removed-annotation-only'],
    "all-of-removed": ['request-body-all-of-removed', 'request-property-all-of-removed', 'response-body-all-of-removed', 'response-property-all-of-removed'],
    "any-of-added": ['request-body-any-of-added', 'request-property-any-of-added', 'response-body-any-of-added', 'response-property-any-of-added'],
    "any-of-became-one-of": ['request-body-any-of-became-one-of', 'request-property-any-of-became-one-of', 'response-body-any-of-became-one-of', 'response-property-any-of-became-one-of'],
    "any-of-removed": ['request-body-any-of-removed', 'request-property-any-of-removed', 'response-body-any-of-removed', 'response-property-any-of-removed'],
    "became-enum": ['request-body-became-enum', 'request-header-property-became-enum', 'request-parameter-became-enum', 'request-property-became-enum', 'response-body-became-enum', 'response-property-became-enum'],
    "became-not-enum": ['request-body-became-not-enum', 'request-parameter-became-not-enum', 'request-parameter-became-not-enum', 'request-property-became-not-enum', 'response-body-became-not-enum', 'response-property-became-not-enum'],
    "became-not-nullable": ['request-body-became-not-nullable', 'request-parameter-became-not-nullable', 'request-parameter-property-became-not-nullable', 'request-property-became-not-nullable', 'response-body-became-not-nullable', 'response-header-became-not-nullable', 'response-property-became-not-nullable'],
    "became-not-read-only": ['request-optional-property-became-not-read-only', 'request-property-became-required', 'request-required-property-became-not-read-only', 'response-optional-property-became-not-read-only', 'response-required-property-became-not-read-only'],
    "became-not-write-only": ['request-optional-property-became-not-write-only', 'request-required-property-became-not-write-only', 'response-optional-property-became-not-write-only', 'response-required-property-became-not-write-only'],
    "became-nullable": ['request-body-became-nullable', 'request-parameter-became-nullable', 'request-parameter-property-became-nullable', 'request-property-became-nullable', 'response-body-became-nullable', 'response-header-became-nullable', 'response-property-became-nullable'],
    "became-nullable-31": ['request-body-became-nullable', 'request-property-became-nullable', 'response-body-became-nullable', 'response-property-became-nullable'],
    "became-optional": ['request-property-became-optional', 'response-property-became-optional'],
    "became-read-only": ['request-optional-property-became-read-only', 'request-required-property-became-read-only', 'response-optional-property-became-read-only', 'response-required-property-became-read-only'],
    "became-required": ['request-property-became-required', 'response-property-became-required'],
    "became-required-with-default": ['request-property-became-required-with-default', 'response-property-became-required'],
    "became-write-only": ['request-optional-property-became-write-only', 'request-required-property-became-write-only', 'response-optional-property-became-write-only', 'response-required-property-became-write-only'],
    "const-added": ['request-body-const-added', 'request-property-const-added', 'response-body-const-added', 'response-property-const-added'],
    "const-changed": ['request-body-const-changed', 'request-property-const-changed', 'response-body-const-changed', 'response-property-const-changed'],
    "const-removed": ['request-body-const-removed', 'request-property-const-removed', 'response-body-const-removed', 'response-property-const-removed'],
    "contains-added": ['request-body-contains-added', 'request-property-contains-added', 'response-body-contains-added', 'response-property-contains-added'],
    "contains-removed": ['request-body-contains-removed', 'request-property-contains-removed', 'response-body-contains-removed', 'response-property-contains-removed'],
    "content-changed": ['request-body-content-encoding-changed', 'request-body-content-media-type-changed', 'request-property-content-encoding-changed', 'request-property-content-media-type-changed', 'response-body-content-encoding-changed', 'response-body-content-media-type-changed', 'response-property-content-encoding-changed', 'response-property-content-media-type-changed'],
    "content-schema-added": ['request-body-content-schema-added', 'request-property-content-schema-added', 'response-body-content-schema-added', 'response-property-content-schema-added'],
    "content-schema-removed": ['request-body-content-schema-removed', 'request-property-content-schema-removed', 'response-body-content-schema-removed', 'response-property-content-schema-removed'],
    "default-value-added": ['request-body-default-value-added', 'request-parameter-default-value-added', 'request-property-default-value-added', 'response-body-default-value-added', 'response-property-default-value-added'],
    "default-value-changed": ['request-body-default-value-changed', 'request-parameter-default-value-changed', 'request-property-default-value-changed', 'response-body-default-value-changed', 'response-property-default-value-changed'],
    "default-value-removed": ['request-body-default-value-removed', 'request-parameter-default-value-removed', 'request-property-default-value-removed', 'response-body-default-value-removed', 'response-property-default-value-removed'],
    "dependent-required-added": ['request-body-dependent-required-added', 'request-property-dependent-required-added', 'response-body-dependent-required-added', 'response-property-dependent-required-added'],
    "dependent-required-changed": ['request-body-dependent-required-changed', 'request-property-dependent-required-changed', 'response-body-dependent-required-changed', 'response-property-dependent-required-changed'],
    "dependent-required-removed": ['request-body-dependent-required-removed', 'request-property-dependent-required-removed', 'response-body-dependent-required-removed', 'response-property-dependent-required-removed'],
    "dependent-schema-added": ['request-body-dependent-schema-added', 'request-property-dependent-schema-added', 'response-body-dependent-schema-added', 'response-property-dependent-schema-added'],
    "dependent-schema-removed": ['request-body-dependent-schema-removed', 'request-property-dependent-schema-removed', 'response-body-dependent-schema-removed', 'response-property-dependent-schema-removed'],
    "discriminator-added": ['request-body-discriminator-added', 'request-property-discriminator-added', 'response-body-discriminator-added', 'response-property-discriminator-added'],
    "discriminator-mapping": ['request-body-discriminator-mapping-added', 'request-body-discriminator-mapping-changed', 'request-body-discriminator-mapping-deleted', 'request-property-discriminator-mapping-added', 'request-property-discriminator-mapping-changed', 'request-property-discriminator-mapping-deleted', 'response-body-discriminator-mapping-added', 'response-body-discriminator-mapping-changed', 'response-body-discriminator-mapping-deleted', 'response-property-discriminator-mapping-added', 'response-property-discriminator-mapping-changed', 'response-property-discriminator-mapping-deleted'],
    "discriminator-property-name-changed": ['request-body-discriminator-property-name-changed', 'request-property-discriminator-property-name-changed', 'response-body-discriminator-property-name-changed', 'response-property-discriminator-property-name-changed'],
    "discriminator-removed": ['request-body-discriminator-removed', 'request-property-discriminator-removed', 'response-body-discriminator-removed', 'response-property-discriminator-removed'],
    "enum-dropped-type-widened": ['request-property-became-not-enum', 'request-property-list-of-types-widened', 'response-property-became-not-enum', 'response-property-list-of-types-widened'],
    "enum-shrink-type-widened": ['request-property-enum-value-added', 'request-property-enum-value-removed', 'request-property-list-of-types-widened', 'response-property-enum-value-added', 'response-property-enum-value-removed', 'response-property-list-of-types-widened'],
    "enum-to-const": ['request-property-const-added', 'response-property-const-added'],
    "enum-value-added": ['request-parameter-enum-value-added', 'request-parameter-property-enum-value-added', 'request-property-enum-value-added', 'request-property-enum-value-added', 'response-property-enum-value-added', 'response-property-enum-value-added'],
    "enum-value-removed": ['request-body-enum-value-removed', 'request-parameter-enum-value-removed', 'request-parameter-property-enum-value-removed', 'request-property-enum-value-removed', 'response-mediatype-enum-value-removed', 'response-property-enum-value-removed'],
    "exclusive-flag-30": ['request-body-exclusive-max-decreased', 'response-body-exclusive-max-decreased'],
    "exclusive-flag-bare-set": ['request-body-exclusive-max-set', 'request-parameter-exclusive-max-set', 'request-property-exclusive-max-set', 'response-body-exclusive-max-set', 'response-property-exclusive-max-set'],
    "exclusive-flag-bare-unset": ['request-body-exclusive-min-unset', 'request-parameter-exclusive-min-unset', 'request-property-exclusive-min-unset'],
    "exclusive-max-decreased": ['request-body-exclusive-max-decreased', 'request-parameter-exclusive-max-decreased', 'request-property-exclusive-max-decreased', 'response-body-exclusive-max-decreased', 'response-property-exclusive-max-decreased'],
    "exclusive-max-increased": ['request-body-exclusive-max-increased', 'request-parameter-exclusive-max-increased', 'request-property-exclusive-max-increased', 'response-body-exclusive-max-increased', 'response-property-exclusive-max-increased'],
    "exclusive-max-set": ['request-body-exclusive-max-set', 'request-parameter-exclusive-max-set', 'request-property-exclusive-max-set', 'response-body-exclusive-max-set', 'response-property-exclusive-max-set'],
    "exclusive-max-unset": ['request-body-exclusive-max-unset', 'request-parameter-exclusive-max-unset', 'request-property-exclusive-max-unset', 'response-body-exclusive-max-unset', 'response-property-exclusive-max-unset'],
    "exclusive-min-decreased": ['request-body-exclusive-min-decreased', 'request-parameter-exclusive-min-decreased', 'request-property-exclusive-min-decreased', 'response-body-exclusive-min-decreased', 'response-property-exclusive-min-decreased'],
    "exclusive-min-increased": ['request-body-exclusive-min-increased', 'request-parameter-exclusive-min-increased', 'request-property-exclusive-min-increased', 'response-body-exclusive-min-increased', 'response-property-exclusive-min-increased'],
    "exclusive-min-set": ['request-body-exclusive-min-set', 'request-parameter-exclusive-min-set', 'request-property-exclusive-min-set', 'response-body-exclusive-min-set', 'response-property-exclusive-min-set'],
    "exclusive-min-unset": ['request-body-exclusive-min-unset', 'request-parameter-exclusive-min-unset', 'request-property-exclusive-min-unset', 'response-body-exclusive-min-unset', 'response-property-exclusive-min-unset'],
    "exclusive-respelled-31-lower": ['request-body-exclusive-max-decreased', 'request-parameter-exclusive-max-decreased', 'request-property-exclusive-max-decreased', 'response-body-exclusive-max-decreased', 'response-property-exclusive-max-decreased'],
    "format-narrowed": ['request-body-type-changed', 'request-parameter-type-changed', 'request-property-type-changed', 'response-body-type-specialized', 'response-property-type-specialized'],
    "format-widened": ['request-body-type-generalized', 'request-parameter-type-generalized', 'request-property-type-generalized', 'response-body-type-generalized', 'response-property-type-generalized'],
    "header-property-required": ['new-required-request-header-property', 'request-header-property-became-required'],
    "header-type-changed": ['response-header-type-changed'],
    "header-type-compatible": ['response-header-type-compatible'],
    "if-then-else-added": ['request-body-else-added', 'request-body-if-added', 'request-body-then-added', 'request-property-else-added', 'request-property-if-added', 'request-property-then-added', 'response-body-else-added', 'response-body-if-added', 'response-body-then-added', 'response-property-else-added', 'response-property-if-added', 'response-property-then-added'],
    "if-then-else-removed": ['request-body-else-removed', 'request-body-if-removed', 'request-body-then-removed', 'request-property-else-removed', 'request-property-if-removed', 'request-property-then-removed', 'response-body-else-removed', 'response-body-if-removed', 'response-body-then-removed', 'response-property-else-removed', 'response-property-if-removed', 'response-property-then-removed'],
    "list-of-types-narrowed": ['request-body-list-of-types-narrowed', 'request-parameter-list-of-types-narrowed', 'request-parameter-property-list-of-types-narrowed', 'request-property-list-of-types-narrowed', 'response-body-list-of-types-narrowed', 'response-property-list-of-types-narrowed'],
    "list-of-types-widened": ['request-body-list-of-types-widened', 'request-parameter-list-of-types-widened', 'request-parameter-property-list-of-types-widened', 'request-property-list-of-types-widened', 'response-body-list-of-types-widened', 'response-property-list-of-types-widened'],
    "max-contains-decreased": ['request-body-max-contains-decreased', 'request-property-max-contains-decreased', 'response-body-max-contains-decreased', 'response-property-max-contains-decreased'],
    "max-contains-increased": ['request-body-max-contains-increased', 'request-property-max-contains-increased', 'response-body-max-contains-increased', 'response-property-max-contains-increased'],
    "max-contains-set": ['request-body-max-contains-set', 'request-property-max-contains-set', 'response-body-max-contains-set', 'response-property-max-contains-set'],
    "max-contains-unset": ['request-body-max-contains-unset', 'request-property-max-contains-unset', 'response-body-max-contains-unset', 'response-property-max-contains-unset'],
    "max-decreased": ['request-body-max-decreased', 'request-parameter-max-decreased', 'request-property-max-decreased', 'response-body-max-decreased', 'response-property-max-decreased'],
    "max-increased": ['request-body-max-increased', 'request-parameter-max-increased', 'request-property-max-increased', 'response-body-max-increased', 'response-property-max-increased'],
    "max-items-decreased": ['request-body-max-items-decreased', 'request-parameter-max-items-decreased', 'request-property-max-items-decreased', 'response-body-max-items-decreased', 'response-property-max-items-decreased'],
    "max-items-increased": ['request-body-max-items-increased', 'request-parameter-max-items-increased', 'request-property-max-items-increased', 'response-body-max-items-increased', 'response-property-max-items-increased'],
    "max-items-set": ['request-body-max-items-set', 'request-parameter-max-items-set', 'request-property-max-items-set', 'response-body-max-items-set', 'response-property-max-items-set'],
    "max-items-unset": ['request-body-max-items-unset', 'request-parameter-max-items-unset', 'request-property-max-items-unset', 'response-body-max-items-unset', 'response-property-max-items-unset'],
    "max-length-decreased": ['request-body-max-length-decreased', 'request-parameter-max-length-decreased', 'request-property-max-length-decreased', 'response-body-max-length-decreased', 'response-property-max-length-decreased'],
    "max-length-increased": ['request-body-max-length-increased', 'request-parameter-max-length-increased', 'request-property-max-length-increased', 'response-body-max-length-increased', 'response-property-max-length-increased'],
    "max-length-set": ['request-body-max-length-set', 'request-parameter-max-length-set', 'request-property-max-length-set', 'response-body-max-length-set', 'response-property-max-length-set'],
    "max-length-unset": ['request-body-max-length-unset', 'request-parameter-max-length-unset', 'request-property-max-length-unset', 'response-body-max-length-unset', 'response-property-max-length-unset'],
    "max-properties-decreased": ['request-body-max-properties-decreased', 'request-property-max-properties-decreased', 'response-body-max-properties-decreased', 'response-property-max-properties-decreased'],
    "max-properties-increased": ['request-body-max-properties-increased', 'request-property-max-properties-increased', 'response-body-max-properties-increased', 'response-property-max-properties-increased'],
    "max-properties-set": ['request-body-max-properties-set', 'request-property-max-properties-set', 'response-body-max-properties-set', 'response-property-max-properties-set'],
    "max-properties-unset": ['request-body-max-properties-unset', 'request-property-max-properties-unset', 'response-body-max-properties-unset', 'response-property-max-properties-unset'],
    "max-set": ['request-body-max-set', 'request-parameter-max-set', 'request-property-max-set', 'response-body-max-set', 'response-property-max-set'],
    "max-unset": ['request-body-max-unset', 'request-parameter-max-unset', 'request-property-max-unset', 'response-body-max-unset', 'response-property-max-unset'],
    "min-contains-decreased": ['request-body-min-contains-decreased', 'request-property-min-contains-decreased', 'response-body-min-contains-decreased', 'response-property-min-contains-decreased'],
    "min-contains-increased": ['request-body-min-contains-increased', 'request-property-min-contains-increased', 'response-body-min-contains-increased', 'response-property-min-contains-increased'],
    "min-contains-set": ['request-body-min-contains-set', 'request-property-min-contains-set', 'response-body-min-contains-set', 'response-property-min-contains-set'],
    "min-contains-unset": ['request-body-min-contains-unset', 'request-property-min-contains-unset', 'response-body-min-contains-unset', 'response-property-min-contains-unset'],
    "min-decreased": ['request-body-min-decreased', 'request-parameter-min-decreased', 'request-property-min-decreased', 'response-body-min-decreased', 'response-property-min-decreased'],
    "min-increased": ['request-body-min-increased', 'request-parameter-min-increased', 'request-property-min-increased', 'response-body-min-increased', 'response-property-min-increased'],
    "min-items-decreased": ['request-body-min-items-decreased', 'request-parameter-min-items-decreased', 'request-property-min-items-decreased', 'response-body-min-items-decreased', 'response-property-min-items-decreased'],
    "min-items-increased": ['request-body-min-items-increased', 'request-parameter-min-items-increased', 'request-property-min-items-increased', 'response-body-min-items-increased', 'response-property-min-items-increased'],
    "min-items-set": ['request-body-min-items-set', 'request-parameter-min-items-set', 'request-property-min-items-set', 'response-body-min-items-set', 'response-property-min-items-set'],
    "min-items-unset": ['request-body-min-items-unset', 'request-parameter-min-items-unset', 'request-property-min-items-unset', 'response-body-min-items-unset', 'response-property-min-items-unset'],
    "min-length-decreased": ['request-body-min-length-decreased', 'request-parameter-min-length-decreased', 'request-property-min-length-decreased', 'response-body-min-length-decreased', 'response-property-min-length-decreased'],
    "min-length-increased": ['request-body-min-length-increased', 'request-parameter-min-length-increased', 'request-property-min-length-increased', 'response-body-min-length-increased', 'response-property-min-length-increased'],
    "min-length-set": ['request-body-min-length-set', 'request-parameter-min-length-set', 'request-property-min-length-set', 'response-body-min-length-set', 'response-property-min-length-set'],
    "min-length-unset": ['request-body-min-length-unset', 'request-parameter-min-length-unset', 'request-property-min-length-unset', 'response-body-min-length-unset', 'response-property-min-length-unset'],
    "min-properties-decreased": ['request-body-min-properties-decreased', 'request-property-min-properties-decreased', 'response-body-min-properties-decreased', 'response-property-min-properties-decreased'],
    "min-properties-increased": ['request-body-min-properties-increased', 'request-property-min-properties-increased', 'response-body-min-properties-increased', 'response-property-min-properties-increased'],
    "min-properties-set": ['request-body-min-properties-set', 'request-property-min-properties-set', 'response-body-min-properties-set', 'response-property-min-properties-set'],
    "min-properties-unset": ['request-body-min-properties-unset', 'request-property-min-properties-unset', 'response-body-min-properties-unset', 'response-property-min-properties-unset'],
    "min-set": ['request-body-min-set', 'request-parameter-min-set', 'request-property-min-set', 'response-body-min-set', 'response-property-min-set'],
    "min-unset": ['request-body-min-unset', 'request-parameter-min-unset', 'request-property-min-unset', 'response-body-min-unset', 'response-property-min-unset'],
    "one-of-added": ['request-body-one-of-added', 'request-property-one-of-added', 'response-body-one-of-added', 'response-property-one-of-added'],
    "one-of-became-any-of": ['request-body-one-of-became-any-of', 'request-property-one-of-became-any-of', 'response-body-one-of-became-any-of', 'response-property-one-of-became-any-of'],
    "one-of-removed": ['request-body-one-of-removed', 'request-property-one-of-removed', 'response-body-one-of-removed', 'response-property-one-of-removed'],
    "param-property-type": ['request-parameter-property-type-changed'],
    "param-property-type-generalized": ['request-parameter-property-type-generalized'],
    "param-property-type-specialized": ['request-parameter-property-type-specialized'],
    "param-type-to-string": ['request-parameter-type-generalized'],
    "pattern-added": ['request-parameter-pattern-added', 'request-property-pattern-added', 'request-property-pattern-added', 'response-property-pattern-added', 'response-property-pattern-added'],
    "pattern-changed": ['request-parameter-pattern-changed', 'request-property-pattern-changed', 'request-property-pattern-changed', 'response-property-pattern-changed', 'response-property-pattern-changed'],
    "pattern-generalized": ['request-parameter-pattern-generalized', 'request-property-pattern-generalized', 'request-property-pattern-generalized', 'response-property-pattern-changed', 'response-property-pattern-changed'],
    "pattern-property-added": ['request-body-pattern-property-added', 'request-property-pattern-property-added', 'response-body-pattern-property-added', 'response-property-pattern-property-added'],
    "pattern-property-removed": ['request-body-pattern-property-removed', 'request-property-pattern-property-removed', 'response-body-pattern-property-removed', 'response-property-pattern-property-removed'],
    "pattern-removed": ['request-parameter-pattern-removed', 'request-property-pattern-removed', 'request-property-pattern-removed', 'response-property-pattern-removed', 'response-property-pattern-removed'],
    "prefix-items-added": ['request-body-prefix-items-added', 'request-property-prefix-items-added', 'response-body-prefix-items-added', 'response-property-prefix-items-added'],
    "prefix-items-removed": ['request-body-prefix-items-removed', 'request-property-prefix-items-removed', 'response-body-prefix-items-removed', 'response-property-prefix-items-removed'],
    "property-added-optional": ['new-optional-request-property', 'response-optional-property-added'],
    "property-added-required": ['new-required-request-property', 'response-required-property-added'],
    "property-added-required-with-default": ['new-required-request-property-with-default', 'response-required-property-added'],
    "property-deprecated": ['request-property-deprecated', 'response-property-deprecated'],
    "property-deprecated-invalid-sunset": ['request-property-deprecated-sunset-invalid', 'response-property-deprecated-sunset-invalid'],
    "property-deprecated-policy": ['request-property-deprecated-sunset-missing', 'request-property-sunset-date-too-small', 'response-property-deprecated-sunset-missing', 'response-property-sunset-date-too-small'],
    "property-deprecated-with-sunset": ['request-property-deprecated-with-sunset', 'response-property-deprecated-with-sunset'],
    "property-names-added": ['request-body-property-names-added', 'request-property-property-names-added', 'response-body-property-names-added', 'response-property-property-names-added'],
    "property-names-removed": ['request-body-property-names-removed', 'request-property-property-names-removed', 'response-body-property-names-removed', 'response-property-property-names-removed'],
    "property-reactivated": ['request-property-reactivated', 'response-property-reactivated'],
    "property-removed-optional": ['request-property-removed', 'response-optional-property-removed'],
    "property-removed-required": ['request-property-removed', 'response-required-property-removed'],
    "property-stability-decreased": ['request-property-stability-decreased', 'response-property-stability-decreased'],
    "property-stability-increased": ['request-property-stability-increased', 'response-property-stability-increased'],
    "property-stability-invalid": ['api-invalid-stability-level'],
    "query-scalar-to-array": ['request-parameter-type-generalized'],
    "read-only-constraints": ['request-read-only-property-enum-value-removed', 'request-read-only-property-exclusive-max-decreased', 'request-read-only-property-exclusive-min-increased', 'request-read-only-property-max-decreased', 'request-read-only-property-max-length-decreased', 'request-read-only-property-min-increased', 'response-property-enum-value-removed', 'response-property-exclusive-max-decreased', 'response-property-exclusive-min-increased', 'response-property-max-decreased', 'response-property-max-length-decreased', 'response-property-min-increased'],
    "read-only-property-added": ['response-required-property-added'],
    "type-changed": ['request-body-type-changed', 'request-parameter-type-changed', 'request-property-type-changed', 'response-body-type-changed', 'response-property-type-changed'],
    "type-compatible-xml": ['request-body-type-compatible', 'request-property-type-compatible', 'response-body-type-changed', 'response-property-type-changed'],
    "type-compatible-xml-response": ['response-body-type-compatible', 'response-property-type-compatible'],
    "type-generalized": ['request-body-type-generalized', 'request-parameter-type-generalized', 'request-property-type-generalized', 'response-body-type-generalized', 'response-header-type-generalized', 'response-property-type-generalized'],
    "type-specialized": ['request-body-type-changed', 'request-parameter-type-changed', 'request-property-type-changed', 'response-body-type-specialized', 'response-header-type-specialized', 'response-property-type-specialized'],
    "unevaluated-added": ['request-body-unevaluated-items-added', 'request-body-unevaluated-properties-added', 'request-property-unevaluated-items-added', 'request-property-unevaluated-properties-added', 'response-body-unevaluated-items-added', 'response-body-unevaluated-properties-added', 'response-property-unevaluated-items-added', 'response-property-unevaluated-properties-added'],
    "unevaluated-removed": ['request-body-unevaluated-items-removed', 'request-body-unevaluated-properties-removed', 'request-property-unevaluated-items-removed', 'request-property-unevaluated-properties-removed', 'response-body-unevaluated-items-removed', 'response-body-unevaluated-properties-removed', 'response-property-unevaluated-items-removed', 'response-property-unevaluated-properties-removed'],
    "unique-items-set": ['request-body-unique-items-set', 'request-parameter-unique-items-set', 'request-property-unique-items-set', 'response-body-unique-items-set', 'response-property-unique-items-set'],
    "unique-items-unset": ['request-body-unique-items-unset', 'request-parameter-unique-items-unset', 'request-property-unique-items-unset', 'response-body-unique-items-unset', 'response-property-unique-items-unset'],
    "wrapped-in-one-of": ['request-body-wrapped-in-one-of', 'request-property-wrapped-in-one-of', 'response-body-wrapped-in-one-of', 'response-property-wrapped-in-one-of'],
    "write-only-enum-value-added": ['request-property-enum-value-added', 'response-write-only-property-enum-value-added'],
    "write-only-property-added": ['new-optional-request-property', 'new-required-request-property', 'response-optional-write-only-property-added', 'response-required-write-only-property-added'],
    "write-only-property-removed": ['request-property-removed', 'request-property-removed', 'response-optional-write-only-property-removed', 'response-required-write-only-property-removed'],
    "write-only-required-changes": ['request-property-became-optional', 'request-property-became-required', 'response-write-only-property-became-optional', 'response-write-only-property-became-required'],
    "x-extensible-enum-value-removed": ['request-parameter-x-extensible-enum-value-removed', 'request-property-x-extensible-enum-value-removed'],
}

MESSAGES = {
    "additional-properties-allowed": ('response-body-additional-properties-allowed', 'GET /resp', 'the response body (status 200) now allows additional properties'),
    "additional-properties-restricted": ('request-body-additional-properties-restricted', 'POST /req', 'the request body no longer allows additional properties'),
    "all-of-added": ('request-body-all-of-added', 'POST /req', 'added `#/components/schemas/Tagged` to the `allOf` list of the request body'),
    "all-of-annotation-only": ('request-body-all-of-added-annotation-only', 'POST /req', 'added `#/components/schemas/Note` to the `allOf` list of the request body'),
    "all-of-annotation-only-removed": ('request-body-all-of-removed-annotation-only', 'POST /req', 'removed `#/components/schemas/Note` from the `allOf` list of the request body'),
    "all-of-removed": ('request-body-all-of-removed', 'POST /req', 'removed `#/components/schemas/Tagged` from the `allOf` list of the request body'),
    "any-of-added": ('request-body-any-of-added', 'POST /req', 'added the anyOf alternative `#/components/schemas/C` to the request body'),
    "any-of-became-one-of": ('request-body-any-of-became-one-of', 'POST /req', 'the alternatives of the request body changed from anyOf to oneOf'),
    "any-of-removed": ('request-body-any-of-removed', 'POST /req', 'removed the anyOf alternative `#/components/schemas/C` from the request body'),
    "became-enum": ('request-body-became-enum', 'POST /req', 'the request body was restricted to a list of enum values'),
    "became-not-enum": ("request-body-became-not-enum", "POST /req", "the request body is no longer restricted to a list of enum values"),
    "became-not-nullable": ('request-body-became-not-nullable', 'POST /req', 'the request body became not nullable'),
    "became-not-read-only": ('request-optional-property-became-not-read-only', 'PUT /thing', 'the request property `o` became not read-only'),
    "became-not-write-only": ('request-optional-property-became-not-write-only', 'PUT /thing', 'the request property `o` became not write-only'),
    "became-nullable": ('request-body-became-nullable', 'POST /req', 'the request body became nullable'),
    "became-nullable-31": ('request-body-became-nullable', 'POST /req', 'the request body became nullable'),
    "became-optional": ('request-property-became-optional', 'PUT /thing', 'the request property `c` became optional'),
    "became-read-only": ('request-optional-property-became-read-only', 'PUT /thing', 'the request property `o` became read-only'),
    "became-required": ('request-property-became-required', 'PUT /thing', 'the request property `c` became required'),
    "became-required-with-default": ('request-property-became-required-with-default', 'PUT /thing', 'the request property `c`, which has a default value, became required'),
    "became-write-only": ('request-optional-property-became-write-only', 'PUT /thing', 'the request property `o` became write-only'),
    "const-added": ('request-body-const-added', 'POST /req', 'added the const `x` to the request body'),
    "const-changed": ('request-body-const-changed', 'POST /req', 'changed the const of the request body from `x` to `y`'),
    "const-removed": ('request-body-const-removed', 'POST /req', 'removed the const `x` from the request body'),
    "contains-added": ('request-body-contains-added', 'POST /req', 'added the `contains` subschema to the request body'),
    "contains-removed": ('request-body-contains-removed', 'POST /req', 'removed the `contains` subschema from the request body'),
    "content-changed": ('request-body-content-encoding-changed', 'POST /req', 'changed the contentEncoding of the request body from `base64` to `base32`'),
    "content-schema-added": ('request-body-content-schema-added', 'POST /req', 'added the `contentSchema` subschema to the request body'),
    "content-schema-removed": ('request-body-content-schema-removed', 'POST /req', 'removed the `contentSchema` subschema from the request body'),
    "default-value-added": ('request-body-default-value-added', 'POST /req', 'added the default value `x` to the request body'),
    "default-value-changed": ('request-body-default-value-changed', 'POST /req', 'changed the default value of the request body from `x` to `y`'),
    "default-value-removed": ('request-body-default-value-removed', 'POST /req', 'removed the default value `x` from the request body'),
    "dependent-required-added": ('request-body-dependent-required-added', 'POST /req', 'added the dependent required `a` of the request body'),
    "dependent-required-changed": ('request-body-dependent-required-changed', 'POST /req', 'changed the dependent required `a` of the request body'),
    "dependent-required-removed": ('request-body-dependent-required-removed', 'POST /req', 'removed the dependent required `a` of the request body'),
    "dependent-schema-added": ('request-body-dependent-schema-added', 'POST /req', 'added the dependent schema `a` of the request body'),
    "dependent-schema-removed": ('request-body-dependent-schema-removed', 'POST /req', 'removed the dependent schema `a` of the request body'),
    "discriminator-added": ('request-body-discriminator-added', 'POST /req', 'added the discriminator of the request body'),
    "discriminator-mapping": ('request-body-discriminator-mapping-added', 'POST /req', 'added the discriminator mapping keys `c` of the request body'),
    "discriminator-property-name-changed": ('request-body-discriminator-property-name-changed', 'POST /req', 'changed the discriminator property name of the request body from `kind` to `type`'),
    "discriminator-removed": ('request-body-discriminator-removed', 'POST /req', 'removed the discriminator of the request body'),
    "enum-dropped-type-widened": ('request-property-became-not-enum', 'POST /req-prop', 'the request property `p` is no longer restricted to a list of enum values'),
    "enum-shrink-type-widened": ('request-property-enum-value-added', 'POST /req-prop', 'added the enum value `1` to the request property `p`'),
    "enum-to-const": ('request-property-const-added', 'POST /req-prop', 'added the const `alpha` to the request property `p`'),
    "enum-value-added": ('request-parameter-enum-value-added', 'POST /req', 'added the enum value `b` to the query request parameter `q`'),
    "enum-value-removed": ('request-body-enum-value-removed', 'POST /req', 'removed the enum value `b` from the request body'),
    "exclusive-flag-30": ('request-body-exclusive-max-decreased', 'POST /req', 'the max of the request body was decreased from `10` to `10` (exclusive)'),
    "exclusive-flag-bare-set": ('request-body-exclusive-max-set', 'POST /req', '`exclusiveMaximum: true` was set on the request body without a `maximum` (what it bounds depends on the validator)'),
    "exclusive-flag-bare-unset": ('request-body-exclusive-min-unset', 'POST /req', '`exclusiveMinimum: true` (without a `minimum`) was removed from the request body'),
    "exclusive-max-decreased": ('request-body-exclusive-max-decreased', 'POST /req', 'the exclusiveMaximum of the request body was decreased from `10` (exclusive) to `5` (exclusive)'),
    "exclusive-max-increased": ('request-body-exclusive-max-increased', 'POST /req', 'the exclusiveMaximum of the request body was increased from `5` (exclusive) to `10` (exclusive)'),
    "exclusive-max-set": ('request-body-exclusive-max-set', 'POST /req', 'the exclusiveMaximum of the request body was set to `10` (exclusive)'),
    "exclusive-max-unset": ('request-body-exclusive-max-unset', 'POST /req', 'the exclusiveMaximum `10` (exclusive) of the request body was removed'),
    "exclusive-min-decreased": ('request-body-exclusive-min-decreased', 'POST /req', 'the exclusiveMinimum of the request body was decreased from `5` (exclusive) to `1` (exclusive)'),
    "exclusive-min-increased": ('request-body-exclusive-min-increased', 'POST /req', 'the exclusiveMinimum of the request body was increased from `1` (exclusive) to `5` (exclusive)'),
    "exclusive-min-set": ('request-body-exclusive-min-set', 'POST /req', 'the exclusiveMinimum of the request body was set to `1` (exclusive)'),
    "exclusive-min-unset": ('request-body-exclusive-min-unset', 'POST /req', 'the exclusiveMinimum `1` (exclusive) of the request body was removed'),
    "exclusive-respelled-31-lower": ('request-body-exclusive-max-decreased', 'POST /req', 'the max of the request body was decreased from `10` to `10` (exclusive)'),
    "format-narrowed": ('request-body-type-changed', 'POST /req', 'the type/format of the request body changed from `integer/int64` to `integer/int32`'),
    "format-widened": ('request-body-type-generalized', 'POST /req', 'the type/format of the request body changed from `integer/int32` to `integer/int64`'),
    "header-property-required": ('new-required-request-header-property', 'POST /req', 'added the new required property `c` of the header request parameter `X-O`'),
    "header-type-changed": ('response-header-type-changed', 'GET /resp', 'the type of the response header `X-R` (status 200) changed from `integer` to `boolean`'),
    "header-type-compatible": ('response-header-type-compatible', 'GET /resp', 'the type of the response header `X-R` (status 200) changed from `string` to `integer` (backward compatible)'),
    "if-then-else-added": ('request-body-else-added', 'POST /req', 'added the `else` subschema to the request body'),
    "if-then-else-removed": ('request-body-else-removed', 'POST /req', 'removed the `else` subschema from the request body'),
    "list-of-types-narrowed": ('request-body-list-of-types-narrowed', 'POST /req', 'the type of the request body changed from `integer/string` to `string`'),
    "list-of-types-widened": ('request-body-list-of-types-widened', 'POST /req', 'the type of the request body changed from `string` to `integer/string`'),
    "max-contains-decreased": ('request-body-max-contains-decreased', 'POST /req', 'the maxContains of the request body was decreased from `5` to `2`'),
    "max-contains-increased": ('request-body-max-contains-increased', 'POST /req', 'the maxContains of the request body was increased from `2` to `5`'),
    "max-contains-set": ('request-body-max-contains-set', 'POST /req', 'the maxContains of the request body was set to `2`'),
    "max-contains-unset": ('request-body-max-contains-unset', 'POST /req', 'the maxContains `5` of the request body was removed'),
    "max-decreased": ('request-body-max-decreased', 'POST /req', 'the max of the request body was decreased from `10` to `5`'),
    "max-increased": ('request-body-max-increased', 'POST /req', 'the max of the request body was increased from `5` to `10`'),
    "max-items-decreased": ('request-body-max-items-decreased', 'POST /req', 'the maxItems of the request body was decreased from `10` to `5`'),
    "max-items-increased": ('request-body-max-items-increased', 'POST /req', 'the maxItems of the request body was increased from `5` to `10`'),
    "max-items-set": ('request-body-max-items-set', 'POST /req', 'the maxItems of the request body was set to `10`'),
    "max-items-unset": ('request-body-max-items-unset', 'POST /req', 'the maxItems `10` of the request body was removed'),
    "max-length-decreased": ('request-body-max-length-decreased', 'POST /req', 'the maxLength of the request body was decreased from `10` to `5`'),
    "max-length-increased": ('request-body-max-length-increased', 'POST /req', 'the maxLength of the request body was increased from `5` to `10`'),
    "max-length-set": ('request-body-max-length-set', 'POST /req', 'the maxLength of the request body was set to `10`'),
    "max-length-unset": ('request-body-max-length-unset', 'POST /req', 'the maxLength `10` of the request body was removed'),
    "max-properties-decreased": ('request-body-max-properties-decreased', 'POST /req', 'the maxProperties of the request body was decreased from `5` to `2`'),
    "max-properties-increased": ('request-body-max-properties-increased', 'POST /req', 'the maxProperties of the request body was increased from `2` to `5`'),
    "max-properties-set": ('request-body-max-properties-set', 'POST /req', 'the maxProperties of the request body was set to `5`'),
    "max-properties-unset": ('request-body-max-properties-unset', 'POST /req', 'the maxProperties `5` of the request body was removed'),
    "max-set": ('request-body-max-set', 'POST /req', 'the max of the request body was set to `10`'),
    "max-unset": ('request-body-max-unset', 'POST /req', 'the max `10` of the request body was removed'),
    "min-contains-decreased": ('request-body-min-contains-decreased', 'POST /req', 'the minContains of the request body was decreased from `2` to `1`'),
    "min-contains-increased": ('request-body-min-contains-increased', 'POST /req', 'the minContains of the request body was increased from `1` to `2`'),
    "min-contains-set": ('request-body-min-contains-set', 'POST /req', 'the minContains of the request body was set to `2`'),
    "min-contains-unset": ('request-body-min-contains-unset', 'POST /req', 'the minContains `1` of the request body was removed'),
    "min-decreased": ('request-body-min-decreased', 'POST /req', 'the min of the request body was decreased from `5` to `1`'),
    "min-increased": ('request-body-min-increased', 'POST /req', 'the min of the request body was increased from `1` to `5`'),
    "min-items-decreased": ('request-body-min-items-decreased', 'POST /req', 'the minItems of the request body was decreased from `5` to `1`'),
    "min-items-increased": ('request-body-min-items-increased', 'POST /req', 'the minItems of the request body was increased from `1` to `5`'),
    "min-items-set": ('request-body-min-items-set', 'POST /req', 'the minItems of the request body was set to `1`'),
    "min-items-unset": ('request-body-min-items-unset', 'POST /req', 'the minItems `1` of the request body was removed'),
    "min-length-decreased": ('request-body-min-length-decreased', 'POST /req', 'the minLength of the request body was decreased from `5` to `1`'),
    "min-length-increased": ('request-body-min-length-increased', 'POST /req', 'the minLength of the request body was increased from `1` to `5`'),
    "min-length-set": ('request-body-min-length-set', 'POST /req', 'the minLength of the request body was set to `1`'),
    "min-length-unset": ('request-body-min-length-unset', 'POST /req', 'the minLength `1` of the request body was removed'),
    "min-properties-decreased": ('request-body-min-properties-decreased', 'POST /req', 'the minProperties of the request body was decreased from `2` to `1`'),
    "min-properties-increased": ('request-body-min-properties-increased', 'POST /req', 'the minProperties of the request body was increased from `1` to `2`'),
    "min-properties-set": ('request-body-min-properties-set', 'POST /req', 'the minProperties of the request body was set to `1`'),
    "min-properties-unset": ('request-body-min-properties-unset', 'POST /req', 'the minProperties `1` of the request body was removed'),
    "min-set": ('request-body-min-set', 'POST /req', 'the min of the request body was set to `1`'),
    "min-unset": ('request-body-min-unset', 'POST /req', 'the min `1` of the request body was removed'),
    "one-of-added": ('request-body-one-of-added', 'POST /req', 'added the oneOf alternative `#/components/schemas/C` to the request body'),
    "one-of-became-any-of": ('request-body-one-of-became-any-of', 'POST /req', 'the alternatives of the request body changed from oneOf to anyOf'),
    "one-of-removed": ('request-body-one-of-removed', 'POST /req', 'removed the oneOf alternative `#/components/schemas/C` from the request body'),
    "param-property-type": ('request-parameter-property-type-changed', 'POST /req', 'the type of the property `p` of the query request parameter `f` changed from `string` to `integer`'),
    "param-property-type-generalized": ('request-parameter-property-type-generalized', 'POST /req', 'the type of the property `p` of the query request parameter `f` changed from `integer` to `number`'),
    "param-property-type-specialized": ('request-parameter-property-type-specialized', 'POST /req', 'the type of the property `p` of the query request parameter `f` changed from `number` to `integer`'),
    "param-type-to-string": ('request-parameter-type-generalized', 'POST /req', 'the type of the query request parameter `q` changed from `integer` to `string`'),
    "pattern-added": ('request-parameter-pattern-added', 'POST /req', 'added the pattern `^[a-z]+$` to the query request parameter `q`'),
    "pattern-changed": ('request-parameter-pattern-changed', 'POST /req', 'changed the pattern of the query request parameter `q` from `^[a-z]+$` to `^[a-z0-9]+$`'),
    "pattern-generalized": ('request-parameter-pattern-generalized', 'POST /req', 'changed the pattern of the query request parameter `q` from `^[a-z]+$` to `.*`'),
    "pattern-property-added": ('request-body-pattern-property-added', 'POST /req', 'added the pattern property `^x-` of the request body'),
    "pattern-property-removed": ('request-body-pattern-property-removed', 'POST /req', 'removed the pattern property `^x-` of the request body'),
    "pattern-removed": ('request-parameter-pattern-removed', 'POST /req', 'removed the pattern `^[a-z]+$` from the query request parameter `q`'),
    "prefix-items-added": ('request-body-prefix-items-added', 'POST /req', 'added the `prefixItems` subschema to the request body'),
    "prefix-items-removed": ('request-body-prefix-items-removed', 'POST /req', 'removed the `prefixItems` subschema from the request body'),
    "property-added-optional": ('new-optional-request-property', 'PUT /thing', 'added the new optional request property `c`'),
    "property-added-required": ('new-required-request-property', 'PUT /thing', 'added the new required request property `c`'),
    "property-added-required-with-default": ('new-required-request-property-with-default', 'PUT /thing', 'added the new required request property `c` with a default value'),
    "property-deprecated": ('request-property-deprecated', 'PUT /thing', 'request property `a` deprecated'),
    "property-deprecated-invalid-sunset": ('request-property-deprecated-sunset-invalid', 'PUT /thing', "request property `a` deprecated with invalid sunset date: sunset date doesn't conform with RFC3339: next spring"),
    "property-deprecated-policy": ('request-property-deprecated-sunset-missing', 'PUT /thing', 'request property `a` deprecated without sunset date'),
    "property-deprecated-with-sunset": ('request-property-deprecated-with-sunset', 'PUT /thing', 'request property `a` deprecated with sunset date `2026-02-01`'),
    "property-names-added": ('request-body-property-names-added', 'POST /req', 'added the `propertyNames` subschema to the request body'),
    "property-names-removed": ('request-body-property-names-removed', 'POST /req', 'removed the `propertyNames` subschema from the request body'),
    "property-reactivated": ('request-property-reactivated', 'PUT /thing', 'the request property `a` was reactivated (no longer deprecated)'),
    "property-removed-optional": ('request-property-removed', 'PUT /thing', 'removed the request property `c`'),
    "property-removed-required": ('request-property-removed', 'PUT /thing', 'removed the request property `c`'),
    "property-stability-decreased": ('request-property-stability-decreased', 'PUT /thing', 'the stability level of the request property `a` decreased from `stable` to `beta`'),
    "property-stability-increased": ('request-property-stability-increased', 'PUT /thing', 'the stability level of the request property `a` increased from `beta` to `stable`'),
    "property-stability-invalid": ('api-invalid-stability-level', 'POST /req-prop', 'failed to parse stability level: `value is not one of draft, alpha, beta or stable: "ga"`'),
    "query-scalar-to-array": ('request-parameter-type-generalized', 'POST /req', 'the type of the query request parameter `q` changed from `integer/string` to `array<string>`'),
    "read-only-constraints": ('request-read-only-property-enum-value-removed', 'PUT /thing', 'removed the enum value `30` from the read-only request property `r`'),
    "read-only-property-added": ('response-required-property-added', 'PUT /thing', 'added the required response property `r` (status 200)'),
    "type-changed": ('request-body-type-changed', 'POST /req', 'the type of the request body changed from `string` to `integer`'),
    "type-compatible-xml": ('request-body-type-compatible', 'POST /req', 'the type of the request body changed from `object` to `string` (backward compatible)'),
    "type-compatible-xml-response": ('response-body-type-compatible', 'GET /resp', 'the type of the response body (status 200) changed from `string` to `object` (backward compatible)'),
    "type-generalized": ('request-body-type-generalized', 'POST /req', 'the type of the request body changed from `integer` to `number`'),
    "type-specialized": ('request-body-type-changed', 'POST /req', 'the type of the request body changed from `number` to `integer`'),
    "unevaluated-added": ('request-body-unevaluated-items-added', 'POST /req', 'added the `unevaluatedItems` subschema to the request body'),
    "unevaluated-removed": ('request-body-unevaluated-items-removed', 'POST /req', 'removed the `unevaluatedItems` subschema from the request body'),
    "unique-items-set": ('request-body-unique-items-set', 'POST /req', 'the request body now requires unique items'),
    "unique-items-unset": ('request-body-unique-items-unset', 'POST /req', 'the request body no longer requires unique items'),
    "wrapped-in-one-of": ('request-body-wrapped-in-one-of', 'POST /req', 'the request body was wrapped in a oneOf of 2 alternatives'),
    "write-only-enum-value-added": ('request-property-enum-value-added', 'PUT /thing', 'added the enum value `b` to the request property `w`'),
    "write-only-property-added": ('new-optional-request-property', 'PUT /thing', 'added the new optional request property `v`'),
    "write-only-property-removed": ('request-property-removed', 'PUT /thing', 'removed the request property `v`'),
    "write-only-required-changes": ('request-property-became-optional', 'PUT /thing', 'the request property `w` became optional'),
    "x-extensible-enum-value-removed": ('request-parameter-x-extensible-enum-value-removed', 'POST /req', 'removed the x-extensible-enum value `b` from the query request parameter `q`'),
}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_schema_rule_ids(case: str) -> None:
    assert [c.id for c in changes_of(case)] == EXPECTED[case]


@pytest.mark.parametrize("case", sorted(MESSAGES))
def test_schema_rule_message(case: str) -> None:
    first = changes_of(case)[0]
    assert (first.id, first.operation, first.message) == MESSAGES[case]
    assert first.why and first.fingerprint


def test_every_fixture_folder_is_asserted() -> None:
    folders = {p.name for p in DATA.iterdir() if p.is_dir() and p.name != "composition"}
    assert folders == set(EXPECTED) == set(MESSAGES)


def test_every_schema_rule_has_a_fixture() -> None:
    from tests.specdiff.rules.test_schema_composition import COMPOSITION

    seen = {rid for ids in EXPECTED.values() for rid in ids}
    seen |= {rid for ids in COMPOSITION.values() for rid in ids}
    schema_rules = {r.id for r in all_rules() if r.family == "schema"}
    assert schema_rules - seen == set()


def test_levels_follow_the_side_that_breaks() -> None:
    """The same tightening is an error in a request and harmless in a response."""
    by_id = {c.id: c.level.label for c in changes_of("max-length-decreased") + changes_of("max-length-increased")}
    assert by_id["request-property-max-length-decreased"] == "error"
    assert by_id["request-property-max-length-increased"] == "info"
    assert by_id["response-property-max-length-increased"] == "error"
    assert by_id["response-property-max-length-decreased"] == "info"  # clients receive less: a change, not a break


@pytest.mark.parametrize(
    ("case", "request_level", "response_level"),
    [
        ("min-length-increased", "error", "info"),
        ("max-decreased", "error", "info"),
        ("max-items-set", "warning", "info"),
        ("min-unset", "info", "error"),
        ("max-properties-increased", "info", "error"),
        ("unique-items-unset", "info", "warning"),
    ],
)
def test_every_bound_change_is_reported_at_the_level_of_the_side_it_hurts(case: str, request_level: str, response_level: str) -> None:
    levels = {(c.id.split("-")[0], c.level.label) for c in changes_of(case)}
    assert levels == {("request", request_level), ("response", response_level)}


def test_shared_component_change_names_the_component() -> None:
    changes = changes_of("property-removed-required")
    assert {c.component for c in changes} == {"#/components/schemas/Thing"}
    assert {c.base.pointer for c in changes if c.base} == {"/components/schemas/Thing/properties/c"}
    assert all(c.revision is None for c in changes)


def test_fingerprints_distinguish_sibling_findings() -> None:
    changes = changes_of("if-then-else-added")
    assert len({c.fingerprint for c in changes}) == len(changes)
