"""Type aliases for schemathesis's generic classes, as this package uses them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeAlias

from schemathesis import Case
from schemathesis.core.result import Ok
from schemathesis.schemas import APIOperation, BaseSchema

Operation: TypeAlias = APIOperation[Any, Any, Any, Any]
AnyCase: TypeAlias = Case[Any]


def iter_operations(schema: BaseSchema) -> Iterator[tuple[Operation | None, Exception | None]]:
    """(operation, None) for each usable operation, (None, error) for each schemathesis rejects."""
    for item in schema.get_all_operations():
        if isinstance(item, Ok):
            yield item.ok(), None
        else:
            yield None, item.err()
