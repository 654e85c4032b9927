"""Stable diagnostic codes of the loader (RV0xx): reading bytes and parsing YAML.

Codes are part of the public contract (CI greps for them); never reuse a retired number.

| code  | meaning                                                                    |
|-------|----------------------------------------------------------------------------|
| RV001 | path missing or unreadable                                                 |
| RV002 | file larger than the size cap                                              |
| RV003 | file is UTF-16/UTF-32 (or holds NUL bytes), not UTF-8                      |
| RV004 | invalid UTF-8 byte sequence (byte offset reported)                         |
| RV005 | YAML syntax error                                                          |
| RV006 | tab character where YAML needs spaces                                      |
| RV007 | quoted string never closed                                                 |
| RV008 | duplicate mapping key (both lines named)                                   |
| RV009 | unknown or unsupported tag (incl. `!!python/...` object tags)              |
| RV010 | anchor/alias use (refused: an alias bomb must not expand)                  |
| RV011 | nesting deeper than the depth cap                                          |
| RV012 | mapping key that is not a plain or quoted string                           |
| RV013 | a directory holds no `*.yaml`/`*.yml` file                                 |
| RV014 | a file holds no YAML document (warning)                                    |

The validation pipeline continues the table with RV100-RV149 (structure and model checks,
see `revops_as_code.validation.codes`); project configuration uses RV15x; cross-document rules
use RV200-RV499.
"""

from __future__ import annotations

UNREADABLE = "RV001"
TOO_LARGE = "RV002"
NOT_UTF8_ENCODING = "RV003"
INVALID_UTF8 = "RV004"
YAML_SYNTAX = "RV005"
TAB = "RV006"
UNCLOSED_QUOTE = "RV007"
DUPLICATE_KEY = "RV008"
UNKNOWN_TAG = "RV009"
ALIAS = "RV010"
TOO_DEEP = "RV011"
NON_STRING_KEY = "RV012"
NO_FILES = "RV013"
NO_DOCUMENT = "RV014"

__all__ = [
    "ALIAS",
    "DUPLICATE_KEY",
    "INVALID_UTF8",
    "NON_STRING_KEY",
    "NOT_UTF8_ENCODING",
    "NO_DOCUMENT",
    "NO_FILES",
    "TAB",
    "TOO_DEEP",
    "TOO_LARGE",
    "UNCLOSED_QUOTE",
    "UNKNOWN_TAG",
    "UNREADABLE",
    "YAML_SYNTAX",
]
