"""A work budget for pyld's context processing, linear in the size of the document.

pyld processes a context each time one applies: the document's own ``@context`` entries,
every embedded context, and the property- and type-scoped contexts of the terms it meets, once
per node that uses them. Each time it copies the active context (one entry per term defined
so far) and reads the local context (its JSON text is canonicalized to look it up in a cache,
and its term definitions are processed when the cache misses). A document that defines a
large context and then applies contexts many times costs the product of the two:

- thousands of nodes, each with a small embedded context, under a context of thousands of
  terms;
- a term whose scoped context has thousands of entries, used by thousands of nodes;
- a context URL repeated thousands of times in one ``@context`` array.

Every one of those applications goes through the context resolver pyld is given (its one
method, ``resolve``), so :class:`ContextBudget` wraps the loader's resolver and charges each
call what pyld is about to spend: the size of the active context, plus the size of the local
context: a context of the document counts ten units per JSON value (its text is canonicalized
and its term definitions processed), a context the loader serves one per value (it is trusted,
and pyld keeps it processed). When the
budget of :func:`context_budget` (linear in the document's size) runs out, expansion stops
with :class:`~microcredential.JsonLdError` (``jsonld.work-limit``). Credentials need a small
fraction of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import JsonLdError, MicrocredentialError
from ..problems import Problem
from .loader import OfflineLoader

__all__ = [
    "CONTEXT_WORK_BASE",
    "CONTEXT_WORK_PER_VALUE",
    "ContextBudget",
    "context_budget",
    "json_size",
]

#: The fixed part of the context-processing budget, in units of about a microsecond or less:
#: a credential with the VC 2.0 and Open Badges contexts needs 4,000 to 14,000.
CONTEXT_WORK_BASE = 100_000
#: Units allowed per JSON value of the document (object, array, key or scalar). Credentials,
#: presentations and long lists of typed nodes under the VC 2.0 and Open Badges contexts use
#: under 100 per value; four times that leaves room, and bounds a hostile document to a few
#: times the cost of an honest one of its size.
CONTEXT_WORK_PER_VALUE = 400
#: How much more a value of a local context costs than an entry of the active context copied.
_LOCAL_WEIGHT = 10


def context_budget(size: int) -> int:
    """The context-processing budget for a document of ``size`` JSON values."""
    return CONTEXT_WORK_BASE + CONTEXT_WORK_PER_VALUE * size


def json_size(value: Any) -> int:
    """The number of JSON values in ``value``, keys included (iterative, any depth)."""
    count = 0
    stack = [value]
    while stack:
        item = stack.pop()
        count += 1
        if isinstance(item, Mapping):
            count += len(item)
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return count


class ContextBudget:
    """pyld's context resolver, charging every context application against a budget."""

    def __init__(self, resolver: Any, loader: OfflineLoader, limit: int) -> None:
        self._resolver = resolver
        self._loader = loader
        self.limit = limit
        self.spent = 0
        # id -> (the context, its size): the object is kept so that its id is not reused
        self._sizes: dict[int, tuple[Any, int]] = {}
        self._url_sizes: dict[str, int] = {}

    def resolve(self, active_ctx: Any, context: Any, *args: Any, **kwargs: Any) -> Any:
        mappings = active_ctx.get("mappings") if isinstance(active_ctx, Mapping) else None
        active = len(mappings) if isinstance(mappings, Mapping) else 0
        self.spent += 1 + active + self._size(context)
        if self.spent > self.limit:
            message = (
                f"JSON-LD context processing exceeded its work limit ({self.limit:,} units): "
                "the document applies its contexts far more often, or defines far larger "
                "ones, than any credential needs; check the input"
            )
            raise JsonLdError(
                message,
                problems=[
                    Problem(
                        "jsonld.work-limit",
                        "JSON-LD context processing work limit exceeded (hostile contexts?)",
                    )
                ],
            )
        return self._resolver.resolve(active_ctx, context, *args, **kwargs)

    def _size(self, context: Any) -> int:
        if isinstance(context, str):
            # a context the loader serves: trusted, and processed once per active context
            size = self._url_sizes.get(context)
            if size is None:
                try:
                    size = json_size(self._loader.load(context))
                except MicrocredentialError:
                    size = 1  # pyld reports the missing context itself
                self._url_sizes[context] = size
            return size
        if isinstance(context, list):
            return sum(self._size(item) for item in context)
        if not isinstance(context, Mapping):
            return 1
        known = self._sizes.get(id(context))
        if known is not None and known[0] is context:
            return known[1]
        size = _LOCAL_WEIGHT * json_size(context)
        self._sizes[id(context)] = (context, size)
        return size
