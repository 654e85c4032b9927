"""Cross-document rules: one small module per rule, run after every document validated.

Filled in by the rule modules as they land; each rule is a callable with a stable `code`.
"""

from __future__ import annotations

from revops_as_code.validation.context import Rule

RULES: tuple[Rule, ...] = ()

__all__ = ["RULES"]
