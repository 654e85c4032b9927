"""The HubSpot provider: CRM properties, property groups and deal pipelines as code.

`HubSpotProvider` is registered in the `revops_as_code.providers` entry-point group as
`hubspot`. Module map: `client` (HTTP, limits, retries, paging), `errors` (HubSpot errors ->
typed errors, token scrubbing), `normalize` (the canonical form), `compile` (definitions ->
resources), `read` / `write` (live config), `impact` (record counts via search),
`decompile` (live -> definitions for `revops import`), `sandbox_link` (the built-in sandbox).
"""

from __future__ import annotations

from .provider import CAPABILITIES, HubSpotProvider

__all__ = ["CAPABILITIES", "HubSpotProvider"]
