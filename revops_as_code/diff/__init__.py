"""The differ: identity sets first (`identity`), then attributes (`attributes`), then risk
(`risk`) and apply order (`order`); `differ.diff` runs them in that order. No vendor names.
"""

from __future__ import annotations

from revops_as_code.diff.differ import DiffResult, diff
from revops_as_code.diff.state_view import StateView

__all__ = ["DiffResult", "StateView", "diff"]
