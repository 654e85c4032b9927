"""How a plan is rendered beyond its format: colour, detail and the diagnostics threshold.

The CLI builds one `RenderOptions` from `--no-color`, `--verbose` and `--min-severity`;
renderers stay pure functions of (plan, options).
"""

from __future__ import annotations

from dataclasses import dataclass

from revops_as_code.diagnostics import Severity


@dataclass(frozen=True)
class RenderOptions:
    color: bool = False
    """ANSI colour (text only)."""
    verbose: bool = False
    """List every diagnostic under its code's line instead of one line per code."""
    min_severity: Severity = Severity.INFO
    """Diagnostics below this severity are left out (their count is still said)."""


__all__ = ["RenderOptions"]
