"""Offline JSON-LD: bundled contexts, the compacted-form check, safe-mode expansion, RDFC-1.0."""

from ._process import canonicalize, expand, to_dataset, to_nquads
from .compaction import UNDECIDED_CODES, CompactedProperty, compaction_problems, walk_compacted
from .loader import DocumentLoader, OfflineLoader, bundled_context_urls, default_loader
from .rdfc import DEFAULT_MAX_WORK, WORK_PER_QUAD, canonicalize_quads, parse_nquads, work_budget

__all__ = [
    "DEFAULT_MAX_WORK",
    "UNDECIDED_CODES",
    "WORK_PER_QUAD",
    "CompactedProperty",
    "DocumentLoader",
    "OfflineLoader",
    "bundled_context_urls",
    "canonicalize",
    "canonicalize_quads",
    "compaction_problems",
    "default_loader",
    "expand",
    "parse_nquads",
    "to_dataset",
    "to_nquads",
    "walk_compacted",
    "work_budget",
]
