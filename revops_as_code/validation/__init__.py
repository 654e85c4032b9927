"""Validation of definitions: structure, models, cross-document rules, all as diagnostics.

`validate_path(path)` is the façade (`revops validate` and the engine call it);
`validate_documents(docs)` does the same for documents already loaded. Codes: RV1xx here
(`codes.py`), RV0xx in the loader, RV200-RV499 in `rules/`.
"""

from revops_as_code.validation.context import Rule, RuleContext
from revops_as_code.validation.pipeline import (
    ValidationResult,
    validate_documents,
    validate_path,
)

__all__ = ["Rule", "RuleContext", "ValidationResult", "validate_documents", "validate_path"]
