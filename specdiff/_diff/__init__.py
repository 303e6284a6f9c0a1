"""The typed diff model: two documents -> added / removed / modified per node.

Knows nothing of rules or severity; `specdiff._rules` reads it.
"""

from specdiff._diff._differ import diff_documents, path_param_names, path_template, resolve_side
from specdiff._diff._model import (
    HeaderDiff,
    MapDiff,
    MediaTypeDiff,
    OperationDiff,
    OperationRef,
    ParameterDiff,
    PathRemoval,
    RequestBodyDiff,
    ResponseDiff,
    Side,
    SpecDiff,
)
from specdiff._diff._refs import RefIndex, escape

__all__ = [
    "HeaderDiff",
    "MapDiff",
    "MediaTypeDiff",
    "OperationDiff",
    "OperationRef",
    "ParameterDiff",
    "PathRemoval",
    "RefIndex",
    "RequestBodyDiff",
    "ResponseDiff",
    "Side",
    "SpecDiff",
    "diff_documents",
    "escape",
    "path_param_names",
    "path_template",
    "resolve_side",
]
