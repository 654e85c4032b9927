"""The Marketo provider: field standards as Marketo lead fields (see provider.py)."""

from __future__ import annotations

from .provider import MarketoProvider

__all__ = ["MarketoProvider"]
