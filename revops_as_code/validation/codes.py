"""Stable diagnostic codes of the validation pipeline (RV1xx): document structure and models.

| code  | meaning                                                                      |
|-------|------------------------------------------------------------------------------|
| RV100 | document is not a mapping (a scalar, a list, or empty)                       |
| RV101 | `apiVersion` missing                                                         |
| RV102 | `apiVersion` unknown, or newer than this revops reads (says which reads it)  |
| RV103 | `kind` missing                                                               |
| RV104 | `kind` unknown (did-you-mean)                                                |
| RV110 | unknown key (reported at the key, nearest valid key suggested)               |
| RV111 | required key missing (reported at the mapping that lacks it)                 |
| RV112 | wrong type (a list where a mapping belongs, text where a number belongs)     |
| RV113 | invalid value (pattern, range, choice, or a model's own check)               |
| RV190 | a cross-document rule crashed (a bug in revops: please report it)            |

RV0xx are the loader's (`revops_as_code.loader.codes`); RV15x belong to `revops.yaml`
(`revops_as_code.config`); RV200-RV499 are the cross-document rules
(`revops_as_code.validation.rules`).
"""

from __future__ import annotations

NOT_A_MAPPING = "RV100"
API_VERSION_MISSING = "RV101"
API_VERSION_UNKNOWN = "RV102"
KIND_MISSING = "RV103"
KIND_UNKNOWN = "RV104"
UNKNOWN_KEY = "RV110"
MISSING_KEY = "RV111"
WRONG_TYPE = "RV112"
INVALID_VALUE = "RV113"
RULE_CRASHED = "RV190"

__all__ = [
    "API_VERSION_MISSING",
    "API_VERSION_UNKNOWN",
    "INVALID_VALUE",
    "KIND_MISSING",
    "KIND_UNKNOWN",
    "MISSING_KEY",
    "NOT_A_MAPPING",
    "RULE_CRASHED",
    "UNKNOWN_KEY",
    "WRONG_TYPE",
]
