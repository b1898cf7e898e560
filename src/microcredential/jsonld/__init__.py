"""Offline JSON-LD: bundled contexts, safe-mode expansion, RDFC-1.0 canonicalization."""

from ._process import canonicalize, expand, to_dataset, to_nquads
from .loader import DocumentLoader, OfflineLoader, bundled_context_urls, default_loader
from .rdfc import DEFAULT_MAX_WORK, WORK_PER_QUAD, canonicalize_quads, parse_nquads, work_budget

__all__ = [
    "DEFAULT_MAX_WORK",
    "WORK_PER_QUAD",
    "DocumentLoader",
    "OfflineLoader",
    "bundled_context_urls",
    "canonicalize",
    "canonicalize_quads",
    "default_loader",
    "expand",
    "parse_nquads",
    "to_dataset",
    "to_nquads",
    "work_budget",
]
