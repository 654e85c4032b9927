"""Opt-in, read-only checks against a real HubSpot portal.

Skipped unless `REVOPS_LIVE_HUBSPOT_TOKEN` holds a private-app token (scopes in the README).
They never write: a plan of the bundled definitions and its request count, which is the
same request budget the sandbox tests pin. CI never sets the variable, so CI never leaves
127.0.0.1.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from revops_as_code.diff.state_view import StateView
from revops_as_code.plan.builder import build_plan
from revops_as_code.providers.base import Scope
from revops_as_code.providers.hubspot.provider import HubSpotProvider
from revops_as_code.validation import validate_path

TOKEN = os.environ.get("REVOPS_LIVE_HUBSPOT_TOKEN", "")
BASE_URL = os.environ.get("REVOPS_LIVE_HUBSPOT_BASE_URL")  # e.g. api-eu1.hubapi.com portals
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not TOKEN, reason="set REVOPS_LIVE_HUBSPOT_TOKEN to run against a real HubSpot portal"
)


def test_a_plan_of_the_bundled_definitions_reads_a_real_portal_in_eight_requests() -> None:
    result = validate_path(ROOT / "definitions")
    assert result.definitions is not None
    settings = {"credentials": TOKEN, "tier": "starter"}
    if BASE_URL:
        settings["base_url"] = BASE_URL
    provider = HubSpotProvider(settings)
    try:
        desired = provider.compile(result.definitions)
        live = provider.read_live(Scope())
        plan = build_plan(desired, live, provider.capabilities, StateView(), environment="live",
                          provider="hubspot", impact=provider.impact)  # fmt: skip
    finally:
        provider.close()
    assert live.request_count == 8
    assert any(r.id.key == "contacts/email" for r in live.resources)
    assert TOKEN not in plan.to_json()
