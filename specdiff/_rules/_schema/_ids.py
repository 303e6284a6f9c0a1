"""Schema rule IDs: direction-free findings mapped to oasdiff's vocabulary (and ours).

The same structural finding means different things by side: a lower `maxLength` rejects what
clients used to send (request: error) but only narrows what they receive (response: info). This
module holds that judgement: `rule_for(finding, place)` picks the rule ID from the finding's kind,
the side, where the schema sits (body, parameter, response header) and whether the finding is
at the schema's root (`request-body-*`) or inside it (`request-property-*`).

IDs are oasdiff's where the meaning matches, so waivers carry over; the ones oasdiff lacks are
ours, listed in `OWN_RULES` with the reason they exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from specdiff._model import Direction, Level
from specdiff._rules._schema._compare import Finding, format_widens
from specdiff._rules._schema._view import canon

E, W, I = Level.ERROR, Level.WARNING, Level.INFO  # noqa: E741 - table readability

# oasdiff rule IDs this module can emit, with oasdiff's default level (checker/rules.go).
OASDIFF_RULES: dict[str, Level] = {
    "new-optional-request-property": I,
    "new-required-request-header-property": E,
    "new-required-request-property": E,
    "new-required-request-property-with-default": E,
    "request-body-all-of-added": E,
    "request-body-all-of-added-annotation-only": I,
    "request-body-all-of-removed": W,
    "request-body-all-of-removed-annotation-only": I,
    "request-property-all-of-added": E,
    "request-property-all-of-added-annotation-only": I,
    "request-property-all-of-removed": W,
    "request-property-all-of-removed-annotation-only": I,
    "response-body-all-of-added": I,
    "response-body-all-of-added-annotation-only": I,
    "response-body-all-of-removed": I,
    "response-body-all-of-removed-annotation-only": I,
    "response-property-all-of-added": I,
    "response-property-all-of-added-annotation-only": I,
    "response-property-all-of-removed": I,
    "response-property-all-of-removed-annotation-only": I,
    "request-body-any-of-added": I,
    "request-body-any-of-removed": E,
    "request-body-became-enum": E,
    "request-body-became-not-nullable": E,
    "request-body-became-nullable": I,
    "request-body-const-added": E,
    "request-body-const-changed": E,
    "request-body-const-removed": I,
    "request-body-contains-added": E,
    "request-body-contains-removed": I,
    "request-body-content-encoding-changed": E,
    "request-body-content-media-type-changed": E,
    "request-body-content-schema-added": E,
    "request-body-content-schema-removed": I,
    "request-body-default-value-added": I,
    "request-body-default-value-changed": I,
    "request-body-default-value-removed": I,
    "request-body-dependent-required-added": E,
    "request-body-dependent-required-changed": E,
    "request-body-dependent-required-removed": I,
    "request-body-dependent-schema-added": E,
    "request-body-dependent-schema-removed": I,
    "request-body-discriminator-added": I,
    "request-body-discriminator-mapping-added": I,
    "request-body-discriminator-mapping-changed": I,
    "request-body-discriminator-mapping-deleted": I,
    "request-body-discriminator-property-name-changed": I,
    "request-body-discriminator-removed": I,
    "request-body-else-added": E,
    "request-body-else-removed": I,
    "request-body-enum-value-removed": E,
    "request-body-exclusive-max-decreased": E,
    "request-body-exclusive-max-increased": I,
    "request-body-exclusive-max-set": W,
    "request-body-exclusive-min-decreased": I,
    "request-body-exclusive-min-increased": E,
    "request-body-exclusive-min-set": W,
    "request-body-if-added": E,
    "request-body-if-removed": I,
    "request-body-list-of-types-narrowed": E,
    "request-body-list-of-types-widened": I,
    "request-body-max-contains-decreased": E,
    "request-body-max-contains-increased": I,
    "request-body-max-decreased": E,
    "request-body-max-increased": I,
    "request-body-max-length-decreased": E,
    "request-body-max-length-increased": I,
    "request-body-max-length-set": W,
    "request-body-max-set": W,
    "request-body-min-contains-decreased": I,
    "request-body-min-contains-increased": E,
    "request-body-min-decreased": I,
    "request-body-min-increased": E,
    "request-body-min-items-increased": E,
    "request-body-min-items-set": W,
    "request-body-min-length-decreased": I,
    "request-body-min-length-increased": E,
    "request-body-min-set": W,
    "request-body-one-of-added": I,
    "request-body-one-of-removed": E,
    "request-body-pattern-property-added": E,
    "request-body-pattern-property-removed": I,
    "request-body-prefix-items-added": I,
    "request-body-prefix-items-removed": E,
    "request-body-property-names-added": E,
    "request-body-property-names-removed": I,
    "request-body-then-added": E,
    "request-body-then-removed": I,
    "request-body-type-changed": E,
    "request-body-type-compatible": I,
    "request-body-type-generalized": I,
    "request-body-unevaluated-items-added": E,
    "request-body-unevaluated-items-removed": I,
    "request-body-unevaluated-properties-added": E,
    "request-body-unevaluated-properties-removed": I,
    "request-body-wrapped-in-one-of": E,
    "request-header-property-became-enum": E,
    "request-header-property-became-required": E,
    "request-optional-property-became-not-read-only": I,
    "request-optional-property-became-not-write-only": I,
    "request-optional-property-became-read-only": I,
    "request-optional-property-became-write-only": I,
    "request-parameter-became-enum": E,
    "request-parameter-became-not-nullable": E,
    "request-parameter-became-nullable": I,
    "request-parameter-default-value-added": E,
    "request-parameter-default-value-changed": E,
    "request-parameter-default-value-removed": E,
    "request-parameter-enum-value-added": I,
    "request-parameter-enum-value-removed": E,
    "request-parameter-exclusive-max-decreased": E,
    "request-parameter-exclusive-max-increased": I,
    "request-parameter-exclusive-max-set": W,
    "request-parameter-exclusive-min-decreased": I,
    "request-parameter-exclusive-min-increased": E,
    "request-parameter-exclusive-min-set": W,
    "request-parameter-list-of-types-narrowed": E,
    "request-parameter-list-of-types-widened": I,
    "request-parameter-max-decreased": E,
    "request-parameter-max-increased": I,
    "request-parameter-max-items-decreased": E,
    "request-parameter-max-items-increased": I,
    "request-parameter-max-length-decreased": E,
    "request-parameter-max-length-increased": I,
    "request-parameter-max-length-set": W,
    "request-parameter-max-set": W,
    "request-parameter-min-decreased": I,
    "request-parameter-min-increased": E,
    "request-parameter-min-items-decreased": I,
    "request-parameter-min-items-increased": E,
    "request-parameter-min-items-set": W,
    "request-parameter-min-length-decreased": I,
    "request-parameter-min-length-increased": E,
    "request-parameter-min-set": W,
    "request-parameter-pattern-added": E,
    "request-parameter-pattern-changed": W,
    "request-parameter-pattern-generalized": I,
    "request-parameter-pattern-removed": I,
    "request-parameter-property-became-not-nullable": E,
    "request-parameter-property-became-nullable": I,
    "request-parameter-property-enum-value-added": I,
    "request-parameter-property-enum-value-removed": E,
    "request-parameter-property-list-of-types-narrowed": E,
    "request-parameter-property-list-of-types-widened": I,
    "request-parameter-property-type-changed": W,
    "request-parameter-property-type-generalized": I,
    "request-parameter-property-type-specialized": E,
    "request-parameter-type-changed": E,
    "request-parameter-type-generalized": I,
    "request-parameter-x-extensible-enum-value-removed": E,
    "request-property-any-of-added": I,
    "request-property-any-of-removed": E,
    "request-property-became-enum": E,
    "request-property-became-not-nullable": E,
    "request-property-became-nullable": I,
    "request-property-became-optional": I,
    "request-property-became-required": E,
    "request-property-became-required-with-default": E,
    "request-property-const-added": E,
    "request-property-const-changed": E,
    "request-property-const-removed": I,
    "request-property-contains-added": E,
    "request-property-contains-removed": I,
    "request-property-content-encoding-changed": E,
    "request-property-content-media-type-changed": E,
    "request-property-content-schema-added": E,
    "request-property-content-schema-removed": I,
    "request-property-default-value-added": I,
    "request-property-default-value-changed": I,
    "request-property-default-value-removed": I,
    "request-property-dependent-required-added": E,
    "request-property-dependent-required-changed": E,
    "request-property-dependent-required-removed": I,
    "request-property-dependent-schema-added": E,
    "request-property-dependent-schema-removed": I,
    "request-property-deprecated": I,
    "request-property-discriminator-added": I,
    "request-property-discriminator-mapping-added": I,
    "request-property-discriminator-mapping-changed": I,
    "request-property-discriminator-mapping-deleted": I,
    "request-property-discriminator-property-name-changed": I,
    "request-property-discriminator-removed": I,
    "request-property-else-added": E,
    "request-property-else-removed": I,
    "request-property-enum-value-added": I,
    "request-property-enum-value-removed": E,
    "request-property-exclusive-max-decreased": E,
    "request-property-exclusive-max-increased": I,
    "request-property-exclusive-max-set": W,
    "request-property-exclusive-min-decreased": I,
    "request-property-exclusive-min-increased": E,
    "request-property-exclusive-min-set": W,
    "request-property-if-added": E,
    "request-property-if-removed": I,
    "request-property-list-of-types-narrowed": E,
    "request-property-list-of-types-widened": I,
    "request-property-max-contains-decreased": E,
    "request-property-max-contains-increased": I,
    "request-property-max-decreased": E,
    "request-property-max-increased": I,
    "request-property-max-length-decreased": E,
    "request-property-max-length-increased": I,
    "request-property-max-length-set": W,
    "request-property-max-set": W,
    "request-property-min-contains-decreased": I,
    "request-property-min-contains-increased": E,
    "request-property-min-decreased": I,
    "request-property-min-increased": E,
    "request-property-min-items-increased": E,
    "request-property-min-items-set": W,
    "request-property-min-length-decreased": I,
    "request-property-min-length-increased": E,
    "request-property-min-set": W,
    "request-property-one-of-added": I,
    "request-property-one-of-removed": E,
    "request-property-pattern-added": E,
    "request-property-pattern-changed": W,
    "request-property-pattern-generalized": I,
    "request-property-pattern-property-added": E,
    "request-property-pattern-property-removed": I,
    "request-property-pattern-removed": I,
    "request-property-prefix-items-added": I,
    "request-property-prefix-items-removed": E,
    "request-property-property-names-added": E,
    "request-property-property-names-removed": I,
    "request-property-reactivated": I,
    "request-property-removed": W,
    "request-property-then-added": E,
    "request-property-then-removed": I,
    "request-property-type-changed": E,
    "request-property-type-compatible": I,
    "request-property-type-generalized": I,
    "request-property-unevaluated-items-added": E,
    "request-property-unevaluated-items-removed": I,
    "request-property-unevaluated-properties-added": E,
    "request-property-unevaluated-properties-removed": I,
    "request-property-x-extensible-enum-value-removed": E,
    "request-read-only-property-enum-value-removed": I,
    "request-read-only-property-exclusive-max-decreased": I,
    "request-read-only-property-exclusive-min-increased": I,
    "request-read-only-property-max-decreased": I,
    "request-read-only-property-max-length-decreased": I,
    "request-read-only-property-min-increased": I,
    "request-required-property-became-not-read-only": I,
    "request-required-property-became-not-write-only": I,
    "request-required-property-became-read-only": I,
    "request-required-property-became-write-only": I,
    "response-body-any-of-added": I,
    "response-body-any-of-removed": I,
    "response-body-became-not-nullable": I,
    "response-body-became-nullable": E,
    "response-body-const-added": I,
    "response-body-const-changed": E,
    "response-body-const-removed": E,
    "response-body-contains-added": I,
    "response-body-contains-removed": E,
    "response-body-content-encoding-changed": E,
    "response-body-content-media-type-changed": E,
    "response-body-content-schema-added": I,
    "response-body-content-schema-removed": E,
    "response-body-default-value-added": I,
    "response-body-default-value-changed": I,
    "response-body-default-value-removed": I,
    "response-body-dependent-required-added": I,
    "response-body-dependent-required-changed": E,
    "response-body-dependent-required-removed": E,
    "response-body-dependent-schema-added": I,
    "response-body-dependent-schema-removed": E,
    "response-body-discriminator-added": I,
    "response-body-discriminator-mapping-added": I,
    "response-body-discriminator-mapping-changed": I,
    "response-body-discriminator-mapping-deleted": I,
    "response-body-discriminator-property-name-changed": I,
    "response-body-discriminator-removed": I,
    "response-body-else-added": I,
    "response-body-else-removed": E,
    "response-body-exclusive-max-increased": E,
    "response-body-exclusive-min-decreased": E,
    "response-body-if-added": I,
    "response-body-if-removed": E,
    "response-body-list-of-types-narrowed": I,
    "response-body-list-of-types-widened": E,
    "response-body-max-contains-decreased": I,
    "response-body-max-contains-increased": E,
    "response-body-max-increased": E,
    "response-body-max-length-increased": E,
    "response-body-max-length-unset": E,
    "response-body-min-contains-decreased": E,
    "response-body-min-contains-increased": I,
    "response-body-min-decreased": E,
    "response-body-min-items-decreased": E,
    "response-body-min-items-unset": E,
    "response-body-min-length-decreased": E,
    "response-body-one-of-added": E,
    "response-body-one-of-removed": I,
    "response-body-pattern-property-added": I,
    "response-body-pattern-property-removed": E,
    "response-body-prefix-items-added": E,
    "response-body-prefix-items-removed": I,
    "response-body-property-names-added": I,
    "response-body-property-names-removed": E,
    "response-body-then-added": I,
    "response-body-then-removed": E,
    "response-body-type-changed": E,
    "response-body-type-compatible": I,
    "response-body-type-generalized": E,
    "response-body-type-specialized": I,
    "response-body-unevaluated-items-added": I,
    "response-body-unevaluated-items-removed": E,
    "response-body-unevaluated-properties-added": I,
    "response-body-unevaluated-properties-removed": E,
    "response-body-wrapped-in-one-of": E,
    "response-header-became-not-nullable": I,
    "response-header-became-nullable": E,
    "response-header-type-changed": E,
    "response-header-type-compatible": I,
    "response-header-type-generalized": E,
    "response-header-type-specialized": I,
    "response-mediatype-enum-value-removed": I,
    "response-optional-property-added": I,
    "response-optional-property-became-not-read-only": I,
    "response-optional-property-became-not-write-only": I,
    "response-optional-property-became-read-only": I,
    "response-optional-property-became-write-only": I,
    "response-optional-property-removed": W,
    "response-optional-write-only-property-added": I,
    "response-optional-write-only-property-removed": I,
    "response-property-any-of-added": I,
    "response-property-any-of-removed": I,
    "response-property-became-not-nullable": I,
    "response-property-became-nullable": E,
    "response-property-became-optional": E,
    "response-property-became-required": I,
    "response-property-const-added": I,
    "response-property-const-changed": E,
    "response-property-const-removed": E,
    "response-property-contains-added": I,
    "response-property-contains-removed": E,
    "response-property-content-encoding-changed": E,
    "response-property-content-media-type-changed": E,
    "response-property-content-schema-added": I,
    "response-property-content-schema-removed": E,
    "response-property-default-value-added": I,
    "response-property-default-value-changed": I,
    "response-property-default-value-removed": I,
    "response-property-dependent-required-added": I,
    "response-property-dependent-required-changed": E,
    "response-property-dependent-required-removed": E,
    "response-property-dependent-schema-added": I,
    "response-property-dependent-schema-removed": E,
    "response-property-deprecated": I,
    "response-property-discriminator-added": I,
    "response-property-discriminator-mapping-added": I,
    "response-property-discriminator-mapping-changed": I,
    "response-property-discriminator-mapping-deleted": I,
    "response-property-discriminator-property-name-changed": I,
    "response-property-discriminator-removed": I,
    "response-property-else-added": I,
    "response-property-else-removed": E,
    "response-property-enum-value-added": W,
    "response-property-enum-value-removed": I,
    "response-property-exclusive-max-increased": E,
    "response-property-exclusive-min-decreased": E,
    "response-property-if-added": I,
    "response-property-if-removed": E,
    "response-property-list-of-types-narrowed": I,
    "response-property-list-of-types-widened": E,
    "response-property-max-contains-decreased": I,
    "response-property-max-contains-increased": E,
    "response-property-max-increased": E,
    "response-property-max-length-increased": E,
    "response-property-max-length-unset": E,
    "response-property-min-contains-decreased": E,
    "response-property-min-contains-increased": I,
    "response-property-min-decreased": E,
    "response-property-min-items-decreased": E,
    "response-property-min-items-unset": E,
    "response-property-min-length-decreased": E,
    "response-property-one-of-added": E,
    "response-property-one-of-removed": I,
    "response-property-pattern-added": I,
    "response-property-pattern-changed": I,
    "response-property-pattern-property-added": I,
    "response-property-pattern-property-removed": E,
    "response-property-pattern-removed": I,
    "response-property-prefix-items-added": E,
    "response-property-prefix-items-removed": I,
    "response-property-property-names-added": I,
    "response-property-property-names-removed": E,
    "response-property-reactivated": I,
    "response-property-then-added": I,
    "response-property-then-removed": E,
    "response-property-type-changed": E,
    "response-property-type-compatible": I,
    "response-property-type-generalized": E,
    "response-property-type-specialized": I,
    "response-property-unevaluated-items-added": I,
    "response-property-unevaluated-items-removed": E,
    "response-property-unevaluated-properties-added": I,
    "response-property-unevaluated-properties-removed": E,
    "response-required-property-added": I,
    "response-required-property-became-not-read-only": I,
    "response-required-property-became-not-write-only": W,
    "response-required-property-became-read-only": I,
    "response-required-property-became-write-only": I,
    "response-required-property-removed": E,
    "response-required-write-only-property-added": I,
    "response-required-write-only-property-removed": I,
    "response-write-only-property-became-optional": I,
    "response-write-only-property-became-required": I,
    "response-write-only-property-enum-value-added": I,
}

# Property lifecycle (deprecation with x-sunset, x-stability-level), emitted through the
# deprecation policy in `specdiff._rules.schema`.
OASDIFF_RULES.update(
    {
        "request-property-deprecated-sunset-invalid": E,
        "request-property-deprecated-sunset-missing": E,
        "request-property-deprecated-with-sunset": I,
        "request-property-sunset-date-too-small": E,
        "response-property-deprecated-sunset-invalid": E,
        "response-property-deprecated-sunset-missing": E,
        "response-property-deprecated-with-sunset": I,
        "response-property-sunset-date-too-small": E,
        "request-property-stability-decreased": E,
        "request-property-stability-increased": I,
        "response-property-stability-decreased": E,
        "response-property-stability-increased": I,
    }
)

# Our own IDs, for schema changes oasdiff does not name (level, why we added it).
OWN_RULES: dict[str, Level] = {
    "request-body-max-items-decreased": E,
    "request-property-max-items-decreased": E,
    "request-body-max-items-set": W,
    "request-property-max-items-set": W,
    "request-body-min-items-decreased": I,
    "request-property-min-items-decreased": I,
    "request-body-max-items-increased": I,
    "request-property-max-items-increased": I,
    "response-body-max-items-increased": E,
    "response-property-max-items-increased": E,
    "response-body-max-items-unset": E,
    "response-property-max-items-unset": E,
    "response-body-max-unset": E,
    "response-property-max-unset": E,
    "response-body-min-unset": E,
    "response-property-min-unset": E,
    "request-body-max-properties-decreased": E,
    "request-property-max-properties-decreased": E,
    "request-body-min-properties-increased": E,
    "request-property-min-properties-increased": E,
    "request-body-max-properties-set": W,
    "request-property-max-properties-set": W,
    "request-body-min-properties-set": W,
    "request-property-min-properties-set": W,
    "response-body-max-properties-increased": E,
    "response-property-max-properties-increased": E,
    "response-body-min-properties-decreased": E,
    "response-property-min-properties-decreased": E,
    "request-body-unique-items-set": E,
    "request-property-unique-items-set": E,
    "request-parameter-unique-items-set": E,
    "response-body-unique-items-unset": W,
    "response-property-unique-items-unset": W,
    "request-body-additional-properties-restricted": E,
    "request-property-additional-properties-restricted": E,
    "response-body-additional-properties-allowed": I,
    "response-property-additional-properties-allowed": I,
    "request-property-wrapped-in-one-of": E,
    "response-property-wrapped-in-one-of": E,
    "request-body-min-length-set": W,
    "request-property-min-length-set": W,
    "request-parameter-min-length-set": W,
    "request-parameter-max-items-set": W,
    "response-body-min-length-unset": E,
    "response-property-min-length-unset": E,
    "response-body-exclusive-max-unset": E,
    "response-property-exclusive-max-unset": E,
    "response-body-exclusive-min-unset": E,
    "response-property-exclusive-min-unset": E,
    "response-body-max-properties-unset": E,
    "response-property-max-properties-unset": E,
    "response-body-min-properties-unset": E,
    "response-property-min-properties-unset": E,
    "request-body-became-not-enum": I,
    "request-property-became-not-enum": I,
    "request-parameter-became-not-enum": I,
    "response-body-became-not-enum": W,
    "response-body-became-enum": I,
    "response-property-became-enum": I,
    "response-property-became-not-enum": W,
    "request-body-any-of-became-one-of": W,
    "request-property-any-of-became-one-of": W,
    "request-body-one-of-became-any-of": I,
    "request-property-one-of-became-any-of": I,
    "response-body-one-of-became-any-of": W,
    "response-property-one-of-became-any-of": W,
    "response-body-any-of-became-one-of": I,
    "response-property-any-of-became-one-of": I,
}



_BOUND_NAMES = {
    "maximum": "max",
    "minimum": "min",
    "exclusiveMaximum": "exclusive-max",
    "exclusiveMinimum": "exclusive-min",
    "maxLength": "max-length",
    "minLength": "min-length",
    "maxItems": "max-items",
    "minItems": "min-items",
    "maxProperties": "max-properties",
    "minProperties": "min-properties",
    "maxContains": "max-contains",
    "minContains": "min-contains",
}


def _bound_rules() -> dict[str, Level]:
    """Every bound keyword x change x position oasdiff does not name, judged one way.

    A request bound tightened (max decreased, min increased) is an error and a new bound a
    warning, as oasdiff's own IDs; relaxed or removed it is info. A response bound widened or
    removed is an error; tightened or newly set it is info (clients receive less than they
    handle). So every bound change is reported, at the level of the side it can hurt.
    """
    out: dict[str, Level] = {}
    for name in _BOUND_NAMES.values():
        upper = name.startswith(("max", "exclusive-max"))
        for change in ("set", "unset", "increased", "decreased"):
            tightens = change == "set" or (change == "decreased") == upper
            if change == "unset":
                tightens = False
            request_level = (W if change == "set" else E) if tightens else I
            response_level = I if tightens else E
            prefixes: list[tuple[str, Level]] = [("request-body", request_level), ("request-property", request_level)]
            prefixes += [("response-body", response_level), ("response-property", response_level)]
            if not name.endswith(("properties", "contains")):
                prefixes.append(("request-parameter", request_level))
            for prefix, level in prefixes:
                rid = f"{prefix}-{name}-{change}"
                if rid not in OASDIFF_RULES and rid not in OWN_RULES:
                    out[rid] = level
    # uniqueItems is a bound too: set tightens, unset relaxes.
    for prefix in ("request-body", "request-property", "request-parameter"):
        out.setdefault(f"{prefix}-unique-items-unset", I)
    for prefix in ("response-body", "response-property"):
        out.setdefault(f"{prefix}-unique-items-set", I)
    return out


OWN_RULES.update(_bound_rules())
SCHEMA_RULES: dict[str, Level] = {**OASDIFF_RULES, **OWN_RULES}


@dataclass(frozen=True, slots=True)
class Place:
    """Where a compared schema sits: which side, body / parameter / response header, and names.

    `where` is "body" (request or response body), "parameter" (a request parameter; `param_in`
    says query/path/header/cookie) or "header" (a response header). `media_type` decides
    whether `string` ⇄ anything is a compatible change (loosely typed media types).
    """

    direction: Direction
    where: str = "body"
    param_in: str = ""
    name: str = ""
    status: str = ""
    media_type: str = ""
    form_explode: bool = True  # parameter serialisation: style form, explode (query default)

    @property
    def request(self) -> bool:
        return self.direction is Direction.REQUEST

    @property
    def strongly_typed(self) -> bool:
        mt = self.media_type.lower()
        return not mt or "json" in mt or mt == "*/*"


@dataclass(frozen=True, slots=True)
class Verdict:
    """A finding judged for one place: rule ID, level, and a one-line message."""

    rule_id: str
    level: Level
    message: str


# Why a rule's change breaks (or does not break) clients, by the ID's family.
_WHY_FAMILY: dict[tuple[str, str], str] = {
    ("request", "type-changed"): "clients keep sending values of the old type, which the server now rejects",
    ("response", "type-changed"): "clients parse the value as the old type and fail on the new one",
    ("request", "type-generalized"): "the server now accepts more values than before; existing requests stay valid",
    ("response", "type-generalized"): "clients may now receive values outside the type they were built for",
    ("request", "type-specialized"): "clients may send values of the wider type that the server now rejects",
    ("response", "type-specialized"): "clients receive a narrower type, which they already handle",
    ("request", "type-compatible"): "with a loosely typed media type the old values stay valid",
    ("response", "type-compatible"): "with a loosely typed media type clients still read the value as text",
    ("request", "list-of-types-narrowed"): "clients sending a removed type are now rejected",
    ("response", "list-of-types-narrowed"): "clients receive fewer types, which they already handle",
    ("request", "list-of-types-widened"): "the server accepts more types; existing requests stay valid",
    ("response", "list-of-types-widened"): "clients may receive a type they do not handle",
    ("request", "became-nullable"): "null is now also accepted; existing requests stay valid",
    ("response", "became-nullable"): "clients that do not expect null will fail on it",
    ("request", "became-not-nullable"): "clients sending null are now rejected",
    ("response", "became-not-nullable"): "clients stop receiving null, which they already handle",
    ("request", "became-enum"): "values outside the new list, accepted before, are now rejected",
    ("response", "became-enum"): "clients receive values from a fixed list, which they already handle",
    ("request", "became-not-enum"): "any value of the type is now accepted; existing requests stay valid",
    ("response", "became-not-enum"): "clients with an exhaustive switch over the old values may receive others",
    ("request", "enum-value-removed"): "clients sending the removed value are now rejected",
    ("response", "enum-value-removed"): "clients stop receiving a value they already handle",
    ("request", "enum-value-added"): "the server accepts one more value; existing requests stay valid",
    ("response", "enum-value-added"): "clients with an exhaustive switch over the values may fail on the new one",
    ("request", "x-extensible-enum-value-removed"): "clients sending the removed value are now rejected",
    ("request", "property-removed"): "clients still sending the property may be rejected or have it ignored silently",
    ("response", "required-property-removed"): "clients reading the always-present property now find nothing",
    ("response", "optional-property-removed"): "clients using the property lose its data",
    ("request", "new-required-property"): "existing requests lack the property and are now rejected",
    ("request", "new-optional-property"): "existing requests stay valid",
    ("response", "property-added"): "clients ignore properties they do not know; worth knowing for a changelog",
    ("request", "became-required"): "existing requests that omit the property are now rejected",
    ("request", "became-optional"): "existing requests stay valid",
    ("response", "became-optional"): "clients relying on the property being present may fail when it is absent",
    ("response", "became-required"): "the property is now always present; clients already handle it",
    ("request", "read-write-only"): "readOnly/writeOnly decide who sends a property; worth a look",
    ("response", "read-write-only"): "readOnly/writeOnly decide who sends a property; worth a look",
    ("request", "bound-tightened"): "values inside the old bound but outside the new one are now rejected",
    ("request", "bound-set"): "a new bound rejects values the old contract accepted",
    ("request", "bound-relaxed"): "the server accepts more values; existing requests stay valid",
    ("response", "bound-widened"): "clients may receive values outside the bound they were built for",
    ("response", "bound-tightened"): "clients receive values within a narrower bound, which they already handle",
    ("request", "pattern-added"): "values not matching the new pattern are now rejected",
    ("request", "pattern-changed"): "values matching the old pattern may not match the new one",
    ("request", "pattern-relaxed"): "the server accepts more values; existing requests stay valid",
    ("response", "pattern"): "clients validating the pattern may see values they did not expect",
    ("request", "default-value"): "clients omitting the value now get a different default behaviour",
    ("response", "default-value"): "documentation of the default changed",
    ("request", "const"): "clients sending the old constant are rejected",
    ("response", "const"): "clients expecting the old constant receive another value",
    ("request", "discriminator"): "code generators may pick a different type for the same payload",
    ("response", "discriminator"): "code generators may pick a different type for the same payload",
    ("request", "one-of-added"): "one more alternative is accepted; existing requests stay valid",
    ("request", "one-of-removed"): "clients sending the removed alternative are now rejected",
    ("response", "one-of-added"): "clients may receive an alternative they do not handle",
    ("response", "one-of-removed"): "clients stop receiving an alternative they already handle",
    ("request", "all-of-added"): "a new named part adds its constraints and changes the type generated clients build",
    ("request", "all-of-removed"): "generated clients lose a supertype of the payload they send",
    ("response", "all-of-added"): "the payload gains a named supertype; what clients receive only narrows",
    ("response", "all-of-removed"): "generated clients lose a supertype of the payload; its fields are reported separately",
    ("request", "all-of-added-annotation-only"): "the part only documents; nothing validates differently",
    ("request", "all-of-removed-annotation-only"): "the part only documented; nothing validates differently",
    ("response", "all-of-added-annotation-only"): "the part only documents; nothing validates differently",
    ("response", "all-of-removed-annotation-only"): "the part only documented; nothing validates differently",
    ("request", "any-of-became-one-of"): "a payload matching several alternatives, valid under anyOf, is rejected by oneOf",
    ("request", "one-of-became-any-of"): "anyOf accepts everything oneOf did; existing requests stay valid",
    ("response", "one-of-became-any-of"): "clients may receive a payload matching several alternatives, which oneOf excluded",
    ("response", "any-of-became-one-of"): "oneOf returns a subset of what anyOf allowed; clients already handle it",
    ("request", "wrapped-in-one-of"): "a payload matching more than one alternative is rejected by oneOf",
    ("response", "wrapped-in-one-of"): "clients deserialising the old shape must now handle alternatives",
    ("request", "subschema-added"): "a new subschema constrains what clients may send",
    ("request", "subschema-removed"): "a constraint was removed; existing requests stay valid",
    ("request", "subschema-changed"): "the constraint changed, so requests valid before may now be rejected",
    ("response", "subschema-changed"): "the constraint changed, so clients may receive values the old one excluded",
    ("response", "subschema-added"): "a new constraint narrows what clients receive",
    ("response", "subschema-removed"): "a constraint was removed, so clients may receive values they did not expect",
    ("request", "unique-items-set"): "arrays with duplicate items, accepted before, are now rejected",
    ("response", "unique-items-unset"): "clients may now receive arrays with duplicate items",
    ("request", "unique-items-unset"): "arrays with duplicate items are now accepted too; existing requests stay valid",
    ("response", "unique-items-set"): "clients stop receiving duplicate items, which they already handle",
    ("request", "additional-properties-restricted"): "requests with properties beyond the listed ones are now rejected",
    ("response", "additional-properties-allowed"): "clients may receive properties beyond the listed ones",
    ("request", "deprecated-sunset-invalid"): "without a readable sunset date clients cannot plan the migration",
    ("response", "deprecated-sunset-invalid"): "without a readable sunset date clients cannot plan the migration",
    ("request", "deprecated-sunset-missing"): "the deprecation policy asks for a sunset date; clients cannot plan without one",
    ("response", "deprecated-sunset-missing"): "the deprecation policy asks for a sunset date; clients cannot plan without one",
    ("request", "sunset-date-too-small"): "clients get less time to migrate than the deprecation policy promises",
    ("response", "sunset-date-too-small"): "clients get less time to migrate than the deprecation policy promises",
    ("request", "deprecated-with-sunset"): "the property still works until its sunset date",
    ("response", "deprecated-with-sunset"): "the property still works until its sunset date",
    ("request", "stability-decreased"): "a less stable property may change without notice",
    ("response", "stability-decreased"): "a less stable property may change without notice",
    ("request", "stability-increased"): "the property became more stable; nothing breaks",
    ("response", "stability-increased"): "the property became more stable; nothing breaks",
    ("request", "deprecated"): "the property still works but is scheduled to go",
    ("response", "deprecated"): "the property still works but is scheduled to go",
}

_TIGHTENING = ("decreased", "increased", "set", "unset")


def _family(rule_id: str) -> tuple[str, str]:
    side = "request" if rule_id.startswith(("request-", "new-")) else "response"
    tail = rule_id
    for prefix in (
        "request-parameter-property-",
        "request-header-property-",
        "request-read-only-property-",
        "request-required-property-",
        "request-optional-property-",
        "response-required-write-only-property-",
        "response-optional-write-only-property-",
        "response-write-only-property-",
        "response-required-property-",
        "response-optional-property-",
        "request-parameter-",
        "request-property-",
        "request-body-",
        "response-property-",
        "response-body-",
        "response-header-",
        "response-mediatype-",
    ):
        if rule_id.startswith(prefix):
            tail = rule_id[len(prefix) :]
            break
    return side, tail


def why(rule_id: str) -> str:
    """One line on why a change under `rule_id` breaks (or does not break) clients."""
    side, tail = _family(rule_id)
    if rule_id.startswith("request-read-only-property-"):
        return "the property is readOnly, so clients do not send it; the change is informational"
    if "write-only" in rule_id and side == "response":
        return "the property is writeOnly, so servers do not return it; the change is informational"
    if rule_id.startswith("new-required-request"):
        return _WHY_FAMILY[("request", "new-required-property")]
    if rule_id == "new-optional-request-property":
        return _WHY_FAMILY[("request", "new-optional-property")]
    if rule_id.startswith("response-required-property-") and tail in ("removed",):
        return _WHY_FAMILY[("response", "required-property-removed")]
    if rule_id.startswith("response-optional-property-") and tail == "removed":
        return _WHY_FAMILY[("response", "optional-property-removed")]
    if tail in ("added",) and "property" in rule_id and side == "response":
        return _WHY_FAMILY[("response", "property-added")]
    if "read-only" in tail or "write-only" in tail:
        return _WHY_FAMILY[(side, "read-write-only")]
    key = (side, tail)
    if key in _WHY_FAMILY:
        return _WHY_FAMILY[key]
    for stem in ("became-required", "became-optional", "became-enum", "default-value", "const", "discriminator", "deprecated", "reactivated"):
        if tail.startswith(stem) and (side, stem) in _WHY_FAMILY:
            return _WHY_FAMILY[(side, stem)]
    if tail.startswith("reactivated"):
        return "the property is no longer deprecated"
    if tail.startswith("pattern-property") or tail.split("-")[0] in ("if", "then", "else", "contains", "property", "unevaluated", "content", "dependent", "prefix"):
        if tail.startswith(("min-contains", "max-contains")):
            return _bound_why(side, tail, SCHEMA_RULES.get(rule_id, I))
        if tail.endswith("changed"):
            return _WHY_FAMILY[(side, "subschema-changed")]
        return _WHY_FAMILY[(side, "subschema-added" if tail.endswith("added") else "subschema-removed")]
    if tail.startswith("pattern"):
        if side == "response":
            return _WHY_FAMILY[("response", "pattern")]
        if tail.endswith("added"):
            return _WHY_FAMILY[("request", "pattern-added")]
        if tail.endswith("changed"):
            return _WHY_FAMILY[("request", "pattern-changed")]
        return _WHY_FAMILY[("request", "pattern-relaxed")]
    if tail.endswith(_TIGHTENING):
        return _bound_why(side, tail, SCHEMA_RULES.get(rule_id, I))
    if tail.startswith(("one-of", "any-of")):
        kind = "one-of-added" if tail.endswith("added") else "one-of-removed"
        return _WHY_FAMILY[(side, kind)]
    return "schema change worth knowing for a changelog"


def _bound_why(side: str, tail: str, level: Level) -> str:
    if side == "request":
        if tail.endswith("-set"):
            return _WHY_FAMILY[("request", "bound-set")]
        return _WHY_FAMILY[("request", "bound-tightened" if level >= W else "bound-relaxed")]
    return _WHY_FAMILY[("response", "bound-widened" if level >= W else "bound-tightened")]


# -- judging findings -------------------------------------------------------------------------

# Request-side findings still reported (at info) when the property is readOnly.
_READ_ONLY_VARIANTS = frozenset(
    {"enum-value-removed", "max-decreased", "max-length-decreased", "min-increased", "exclusive-max-decreased", "exclusive-min-increased"}
)
_PROPERTY_KINDS = frozenset(
    {
        "property-added",
        "property-removed",
        "became-required",
        "became-optional",
        "became-read-only",
        "became-not-read-only",
        "became-write-only",
        "became-not-write-only",
        "deprecated",
        "reactivated",
    }
)
_SUBSCHEMA_KINDS = frozenset(
    {
        "if",
        "then",
        "else",
        "contains",
        "property-names",
        "unevaluated-items",
        "unevaluated-properties",
        "content-schema",
        "prefix-items",
    }
)


def show(value: Any) -> str:
    """A value as it appears in messages: JSON-ish, in backticks."""
    if value is None:
        return "`none`"
    if isinstance(value, str):
        return f"`{value}`"
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], bool):
        return f"`{_num(value[0])}`" + (" (exclusive)" if value[1] else "")
    return f"`{canon(value)}`"


def _pair(old: Any, new: Any) -> str:
    """"`a` to `b`", spelled as JSON when the plain spelling would hide the difference."""
    a, b = show(old), show(new)
    if a == b:
        a, b = f"`{canon(old)}`", f"`{canon(new)}`"
    return f"{a} to {b}"


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def subject(place: Place, path: tuple[str, ...]) -> str:
    """How a message names the changed thing: "the request property `a/b`", "the response body"..."""
    dotted = "/".join(path)
    status = f" (status {place.status})" if place.status else ""
    if place.where == "parameter":
        param = f"the {place.param_in} request parameter `{place.name}`" if place.param_in else f"the request parameter `{place.name}`"
        return f"the property `{dotted}` of {param}" if path else param
    if place.where == "header":
        header = f"the response header `{place.name}`{status}"
        return f"the property `{dotted}` of {header}" if path else header
    side = "request" if place.request else "response"
    if not path:
        return f"the {side} body{status}"
    return f"the {side} property `{dotted}`{status}"


def _prefix(place: Place, root: bool) -> list[str]:
    """Candidate ID prefixes, most specific first (missing combinations fall back)."""
    if place.request:
        if place.where == "parameter":
            return ["request-parameter"] if root else ["request-parameter-property", "request-parameter", "request-property"]
        return ["request-body", "request-property"] if root else ["request-property"]
    if place.where == "header":
        return ["response-header", "response-property"] if root else ["response-property"]
    return ["response-body", "response-property"] if root else ["response-property"]


def _pick(place: Place, root: bool, suffix: str) -> str | None:
    for prefix in _prefix(place, root):
        rid = f"{prefix}-{suffix}"
        if rid in SCHEMA_RULES:
            return rid
    return None


def judge(finding: Finding, place: Place) -> Verdict | None:
    """The rule a finding falls under at `place`, or None when it does not concern that side."""
    picked = _judge(finding, place)
    if picked is None:
        return None
    rule_id, message = picked
    return Verdict(rule_id, SCHEMA_RULES[rule_id], message)


def _judge(f: Finding, place: Place) -> tuple[str, str] | None:
    kind, args, path = f.kind, f.args, f.path
    root = not path
    req = place.request
    what = subject(place, path)
    # readOnly subtrees are not sent by clients; writeOnly subtrees are not returned to them.
    if req and f.ro and (kind in ("enum-value-removed", "became-not-enum", "bound", "exclusive-flag") or kind in _PROPERTY_KINDS):
        return _read_only(f, place, what)
    if not req and f.wo:
        if kind == "enum-value-added":
            return "response-write-only-property-enum-value-added", f"added the enum value {show(args['value'])} to the write-only {what.removeprefix('the ')}"
        return None

    if kind == "type":
        return _type(f, place, root, what)
    if kind in ("became-nullable", "became-not-nullable"):
        rid = _pick(place, root, kind)
        return (rid, f"{what} {kind.replace('-', ' ')}") if rid else None
    if kind == "became-enum":
        if place.where == "parameter" and place.param_in == "header" and not root:
            return "request-header-property-became-enum", f"{what} was restricted to a list of enum values"
        rid = _pick(place, root, "became-enum")
        return (rid, f"{what} was restricted to a list of enum values") if rid else None
    if kind == "became-not-enum":
        rid = _pick(place, root, "became-not-enum")
        return (rid, f"{what} is no longer restricted to a list of enum values") if rid else None
    if kind == "enum-value-removed":
        if not req and root and place.where == "body":
            return "response-mediatype-enum-value-removed", f"removed the enum value {show(args['value'])} from {what}"
        rid = _pick(place, root, "enum-value-removed")
        return (rid, f"removed the enum value {show(args['value'])} from {what}") if rid else None
    if kind == "enum-value-added":
        rid = _pick(place, root, "enum-value-added")
        return (rid, f"added the enum value {show(args['value'])} to {what}") if rid else None
    if kind == "x-extensible-enum-value-removed":
        if not req:
            return None
        rid = _pick(place, root, kind)
        return (rid, f"removed the x-extensible-enum value {show(args['value'])} from {what}") if rid else None
    if kind == "bound":
        return _bound(f, place, root, what)
    if kind == "exclusive-flag":
        return _exclusive_flag(f, place, root, what)
    if kind.startswith("pattern-") and kind in ("pattern-added", "pattern-removed", "pattern-changed", "pattern-generalized"):
        suffix = kind if req or kind != "pattern-generalized" else "pattern-changed"
        rid = _pick(place, root, suffix)
        if rid is None:
            return None
        if kind == "pattern-added":
            return rid, f"added the pattern {show(args['to'])} to {what}"
        if kind == "pattern-removed":
            return rid, f"removed the pattern {show(args['from'])} from {what}"
        return rid, f"changed the pattern of {what} from {show(args['from'])} to {show(args['to'])}"
    if kind.startswith("default-value-"):
        rid = _pick(place, root, kind)
        if rid is None:
            return None
        if kind.endswith("added"):
            return rid, f"added the default value {show(args['to'])} to {what}"
        if kind.endswith("removed"):
            return rid, f"removed the default value {show(args['from'])} from {what}"
        return rid, f"changed the default value of {what} from {_pair(args['from'], args['to'])}"
    if kind.startswith("const-"):
        rid = _pick(place, root, kind)
        if rid is None:
            return None
        if kind == "const-added":
            return rid, f"added the const {show(args.get('to'))} to {what}"
        if kind == "const-removed":
            return rid, f"removed the const {show(args.get('from'))} from {what}"
        return rid, f"changed the const of {what} from {_pair(args.get('from'), args.get('to'))}"
    if kind in ("content-media-type-changed", "content-encoding-changed"):
        rid = _pick(place, root, kind)
        label = "contentMediaType" if "media" in kind else "contentEncoding"
        return (rid, f"changed the {label} of {what} from {show(args['from'])} to {show(args['to'])}") if rid else None
    if kind.startswith(("dependent-required-", "dependent-schema-", "pattern-property-")):
        rid = _pick(place, root, kind)
        noun = kind.rsplit("-", 1)
        return (rid, f"{noun[1]} the {noun[0].replace('-', ' ')} `{args['name']}` of {what}") if rid else None
    if kind.startswith("discriminator-"):
        rid = _pick(place, root, kind)
        if rid is None:
            return None
        if kind == "discriminator-property-name-changed":
            return rid, f"changed the discriminator property name of {what} from {show(args['from'])} to {show(args['to'])}"
        if kind in ("discriminator-mapping-added", "discriminator-mapping-deleted"):
            keys = ", ".join(f"`{k}`" for k in args["keys"])
            verb = "added" if kind.endswith("added") else "removed"
            return rid, f"{verb} the discriminator mapping keys {keys} of {what}"
        if kind == "discriminator-mapping-changed":
            return rid, f"changed the discriminator mapping `{args['key']}` of {what} from {show(args['from'])} to {show(args['to'])}"
        return rid, f"{kind.split('-', 1)[1]} the discriminator of {what}"
    if kind in ("one-of-added", "one-of-removed", "any-of-added", "any-of-removed"):
        # An inline alternative folded into another that accepts all it did: nothing breaks.
        if args.get("covered") and (req == kind.endswith("removed")):
            return None
        rid = _pick(place, root, kind)
        keyword = "oneOf" if kind.startswith("one") else "anyOf"
        verb = "added" if kind.endswith("added") else "removed"
        prep = "to" if verb == "added" else "from"
        return (rid, f"{verb} the {keyword} alternative {show(args['branch'])} {prep} {what}") if rid else None
    if kind in ("all-of-added", "all-of-removed"):
        rid = _pick(place, root, kind + ("-annotation-only" if args.get("annotation_only") else ""))
        if rid is None:
            return None
        if kind == "all-of-added":
            return rid, f"added {show(args['branch'])} to the `allOf` list of {what}"
        return rid, f"removed {show(args['branch'])} from the `allOf` list of {what}"
    if kind in ("one-of-became-any-of", "any-of-became-one-of"):
        rid = _pick(place, root, kind)
        old_kw, new_kw = ("oneOf", "anyOf") if kind.startswith("one") else ("anyOf", "oneOf")
        return (rid, f"the alternatives of {what} changed from {old_kw} to {new_kw}") if rid else None
    if kind == "wrapped-in-one-of":
        rid = _pick(place, root, kind)
        return (rid, f"{what} was wrapped in a oneOf of {args['branches']} alternatives") if rid else None
    if kind.rsplit("-", 1)[0] in _SUBSCHEMA_KINDS:
        rid = _pick(place, root, kind)
        keyword = kind.rsplit("-", 1)[0]
        verb = kind.rsplit("-", 1)[1]
        return (rid, f"{verb} the `{_camel(keyword)}` subschema {'to' if verb == 'added' else 'from'} {what}") if rid else None
    if kind in ("unique-items-set", "unique-items-unset"):
        rid = _pick(place, root, kind)
        if rid is None:
            return None
        if kind == "unique-items-set":
            return rid, f"{what} now {'requires' if req else 'guarantees'} unique items"
        return rid, f"{what} no longer {'requires' if req else 'guarantees'} unique items"
    if kind in ("additional-properties-restricted", "additional-properties-allowed"):
        if req and kind.endswith("restricted"):
            rid = _pick(place, root, kind)
            return (rid, f"{what} no longer allows additional properties") if rid else None
        if not req and kind.endswith("allowed"):
            rid = _pick(place, root, kind)
            return (rid, f"{what} now allows additional properties") if rid else None
        return None
    return _property(f, place, what)


def _camel(kebab: str) -> str:
    head, *rest = kebab.split("-")
    return head + "".join(p.capitalize() for p in rest)


def _read_only(f: Finding, place: Place, what: str) -> tuple[str, str] | None:
    if f.kind == "enum-value-removed":
        return "request-read-only-property-enum-value-removed", f"removed the enum value {show(f.args['value'])} from the read-only {what.removeprefix('the ')}"
    if f.kind == "bound":
        suffix = _bound_suffix(f.args)
        if suffix in _READ_ONLY_VARIANTS:
            return f"request-read-only-property-{suffix}", f"the {_BOUND_LABEL[f.args['keyword']]} of the read-only {what.removeprefix('the ')} was {suffix.rsplit('-', 1)[1]} from {show(f.args['from'])} to {show(f.args['to'])}"
    return None


_BOUND_LABEL = {
    "maximum": "max",
    "minimum": "min",
    "exclusiveMaximum": "exclusiveMaximum",
    "exclusiveMinimum": "exclusiveMinimum",
    "maxLength": "maxLength",
    "minLength": "minLength",
    "maxItems": "maxItems",
    "minItems": "minItems",
    "maxProperties": "maxProperties",
    "minProperties": "minProperties",
    "maxContains": "maxContains",
    "minContains": "minContains",
}


def _bound_suffix(args: dict[str, Any]) -> str:
    kw, old, new = args["keyword"], args["from"], args["to"]
    name = _BOUND_NAMES[kw]
    if kw in ("maximum", "minimum") and ((old is not None and old[1]) or (new is not None and new[1])):
        name = "exclusive-" + name
    if old is None:
        return f"{name}-set"
    if new is None:
        return f"{name}-unset"
    if kw in ("maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum"):
        o, n = old, new
        if o[0] != n[0]:
            return f"{name}-{'increased' if n[0] > o[0] else 'decreased'}"
        # Same number, exclusivity flipped: exclusive is the tighter side.
        tighter = n[1] and not o[1]
        if kw in ("maximum", "exclusiveMaximum"):
            return f"{name}-{'decreased' if tighter else 'increased'}"
        return f"{name}-{'increased' if tighter else 'decreased'}"
    return f"{name}-{'increased' if new > old else 'decreased'}"


def _bound(f: Finding, place: Place, root: bool, what: str) -> tuple[str, str] | None:
    suffix = _bound_suffix(f.args)
    rid = _pick(place, root, suffix)
    if rid is None:
        return None
    label = _BOUND_LABEL[f.args["keyword"]]
    old, new = f.args["from"], f.args["to"]
    if suffix.endswith("-set"):
        return rid, f"the {label} of {what} was set to {show(new)}"
    if suffix.endswith("-unset"):
        return rid, f"the {label} {show(old)} of {what} was removed"
    verb = suffix.rsplit("-", 1)[1]
    return rid, f"the {label} of {what} was {verb} from {show(old)} to {show(new)}"


def _exclusive_flag(f: Finding, place: Place, root: bool, what: str) -> tuple[str, str] | None:
    """OpenAPI 3.0 `exclusiveMaximum: true` set or removed where no `maximum` stands beside it.

    The flag declares an exclusive bound but names no number; JSON Schema draft 4, whose
    keywords 3.0 takes over, requires `maximum` with it, so validators either reject the schema
    or ignore the flag. A request gaining it is reported as a bound set (warning: may break,
    depending on the validator); a response gaining it or a request losing it is info. A
    response losing it widens nothing that was ever enforced and is not reported.
    """
    kw, was_set = f.args["keyword"], f.args["set"]
    if not was_set and not place.request:
        return None
    name = _BOUND_NAMES[kw]
    rid = _pick(place, root, f"{name}-{'set' if was_set else 'unset'}")
    if rid is None:
        return None
    bound = "maximum" if kw == "exclusiveMaximum" else "minimum"
    if was_set:
        return rid, f"`{kw}: true` was set on {what} without a `{bound}` (what it bounds depends on the validator)"
    return rid, f"`{kw}: true` (without a `{bound}`) was removed from {what}"


def _type_text(types: list[str] | None, fmt: str | None, items: str | None) -> str:
    if types is None:
        base = "any"
    elif not types:  # allOf parts with no type in common: nothing validates
        base = "nothing"
    else:
        base = "/".join(types) if len(types) > 1 else types[0]
        if base == "array" and items:
            base = f"array<{items}>"
    return f"{base}/{fmt}" if fmt else base


def _loosely_typed(place: Place) -> bool:
    return place.where in ("header", "parameter") or (place.where == "body" and not place.strongly_typed)


def _form_array_widening(place: Place, old: set[str], new: set[str], items_cover: bool | None) -> bool:
    """A form-exploded query value `x` is also the one-element array `[x]`: scalar → array whose
    items accept every old value keeps existing requests valid."""
    if place.where != "parameter" or place.param_in not in ("query", "cookie") or not place.form_explode:
        return False
    return new == {"array"} and not (old & {"array", "object"}) and bool(items_cover)


def _type(f: Finding, place: Place, root: bool, what: str) -> tuple[str, str] | None:
    a = f.args
    old_t, new_t = a["from"], a["to"]
    req = place.request
    old_s = set(old_t) if old_t is not None else None
    new_s = set(new_t) if new_t is not None else None
    verdict: str
    if old_s == new_s:
        widens = format_widens(new_t[0] if new_t and len(new_t) == 1 else None, a["from_format"], a["to_format"])
        verdict = "widened" if widens else "narrowed" if widens is False else "changed"
    elif old_s is None:
        verdict = "narrowed"
    elif new_s is None or _form_array_widening(place, old_s, new_s, a.get("items_cover")):
        verdict = "widened"
    elif len(old_s) > 1 or len(new_s) > 1:
        if old_s < new_s:
            verdict = "list-widened"
        elif new_s < old_s:
            verdict = "list-narrowed"
        else:
            verdict = "changed"
    elif old_s == {"integer"} and new_s == {"number"}:
        verdict = "widened"
    elif old_s == {"number"} and new_s == {"integer"}:
        verdict = "narrowed"
    elif _loosely_typed(place) and (root or place.where != "parameter") and ((req and new_s == {"string"}) or (not req and old_s == {"string"})):
        # Text on the wire (XML/text bodies, headers, parameters): a string accepts whatever
        # was sent before, and a reader of strings can read whatever is returned now.
        verdict = "widened" if place.where == "parameter" else "compatible"
    else:
        verdict = "changed"
    if verdict == "list-widened":
        suffix = "list-of-types-widened"
    elif verdict == "list-narrowed":
        suffix = "list-of-types-narrowed"
    elif verdict == "compatible":
        suffix = "type-compatible"
    elif verdict == "widened":
        suffix = "type-generalized"
    elif verdict == "narrowed":
        suffix = "type-specialized" if (not req or place.where == "parameter") else "type-changed"
    else:
        suffix = "type-changed"
    rid = _pick(place, root, suffix)
    if rid is None and suffix == "type-specialized":
        rid = _pick(place, root, "type-changed") if req else None
    if rid is None:
        return None
    old = _type_text(old_t, a["from_format"], a["from_items"])
    new = _type_text(new_t, a["to_format"], a["to_items"])
    label = "type/format" if (a["from_format"] or a["to_format"]) else "type"
    tail = " (backward compatible)" if suffix == "type-compatible" else ""
    return rid, f"the {label} of {what} changed from `{old}` to `{new}`{tail}"


def _property(f: Finding, place: Place, what: str) -> tuple[str, str] | None:
    kind, a = f.kind, f.args
    req = place.request
    header_param = place.where == "parameter" and place.param_in == "header"
    ro, wo = a.get("read_only", False), a.get("write_only", False)
    required = a.get("required", False)
    if kind == "property-added":
        if req:
            if ro:
                return None
            if required:
                if header_param:
                    return "new-required-request-header-property", f"added the new required {what.removeprefix('the ')}"
                if a.get("default"):
                    return "new-required-request-property-with-default", f"added the new required {what.removeprefix('the ')} with a default value"
                return "new-required-request-property", f"added the new required {what.removeprefix('the ')}"
            return "new-optional-request-property", f"added the new optional {what.removeprefix('the ')}"
        if wo:
            rid = "response-required-write-only-property-added" if required else "response-optional-write-only-property-added"
        else:
            rid = "response-required-property-added" if required else "response-optional-property-added"
        return rid, f"added the {'required' if required else 'optional'} {what.removeprefix('the ')}"
    if kind == "property-removed":
        if req:
            return (None if ro else ("request-property-removed", f"removed {what}"))
        if wo:
            rid = "response-required-write-only-property-removed" if required else "response-optional-write-only-property-removed"
        else:
            rid = "response-required-property-removed" if required else "response-optional-property-removed"
        return rid, f"removed the {'required' if required else 'optional'} {what.removeprefix('the ')}"
    if kind == "became-required":
        if a.get("request_only") and not req:
            return None
        if req:
            if ro:
                return None
            if header_param:
                return "request-header-property-became-required", f"{what} became required"
            if a.get("default"):
                return "request-property-became-required-with-default", f"{what}, which has a default value, became required"
            return "request-property-became-required", f"{what} became required"
        rid = "response-write-only-property-became-required" if wo else "response-property-became-required"
        return rid, f"{what} became required"
    if kind == "became-optional":
        if req:
            return None if ro else ("request-property-became-optional", f"{what} became optional")
        rid = "response-write-only-property-became-optional" if wo else "response-property-became-optional"
        return rid, f"{what} became optional"
    if kind in ("became-read-only", "became-not-read-only", "became-write-only", "became-not-write-only"):
        side = "request" if req else "response"
        rid = f"{side}-{'required' if required else 'optional'}-property-{kind}"
        if rid not in SCHEMA_RULES:
            return None
        return rid, f"{what} {kind.replace('-', ' ').replace('read only', 'read-only').replace('write only', 'write-only')}"
    if kind in ("stability-decreased", "stability-increased"):
        if (req and ro) or (not req and wo):
            return None
        rid = f"{'request' if req else 'response'}-property-{kind}"
        verb = kind.split("-")[1]
        return rid, f"the stability level of {what} {verb} from {show(a['from'])} to {show(a['to'])}"
    if kind in ("deprecated", "reactivated"):
        rid = f"{'request' if req else 'response'}-property-{kind}"
        if (req and ro) or (not req and wo):
            return None
        return rid, f"{what} was {'deprecated' if kind == 'deprecated' else 'reactivated (no longer deprecated)'}"
    return None
