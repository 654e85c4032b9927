"""revops-as-code: go-to-market definitions as code, planned and applied to live CRM systems.

The package is a thin CLI (`revops_as_code.cli`) over a Python API: load and validate
definitions, compile them per provider, diff against live, plan, apply, audit.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("revops-as-code")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
