"""The Salesforce provider: field standards, pipelines, lifecycles, ICPs and SLAs as Salesforce
custom fields, standard value sets, sales processes, record types and validation rules.

`SalesforceProvider` is the provider (registered as `salesforce` in the
`revops_as_code.providers` entry-point group). Module map: `model` (the canonical resource
form every other module shares), `client` / `auth` / `settings` / `soql` / `composite` /
`limits` / `errors` (HTTP, OAuth, SOQL paging, composite calls, API allocation, typed errors),
`normalize` (API JSON <-> canonical), `compile` (definitions -> resources; `formulas` writes
the validation-rule formulas), `read` / `write` (live configuration), `impact` (SOQL record
counts), `decompile` (import), `records` (audit's record reads and writes, Bulk API 2.0),
`profiles` (the consistency report's field profiles), `sandbox_link` (the built-in sandbox,
in `sandbox/`).
"""

from __future__ import annotations

from .provider import CAPABILITIES, DECLARATIONS, SalesforceProvider

__all__ = ["CAPABILITIES", "DECLARATIONS", "SalesforceProvider"]
